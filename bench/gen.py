#!/usr/bin/env python3
"""bench/gen.py — a deterministic synthetic dataset for the benchmarks.

Usage: bench/gen.py OUTDIR [--n 300000] [--sites 530] [--seed 42]

Writes OUTDIR/sites.csv, wbp.csv (importable with `bekal import wbp`), and
remisi.csv, discipline.csv, sppn.csv keyed by (site, regno); programmes.csv,
assessment.csv, enrolment.csv and attendance.csv for vocational training. Same
seed, same bytes.

Distributions (documented so results can be compared between runs):
- sites: 530 prisons, codes S001..S530; inmates spread evenly (round robin).
- sex: 92 % L, 8 % P.  religion: Islam 87 %, Kristen 7 %, Katolik 3 %, Hindu 1.5 %,
  Buddha 1 %, Konghucu 0.5 %.  nationality: 1 % foreign.
- legal_class: 88 % narapidana, 10 % tahanan, 2 % anak.
- crime_category: umum 55 %, narkotika 35 %, korupsi 4 %, terorisme 1 %,
  transnasional 2 %, keamanan_negara 1 %, lainnya 2 %.
- sentence: 0.5 % life, 0.2 % death, 5 % days only (30-300 days); otherwise
  years 0-14 (geometric-ish: 1-5 years most common) + months 0-11.
- detention start: uniform over 2016-01-01 .. 2026-11-01.
- status: 93 % ditahan, 6 % bebas, 1 % pindah.
- remisi: 0-4 per inmate (17 Aug umum 1-3 months, khusus 15 days / 1 month).
- discipline: 15 % have one record, 3 % two; levels ringan 50 %, sedang 30 %, berat 20 %.
- SPPN: monthly scores for the last 0-6 months, score 40-100.

Vocational training (programmes.csv, assessment.csv, enrolment.csv, attendance.csv;
drawn from a second random stream, seed + 1, so the files above do not change):
- programmes: 0-3 training batches per site (mean 1.5), trade from 12 kejuruan
  (las, menjahit, barista, ...) uniformly, capacity 10-30, 60-300 JP, starting
  uniformly over 2025-01..2026-09, lasting 1-4 months; sessions of 4 JP, at most 30.
- assessment: 45 % of convicted inmates in custody (narapidana, ditahan) have an
  initial assessment: interest (one of the 12 trades), aptitude 1-5 (1: 10 %,
  2: 20 %, 3: 40 %, 4: 20 %, 5: 10 %), literacy buta_aksara 8 % / dasar 37 % /
  lancar 55 %, fitness fit 90 % / terbatas 10 %, risk rendah 60 % / sedang 30 % /
  tinggi 10 %; assessed 0-180 days after detention start (not after 2026-11-01).
- enrolment: each programme fills 60-100 % of its capacity from the assessed inmates
  of its site still free (an inmate in at most one programme; those interested in
  the trade first); status aktif while the programme runs, else lulus 80 % /
  keluar 10 % / gagal 10 % (with a reason).
- attendance: one row per enrolment and held session (sessions up to 2026-11-28):
  hadir 88 %, izin 5 %, sakit 4 %, alpa 3 %.
"""
import csv, datetime, os, random, sys

def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__); return 0
    out = args[0]
    opts = {"--n": 300000, "--sites": 530, "--seed": 42}
    i = 1
    while i < len(args):
        if args[i] not in opts or i + 1 >= len(args):
            print(f"gen: unknown option {args[i]}", file=sys.stderr); return 2
        opts[args[i]] = int(args[i + 1]); i += 2
    rnd = random.Random(opts["--seed"])
    os.makedirs(out, exist_ok=True)
    nsites = opts["--sites"]
    with open(os.path.join(out, "sites.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "region"])
        for s in range(1, nsites + 1):
            w.writerow([f"S{s:03d}", f"Lapas Sintetis {s:03d}", f"Wilayah {1 + (s - 1) // 16:02d}"])
    given = ["Adi", "Budi", "Citra", "Dedi", "Eka", "Fajar", "Gita", "Hadi", "Indra", "Joko", "Kurnia", "Lestari",
             "Made", "Nur", "Oki", "Putra", "Rizki", "Sari", "Tono", "Umar", "Wahyu", "Yanto", "Zainal"]
    family = ["Pratama", "Saputra", "Wijaya", "Hidayat", "Nugroho", "Siregar", "Harahap", "Lubis", "Setiawan",
              "Kurniawan", "Simanjuntak", "Rahman", "Santoso", "Gunawan", "Halim", "Tanjung"]
    def pick(weights):
        x = rnd.random() * sum(w for _, w in weights)
        for v, w in weights:
            x -= w
            if x <= 0: return v
        return weights[-1][0]
    start0 = datetime.date(2016, 1, 1).toordinal(); span = datetime.date(2026, 11, 1).toordinal() - start0
    fw = open(os.path.join(out, "wbp.csv"), "w", newline=""); w = csv.writer(fw)
    fr = open(os.path.join(out, "remisi.csv"), "w", newline=""); wr = csv.writer(fr)
    fd = open(os.path.join(out, "discipline.csv"), "w", newline=""); wd = csv.writer(fd)
    fs = open(os.path.join(out, "sppn.csv"), "w", newline=""); ws = csv.writer(fs)
    w.writerow(["site", "regno", "name", "sex", "religion", "nationality", "legal_class", "crime_category",
                "sentence_kind", "term_years", "term_months", "term_days", "detention_start", "status"])
    wr.writerow(["site", "regno", "kind", "months", "days", "granted_date", "decree_no"])
    wd.writerow(["site", "regno", "offence", "level", "decision_date", "punish_start", "punish_end", "register_f"])
    ws.writerow(["site", "regno", "month", "score", "predicate"])
    assessable = {}  # site -> [regno] of convicted inmates in custody (no random draws)
    for k in range(opts["--n"]):
        site = f"S{1 + k % nsites:03d}"
        regno = f"BI.{k // nsites + 1:06d}"
        name = f"{rnd.choice(given)} {rnd.choice(family)}"
        sex = "P" if rnd.random() < 0.08 else "L"
        rel = pick([("Islam", 87), ("Kristen", 7), ("Katolik", 3), ("Hindu", 1.5), ("Buddha", 1), ("Konghucu", .5)])
        nat = "WNI" if rnd.random() > 0.01 else rnd.choice(["Malaysia", "Nigeria", "Tiongkok"])
        cls = pick([("narapidana", 88), ("tahanan", 10), ("anak", 2)])
        crime = pick([("umum", 55), ("narkotika", 35), ("korupsi", 4), ("terorisme", 1), ("transnasional", 2),
                      ("keamanan_negara", 1), ("lainnya", 2)])
        kind, y, m, d = "pidana", 0, 0, 0
        x = rnd.random()
        if x < 0.005: kind = "seumur_hidup"
        elif x < 0.007: kind = "mati"
        elif x < 0.057: d = rnd.randint(30, 300)
        else:
            y = min(14, int(rnd.expovariate(0.35))); m = rnd.randint(0, 11)
            if y == 0 and m == 0: m = 6
        start = datetime.date.fromordinal(start0 + rnd.randint(0, span))
        status = pick([("ditahan", 93), ("bebas", 6), ("pindah", 1)])
        w.writerow([site, regno, name, sex, rel, nat, cls, crime, kind, y, m, d, start.isoformat(), status])
        if cls == "narapidana" and status == "ditahan":
            assessable.setdefault(site, []).append((regno, start))
        for j in range(rnd.randint(0, 4)):
            g = datetime.date(min(2026, start.year + j + 1), 8, 17)
            if g.toordinal() > datetime.date(2026, 11, 28).toordinal(): break
            if rnd.random() < 0.6: wr.writerow([site, regno, "umum", rnd.randint(1, 3), 0, g.isoformat(), f"SK-{k}-{j}"])
            else: wr.writerow([site, regno, "khusus", 0, rnd.choice([15, 30]), g.replace(month=4).isoformat(), ""])
        nd = 2 if rnd.random() < 0.03 else 1 if rnd.random() < 0.15 else 0
        for j in range(nd):
            dd = datetime.date.fromordinal(min(start.toordinal() + rnd.randint(10, 900), datetime.date(2026, 11, 1).toordinal()))
            lvl = pick([("ringan", 50), ("sedang", 30), ("berat", 20)])
            end = dd + datetime.timedelta(days=rnd.randint(1, 12))
            wd.writerow([site, regno, "pelanggaran tata tertib", lvl, dd.isoformat(), dd.isoformat(), end.isoformat(),
                         1 if lvl == "berat" else 0])
        for j in range(rnd.randint(0, 6)):
            mo = (2026 * 12 + 9 - j)
            s = rnd.randint(40, 100)
            ws.writerow([site, regno, f"{mo // 12:04d}-{mo % 12 + 1:02d}", s, "baik" if s >= 60 else "cukup"])
    for f in (fw, fr, fd, fs): f.close()
    training(out, nsites, assessable, random.Random(opts["--seed"] + 1))
    return 0


TRADES = ["las", "menjahit", "barista", "pertukangan_kayu", "otomotif", "tata_boga", "pertanian", "perikanan",
          "sablon", "tata_rias", "elektronika", "kerajinan_tangan"]


def training(out, nsites, assessable, rnd):
    """programmes, assessments, enrolments and attendance (see the header)."""
    def pick(weights):
        x = rnd.random() * sum(w for _, w in weights)
        for v, w in weights:
            x -= w
            if x <= 0: return v
        return weights[-1][0]
    day = datetime.date.fromordinal
    last_assess = datetime.date(2026, 11, 1).toordinal()
    today = datetime.date(2026, 11, 28)
    fp = open(os.path.join(out, "programmes.csv"), "w", newline=""); wp = csv.writer(fp)
    fa = open(os.path.join(out, "assessment.csv"), "w", newline=""); wa = csv.writer(fa)
    fe = open(os.path.join(out, "enrolment.csv"), "w", newline=""); we = csv.writer(fe)
    ft = open(os.path.join(out, "attendance.csv"), "w", newline=""); wt = csv.writer(ft)
    wp.writerow(["site", "code", "trade", "capacity", "hours", "start_date", "end_date", "sessions"])
    wa.writerow(["site", "regno", "assessed_on", "interest", "aptitude", "literacy", "fitness", "risk"])
    we.writerow(["site", "regno", "programme", "status", "reason"])
    wt.writerow(["site", "regno", "programme", "session", "date", "presence"])
    reasons = {"keluar": "bebas atau pindah sebelum selesai", "gagal": "tidak lulus uji kompetensi"}
    for s in range(1, nsites + 1):
        site = f"S{s:03d}"
        assessed = []
        for regno, start in assessable.get(site, []):
            if rnd.random() >= 0.45: continue
            on = day(min(start.toordinal() + rnd.randint(0, 180), last_assess))
            interest = rnd.choice(TRADES)
            wa.writerow([site, regno, on.isoformat(), interest, pick([(1, 10), (2, 20), (3, 40), (4, 20), (5, 10)]),
                         pick([("buta_aksara", 8), ("dasar", 37), ("lancar", 55)]),
                         pick([("fit", 90), ("terbatas", 10)]), pick([("rendah", 60), ("sedang", 30), ("tinggi", 10)])])
            assessed.append((regno, interest))
        taken = set()
        for p in range(pick([(0, 15), (1, 35), (2, 35), (3, 15)])):
            code = f"{site}-P{p + 1}"
            trade = rnd.choice(TRADES)
            cap, hours = rnd.randint(10, 30), rnd.randint(60, 300)
            begin = day(datetime.date(2025, 1, 1).toordinal() + rnd.randint(0, 638))  # 2025-01-01 .. 2026-09-30
            end = begin + datetime.timedelta(days=rnd.randint(30, 120))
            nsess = min(30, hours // 4)
            wp.writerow([site, code, trade, cap, hours, begin.isoformat(), end.isoformat(), nsess])
            free = [a for a in assessed if a[0] not in taken]
            free.sort(key=lambda a: a[1] != trade)  # interested in the trade first (stable)
            want = int(cap * (0.6 + 0.4 * rnd.random()))
            running = end >= today
            step = max(1, (end - begin).days // max(1, nsess))
            held = [begin + datetime.timedelta(days=i * step) for i in range(nsess)]
            held = [d for d in held if d <= today]
            for regno, _ in free[:want]:
                taken.add(regno)
                st = "aktif" if running else pick([("lulus", 80), ("keluar", 10), ("gagal", 10)])
                we.writerow([site, regno, code, st, reasons.get(st, "")])
                for i, d in enumerate(held):
                    wt.writerow([site, regno, code, i + 1, d.isoformat(),
                                 pick([("hadir", 88), ("izin", 5), ("sakit", 4), ("alpa", 3)])])
    for f in (fp, fa, fe, ft): f.close()

if __name__ == "__main__":
    sys.exit(main())
