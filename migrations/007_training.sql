-- 007_training: running a training programme (issue 6): holidays per site (skipped
-- when sessions are generated), the programme's sessions, attendance per session and
-- enrolment with its correction history, competency results per enrolment and unit,
-- the external competency test (uji kompetensi by an LSP, BNSP certificate), the
-- training certificates and the counters their numbers come from. Rules (the
-- correction window, the minimum attendance, the number format) are in the rule
-- file of kind "pelatihan" (rules/pelatihan-default.json); a few numbers are dated
-- settings below.

-- Public holidays and other days off at a site (cuti bersama, a local holiday).
CREATE TABLE holiday (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  holiday_date TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (site_id, holiday_date)
);

-- One session of a programme: a run of JP on one date for one unit (core/schedule.h).
-- A cancelled session stays listed (with its reason) and counts for nothing.
CREATE TABLE training_session (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  program_id BIGINT NOT NULL REFERENCES program(id),
  session_date TEXT NOT NULL,
  start_time TEXT NOT NULL,
  end_time TEXT NOT NULL,
  jp INTEGER NOT NULL CHECK (jp >= 1 AND jp <= 24),
  unit_id BIGINT REFERENCES competency_unit(id),
  instructor_id BIGINT REFERENCES app_user(id),
  topic TEXT,
  cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
  cancel_reason TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX training_session_program ON training_session(program_id, session_date, start_time);

-- One participant's attendance at one session. entered_at/entered_by: the first
-- entry (the correction window counts from it); updated_*: the latest change.
CREATE TABLE attendance (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  session_id BIGINT NOT NULL REFERENCES training_session(id),
  enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
  status TEXT NOT NULL CHECK (status IN ('hadir','izin','sakit','alpa')),
  note TEXT NOT NULL DEFAULT '',
  entered_at TEXT NOT NULL,
  entered_by BIGINT,
  updated_at TEXT NOT NULL,
  updated_by BIGINT,
  UNIQUE (session_id, enrolment_id)
);
CREATE INDEX attendance_enrolment ON attendance(enrolment_id);

-- Every change of an attendance entry after the first: what it was, what it
-- became, who, when, and for a late correction (after the window) the reason.
CREATE TABLE attendance_change (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  attendance_id BIGINT NOT NULL REFERENCES attendance(id),
  at TEXT NOT NULL,
  user_id BIGINT,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  from_note TEXT NOT NULL DEFAULT '',
  to_note TEXT NOT NULL DEFAULT '',
  late INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attendance_change_attendance ON attendance_change(attendance_id, at);

-- An assessment of one competency unit for one participant. A later assessment
-- (by date, then id) replaces an earlier one (core/completion.h); rows are kept.
CREATE TABLE competency_result (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
  unit_id BIGINT NOT NULL REFERENCES competency_unit(id),
  result TEXT NOT NULL CHECK (result IN ('kompeten','belum_kompeten')),
  assessed_on TEXT NOT NULL,
  assessor TEXT NOT NULL,
  evidence TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX competency_result_enrolment ON competency_result(enrolment_id, unit_id, assessed_on);

-- The national competency test by an LSP (uji kompetensi) and, when kompeten, the
-- BNSP competency certificate: its number and expiry (issued + bnsp.validity_years).
CREATE TABLE uji_kompetensi (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
  lsp TEXT NOT NULL,
  scheme TEXT NOT NULL DEFAULT '',
  test_date TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('kompeten','belum_kompeten')),
  bnsp_number TEXT,
  bnsp_issued TEXT,
  bnsp_expiry TEXT,
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX uji_kompetensi_enrolment ON uji_kompetensi(enrolment_id);

-- A training certificate (sertifikat pelatihan). number is unique everywhere and
-- never changes; content is the JSON of everything the PDF prints, taken when it
-- was issued, so a reprint is the same document. At most one valid certificate
-- per enrolment; a revoked one keeps its number, its reason and who revoked it.
CREATE TABLE certificate (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
  program_id BIGINT NOT NULL REFERENCES program(id),
  number TEXT NOT NULL UNIQUE,
  seq_key TEXT NOT NULL,
  seq BIGINT NOT NULL,
  holder_name TEXT NOT NULL,
  trade_name TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  total_jp INTEGER NOT NULL,
  issued_on TEXT NOT NULL,
  content TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid','dicabut')),
  revoked_at TEXT,
  revoked_by BIGINT,
  revoke_reason TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (seq_key, seq)
);
CREATE UNIQUE INDEX certificate_one_valid ON certificate(enrolment_id) WHERE status = 'valid';
CREATE INDEX certificate_site_issued ON certificate(site_id, issued_on);

-- The last sequence value handed out per partition of the number format
-- (certificate.seq_per: "site=LPKTP;year=2025"). Taken by UPDATE ... RETURNING in
-- the issuing transaction: SQLite's writer lock and PostgreSQL's serializable
-- transactions (retried by db_tx) make concurrent issues take different values.
CREATE TABLE certificate_counter (
  seq_key TEXT PRIMARY KEY,
  last_seq BIGINT NOT NULL,
  updated_at TEXT NOT NULL
);

INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('training.utc_offset_minutes', NULL, '1900-01-01', '420', 'Zona waktu lokasi untuk batas koreksi kehadiran (WIB = UTC+7 = 420 menit)'),
  ('verify.rate_per_minute', NULL, '1900-01-01', '30', 'Batas pemeriksaan sertifikat di halaman verifikasi publik per alamat IP per menit'),
  ('certificate.public_url', NULL, '1900-01-01', 'http://127.0.0.1:8080', 'Alamat publik Bekal untuk tautan verifikasi di kode QR sertifikat (BEKAL_PUBLIC_URL mengganti)'),
  ('certificate.place', NULL, '1900-01-01', '', 'Tempat penandatanganan sertifikat (kosong: nama kota dari alamat lokasi)');
