-- 004_programs: partner agencies, cooperation agreements (PKS) with their
-- signatories/witnesses, quota per phase, trades covered and scanned documents;
-- the trade catalogue (kejuruan, ordered competency units); training programmes
-- and their instructors; and dated settings for the rules that are numbers.

-- Settings that are rules (DESIGN.md: rules are data with effective dates). The
-- value in force on a date is the row with the latest effective_from <= that date,
-- a site's own row before the one for every site (site_id NULL).
CREATE TABLE setting (
  id {{ID}},
  name TEXT NOT NULL,
  site_id BIGINT REFERENCES site(id),
  effective_from TEXT NOT NULL,
  value TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX setting_name ON setting(name, effective_from);
INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('training.jp_minutes', NULL, '1900-01-01', '40', 'Satu jam pelajaran (JP) = 40 menit (Permenaker 8/2014; DOMAIN.md 4)'),
  ('agreement.expiring_days', NULL, '1900-01-01', '90', 'PKS yang berakhir dalam sekian hari ditampilkan di beranda'),
  ('agreement.document_max_kib', NULL, '1900-01-01', '10240', 'Batas ukuran berkas pindaian PKS (KiB)'),
  ('agreement.first_phase_quota_min', NULL, '1900-01-01', '25', 'Tahap awal PKS Ketapang: 25 sampai 30 WBP (DOMAIN.md 1)'),
  ('agreement.first_phase_quota_max', NULL, '1900-01-01', '30', 'Tahap awal PKS Ketapang: 25 sampai 30 WBP (DOMAIN.md 1)');

CREATE TABLE partner (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('disnakertrans','blk','pemerintah','perusahaan','lsm','lpk')),
  address TEXT,
  contact_name TEXT,
  contact_position TEXT,
  contact_phone TEXT,
  contact_email TEXT,
  notes TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (site_id, name)
);

CREATE TABLE agreement (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  title TEXT NOT NULL,
  partner_id BIGINT NOT NULL REFERENCES partner(id),
  provider_id BIGINT REFERENCES partner(id),
  number_site TEXT NOT NULL,
  number_partner TEXT,
  signed_date TEXT NOT NULL,
  signed_place TEXT,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  obligations_site TEXT,
  obligations_partner TEXT,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','aktif','berakhir','diakhiri')),
  notes TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (site_id, number_site)
);
CREATE INDEX agreement_site_valid_to ON agreement(site_id, valid_to);

CREATE TABLE agreement_party (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  agreement_id BIGINT NOT NULL REFERENCES agreement(id),
  role TEXT NOT NULL CHECK (role IN ('penandatangan','saksi')),
  side TEXT NOT NULL CHECK (side IN ('lapas','mitra','lainnya')),
  name TEXT NOT NULL,
  position TEXT NOT NULL,
  organisation TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX agreement_party_agreement ON agreement_party(agreement_id);

CREATE TABLE agreement_quota (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  agreement_id BIGINT NOT NULL REFERENCES agreement(id),
  phase INTEGER NOT NULL CHECK (phase >= 1),
  quota_min INTEGER NOT NULL DEFAULT 0,
  quota_max INTEGER NOT NULL,
  note TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (agreement_id, phase)
);

CREATE TABLE kejuruan (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  standard_ref TEXT,
  standard_jp INTEGER,
  days INTEGER,
  description TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (site_id, code)
);

CREATE TABLE competency_unit (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  kejuruan_id BIGINT NOT NULL REFERENCES kejuruan(id),
  seq INTEGER NOT NULL,
  code TEXT,
  title TEXT NOT NULL,
  jp INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (kejuruan_id, seq)
);

CREATE TABLE agreement_kejuruan (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  agreement_id BIGINT NOT NULL REFERENCES agreement(id),
  kejuruan_id BIGINT NOT NULL REFERENCES kejuruan(id),
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (agreement_id, kejuruan_id)
);

CREATE TABLE program (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  name TEXT NOT NULL,
  agreement_id BIGINT NOT NULL REFERENCES agreement(id),
  phase INTEGER NOT NULL CHECK (phase >= 1),
  kejuruan_id BIGINT NOT NULL REFERENCES kejuruan(id),
  provider_id BIGINT REFERENCES partner(id),
  place TEXT NOT NULL DEFAULT 'lapas' CHECK (place IN ('lapas','blk')),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  total_jp INTEGER,
  days INTEGER,
  schedule TEXT,
  capacity_min INTEGER NOT NULL DEFAULT 0,
  capacity_max INTEGER NOT NULL,
  require_asimilasi INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL DEFAULT 'direncanakan'
    CHECK (status IN ('direncanakan','seleksi','berjalan','selesai','dibatalkan')),
  notes TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX program_agreement_phase ON program(agreement_id, phase);
CREATE INDEX program_site ON program(site_id, start_date);

CREATE TABLE program_instructor (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  program_id BIGINT NOT NULL REFERENCES program(id),
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (program_id, user_id)
);
CREATE INDEX program_instructor_user ON program_instructor(user_id);

-- The scanned, signed agreement. Kept in the database (base64 text, the same on
-- both databases) so a database backup always holds the documents it refers to;
-- sha256 of the original bytes is checked on every download.
CREATE TABLE agreement_document (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  agreement_id BIGINT NOT NULL REFERENCES agreement(id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX agreement_document_agreement ON agreement_document(agreement_id);
