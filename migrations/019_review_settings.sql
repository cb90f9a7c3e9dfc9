-- 019_review_settings.sql (issue 22): the regional report is signed by the Kanwil's
-- official, not by a site's head: the place, position, name and NIP of the signature
-- block of the report that covers every site (report_monthly without a site) are
-- dated settings for every site, changed on /settings.
INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('report.region.signature.place', NULL, '1900-01-01', 'Pontianak',
   'Tempat pada blok tanda tangan laporan wilayah (Kanwil)'),
  ('report.region.signature.position', NULL, '1900-01-01', 'Kepala Kantor Wilayah',
   'Jabatan pejabat Kanwil yang menandatangani laporan wilayah'),
  ('report.region.signature.name', NULL, '1900-01-01', '',
   'Nama pejabat Kanwil yang menandatangani laporan wilayah (kosong: garis untuk ditulis tangan)'),
  ('report.region.signature.nip', NULL, '1900-01-01', '',
   'NIP pejabat Kanwil yang menandatangani laporan wilayah');
