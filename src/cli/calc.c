/* calc.c — `bekal calc sentence` (the stable sentence-date calculator) and
 * `bekal calc eligibility` (one inmate from a JSON file against the built-in
 * rule sets; used by the golden tests). Output is one JSON object on stdout;
 * malformed input gives an Indonesian message on stderr and exit code 2. */
#include "cli.h"
#include "../core/eligibility.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_REMISI_ARGS 200
#define MAX_RULESETS 32

static void calc_help(void)
{
    printf("Pemakaian:\n"
           "  bekal calc sentence --start TANGGAL --term JANGKA [--remisi JANGKA]... [--subsider JANGKA]\n"
           "                      [--uncounted-days N] [--method bulan-hari|hari]\n"
           "  bekal calc eligibility --input BERKAS.json [--at TANGGAL]\n"
           "  bekal calc split BERKAS.json\n"
           "  bekal calc placement BERKAS.json\n"
           "  bekal calc schedule BERKAS.json | bekal calc completion BERKAS.json (pelatihan)\n"
           "  bekal calc reconcile BERKAS.json (selisih tanggal Bekal dan SDP)\n"
           "  bekal calc batch < KASUS (banyak perhitungan dalam satu proses; uji golden)\n\n"
           "Kalkulator tanggal pidana (ekspirasi, 1/2, 2/3) dan syarat asimilasi.\n"
           "`bekal calc sentence --help` dan `bekal calc eligibility --help` untuk rinciannya.\n");
}

static void sentence_help(void)
{
    printf("Pemakaian: bekal calc sentence --start TANGGAL --term JANGKA [OPSI]...\n\n"
           "Menghitung tanggal ekspirasi, 1/2 dan 2/3 masa pidana; mencetak satu objek JSON\n"
           "{start, term, remisi_total, expiry, half, two_thirds, method}.\n\n"
           "  --start TANGGAL        mulai penahanan (YYYY-MM-DD atau DD-MM-YYYY)\n"
           "  --term JANGKA          pidana yang dijatuhkan: 2y6m15d, 15d, \"2 tahun 6 bulan 15 hari\"\n"
           "  --remisi JANGKA        remisi yang diberikan (boleh berulang; dijumlahkan bulan dan hari terpisah)\n"
           "  --subsider JANGKA      kurungan pengganti denda yang tidak dibayar (ditambahkan pada pidana)\n"
           "  --uncounted-days N     hari yang tidak dihitung sebagai menjalani pidana\n"
           "  --method METODE        bulan-hari (bawaan: 1 bulan = 30 hari, hari dulu lalu bulan) atau hari\n"
           "                         (hari kalender: pecahan dari jumlah hari mulai s.d. ekspirasi sebelum remisi)\n\n"
           "Pidana seumur hidup atau mati tidak mempunyai tanggal: keluar dengan kode 2.\n");
}

static void eligibility_help(void)
{
    printf("Pemakaian: bekal calc eligibility --input BERKAS.json [--at TANGGAL]\n\n"
           "Menilai syarat asimilasi satu WBP yang diuraikan dalam BERKAS.json dengan aturan bawaan\n"
           "yang berlaku pada TANGGAL (bawaan: hari ini). Kunci berkas:\n"
           "  legal_class (narapidana|tahanan|anak), crime_category (umum, narkotika, korupsi, terorisme,\n"
           "  keamanan_negara, ham_berat, transnasional, lainnya), sentence_kind (pidana|seumur_hidup|mati),\n"
           "  term, detention_start, subsider, fine_paid, restitution_paid, nationality, foreign_docs,\n"
           "  deradicalised, status (ditahan|bebas|pindah), uncounted_days,\n"
           "  remisi: [{amount | months+days, granted_date, kind, decree_no}],\n"
           "  discipline: [{level, decision_date, punish_start, punish_end, register_f, cancelled, ...}],\n"
           "  sppn: [{month: \"YYYY-MM\", score, predicate}],\n"
           "  corrections: [{which (ekspirasi|setengah|dua_pertiga), date, decided_on, ended_on, reason}]: koreksi\n"
           "  tanggal, dicatat dengan data pada decided_on; gugur bila data itu berubah.\n"
           "Keluaran: {eligible, eligible_from, at, ruleset, track, remisi_total, dates, requirements, corrections}.\n");
}

static bool is_life_or_death(const char *s)
{
    static const char *const w[] = {"life", "seumur-hidup", "seumur_hidup", "seumur hidup", "death", "mati", NULL};
    for (int i = 0; w[i]; i++)
        if (!strcasecmp(s, w[i])) return true;
    return false;
}

static json_t *period_json(const period_t *p)
{
    char b[PERIOD_FMT_LEN];
    period_format(p, b);
    return json_string(b);
}

/* The --remisi values of calc sentence, each a period, added up. */
struct remisi_args {
    period_t p[MAX_REMISI_ARGS];
    size_t n;
};
static int remisi_arg(void *dst, const char *cmd, const char *value)
{
    struct remisi_args *r = dst;
    err_t e;
    err_clear(&e);
    if (r->n >= MAX_REMISI_ARGS) return cli_usage_error(cmd, "terlalu banyak --remisi (paling banyak %d)", MAX_REMISI_ARGS);
    if (period_parse(value, &r->p[r->n], &e) < 0) return cli_usage_error(cmd, "--remisi: %s", e.msg);
    r->n++;
    return CLI_RUN;
}

static int calc_sentence(int argc, char **argv)
{
    const char *cmd = "calc sentence";
    const char *start = NULL, *term = NULL, *subsider = NULL, *uncounted = NULL, *method = NULL;
    struct remisi_args rem = {.n = 0};
    const cli_opt_t opts[] = {CLI_VAL("start", &start),       CLI_VAL("term", &term),
                              CLI_EACH("remisi", remisi_arg, &rem), CLI_VAL("subsider", &subsider),
                              CLI_VAL("uncounted-days", &uncounted), CLI_VAL("method", &method),
                              {0}};
    err_t e;
    err_clear(&e);
    int prc = cli_parse(cmd, argc, argv, opts, NULL, sentence_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (optind < argc) return cli_usage_error(cmd, "argumen tidak dikenal: %s", argv[optind]);
    if (!start) return cli_usage_error(cmd, "--start wajib diisi");
    if (!term) return cli_usage_error(cmd, "--term wajib diisi");
    sentence_t s = {0};
    if (!date_parse(start, &s.start))
        return cli_usage_error(cmd, "--start: tanggal \"%.40s\" tidak sah (pakai YYYY-MM-DD atau DD-MM-YYYY)", start);
    if (is_life_or_death(term))
        return cli_usage_error(cmd, "--term: pidana seumur hidup atau mati tidak mempunyai tanggal ekspirasi, 1/2 "
                                    "maupun 2/3");
    if (period_parse(term, &s.term, &e) < 0) return cli_usage_error(cmd, "--term: %s", e.msg);
    if (subsider && period_parse(subsider, &s.subsider, &e) < 0) return cli_usage_error(cmd, "--subsider: %s", e.msg);
    if (uncounted) {
        int64_t n;
        if (!parse_i64(uncounted, &n) || n < 0 || n > PERIOD_MAX_DAYS)
            return cli_usage_error(cmd, "--uncounted-days: harus bilangan bulat 0 sampai %d", PERIOD_MAX_DAYS);
        s.uncounted_days = (int32_t)n;
    }
    if (method && !date_method_parse(method, &s.method))
        return cli_usage_error(cmd, "--method: \"%.40s\" tidak dikenal (bulan-hari atau hari)", method);
    s.remisi = period_sum(rem.p, rem.n);
    sentence_dates_t d;
    if (sentence_dates(&s, &d, &e) < 0) return cli_usage_error(cmd, "%s", e.msg);
    period_t t = period_normalize(s.term);
    json_t *o = json_object();
    json_object_set_new(o, "start", cli_date_json(s.start));
    json_object_set_new(o, "term", period_json(&t));
    json_object_set_new(o, "remisi_total", period_json(&s.remisi));
    json_object_set_new(o, "expiry", cli_date_json(d.expiry));
    json_object_set_new(o, "half", cli_date_json(d.half));
    json_object_set_new(o, "two_thirds", cli_date_json(d.two_thirds));
    json_object_set_new(o, "method", json_string(date_method_name(s.method)));
    return cli_print_json(o);
}

/* ---- eligibility input ---------------------------------------------------- */

/* The lists of the input, each an array of objects parsed by its lists[] entry. */
enum { L_REMISI, L_DISCIPLINE, L_SPPN, L_ATTENDANCE, L_CORRECTIONS, L__COUNT };

/* Parsed input and the arrays it points to (caller frees with input_free). */
typedef struct {
    elig_input_t in;
    void *list[L__COUNT]; /* the lists' elements (elig_remisi_t, elig_discipline_t, ...) */
    size_t n[L__COUNT];
    char (*fp)[DATECORR_FP_LEN]; /* each correction's fingerprint: the inputs on its decision date */
} calc_input_t;

static void input_free(calc_input_t *ci)
{
    for (int k = 0; k < L__COUNT; k++) free(ci->list[k]);
    free(ci->fp);
}

static int opt_str(json_t *o, const char *key, const char *where, const char **out, err_t *e)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return 0;
    if (!json_is_string(v)) return err_set(e, 400, "invalid_input", "%s: \"%s\" harus berupa teks", where, key);
    *out = json_string_value(v);
    return 0;
}

static int opt_bool(json_t *o, const char *key, const char *where, bool *out, err_t *e)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return 0;
    if (!json_is_boolean(v)) return err_set(e, 400, "invalid_input", "%s: \"%s\" harus true atau false", where, key);
    *out = json_is_true(v);
    return 0;
}

static int opt_int(json_t *o, const char *key, const char *where, int lo, int hi, int *out, err_t *e)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return err_set(e, 400, "invalid_input", "%s: \"%s\" harus bilangan bulat %d sampai %d", where, key, lo, hi);
    *out = (int)json_integer_value(v);
    return 0;
}

static int opt_date(json_t *o, const char *key, const char *where, date_t *out, err_t *e)
{
    const char *s = NULL;
    *out = DATE_NONE;
    if (opt_str(o, key, where, &s, e) < 0) return -1;
    if (s && !date_parse(s, out))
        return err_set(e, 400, "invalid_input", "%s: \"%s\" bukan tanggal yang sah: \"%.40s\"", where, key, s);
    return 0;
}

static int opt_period(json_t *o, const char *key, const char *where, period_t *out, err_t *e)
{
    const char *s = NULL;
    if (opt_str(o, key, where, &s, e) < 0) return -1;
    if (!s) return 0;
    err_t pe;
    if (period_parse(s, out, &pe) < 0) return err_set(e, 400, "invalid_input", "%s: \"%s\": %s", where, key, pe.msg);
    return 0;
}

/* One element of an input list: it the JSON object (its keys already checked), where
 * its name in messages ("remisi[2]"), i its index, elem the element to fill. */
typedef int (*item_fn)(json_t *it, const char *where, size_t i, void *elem, err_t *e);

static int remisi_item(json_t *it, const char *where, size_t i, void *elem, err_t *e)
{
    (void)i;
    elig_remisi_t *r = elem;
    int m = 0, d = 0;
    if (opt_period(it, "amount", where, &r->amount, e) < 0 || opt_int(it, "months", where, 0, 120, &m, e) < 0 ||
        opt_int(it, "days", where, 0, 3650, &d, e) < 0 || opt_date(it, "granted_date", where, &r->granted, e) < 0)
        return -1;
    if (json_object_get(it, "amount") && (m || d))
        return err_set(e, 400, "invalid_input", "%s: pakai \"amount\" atau \"months\"/\"days\", jangan keduanya", where);
    if (m || d) r->amount = period_normalize((period_t){0, m, d});
    if (r->granted == DATE_NONE) return err_set(e, 400, "invalid_input", "%s: \"granted_date\" wajib diisi", where);
    return 0;
}

static int discipline_item(json_t *it, const char *where, size_t i, void *elem, err_t *e)
{
    (void)i;
    elig_discipline_t *d = elem;
    const char *lv = NULL;
    if (opt_str(it, "level", where, &lv, e) < 0) return -1;
    int l = discipline_level_parse(lv);
    if (l < 0) return err_set(e, 400, "invalid_input", "%s: \"level\" harus ringan, sedang atau berat", where);
    d->level = (discipline_level_t)l;
    if (opt_date(it, "decision_date", where, &d->decision, e) < 0 ||
        opt_date(it, "punish_start", where, &d->punish_start, e) < 0 ||
        opt_date(it, "punish_end", where, &d->punish_end, e) < 0 ||
        opt_bool(it, "register_f", where, &d->in_register_f, e) < 0 ||
        opt_bool(it, "cancelled", where, &d->cancelled, e) < 0)
        return -1;
    if (opt_str(it, "offence", where, &d->offence, e) < 0) return -1;
    if (d->decision == DATE_NONE) return err_set(e, 400, "invalid_input", "%s: \"decision_date\" wajib diisi", where);
    if (d->punish_start != DATE_NONE && d->punish_end != DATE_NONE && d->punish_end < d->punish_start)
        return err_set(e, 400, "invalid_input", "%s: hukuman selesai sebelum hukuman mulai", where);
    return 0;
}

static int sppn_item(json_t *it, const char *where, size_t i, void *elem, err_t *e)
{
    (void)i;
    elig_sppn_t *s = elem;
    const char *m = NULL;
    int score = -1;
    if (opt_str(it, "month", where, &m, e) < 0 || opt_int(it, "score", where, 0, 100, &score, e) < 0) return -1;
    if (!date_parse_month(m, &s->month)) return err_set(e, 400, "invalid_input", "%s: \"month\" harus YYYY-MM", where);
    if (score < 0) return err_set(e, 400, "invalid_input", "%s: \"score\" wajib diisi", where);
    s->score = score;
    return 0;
}

static int attendance_item(json_t *it, const char *where, size_t i, void *elem, err_t *e)
{
    (void)i;
    elig_attendance_t *at = elem;
    const char *m = NULL;
    int p = -1, t = -1;
    if (opt_str(it, "month", where, &m, e) < 0 || opt_int(it, "present", where, 0, 1000, &p, e) < 0 ||
        opt_int(it, "total", where, 0, 1000, &t, e) < 0)
        return -1;
    if (!date_parse_month(m, &at->month)) return err_set(e, 400, "invalid_input", "%s: \"month\" harus YYYY-MM", where);
    if (p < 0 || t < 0 || p > t)
        return err_set(e, 400, "invalid_input", "%s: \"present\" dan \"total\" wajib, present <= total", where);
    at->present = p;
    at->total = t;
    return 0;
}

/* A correction of the computed dates (core/datecorr.h); its fingerprint, the inputs
 * as they were on its decision date, is taken later by evaluating on that date. */
static int correction_item(json_t *it, const char *where, size_t i, void *elem, err_t *e)
{
    elig_correction_t *c = elem;
    const char *which = NULL, *reason = "koreksi";
    c->date = c->from = c->until = DATE_NONE;
    if (opt_str(it, "which", where, &which, e) < 0 || opt_date(it, "date", where, &c->date, e) < 0 ||
        opt_date(it, "decided_on", where, &c->from, e) < 0 || opt_date(it, "ended_on", where, &c->until, e) < 0 ||
        opt_str(it, "reason", where, &reason, e) < 0)
        return -1;
    int k = datecorr_kind_parse(which);
    if (k < 0) return err_set(e, 400, "invalid_input", "%s.which harus ekspirasi, setengah atau dua_pertiga", where);
    if (c->date == DATE_NONE || c->from == DATE_NONE)
        return err_set(e, 400, "invalid_input", "%s: date dan decided_on wajib diisi", where);
    c->kind = (datecorr_kind_t)k;
    c->id = (int64_t)i + 1;
    c->reason = reason;
    return 0;
}

static const struct {
    const char *key;           /* the input's key, also the elements' name in messages */
    const char *const *fields; /* an element's keys */
    size_t size;               /* an element's size */
    item_fn item;
} lists[L__COUNT] = {
    [L_REMISI] = {"remisi", (const char *const[]){"amount", "months", "days", "granted_date", "kind", "decree_no", NULL},
                  sizeof(elig_remisi_t), remisi_item},
    [L_DISCIPLINE] = {"discipline",
                      (const char *const[]){"level", "decision_date", "punish_start", "punish_end", "register_f",
                                            "cancelled", "offence", "cancel_reason", NULL},
                      sizeof(elig_discipline_t), discipline_item},
    [L_SPPN] = {"sppn", (const char *const[]){"month", "score", "predicate", NULL}, sizeof(elig_sppn_t), sppn_item},
    [L_ATTENDANCE] = {"attendance", (const char *const[]){"month", "present", "total", NULL},
                      sizeof(elig_attendance_t), attendance_item},
    [L_CORRECTIONS] = {"corrections", (const char *const[]){"which", "date", "decided_on", "ended_on", "reason", NULL},
                       sizeof(elig_correction_t), correction_item},
};

/* The list o[lists[k].key] (absent or null: none) into ci->list[k] and ci->n[k]. */
static int parse_list(json_t *o, int k, calc_input_t *ci, err_t *e)
{
    const char *key = lists[k].key;
    json_t *a = json_object_get(o, key);
    if (!a || json_is_null(a)) return 0;
    if (!json_is_array(a)) return err_set(e, 400, "invalid_input", "\"%s\" harus berupa daftar", key);
    size_t n = json_array_size(a);
    char *elems = xcalloc(n + 1, lists[k].size);
    ci->list[k] = elems;
    ci->n[k] = n;
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(a, i);
        char where[48];
        snprintf(where, sizeof where, "%s[%zu]", key, i);
        if (cli_json_keys(it, where, lists[k].fields, e) < 0 || lists[k].item(it, where, i, elems + i * lists[k].size, e) < 0)
            return -1;
    }
    return 0;
}

/* "safety_threatened": {"from", "until", "basis"}. */
static int parse_threatened(json_t *o, calc_input_t *ci, err_t *e)
{
    static const char *const keys[] = {"from", "until", "basis", NULL};
    const char *w = "safety_threatened";
    if (cli_json_keys(o, w, keys, e) < 0) return -1;
    if (opt_date(o, "from", w, &ci->in.threatened_from, e) < 0 || opt_date(o, "until", w, &ci->in.threatened_until, e) < 0 ||
        opt_str(o, "basis", w, &ci->in.threatened_basis, e) < 0)
        return -1;
    if (ci->in.threatened_from == DATE_NONE || !ci->in.threatened_basis || !*ci->in.threatened_basis)
        return err_set(e, 400, "invalid_input", "%s: \"from\" dan \"basis\" wajib diisi", w);
    return 0;
}

/* Fills ci from the inmate JSON object; 0 or -1 with a message in e. */
static int parse_input(json_t *o, calc_input_t *ci, err_t *e)
{
    static const char *const keys[] = {"legal_class", "crime_category", "sentence_kind", "term", "detention_start",
                                       "subsider", "fine_paid", "restitution_paid", "nationality", "foreign_docs",
                                       "deradicalised", "status", "uncounted_days", "remisi", "discipline", "sppn",
                                       "attendance", "safety_threatened", "name", "regno", "corrections", NULL};
    const char *w = "masukan";
    memset(ci, 0, sizeof *ci);
    elig_input_t *in = &ci->in;
    in->fine_paid = in->restitution_paid = true;
    in->in_custody = true;
    in->threatened_from = in->threatened_until = DATE_NONE;
    if (!json_is_object(o)) return err_set(e, 400, "invalid_input", "masukan harus berupa objek JSON");
    if (cli_json_keys(o, w, keys, e) < 0) return -1;
    const char *lc = "narapidana", *cc = NULL, *sk = "pidana", *nat = "WNI", *st = "ditahan";
    int unc = 0;
    if (opt_str(o, "legal_class", w, &lc, e) < 0 || opt_str(o, "crime_category", w, &cc, e) < 0 ||
        opt_str(o, "sentence_kind", w, &sk, e) < 0 || opt_str(o, "nationality", w, &nat, e) < 0 ||
        opt_str(o, "status", w, &st, e) < 0 || opt_period(o, "term", w, &in->term, e) < 0 ||
        opt_period(o, "subsider", w, &in->subsider, e) < 0 ||
        opt_date(o, "detention_start", w, &in->detention_start, e) < 0 ||
        opt_bool(o, "fine_paid", w, &in->fine_paid, e) < 0 ||
        opt_bool(o, "restitution_paid", w, &in->restitution_paid, e) < 0 ||
        opt_bool(o, "foreign_docs", w, &in->foreign_docs, e) < 0 ||
        opt_bool(o, "deradicalised", w, &in->deradicalised, e) < 0 ||
        opt_int(o, "uncounted_days", w, 0, PERIOD_MAX_DAYS, &unc, e) < 0)
        return -1;
    int v;
    if ((v = legal_class_parse(lc)) < 0)
        return err_set(e, 400, "invalid_input", "legal_class harus narapidana, tahanan atau anak");
    in->legal_class = (legal_class_t)v;
    if (!cc) return err_set(e, 400, "invalid_input", "crime_category wajib diisi");
    if ((v = crime_category_parse(cc)) < 0)
        return err_set(e, 400, "invalid_input", "crime_category \"%.40s\" tidak dikenal", cc);
    in->crime = (crime_category_t)v;
    if ((v = sentence_kind_parse(sk)) < 0)
        return err_set(e, 400, "invalid_input", "sentence_kind harus pidana, seumur_hidup atau mati");
    in->kind = (sentence_kind_t)v;
    if (in->kind == SENTENCE_PIDANA && period_is_zero(&in->term) && in->legal_class != LEGAL_TAHANAN)
        return err_set(e, 400, "invalid_input", "term wajib diisi untuk pidana waktu tertentu");
    if (in->detention_start == DATE_NONE) return err_set(e, 400, "invalid_input", "detention_start wajib diisi");
    if (strcmp(st, "ditahan") && strcmp(st, "bebas") && strcmp(st, "pindah"))
        return err_set(e, 400, "invalid_input", "status harus ditahan, bebas atau pindah");
    in->in_custody = !strcmp(st, "ditahan");
    in->foreign = strcasecmp(nat, "WNI") != 0 && strcasecmp(nat, "Indonesia") != 0;
    in->uncounted_days = unc;
    for (int k = L_REMISI; k <= L_ATTENDANCE; k++)
        if (parse_list(o, k, ci, e) < 0) return -1;
    json_t *t = json_object_get(o, "safety_threatened");
    if (t && !json_is_null(t) && parse_threatened(t, ci, e) < 0) return -1;
    if (parse_list(o, L_CORRECTIONS, ci, e) < 0) return -1;
    in->remisi = ci->list[L_REMISI];
    in->n_remisi = ci->n[L_REMISI];
    in->discipline = ci->list[L_DISCIPLINE];
    in->n_discipline = ci->n[L_DISCIPLINE];
    in->sppn = ci->list[L_SPPN];
    in->n_sppn = ci->n[L_SPPN];
    in->attendance = ci->list[L_ATTENDANCE];
    in->n_attendance = ci->n[L_ATTENDANCE];
    elig_correction_t *corr = ci->list[L_CORRECTIONS];
    in->corr = corr;
    in->n_corr = ci->n[L_CORRECTIONS];
    ci->fp = xcalloc(in->n_corr + 1, sizeof *ci->fp);
    for (size_t k = 0; k < in->n_corr; k++) corr[k].inputs = ci->fp[k];
    return 0;
}

static json_t *result_json(const elig_result_t *r, date_t at)
{
    json_t *o = json_object();
    json_object_set_new(o, "eligible", json_boolean(r->eligible));
    json_object_set_new(o, "eligible_from", cli_date_json(r->eligible_from));
    json_object_set_new(o, "at", cli_date_json(at));
    json_object_set_new(o, "ruleset", json_string(r->rules->code));
    json_object_set_new(o, "track", json_string(r->special ? "khusus" : "umum"));
    json_t *forms = json_array();
    for (int f = 0; f < USL_FORM__COUNT; f++)
        if (elig_form_allowed(r, (usulan_form_t)f)) json_array_append_new(forms, json_string(usulan_form_code((usulan_form_t)f)));
    json_object_set_new(o, "forms_allowed", forms);
    json_object_set_new(o, "basis", json_string(r->rules->basis));
    json_object_set_new(o, "remisi_total", period_json(&r->remisi_total));
    json_t *d = json_object();
    json_object_set_new(d, "expiry", cli_date_json(r->has_dates ? r->dates.expiry : DATE_NONE));
    json_object_set_new(d, "half", cli_date_json(r->has_dates ? r->dates.half : DATE_NONE));
    json_object_set_new(d, "two_thirds", cli_date_json(r->has_dates ? r->dates.two_thirds : DATE_NONE));
    json_object_set_new(o, "dates", d);
    json_t *reqs = json_array();
    for (int i = 0; i < r->n; i++) {
        const elig_req_t *q = &r->req[i];
        char detail[1024];
        elig_req_detail(r, q, at, detail, sizeof detail);
        json_t *qj = json_pack("{s:s, s:b, s:o, s:s}", "code", elig_req_code_name(q->code), "met", q->met, "met_from",
                               cli_date_json(q->met_from), "detail", detail);
        if (q->code == REQ_AKTIF_PEMBINAAN) {
            json_t *mm = json_array(), *ml = json_array();
            char m[DATE_ISO_LEN];
            for (int k = 0; k < r->n_missing; k++) {
                date_format(date_month_first(r->missing[k]), m);
                json_array_append_new(mm, json_stringn(m, 7));
            }
            for (int k = 0; k < r->n_low; k++) {
                date_format(date_month_first(r->low[k]), m);
                json_array_append_new(ml, json_stringn(m, 7));
            }
            json_object_set_new(qj, "months_missing", mm);
            json_object_set_new(qj, "months_low", ml);
        }
        json_array_append_new(reqs, qj);
    }
    json_object_set_new(o, "requirements", reqs);
    json_t *cs = json_array();
    for (int k = 0; k < DC__COUNT; k++) {
        const elig_corr_t *c = &r->corr[k];
        if (c->state == ELIG_CORR_NONE) continue;
        char why[400] = "";
        if (c->state == ELIG_CORR_LAPSED) datecorr_cause_text(c->cause, c->inputs, r->inputs, why, sizeof why);
        json_t *x = json_pack("{s:s, s:s, s:o, s:o, s:s}", "which", datecorr_kind_code((datecorr_kind_t)k), "state",
                              c->state == ELIG_CORR_APPLIED ? "berlaku" : "gugur", "date", cli_date_json(c->corrected),
                              "computed", cli_date_json(c->computed), "reason", c->reason);
        json_object_set_new(x, "lapse_cause", why[0] ? json_string(why) : json_null());
        json_array_append_new(cs, x);
    }
    json_object_set_new(o, "corrections", cs);
    return o;
}

static int calc_eligibility(int argc, char **argv)
{
    const char *cmd = "calc eligibility", *file = NULL, *at_s = NULL;
    const cli_opt_t opts[] = {CLI_VAL("input", &file), CLI_VAL("at", &at_s), {0}};
    int prc = cli_parse(cmd, argc, argv, opts, NULL, eligibility_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (optind < argc) return cli_usage_error(cmd, "argumen tidak dikenal: %s", argv[optind]);
    if (!file) return cli_usage_error(cmd, "--input wajib diisi");
    char today[11];
    today_iso(today);
    date_t at;
    if (!date_parse(at_s ? at_s : today, &at))
        return cli_usage_error(cmd, "--at: tanggal \"%.40s\" tidak sah (pakai YYYY-MM-DD)", at_s ? at_s : today);
    json_error_t je;
    json_t *root = json_load_file(file, JSON_REJECT_DUPLICATES, &je);
    if (!root) return cli_usage_error(cmd, "%s: JSON tidak dapat dibaca (baris %d): %s", file, je.line, je.text);
    err_t e;
    err_clear(&e);
    calc_input_t ci;
    int rc = 2;
    if (parse_input(root, &ci, &e) < 0) {
        rc = cli_usage_error(cmd, "%s: %s", file, e.msg);
        goto out;
    }
    ruleset_t sets[MAX_RULESETS];
    size_t n;
    if (ruleset_load_builtins(sets, MAX_RULESETS, &n, &e) < 0) {
        fprintf(stderr, "bekal %s: %s\n", cmd, e.msg);
        rc = 1;
        goto out;
    }
    elig_result_t r;
    /* each correction's fingerprint: the inputs on its decision date (as the page records it) */
    for (size_t k = 0; k < ci.in.n_corr; k++) {
        elig_input_t bare = ci.in;
        bare.n_corr = 0;
        if (elig_evaluate(sets, n, &bare, ci.in.corr[k].from, &r, &e) < 0) {
            rc = cli_usage_error(cmd, "%s", e.msg);
            goto out;
        }
        snprintf(ci.fp[k], sizeof ci.fp[k], "%s", r.inputs);
    }
    if (elig_evaluate(sets, n, &ci.in, at, &r, &e) < 0) {
        rc = cli_usage_error(cmd, "%s", e.msg);
        goto out;
    }
    rc = cli_print_json(result_json(&r, at));
out:
    input_free(&ci);
    json_decref(root);
    return rc;
}

int cmd_calc(int argc, char **argv)
{
    if (argc < 2) {
        calc_help();
        return 2;
    }
    const char *sub = argv[1];
    if (!strcmp(sub, "--help") || !strcmp(sub, "-h") || !strcmp(sub, "help")) {
        calc_help();
        return 0;
    }
    if (!strcmp(sub, "sentence")) return calc_sentence(argc - 1, argv + 1);
    if (!strcmp(sub, "eligibility")) return calc_eligibility(argc - 1, argv + 1);
    if (!strcmp(sub, "split")) return calc_split(argc - 1, argv + 1);
    if (!strcmp(sub, "placement")) return cmd_calc_placement(argc - 1, argv + 1);
    if (!strcmp(sub, "schedule")) return calc_schedule(argc - 1, argv + 1);
    if (!strcmp(sub, "completion")) return calc_completion(argc - 1, argv + 1);
    if (!strcmp(sub, "reconcile")) return calc_reconcile(argc - 1, argv + 1);
    if (!strcmp(sub, "batch")) return calc_batch(argc - 1, argv + 1);
    return cli_usage_error("calc", "subperintah tidak dikenal: %s (sentence, eligibility, split, placement, schedule, completion, reconcile atau batch)", sub);
}
