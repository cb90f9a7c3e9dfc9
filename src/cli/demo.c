/* demo.c — a believable, deterministic demo dataset for `bekal init --demo`:
 * Lapas Ketapang and Lapas Pontianak, one account per role, and synthetic inmates
 * (made-up names, seeded pseudo-random sentences, crimes and dates). Every row goes
 * through the same validation and audited store functions as real data. */
#include "demo.h"
#include "../store/movement_store.h"
#include "../core/pembinaan.h"
#include <stdlib.h>
#include "../store/auth.h"
#include "../store/wbp_store.h"
#include <stdio.h>
#include <string.h>

const char demo_logins[] =
    "Akun contoh (kata sandi semua akun: bekal123):\n"
    "  admin       admin lokasi            LPKTP (Lapas Kelas IIB Ketapang)\n"
    "  staf        staf Giatja/Binadik     LPKTP\n"
    "  wali        wali pemasyarakatan     LPKTP\n"
    "  instruktur  instruktur BLK          LPKTP\n"
    "  kalapas     Kalapas                 LPKTP\n"
    "  kanwil      Kanwil Kalimantan Barat LPKTP, LPPTK\n"
    "  bapas       Bapas                   LPKTP\n"
    "  admin.ptk   admin lokasi            LPPTK (Lapas Kelas IIA Pontianak)\n";

#define DEMO_PASSWORD "bekal123"

static const actor_t demo_actor = {0, "demo", "admin"};

static const struct {
    const char *name, *role, *sites, *full;
} demo_users[] = {
    {"admin", "admin", "LPKTP", "Rudi Hartono Simbolon"},
    {"staf", "staf", "LPKTP", "Nurhayati Rangkuti"},
    {"wali", "wali", "LPKTP", "Yohanes Bere Lamablawa"},
    {"instruktur", "instruktur", "LPKTP", "Sri Wahyuningrum"},
    {"kalapas", "kalapas", "LPKTP", "Bambang Sutejo Wiryawan"},
    {"kanwil", "kanwil", "LPKTP,LPPTK", "Margaretha Uli Sinaga"},
    {"bapas", "bapas", "LPKTP", "Hasanudin Daeng Matutu"},
    {"admin.ptk", "admin", "LPPTK", "Fransiska Deviyanti Kalang"},
};

/* Made-up name parts; combinations are synthetic, famous combinations avoided. */
static const char *const given_m[] = {
    "Agus",   "Andi",    "Arif",   "Asep",   "Bayu",    "Dedi",   "Dimas",   "Eko",    "Fajar",  "Fikri",
    "Gilang", "Hadi",    "Hendra", "Herman", "Imam",    "Irwan",  "Iwan",    "Joko",   "Lukman", "Nanang",
    "Oki",    "Rahmat",  "Rizki",  "Sigit",  "Slamet",  "Taufik", "Teguh",   "Ujang",  "Usman",  "Wahyu",
    "Yoga",   "Yusuf",   "Zainal", "Ketut",  "Made",    "Wayan",  "Antonius", "Albertus", "Hendrik", "Markus",
    "Daniel", "Syarif",  "Jumadi", "Samsul", "Hasbi",   "Riduan", "Aliong",  "Akhmad", "Darius", "Yakobus"};
static const char *const given_f[] = {"Ani",   "Ayu",   "Dewi",  "Endang", "Fitri",  "Indah",  "Kartika",
                                      "Lestari", "Maria", "Maya", "Nur",   "Putri",  "Ratna", "Rina",
                                      "Sari",  "Siti",  "Wulan", "Yanti",  "Elisabet", "Mei Ling"};
static const char *const family[] = {
    "Saputra",   "Pratama",  "Santoso",  "Wibowo",   "Hidayat",    "Setiawan",  "Nugroho",  "Siregar",
    "Nasution",  "Simanjuntak", "Lubis", "Harahap",  "Sitompul",   "Situmorang", "Manurung", "Kusuma",
    "Wijaya",    "Halim",    "Syahputra", "Ramadhan", "Firmansyah", "Hakim",     "Susanto",  "Purnomo",
    "Rahman",    "Effendi",  "Utomo",    "Tanjung",  "Ginting",    "Tarigan",   "Sembiring", "Pangaribuan",
    "Hutapea",   "Daulay",   "Matondang", "Abdullah", "Anwar",     "Jaya",      "Riyadi",   "Maulana",
    "Sudrajat",  "Lumban",   "Kanisius", "Ilyas",    "Suhendra",   "Marpaung",  "Baharudin", "Tamrin"};
static const struct {
    const char *nationality, *given[4], *family[4];
} foreign[] = {
    {"Malaysia", {"Faizal", "Azman", "Hafiz", "Zulkifli"}, {"bin Osman", "bin Hamzah", "bin Ismail", "bin Yaakub"}},
    {"Tiongkok", {"Wei", "Jun", "Hao", "Lei"}, {"Zhang", "Liu", "Chen", "Huang"}},
    {"Vietnam", {"Van Minh", "Duc Anh", "Quoc Bao", "Thanh"}, {"Nguyen", "Tran", "Pham", "Le"}},
    {"Nigeria", {"Chinedu", "Emeka", "Obinna", "Tunde"}, {"Okafor", "Adeyemi", "Eze", "Balogun"}},
    {"Filipina", {"Jomar", "Rodel", "Arnel", "Jerico"}, {"Dela Cruz", "Bautista", "Villanueva", "Ramos"}},
};
static const char *const educations[] = {"Tidak sekolah", "SD", "SMP", "SMA/SMK", "D3", "S1", "S2"};
static const int edu_w[] = {5, 25, 28, 32, 3, 6, 1};
static const char *const religions[] = {"Islam", "Kristen", "Katolik", "Hindu", "Buddha", "Konghucu"};
static const int rel_w[] = {74, 11, 8, 1, 4, 2};
static const char *const crimes[] = {"umum",          "narkotika", "korupsi", "terorisme", "keamanan_negara",
                                     "transnasional", "ham_berat", "lainnya"};
static const int crime_w[] = {46, 38, 6, 2, 1, 4, 0, 3};
static const char *const detail_umum[] = {
    "Pasal 362 KUHP (pencurian)",  "Pasal 363 KUHP (pencurian dengan pemberatan)",
    "Pasal 365 KUHP (pencurian dengan kekerasan)", "Pasal 378 KUHP (penipuan)",
    "Pasal 372 KUHP (penggelapan)", "Pasal 351 KUHP (penganiayaan)",
    "Pasal 338 KUHP (pembunuhan)", "Pasal 81 UU 35/2014 (perlindungan anak)",
    "Pasal 480 KUHP (penadahan)",  "Pasal 44 UU 23/2004 (KDRT)"};
static const char *const detail_narko[] = {"Pasal 112 UU 35/2009 (menguasai narkotika)",
                                           "Pasal 114 UU 35/2009 (mengedarkan narkotika)",
                                           "Pasal 127 UU 35/2009 (penyalah guna narkotika)",
                                           "Pasal 111 UU 35/2009 (narkotika golongan I tanaman)"};

/* ---- deterministic pseudo-random numbers (splitmix64) ---- */
uint64_t demo_rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
int64_t demo_put(db_t *db, err_t *e, arena_t *a, const actor_t *who, const record_def_t *d, int64_t site_id,
                 int64_t parent, const char *const *raw, void (*check)(const char **, field_errs_t *))
{
    const char **v = arena_alloc(a, sizeof(char *) * (size_t)d->nfields);
    memset(v, 0, sizeof(char *) * (size_t)d->nfields);
    field_errs_t fe = {0};
    for (int i = 0; i < d->nfields; i++) rec_set(a, d, v, i, raw[i], &fe);
    rec_finish(d, v, &fe);
    if (check) check(v, &fe);
    if (fe.n) return err_set(e, 500, "demo", "data contoh %s tidak sah: %s", d->entity, fe.e[0].msg);
    return rec_insert_child(db, e, d, who, site_id, parent, v);
}

const char *demo_int(arena_t *a, int64_t v) { return arena_printf(a, "%lld", (long long)v); }

/* Uniform in lo..hi inclusive. */
static int rint_in(uint64_t *s, int lo, int hi) { return hi <= lo ? lo : lo + (int)(demo_rnd(s) % (uint64_t)(hi - lo + 1)); }
static int pick_w(uint64_t *s, const int *w, int n)
{
    int tot = 0;
    for (int i = 0; i < n; i++) tot += w[i];
    int r = rint_in(s, 0, tot - 1);
    for (int i = 0; i < n; i++) {
        if (r < w[i]) return i;
        r -= w[i];
    }
    return n - 1;
}
#define PICK(s, arr) (arr)[rint_in((s), 0, (int)ARRAY_LEN(arr) - 1)]

/* ---- civil dates as day numbers (days since 1970-01-01) ---- */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
static void civil_from_days(long z, char out[11])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1, m = mp + (mp < 10 ? 3 : -9);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(y + (m <= 2)) % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}
static long iso_days(const char *s)
{
    int y = 0, m = 0, d = 0;
    sscanf(s, "%d-%d-%d", &y, &m, &d);
    return days_from_civil(y, m, d);
}

typedef struct {
    int64_t site_id;
    const char *court; /* "Ktp" */
    long anchor;       /* the dataset's today, as a day number */
    int bebas;         /* released rows created so far */
} seed_site_t;

/* Builds inmate number i of a site into v (arena strings) and writes it. */
/* Remisi, discipline and SPPN for an inmate in custody, so the screening has
 * something to explain: SPPN for the last 4 full months (mostly >= 60), remisi
 * umum on 17 August for each year served, and a discipline record for some. */
static int seed_pembinaan(db_t *db, err_t *e, arena_t *a, uint64_t *rs, seed_site_t *ss, int64_t wbp_id,
                          long start, long today, bool punished)
{
    char d[11], m[12];
    for (int k = 1; k <= 4; k++) {
        civil_from_days(today, d);
        int y = atoi(d), mo = atoi(d + 5) - k;
        while (mo < 1) mo += 12, y--;
        if (days_from_civil(y, mo, 28) < start) continue;
        snprintf(m, sizeof m, "%04d-%02d", y % 10000, mo % 100);
        const char *v[SF_COUNT] = {m, arena_printf(a, "%d", rint_in(rs, 0, 9) ? rint_in(rs, 60, 95) : rint_in(rs, 40, 59)),
                                   "baik"};
        if (rec_insert_child(db, e, &sppn_def, &demo_actor, ss->site_id, wbp_id, v) < 0) return -1;
    }
    civil_from_days(start, d);
    char td[11];
    civil_from_days(today, td);
    for (int y = atoi(d); y <= atoi(td); y++) {
        long g = days_from_civil(y, 8, 17);
        if (g - start < 183 || g > today) continue;
        char gd[11];
        civil_from_days(g, gd);
        const char *v[RF_COUNT] = {"umum", g - start >= 365 ? "2" : "1", "0", arena_strdup(a, gd),
                                   arena_printf(a, "W.DEMO-%d/PAS/%d", y, rint_in(rs, 100, 999))};
        if (rec_insert_child(db, e, &remisi_def, &demo_actor, ss->site_id, wbp_id, v) < 0) return -1;
    }
    bool disc = rint_in(rs, 0, 11) == 0;
    if ((disc || punished) && today - start > 60) {
        long dd = today - rint_in(rs, 20, (int)(today - start > 400 ? 400 : today - start - 1));
        if (punished) dd = today - 40;
        char dec[11], end[11];
        civil_from_days(dd, dec);
        civil_from_days(dd + 10, end);
        bool berat = rint_in(rs, 0, 1) || punished;
        const char *v[DF_COUNT] = {berat ? "berkelahi dengan sesama WBP" : "terlambat apel",
                                   berat ? "berat" : "ringan", arena_strdup(a, dec), arena_strdup(a, dec),
                                   arena_strdup(a, end), berat ? "1" : "0", "0", NULL};
        if (rec_insert_child(db, e, &discipline_def, &demo_actor, ss->site_id, wbp_id, v) < 0) return -1;
    }
    return 0;
}

/* A few Ketapang inmates are made to show one reason each for not being eligible,
 * whatever the day the demo is made (the rest of the register shows them by chance). */
enum { SHOW_NONE, SHOW_TERROR, SHOW_KORUPSI, SHOW_FOREIGN, SHOW_DISCIPLINE, SHOW_REMAND };
static int showcase(const seed_site_t *ss, int i)
{
    static const int idx[] = {30, 31, 32, 34, 35}; /* not released, moved, life or death (see below) */
    if (!str_eq(ss->court, "Ktp")) return SHOW_NONE;
    for (size_t k = 0; k < ARRAY_LEN(idx); k++)
        if (idx[k] == i) return SHOW_TERROR + (int)k;
    return SHOW_NONE;
}

static int seed_inmate(db_t *db, err_t *e, arena_t *a, uint64_t *rs, seed_site_t *ss, int i)
{
    int show = showcase(ss, i);
    const char *v[WF_COUNT] = {0};
    const char *raw[WF_COUNT] = {0};
    long start0 = days_from_civil(2016, 1, 1), today = ss->anchor;

    int r = rint_in(rs, 0, 99);
    const char *cls = r < 3 ? "anak" : r < 7 ? "tahanan" : "narapidana";
    if (show) cls = show == SHOW_REMAND ? "tahanan" : "narapidana";
    bool anak = cls[0] == 'a', tahanan = cls[0] == 't';
    const char *crime = crimes[pick_w(rs, crime_w, (int)ARRAY_LEN(crimes))];
    if (anak && !str_eq(crime, "narkotika")) crime = "umum";
    if (show == SHOW_TERROR) crime = "terorisme";
    else if (show == SHOW_KORUPSI) crime = "korupsi";
    else if (show) crime = "umum";
    bool is_foreign = !anak && rint_in(rs, 0, 99) < 4;
    if (show) is_foreign = show == SHOW_FOREIGN;
    static const int foreign_w[] = {5, 2, 2, 1, 1}; /* Kalimantan Barat borders Malaysia */
    int fi = pick_w(rs, foreign_w, (int)ARRAY_LEN(foreign));
    if (is_foreign && str_eq(crime, "umum")) crime = rint_in(rs, 0, 1) ? "narkotika" : "transnasional";
    bool female = rint_in(rs, 0, 99) < 8;

    /* sentence */
    const char *kind = "pidana";
    int y = 0, m = 0, d = 0;
    bool released = !tahanan && i % 11 == 5, moved = !released && !tahanan && i % 47 == 20;
    if (tahanan) {
        /* remand: no sentence yet */
    } else if (anak) {
        int months = rint_in(rs, 6, released ? 18 : 36);
        y = months / 12, m = months % 12;
    } else if (!released && i % 89 == 13) {
        kind = "seumur_hidup";
        crime = i % 2 ? "narkotika" : "umum";
    } else if (!released && i % 113 == 41) {
        kind = "mati";
        crime = "narkotika";
    } else if (released) {
        int k = rint_in(rs, 0, 2);
        if (k == 0) d = rint_in(rs, 20, 90);
        else if (k == 1) m = rint_in(rs, 3, 11);
        else y = rint_in(rs, 1, 4), m = 6 * rint_in(rs, 0, 1);
    } else if (str_eq(crime, "korupsi")) {
        y = rint_in(rs, 1, 8), m = 6 * rint_in(rs, 0, 1);
    } else if (str_eq(crime, "terorisme")) {
        y = rint_in(rs, 3, 12);
    } else if (str_eq(crime, "narkotika")) {
        if (rint_in(rs, 0, 99) < 15) y = 1, m = rint_in(rs, 0, 6);
        else y = rint_in(rs, 4, 15), m = 6 * rint_in(rs, 0, 1);
    } else if (str_eq(crime, "umum") || str_eq(crime, "lainnya")) {
        int k = rint_in(rs, 0, 99);
        if (k < 12) d = rint_in(rs, 20, 90);
        else if (k < 40) m = rint_in(rs, 3, 11);
        else {
            static const int mm[] = {0, 0, 3, 6, 8};
            y = rint_in(rs, 1, 12), m = PICK(rs, mm);
            if (rint_in(rs, 0, 9) == 0) d = 15;
        }
    } else {
        y = rint_in(rs, 2, 10);
    }
    if (show && !tahanan && y < 3) y = 3, m = 0, d = 0;
    long term = y * 365L + m * 30L + d;

    /* detention start: the released served their term; the rest are still inside */
    long start;
    if (tahanan) start = today - rint_in(rs, 3, 120);
    else if (released) start = start0 + rint_in(rs, 0, (int)(today - term - 30 - start0));
    else if (moved || !str_eq(kind, "pidana")) start = start0 + rint_in(rs, 0, (int)(today - 30 - start0));
    else {
        long lo = today - term + 30 > start0 ? today - term + 30 : start0;
        start = lo + rint_in(rs, 0, (int)(today - 5 - lo));
        if (start > today - 5) start = today - 5;
        if (show == SHOW_DISCIPLINE) start = today - 400;
    }
    if (start < start0) start = start0;
    int age = anak ? rint_in(rs, 14, 17) : rint_in(rs, 19, 58);
    long birth = start - age * 365L - rint_in(rs, 0, 364);

    char date[11], bdate[11], vdate[11];
    civil_from_days(start, date);
    civil_from_days(birth, bdate);
    int year = (int)(date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');

    const char *prefix = tahanan ? "AII" : anak ? "AN" : term > 365 || !str_eq(kind, "pidana") ? "BI"
                                                     : term > 90                                ? "BIIa"
                                                                                                : "BIIb";
    raw[WF_REGNO] = arena_printf(a, "%s.%04d/%d", prefix, i + 1, year);
    if (is_foreign) {
        raw[WF_NAME] = arena_printf(a, "%s %s", female ? PICK(rs, given_f) : PICK(rs, foreign[fi].given),
                                    PICK(rs, foreign[fi].family));
    } else {
        const char *g1 = female ? PICK(rs, given_f) : PICK(rs, given_m);
        const char *g2 = female ? PICK(rs, given_f) : PICK(rs, given_m), *fam = PICK(rs, family);
        if (rint_in(rs, 0, 2) == 0 && !str_eq(g1, g2)) /* a second given name now and then */
            raw[WF_NAME] = arena_printf(a, "%s %s %s", g1, g2, fam);
        else
            raw[WF_NAME] = arena_printf(a, "%s %s", g1, fam);
    }
    raw[WF_BIRTH_DATE] = bdate;
    raw[WF_SEX] = female ? "P" : "L";
    raw[WF_RELIGION] = rint_in(rs, 0, 49) ? religions[pick_w(rs, rel_w, (int)ARRAY_LEN(religions))] : NULL;
    raw[WF_NATIONALITY] = is_foreign ? foreign[fi].nationality : "WNI";
    int edu = pick_w(rs, edu_w, (int)ARRAY_LEN(educations));
    if (str_eq(crime, "korupsi")) edu = rint_in(rs, 4, 6);
    if (anak && edu > 2) edu = 2;
    raw[WF_EDUCATION] = educations[edu];
    raw[WF_LEGAL_CLASS] = cls;
    raw[WF_CRIME_CATEGORY] = crime;
    if (str_eq(crime, "umum")) raw[WF_CRIME_DETAIL] = PICK(rs, detail_umum);
    else if (str_eq(crime, "narkotika")) raw[WF_CRIME_DETAIL] = PICK(rs, detail_narko);
    else if (str_eq(crime, "korupsi")) raw[WF_CRIME_DETAIL] = "Pasal 3 UU 31/1999 jo. UU 20/2001 (tindak pidana korupsi)";
    else if (str_eq(crime, "terorisme")) raw[WF_CRIME_DETAIL] = "Pasal 15 jo. Pasal 7 UU 5/2018 (terorisme)";
    else if (str_eq(crime, "transnasional")) raw[WF_CRIME_DETAIL] = "Pasal 4 UU 21/2007 (perdagangan orang)";
    else if (str_eq(crime, "keamanan_negara")) raw[WF_CRIME_DETAIL] = "Pasal 106 KUHP (makar)";
    else raw[WF_CRIME_DETAIL] = "Pasal 406 KUHP (perusakan barang)";
    raw[WF_SENTENCE_KIND] = kind;
    raw[WF_TERM_YEARS] = arena_printf(a, "%d", y);
    raw[WF_TERM_MONTHS] = arena_printf(a, "%d", m);
    raw[WF_TERM_DAYS] = arena_printf(a, "%d", d);
    raw[WF_DETENTION_START] = date;
    if (!tahanan) {
        long vd = start + rint_in(rs, 45, 200);
        if (vd > today - 1) vd = today - 1;
        if (vd < start) vd = start;
        civil_from_days(vd, vdate);
        const char *pid = anak ? "Pid.Sus-Anak" : str_eq(crime, "umum") ? "Pid.B"
                                               : str_eq(crime, "korupsi") ? "Pid.Sus-TPK"
                                                                          : "Pid.Sus";
        raw[WF_VERDICT_NO] = arena_printf(a, "%d/%s/%.4s/PN %s", rint_in(rs, 1, 640), pid, vdate, ss->court);
        raw[WF_VERDICT_DATE] = vdate;
    }
    bool narko = str_eq(crime, "narkotika") && !anak, tpk = str_eq(crime, "korupsi");
    if ((narko || tpk) && !tahanan && str_eq(kind, "pidana")) {
        long fine = narko ? rint_in(rs, 8, 20) * 100000000L : rint_in(rs, 1, 10) * 50000000L;
        raw[WF_FINE] = arena_printf(a, "%ld", fine);
        raw[WF_FINE_PAID] = rint_in(rs, 0, 99) < (tpk ? 50 : 10) && show != SHOW_KORUPSI ? "1" : "0";
        raw[WF_SUBSIDER_MONTHS] = arena_printf(a, "%d", rint_in(rs, 1, 6));
    }
    if (tpk && !tahanan) {
        raw[WF_RESTITUTION] = arena_printf(a, "%ld", rint_in(rs, 1, 40) * 25000000L);
        raw[WF_RESTITUTION_PAID] = rint_in(rs, 0, 99) < 40 ? "1" : "0";
    }
    raw[WF_STATUS] = released ? "bebas" : moved ? "pindah" : "ditahan";
    if (str_eq(crime, "terorisme"))
        raw[WF_DERADICALISED] = rint_in(rs, 0, 99) < 40 && show != SHOW_TERROR ? "1" : "0";
    if (is_foreign) raw[WF_FOREIGN_DOCS] = rint_in(rs, 0, 1) && show != SHOW_FOREIGN ? "1" : "0";

    /* the same validation as any other source: a failure here is a bug in this file */
    field_errs_t fe;
    fe.n = 0;
    for (int k = 0; k < WF_COUNT; k++) rec_set(a, &wbp_def, v, k, raw[k], &fe);
    rec_finish(&wbp_def, v, &fe);
    char td[11];
    civil_from_days(today, td);
    wbp_validate(v, td, &fe);
    if (fe.n) return err_set(e, 500, "demo", "data contoh %s tidak sah: %s", raw[WF_REGNO], fe.e[0].msg);
    int64_t id;
    if (wbp_upsert(db, e, a, &demo_actor, ss->site_id, v, &id) < 0) return -1;
    if (released) ss->bebas++;
    if (!released && !moved && !tahanan && start != 0) return seed_pembinaan(db, e, a, rs, ss, id, start, today, show == SHOW_DISCIPLINE);
    return 0;
}

static int64_t add_site(db_t *db, err_t *e, const char *code, const char *name, const char *region,
                        const char *address)
{
    return demo_site_add(db, e, &demo_actor, code, name, region, address);
}

static int seed(db_t *db, void *ctx, err_t *e)
{
    (void)ctx;
    int64_t have = site_id_by_code(db, e, "LPKTP");
    if (have != 0) return have < 0 ? -1 : 0;
    int64_t ktp = add_site(db, e, "LPKTP", "Lapas Kelas IIB Ketapang", "Kalimantan Barat",
                           "Jl. Letkol Sugiyono, Ketapang, Kalimantan Barat");
    if (ktp < 0) return -1;
    int64_t ptk = add_site(db, e, "LPPTK", "Lapas Kelas IIA Pontianak", "Kalimantan Barat",
                           "Jl. Adisucipto, Kubu Raya, Kalimantan Barat");
    if (ptk < 0) return -1;
    if (demo_seed_access(db, e, &demo_actor) < 0) return -1; /* demo_access.c: before the accounts */
    for (size_t i = 0; i < ARRAY_LEN(demo_users); i++)
        if (auth_user_add(db, e, &demo_actor, demo_users[i].name, demo_users[i].role, demo_users[i].sites,
                          DEMO_PASSWORD, demo_users[i].full) < 0)
            return -1;

    char today[11];
    today_iso(today);
    long anchor = iso_days(today); /* the dataset is built around the day it is made */
    seed_site_t sites[] = {{ktp, "Ktp", anchor, 0}, {ptk, "Ptk", anchor, 0}};
    const int counts[] = {320, 50};
    uint64_t rs = 0x42454B414CULL; /* "BEKAL" */
    for (int s = 0; s < 2; s++) {
        for (int i = 0; i < counts[s]; i++) {
            arena_t a;
            arena_init(&a);
            int rc = seed_inmate(db, e, &a, &rs, &sites[s], i);
            arena_release(&a);
            if (rc < 0) return -1;
        }
    }
    char anchor_iso[11];
    civil_from_days(anchor, anchor_iso);
    if (demo_seed_programs(db, e, &demo_actor, ktp, anchor_iso) < 0) return -1;
    if (demo_seed_placement(db, e, &demo_actor, ktp, anchor_iso) < 0) return -1;
    if (demo_seed_training(db, e, &demo_actor, ktp, anchor_iso) < 0) return -1; /* demo_training.c */
    if (movement_demo_seed(db, e, &demo_actor, ktp) < 0) return -1;             /* store/movement_demo.c */
    if (demo_seed_production(db, e, &demo_actor, ktp, ptk, anchor_iso) < 0) return -1;
    if (demo_seed_releases(db, e, &demo_actor, ktp, anchor_iso) < 0) return -1;
    if (movement_demo_readiness(db, e, &demo_actor, ktp) < 0) return -1; /* store/movement_demo.c */
    /* after the proposals and releases; both sites, so each has marks to list */
    if (demo_seed_notprop(db, e, &demo_actor, ktp, anchor_iso) < 0) return -1;
    if (demo_seed_notprop(db, e, &demo_actor, ptk, anchor_iso) < 0) return -1;
    if (demo_seed_datecorr(db, e, &demo_actor, ktp, anchor_iso) < 0) return -1;
    if (demo_seed_datecorr(db, e, &demo_actor, ptk, anchor_iso) < 0) return -1;
    return demo_seed_caseload(db, e, &demo_actor, ktp, anchor_iso); /* demo_access.c */
}

int demo_seed(db_t *db, err_t *e)
{
    int64_t have = site_id_by_code(db, e, "LPKTP");
    if (have != 0) return have < 0 ? -1 : 0;
    return db_tx(db, seed, NULL, e);
}
