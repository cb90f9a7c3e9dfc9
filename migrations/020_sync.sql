-- 020_sync: a site (SQLite, one prison's PC) syncing with its hub (`bekal serve`
-- on PostgreSQL at the Kanwil), issue 23. README "Deploying: site, region, nation".

-- At the site: where it syncs, as which site, and how far the hub has witnessed
-- its audit chain (the hub's answer of the last round).
CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  site_code TEXT NOT NULL,
  hub_url TEXT,
  witnessed_id BIGINT NOT NULL DEFAULT 0,
  witnessed_hash TEXT,
  last_ok_at TEXT,
  last_error TEXT,
  last_try_at TEXT
);
-- At the site: rows changed since the hub last took them (filled by triggers that
-- `bekal sync` puts on every synced table; a row's latest state is sent).
CREATE TABLE sync_change (
  seq {{ID}},
  tbl TEXT NOT NULL,
  row_key BIGINT NOT NULL
);
-- At the site: a hub row brought down by a pull (a Kanwil step of an usulan) and
-- the local row made for it; sent with the next push until the hub has it in its
-- migration_map (sent = 1), so the row is one row on both sides.
CREATE TABLE sync_link (
  entity TEXT NOT NULL,
  local_id BIGINT NOT NULL,
  hub_id BIGINT NOT NULL,
  sent INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1)),
  PRIMARY KEY (entity, hub_id)
);

-- At the hub: each site that syncs to it. credential_hash is the SHA-256 of the
-- site's credential (`bekal site credential issue CODE`; NULL when revoked). The
-- witness: the last audit entry of the site's chain the hub accepted (its id and
-- hash); head_id what the site reported as its head. status 'ok' or 'refused'
-- (the chain did not continue the witnessed one: refused_reason says why).
CREATE TABLE sync_site (
  site_code TEXT PRIMARY KEY,
  credential_hash TEXT,
  issued_at TEXT,
  revoked_at TEXT,
  witnessed_id BIGINT NOT NULL DEFAULT 0,
  witnessed_hash TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
  head_id BIGINT NOT NULL DEFAULT 0,
  last_ok_at TEXT,
  last_try_at TEXT,
  status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'refused')),
  refused_at TEXT,
  refused_reason TEXT,
  rows_applied BIGINT NOT NULL DEFAULT 0
);
-- At the hub: the site's audit chain as it arrived (every entry: its id, the hash
-- before and its own), and the id of the hub's copy in its own chain (NULL for an
-- entry of another site of the site's database).
CREATE TABLE sync_witness (
  site_code TEXT NOT NULL,
  entry_id BIGINT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (site_code, entry_id)
);
