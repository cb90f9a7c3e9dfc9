-- 005_production: production units, production records and their workers, sales and
-- their items, revenue split rules, PNBP deposits, and the inmates' premi ledger
-- (DOMAIN.md §5, issue 7). Money is whole rupiah in BIGINT; percentages are basis
-- points (10000 = 100%); quantities are thousandths (2,5 kg = 2500) so that they are
-- exact integers on both databases. Rounding rules: src/core/money.h.

CREATE TABLE production_unit (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  trade TEXT NOT NULL DEFAULT '',          -- kejuruan (las, menjahit, ...)
  supervisor TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (site_id, code)
);

-- The split of a unit's revenue from effective_from on; the rule in force on a sale's
-- date is the one with the latest effective_from on or before it. remainder_to names
-- the part that receives the rupiah left over by rounding the other two down.
CREATE TABLE revenue_split (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  unit_id BIGINT NOT NULL REFERENCES production_unit(id),
  effective_from TEXT NOT NULL,
  premi_bp INTEGER NOT NULL CHECK (premi_bp BETWEEN 0 AND 10000),
  pnbp_bp INTEGER NOT NULL CHECK (pnbp_bp BETWEEN 0 AND 10000),
  capital_bp INTEGER NOT NULL CHECK (capital_bp BETWEEN 0 AND 10000),
  share_basis TEXT NOT NULL DEFAULT 'pieces' CHECK (share_basis IN ('pieces','hours')),
  remainder_to TEXT NOT NULL DEFAULT 'capital' CHECK (remainder_to IN ('capital','premi','pnbp')),
  basis_note TEXT NOT NULL DEFAULT '',     -- the decree or decision the split comes from
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  CHECK (premi_bp + pnbp_bp + capital_bp = 10000),
  UNIQUE (unit_id, effective_from)
);

-- One production run: what a unit made on a day, and who made it.
CREATE TABLE production (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  unit_id BIGINT NOT NULL REFERENCES production_unit(id),
  prod_date TEXT NOT NULL,
  product TEXT NOT NULL,
  qty_milli BIGINT NOT NULL DEFAULT 0 CHECK (qty_milli >= 0),
  qty_unit TEXT NOT NULL DEFAULT 'buah',
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX production_unit_date ON production(unit_id, prod_date);

-- The inmates who worked on a production run, with the pieces they made and the
-- minutes they worked: the split rule's share_basis says which one shares the premi.
CREATE TABLE production_worker (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  production_id BIGINT NOT NULL REFERENCES production(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  pieces INTEGER NOT NULL DEFAULT 0 CHECK (pieces >= 0),
  minutes INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (production_id, wbp_id)
);
CREATE INDEX production_worker_wbp ON production_worker(wbp_id);

-- A sale (with its receipt). total is the sum of its items' amounts. production_id
-- names the run whose goods were sold: its workers share the sale's premi. The split
-- (split_id and the three parts) is recorded when the sale is settled and its premi
-- credited; until then split_id is NULL.
CREATE TABLE sale (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  unit_id BIGINT NOT NULL REFERENCES production_unit(id),
  production_id BIGINT REFERENCES production(id),
  sale_date TEXT NOT NULL,
  receipt_no TEXT NOT NULL,
  buyer TEXT NOT NULL DEFAULT '',
  total BIGINT NOT NULL DEFAULT 0 CHECK (total >= 0),
  payment_status TEXT NOT NULL DEFAULT 'belum' CHECK (payment_status IN ('belum','sebagian','lunas')),
  paid_amount BIGINT NOT NULL DEFAULT 0 CHECK (paid_amount >= 0),
  split_id BIGINT REFERENCES revenue_split(id),
  premi BIGINT,
  pnbp BIGINT,
  capital BIGINT,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  CHECK (split_id IS NULL OR premi + pnbp + capital = total),
  UNIQUE (site_id, receipt_no)
);
CREATE INDEX sale_site_date ON sale(site_id, sale_date);
CREATE INDEX sale_unit_date ON sale(unit_id, sale_date);

CREATE TABLE sale_item (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  sale_id BIGINT NOT NULL REFERENCES sale(id),
  product TEXT NOT NULL,
  qty_milli BIGINT NOT NULL CHECK (qty_milli >= 0),
  qty_unit TEXT NOT NULL DEFAULT 'buah',
  unit_price BIGINT NOT NULL CHECK (unit_price >= 0),
  amount BIGINT NOT NULL CHECK (amount >= 0),   -- qty x price, rounded half up to the rupiah
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX sale_item_sale ON sale_item(sale_id);

-- PNBP paid into the state treasury (setoran), with the state receipt number (NTPN)
-- and the sales whose PNBP it covers. A sale's PNBP is deposited once; a settled
-- sale with no deposit row is outstanding.
CREATE TABLE pnbp_deposit (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  deposit_date TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount > 0),
  ntpn TEXT NOT NULL,
  billing_code TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (ntpn)
);
CREATE TABLE pnbp_deposit_sale (
  deposit_id BIGINT NOT NULL REFERENCES pnbp_deposit(id),
  sale_id BIGINT NOT NULL REFERENCES sale(id),
  amount BIGINT NOT NULL CHECK (amount >= 0),   -- the sale's PNBP
  PRIMARY KEY (deposit_id, sale_id),
  UNIQUE (sale_id)
);

-- What part of each premi credit is saved until release (the rest is spendable
-- inside), per site from effective_from on; site_id NULL is the default for sites
-- without their own row. The default below is a placeholder: each prison sets its own.
CREATE TABLE premi_policy (
  id {{ID}},
  site_id BIGINT REFERENCES site(id),
  effective_from TEXT NOT NULL,
  saved_bp INTEGER NOT NULL CHECK (saved_bp BETWEEN 0 AND 10000),
  basis_note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
INSERT INTO premi_policy(site_id, effective_from, saved_bp, basis_note, created_at, updated_at)
  VALUES (NULL, '2000-01-01', 5000, 'bawaan: separuh ditabung sampai bebas; atur per Lapas', {{NOW}}, {{NOW}});

-- Each inmate's premi balance, one row, kept by src/store/premi_store.c in the same
-- transaction as the ledger entry that changes it. The CHECKs make a negative
-- balance impossible whatever writes it.
CREATE TABLE premi_balance (
  wbp_id BIGINT PRIMARY KEY REFERENCES wbp(id),
  site_id BIGINT NOT NULL REFERENCES site(id),
  spendable BIGINT NOT NULL DEFAULT 0 CHECK (spendable >= 0),
  saved BIGINT NOT NULL DEFAULT 0 CHECK (saved >= 0),
  entries BIGINT NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);

-- The premi ledger: append-only (a mistake is corrected by a new entry, never by
-- editing one). amount > 0; the deltas say which part moved (credits add to both
-- parts, debits take from spendable, a payout empties both); *_after is the
-- balance after the entry, so a statement needs no running sum.
CREATE TABLE premi_ledger (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  entry_date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('credit','debit','payout')),
  amount BIGINT NOT NULL CHECK (amount > 0),
  spendable_delta BIGINT NOT NULL,
  saved_delta BIGINT NOT NULL,
  spendable_after BIGINT NOT NULL CHECK (spendable_after >= 0),
  saved_after BIGINT NOT NULL CHECK (saved_after >= 0),
  sale_id BIGINT REFERENCES sale(id),
  receipt_no TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, created_by BIGINT,
  CHECK (spendable_delta + saved_delta = CASE WHEN kind = 'credit' THEN amount ELSE -amount END)
);
CREATE INDEX premi_ledger_wbp ON premi_ledger(wbp_id, id);
CREATE INDEX premi_ledger_sale ON premi_ledger(sale_id);

-- Letterheads of the production reports and receipts (issue 7): the site's city (the
-- place on a signature line) and telephone, and the first two letterhead lines as dated
-- settings, because the ministry's name changes (Kementerian Hukum dan HAM until the
-- cabinet of 21 October 2024, then Kementerian Imigrasi dan Pemasyarakatan). "{region}"
-- in report.kop_office is replaced by the site's region in capitals.
ALTER TABLE site ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE site ADD COLUMN phone TEXT NOT NULL DEFAULT '';
INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('report.kop_ministry', NULL, '1900-01-01', 'KEMENTERIAN HUKUM DAN HAK ASASI MANUSIA REPUBLIK INDONESIA',
   'Baris pertama kop surat laporan'),
  ('report.kop_ministry', NULL, '2024-10-21', 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA',
   'Baris pertama kop surat sejak Kabinet Merah Putih (21 Oktober 2024)'),
  ('report.kop_office', NULL, '1900-01-01', 'KANTOR WILAYAH KEMENTERIAN HUKUM DAN HAK ASASI MANUSIA {region}',
   'Baris kedua kop surat; {region} = wilayah lokasi'),
  ('report.kop_office', NULL, '2024-10-21', 'KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN {region}',
   'Baris kedua kop surat sejak 21 Oktober 2024; {region} = wilayah lokasi');
