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
