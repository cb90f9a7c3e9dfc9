-- 003_migration_map: which source rows `bekal migrate` has copied into this database,
-- so that moving a prison's data is idempotent per site.
CREATE TABLE migration_map (
  site_code TEXT NOT NULL,
  entity TEXT NOT NULL,
  source_id BIGINT NOT NULL,
  target_id BIGINT NOT NULL,
  migrated_at TEXT NOT NULL,
  PRIMARY KEY (site_code, entity, source_id)
);
