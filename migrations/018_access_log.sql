-- 018_access_log: who read which personal data (issue 21), and verification codes
-- for certificates that cannot be guessed.
--
-- access_log: one row per answered read of personal data: a record that names an
-- inmate (action 'lihat', or 'ekspor' for a PDF of it), or a list or report of
-- inmates (action 'daftar', or 'ekspor' for CSV/XLSX/PDF) with the filter it was
-- asked with. Written by the request framework after the handler (src/web/
-- access_log.c), driven by the route table's column `pd`. site_id: the inmate's
-- site for a record; the site in the filter, else the reader's first site, for a
-- list. wbp_id has no foreign key: the log outlives what it names. Kept for the
-- setting access_log.retention_days; older rows are pruned by `bekal serve`'s daily
-- job and by `bekal access-log prune`. The created_*/updated_* columns are those
-- every record table has (the generic list pages read them); a row never changes.
CREATE TABLE access_log (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  at TEXT NOT NULL,
  user_id BIGINT,
  user_name TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('lihat','daftar','ekspor')),
  route TEXT NOT NULL,
  path TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  subject_id BIGINT,
  wbp_id BIGINT,
  filter TEXT NOT NULL DEFAULT '',
  format TEXT NOT NULL DEFAULT '',
  status INTEGER NOT NULL,
  client TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX access_log_at ON access_log(at);
CREATE INDEX access_log_site_at ON access_log(site_id, at);
CREATE INDEX access_log_wbp ON access_log(wbp_id);

INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('access_log.retention_days', NULL, '1900-01-01', '730',
   'Lama log akses data pribadi disimpan (hari); entri yang lebih tua dihapus oleh tugas harian bekal serve dan bekal access-log prune');

-- A certificate's verification code: 128 random bits as 32 hex digits, printed in
-- its QR link (/verify/c/CODE). The public page names the holder only for the code;
-- the number alone tells only whether it is valid. New certificates get theirs from
-- libsodium (cert_store.c); existing ones get one here from the database's own
-- strong random source.
ALTER TABLE certificate ADD COLUMN verify_code TEXT;
{{SQLITE}}
UPDATE certificate SET verify_code = lower(hex(randomblob(16))) WHERE verify_code IS NULL;
{{END}}
{{POSTGRES}}
UPDATE certificate SET verify_code = replace(gen_random_uuid()::text, '-', '') WHERE verify_code IS NULL;
{{END}}
CREATE UNIQUE INDEX certificate_verify_code ON certificate(verify_code);

-- A number format of the site's own choosing (empty: the training rule set's), e.g.
-- one without the site code, "{seq:05}/PLT/{trade}/{year}" with seq_per "year". The
-- number stays unique in one database through its counter; sites that each keep
-- their own database and meet at a hub give each site a distinct literal instead of
-- the code (a row of the setting per site), e.g. "{seq:05}/PLT/Q7/{year}".
INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('certificate.number_format', NULL, '1900-01-01', '',
   'Format nomor sertifikat milik lokasi (kosong: format aturan pelatihan), mis. tanpa kode lokasi: {seq:05}/PLT/{trade}/{year}'),
  ('certificate.seq_per', NULL, '1900-01-01', '',
   'Pembagian nomor urut untuk format di atas (site, year, month, trade, program; pisahkan dengan koma; kosong: satu urutan)');
