/* transfer_store.c — transfers between sites of one database (see transfer_store.h). */
#include "transfer_store.h"
#include "enrol_store.h"
#include "premi_store.h"
#include "rowmap.h"
#include "records.h"
#include "../core/wbp.h"
#include "../util/i18n.h"
#include <stdio.h>
#include <string.h>

/* The inmate's coaching records that follow him to the receiving site (their rows
 * carry the site that keeps them; whoever keeps the inmate keeps them). The SQL is
 * spelled out per table (only literal SQL text). */
static const char *const carried_tables[] = {"remisi", "discipline", "sppn", "wbp_exclusion", "wbp_not_proposed"};
static db_stmt_t *carried_rows(db_t *db, err_t *e, size_t k, int64_t wbp_id, int64_t from)
{
    switch (k) {
    case 0: return db_query(db, e, "SELECT id FROM remisi WHERE wbp_id = ? AND site_id = ? ORDER BY id", "ii", wbp_id, from);
    case 1: return db_query(db, e, "SELECT id FROM discipline WHERE wbp_id = ? AND site_id = ? ORDER BY id", "ii", wbp_id, from);
    case 2: return db_query(db, e, "SELECT id FROM sppn WHERE wbp_id = ? AND site_id = ? ORDER BY id", "ii", wbp_id, from);
    case 3:
        return db_query(db, e, "SELECT id FROM wbp_exclusion WHERE wbp_id = ? AND site_id = ? ORDER BY id", "ii", wbp_id, from);
    default:
        return db_query(db, e, "SELECT id FROM wbp_not_proposed WHERE wbp_id = ? AND site_id = ? ORDER BY id", "ii", wbp_id,
                        from);
    }
}
static int64_t carried_move(db_t *db, err_t *e, size_t k, int64_t id, int64_t to)
{
    switch (k) {
    case 0: return db_run(db, e, "UPDATE remisi SET site_id = ? WHERE id = ?", "ii", to, id);
    case 1: return db_run(db, e, "UPDATE discipline SET site_id = ? WHERE id = ?", "ii", to, id);
    case 2: return db_run(db, e, "UPDATE sppn SET site_id = ? WHERE id = ?", "ii", to, id);
    case 3: return db_run(db, e, "UPDATE wbp_exclusion SET site_id = ? WHERE id = ?", "ii", to, id);
    default: return db_run(db, e, "UPDATE wbp_not_proposed SET site_id = ? WHERE id = ?", "ii", to, id);
    }
}

/* Applies transfer id inside the caller's transaction (see the header comment). */
static int apply_tx(db_t *db, err_t *e, const actor_t *who, int64_t id, transfer_row_t *out)
{
    db_stmt_t *st = db_query(db, e,
                             "SELECT t.wbp_id, t.site_id, t.to_site_id, t.transfer_date, w.site_id, w.status, w.regno, "
                             "f.code, s.code FROM wbp_transfer t JOIN wbp w ON w.id = t.wbp_id JOIN site f ON f.id = t.site_id "
                             "JOIN site s ON s.id = t.to_site_id WHERE t.id = ?",
                             "i", id);
    if (!st) return -1;
    int rc = db_step(st, e);
    int64_t wbp_id = 0, from = 0, to = 0, at_site = 0;
    char date[11] = "", status[16] = "", regno[128] = "", fcode[32] = "", tcode[32] = "";
    if (rc == 1) {
        wbp_id = db_col_int(st, 0), from = db_col_int(st, 1), to = db_col_int(st, 2), at_site = db_col_int(st, 4);
        snprintf(date, sizeof date, "%s", db_col_text(st, 3) ? db_col_text(st, 3) : "");
        snprintf(status, sizeof status, "%s", db_col_text(st, 5) ? db_col_text(st, 5) : "");
        snprintf(regno, sizeof regno, "%s", db_col_text(st, 6) ? db_col_text(st, 6) : "");
        snprintf(fcode, sizeof fcode, "%s", db_col_text(st, 7) ? db_col_text(st, 7) : "");
        snprintf(tcode, sizeof tcode, "%s", db_col_text(st, 8) ? db_col_text(st, 8) : "");
    }
    while (rc == 1) rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0) return -1;
    if (!wbp_id) return err_set(e, 404, "not_found", "%s", _("Pemindahan tidak ditemukan"));
    if (at_site != from || !str_eq(status, "ditahan"))
        return err_set(e, 422, "not_in_custody", "%s", _("WBP ini tidak sedang ditahan di lokasi asal pemindahan"));
    int64_t taken = db_one_int(db, e, "SELECT count(*) FROM wbp WHERE site_id = ? AND regno = ? AND id <> ?", "iti", to,
                               regno, wbp_id);
    if (taken < 0) return -1;
    if (taken)
        return err_set(e, 409, "regno_taken", _("Lokasi tujuan sudah mempunyai WBP dengan nomor registrasi %s"), regno);
    /* the open enrolments end with the coded reason "pindah" */
    enum { MAXE = 64 };
    int64_t ids[MAXE];
    int n = 0;
    st = db_query(db, e, "SELECT id, status FROM enrolment WHERE wbp_id = ? ORDER BY id", "i", wbp_id);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1) {
        int s = enrol_status_parse(db_col_text(st, 1));
        if (s >= 0 && !enrol_is_final((enrol_status_t)s) && n < MAXE) ids[n++] = db_col_int(st, 0);
    }
    db_finalize(st);
    if (rc < 0) return -1;
    char reason[96];
    snprintf(reason, sizeof reason, "pindah ke %s", tcode);
    for (int i = 0; i < n; i++)
        if (enrol_set_status_coded(db, e, who, ids[i], ENROL_MUNDUR, reason, "pindah", NULL, NULL) < 0) return -1;
    /* the premi balance and its ledger go with him */
    char note_out[96], note_in[96];
    snprintf(note_out, sizeof note_out, "saldo premi dibawa pindah ke %s", tcode);
    snprintf(note_in, sizeof note_in, "saldo premi pindahan dari %s", fcode);
    rupiah_t carried = 0;
    if (premi_transfer(db, e, who, wbp_id, from, to, date, note_out, note_in, &carried) < 0) return -1;
    /* the coaching records follow him */
    char now[32];
    now_iso(now);
    char before[48], after[48];
    snprintf(before, sizeof before, "{\"site_id\":%lld}", (long long)from);
    snprintf(after, sizeof after, "{\"site_id\":%lld}", (long long)to);
    for (size_t k = 0; k < ARRAY_LEN(carried_tables); k++) {
        int64_t rows[256];
        int nr = 0;
        st = carried_rows(db, e, k, wbp_id, from);
        if (!st) return -1;
        while ((rc = db_step(st, e)) == 1)
            if (nr < (int)ARRAY_LEN(rows)) rows[nr++] = db_col_int(st, 0);
        db_finalize(st);
        if (rc < 0) return -1;
        for (int i = 0; i < nr; i++) {
            if (carried_move(db, e, k, rows[i], to) < 0 ||
                audit_append(db, e, who, to, "transfer", carried_tables[k], rows[i], before, after) < 0)
                return -1;
        }
    }
    /* the inmate moves */
    if (db_run(db, e,
               "UPDATE wbp SET site_id = ?, transfer_date = ?, updated_at = ?, updated_by = NULLIF(CAST(? AS BIGINT), 0) "
               "WHERE id = ?",
               "ittii", to, date, now, who->user_id, wbp_id) < 0 ||
        wbp_search_flush(db, e) < 0) /* both sites' search digests (migrations 012, 033) */
        return -1;
    char wb[64], wa[96];
    snprintf(wb, sizeof wb, "{\"site_id\":%lld}", (long long)from);
    snprintf(wa, sizeof wa, "{\"site_id\":%lld,\"transfer_date\":\"%s\"}", (long long)to, date);
    if (audit_append(db, e, who, from, "transfer", "wbp", wbp_id, wb, wa) < 0) return -1;
    if (db_run(db, e,
               "UPDATE wbp_transfer SET state = 'berlaku', enrolments_ended = ?, premi_carried = ?, updated_at = ?, "
               "updated_by = NULLIF(CAST(? AS BIGINT), 0) WHERE id = ?",
               "iitii", (int64_t)n, carried, now, who->user_id, id) < 0)
        return -1;
    char ta[128];
    snprintf(ta, sizeof ta, "{\"state\":\"berlaku\",\"enrolments_ended\":%d,\"premi_carried\":%lld}", n, (long long)carried);
    if (audit_append(db, e, who, from, "apply", "wbp_transfer", id, NULL, ta) < 0) return -1;
    if (out) out->enrolments_ended = n, out->premi_carried = carried, out->state = "berlaku";
    return 0;
}

struct create_ctx {
    arena_t *a;
    const actor_t *who;
    int64_t wbp_id, from, to;
    const char *date, *note;
    bool future;
    transfer_row_t *out;
};
static int create_tx(db_t *db, void *vc, err_t *e)
{
    struct create_ctx *c = vc;
    int64_t sched = db_one_int(db, e, "SELECT count(*) FROM wbp_transfer WHERE wbp_id = ? AND state = 'terjadwal'", "i",
                               c->wbp_id);
    if (sched < 0) return -1;
    if (sched) return err_set(e, 409, "already_scheduled", "%s", _("Pemindahan WBP ini sudah dijadwalkan"));
    char now[32];
    now_iso(now);
    int64_t id = db_one_int(db, e,
                            "INSERT INTO wbp_transfer(site_id, wbp_id, to_site_id, transfer_date, state, note, created_at, "
                            "created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, "
                            "NULLIF(CAST(? AS BIGINT), 0)) RETURNING id",
                            "iiitttt" "iti", c->from, c->wbp_id, c->to, c->date, c->future ? "terjadwal" : "berlaku",
                            c->note, now, c->who->user_id, now, c->who->user_id);
    if (id <= 0) return id < 0 ? -1 : err_set(e, 500, "db_error", "%s", _("pemindahan tidak tersimpan"));
    c->out->id = id;
    json_t *j = json_pack("{s:I,s:I,s:s,s:s}", "wbp_id", (json_int_t)c->wbp_id, "to_site_id", (json_int_t)c->to,
                          "transfer_date", c->date, "state", c->future ? "terjadwal" : "berlaku");
    if (c->note) json_object_set_new(j, "note", json_string(c->note));
    if (audit_write(db, e,
                    &(audit_write_t){c->who, c->from, "create", "wbp_transfer", id, .after = j, .after_text = "{}"}) < 0)
        return -1;
    if (c->future) return 0;
    return apply_tx(db, e, c->who, id, c->out);
}

int transfer_create(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t wbp_id, const char *to_site,
                    const char *date, const char *note, date_t today, bool dry_run, field_errs_t *fe,
                    transfer_row_t *out)
{
    memset(out, 0, sizeof *out);
    rec_t w;
    int rc = rec_load(db, e, a, &wbp_def, uid, wbp_id, &w);
    if (rc < 0) return -1;
    if (rc == 0) return err_set(e, 404, "not_found", "%s", _("WBP tidak ditemukan"));
    if (!str_eq(w.v[WF_STATUS], "ditahan"))
        return err_set(e, 422, "not_in_custody", "%s", _("Hanya WBP yang sedang ditahan yang dapat dipindahkan"));
    int64_t to = 0;
    if (!to_site || !*to_site) field_err(fe, "to_site", "%s", _("Sebutkan kode lokasi tujuan"));
    else {
        to = site_id_by_code(db, e, to_site);
        if (to < 0) return -1;
        if (to == 0) field_err(fe, "to_site", _("Lokasi %s tidak dikenal"), to_site);
        else if (to == w.site_id) field_err(fe, "to_site", "%s", _("Lokasi tujuan sama dengan lokasi WBP sekarang"));
    }
    char t[DATE_ISO_LEN], d[DATE_ISO_LEN];
    date_format(today, t);
    if (date && *date) {
        if (!date_normalise(date, d)) field_err(fe, "date", "%s", _("Tanggal pemindahan harus TTTT-BB-HH"));
    } else
        memcpy(d, t, sizeof d);
    if (!fe->n && w.v[WF_DETENTION_START] && strcmp(d, w.v[WF_DETENTION_START]) < 0)
        field_err(fe, "date", "%s", _("Tanggal pemindahan tidak boleh sebelum tanggal penahanan"));
    if (note && strlen(note) > 500) field_err(fe, "note", "%s", _("Catatan paling panjang 500 karakter"));
    if (fe->n) return 0;
    out->wbp_id = wbp_id, out->from_site_id = w.site_id, out->to_site_id = to;
    out->from_site = w.site_code ? w.site_code : "";
    out->to_site = arena_strdup(a, to_site);
    out->transfer_date = arena_strdup(a, d);
    out->note = note && *note ? note : NULL;
    bool future = strcmp(d, t) > 0;
    out->state = future ? "terjadwal" : "berlaku";
    struct create_ctx c = {a, who, wbp_id, w.site_id, to, out->transfer_date, out->note, future, out};
    return dry_run ? db_dry_run(db, create_tx, &c, e) : db_tx(db, create_tx, &c, e);
}

#define C(f, t) RM_COL(transfer_row_t, t, f)
static const rm_col_t transfer_cols[] = {C(id, RM_INT),          C(wbp_id, RM_INT),       C(from_site_id, RM_INT),
                                         C(to_site_id, RM_INT),  C(from_site, RM_TEXT),   C(to_site, RM_TEXT),
                                         C(transfer_date, RM_TEXT), C(state, RM_TEXT),    C(note, RM_TEXT),
                                         C(enrolments_ended, RM_I32), C(premi_carried, RM_INT)};
#undef C
static const rm_spec_t transfer_spec = RM_SPEC(transfer_row_t, transfer_cols);

RM_LIST_BY_ID(transfer_list, transfer_row_t, transfer_spec,
              "SELECT t.id, t.wbp_id, t.site_id, t.to_site_id, f.code, s.code, t.transfer_date, t.state, "
              "t.note, t.enrolments_ended, t.premi_carried FROM wbp_transfer t JOIN site f ON f.id = t.site_id "
              "JOIN site s ON s.id = t.to_site_id WHERE t.wbp_id = ? ORDER BY t.transfer_date, t.id")

static int apply_due(db_t *db, int64_t id, err_t *e)
{
    static const actor_t sys = {0, "bekal", "admin"};
    int64_t still = db_one_int(db, e, "SELECT count(*) FROM wbp_transfer WHERE id = ? AND state = 'terjadwal'", "i", id);
    if (still <= 0) return (int)still;
    return apply_tx(db, e, &sys, id, NULL);
}

int transfer_apply_due(db_t *db, err_t *e, const char *today, int *applied, int *failed)
{
    return db_apply_due(db, e,
                        "SELECT id FROM wbp_transfer WHERE state = 'terjadwal' AND transfer_date <= ? "
                        "ORDER BY transfer_date, id",
                        today, "pemindahan terjadwal", apply_due, applied, failed);
}

#define C(f, t) RM_COL(history_enrolment_t, t, f)
static const rm_col_t history_enrolment_cols[] = {C(id, RM_INT),     C(site, RM_TEXT),   C(agreement, RM_TEXT),
                                                  C(program, RM_TEXT), C(status, RM_TEXT), C(reason, RM_TEXT),
                                                  C(withdraw_reason, RM_TEXT), C(status_at, RM_TEXT)};
#undef C
#define C(f, t) RM_COL(history_certificate_t, t, f)
static const rm_col_t history_certificate_cols[] = {C(id, RM_INT),      C(site, RM_TEXT),      C(number, RM_TEXT),
                                                    C(program, RM_TEXT), C(issued_on, RM_TEXT), C(revoked, RM_BOOL)};
#undef C
static const rm_spec_t history_enrolment_spec = RM_SPEC(history_enrolment_t, history_enrolment_cols);
static const rm_spec_t history_certificate_spec = RM_SPEC(history_certificate_t, history_certificate_cols);

int transfer_history(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, history_enrolment_t **en, int *nen,
                     history_certificate_t **certs, int *ncert)
{
    *ncert = 0;
    *en = rm_list(db_query(db, e,
                           "SELECT n.id, s.code, a.number_site, p.name, n.status, n.reason, n.withdraw_reason, n.status_at "
                           "FROM enrolment n JOIN site s ON s.id = n.site_id JOIN agreement a ON a.id = n.agreement_id "
                           "LEFT JOIN program p ON p.id = n.program_id WHERE n.wbp_id = ? ORDER BY n.id",
                           "i", wbp_id),
                  e, a, &history_enrolment_spec, nen);
    if (!*en) return -1;
    *certs = rm_list(db_query(db, e,
                              "SELECT c.id, s.code, c.number, p.name, c.issued_on, "
                              "CASE WHEN c.status = 'dicabut' THEN 1 ELSE 0 END FROM certificate c "
                              "JOIN enrolment n ON n.id = c.enrolment_id JOIN site s ON s.id = c.site_id "
                              "JOIN program p ON p.id = c.program_id WHERE n.wbp_id = ? ORDER BY c.issued_on, c.id",
                              "i", wbp_id),
                     e, a, &history_certificate_spec, ncert);
    return *certs ? 0 : -1;
}
