-- 013_search_sort: the WBP search digests (012) also carry each inmate's name and
-- registration number as stored, so that the list can put the inmates it finds in
-- the default order (name, regno, id; SQLite's BINARY order) without reading their
-- rows, and read only the rows of the page shown (wbp_store.c).
{{SQLITE}}
-- An entry is now "lower(name)<US>lower(regno)<US>id<US>name<US>regno"; the
-- digests of the old form are rebuilt here (the triggers of 012 stay as they are).
DELETE FROM wbp_search_site;
INSERT INTO wbp_search_site(site_id, entries)
  SELECT s.id, coalesce((SELECT group_concat(lower(w.name) || char(31) || lower(w.regno) || char(31) || w.id
                                             || char(31) || w.name || char(31) || w.regno, char(30))
                         FROM wbp w WHERE w.site_id = s.id), '')
  FROM site s;
{{END}}
