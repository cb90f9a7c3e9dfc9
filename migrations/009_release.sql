-- 009_release: release of an inmate (kind, date, destination district, contact, the
-- premi paid out) and the follow-up contacts after it (who, method, the outcome:
-- working in the trained trade, other work, self-employed, unemployed, unreachable,
-- re-offended). DOMAIN.md 6, issue 8. The follow-up schedule is the rule file of
-- kind tindak_lanjut (src/core/followup.h); the letterhead of the monthly report is
-- the dated text settings report.letterhead.N and report.signature.* below (a site's own rows win).

CREATE TABLE wbp_release (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  kind TEXT NOT NULL CHECK (kind IN ('bebas_murni','pembebasan_bersyarat','cuti_bersyarat','cuti_menjelang_bebas')),
  release_date TEXT NOT NULL,
  district TEXT NOT NULL,
  contact TEXT,
  payout BIGINT NOT NULL DEFAULT 0 CHECK (payout >= 0),
  notes TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT,
  UNIQUE (wbp_id)
);
CREATE INDEX wbp_release_site_date ON wbp_release(site_id, release_date);

CREATE TABLE followup (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  release_id BIGINT NOT NULL REFERENCES wbp_release(id),
  contact_date TEXT NOT NULL,
  who TEXT NOT NULL DEFAULT 'bapas' CHECK (who IN ('staf','bapas')),
  method TEXT NOT NULL DEFAULT 'telepon' CHECK (method IN ('telepon','kunjungan','pesan','surat','lainnya')),
  status TEXT NOT NULL CHECK (status IN ('bekerja_sesuai_pelatihan','bekerja_lain','wirausaha','menganggur',
                                         'tidak_terjangkau','mengulangi_pidana')),
  employer TEXT,
  notes TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX followup_release ON followup(release_id, contact_date);

INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('report.letterhead.1', NULL, '1900-01-01', 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA', 'Kop surat laporan bulanan, baris 1 (atur per Lapas)'),
  ('report.letterhead.2', NULL, '1900-01-01', 'KANTOR WILAYAH KALIMANTAN BARAT', 'Kop surat laporan bulanan, baris 2'),
  ('report.signature.place', NULL, '1900-01-01', 'Ketapang', 'Tempat pada blok tanda tangan laporan bulanan'),
  ('report.signature.position', NULL, '1900-01-01', 'Kepala Lembaga Pemasyarakatan', 'Jabatan penanda tangan laporan bulanan (nama dan NIP: site.head_name, site.head_nip)');
