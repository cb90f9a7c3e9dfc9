-- 034_national_key: the national tier ties each subscription to its regional hub
-- and region by a key, not by names (issue 23; docs/admin.md "The three tiers").
--
-- At a hub: its own identity, made once when it first keeps a site (sync_hub_id),
-- and written into every sync_site row, which the hub publishes to the national
-- database with the row.
CREATE TABLE hub_self (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  hub_id TEXT NOT NULL,
  made_at TEXT NOT NULL
);
ALTER TABLE sync_site ADD COLUMN hub_id TEXT;
-- At the national database: which subscription brings which hub's rows, and the
-- region that hub serves (`bekal site region SUBSCRIPTION --hub-id ID --region ...`).
CREATE TABLE national_hub (
  subscription TEXT PRIMARY KEY,
  hub_id TEXT NOT NULL UNIQUE,
  region TEXT NOT NULL,
  added_at TEXT NOT NULL
);
-- At a hub: which hub row a site's row stands for is looked up by the hub's id
-- (a pull's steps not yet linked at the site, a push's ownership check); without
-- this index each lookup scanned all the site's map entries of that table.
CREATE INDEX migration_map_target ON migration_map(site_code, entity, target_id);
