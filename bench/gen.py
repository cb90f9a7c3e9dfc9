#!/usr/bin/env python3
"""bench/gen.py — a deterministic synthetic dataset for the benchmarks.

Usage: bench/gen.py OUTDIR [--n 300000] [--sites 530] [--seed 42]

Writes OUTDIR/sites.csv, wbp.csv (importable with `bekal import wbp`), and
remisi.csv, discipline.csv, sppn.csv keyed by (site, regno). Same seed, same bytes.

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
    return 0

if __name__ == "__main__":
    sys.exit(main())
