/* usulan_store.c — asimilasi proposals, their steps, dossier and scans, and the
 * TPP session list (see usulan_store.h). */
#include "usulan_store.h"
#include "rowmap.h"
#include "scope.h"
#include "elig_store.h"
#include "settings.h"
#include "sync_store.h"
#include "../core/program.h"
#include "../core/wbp.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_CHAINS 16
#define MAX_DOSSIERS 8
static usulan_chain_t *chains;
static usulan_dossier_t *dossiers;
static size_t nchains, ndossiers;
static pthread_once_t rules_once = PTHREAD_ONCE_INIT;
static void load_rules(void)
{
    err_t e;
    err_clear(&e);
    chains = xcalloc(MAX_CHAINS, sizeof *chains);
    dossiers = xcalloc(MAX_DOSSIERS, sizeof *dossiers);
    if (usulan_chain_load_builtins(chains, MAX_CHAINS, &nchains, &e) < 0) nchains = 0;
    if (usulan_dossier_load_builtins(dossiers, MAX_DOSSIERS, &ndossiers, &e) < 0) ndossiers = 0;
}

const usulan_chain_t *usulan_chain_by_code(const char *code)
{
    pthread_once(&rules_once, load_rules);
    for (size_t i = 0; code && i < nchains; i++)
        if (!strcmp(chains[i].head.code, code)) return &chains[i];
    return NULL;
}

const usulan_dossier_t *usulan_dossier_at(date_t date)
{
    pthread_once(&rules_once, load_rules);
    return usulan_dossier_pick(dossiers, ndossiers, date);
}

static int64_t num(const char *s) { return s ? strtoll(s, NULL, 10) : 0; }
static date_t pdate(const char *s)
{
    date_t d;
    return s && date_parse(s, &d) ? d : DATE_NONE;
}

/* ---------------------------------------------------------------- load */

int usulan_load(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t id, usulan_full_t *out)
{
    memset(out, 0, sizeof *out);
    int rc = rec_load(db, e, a, &usulan_def, uid, id, &out->rec);
    if (rc <= 0) return rc;
    const char **v = out->rec.v;
    out->chain = usulan_chain_by_code(v[USF_CHAIN_CODE]);
    if (out->chain) {
        usulan_init(out->chain, &out->u);
        out->u.state = usulan_state_index(out->chain, v[USF_STATE]);
    } else
        out->u.state = -1;
    out->u.tpp_date = pdate(v[USF_TPP_DATE]);
    out->u.decree_date = pdate(v[USF_DECREE_DATE]);
    out->u.letter_date = pdate(v[USF_LETTER_DATE]);
    out->u.start_date = pdate(v[USF_START_DATE]);
    out->u.end_date = pdate(v[USF_END_DATE]);
    snprintf(out->u.decree_no, sizeof out->u.decree_no, "%s", v[USF_DECREE_NO] ? v[USF_DECREE_NO] : "");
    snprintf(out->u.letter_no, sizeof out->u.letter_no, "%s", v[USF_LETTER_NO] ? v[USF_LETTER_NO] : "");
    snprintf(out->u.reason, sizeof out->u.reason, "%s", v[USF_REASON] ? v[USF_REASON] : "");
    out->created = pdate(out->rec.created_at ? arena_strndup(a, out->rec.created_at, 10) : NULL);
    db_stmt_t *st = db_query(db, e,
                             "SELECT w.regno, w.name, w.crime_category, p.name FROM wbp w LEFT JOIN enrolment n "
                             "ON n.id = ? LEFT JOIN program p ON p.id = n.program_id WHERE w.id = ?",
                             "ii", num(v[USF_ENROLMENT_ID]), num(v[USF_WBP_ID]));
    if (!st) return -1;
    rc = db_step(st, e);
    if (rc == 1) {
        out->regno = arena_strdup(a, db_col_text(st, 0));
        out->name = arena_strdup(a, db_col_text(st, 1));
        out->crime = arena_strdup(a, db_col_text(st, 2));
        out->program_name = arena_strdup(a, db_col_text(st, 3));
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    return rc < 0 ? -1 : 1;
}

/* ---------------------------------------------------------------- eligibility guard */

struct guard_ctx {
    arena_t *a;
    usulan_guard_t *g;
    date_t at;
    int form;
    bool found;
    bool have_now;         /* a future date: active coaching as known today (later months cannot be scored yet) */
    usulan_req_t coach_now;
};

static const char *iso_or_null(arena_t *a, date_t d)
{
    char s[DATE_ISO_LEN];
    date_format(d, s);
    return s[0] ? arena_strdup(a, s) : NULL;
}

/* Active coaching as it stands today, for a guard on a future date. */
static int coach_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct guard_ctx *c = vc;
    const elig_result_t *r = row->res;
    for (int i = 0; i < r->n; i++)
        if (r->req[i].code == REQ_AKTIF_PEMBINAAN) {
            char detail[1024];
            date_t now = today_date();
            elig_req_detail(r, &r->req[i], now, detail, sizeof detail);
            c->coach_now = (usulan_req_t){elig_req_code_name(REQ_AKTIF_PEMBINAAN), elig_req_label(REQ_AKTIF_PEMBINAAN),
                                          arena_printf(c->a, _("%s (dinilai per hari ini: bulan sesudahnya belum dapat "
                                                               "dinilai)"), detail),
                                          iso_or_null(c->a, r->req[i].met_from), r->req[i].met};
            c->have_now = true;
        }
    return 0;
}

static int guard_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct guard_ctx *c = vc;
    const elig_result_t *r = row->res;
    usulan_guard_t *g = c->g;
    c->found = true;
    g->eligible = r->eligible;
    g->ruleset = r->rules ? arena_strdup(c->a, r->rules->code) : NULL;
    g->basis = r->rules ? arena_strdup(c->a, r->rules->basis) : NULL;
    bool overridden = false;
    for (int i = 0; i < r->n && g->n < REQ__COUNT; i++) {
        if (r->req[i].code == REQ_AKTIF_PEMBINAAN && c->have_now) {
            g->req[g->n++] = c->coach_now;
            overridden = true;
            continue;
        }
        char detail[1024];
        elig_req_detail(r, &r->req[i], c->at, detail, sizeof detail);
        /* a corrected fraction date says so in the label (the TPP list shows labels) */
        const char *label = elig_req_label(r->req[i].code);
        if (r->req[i].code == REQ_MASA_PIDANA && r->frac_corr >= 0)
            label = arena_printf(c->a, _("%s — dikoreksi: %s"), label, r->corr[r->frac_corr].reason);
        g->req[g->n++] = (usulan_req_t){elig_req_code_name(r->req[i].code), label,
                                        arena_strdup(c->a, detail), iso_or_null(c->a, r->req[i].met_from),
                                        r->req[i].met};
    }
    bool any_unmet = false;
    for (int i = 0; i < g->n; i++) any_unmet |= !g->req[i].met;
    if (overridden) { /* the other requirements as projected, coaching as known today */
        bool all = !any_unmet;
        g->eligible = all && (!r->has_dates || c->at < r->dates.expiry);
    }
    /* every requirement met, but the sentence has ended (not when only the projected
     * coaching made the core say no: coaching as known today decided above) */
    bool ended = r->has_dates && c->at >= r->dates.expiry;
    if (!any_unmet && (ended || (!r->eligible && !overridden)) && g->n < REQ__COUNT) {
        g->eligible = false;
        char d[DATE_LONG_LEN];
        date_format_long_ui(r->has_dates ? r->dates.expiry : DATE_NONE, d);
        g->req[g->n++] = (usulan_req_t){"ekspirasi",
                                        r->corr[DC_EXPIRY].state == ELIG_CORR_APPLIED
                                            ? arena_printf(c->a, _("%s — dikoreksi: %s"), _("Masa pidana"),
                                                           r->corr[DC_EXPIRY].reason)
                                            : _("Masa pidana"),
                                        arena_printf(c->a, _("Masa pidana berakhir (ekspirasi) pada %s: tidak ada "
                                                             "asimilasi sesudahnya."), d[0] ? d : "-"),
                                        iso_or_null(c->a, r->has_dates ? r->dates.expiry : DATE_NONE), false};
    }
    if (c->form >= 0) {
        bool ok = elig_form_allowed(r, (usulan_form_t)c->form);
        buf_t allowed;
        buf_init(&allowed);
        for (int f = 0; f < USL_FORM__COUNT; f++)
            if (elig_form_allowed(r, (usulan_form_t)f))
                buf_printf(&allowed, "%s%s", allowed.len ? ", " : "", usulan_form_code((usulan_form_t)f));
        const char *detail =
            ok ? arena_printf(c->a, _("Bentuk asimilasi %s dibolehkan untuk %s."), usulan_form_code((usulan_form_t)c->form),
                              r->special ? _("tindak pidana khusus") : _("tindak pidana umum"))
               : arena_printf(c->a, _("Bentuk asimilasi %s tidak dibolehkan untuk %s menurut aturan %s (%s); yang "
                                      "dibolehkan: %s."),
                              usulan_form_code((usulan_form_t)c->form),
                              r->special ? _("tindak pidana khusus") : _("tindak pidana umum"),
                              r->rules ? r->rules->code : "-", r->rules ? r->rules->basis : "-",
                              allowed.data ? allowed.data : "-");
        buf_release(&allowed);
        g->req[g->n++] = (usulan_req_t){"bentuk_asimilasi", _("Bentuk asimilasi"), detail, NULL, ok};
        g->eligible = g->eligible && ok;
    }
    return 0;
}

int usulan_guard(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, date_t at, int form, usulan_guard_t *g)
{
    memset(g, 0, sizeof *g);
    date_format(at, g->at);
    struct guard_ctx c = {a, g, at, form, false, false, {0}};
    date_t now = today_date();
    if (at > now) { /* future months cannot be scored yet: active coaching as it stands today */
        elig_query_t q0 = {0, 0, wbp_id, now, false};
        if (elig_scan(db, e, &q0, coach_row, &c) < 0) return -1;
    }
    elig_query_t q = {0, 0, wbp_id, at, false};
    if (elig_scan(db, e, &q, guard_row, &c) < 0) return -1;
    if (!c.found) return err_set(e, 404, "not_found", _("WBP dengan id %lld tidak ditemukan"), (long long)wbp_id);
    return 0;
}

date_t usulan_guard_date(const usulan_full_t *f, date_t today)
{
    date_t p = pdate(f->rec.v[USF_PLANNED_START]);
    return p != DATE_NONE && p > today ? p : today;
}

/* The 422 of a guard that failed: its unmet requirements in the message. */
static int not_eligible(err_t *e, const usulan_guard_t *g)
{
    buf_t b;
    buf_init(&b);
    for (int i = 0; i < g->n; i++)
        if (!g->req[i].met) buf_printf(&b, "%s%s: %s", b.len ? "; " : "", g->req[i].code, g->req[i].detail);
    date_t at;
    char dl[DATE_LONG_LEN] = "";
    if (date_parse(g->at, &at)) date_format_long_ui(at, dl);
    err_set(e, 422, "not_eligible", _("WBP belum memenuhi syarat asimilasi pada %s (aturan %s): %s"), dl,
            g->ruleset ? g->ruleset : "-", b.data ? b.data : "");
    buf_release(&b);
    return -1;
}

/* ---------------------------------------------------------------- create */

static int add_event(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t site_id, int64_t id, const char *from,
                     const char *to, const char *fields, const char *reason)
{
    char now[32];
    now_iso(now);
    return db_run(db, e,
                  "INSERT INTO usulan_event(site_id, usulan_id, at, from_state, to_state, fields, reason, user_id, "
                  "user_name, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  "iitttttttt", site_id, id, now, from, to, fields ? fields : "{}", reason,
                  who->user_id ? arena_printf(a, "%lld", (long long)who->user_id) : NULL, who->name ? who->name : "",
                  who->role ? who->role : "") < 0
               ? -1
               : 0;
}

struct create_ctx {
    arena_t *a;
    const actor_t *who;
    int64_t uid, wbp_id;
    const char *form, *notes, *planned, *today;
    int64_t id;
    usulan_guard_t *guard;
};


int64_t usulan_open_id(db_t *db, err_t *e, int64_t wbp_id)
{
    db_stmt_t *st = db_query(db, e, "SELECT id, chain_code, state FROM usulan WHERE wbp_id = ? ORDER BY id", "i", wbp_id);
    if (!st) return -1;
    int64_t open_id = 0;
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        const usulan_chain_t *ch = usulan_chain_by_code(db_col_text(st, 1));
        int s = ch ? usulan_state_index(ch, db_col_text(st, 2)) : -1;
        if (ch && s >= 0 && !usulan_state_final(ch, s)) open_id = db_col_int(st, 0);
    }
    db_finalize(st);
    return rc < 0 ? -1 : open_id;
}

static int do_create(db_t *db, void *vc, err_t *e)
{
    struct create_ctx *c = vc;
    rec_t wbp;
    int rc = rec_load(db, e, c->a, &wbp_def, c->uid, c->wbp_id, &wbp);
    if (rc <= 0)
        return rc == 0 ? err_set(e, 404, "not_found", _("WBP dengan id %lld tidak ditemukan"), (long long)c->wbp_id)
                       : -1;
    const char *form = c->form && *c->form ? c->form : "dalam_lapas";
    if (usulan_form_parse(form) < 0)
        return err_set(e, 422, "validation", _("bentuk asimilasi \"%.40s\" tidak dikenal"), form);
    /* one open proposal per WBP */
    int64_t open_id = usulan_open_id(db, e, c->wbp_id);
    if (open_id < 0) return -1;
    if (open_id)
        return err_set(e, 409, "open_proposal",
                       _("WBP ini masih mempunyai usulan asimilasi yang berjalan (usulan #%lld); selesaikan dulu usulan "
                         "itu"),
                       (long long)open_id);
    /* the law: eligible on the planned start (else today), in the form proposed */
    date_t today_d, at;
    if (!date_parse(c->today, &today_d)) return err_set(e, 500, "bad_date", "tanggal hari ini tidak sah");
    at = today_d;
    if (c->planned && *c->planned) {
        if (!date_parse(c->planned, &at))
            return err_set(e, 400, "invalid_date", _("rencana mulai asimilasi \"%.40s\" tidak sah (pakai TTTT-BB-HH)"),
                           c->planned);
        if (at < today_d)
            return err_set(e, 400, "invalid_date", "%s", _("rencana mulai asimilasi tidak boleh sebelum hari ini"));
    }
    if (usulan_guard(db, e, c->a, c->wbp_id, at, usulan_form_parse(form), c->guard) < 0) return -1;
    if (!c->guard->eligible) return not_eligible(e, c->guard);
    const char *variant = "kalapas";
    if (setting_get(db, e, c->a, "usulan.chain", wbp.site_id, c->today, true, &variant) < 0) return -1;
    pthread_once(&rules_once, load_rules);
    date_t today;
    if (!date_parse(c->today, &today)) return err_set(e, 500, "bad_date", "tanggal hari ini tidak sah");
    const usulan_chain_t *ch = usulan_chain_pick(chains, nchains, variant, today);
    if (!ch)
        return err_set(e, 500, "no_chain", _("tidak ada alur usulan \"%s\" yang berlaku (pengaturan usulan.chain)"),
                       variant);
    int64_t enrol = db_one_int(db, e,
                               "SELECT COALESCE(max(id), 0) FROM enrolment WHERE wbp_id = ? AND status IN "
                               "('ditempatkan', 'terdaftar', 'selesai')",
                               "i", c->wbp_id);
    if (enrol < 0) return -1;
    char now[32];
    now_iso(now);
    const char *raw[USF_COUNT] = {0};
    raw[USF_WBP_ID] = arena_printf(c->a, "%lld", (long long)c->wbp_id);
    raw[USF_ENROLMENT_ID] = enrol ? arena_printf(c->a, "%lld", (long long)enrol) : NULL;
    raw[USF_VARIANT] = ch->variant;
    raw[USF_CHAIN_CODE] = ch->head.code;
    raw[USF_STATE] = ch->states[ch->initial].code;
    raw[USF_FORM] = form;
    raw[USF_NOTES] = c->notes;
    raw[USF_STATE_AT] = now;
    raw[USF_PLANNED_START] = c->planned && *c->planned ? iso_or_null(c->a, at) : NULL;
    field_errs_t fe = {0};
    const char **v = arena_alloc(c->a, sizeof(char *) * USF_COUNT);
    for (int i = 0; i < USF_COUNT; i++) rec_set(c->a, &usulan_def, v, i, raw[i], &fe);
    rec_finish(&usulan_def, v, &fe);
    if (fe.n) return err_set(e, 422, "validation", "%s", fe.e[0].msg);
    if ((c->id = rec_insert(db, e, &usulan_def, c->who, wbp.site_id, v)) < 0) return -1;
    return add_event(db, e, c->a, c->who, wbp.site_id, c->id, NULL, v[USF_STATE], "{}", NULL);
}

int usulan_create(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t wbp_id, const char *form,
                  const char *notes, const char *planned_start, const char *today, int64_t *id, usulan_guard_t *guard)
{
    usulan_guard_t local;
    struct create_ctx c = {a, who, uid, wbp_id, form, notes, planned_start, today, 0, guard ? guard : &local};
    if (db_tx(db, do_create, &c, e) < 0) return -1;
    *id = c.id;
    return 0;
}

/* ---------------------------------------------------------------- dossier */

static int special_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    *(bool *)vc = row->res && row->res->special;
    return 0;
}

/* The inmate as the dossier conditions see it. */
static int profile_for(db_t *db, err_t *e, arena_t *a, const usulan_full_t *f, usulan_profile_t *p)
{
    memset(p, 0, sizeof *p);
    rec_t w;
    int rc = rec_load(db, e, a, &wbp_def, 0, num(f->rec.v[USF_WBP_ID]), &w);
    if (rc <= 0) return rc == 0 ? err_set(e, 404, "not_found", _("WBP usulan ini tidak ditemukan")) : -1;
    int crime = crime_category_parse(w.v[WF_CRIME_CATEGORY]);
    p->crime = crime < 0 ? CRIME_LAINNYA : (crime_category_t)crime;
    const char *nat = w.v[WF_NATIONALITY];
    p->foreigner = nat && *nat && strcasecmp(nat, "WNI") != 0 && strcasecmp(nat, "Indonesia") != 0;
    p->fine_imposed = num(w.v[WF_FINE]) > 0;
    p->fine_paid = str_eq(w.v[WF_FINE_PAID], "1");
    p->restitution_imposed = num(w.v[WF_RESTITUTION]) > 0;
    int form = usulan_form_parse(f->rec.v[USF_FORM]);
    p->form = form < 0 ? USL_FORM_DALAM_LAPAS : (usulan_form_t)form;
    /* the special-crime track, as the eligibility rules decide it today */
    char today[11];
    today_iso(today);
    elig_query_t q = {0, 0, w.id, pdate(today), false};
    return elig_scan(db, e, &q, special_row, &p->special_crime);
}

#define C(f, t) RM_COL(usulan_doc_row_t, t, f)
static const rm_col_t doc_cols[] = {C(id, RM_INT),         C(code, RM_TEXT),         C(present, RM_BOOL),
                                    C(note, RM_TEXT),      C(file_name, RM_TEXT),    C(content_type, RM_TEXT),
                                    C(sha256, RM_TEXT),    C(has_scan, RM_BOOL),     C(size, RM_INT),
                                    C(updated_at, RM_TEXT)};
#undef C
static const rm_spec_t doc_spec = RM_SPEC(usulan_doc_row_t, doc_cols);

int usulan_docs(db_t *db, err_t *e, arena_t *a, int64_t usulan_id, usulan_doc_row_t **out, int *n)
{
    *out = rm_list(db_query(db, e,
                            "SELECT id, doc_code, present, note, file_name, content_type, sha256, "
                            "CASE WHEN sha256 IS NULL THEN 0 ELSE 1 END, size_bytes, updated_at FROM usulan_document "
                            "WHERE usulan_id = ? ORDER BY id LIMIT ?",
                            "ii", usulan_id, (int64_t)USL_MAX_DOCS),
                   e, a, &doc_spec, n);
    return *out ? 0 : -1;
}

int usulan_checklist_for(db_t *db, err_t *e, arena_t *a, const usulan_full_t *f, usulan_check_t *out, bool *complete)
{
    *complete = false;
    const usulan_dossier_t *ds = usulan_dossier_at(f->created != DATE_NONE ? f->created : pdate("2999-01-01"));
    if (!ds) return err_set(e, 500, "no_dossier", _("tidak ada aturan kelengkapan berkas usulan yang berlaku"));
    usulan_profile_t p;
    if (profile_for(db, e, a, f, &p) < 0) return -1;
    usulan_doc_row_t *rows;
    int n;
    if (usulan_docs(db, e, a, f->rec.id, &rows, &n) < 0) return -1;
    const char **present = arena_alloc(a, sizeof(char *) * (size_t)(n + 1));
    int np = 0;
    for (int i = 0; i < n; i++)
        if (rows[i].present) present[np++] = rows[i].code;
    return usulan_checklist(ds, &p, present, (size_t)np, out, complete);
}

/* The kind of a scan from its first bytes: a content type, or NULL. */
static const char *scan_type(const char *d, size_t n)
{
    if (n >= 5 && !memcmp(d, "%PDF-", 5)) return "application/pdf";
    if (n >= 3 && (unsigned char)d[0] == 0xFF && (unsigned char)d[1] == 0xD8 && (unsigned char)d[2] == 0xFF)
        return "image/jpeg";
    if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) return "image/png";
    return NULL;
}

/* A file name safe for a header and a page: letters, digits, ". _ -" and spaces
 * (others become "_"), no leading dots, at most 100 bytes, ending in the extension
 * of its content type. */
static const char *safe_name(arena_t *a, const char *in, const char *code, const char *ctype)
{
    const char *ext = str_eq(ctype, "application/pdf") ? ".pdf" : str_eq(ctype, "image/png") ? ".png" : ".jpg";
    const char *base = in ? strrchr(in, '/') : NULL;
    base = base ? base + 1 : in;
    if (base && strrchr(base, '\\')) base = strrchr(base, '\\') + 1;
    while (base && (*base == '.' || *base == ' ')) base++;
    buf_t b;
    buf_init(&b);
    for (const char *p = base; p && *p && b.len < 96; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == '-' || c == ' ';
        buf_putc(&b, ok ? c : '_');
    }
    if (b.len == 0) buf_puts(&b, code);
    if (b.len < 4 || strcasecmp(b.data + b.len - 4, ext) != 0) buf_puts(&b, ext);
    const char *s = arena_strdup(a, b.data);
    buf_release(&b);
    return s;
}

struct doc_ctx {
    arena_t *a;
    const actor_t *who;
    int64_t uid, id;
    const char *code, *note, *data, *file_name;
    int present;
    size_t len;
};

static int do_doc(db_t *db, void *vc, err_t *e)
{
    struct doc_ctx *c = vc;
    usulan_full_t f;
    int rc = usulan_load(db, e, c->a, c->uid, c->id, &f);
    if (rc <= 0) return rc == 0 ? err_set(e, 404, "not_found", _("usulan dengan id %lld tidak ditemukan"), (long long)c->id) : -1;
    const usulan_dossier_t *ds = usulan_dossier_at(f.created != DATE_NONE ? f.created : pdate("2999-01-01"));
    bool known = false;
    for (int i = 0; ds && i < ds->n_docs; i++) known |= str_eq(ds->docs[i].code, c->code);
    if (!known) return err_set(e, 422, "unknown_document", _("dokumen \"%.48s\" tidak ada dalam daftar berkas usulan"), c->code ? c->code : "");
    if (f.chain && f.u.state >= 0 && usulan_state_final(f.chain, f.u.state))
        return err_set(e, 409, "closed", _("usulan ini sudah selesai diproses; berkasnya tidak dapat diubah lagi"));
    db_stmt_t *st = db_query(db, e,
                             "SELECT id, present, note, file_name, sha256 FROM usulan_document WHERE usulan_id = ? AND "
                             "doc_code = ?",
                             "it", c->id, c->code);
    if (!st) return -1;
    int64_t row = 0;
    int was_present = 0;
    const char *old_note = NULL, *old_file = NULL, *old_sha = NULL;
    if ((rc = db_step(st, e)) == 1) {
        row = db_col_int(st, 0);
        was_present = (int)db_col_int(st, 1);
        old_note = arena_strdup(c->a, db_col_text(st, 2));
        old_file = arena_strdup(c->a, db_col_text(st, 3));
        old_sha = arena_strdup(c->a, db_col_text(st, 4));
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    if (rc < 0) return -1;
    int present = c->present >= 0 ? c->present : was_present;
    const char *note = c->note ? (*c->note ? c->note : NULL) : old_note;
    const char *ctype = NULL, *fname = old_file, *sum = old_sha, *b64 = NULL;
    char hex[65];
    if (c->data) {
        ctype = scan_type(c->data, c->len);
        if (!ctype) return err_set(e, 415, "unsupported_media_type", _("pindaian harus berkas PDF, JPEG atau PNG"));
        char msg[300];
        int bad = str_eq(ctype, "application/pdf") ? pdf_check(c->data, c->len, c->len, msg, sizeof msg) : 0;
        if (bad) return err_set(e, bad, "unsupported_media_type", "%s", msg);
        unsigned char h[32];
        crypto_hash_sha256(h, (const unsigned char *)c->data, c->len);
        hex_encode(h, 32, hex);
        sum = hex;
        size_t b64len = sodium_base64_ENCODED_LEN(c->len, sodium_base64_VARIANT_ORIGINAL);
        char *enc = arena_alloc(c->a, b64len);
        sodium_bin2base64(enc, b64len, (const unsigned char *)c->data, c->len, sodium_base64_VARIANT_ORIGINAL);
        b64 = enc;
        fname = safe_name(c->a, c->file_name, c->code, ctype);
        present = 1;
    }
    char now[32];
    now_iso(now);
    const char *uidt = c->who->user_id ? arena_printf(c->a, "%lld", (long long)c->who->user_id) : NULL;
    if (!row) {
        row = db_one_int(db, e,
                         "INSERT INTO usulan_document(site_id, usulan_id, doc_code, present, note, file_name, "
                         "content_type, size_bytes, sha256, data, created_at, created_by, updated_at, updated_by) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                         "iitbtttttttttt", f.rec.site_id, c->id, c->code, present, note, c->data ? fname : NULL, ctype,
                         c->data ? arena_printf(c->a, "%zu", c->len) : NULL, c->data ? sum : NULL, b64, now, uidt, now,
                         uidt);
        if (row < 0) return -1;
    } else if (c->data) {
        if (db_run(db, e,
                   "UPDATE usulan_document SET present = ?, note = ?, file_name = ?, content_type = ?, size_bytes = ?, "
                   "sha256 = ?, data = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                   "btttttttti", present, note, fname, ctype, arena_printf(c->a, "%zu", c->len), sum, b64, now, uidt,
                   row) < 0)
            return -1;
    } else if (db_run(db, e, "UPDATE usulan_document SET present = ?, note = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                      "bttti", present, note, now, uidt, row) < 0)
        return -1;
    char *before_j = row && (old_note || old_file || was_present)
                         ? arena_printf(c->a, "{\"doc_code\":\"%s\",\"present\":%s,\"sha256\":%s}", c->code,
                                        was_present ? "true" : "false",
                                        old_sha ? arena_printf(c->a, "\"%s\"", old_sha) : "null")
                         : NULL;
    json_t *after = json_pack("{s:I, s:s, s:b, s:o, s:o, s:o}", "usulan_id", (json_int_t)c->id, "doc_code", c->code,
                              "present", present, "note", note ? json_string(note) : json_null(), "file_name",
                              fname ? json_string(fname) : json_null(), "sha256",
                              sum ? json_string(sum) : json_null());
    int arc = audit_write(db, e,
                          &(audit_write_t){c->who, f.rec.site_id, before_j ? "update" : "create", "usulan_document", row,
                                           .after = after, .before_text = before_j});
    return arc;
}

int usulan_doc_set(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, const char *code,
                   int present, const char *note, const char *data, size_t len, const char *file_name)
{
    struct doc_ctx c = {a, who, uid, id, code, note, data, file_name, present, len};
    return db_tx(db, do_doc, &c, e);
}

struct docs_ctx {
    arena_t *a;
    const actor_t *who;
    int64_t uid, id;
    const usulan_doc_in_t *in;
    int n, *failed;
};

static int do_docs(db_t *db, void *vc, err_t *e)
{
    struct docs_ctx *c = vc;
    for (int i = 0; i < c->n; i++) {
        const usulan_doc_in_t *x = &c->in[i];
        struct doc_ctx d = {c->a, c->who, c->uid, c->id, x->code, x->note, x->data, x->file_name, x->present, x->len};
        *c->failed = i;
        if (do_doc(db, &d, e) < 0) return -1;
    }
    *c->failed = -1;
    return 0;
}

int usulan_docs_set(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id,
                    const usulan_doc_in_t *in, int n, int *failed)
{
    struct docs_ctx c = {a, who, uid, id, in, n, failed};
    *failed = -1;
    return db_tx(db, do_docs, &c, e);
}

int usulan_scan_check(const char *data, size_t len, char *msg, size_t n)
{
    const char *ctype = scan_type(data, len);
    if (!ctype) {
        snprintf(msg, n, "%s", _("pindaian harus berkas PDF, JPEG atau PNG"));
        return 415;
    }
    return str_eq(ctype, "application/pdf") ? pdf_check(data, len, len, msg, n) : 0;
}

int usulan_scan_get(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t doc_id, usulan_doc_row_t *row,
                    const char **data, size_t *len)
{
    db_stmt_t *st = db_query(db, e,
                             "SELECT d.id, d.doc_code, d.file_name, d.content_type, d.sha256, d.data FROM usulan_document "
                             "d WHERE d.id = ? AND (? = 0 OR d.site_id IN (SELECT site_id FROM user_site WHERE "
                             "user_id = ?)) AND d.usulan_id IN (SELECT u.id FROM usulan u WHERE " WBP_SCOPE("u.wbp_id") ")",
                             "iiiii", doc_id, uid, uid, uid, uid);
    if (!st) return -1;
    int rc = db_step(st, e);
    const char *b64 = NULL;
    if (rc == 1) {
        memset(row, 0, sizeof *row);
        row->id = db_col_int(st, 0);
        row->code = arena_strdup(a, db_col_text(st, 1));
        row->file_name = arena_strdup(a, db_col_text(st, 2));
        row->content_type = arena_strdup(a, db_col_text(st, 3));
        row->sha256 = arena_strdup(a, db_col_text(st, 4));
        b64 = arena_strdup(a, db_col_text(st, 5));
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    if (rc <= 0) return rc;
    if (!b64 || !row->sha256) return 0;
    size_t blen = strlen(b64), cap = blen / 4 * 3 + 3, got = 0;
    char *bin = arena_alloc(a, cap + 1);
    if (sodium_base642bin((unsigned char *)bin, cap, b64, blen, NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
        return err_set(e, 500, "document_corrupt", _("pindaian dokumen %lld rusak"), (long long)doc_id);
    unsigned char h[32];
    char hex[65];
    crypto_hash_sha256(h, (const unsigned char *)bin, got);
    hex_encode(h, 32, hex);
    if (!str_eq(hex, row->sha256))
        return err_set(e, 500, "document_corrupt", _("pindaian dokumen %lld rusak (SHA-256 tidak cocok)"),
                       (long long)doc_id);
    *data = bin;
    *len = got;
    return 1;
}

/* ---------------------------------------------------------------- steps */

int usulan_next_steps(const usulan_full_t *f, const usulan_trans_t **out, int cap)
{
    int n = 0;
    for (int i = 0; f->chain && i < f->chain->n_trans && n < cap; i++)
        if (f->chain->trans[i].from == f->u.state) out[n++] = &f->chain->trans[i];
    return n;
}

/* The detention start of inmate id (arena-owned), or NULL. */
static const char *detention_of(db_t *db, err_t *e, arena_t *a, const char *id)
{
    db_stmt_t *st = db_query(db, e, "SELECT detention_start FROM wbp WHERE id = ?", "i", id ? strtoll(id, NULL, 10) : 0);
    if (!st) return NULL;
    const char *v = NULL;
    int rc = db_step(st, e);
    if (rc == 1 && db_col_text(st, 0)) v = arena_strdup(a, db_col_text(st, 0));
    while (rc == 1) rc = db_step(st, e);
    db_finalize(st);
    return v;
}

struct step_ctx {
    arena_t *a;
    const actor_t *who;
    int64_t uid, id;
    const char *to;
    const usulan_step_in_t *f;
    usulan_guard_t *guard;
};

bool usulan_trans_guarded(const usulan_trans_t *t)
{
    return !(t->requires >> USL_F_REASON & 1u) && !(t->requires >> USL_F_END_DATE & 1u);
}

static int read_date(err_t *e, const char *s, usulan_field_t fld, date_t *out)
{
    *out = DATE_NONE;
    while (s && (*s == ' ' || *s == '\t')) s++;
    if (!s || !*s) return 0;
    if (!date_parse(s, out))
        return err_set(e, 400, "invalid_date", _("%s: tanggal \"%.40s\" tidak sah (pakai TTTT-BB-HH)"),
                       usulan_field_label(fld), s);
    return 0;
}

static int do_step(db_t *db, void *vc, err_t *e)
{
    struct step_ctx *c = vc;
    usulan_full_t f;
    int rc = usulan_load(db, e, c->a, c->uid, c->id, &f);
    if (rc <= 0) return rc == 0 ? err_set(e, 404, "not_found", _("usulan dengan id %lld tidak ditemukan"), (long long)c->id) : -1;
    if (!f.chain)
        return err_set(e, 500, "no_chain", _("alur usulan \"%s\" tidak dikenal lagi"), f.rec.v[USF_CHAIN_CODE]);
    const usulan_step_in_t *in = c->f;
    usulan_fields_t uf = {in->reason, in->decree_no, in->letter_no, DATE_NONE, DATE_NONE, DATE_NONE, DATE_NONE, DATE_NONE};
    const char *const texts_in[] = {in->reason, in->decree_no, in->letter_no};
    for (size_t i = 0; i < ARRAY_LEN(texts_in); i++)
        if (texts_in[i] && !utf8_valid_text(texts_in[i], strlen(texts_in[i])))
            return err_set(e, 400, "bad_encoding", _("teks tidak sah (bukan UTF-8 atau berisi karakter kendali)"));
    if ((in->reason && strlen(in->reason) > 399) || (in->decree_no && strlen(in->decree_no) > 79) ||
        (in->letter_no && strlen(in->letter_no) > 79))
        return err_set(e, 400, "too_long", _("alasan paling panjang 399 karakter, nomor surat 79 karakter"));
    if (read_date(e, in->tpp_date, USL_F_TPP_DATE, &uf.tpp_date) < 0 ||
        read_date(e, in->decree_date, USL_F_DECREE_DATE, &uf.decree_date) < 0 ||
        read_date(e, in->letter_date, USL_F_LETTER_DATE, &uf.letter_date) < 0 ||
        read_date(e, in->start_date, USL_F_START_DATE, &uf.start_date) < 0 ||
        read_date(e, in->end_date, USL_F_END_DATE, &uf.end_date) < 0)
        return -1;
    /* dates of past acts (issue 22): a decree or a letter is not dated in the future,
     * and nothing is dated before the inmate's detention began */
    {
        char today_s[11];
        today_iso(today_s);
        date_t today = DATE_NONE, det = DATE_NONE;
        date_parse(today_s, &today);
        const char *ds = detention_of(db, e, c->a, f.rec.v[USF_WBP_ID]);
        if (ds) date_parse(ds, &det);
        const struct {
            date_t d;
            const char *label;
            bool past_act;
        } chk[] = {{uf.decree_date, _("Tanggal SK"), true},
                   {uf.letter_date, _("Tanggal surat"), true},
                   {uf.tpp_date, _("Tanggal sidang TPP"), false}};
        for (size_t i = 0; i < ARRAY_LEN(chk); i++) {
            if (chk[i].d == DATE_NONE) continue;
            char dd[DATE_ISO_LEN];
            date_format(chk[i].d, dd);
            if (chk[i].past_act && today != DATE_NONE && chk[i].d > today)
                return err_set(e, 422, "future_date", _("%s (%s) tidak boleh di masa depan"), chk[i].label, dd);
            if (det != DATE_NONE && chk[i].d < det)
                return err_set(e, 422, "invalid_date", _("%s (%s) tidak boleh sebelum tanggal penahanan (%s)"),
                               chk[i].label, dd, ds);
        }
    }
    const char *from = f.rec.v[USF_STATE];
    usulan_t u = f.u;
    if (usulan_apply(f.chain, &u, c->to, &uf, c->who->role, e) < 0) return -1;
    const usulan_trans_t *t = usulan_find_trans(f.chain, f.u.state, u.state);
    /* a site that syncs takes its own steps, the hub the Kanwil's (issue 23) */
    if (t && sync_step_owner(db, e, f.rec.site_id, t->roles, t->n_roles) < 0) return -1;
    /* a TPP date may be ahead while the session is scheduled, but what follows the
     * session (its recommendation, a decree) is a past act (issue 22): a forward step
     * that does not itself set the TPP date waits until the session has been held */
    if (t && usulan_trans_guarded(t) && !(t->requires >> USL_F_TPP_DATE & 1u) && f.u.tpp_date != DATE_NONE) {
        char today_s[11], dd[DATE_ISO_LEN];
        today_iso(today_s);
        date_t today = DATE_NONE;
        if (date_parse(today_s, &today) && f.u.tpp_date > today) {
            date_format(f.u.tpp_date, dd);
            return err_set(e, 422, "future_date",
                           _("Sidang TPP (%s) belum berlangsung: langkah berikutnya baru dapat dicatat setelah tanggal itu"),
                           dd);
        }
    }
    /* a forward step finds the inmate eligible again: anything since (discipline, a
     * transfer, a changed sentence) blocks it */
    if (t && usulan_trans_guarded(t)) {
        char today[11];
        today_iso(today);
        /* on the step's own date (start, decree, TPP session), else the planned start or today */
        date_t td = pdate(today), at = uf.start_date != DATE_NONE    ? uf.start_date
                                       : uf.decree_date != DATE_NONE ? uf.decree_date
                                       : uf.tpp_date != DATE_NONE    ? uf.tpp_date
                                       : u.tpp_date != DATE_NONE     ? u.tpp_date /* the TPP recommends at its session */
                                                                     : usulan_guard_date(&f, td);
        if (usulan_guard(db, e, c->a, num(f.rec.v[USF_WBP_ID]), at, usulan_form_parse(f.rec.v[USF_FORM]), c->guard) < 0)
            return -1;
        if (!c->guard->eligible) return not_eligible(e, c->guard);
    }
    /* a proposal goes to the TPP with its dossier complete */
    if (t && (t->requires >> USL_F_TPP_DATE & 1u)) {
        usulan_check_t list[USL_MAX_DOCS];
        bool complete;
        int n = usulan_checklist_for(db, e, c->a, &f, list, &complete);
        if (n < 0) return -1;
        if (!complete) {
            buf_t b;
            buf_init(&b);
            for (int i = 0; i < n; i++)
                if (list[i].status == DOC_BELUM_ADA) buf_printf(&b, "%s%s", b.len ? "; " : "", list[i].doc->label);
            err_set(e, 409, "dossier_incomplete", _("Berkas usulan belum lengkap: %s"), b.data ? b.data : "");
            buf_release(&b);
            return -1;
        }
    }
    char now[32];
    now_iso(now);
    const char **v = arena_alloc(c->a, sizeof(char *) * USF_COUNT);
    memcpy(v, f.rec.v, sizeof(char *) * USF_COUNT);
    char d[DATE_ISO_LEN];
    const char **dv[] = {&v[USF_TPP_DATE], &v[USF_DECREE_DATE], &v[USF_LETTER_DATE], &v[USF_START_DATE], &v[USF_END_DATE]};
    const date_t dd[] = {u.tpp_date, u.decree_date, u.letter_date, u.start_date, u.end_date};
    for (size_t i = 0; i < ARRAY_LEN(dd); i++) {
        date_format(dd[i], d);
        *dv[i] = d[0] ? arena_strdup(c->a, d) : NULL;
    }
    v[USF_DECREE_NO] = u.decree_no[0] ? arena_strdup(c->a, u.decree_no) : NULL;
    v[USF_LETTER_NO] = u.letter_no[0] ? arena_strdup(c->a, u.letter_no) : NULL;
    v[USF_REASON] = u.reason[0] ? arena_strdup(c->a, u.reason) : NULL;
    v[USF_STATE] = f.chain->states[u.state].code;
    v[USF_STATE_AT] = arena_strdup(c->a, now);
    if (rec_update(db, e, &usulan_def, c->who, &f.rec, v) < 0) return -1;
    if (uf.tpp_date != DATE_NONE) {
        date_format(uf.tpp_date, d);
        if (tpp_session_set(db, e, c->who, f.rec.site_id, d, NULL, NULL) < 0) return -1;
        if (db_run(db, e,
                   "UPDATE usulan SET tpp_session_id = (SELECT id FROM tpp_session WHERE site_id = ? AND "
                   "session_date = ?) WHERE id = ?",
                   "iti", f.rec.site_id, d, f.rec.id) < 0)
            return -1;
    }
    json_t *fj = json_object();
    const char *texts[] = {"reason", in->reason, "decree_no", in->decree_no, "letter_no", in->letter_no,
                           "tpp_date", in->tpp_date, "decree_date", in->decree_date, "letter_date", in->letter_date,
                           "start_date", in->start_date, "end_date", in->end_date};
    for (size_t i = 0; i < ARRAY_LEN(texts); i += 2)
        if (texts[i + 1] && *texts[i + 1]) json_object_set_new(fj, texts[i], json_string(texts[i + 1]));
    char *fs = json_dumps(fj, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(fj);
    rc = add_event(db, e, c->a, c->who, f.rec.site_id, f.rec.id, from, v[USF_STATE], fs,
                   in->reason && *in->reason ? in->reason : NULL);
    free(fs);
    return rc;
}

int usulan_step(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, const char *to,
                const usulan_step_in_t *f, usulan_guard_t *guard)
{
    static const usulan_step_in_t none = {0};
    usulan_guard_t local;
    struct step_ctx c = {a, who, uid, id, to, f ? f : &none, guard ? guard : &local};
    return db_tx(db, do_step, &c, e);
}

#define C(f) RM_COL(usulan_event_t, RM_TEXT, f)
static const rm_col_t event_cols[] = {C(at), C(from_state), C(to_state), C(fields), C(reason), C(user_name), C(role)};
#undef C
static const rm_spec_t event_spec = RM_SPEC(usulan_event_t, event_cols);

RM_LIST_BY_ID(usulan_events, usulan_event_t, event_spec,
              "SELECT at, from_state, to_state, fields, reason, user_name, role FROM usulan_event "
              "WHERE usulan_id = ? ORDER BY id")

/* ---------------------------------------------------------------- TPP */

int tpp_session_get(db_t *db, err_t *e, arena_t *a, int64_t site_id, const char *date, const char **place,
                    const char **chair)
{
    *place = *chair = NULL;
    db_stmt_t *st = db_query(db, e, "SELECT place, chair FROM tpp_session WHERE site_id = ? AND session_date = ?", "it",
                             site_id, date);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) {
        *place = arena_strdup(a, db_col_text(st, 0));
        *chair = arena_strdup(a, db_col_text(st, 1));
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

int tpp_session_set(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *date, const char *place,
                    const char *chair)
{
    char now[32];
    now_iso(now);
    int64_t id = db_one_int(db, e, "SELECT COALESCE(max(id), 0) FROM tpp_session WHERE site_id = ? AND session_date = ?",
                            "it", site_id, date);
    if (id < 0) return -1;
    arena_t a;
    arena_init(&a);
    const char *uidt = who->user_id ? arena_printf(&a, "%lld", (long long)who->user_id) : NULL;
    int rc = 0;
    if (!id) {
        id = db_one_int(db, e,
                        "INSERT INTO tpp_session(site_id, session_date, place, chair, created_at, created_by, "
                        "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        "ittttttt", site_id, date, place, chair, now, uidt, now, uidt);
        rc = id < 0 ? -1 : 0;
    } else if (place || chair)
        rc = db_run(db, e, "UPDATE tpp_session SET place = ?, chair = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                    "tttti", place, chair, now, uidt, id) < 0
                 ? -1
                 : 0;
    else {
        arena_release(&a);
        return 0;
    }
    if (rc == 0) {
        json_t *j = json_pack("{s:s, s:o, s:o}", "session_date", date, "place", place ? json_string(place) : json_null(),
                              "chair", chair ? json_string(chair) : json_null());
        rc = audit_write(db, e, &(audit_write_t){who, site_id, "update", "tpp_session", id, .after = j});
    }
    arena_release(&a);
    return rc;
}

struct tpp_ctx {
    const actor_t *who;
    int64_t site_id;
    const char *date, *place, *chair;
};
static int do_tpp(db_t *db, void *vc, err_t *e)
{
    struct tpp_ctx *c = vc;
    return tpp_session_set(db, e, c->who, c->site_id, c->date, c->place, c->chair);
}
int tpp_session_save(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *date, const char *place,
                     const char *chair)
{
    struct tpp_ctx c = {who, site_id, date, place, chair};
    return db_tx(db, do_tpp, &c, e);
}

int tpp_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *date, tpp_item_t **out, int *n)
{
    *n = 0;
    int64_t cnt = db_one_int(db, e,
                             "SELECT count(*) FROM usulan u WHERE u.tpp_date = ? AND (? = 0 OR u.site_id = ?) AND "
                             "(? = 0 OR u.site_id IN (SELECT site_id FROM user_site WHERE user_id = ?)) AND " WBP_SCOPE("u.wbp_id"),
                             "tiiiiii", date, site_id, site_id, uid, uid, uid, uid);
    if (cnt < 0) return -1;
    *out = arena_alloc(a, sizeof(tpp_item_t) * (size_t)(cnt + 1));
    int64_t *ids = arena_alloc(a, sizeof(int64_t) * (size_t)(cnt + 1));
    db_stmt_t *st = db_query(db, e,
                             "SELECT u.id FROM usulan u JOIN wbp w ON w.id = u.wbp_id JOIN site s ON s.id = u.site_id "
                             "WHERE u.tpp_date = ? AND (? = 0 OR u.site_id = ?) AND (? = 0 OR u.site_id IN "
                             "(SELECT site_id FROM user_site WHERE user_id = ?)) AND " WBP_SCOPE("u.wbp_id") " ORDER BY s.code, w.regno, u.id",
                             "tiiiiii", date, site_id, site_id, uid, uid, uid, uid);
    if (!st) return -1;
    int rc, k = 0;
    while ((rc = db_step(st, e)) == 1 && k < cnt) ids[k++] = db_col_int(st, 0);
    db_finalize(st);
    if (rc < 0) return -1;
    for (int i = 0; i < k; i++) {
        usulan_full_t f;
        if ((rc = usulan_load(db, e, a, 0, ids[i], &f)) <= 0) {
            if (rc < 0) return -1;
            continue;
        }
        rec_t w;
        if (rec_load(db, e, a, &wbp_def, 0, num(f.rec.v[USF_WBP_ID]), &w) <= 0) continue;
        tpp_item_t *it = &(*out)[(*n)++];
        memset(it, 0, sizeof *it);
        it->id = f.rec.id;
        it->wbp_id = w.id;
        it->site_id = f.rec.site_id;
        it->site_code = f.rec.site_code;
        it->site_name = f.rec.site_name;
        it->regno = w.v[WF_REGNO];
        it->name = w.v[WF_NAME];
        it->crime = w.v[WF_CRIME_CATEGORY];
        it->sentence = wbp_sentence_text(a, w.v);
        it->form = f.rec.v[USF_FORM];
        it->state = f.rec.v[USF_STATE];
        it->state_label = f.chain && f.u.state >= 0 ? f.chain->states[f.u.state].label : it->state;
        it->program = f.program_name;
        usulan_check_t list[USL_MAX_DOCS];
        int nc = usulan_checklist_for(db, e, a, &f, list, &it->complete);
        if (nc < 0) return -1;
        for (int j = 0; j < nc; j++) it->missing += list[j].status == DOC_BELUM_ADA;
        /* eligibility on the session date, each requirement with its date */
        date_t sd;
        if (!date_parse(date, &sd) || usulan_guard(db, e, a, w.id, sd, usulan_form_parse(it->form), &it->guard) < 0)
            return -1;
    }
    return 0;
}

static const rm_col_t brief_cols[] = {RM_COL(usulan_brief_t, RM_INT, id), RM_COL(usulan_brief_t, RM_TEXT, state),
                                      RM_COL(usulan_brief_t, RM_TEXT, form), RM_COL(usulan_brief_t, RM_TEXT, state_at)};
static const rm_spec_t brief_spec = RM_SPEC(usulan_brief_t, brief_cols);

int usulan_of_wbp(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, usulan_brief_t **out, int *n)
{
    *out = rm_list(db_query(db, e, "SELECT id, state, form, state_at FROM usulan WHERE wbp_id = ? ORDER BY id", "i",
                            wbp_id),
                   e, a, &brief_spec, n);
    return *out ? 0 : -1;
}

int usulan_doc_owner(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t doc_id, int64_t *usulan_id,
                     const char **code)
{
    return rm_first(db_query(db, e,
                             "SELECT usulan_id, doc_code FROM usulan_document WHERE id = ? AND (? = 0 OR site_id IN "
                             "(SELECT site_id FROM user_site WHERE user_id = ?))",
                             "iii", doc_id, uid, uid),
                    e, a, "it", usulan_id, code);
}

static const rm_col_t recent_cols[] = {RM_COL(tpp_recent_t, RM_TEXT, date), RM_COL(tpp_recent_t, RM_TEXT, site_code),
                                       RM_COL(tpp_recent_t, RM_I32, proposals)};
static const rm_spec_t recent_spec = RM_SPEC(tpp_recent_t, recent_cols);

int tpp_recent(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, tpp_recent_t **out, int *n)
{
    *out = rm_list(db_query(db, e,
                            "SELECT t.session_date, s.code, (SELECT count(*) FROM usulan u WHERE u.site_id = t.site_id "
                            "AND u.tpp_date = t.session_date) FROM tpp_session t JOIN site s ON s.id = t.site_id "
                            "WHERE (? = 0 OR t.site_id IN (SELECT site_id FROM user_site WHERE user_id = ?)) AND "
                            "(? <= 0 OR t.site_id = ?) ORDER BY t.session_date DESC LIMIT 20",
                            "iiii", uid, uid, site_id, site_id),
                   e, a, &recent_spec, n);
    return *out ? 0 : -1;
}
