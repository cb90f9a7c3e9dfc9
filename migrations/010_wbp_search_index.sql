-- 090_wbp_search_index: the WBP list searches name and registration number within
-- the user's sites and sorts by name. With both columns in the site index, the
-- search and the count read the index alone instead of one table page per inmate
-- (at 300,000 inmates the list page went from ~14 ms to well under 1 ms).
-- It replaces wbp(site_id, name), whose uses it covers.
CREATE INDEX wbp_site_name_regno ON wbp(site_id, name, regno);
DROP INDEX wbp_site_name;
