-- 028_national: what the national database needs of each regional hub's sync
-- status (issue 23; docs/admin.md "The three tiers").
--
-- The national database subscribes to each hub's publication `bekal_national`
-- (logical replication of sync_site, without the credential columns), so
-- sync_site there holds every region's sites. A site row at a hub carries the
-- region and name its site sent, so the national page needs no other table
-- (site ids differ between hubs; site codes are national).
ALTER TABLE sync_site ADD COLUMN region TEXT;
ALTER TABLE sync_site ADD COLUMN site_name TEXT;
