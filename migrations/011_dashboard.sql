-- 011_dashboard: the dashboard and the monthly report (issue 8). The letterhead of
-- the regional report carries the regional office's name: report.region_name when
-- set (e.g. 'KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN KALIMANTAN BARAT'),
-- else "Kantor Wilayah" and the region the sites share (site.region).
INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('report.region_name', NULL, '1900-01-01', '', 'Nama Kantor Wilayah pada kop laporan bulanan wilayah (kosong: "Kantor Wilayah" dan wilayah lokasi)');
