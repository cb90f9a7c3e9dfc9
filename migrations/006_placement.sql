-- 006_placement: the initial assessment of a candidate for a phase of an agreement
-- (interests, aptitude and fitness per trade, literacy, numeracy, risk), and the
-- enrolment of a WBP in a phase: its programme (none while a candidate or on the
-- waiting list), its status (core/enrolment.h) and every change with its reason.

CREATE TABLE assessment (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  agreement_id BIGINT NOT NULL REFERENCES agreement(id),
  phase INTEGER NOT NULL CHECK (phase >= 1),
  assessed_on TEXT NOT NULL,
  assessor TEXT NOT NULL,
  literacy TEXT CHECK (literacy IN ('baik','cukup','kurang')),
  numeracy TEXT CHECK (numeracy IN ('baik','cukup','kurang')),
  risk TEXT NOT NULL DEFAULT 'rendah' CHECK (risk IN ('rendah','sedang','tinggi')),
  experience TEXT,
  notes TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (wbp_id, agreement_id, phase)
);
CREATE INDEX assessment_phase ON assessment(agreement_id, phase);

-- One row per trade on offer that the assessment says something about:
-- interest_rank 1 = first choice (NULL: not wanted), aptitude 0-100 (NULL: not
-- tested), fit 1/0 (NULL: not assessed).
CREATE TABLE assessment_trade (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  assessment_id BIGINT NOT NULL REFERENCES assessment(id),
  kejuruan_id BIGINT NOT NULL REFERENCES kejuruan(id),
  interest_rank INTEGER CHECK (interest_rank IS NULL OR interest_rank >= 1),
  aptitude INTEGER CHECK (aptitude IS NULL OR (aptitude >= 0 AND aptitude <= 100)),
  fit INTEGER CHECK (fit IS NULL OR fit IN (0, 1)),
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (assessment_id, kejuruan_id)
);

-- A WBP's place in a phase: at most one programme per phase (program_id NULL while
-- a candidate, on the waiting list or withdrawn before placement).
CREATE TABLE enrolment (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  agreement_id BIGINT NOT NULL REFERENCES agreement(id),
  phase INTEGER NOT NULL CHECK (phase >= 1),
  program_id BIGINT REFERENCES program(id),
  status TEXT NOT NULL DEFAULT 'kandidat'
    CHECK (status IN ('kandidat','ditempatkan','daftar_tunggu','terdaftar','mundur','selesai','tidak_lulus')),
  wait_rank INTEGER,
  reason TEXT NOT NULL DEFAULT '',
  overridden INTEGER NOT NULL DEFAULT 0,
  status_at TEXT NOT NULL,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (wbp_id, agreement_id, phase)
);
CREATE INDEX enrolment_program ON enrolment(program_id, status);
CREATE INDEX enrolment_phase ON enrolment(agreement_id, phase, status);

-- Every status change of an enrolment, with its reason, time and who made it.
CREATE TABLE enrolment_event (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
  at TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  program_id BIGINT REFERENCES program(id),
  reason TEXT NOT NULL,
  overridden INTEGER NOT NULL DEFAULT 0,
  user_id BIGINT
);
CREATE INDEX enrolment_event_enrolment ON enrolment_event(enrolment_id, at);
