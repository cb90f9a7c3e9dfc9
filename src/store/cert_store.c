/* cert_store.c — issuing, reading, listing and revoking training certificates
 * (see cert_store.h). */
#include "cert_store.h"
#include "rowmap.h"
#include "scope.h"
#include "enrol_store.h"
#include "settings.h"
#include "training_store.h"
#include "../core/certno.h"
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns every read selects, in the order of cert_cols below. */
#define CERT_COLS                                                                                                    \
    "c.id, c.site_id, c.enrolment_id, c.program_id, c.seq, COALESCE(c.revoked_by, 0), c.total_jp, c.number, "        \
    "c.seq_key, c.holder_name, c.trade_name, c.start_date, c.end_date, c.issued_on, c.content, c.status, "           \
    "c.revoked_at, c.revoke_reason, s.code, s.name, c.created_at, w.regno, c.verify_code"
#define CERT_FROM                                                                                                    \
    " FROM certificate c JOIN site s ON s.id = c.site_id JOIN enrolment en ON en.id = c.enrolment_id "              \
    "JOIN wbp w ON w.id = en.wbp_id"

#define C(f, t) RM_COL(cert_t, t, f)
static const rm_col_t cert_cols[] = {
    C(id, RM_INT),            C(site_id, RM_INT),       C(enrolment_id, RM_INT),  C(program_id, RM_INT),
    C(seq, RM_INT),           C(revoked_by, RM_INT),    C(total_jp, RM_I32),      C(number, RM_TEXT),
    C(seq_key, RM_TEXT),      C(holder_name, RM_TEXT),  C(trade_name, RM_TEXT),   C(start_date, RM_TEXT),
    C(end_date, RM_TEXT),     C(issued_on, RM_TEXT),    C(content, RM_TEXT),      C(status, RM_TEXT),
    C(revoked_at, RM_TEXT),   C(revoke_reason, RM_TEXT), C(site_code, RM_TEXT),   C(site_name, RM_TEXT),
    C(created_at, RM_TEXT),   C(regno, RM_TEXT),        C(verify_code, RM_TEXT)};
#undef C
static const rm_spec_t cert_spec = RM_SPEC(cert_t, cert_cols);
static int one(db_stmt_t *st, err_t *e, arena_t *a, cert_t *out) { return rm_one(st, e, a, &cert_spec, out); }

int cert_get(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t id, cert_t *out)
{
    return one(db_query(db, e,
                        "SELECT " CERT_COLS CERT_FROM " WHERE c.id = ? AND "
                        "(? = 0 OR c.site_id IN (SELECT site_id FROM user_site WHERE user_id = ?))",
                        "iii", id, uid, uid),
               e, a, out);
}

int cert_by_number(db_t *db, err_t *e, arena_t *a, const char *number, cert_t *out)
{
    return one(db_query(db, e, "SELECT " CERT_COLS CERT_FROM " WHERE c.number = ?", "t", number), e, a, out);
}

int cert_by_code(db_t *db, err_t *e, arena_t *a, const char *code, cert_t *out)
{
    if (!cert_code_ok(code)) return 0;
    return one(db_query(db, e, "SELECT " CERT_COLS CERT_FROM " WHERE c.verify_code = ?", "t", code), e, a, out);
}

int cert_valid_for(db_t *db, err_t *e, arena_t *a, int64_t enrolment_id, cert_t *out)
{
    return one(db_query(db, e, "SELECT " CERT_COLS CERT_FROM " WHERE c.enrolment_id = ? AND c.status = 'valid'", "i",
                        enrolment_id),
               e, a, out);
}

int cert_of_enrolment(db_t *db, err_t *e, arena_t *a, int64_t enrolment_id, cert_t **out, int *n)
{
    *out = rm_list(db_query(db, e, "SELECT " CERT_COLS CERT_FROM " WHERE c.enrolment_id = ? ORDER BY c.id DESC", "i",
                            enrolment_id),
                   e, a, &cert_spec, n);
    return *out ? 0 : -1;
}

int cert_list(db_t *db, err_t *e, arena_t *a, int64_t uid, const cert_query_t *q, cert_t **out, int *n,
              int64_t *total)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    const char *like = db_like_contains(a, q->q);
    const char *status = q->status ? q->status : "";
    int per = q->per_page < 1 ? 50 : q->per_page > 200 ? 200 : q->per_page;
    int page = q->page < 1 ? 1 : q->page;
    *total = db_one_int(db, e,
                        "SELECT count(*)" CERT_FROM " WHERE " SITE_SCOPE("c") " AND (? = 0 OR c.program_id = ?) "
                        "AND (? = '' OR c.status = ?) AND (? = '' OR lower(c.number) LIKE lower(?) ESCAPE '\\' "
                        "OR lower(c.holder_name) LIKE lower(?) ESCAPE '\\' OR lower(w.regno) LIKE lower(?) ESCAPE '\\')",
                        "iiiiiitttttt", uid, uid, q->site_id, q->site_id, q->program_id, q->program_id, status, status,
                        like, like, like, like);
    if (*total < 0) return -1;
    /* the order by a whitelisted column (cert_sort_t, bound as a number), then by id the same way */
    int sort = q->sort >= 0 && q->sort < CS__COUNT ? q->sort : CS_ISSUED;
#define CERT_LIST_SQL                                                                                                \
    " WHERE " SITE_SCOPE("c") " AND (? = 0 OR c.program_id = ?) "                                                     \
    "AND (? = '' OR c.status = ?) AND (? = '' OR lower(c.number) LIKE lower(?) ESCAPE '\\' "                        \
    "OR lower(c.holder_name) LIKE lower(?) ESCAPE '\\' OR lower(w.regno) LIKE lower(?) ESCAPE '\\') "             \
    "ORDER BY CASE WHEN ? = 1 THEN c.number WHEN ? = 2 THEN c.holder_name WHEN ? = 3 THEN c.trade_name "             \
    "WHEN ? = 4 THEN c.status WHEN ? = 5 THEN s.code ELSE c.issued_on END "
    int64_t so = sort;
    db_stmt_t *st = q->desc ? db_query(db, e, "SELECT " CERT_COLS CERT_FROM CERT_LIST_SQL "DESC, c.id DESC LIMIT ? OFFSET ?",
                                       "iiiiiittttttiiiiiii", uid, uid, q->site_id, q->site_id, q->program_id,
                                       q->program_id, status, status, like, like, like, like, so, so, so, so, so,
                                       (int64_t)per, (int64_t)(page - 1) * per)
                            : db_query(db, e, "SELECT " CERT_COLS CERT_FROM CERT_LIST_SQL "ASC, c.id ASC LIMIT ? OFFSET ?",
                                       "iiiiiittttttiiiiiii", uid, uid, q->site_id, q->site_id, q->program_id,
                                       q->program_id, status, status, like, like, like, like, so, so, so, so, so,
                                       (int64_t)per, (int64_t)(page - 1) * per);
#undef CERT_LIST_SQL
    *out = rm_list(st, e, a, &cert_spec, n); /* LIMIT per */
    return *out ? 0 : -1;
}

/* Text of a one-column query, or NULL. */
static const char *text1(db_t *db, err_t *e, arena_t *a, db_stmt_t *st)
{
    (void)db;
    if (!st) return NULL;
    const char *v = NULL;
    if (db_step(st, e) == 1) {
        v = arena_strdup(a, db_col_text(st, 0));
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    return v;
}

json_t *cert_signatories(db_t *db, err_t *e, arena_t *a, int64_t agreement_id, int64_t site_id, const char *date)
{
    const char *need = NULL;
    int rc = setting_get(db, e, a, "certificate.signatories_required", site_id, date, false, &need);
    if (rc < 0) return NULL;
    json_t *sig = json_array();
    bool have_lapas = false, have_mitra = false;
    db_stmt_t *st = db_query(db, e,
                             "SELECT name, position, organisation, side FROM agreement_party WHERE agreement_id = ? "
                             "AND role = 'penandatangan' ORDER BY CASE side WHEN 'lapas' THEN 0 WHEN 'mitra' THEN 1 "
                             "ELSE 2 END, id",
                             "i", agreement_id);
    if (!st) {
        json_decref(sig);
        return NULL;
    }
    while ((rc = db_step(st, e)) == 1) {
        const char *side = db_col_text(st, 3);
        if (str_eq(side, "lapas")) have_lapas = true;
        if (str_eq(side, "mitra")) have_mitra = true;
        if (json_array_size(sig) < 3)
            json_array_append_new(sig, json_pack("{s:s,s:s,s:s}", "name", db_col_text(st, 0) ? db_col_text(st, 0) : "",
                                                 "position", db_col_text(st, 1) ? db_col_text(st, 1) : "",
                                                 "organisation", db_col_text(st, 2) ? db_col_text(st, 2) : ""));
    }
    db_finalize(st);
    if (rc < 0) {
        json_decref(sig);
        return NULL;
    }
    bool want_lapas = need && strstr(need, "lapas"), want_mitra = need && strstr(need, "mitra");
    if ((want_lapas && !have_lapas) || (want_mitra && !have_mitra)) {
        json_decref(sig);
        err_set(e, 422, "missing_signatories",
                _("PKS program ini belum mencantumkan penanda tangan yang diperlukan sertifikat (%s%s%s). Tambahkan "
                  "penanda tangan pada halaman PKS, lalu terbitkan sertifikat."),
                want_lapas && !have_lapas ? _("pihak Lapas") : "",
                want_lapas && !have_lapas && want_mitra && !have_mitra ? ", " : "",
                want_mitra && !have_mitra ? _("pihak mitra") : "");
        return NULL;
    }
    return sig;
}

/* Whether a signatory's text names the prison side (the skills passport leaves those out). */
static bool cert_names_prison(const char *s)
{
    static const char *const words[] = {"lapas", "lembaga pemasyarakatan", "rutan", "pemasyarakatan", "kalapas"};
    if (!s) return false;
    char low[400];
    size_t n = 0;
    for (; s[n] && n + 1 < sizeof low; n++) low[n] = (char)(s[n] >= 'A' && s[n] <= 'Z' ? s[n] - 'A' + 'a' : s[n]);
    low[n] = 0;
    for (size_t i = 0; i < ARRAY_LEN(words); i++)
        if (strstr(low, words[i])) return true;
    return false;
}

/* Everything the PDF prints, as it is today (sig is stolen). New reference. */
static json_t *cert_content(db_t *db, err_t *e, arena_t *a, const trn_data_t *dp, const train_rules_t *rulesp,
                            const char *holder, const char *number, const char *fs, const char *ls, int jp,
                            const char *is, json_t *sig)
{
    const trn_data_t d = *dp;
    const train_rules_t rules = *rulesp;
    /* the agreement's setting (issue 26): "blk" issues the skills passport in the
     * BLK's name only, with nothing that names the prison (no site, no programme
     * name, no prison-side signatory) */
    const char *variant = text1(db, e, a, db_query(db, e, "SELECT certificate_variant FROM agreement WHERE id = ?", "i",
                                                   d.p.agreement_id));
    bool blk = variant && str_eq(variant, "blk");
    json_t *c = json_object();
    json_object_set_new(c, "number", json_string(number));
    if (blk) json_object_set_new(c, "variant", json_string("blk"));
    json_object_set_new(c, "site_name", json_string(!blk && d.p.site_name ? d.p.site_name : ""));
    json_object_set_new(c, "provider_name", json_string(d.p.provider_name ? d.p.provider_name : ""));
    json_object_set_new(c, "holder", json_string(holder));
    json_object_set_new(c, "program", json_string(blk ? (d.p.trade_name ? d.p.trade_name : "") : d.p.name ? d.p.name : ""));
    json_object_set_new(c, "trade_code", json_string(d.p.trade_code ? d.p.trade_code : ""));
    json_object_set_new(c, "trade_name", json_string(d.p.trade_name ? d.p.trade_name : ""));
    json_object_set_new(c, "start_date", json_string(fs));
    json_object_set_new(c, "end_date", json_string(ls));
    json_object_set_new(c, "total_jp", json_integer(jp));
    json_object_set_new(c, "jp_minutes", json_integer(rules.jp_minutes));
    json_object_set_new(c, "issued_on", json_string(is));
    json_t *units = json_array();
    for (int i = 0; i < d.n_units; i++)
        json_array_append_new(units, json_pack("{s:s,s:s,s:i}", "code", d.units[i].code ? d.units[i].code : "", "title",
                                               d.units[i].title ? d.units[i].title : "", "jp", d.units[i].jp));
    json_object_set_new(c, "units", units);
    if (blk) { /* only the training provider's side signs the skills passport */
        json_t *keep = json_array();
        size_t i;
        json_t *one;
        json_array_foreach(sig, i, one)
        {
            const char *org = json_string_value(json_object_get(one, "organisation"));
            const char *pos = json_string_value(json_object_get(one, "position"));
            if (!cert_names_prison(org) && !cert_names_prison(pos)) json_array_append(keep, one);
        }
        json_decref(sig);
        sig = keep;
    }
    json_object_set_new(c, "signatories", sig);
    char place[200] = "";
    err_t ignored;
    err_clear(&ignored);
    const char *pset = NULL;
    if (setting_get(db, &ignored, a, "certificate.place", d.p.site_id, is, false, &pset) == 1 && pset)
        snprintf(place, sizeof place, "%s", pset);
    if (!place[0]) {
        const char *sp = text1(db, e, a, db_query(db, e, "SELECT signed_place FROM agreement WHERE id = ?", "i",
                                                  d.p.agreement_id));
        snprintf(place, sizeof place, "%s",
                 sp && *sp ? sp : blk ? (d.p.provider_name ? d.p.provider_name : "") : (d.p.site_name ? d.p.site_name : ""));
    }
    json_object_set_new(c, "place", json_string(place));
    return c;
}

/* The training's actual dates and JP: its sessions that were not cancelled. */
static void cert_dates(const trn_data_t *d, char fs[DATE_ISO_LEN], char ls[DATE_ISO_LEN], int *jp)
{
    date_t first = DATE_NONE, last = DATE_NONE;
    for (int i = 0; i < d->n_sessions; i++) {
        if (d->sessions[i].cancelled) continue;
        if (first == DATE_NONE) first = d->sessions[i].date;
        last = d->sessions[i].date;
    }
    if (first == DATE_NONE) first = d->p.start, last = d->p.end;
    *jp = trn_scheduled_jp(d, DATE_NONE);
    if (*jp == 0) *jp = d->p.total_jp;
    date_format(first, fs);
    date_format(last, ls);
}

int cert_issue(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t enrolment_id, date_t issued, cert_t *out)
{
    enrol_row_t en;
    int rc = enrol_get(db, e, a, enrolment_id, &en);
    if (rc <= 0) return rc < 0 ? -1 : err_set(e, 404, "not_found", "pendaftaran dengan id %lld tidak ditemukan",
                                             (long long)enrolment_id);
    if (en.status != ENROL_SELESAI || !en.program_id)
        return err_set(e, 409, "not_completed",
                       _("Sertifikat hanya diterbitkan untuk peserta yang telah selesai (lulus); status pendaftaran ini: %s"),
                       enrol_status_label(en.status));
    cert_t have;
    rc = cert_valid_for(db, e, a, enrolment_id, &have);
    if (rc < 0) return -1;
    if (rc == 1)
        return err_set(e, 409, "already_issued",
                       _("Peserta ini sudah memiliki sertifikat nomor %s; cetak ulang sertifikat itu (nomornya tidak berubah)"),
                       have.number);
    trn_data_t d;
    rc = trn_load(db, e, a, en.program_id, &d);
    if (rc <= 0) return rc < 0 ? -1 : err_set(e, 404, "not_found", "program tidak ditemukan");
    train_rules_t rules;
    if (trn_rules(&d, &rules, e) < 0) return -1;
    const char *holder = text1(db, e, a, db_query(db, e, "SELECT name FROM wbp WHERE id = ?", "i", en.wbp_id));
    if (!holder) return err_set(e, 500, "db_error", "nama peserta tidak dapat dibaca");

    char fs[DATE_ISO_LEN], ls[DATE_ISO_LEN], is[DATE_ISO_LEN];
    int jp;
    cert_dates(&d, fs, ls, &jp);
    date_format(issued, is);

    /* the signatories the certificate template needs (issue 22): refused before a
     * number is taken when the agreement lacks one */
    json_t *sig = cert_signatories(db, e, a, d.p.agreement_id, d.p.site_id, is);
    if (!sig) return -1;

    /* the number: the rule set's format, or the dated setting certificate.number_format
     * (with certificate.seq_per) when a site chose its own, e.g. one without the site code */
    const char *fmt_set = NULL, *per_set = NULL;
    if (setting_get(db, e, a, "certificate.number_format", d.p.site_id, is, false, &fmt_set) < 0 ||
        setting_get(db, e, a, "certificate.seq_per", d.p.site_id, is, false, &per_set) < 0) {
        json_decref(sig);
        return -1;
    }
    if (fmt_set && *fmt_set) {
        unsigned per = 0;
        char one_per[32];
        for (const char *p = per_set ? per_set : ""; *p;) {
            size_t n = strcspn(p, ", ");
            if (n) {
                snprintf(one_per, sizeof one_per, "%.*s", (int)(n < sizeof one_per ? n : sizeof one_per - 1), p);
                int k = certno_per_parse(one_per);
                if (k < 0) {
                    json_decref(sig);
                    return err_set(e, 422, "invalid_certno_format",
                                   _("pengaturan certificate.seq_per berisi \"%s\" (boleh: site, year, month, trade, program)"),
                                   one_per);
                }
                per |= 1u << k;
            }
            p += n;
            while (*p == ',' || *p == ' ') p++;
        }
        err_t fe;
        err_clear(&fe);
        if (strlen(fmt_set) > CERTNO_FORMAT_MAX || certno_validate(fmt_set, per, &fe) < 0) {
            json_decref(sig);
            return err_set(e, 422, "invalid_certno_format", _("pengaturan certificate.number_format tidak sah: %s"),
                           fe.msg[0] ? fe.msg : _("terlalu panjang"));
        }
        snprintf(rules.certno_format, sizeof rules.certno_format, "%s", fmt_set);
        rules.seq_per = per;
    }
    certno_values_t val = {0, issued, d.p.site_code, d.p.trade_code, d.p.id};
    char key[200], number[CERTNO_MAX], now[32];
    certno_seq_key(rules.seq_per, &val, key, sizeof key);
    now_iso(now);
    if (db_run(db, e,
               "INSERT INTO certificate_counter(seq_key, last_seq, updated_at) VALUES (?, 0, ?) "
               "ON CONFLICT (seq_key) DO NOTHING",
               "tt", key, now) < 0) {
        json_decref(sig);
        return -1;
    }
    int64_t seq = db_one_int(db, e,
                             "UPDATE certificate_counter SET last_seq = last_seq + 1, updated_at = ? WHERE seq_key = ? "
                             "RETURNING last_seq",
                             "tt", now, key);
    if (seq <= 0) {
        json_decref(sig);
        return seq < 0 ? -1 : err_set(e, 500, "db_error", "penghitung nomor sertifikat tidak terbaca");
    }
    val.seq = (long)seq;
    if (certno_render(rules.certno_format, &val, number, e) < 0) {
        json_decref(sig);
        return -1;
    }

    json_t *c = cert_content(db, e, a, &d, &rules, holder, number, fs, ls, jp, is, sig);
    char *content = json_dumps(c, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(c);
    char code[CERT_CODE_LEN + 1];
    cert_new_code(code);

    int64_t id = db_one_int(db, e,
                            "INSERT INTO certificate(site_id, enrolment_id, program_id, number, seq_key, seq, holder_name, "
                            "trade_name, start_date, end_date, total_jp, issued_on, content, status, created_at, "
                            "created_by, updated_at, updated_by, verify_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "?, 'valid', ?, NULLIF(CAST(? AS BIGINT), 0), ?, NULLIF(CAST(? AS BIGINT), 0), ?) RETURNING id",
                            "iiittittttitttitit", d.p.site_id, enrolment_id, d.p.id, number, key, seq, holder,
                            d.p.trade_name ? d.p.trade_name : "", fs, ls, (int64_t)jp, is, content, now, who->user_id,
                            now, who->user_id, code);
    if (id <= 0) {
        free(content);
        return id < 0 ? -1 : err_set(e, 500, "db_error", "sertifikat tidak tersimpan");
    }
    json_t *au = json_pack("{s:s,s:I,s:s,s:s}", "number", number, "enrolment_id", (json_int_t)enrolment_id,
                           "holder_name", holder, "issued_on", is);
    rc = audit_write(db, e, &(audit_write_t){who, d.p.site_id, "issue", "certificate", id, .after = au});
    free(content);
    if (rc < 0) return -1;
    rc = cert_get(db, e, a, 0, id, out);
    return rc == 1 ? 0 : rc < 0 ? -1 : err_set(e, 500, "db_error", "sertifikat tidak dapat dibaca kembali");
}

int cert_reprint(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t id, cert_t *before, cert_t *after)
{
    int rc = cert_get(db, e, a, 0, id, before);
    if (rc <= 0) return rc < 0 ? -1 : err_set(e, 404, "not_found", "sertifikat dengan id %lld tidak ditemukan", (long long)id);
    if (!str_eq(before->status, "valid"))
        return err_set(e, 409, "revoked", "%s", _("Sertifikat yang sudah dicabut tidak dapat dicetak ulang"));
    trn_data_t d;
    rc = trn_load(db, e, a, before->program_id, &d);
    if (rc <= 0) return rc < 0 ? -1 : err_set(e, 404, "not_found", "program tidak ditemukan");
    train_rules_t rules;
    if (trn_rules(&d, &rules, e) < 0) return -1;
    enrol_row_t en;
    rc = enrol_get(db, e, a, before->enrolment_id, &en);
    if (rc <= 0) return rc < 0 ? -1 : err_set(e, 404, "not_found", "pendaftaran tidak ditemukan");
    const char *holder = text1(db, e, a, db_query(db, e, "SELECT name FROM wbp WHERE id = ?", "i", en.wbp_id));
    if (!holder) return err_set(e, 500, "db_error", "nama peserta tidak dapat dibaca");
    char fs[DATE_ISO_LEN], ls[DATE_ISO_LEN];
    int jp;
    cert_dates(&d, fs, ls, &jp);
    json_t *sig = cert_signatories(db, e, a, d.p.agreement_id, d.p.site_id, before->issued_on);
    if (!sig) return -1;
    json_t *c = cert_content(db, e, a, &d, &rules, holder, before->number, fs, ls, jp, before->issued_on, sig);
    char *content = json_dumps(c, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(c);
    if (str_eq(content, before->content)) {
        free(content);
        *after = *before;
        return 0;
    }
    char now[32];
    now_iso(now);
    int64_t n = db_run(db, e,
                       "UPDATE certificate SET content = ?, holder_name = ?, trade_name = ?, start_date = ?, end_date = ?, "
                       "total_jp = ?, updated_at = ?, updated_by = NULLIF(CAST(? AS BIGINT), 0) WHERE id = ?",
                       "tttttitii", content, holder, d.p.trade_name ? d.p.trade_name : "", fs, ls, (int64_t)jp, now,
                       who->user_id, id);
    if (n < 0) {
        free(content);
        return -1;
    }
    json_t *bj = json_pack("{s:s,s:s}", "number", before->number, "holder_name", before->holder_name ? before->holder_name : "");
    json_t *aj = json_pack("{s:s,s:s}", "number", before->number, "holder_name", holder);
    rc = audit_write(db, e, &(audit_write_t){who, before->site_id, "reprint", "certificate", id, bj, aj});
    free(content);
    if (rc < 0) return -1;
    rc = cert_get(db, e, a, 0, id, after);
    return rc == 1 ? 0 : rc < 0 ? -1 : err_set(e, 500, "db_error", "sertifikat tidak dapat dibaca kembali");
}

int cert_revoke(db_t *db, err_t *e, const actor_t *who, int64_t id, const char *reason)
{
    const char *p = reason;
    while (p && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    if (!p || !*p) return err_set(e, 400, "reason_required", _("Pencabutan sertifikat memerlukan alasan"));
    arena_t a;
    arena_init(&a);
    cert_t c;
    int ret = -1;
    int rc = cert_get(db, e, &a, 0, id, &c);
    if (rc <= 0) {
        if (rc == 0) err_set(e, 404, "not_found", "sertifikat dengan id %lld tidak ditemukan", (long long)id);
        goto out;
    }
    char now[32];
    now_iso(now);
    int64_t n = db_run(db, e,
                       "UPDATE certificate SET status = 'dicabut', revoked_at = ?, revoked_by = NULLIF(CAST(? AS BIGINT), 0), "
                       "revoke_reason = ?, updated_at = ?, updated_by = NULLIF(CAST(? AS BIGINT), 0) "
                       "WHERE id = ? AND status = 'valid'",
                       "tittii", now, who->user_id, reason, now, who->user_id, id);
    if (n < 0) goto out;
    if (n != 1) {
        err_set(e, 409, "already_revoked", _("Sertifikat %s sudah dicabut"), c.number);
        goto out;
    }
    json_t *b = json_pack("{s:s,s:s}", "number", c.number, "status", "valid");
    json_t *af = json_pack("{s:s,s:s,s:s}", "number", c.number, "status", "dicabut", "revoke_reason", reason);
    rc = audit_write(db, e, &(audit_write_t){who, c.site_id, "revoke", "certificate", id, b, af});
    if (rc == 0) ret = 0;
out:
    arena_release(&a);
    return ret;
}

void cert_new_code(char out[CERT_CODE_LEN + 1])
{
    unsigned char raw[CERT_CODE_LEN / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, CERT_CODE_LEN + 1, raw, sizeof raw);
}

bool cert_code_ok(const char *s)
{
    if (!s || strlen(s) != CERT_CODE_LEN) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
    return true;
}

static int code_tx(db_t *db, void *vc, err_t *e)
{
    cert_t *c = vc;
    char code[CERT_CODE_LEN + 1], now[32];
    cert_new_code(code);
    now_iso(now);
    int64_t n = db_run(db, e, "UPDATE certificate SET verify_code = ? WHERE id = ? AND verify_code IS NULL", "ti", code,
                       c->id);
    if (n < 0) return -1;
    if (n == 0) return 0; /* another request gave it one meanwhile */
    static const actor_t sys = {0, "bekal", "admin"};
    return audit_append(db, e, &sys, c->site_id, "update", "certificate", c->id, "{\"verify_code\":null}",
                        "{\"verify_code_set\":true}");
}

int cert_ensure_code(db_t *db, err_t *e, arena_t *a, cert_t *c)
{
    if (c->verify_code && *c->verify_code) return 0;
    if (db_tx(db, code_tx, c, e) < 0) return -1;
    cert_t again;
    int rc = cert_get(db, e, a, 0, c->id, &again);
    if (rc <= 0) return rc < 0 ? -1 : err_set(e, 404, "not_found", "sertifikat tidak ditemukan");
    c->verify_code = again.verify_code;
    return 0;
}

const char *cert_verify_url(arena_t *a, db_t *db, int64_t site_id, const char *code)
{
    char base[400] = "";
    const char *env = getenv("BEKAL_PUBLIC_URL");
    if (env && *env) snprintf(base, sizeof base, "%s", env);
    else {
        char today[11];
        today_iso(today);
        err_t e;
        err_clear(&e);
        const char *u = NULL;
        if (setting_get(db, &e, a, "certificate.public_url", site_id, today, false, &u) == 1 && u && *u)
            snprintf(base, sizeof base, "%s", u);
        else
            snprintf(base, sizeof base, "http://127.0.0.1:8080");
    }
    size_t n = strlen(base);
    while (n && base[n - 1] == '/') base[--n] = 0;
    return arena_printf(a, "%s/verify?kode=%s", base, code ? code : "");
}

