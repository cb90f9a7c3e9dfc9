-- 001_core: sites, accounts, sessions, the audit log and the WBP register.
CREATE TABLE site (
  id {{ID}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  region TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  head_name TEXT NOT NULL DEFAULT '',
  head_nip TEXT NOT NULL DEFAULT ''
);

CREATE TABLE app_user (
  id {{ID}},
  name TEXT NOT NULL UNIQUE,
  full_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('admin','staf','wali','instruktur','kalapas','kanwil','bapas')),
  password_hash TEXT NOT NULL,
  lang TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);

-- The sites a user may see. Every scoped query joins through this table.
CREATE TABLE user_site (
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  site_id BIGINT NOT NULL REFERENCES site(id),
  PRIMARY KEY (user_id, site_id)
);

-- Sessions live in the database so any `bekal serve` process can serve any user.
CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX session_user_idx ON session(user_id);

CREATE TABLE api_token (
  id {{ID}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  created_at TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE login_failure (
  id {{ID}},
  name TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX login_failure_name ON login_failure(name, at);

-- Append-only, hash-chained audit log. audit_head holds the newest hash; updating it
-- inside the writing transaction serialises appends on both databases.
CREATE TABLE audit_log (
  id BIGINT PRIMARY KEY, -- assigned from audit_head.last_id, so ids are contiguous
  at TEXT NOT NULL,
  user_id BIGINT,
  user_name TEXT NOT NULL,
  site_id BIGINT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  before_json TEXT,
  after_json TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_id BIGINT NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_head(id, last_id, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE wbp (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  regno TEXT NOT NULL,
  name TEXT NOT NULL,
  birth_date TEXT,
  sex TEXT NOT NULL CHECK (sex IN ('L','P')),
  religion TEXT,
  nationality TEXT NOT NULL DEFAULT 'WNI',
  education TEXT,
  -- narapidana (convicted), tahanan (remand), anak (child)
  legal_class TEXT NOT NULL DEFAULT 'narapidana' CHECK (legal_class IN ('narapidana','tahanan','anak')),
  crime_category TEXT NOT NULL CHECK (crime_category IN
    ('umum','narkotika','korupsi','terorisme','keamanan_negara','ham_berat','transnasional','lainnya')),
  crime_detail TEXT,
  sentence_kind TEXT NOT NULL DEFAULT 'pidana' CHECK (sentence_kind IN ('pidana','seumur_hidup','mati')),
  term_years INTEGER NOT NULL DEFAULT 0,
  term_months INTEGER NOT NULL DEFAULT 0,
  term_days INTEGER NOT NULL DEFAULT 0,
  detention_start TEXT NOT NULL,
  verdict_no TEXT,
  verdict_date TEXT,
  fine BIGINT NOT NULL DEFAULT 0,
  fine_paid INTEGER NOT NULL DEFAULT 0,
  subsider_months INTEGER NOT NULL DEFAULT 0,
  subsider_days INTEGER NOT NULL DEFAULT 0,
  restitution BIGINT NOT NULL DEFAULT 0,
  restitution_paid INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'ditahan' CHECK (status IN ('ditahan','bebas','pindah')),
  created_at TEXT NOT NULL,
  created_by BIGINT,
  updated_at TEXT NOT NULL,
  updated_by BIGINT,
  UNIQUE (site_id, regno)
);
CREATE INDEX wbp_site_status ON wbp(site_id, status);
CREATE INDEX wbp_site_name ON wbp(site_id, name);
