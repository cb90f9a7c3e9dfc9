-- 008_usulan: the asimilasi proposal (usulan) of an inmate and its way through the
-- approval chain (rules/alur-usulan-*.json; which chain a site uses is the dated
-- setting usulan.chain), every step with who and when, the dossier (one row per
-- document of rules/berkas-usulan-*.json, with an optional scan), and the TPP
-- sessions that proposals are put to.

INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('usulan.chain', NULL, '1900-01-01', 'kalapas',
   'Alur persetujuan usulan asimilasi: kalapas (TPP lalu SK Kalapas) atau kanwil (sesudah SK diteruskan ke Kanwil); DOMAIN.md 3'),
  ('usulan.scan_max_kib', NULL, '1900-01-01', '10240', 'Batas ukuran berkas pindaian dokumen usulan (KiB)');

-- A TPP (Tim Pengamat Pemasyarakatan) session on a date at a site; made when the
-- first proposal is put to that date, its place and chair filled in by staff.
CREATE TABLE tpp_session (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  session_date TEXT NOT NULL,
  place TEXT,
  chair TEXT,
  notes TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (site_id, session_date)
);

-- One proposal. variant and chain_code name the approval chain it was made under
-- (kept, so a later change of the setting does not strand proposals in flight);
-- state is a state code of that chain. The dates and numbers are what the steps
-- recorded: TPP session date, the Kalapas' decree (SK), the Kanwil's letter, and
-- when the asimilasi started and ended (reason: rejection or revocation).
CREATE TABLE usulan (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  enrolment_id BIGINT REFERENCES enrolment(id),
  variant TEXT NOT NULL,
  chain_code TEXT NOT NULL,
  state TEXT NOT NULL,
  form TEXT NOT NULL CHECK (form IN ('dalam_lapas','lapas_terbuka','kerja_sosial','pihak_ketiga')),
  tpp_session_id BIGINT REFERENCES tpp_session(id),
  tpp_date TEXT,
  decree_no TEXT,
  decree_date TEXT,
  letter_no TEXT,
  letter_date TEXT,
  start_date TEXT,
  end_date TEXT,
  reason TEXT,
  notes TEXT,
  state_at TEXT NOT NULL,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX usulan_wbp ON usulan(wbp_id, state);
CREATE INDEX usulan_tpp ON usulan(site_id, tpp_date);

-- Every step of a proposal: from and to state, the fields it brought (JSON), who.
CREATE TABLE usulan_event (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  usulan_id BIGINT NOT NULL REFERENCES usulan(id),
  at TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '{}',
  reason TEXT,
  user_id BIGINT,
  user_name TEXT NOT NULL,
  role TEXT NOT NULL
);
CREATE INDEX usulan_event_usulan ON usulan_event(usulan_id, at);

-- The dossier: a document (code of the dossier rule file) marked present, with a
-- note and optionally its scan (PDF, JPEG or PNG; base64 text as agreement_document,
-- with the SHA-256 of the original bytes). Documents without a row are missing.
CREATE TABLE usulan_document (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  usulan_id BIGINT NOT NULL REFERENCES usulan(id),
  doc_code TEXT NOT NULL,
  present INTEGER NOT NULL DEFAULT 0 CHECK (present IN (0, 1)),
  note TEXT,
  file_name TEXT,
  content_type TEXT,
  size_bytes BIGINT,
  sha256 TEXT,
  data TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (usulan_id, doc_code)
);
