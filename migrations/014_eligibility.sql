-- 014_eligibility: what eligibility needs beyond today's status (issue 20).
-- usulan.planned_start: the planned start of the asimilasi, the date its
-- eligibility is judged on when the proposal is made (else the day it is made).
-- wbp.transfer_date: the day an inmate was transferred out (status 'pindah'), so a
-- screening of a past date knows who was still here. wbp_exclusion: the record that
-- an inmate's safety is threatened (DOMAIN.md 3: excluded from asimilasi), with its
-- dates and basis (the decision that recorded it); until_date NULL: still in force.
ALTER TABLE usulan ADD COLUMN planned_start TEXT;
ALTER TABLE wbp ADD COLUMN transfer_date TEXT;

CREATE TABLE wbp_exclusion (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  kind TEXT NOT NULL DEFAULT 'keselamatan_terancam' CHECK (kind IN ('keselamatan_terancam')),
  from_date TEXT NOT NULL,
  until_date TEXT,
  basis TEXT NOT NULL,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX wbp_exclusion_wbp ON wbp_exclusion(wbp_id);

-- The largest single remisi of each kind (DOMAIN.md 2: umum grows to 6 months a
-- year, khusus to 2 months; tambahan and others are bounded conservatively), in
-- 30-day months plus days: a larger grant is refused as a typing error.
INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('remisi.max_days.umum', NULL, '1900-01-01', '180', 'Remisi umum sekali diberikan paling banyak 6 bulan (DOMAIN.md 2)'),
  ('remisi.max_days.khusus', NULL, '1900-01-01', '60', 'Remisi khusus sekali diberikan paling banyak 2 bulan (DOMAIN.md 2)'),
  ('remisi.max_days.tambahan', NULL, '1900-01-01', '90', 'Remisi tambahan sekali diberikan paling banyak 3 bulan (1/2 remisi umum)'),
  ('remisi.max_days.lainnya', NULL, '1900-01-01', '180', 'Remisi lain sekali diberikan paling banyak 6 bulan');
