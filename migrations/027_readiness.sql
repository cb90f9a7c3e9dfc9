-- 027_readiness: release readiness (issue 26): for an inmate due for release, the
-- checklist of what he needs to work outside (the items are rule data,
-- rules/kesiapan-bebas-*.json: e-KTP, KK, bank account, BPJS Ketenagakerjaan, CV,
-- certificates handed over, job lead, home district). One row per inmate and item, its
-- state ('belum', 'proses', 'selesai', 'tidak_perlu') and the date of that state, with a
-- note (the account number, the employer, the district); every change audited.
CREATE TABLE release_readiness (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  item TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('belum','proses','selesai','tidak_perlu')),
  state_date TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (wbp_id, item)
);
