-- Compact audit entries (issue 28): the hash as 32 bytes instead of 64 hex digits,
-- and no stored copy of the previous entry's hash (the chain gives it: entry id-1).
-- The hashes are not recomputed: the same bytes, so a hub's witness and every
-- earlier `bekal check` still hold. bekal verifies the chain before and after this
-- migration (src/store/db.c, audit_convert_check) and rolls it back if a chain
-- intact before is not intact after. New "create" entries also leave out the
-- after-image's null members (src/store/records.c, src/store/audit.c).
{{SQLITE}}
CREATE TABLE audit_log_compact (
  -- assigned from audit_head.last_id, so ids are contiguous; INTEGER PRIMARY KEY is
  -- the rowid itself (001's BIGINT PRIMARY KEY kept a rowid and an index beside it)
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id BIGINT,
  user_name TEXT NOT NULL,
  site_id BIGINT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  before_json TEXT,
  after_json TEXT,
  hash BLOB NOT NULL -- SHA-256, 32 bytes; the previous entry's is its hash
);
INSERT INTO audit_log_compact(id, at, user_id, user_name, site_id, action, entity, entity_id, before_json,
                              after_json, hash)
  SELECT id, at, user_id, user_name, site_id, action, entity, entity_id, before_json, after_json, bekal_unhex(hash)
  FROM audit_log ORDER BY id;
DROP TABLE audit_log;
ALTER TABLE audit_log_compact RENAME TO audit_log;
CREATE TABLE audit_head_compact (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_id BIGINT NOT NULL,
  last_hash BLOB NOT NULL
);
INSERT INTO audit_head_compact(id, last_id, last_hash) SELECT id, last_id, bekal_unhex(last_hash) FROM audit_head;
DROP TABLE audit_head;
ALTER TABLE audit_head_compact RENAME TO audit_head;
{{END}}
{{POSTGRES}}
ALTER TABLE audit_log DROP COLUMN prev_hash;
ALTER TABLE audit_log ALTER COLUMN hash TYPE BYTEA USING
  CASE WHEN hash ~ '^([0-9a-fA-F]{2})*$' THEN decode(hash, 'hex') ELSE convert_to(hash, 'UTF8') END;
ALTER TABLE audit_head ALTER COLUMN last_hash TYPE BYTEA USING
  CASE WHEN last_hash ~ '^([0-9a-fA-F]{2})*$' THEN decode(last_hash, 'hex') ELSE convert_to(last_hash, 'UTF8') END;
{{END}}
