-- 012_search: an index for the WBP list's substring search (name or registration
-- number contains the text, ASCII case ignored, within the user's sites).
{{SQLITE}}
-- SQLite: one search digest per site, "name<US>regno<US>id" of each of its
-- inmates joined by <RS>, names and numbers in lower case as lower() and
-- bekal_contains() fold them (ASCII). The list page reads the digests of the
-- user's sites (a few pages each) and finds the text in them with memmem()
-- instead of evaluating the search on every index entry of those sites; the
-- inmates it finds are then checked and sorted by SQL as before (wbp_store.c).
-- A site without a digest is searched the old way. Plain triggers drop the
-- digest of every site whose inmates are added, deleted, renamed, renumbered or
-- moved, whatever program writes (the sqlite3 shell too); bekal rebuilds the
-- missing ones after it writes inmates (wbp_search_flush).
CREATE TABLE wbp_search_site (
  site_id INTEGER PRIMARY KEY,
  entries TEXT NOT NULL
);
INSERT INTO wbp_search_site(site_id, entries)
  SELECT s.id, coalesce((SELECT group_concat(lower(w.name) || char(31) || lower(w.regno) || char(31) || w.id, char(30))
                         FROM wbp w WHERE w.site_id = s.id), '')
  FROM site s;
CREATE TRIGGER wbp_search_ins AFTER INSERT ON wbp BEGIN
  DELETE FROM wbp_search_site WHERE site_id = NEW.site_id;
END;
CREATE TRIGGER wbp_search_upd AFTER UPDATE OF id, site_id, name, regno ON wbp BEGIN
  DELETE FROM wbp_search_site WHERE site_id IN (OLD.site_id, NEW.site_id);
END;
CREATE TRIGGER wbp_search_del AFTER DELETE ON wbp BEGIN
  DELETE FROM wbp_search_site WHERE site_id = OLD.site_id;
END;
{{END}}
{{POSTGRES}}
-- PostgreSQL: trigram GIN indexes (pg_trgm) on the lower()ed columns the search
-- compares with LIKE '%text%'.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX wbp_name_trgm ON wbp USING gin (lower(name) gin_trgm_ops);
CREATE INDEX wbp_regno_trgm ON wbp USING gin (lower(regno) gin_trgm_ops);
{{END}}
