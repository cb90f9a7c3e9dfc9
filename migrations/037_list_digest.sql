-- 037_list_digest (issue 28): the WBP search digests (012, 013, 033) also hold
-- the other fields the list page shows, so a search's page is drawn from the
-- digests alone, without reading the ~50 rows of the page by id (on SQLite 37 %
-- of the page's CPU at N=300k: 50 descents into a table where a site's inmates
-- are scattered, ~15 columns decoded each; on PostgreSQL a statement of its own).
-- An entry is now "name US regno US id US crime_category US sentence_kind US
-- term_years US term_months US term_days US detention_start US status"
-- (wbp_store.c search_candidates, records.c wbp_search_flush), and the triggers
-- drop a site's digest when any of those fields changes.
{{SQLITE}}
DROP TRIGGER wbp_search_upd;
CREATE TRIGGER wbp_search_upd AFTER UPDATE OF id, site_id, name, regno, crime_category, sentence_kind, term_years,
  term_months, term_days, detention_start, status ON wbp BEGIN
  DELETE FROM wbp_search_site WHERE site_id IN (OLD.site_id, NEW.site_id);
END;
DELETE FROM wbp_search_site;
INSERT INTO wbp_search_site(site_id, entries)
  SELECT s.id, coalesce((SELECT group_concat(w.name || char(31) || w.regno || char(31) || w.id || char(31) ||
                           w.crime_category || char(31) || w.sentence_kind || char(31) || w.term_years || char(31) ||
                           w.term_months || char(31) || w.term_days || char(31) || w.detention_start || char(31) ||
                           w.status, char(30))
                         FROM wbp w WHERE w.site_id = s.id), '')
  FROM site s;
{{END}}
{{POSTGRES}}
DROP TRIGGER wbp_search_upd ON wbp;
CREATE TRIGGER wbp_search_upd AFTER UPDATE OF id, site_id, name, regno, crime_category, sentence_kind, term_years,
  term_months, term_days, detention_start, status ON wbp FOR EACH ROW EXECUTE FUNCTION wbp_search_drop();
DELETE FROM wbp_search_site;
INSERT INTO wbp_search_site(site_id, entries)
  SELECT s.id, coalesce((SELECT string_agg(w.name || chr(31) || w.regno || chr(31) || w.id || chr(31) ||
                           w.crime_category || chr(31) || w.sentence_kind || chr(31) || w.term_years || chr(31) ||
                           w.term_months || chr(31) || w.term_days || chr(31) || w.detention_start || chr(31) ||
                           w.status, chr(30))
                         FROM wbp w WHERE w.site_id = s.id), '')
  FROM site s;
{{END}}
