-- 024_sync_handdown: what a hub hands down to its sites, and re-admitting a site
-- the hub refused (issue 23; README "Deploying: site, region, nation").

-- At the site: the digest of the hub's settings for every site (and its premi
-- policy for every site) as last applied here; sent with each push, so the hub
-- sends them again only when they changed.
ALTER TABLE sync_state ADD COLUMN hub_digest TEXT;
-- At the hub: when and why the Kanwil re-admitted a refused site (`bekal site
-- readmit CODE --reason ...`): its witness starts again from its chain as it is.
ALTER TABLE sync_site ADD COLUMN readmitted_at TEXT;
ALTER TABLE sync_site ADD COLUMN readmit_reason TEXT;
