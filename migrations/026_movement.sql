-- 026_movement: training outside the walls and the certificate without stigma (issue 26).
--
-- * program gains `outside` (1: the sessions are held outside the walls, so every
--   participant leaves through the gate and comes back) and `venue` (where: "BLK
--   Ketapang, Jl. ..."). Programmes held at the BLK are outside.
-- * movement: one person's departure and return for one session outside the walls:
--   the escort officers (names, as the gate writes them), departed_at and returned_at
--   in the site's local time ("YYYY-MM-DD HH:MM", training.utc_offset_minutes), who
--   recorded them. One row per session and inmate; a person not back by the session's
--   end is late (core/movement.h), worked out when read, never stored.
-- * agreement gains certificate_variant: 'lapas' (the training certificate names the
--   prison and the BLK, as before) or 'blk' (the skills passport: issued in the BLK's
--   name only, no reference to the prison; its verification page shows the holder's
--   name, the trade, the units and the BLK).
ALTER TABLE program ADD COLUMN outside INTEGER NOT NULL DEFAULT 0;
ALTER TABLE program ADD COLUMN venue TEXT;
UPDATE program SET outside = 1 WHERE place = 'blk';

CREATE TABLE movement (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  session_id BIGINT NOT NULL REFERENCES training_session(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  escort TEXT NOT NULL DEFAULT '',
  departed_at TEXT,
  returned_at TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (session_id, wbp_id)
);
CREATE INDEX movement_site_open ON movement(site_id, returned_at);

ALTER TABLE agreement ADD COLUMN certificate_variant TEXT NOT NULL DEFAULT 'lapas';
