-- 013_search_sort: the WBP search digests (012) hold each inmate's name and
-- registration number as stored instead of lower-cased: the list finds the text
-- in them with ASCII case ignored (wbp_store.c), and can put the inmates it finds
-- in the default order (name, regno, id; SQLite's BINARY order) without reading
-- their rows, then read only the rows of the page shown.
{{SQLITE}}
-- An entry is now "name<US>regno<US>id"; the digests of the old form are rebuilt
-- here (the triggers of 012 stay as they are).
DELETE FROM wbp_search_site;
INSERT INTO wbp_search_site(site_id, entries)
  SELECT s.id, coalesce((SELECT group_concat(w.name || char(31) || w.regno || char(31) || w.id, char(30))
                         FROM wbp w WHERE w.site_id = s.id), '')
  FROM site s;
{{END}}
