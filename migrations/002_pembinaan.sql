-- 002_pembinaan: the records asimilasi eligibility needs — remisi granted,
-- discipline (Register F), monthly coaching scores (SPPN), special-crime documents.
ALTER TABLE wbp ADD COLUMN deradicalised INTEGER NOT NULL DEFAULT 0;
ALTER TABLE wbp ADD COLUMN foreign_docs INTEGER NOT NULL DEFAULT 0;

CREATE TABLE remisi (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  kind TEXT NOT NULL CHECK (kind IN ('umum','khusus','tambahan','lainnya')),
  months INTEGER NOT NULL DEFAULT 0,
  days INTEGER NOT NULL DEFAULT 0,
  granted_date TEXT NOT NULL,
  decree_no TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX remisi_wbp ON remisi(wbp_id);

CREATE TABLE discipline (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  offence TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('ringan','sedang','berat')),
  decision_date TEXT NOT NULL,
  punish_start TEXT,
  punish_end TEXT,
  register_f INTEGER NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0,
  cancel_reason TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX discipline_wbp ON discipline(wbp_id);

CREATE TABLE sppn (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  month TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  predicate TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (wbp_id, month)
);
