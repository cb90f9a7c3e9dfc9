/* usulan.c — approval chains and dossier checklists as data (see usulan.h). */
#include "usulan.h"
#include <stdio.h>
#include <string.h>

#define ERRC "invalid_rules"

static const char *const field_codes[USL_F__COUNT] = {"reason",    "tpp_date",    "decree_no",  "decree_date",
                                                      "letter_no", "letter_date", "start_date", "end_date"};
static const char *const field_labels[USL_F__COUNT] = {N_("Alasan"),
                                                       N_("Tanggal sidang TPP"),
                                                       N_("Nomor SK"),
                                                       N_("Tanggal SK"),
                                                       N_("Nomor surat persetujuan"),
                                                       N_("Tanggal surat persetujuan"),
                                                       N_("Tanggal mulai asimilasi"),
                                                       N_("Tanggal berakhir")};
static const char *const form_labels[USL_FORM__COUNT] = {N_("di dalam Lapas"), N_("di Lapas terbuka"), N_("kerja sosial"),
                                                         N_("kerja dengan pihak ketiga")};
static const char *const doc_status_codes[] = {"ada", "belum_ada", "tidak_perlu"};

const char *usulan_field_code(usulan_field_t f) { return (unsigned)f < USL_F__COUNT ? field_codes[f] : "?"; }
const char *usulan_field_label(usulan_field_t f) { return (unsigned)f < USL_F__COUNT ? _(field_labels[f]) : "?"; }
const char *usulan_doc_status_code(usulan_doc_status_t s)
{
    return (unsigned)s <= DOC_TIDAK_PERLU ? doc_status_codes[s] : "?";
}


static int field_parse(const char *s) { return str_index(field_codes, USL_F__COUNT, s); }

/* ---- chain ------------------------------------------------------------------ */

int usulan_state_index(const usulan_chain_t *c, const char *code)
{
    for (int i = 0; code && i < c->n_states; i++)
        if (!strcmp(c->states[i].code, code)) return i;
    return -1;
}

bool usulan_state_final(const usulan_chain_t *c, int s)
{
    for (int i = 0; i < c->n_trans; i++)
        if (c->trans[i].from == s) return false;
    return true;
}

const usulan_trans_t *usulan_find_trans(const usulan_chain_t *c, int from, int to)
{
    for (int i = 0; i < c->n_trans; i++)
        if (c->trans[i].from == from && c->trans[i].to == to) return &c->trans[i];
    return NULL;
}

static int parse_states(json_t *root, usulan_chain_t *c, err_t *e)
{
    static const char *const keys[] = {"code", "label", "label_en", "initial", NULL};
    json_t *a = rf_array_n(root, "states", "states", 2, USL_MAX_STATES, "status", ERRC, e);
    if (!a) return -1;
    c->initial = -1;
    for (size_t i = 0; i < json_array_size(a); i++) {
        usulan_state_t *s = &c->states[i];
        char path[48], sub[64];
        json_t *it = rf_coded_item(a, i, "states", keys, ERRC, RF_CODED(s, "kode status sudah dipakai"), path, e);
        if (!it) return -1;
        if (json_object_get(it, "initial")) {
            snprintf(sub, sizeof sub, "%s.initial", path);
            if (rf_bool(it, "initial", sub, &s->initial, ERRC, e) < 0) return -1;
        }
        if (s->initial) {
            if (c->initial >= 0) return rf_bad(e, ERRC, "states", "hanya boleh satu status awal (initial)");
            c->initial = (int)i;
        }
        c->n_states++;
    }
    if (c->initial < 0) return rf_bad(e, ERRC, "states", "harus mempunyai satu status awal (initial: true)");
    return 0;
}

static int parse_trans(json_t *root, usulan_chain_t *c, err_t *e)
{
    static const char *const keys[] = {"from", "to", "roles", "requires", NULL};
    json_t *a = rf_array_n(root, "transitions", "transitions", 1, USL_MAX_TRANS, "perubahan", ERRC, e);
    if (!a) return -1;
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *it = json_array_get(a, i);
        usulan_trans_t *t = &c->trans[i];
        char path[48], sub[80], code[40];
        snprintf(path, sizeof path, "transitions[%zu]", i);
        if (!json_is_object(it)) return rf_bad(e, ERRC, path, "harus berupa objek");
        if (rf_only_keys(it, path, keys, ERRC, e) < 0) return -1;
        snprintf(sub, sizeof sub, "%s.from", path);
        if (rf_string(it, "from", sub, code, sizeof code, true, ERRC, e) < 0) return -1;
        if ((t->from = usulan_state_index(c, code)) < 0)
            return rf_bad(e, ERRC, sub, "bukan status yang ada di \"states\"");
        snprintf(sub, sizeof sub, "%s.to", path);
        if (rf_string(it, "to", sub, code, sizeof code, true, ERRC, e) < 0) return -1;
        if ((t->to = usulan_state_index(c, code)) < 0)
            return rf_bad(e, ERRC, sub, "bukan status yang ada di \"states\"");
        if (t->to == t->from) return rf_bad(e, ERRC, sub, "tidak boleh sama dengan \"from\"");
        if (usulan_find_trans(c, t->from, t->to)) return rf_bad(e, ERRC, path, "perubahan ini sudah disebut");
        snprintf(sub, sizeof sub, "%s.roles", path);
        json_t *ra = rf_array_n(it, "roles", sub, 1, USL_MAX_ROLES, "peran", ERRC, e);
        if (!ra) return -1;
        for (size_t k = 0; k < json_array_size(ra); k++)
            if (rf_code(json_array_get(ra, k), sub, t->roles[k], sizeof t->roles[k], ERRC, e) < 0) return -1;
        t->n_roles = (int)json_array_size(ra);
        snprintf(sub, sizeof sub, "%s.requires", path);
        json_t *rq = rf_array(it, "requires", sub, ERRC, e);
        if (!rq) return -1;
        for (size_t k = 0; k < json_array_size(rq); k++) {
            json_t *f = json_array_get(rq, k);
            int fi = json_is_string(f) ? field_parse(json_string_value(f)) : -1;
            if (fi < 0)
                return rf_bad(e, ERRC, sub,
                              "hanya boleh reason, tpp_date, decree_no, decree_date, letter_no, "
                              "letter_date, start_date, end_date");
            t->requires |= 1u << fi;
        }
        c->n_trans++;
    }
    return 0;
}

/* Every state reachable from the initial one, and every state able to reach a final one. */
static int check_graph(const usulan_chain_t *c, err_t *e)
{
    bool reach[USL_MAX_STATES] = {false}, done[USL_MAX_STATES] = {false};
    reach[c->initial] = true;
    for (bool more = true; more;) {
        more = false;
        for (int i = 0; i < c->n_trans; i++)
            if (reach[c->trans[i].from] && !reach[c->trans[i].to]) reach[c->trans[i].to] = more = true;
    }
    for (int s = 0; s < c->n_states; s++) {
        if (!reach[s]) {
            char path[64];
            snprintf(path, sizeof path, "states.%s", c->states[s].code);
            return rf_bad(e, ERRC, path, "tidak dapat dicapai dari status awal");
        }
        done[s] = usulan_state_final(c, s);
    }
    for (bool more = true; more;) {
        more = false;
        for (int i = 0; i < c->n_trans; i++)
            if (done[c->trans[i].to] && !done[c->trans[i].from]) done[c->trans[i].from] = more = true;
    }
    for (int s = 0; s < c->n_states; s++)
        if (!done[s]) {
            char path[64];
            snprintf(path, sizeof path, "states.%s", c->states[s].code);
            return rf_bad(e, ERRC, path, "tidak pernah dapat sampai ke status akhir");
        }
    return 0;
}

int usulan_chain_from_json(json_t *root, usulan_chain_t *c, err_t *e)
{
    static const char *const top[] = {"variant", "states", "transitions", NULL};
    memset(c, 0, sizeof *c);
    if (rulefile_open(root, USULAN_CHAIN_KIND, ERRC, top, &c->head, e) < 0) return -1;
    json_t *v = json_object_get(root, "variant");
    if (!v) return rf_bad(e, ERRC, "variant", "wajib ada");
    if (rf_code(v, "variant", c->variant, sizeof c->variant, ERRC, e) < 0) return -1;
    if (parse_states(root, c, e) < 0 || parse_trans(root, c, e) < 0) return -1;
    return check_graph(c, e);
}

int usulan_chain_parse(const char *text, usulan_chain_t *out, err_t *e)
{
    json_t *root = rf_load_text(text, ERRC, e);
    int rc = root ? usulan_chain_from_json(root, out, e) : -1;
    json_decref(root);
    return rc;
}

const usulan_chain_t *usulan_chain_pick(const usulan_chain_t *c, size_t n, const char *variant, date_t date)
{
    const usulan_chain_t *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (variant && !strcmp(c[i].variant, variant) && c[i].head.effective_from <= date &&
            (!best || c[i].head.effective_from >= best->head.effective_from))
            best = &c[i];
    return best;
}

RF_BUILTINS(usulan_chain_t, usulan_chain, USULAN_CHAIN_KIND, "Alur usulan bawaan", "alur-usulan-*.json",
            ": varian dan tanggal berlaku yang sama", offsetof(usulan_chain_t, variant), ERRC)

/* ---- transitions ------------------------------------------------------------------ */

void usulan_init(const usulan_chain_t *c, usulan_t *u)
{
    memset(u, 0, sizeof *u);
    u->state = c->initial;
    u->tpp_date = u->decree_date = u->letter_date = u->start_date = u->end_date = DATE_NONE;
}

static bool has_text(const char *s)
{
    while (s && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) s++;
    return s && *s;
}

/* The "to" states allowed from s, as "\"Label\", \"Label\"". */
static void allowed_from(const usulan_chain_t *c, int s, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = 0;
    for (int i = 0; i < c->n_trans && n < cap; i++)
        if (c->trans[i].from == s)
            n += (size_t)snprintf(out + n, cap - n, "%s\"%s\"", n ? ", " : "", usulan_label(&c->states[c->trans[i].to]));
}

/* d1 must not be after d2 (both known). */
static int date_order(date_t d1, usulan_field_t f1, date_t d2, usulan_field_t f2, err_t *e)
{
    if (d1 == DATE_NONE || d2 == DATE_NONE || d1 <= d2) return 0;
    char a[DATE_LONG_LEN], b[DATE_LONG_LEN];
    date_format_long_ui(d1, a);
    date_format_long_ui(d2, b);
    return err_set(e, 400, "invalid_date", _("%s (%s) tidak boleh sesudah %s (%s)"), usulan_field_label(f1), a,
                   usulan_field_label(f2), b);
}

int usulan_apply(const usulan_chain_t *c, usulan_t *u, const char *to_code, const usulan_fields_t *f, const char *role,
                 err_t *e)
{
    static const usulan_fields_t none = {NULL, NULL, NULL, DATE_NONE, DATE_NONE, DATE_NONE, DATE_NONE, DATE_NONE};
    if (!f) f = &none;
    if (u->state < 0 || u->state >= c->n_states)
        return err_set(e, 400, "invalid_status", _("Status usulan sekarang tidak dikenal dalam alur %s"), c->head.code);
    const usulan_state_t *cur = &c->states[u->state];
    int to = usulan_state_index(c, to_code);
    if (to < 0)
        return err_set(e, 400, "invalid_status", _("Status usulan \"%.40s\" tidak dikenal dalam alur %s"),
                       to_code ? to_code : "", c->head.code);
    const usulan_state_t *want = &c->states[to];
    const usulan_trans_t *t = usulan_find_trans(c, u->state, to);
    if (!t) {
        char allowed[400];
        allowed_from(c, u->state, allowed, sizeof allowed);
        if (to == u->state)
            return err_set(e, 409, "illegal_transition", _("Usulan sudah berstatus \"%s\" (%s)"), usulan_label(cur), cur->code);
        if (!allowed[0])
            return err_set(e, 409, "illegal_transition",
                           _("Usulan berstatus \"%s\" (%s) tidak dapat diubah menjadi \"%s\" (%s): \"%s\" adalah "
                             "status akhir"),
                           usulan_label(cur), cur->code, usulan_label(want), want->code, usulan_label(cur));
        return err_set(
            e, 409, "illegal_transition",
            _("Usulan berstatus \"%s\" (%s) tidak dapat diubah menjadi \"%s\" (%s) menurut alur %s; dari \"%s\" "
              "hanya boleh ke %s"),
            usulan_label(cur), cur->code, usulan_label(want), want->code, c->head.code, usulan_label(cur), allowed);
    }
    if (role) {
        bool ok = false;
        char who[160] = "";
        size_t n = 0;
        for (int i = 0; i < t->n_roles; i++) {
            ok = ok || !strcmp(t->roles[i], role);
            n += (size_t)snprintf(who + n, sizeof who - n, "%s%s", i ? ", " : "", t->roles[i]);
        }
        if (!ok)
            return err_set(e, 403, "forbidden",
                           _("Peran \"%.20s\" tidak berwenang mengubah usulan dari \"%s\" ke \"%s\" (yang berwenang: %s)"),
                           role, usulan_label(cur), usulan_label(want), who);
    }
    const char *texts[USL_F__COUNT] = {
        [USL_F_REASON] = f->reason, [USL_F_DECREE_NO] = f->decree_no, [USL_F_LETTER_NO] = f->letter_no};
    date_t dates[USL_F__COUNT] = {DATE_NONE, f->tpp_date,    DATE_NONE,     f->decree_date,
                                  DATE_NONE, f->letter_date, f->start_date, f->end_date};
    for (int k = 0; k < USL_F__COUNT; k++) {
        if (!(t->requires >> k & 1u)) continue;
        bool given = k == USL_F_REASON || k == USL_F_DECREE_NO || k == USL_F_LETTER_NO ? has_text(texts[k])
                                                                                       : dates[k] != DATE_NONE;
        if (!given)
            return err_set(e, 400, "field_required", _("%s wajib diisi untuk mengubah usulan dari \"%s\" ke \"%s\""),
                           usulan_field_label((usulan_field_t)k), usulan_label(cur), usulan_label(want));
    }
    /* the dates after this change, in their order */
    usulan_t next = *u;
    if (f->tpp_date != DATE_NONE) next.tpp_date = f->tpp_date;
    if (f->decree_date != DATE_NONE) next.decree_date = f->decree_date;
    if (f->letter_date != DATE_NONE) next.letter_date = f->letter_date;
    if (f->start_date != DATE_NONE) next.start_date = f->start_date;
    if (f->end_date != DATE_NONE) next.end_date = f->end_date;
    if (date_order(next.tpp_date, USL_F_TPP_DATE, next.decree_date, USL_F_DECREE_DATE, e) < 0 ||
        date_order(next.decree_date, USL_F_DECREE_DATE, next.letter_date, USL_F_LETTER_DATE, e) < 0 ||
        date_order(next.decree_date, USL_F_DECREE_DATE, next.start_date, USL_F_START_DATE, e) < 0 ||
        date_order(next.letter_date, USL_F_LETTER_DATE, next.start_date, USL_F_START_DATE, e) < 0 ||
        date_order(next.start_date, USL_F_START_DATE, next.end_date, USL_F_END_DATE, e) < 0)
        return -1;
    if (has_text(f->decree_no)) snprintf(next.decree_no, sizeof next.decree_no, "%s", f->decree_no);
    if (has_text(f->letter_no)) snprintf(next.letter_no, sizeof next.letter_no, "%s", f->letter_no);
    if (has_text(f->reason)) snprintf(next.reason, sizeof next.reason, "%s", f->reason);
    utf8_sanitize(next.decree_no);
    utf8_sanitize(next.letter_no);
    utf8_sanitize(next.reason);
    next.state = to;
    *u = next;
    return 0;
}

/* ---- dossier ------------------------------------------------------------------------ */

static int cond_bool(json_t *w, const char *key, const char *path, bool *has, bool *val, err_t *e)
{
    if (!json_object_get(w, key)) return 0;
    char sub[96];
    snprintf(sub, sizeof sub, "%s.%s", path, key);
    *has = true;
    return rf_bool(w, key, sub, val, ERRC, e);
}

static int cond_set(json_t *w, const char *key, const char *path, int (*parse)(const char *), unsigned *out, err_t *e)
{
    json_t *a = json_object_get(w, key);
    if (!a) return 0;
    char sub[96];
    snprintf(sub, sizeof sub, "%s.%s", path, key);
    if (!json_is_array(a) || !json_array_size(a)) return rf_bad(e, ERRC, sub, "harus daftar yang tidak kosong");
    size_t i;
    json_t *it;
    json_array_foreach (a, i, it) {
        int k = json_is_string(it) ? parse(json_string_value(it)) : -1;
        if (k < 0) return rf_bad(e, ERRC, sub, "berisi nilai yang tidak dikenal");
        *out |= 1u << k;
    }
    return 0;
}

static int parse_cond(json_t *w, const char *path, usulan_cond_t *c, err_t *e)
{
    static const char *const keys[] = {"crimes",    "special_crime",       "foreigner", "fine_imposed",
                                       "fine_paid", "restitution_imposed", "forms",     NULL};
    if (!json_is_object(w)) return rf_bad(e, ERRC, path, "harus berupa objek");
    if (rf_only_keys(w, path, keys, ERRC, e) < 0) return -1;
    if (cond_set(w, "crimes", path, crime_category_parse, &c->crimes, e) < 0 ||
        cond_set(w, "forms", path, usulan_form_parse, &c->forms, e) < 0 ||
        cond_bool(w, "special_crime", path, &c->has_special, &c->special, e) < 0 ||
        cond_bool(w, "foreigner", path, &c->has_foreigner, &c->foreigner, e) < 0 ||
        cond_bool(w, "fine_imposed", path, &c->has_fine_imposed, &c->fine_imposed, e) < 0 ||
        cond_bool(w, "fine_paid", path, &c->has_fine_paid, &c->fine_paid, e) < 0 ||
        cond_bool(w, "restitution_imposed", path, &c->has_restitution, &c->restitution, e) < 0)
        return -1;
    return 0;
}

int usulan_dossier_from_json(json_t *root, usulan_dossier_t *d, err_t *e)
{
    static const char *const top[] = {"documents", NULL};
    static const char *const dkeys[] = {"code", "label", "label_en", "when", NULL};
    memset(d, 0, sizeof *d);
    if (rulefile_open(root, USULAN_DOSSIER_KIND, ERRC, top, &d->head, e) < 0) return -1;
    json_t *a = rf_array_n(root, "documents", "documents", 1, USL_MAX_DOCS, "dokumen", ERRC, e);
    if (!a) return -1;
    for (size_t i = 0; i < json_array_size(a); i++) {
        usulan_doc_t *doc = &d->docs[i];
        char path[48], sub[64];
        json_t *it = rf_coded_item(a, i, "documents", dkeys, ERRC, RF_CODED(doc, "kode dokumen sudah dipakai"), path, e);
        if (!it) return -1;
        snprintf(sub, sizeof sub, "%s.when", path);
        json_t *w = rf_object(it, "when", sub, ERRC, e);
        if (!w || parse_cond(w, sub, &doc->when, e) < 0) return -1;
        d->n_docs++;
    }
    return 0;
}

int usulan_dossier_parse(const char *text, usulan_dossier_t *out, err_t *e)
{
    json_t *root = rf_load_text(text, ERRC, e);
    int rc = root ? usulan_dossier_from_json(root, out, e) : -1;
    json_decref(root);
    return rc;
}

RF_BUILTINS(usulan_dossier_t, usulan_dossier, USULAN_DOSSIER_KIND, "Daftar berkas usulan bawaan", "berkas-usulan-*.json",
            " berlaku pada tanggal yang sama", 0, ERRC)
RF_PICK_BY_DATE(usulan_dossier_t, usulan_dossier)

/* "tindak pidana korupsi atau terorisme" for a crime set. */
static size_t put_set(char *out, size_t cap, const char *prefix, unsigned bits, const char *(*name)(int), int n)
{
    size_t len = (size_t)snprintf(out, cap, "%s", prefix);
    bool first = true;
    for (int i = 0; i < n && len < cap; i++)
        if (bits >> i & 1u) {
            len += (size_t)snprintf(out + len, cap - len, "%s%s", first ? "" : _(" atau "), name(i));
            first = false;
        }
    return len;
}

static const char *crime_label(int i) { return crime_category_name((crime_category_t)i); }
static const char *form_label(int i) { return _(form_labels[i]); }

/* Appends one condition part to out (", " between parts); met says which phrase. */
static void add_part(char *out, size_t cap, const char *phrase)
{
    size_t n = strlen(out);
    if (n < cap) snprintf(out + n, cap - n, "%s%s", n && out[n - 1] != ' ' ? ", " : "", phrase);
}

int usulan_checklist(const usulan_dossier_t *d, const usulan_profile_t *p, const char *const *present, size_t n_present,
                     usulan_check_t *out, bool *complete)
{
    bool all = true;
    for (int i = 0; i < d->n_docs; i++) {
        const usulan_doc_t *doc = &d->docs[i];
        const usulan_cond_t *w = &doc->when;
        usulan_check_t *o = &out[i];
        char met[260] = "", failed[200] = "", tmp[160];
        bool need = true;
#define PART(cond, yes, no)                                                                                            \
    do {                                                                                                               \
        if (cond)                                                                                                      \
            add_part(met, sizeof met, yes);                                                                            \
        else if (need) {                                                                                               \
            snprintf(failed, sizeof failed, "%s", no);                                                                 \
            need = false;                                                                                              \
        }                                                                                                              \
    } while (0)
        if (w->crimes) {
            put_set(tmp, sizeof tmp, _("tindak pidana "), w->crimes, crime_label, CRIME__COUNT);
            char no[170];
            snprintf(no, sizeof no, _("bukan %s"), tmp);
            PART(w->crimes >> p->crime & 1u, tmp, no);
        }
        if (w->has_special)
            PART(p->special_crime == w->special, w->special ? _("tindak pidana khusus") : _("tindak pidana umum"),
                 w->special ? _("bukan tindak pidana khusus") : _("tindak pidana khusus"));
        if (w->has_foreigner)
            PART(p->foreigner == w->foreigner, w->foreigner ? _("WNA") : _("WNI"), w->foreigner ? _("bukan WNA") : _("bukan WNI"));
        if (w->has_fine_imposed)
            PART(p->fine_imposed == w->fine_imposed, w->fine_imposed ? _("dijatuhi denda") : _("tidak dijatuhi denda"),
                 w->fine_imposed ? _("tidak dijatuhi denda") : _("dijatuhi denda"));
        if (w->has_fine_paid)
            PART(p->fine_paid == w->fine_paid, w->fine_paid ? _("denda sudah dibayar") : _("denda tidak dibayar"),
                 w->fine_paid ? _("denda tidak dibayar") : _("denda sudah dibayar"));
        if (w->has_restitution)
            PART(p->restitution_imposed == w->restitution,
                 w->restitution ? _("dijatuhi uang pengganti") : _("tidak dijatuhi uang pengganti"),
                 w->restitution ? _("tidak dijatuhi uang pengganti") : _("dijatuhi uang pengganti"));
        if (w->forms) {
            put_set(tmp, sizeof tmp, _("bentuk asimilasi "), w->forms, form_label, USL_FORM__COUNT);
            char no[170];
            snprintf(no, sizeof no, _("bukan %s"), tmp);
            PART((unsigned)p->form < USL_FORM__COUNT && (w->forms >> p->form & 1u), tmp, no);
        }
#undef PART
        bool have = false;
        for (size_t k = 0; k < n_present && !have; k++) have = present[k] && !strcmp(present[k], doc->code);
        o->doc = doc;
        if (!need) {
            o->status = DOC_TIDAK_PERLU;
            snprintf(o->why, sizeof o->why, _("tidak perlu: %s"), failed);
        } else {
            o->status = have ? DOC_ADA : DOC_BELUM_ADA;
            snprintf(o->why, sizeof o->why, _("wajib %s"), met[0] ? _("karena ") : _("untuk semua usulan"));
            if (met[0]) snprintf(o->why + strlen(o->why), sizeof o->why - strlen(o->why), "%s", met);
            all = all && have;
        }
    }
    if (complete) *complete = all;
    return d->n_docs;
}
