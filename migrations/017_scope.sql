-- 017_scope: least privilege within a site (issue 21, DESIGN.md "Roles").
-- A wali's caseload: inmates assigned to a case officer, kept as a dated record
-- (from, to, who assigned and who ended it). An assignment is in force while it
-- has no end date; ending it keeps the row.
CREATE TABLE caseload (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  started_on TEXT NOT NULL,
  ended_on TEXT,
  notes TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
-- one assignment in force per inmate and officer
CREATE UNIQUE INDEX caseload_live ON caseload(wbp_id, user_id) WHERE ended_on IS NULL;
CREATE INDEX caseload_user ON caseload(user_id, ended_on, wbp_id);
CREATE INDEX caseload_site ON caseload(site_id, started_on);
-- the releases of an inmate (bapas' scope reads them by inmate and by site)
CREATE INDEX wbp_release_site_wbp ON wbp_release(site_id, state, wbp_id);
CREATE INDEX usulan_site_wbp ON usulan(site_id, wbp_id);
CREATE INDEX enrolment_wbp_program ON enrolment(program_id, wbp_id);

-- The inmates a restricted role may see (store/scope.h WBP_SCOPE): one row per
-- (user, inmate). Roles not named here see every inmate of their sites.
--   wali:       the caseload in force;
--   instruktur: the inmates enrolled in a programme the instructor teaches;
--   bapas:      the inmates of their sites with a release (not reversed) or a proposal.
CREATE VIEW wbp_scope AS
  SELECT c.user_id AS user_id, c.wbp_id AS wbp_id FROM caseload c
    JOIN app_user u ON u.id = c.user_id AND u.role = 'wali' WHERE c.ended_on IS NULL
  UNION ALL
  SELECT pi.user_id, en.wbp_id FROM program_instructor pi
    JOIN app_user u ON u.id = pi.user_id AND u.role = 'instruktur'
    JOIN enrolment en ON en.program_id = pi.program_id
  UNION ALL
  SELECT us.user_id, rl.wbp_id FROM user_site us
    JOIN app_user u ON u.id = us.user_id AND u.role = 'bapas'
    JOIN wbp_release rl ON rl.site_id = us.site_id AND rl.state <> 'dibatalkan'
  UNION ALL
  SELECT us.user_id, ul.wbp_id FROM user_site us
    JOIN app_user u ON u.id = us.user_id AND u.role = 'bapas'
    JOIN usulan ul ON ul.site_id = us.site_id;
