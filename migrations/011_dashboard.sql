-- 011_dashboard: the dashboard and the monthly report (issue 8). The letterhead of
-- the regional report carries the regional office's name: report.region_name when
-- set (e.g. 'KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN KALIMANTAN BARAT'),
-- else "Kantor Wilayah" and the region the sites share (site.region).
INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('report.region_name', NULL, '1900-01-01', '', 'Nama Kantor Wilayah pada kop laporan bulanan wilayah (kosong: "Kantor Wilayah" dan wilayah lokasi)');

-- The dashboard's sections read each table by site and date within the sites a user
-- sees (report/sections.c SCOPE: "site_id IN (the sites in scope)"): these indexes
-- let a regional view read its own sites' rows of the month instead of every row.
CREATE INDEX training_session_site_date ON training_session(site_id, session_date);
CREATE INDEX enrolment_site_status ON enrolment(site_id, status, status_at);
CREATE INDEX pnbp_deposit_site_date ON pnbp_deposit(site_id, deposit_date);
CREATE INDEX premi_ledger_site_date ON premi_ledger(site_id, entry_date);
