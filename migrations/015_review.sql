-- 014_review: acts that cannot be undone are corrected by reversing entries (issue 22).
--
-- * A release has a state: 'terjadwal' (dated in the future: the inmate stays in
--   custody until its date, when `bekal serve` applies it), 'berlaku' (applied) or
--   'dibatalkan' (reversed by a release_reversal row). One live release per inmate:
--   the table-level UNIQUE (wbp_id) of 009 becomes a partial unique index, so an
--   inmate whose release was reversed can be released again. SQLite cannot drop a
--   constraint, so the table is rebuilt with the same ids (follow-ups keep theirs:
--   foreign keys are deferred until the end of this migration's transaction).
-- * A premi ledger entry may reverse another (reverses_id): the payout of a reversed
--   release is reversed by a credit of the same parts, the credits of a reversed
--   settlement by debits of the same parts.
-- * A settlement reversal keeps the split it undid (sale_reversal); the sale is then
--   unsettled and may be settled again.
-- * A phase (agreement_quota) whose programmes have all ended is closed; an admin may
--   reopen it with a reason (reopened_at/by/reason; audited).
-- * The correction windows are dated settings.
{{SQLITE}}
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE wbp_release_copy AS SELECT * FROM wbp_release;
DROP TABLE wbp_release;
CREATE TABLE wbp_release (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  kind TEXT NOT NULL CHECK (kind IN ('bebas_murni','pembebasan_bersyarat','cuti_bersyarat','cuti_menjelang_bebas')),
  release_date TEXT NOT NULL,
  district TEXT NOT NULL,
  contact TEXT,
  payout BIGINT NOT NULL DEFAULT 0 CHECK (payout >= 0),
  notes TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
INSERT INTO wbp_release(id, site_id, wbp_id, kind, release_date, district, contact, payout, notes, created_at,
                        created_by, updated_at, updated_by)
  SELECT id, site_id, wbp_id, kind, release_date, district, contact, payout, notes, created_at, created_by,
         updated_at, updated_by FROM wbp_release_copy;
DROP TABLE wbp_release_copy;
CREATE INDEX wbp_release_site_date ON wbp_release(site_id, release_date);
{{END}}
{{POSTGRES}}
ALTER TABLE wbp_release DROP CONSTRAINT wbp_release_wbp_id_key;
{{END}}
ALTER TABLE wbp_release ADD COLUMN state TEXT NOT NULL DEFAULT 'berlaku'
  CHECK (state IN ('terjadwal','berlaku','dibatalkan'));
CREATE UNIQUE INDEX wbp_release_live ON wbp_release(wbp_id) WHERE state <> 'dibatalkan';
CREATE INDEX wbp_release_due ON wbp_release(state, release_date);

CREATE TABLE release_reversal (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  release_id BIGINT NOT NULL REFERENCES wbp_release(id),
  reversed_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  premi_restored BIGINT NOT NULL DEFAULT 0,
  enrolments_restored INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, created_by BIGINT,
  UNIQUE (release_id)
);

ALTER TABLE premi_ledger ADD COLUMN reverses_id BIGINT REFERENCES premi_ledger(id);

CREATE TABLE sale_reversal (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  sale_id BIGINT NOT NULL REFERENCES sale(id),
  reversed_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  split_id BIGINT REFERENCES revenue_split(id),
  total BIGINT NOT NULL,
  premi BIGINT NOT NULL,
  pnbp BIGINT NOT NULL,
  capital BIGINT NOT NULL,
  created_at TEXT NOT NULL, created_by BIGINT
);
CREATE INDEX sale_reversal_sale ON sale_reversal(sale_id);

ALTER TABLE agreement_quota ADD COLUMN reopened_at TEXT;
ALTER TABLE agreement_quota ADD COLUMN reopened_by BIGINT;
ALTER TABLE agreement_quota ADD COLUMN reopen_reason TEXT;

INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('release.correction_days', NULL, '1900-01-01', '30',
   'Pembebasan yang salah catat dapat dibatalkan (entri pembalik) dalam sekian hari setelah dicatat'),
  ('sale.correction_days', NULL, '1900-01-01', '30',
   'Bagi hasil penjualan yang salah dapat dibatalkan (entri pembalik) dalam sekian hari setelah dibagi');
INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('certificate.signatories_required', NULL, '1900-01-01', 'lapas,mitra',
   'Pihak PKS yang harus mencantumkan penanda tangan agar sertifikat dapat diterbitkan (lapas, mitra; pisahkan dengan koma)');
