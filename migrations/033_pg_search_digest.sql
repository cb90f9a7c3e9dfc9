-- 033_pg_search_digest (issue 28): the WBP search digests of migrations 012 and
-- 013 on PostgreSQL too. Its trigram indexes (012) answer "which inmates of the
-- whole database contain the text": "budi" is in ~13,000 of 300,000 names, and
-- the list then kept the ~70 of the user's three sites (82 ms a request at N=300k,
-- the bench's list page at 0.01x /healthz). A digest per site answers for the
-- user's sites alone: the list reads a few short texts and finds the text in them
-- in C (wbp_store.c search_candidates), then reads the inmates found by id.
-- Same table and entry form as on SQLite ("name<US>regno<US>id" joined by <RS>,
-- as stored); triggers drop the digest of a site whose inmates are added, deleted,
-- renamed, renumbered or moved, whatever program writes (psql, \copy); bekal
-- rebuilds the missing ones in the transaction that wrote inmates
-- (wbp_search_flush), and a site without a digest is searched the old way.
{{POSTGRES}}
CREATE TABLE wbp_search_site (
  site_id BIGINT PRIMARY KEY,
  entries TEXT NOT NULL
);
-- read whole on every search: kept uncompressed (no decompression per read)
ALTER TABLE wbp_search_site ALTER COLUMN entries SET STORAGE EXTERNAL;
INSERT INTO wbp_search_site(site_id, entries)
  SELECT s.id, coalesce((SELECT string_agg(w.name || chr(31) || w.regno || chr(31) || w.id, chr(30))
                         FROM wbp w WHERE w.site_id = s.id), '')
  FROM site s;
CREATE FUNCTION wbp_search_drop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM wbp_search_site WHERE site_id = OLD.site_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    DELETE FROM wbp_search_site WHERE site_id = NEW.site_id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER wbp_search_insdel AFTER INSERT OR DELETE ON wbp FOR EACH ROW EXECUTE FUNCTION wbp_search_drop();
CREATE TRIGGER wbp_search_upd AFTER UPDATE OF id, site_id, name, regno ON wbp FOR EACH ROW EXECUTE FUNCTION wbp_search_drop();
{{END}}
{{SQLITE}}
-- SQLite: the digests exist since 012; nothing to do.
SELECT 1;
{{END}}
