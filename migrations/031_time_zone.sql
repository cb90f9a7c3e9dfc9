-- 031_time_zone.sql (issue 25): one time zone per site, and the audit log read as
-- a list of changes.
--
-- site.time_zone names the site's zone as officers name it: WIB (Asia/Jakarta,
-- UTC+7), WITA (Asia/Makassar, UTC+8) or WIT (Asia/Jayapura, UTC+9); Indonesia
-- keeps no summer time, so each is a fixed offset. Every time shown on pages and in
-- reports is written in it; stored times stay UTC. It replaces
-- training.utc_offset_minutes (minutes east of UTC), whose rows become its rows.
INSERT INTO setting(name, site_id, effective_from, value, note)
  SELECT 'site.time_zone', site_id, effective_from,
         CASE value WHEN '480' THEN 'WITA' WHEN '540' THEN 'WIT' ELSE 'WIB' END,
         'Zona waktu lokasi: WIB (Asia/Jakarta, UTC+7), WITA (Asia/Makassar, UTC+8) atau WIT (Asia/Jayapura, UTC+9); semua waktu di halaman dan laporan ditulis dalam zona ini'
  FROM setting WHERE name = 'training.utc_offset_minutes';
INSERT INTO setting(name, site_id, effective_from, value, note)
  SELECT 'site.time_zone', NULL, '1900-01-01', 'WIB',
         'Zona waktu lokasi: WIB (Asia/Jakarta, UTC+7), WITA (Asia/Makassar, UTC+8) atau WIT (Asia/Jayapura, UTC+9); semua waktu di halaman dan laporan ditulis dalam zona ini'
  WHERE NOT EXISTS (SELECT 1 FROM setting WHERE name = 'site.time_zone' AND site_id IS NULL);
DELETE FROM setting WHERE name = 'training.utc_offset_minutes';

-- The audit page shows each change against the row's previous entry: found by
-- (entity, entity_id) and the id before.
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, id);
