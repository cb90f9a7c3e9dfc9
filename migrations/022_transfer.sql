-- 022_transfer: the safety-threatened exclusion recorded and ended by people (issue 20),
-- transfers that carry the record, and coded withdrawal reasons (issue 26).
--
-- * wbp_exclusion (014) gains a note and the reason it was ended (until_date is the
--   day it no longer holds; the row stays: a decision is never deleted).
-- * wbp_transfer: an inmate moved to another site on the same database. Dated; a
--   transfer dated after today is 'terjadwal' until `bekal serve` (or `bekal release
--   apply-due`) applies it on its date, then 'berlaku'. It records what it did: the
--   enrolments it ended and the premi it carried.
-- * premi_ledger gains the kinds 'transfer_out' (the closing entry at the sending site:
--   the whole balance leaves) and 'transfer_in' (the opening entry at the receiving
--   site: the same parts arrive). SQLite cannot change a CHECK, so the table is rebuilt
--   with the same ids (foreign keys deferred to the end of this migration).
-- * enrolment and enrolment_event gain withdraw_reason: the coded reason of a
--   withdrawal (mundur), one of the codes of rules/alasan-mundur-*.json. Older rows stay
--   NULL (no unaudited rewrite): reports count those ended by a release (reason
--   'bebas') as 'bebas' and the other free-text ones as 'lainnya'.
ALTER TABLE wbp_exclusion ADD COLUMN note TEXT;
ALTER TABLE wbp_exclusion ADD COLUMN end_reason TEXT;

CREATE TABLE wbp_transfer (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  to_site_id BIGINT NOT NULL REFERENCES site(id),
  transfer_date TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'berlaku' CHECK (state IN ('terjadwal','berlaku')),
  note TEXT,
  enrolments_ended INTEGER NOT NULL DEFAULT 0,
  premi_carried BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX wbp_transfer_wbp ON wbp_transfer(wbp_id);
CREATE INDEX wbp_transfer_due ON wbp_transfer(state, transfer_date);

{{SQLITE}}
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE premi_ledger_copy AS SELECT * FROM premi_ledger;
DROP TABLE premi_ledger;
CREATE TABLE premi_ledger (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  entry_date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('credit','debit','payout','transfer_out','transfer_in')),
  amount BIGINT NOT NULL CHECK (amount > 0),
  spendable_delta BIGINT NOT NULL,
  saved_delta BIGINT NOT NULL,
  spendable_after BIGINT NOT NULL CHECK (spendable_after >= 0),
  saved_after BIGINT NOT NULL CHECK (saved_after >= 0),
  sale_id BIGINT REFERENCES sale(id),
  receipt_no TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, created_by BIGINT,
  reverses_id BIGINT REFERENCES premi_ledger(id),
  CHECK (spendable_delta + saved_delta = CASE WHEN kind IN ('credit','transfer_in') THEN amount ELSE -amount END)
);
INSERT INTO premi_ledger(id, site_id, wbp_id, entry_date, kind, amount, spendable_delta, saved_delta, spendable_after,
                         saved_after, sale_id, receipt_no, note, created_at, created_by, reverses_id)
  SELECT id, site_id, wbp_id, entry_date, kind, amount, spendable_delta, saved_delta, spendable_after, saved_after,
         sale_id, receipt_no, note, created_at, created_by, reverses_id FROM premi_ledger_copy;
DROP TABLE premi_ledger_copy;
CREATE INDEX premi_ledger_wbp ON premi_ledger(wbp_id, id);
CREATE INDEX premi_ledger_sale ON premi_ledger(sale_id);
CREATE INDEX premi_ledger_site_date ON premi_ledger(site_id, entry_date);
{{END}}
{{POSTGRES}}
ALTER TABLE premi_ledger DROP CONSTRAINT IF EXISTS premi_ledger_kind_check;
ALTER TABLE premi_ledger DROP CONSTRAINT IF EXISTS premi_ledger_check;
ALTER TABLE premi_ledger ADD CONSTRAINT premi_ledger_kind_check
  CHECK (kind IN ('credit','debit','payout','transfer_out','transfer_in'));
ALTER TABLE premi_ledger ADD CONSTRAINT premi_ledger_check
  CHECK (spendable_delta + saved_delta = CASE WHEN kind IN ('credit','transfer_in') THEN amount ELSE -amount END);
{{END}}

ALTER TABLE enrolment ADD COLUMN withdraw_reason TEXT;
ALTER TABLE enrolment_event ADD COLUMN withdraw_reason TEXT;
