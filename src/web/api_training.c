/* api_training.c — the training API (/api/v1): a programme's sessions and its
 * participants with their live attendance and completion, a session's attendance
 * and saving it (the same rules and correction window as the page), adding a
 * competency result, and certificates (list, one, revoke). Lists answer
 * {items, page, per_page, total}; validation errors 422 with "fields"; unknown
 * members are refused. */
#include "training.h"
#include "../core/training.h"
#include "../store/cert_store.h"
#include <stdlib.h>
#include <string.h>

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* Refuses members of body not in allowed (NULL-terminated): a field error each. */
static void only_members(req_t *r, json_t *body, const char *const *allowed, field_errs_t *fe)
{
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        bool ok = false;
        for (int i = 0; allowed[i] && !ok; i++) ok = str_eq(k, allowed[i]);
        if (!ok) field_err(fe, arena_strdup(&r->a, k), _("kolom \"%.60s\" tidak dikenal"), k);
    }
}

/* Slices n items into the list shape by ?page= and ?per_page= (default all up to 200). */
static json_t *page_of(req_t *r, json_t *all)
{
    int n = (int)json_array_size(all);
    int per = req_query_int(r, "per_page", 200, 1, 200), page = req_query_int(r, "page", 1, 1, 1000000);
    json_t *items = json_array();
    for (int i = (page - 1) * per; i < n && i < page * per; i++) json_array_append(items, json_array_get(all, i));
    json_t *o = json_pack("{s:o,s:i,s:i,s:i}", "items", items, "page", page, "per_page", per, "total", n);
    json_decref(all);
    return o;
}

static json_t *session_json(const trn_data_t *d, const trn_session_t *s)
{
    int entered = 0;
    for (int k = 0; k < d->n_people; k++)
        if (trn_person_attends(&d->people[k]) && trn_att_find(d, s->id, d->people[k].enrolment_id)) entered++;
    int u = trn_unit_index(d, s->unit_id);
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:i,s:b,s:i}", "id", (json_int_t)s->id, "program_id", (json_int_t)d->p.id,
                          "session_date", s->date_iso ? s->date_iso : "", "start_time", s->start_time ? s->start_time : "",
                          "end_time", s->end_time ? s->end_time : "", "jp", s->jp, "cancelled", s->cancelled,
                          "attendance_entered", entered);
    json_object_set_new(o, "unit_id", s->unit_id ? json_integer(s->unit_id) : json_null());
    json_object_set_new(o, "unit_title", u >= 0 ? str_or_null(d->units[u].title) : json_null());
    json_object_set_new(o, "instructor_id", s->instructor_id ? json_integer(s->instructor_id) : json_null());
    json_object_set_new(o, "topic", str_or_null(s->topic));
    json_object_set_new(o, "cancel_reason", str_or_null(s->cancel_reason));
    return o;
}

int api_program_sessions(req_t *r, resp_t *w)
{
    trn_data_t d;
    if (trn_web_load(r, r->id, &d, NULL) < 0) return -1;
    json_t *all = json_array();
    for (int i = 0; i < d.n_sessions; i++) json_array_append_new(all, session_json(&d, &d.sessions[i]));
    resp_json(w, 200, page_of(r, all));
    return 0;
}

/* One participant with live attendance, units and the completion rule's answer. */
static json_t *participant_json(req_t *r, const trn_data_t *d, const train_rules_t *rules, int i, date_t at)
{
    const trn_participant_t *p = &d->people[i];
    comp_eval_t ev;
    trn_evaluate(d, rules, i, at, &ev);
    char rate[16];
    att_rate_format(ev.att.rate_bp, rate);
    json_t *req = json_array();
    for (int k = 0; k < ev.n; k++)
        json_array_append_new(req, json_pack("{s:s,s:b,s:b,s:s}", "code", comp_req_code_name(ev.req[k].code), "met",
                                             ev.req[k].met, "pending", ev.req[k].pending, "detail", ev.req[k].detail));
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s}", "enrolment_id", (json_int_t)p->enrolment_id, "wbp_id",
                          (json_int_t)p->wbp_id, "name", p->name ? p->name : "", "regno", p->regno ? p->regno : "",
                          "status", enrol_status_code(p->status));
    json_object_set_new(o, "attendance",
                        json_pack("{s:i,s:i,s:i,s:i,s:s,s:b,s:i}", "held_jp", ev.att.held_jp, "attended_jp",
                                  ev.att.attended_jp, "base_jp", ev.att.base_jp, "rate_bp", ev.att.rate_bp, "rate", rate,
                                  "below_minimum", ev.att.below_min, "unrecorded_sessions", ev.att.unrecorded_sessions));
    json_object_set_new(o, "units_kompeten", json_integer(ev.units_kompeten));
    json_object_set_new(o, "units_total", json_integer(d->n_units));
    json_object_set_new(o, "outcome", json_string(comp_outcome_name(ev.outcome)));
    json_object_set_new(o, "requirements", req);
    cert_t c;
    err_t e;
    err_clear(&e);
    json_object_set_new(o, "certificate",
                        cert_valid_for(r->db, &e, &r->a, p->enrolment_id, &c) == 1 ? json_string(c.number) : json_null());
    return o;
}

int api_program_participants(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    if (trn_web_load(r, r->id, &d, &rules) < 0) return -1;
    date_t at = trn_web_today(r, d.p.site_id);
    const char *as = req_query(r, "at");
    if (as && *as && !date_parse(as, &at))
        return web_fail(r, 400, "bad_query", "%s", _("at harus tanggal TTTT-BB-HH"));
    json_t *all = json_array();
    for (int i = 0; i < d.n_people; i++) json_array_append_new(all, participant_json(r, &d, &rules, i, at));
    json_t *o = page_of(r, all);
    char min[16];
    att_rate_format(rules.att.min_rate_bp, min);
    char ai[DATE_ISO_LEN];
    date_format(at, ai);
    json_object_set_new(o, "at", json_string(ai));
    json_object_set_new(o, "min_attendance", json_string(min));
    json_object_set_new(o, "rules", json_string(rules.code));
    resp_json(w, 200, o);
    return 0;
}

static json_t *attendance_json(const trn_data_t *d, const trn_session_t *s)
{
    json_t *items = json_array();
    for (int i = 0; i < d->n_people; i++) {
        const trn_participant_t *p = &d->people[i];
        if (!trn_person_attends(p)) continue;
        const trn_att_t *x = trn_att_find(d, s->id, p->enrolment_id);
        json_t *o = json_pack("{s:I,s:s,s:s}", "enrolment_id", (json_int_t)p->enrolment_id, "name", p->name ? p->name : "",
                              "status", att_status_name(x ? x->status : ATT_NONE));
        json_object_set_new(o, "note", str_or_null(x ? x->note : NULL));
        json_object_set_new(o, "entered_at", str_or_null(x ? x->entered_at : NULL));
        json_object_set_new(o, "updated_at", str_or_null(x ? x->updated_at : NULL));
        json_array_append_new(items, o);
    }
    json_t *o = json_pack("{s:o,s:o}", "session", session_json(d, s), "items", items);
    json_object_set_new(o, "page", json_integer(1));
    json_object_set_new(o, "per_page", json_integer((json_int_t)json_array_size(items)));
    json_object_set_new(o, "total", json_integer((json_int_t)json_array_size(items)));
    return o;
}

int api_session_attendance(req_t *r, resp_t *w)
{
    trn_data_t d;
    int si;
    if (trn_web_load_session(r, r->id, &d, NULL, &si) < 0) return -1;
    resp_json(w, 200, attendance_json(&d, &d.sessions[si]));
    return 0;
}

int api_attendance_save(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    int si;
    if (trn_web_load_session(r, r->id, &d, &rules, &si) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    field_errs_t fe = {0};
    static const char *const allowed[] = {"entries", "reason", NULL};
    only_members(r, body, allowed, &fe);
    json_t *ents = json_object_get(body, "entries"), *rs = json_object_get(body, "reason");
    const char *reason = NULL;
    if (rs && !json_is_null(rs)) {
        if (!json_is_string(rs) || strlen(json_string_value(rs)) > 500 ||
            !utf8_valid_text(json_string_value(rs), strlen(json_string_value(rs))))
            field_err(&fe, "reason", "%s", _("reason harus teks (maksimal 500 karakter)"));
        else reason = arena_strdup(&r->a, json_string_value(rs));
    }
    trn_att_entry_t *list = NULL;
    int n = 0;
    if (!json_is_array(ents) || json_array_size(ents) == 0)
        field_err(&fe, "entries", "%s", _("entries harus daftar isian kehadiran: [{\"enrolment_id\": 12, \"status\": \"hadir\"}]"));
    else if (json_array_size(ents) > 1000)
        field_err(&fe, "entries", "%s", _("entries terlalu banyak (maksimal 1000)"));
    else {
        list = arena_alloc(&r->a, sizeof *list * json_array_size(ents));
        size_t i;
        json_t *it;
        json_array_foreach(ents, i, it)
        {
            json_t *eid = json_object_get(it, "enrolment_id"), *st = json_object_get(it, "status"),
                   *nt = json_object_get(it, "note");
            bool extra = false;
            const char *k;
            json_t *v;
            if (json_is_object(it)) json_object_foreach(it, k, v) extra |= !str_eq(k, "enrolment_id") && !str_eq(k, "status") && !str_eq(k, "note");
            int sv = json_is_string(st) ? att_status_parse(json_string_value(st)) : -1;
            if (!json_is_object(it) || extra || !json_is_integer(eid) || json_integer_value(eid) <= 0 || sv < 0 ||
                (nt && !json_is_null(nt) &&
                 (!json_is_string(nt) || strlen(json_string_value(nt)) > 500 ||
                  !utf8_valid_text(json_string_value(nt), strlen(json_string_value(nt)))))) {
                field_err(&fe, "entries",
                          _("entries[%zu]: perlu enrolment_id (bilangan bulat), status (hadir, izin, sakit, alpa) dan "
                            "note opsional (teks, maksimal 500)"),
                          i);
                break;
            }
            list[n++] = (trn_att_entry_t){json_integer_value(eid), sv,
                                          json_is_string(nt) ? arena_strdup(&r->a, json_string_value(nt)) : NULL};
        }
    }
    json_decref(body);
    if (fe.n) return web_validation_reply(r, w, &fe);
    trn_att_outcome_t out;
    err_t e;
    err_clear(&e);
    if (trn_web_save_attendance(r, &d, &rules, &d.sessions[si], list, n, reason, &out, &e) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    /* read back what is stored now */
    if (trn_web_load_session(r, r->id, &d, NULL, &si) < 0) return -1;
    json_t *o = attendance_json(&d, &d.sessions[si]);
    json_object_set_new(o, "saved", json_pack("{s:i,s:i,s:i,s:i}", "inserted", out.inserted, "corrected", out.corrected,
                                              "late", out.late, "unchanged", out.unchanged));
    resp_json(w, 200, o);
    return 0;
}

struct res_ctx {
    req_t *r;
    const trn_data_t *d;
    int64_t eid, unit_id;
    bool kompeten;
    const char *date, *assessor, *evidence;
    int64_t id;
};
static int do_result(db_t *db, void *vc, err_t *e)
{
    struct res_ctx *c = vc;
    c->id = trn_result_add(db, e, web_actor(c->r), c->d, c->eid, c->unit_id, c->kompeten, c->date, c->assessor,
                           c->evidence);
    return c->id < 0 ? -1 : 0;
}

int api_result_create(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    int pi;
    if (trn_web_load_enrolment(r, r->id, &d, &rules, &pi) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    field_errs_t fe = {0};
    static const char *const allowed[] = {"unit_id", "result", "assessed_on", "assessor", "evidence", NULL};
    only_members(r, body, allowed, &fe);
    json_t *u = json_object_get(body, "unit_id"), *res = json_object_get(body, "result"),
           *dt = json_object_get(body, "assessed_on"), *as = json_object_get(body, "assessor"),
           *ev = json_object_get(body, "evidence");
    int64_t unit_id = json_is_integer(u) ? json_integer_value(u) : 0;
    if (!json_is_integer(u) || trn_unit_index(&d, unit_id) < 0)
        field_err(&fe, "unit_id", "%s", _("unit_id harus id unit kompetensi kejuruan program ini"));
    int k = json_is_string(res) ? competency_result_parse(json_string_value(res)) : -1;
    if (k < 0) field_err(&fe, "result", "%s", _("result harus kompeten atau belum_kompeten"));
    date_t day = DATE_NONE;
    if (!json_is_string(dt) || !date_parse(json_string_value(dt), &day))
        field_err(&fe, "assessed_on", "%s", _("assessed_on harus tanggal TTTT-BB-HH"));
    else if (day > trn_web_today(r, d.p.site_id))
        field_err(&fe, "assessed_on", "%s", _("Tanggal penilaian tidak boleh di masa depan"));
    if (!json_is_string(as) || !*json_string_value(as) || strlen(json_string_value(as)) > 120 ||
        !utf8_valid_text(json_string_value(as), strlen(json_string_value(as))))
        field_err(&fe, "assessor", "%s", _("assessor harus nama asesor (teks, maksimal 120 karakter)"));
    if (ev && !json_is_null(ev) && (!json_is_string(ev) || strlen(json_string_value(ev)) > 500))
        field_err(&fe, "evidence", "%s", _("evidence harus teks (maksimal 500 karakter)"));
    char ds[DATE_ISO_LEN] = "";
    if (day != DATE_NONE) date_format(day, ds);
    struct res_ctx c = {r, &d, d.people[pi].enrolment_id, unit_id, k == 1, ds,
                        json_is_string(as) ? arena_strdup(&r->a, json_string_value(as)) : NULL,
                        json_is_string(ev) ? arena_strdup(&r->a, json_string_value(ev)) : NULL, 0};
    json_decref(body);
    if (fe.n) return web_validation_reply(r, w, &fe);
    err_t e;
    err_clear(&e);
    if (db_tx(r->db, do_result, &c, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *o = json_pack("{s:I,s:I,s:I,s:s,s:s,s:s}", "id", (json_int_t)c.id, "enrolment_id", (json_int_t)c.eid, "unit_id",
                          (json_int_t)unit_id, "result", k == 1 ? "kompeten" : "belum_kompeten", "assessed_on", ds,
                          "assessor", c.assessor);
    json_object_set_new(o, "evidence", str_or_null(c.evidence));
    resp_json(w, 201, o);
    return 0;
}

static json_t *cert_json(req_t *r, const cert_t *c, bool full)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)c->id, "number", c->number, "participant",
                          c->holder_name, "trade", c->trade_name, "issued", c->issued_on, "status", c->status, "site",
                          c->site_code ? c->site_code : "");
    json_object_set_new(o, "program_id", json_integer(c->program_id));
    json_object_set_new(o, "enrolment_id", json_integer(c->enrolment_id));
    json_object_set_new(o, "start_date", json_string(c->start_date ? c->start_date : ""));
    json_object_set_new(o, "end_date", json_string(c->end_date ? c->end_date : ""));
    json_object_set_new(o, "total_jp", json_integer(c->total_jp));
    json_object_set_new(o, "verify_url", json_string(cert_verify_url(&r->a, r->db, c->site_id, c->number)));
    if (full) {
        json_object_set_new(o, "revoked_at", str_or_null(c->revoked_at));
        json_object_set_new(o, "revoke_reason", str_or_null(c->revoke_reason));
        json_error_t je;
        json_t *content = json_loads(c->content ? c->content : "", 0, &je);
        json_object_set_new(o, "content", content ? content : json_null());
    }
    return o;
}

int api_certificates(req_t *r, resp_t *w)
{
    cert_query_t q;
    if (cert_query_parse(r, true, &q) < 0) return -1;
    err_t e;
    err_clear(&e);
    cert_t *rows;
    int n;
    int64_t total;
    if (cert_list(r->db, &e, &r->a, r->user.id, &q, &rows, &n, &total) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, cert_json(r, &rows[i], false));
    resp_json(w, 200, json_pack("{s:o,s:i,s:i,s:I}", "items", items, "page", q.page, "per_page", q.per_page, "total",
                                (json_int_t)total));
    return 0;
}

/* The certificate r->id that this user may see into *c: 0, or -1 with the failure
 * answered (404 for one that does not exist or is another site's). */
static int load_certificate(req_t *r, cert_t *c)
{
    err_t e;
    err_clear(&e);
    int rc = cert_get(r->db, &e, &r->a, r->user.id, r->id, c);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (rc == 0) return web_fail(r, 404, "not_found", _("Sertifikat dengan id %lld tidak ditemukan"), (long long)r->id);
    return 0;
}

int api_certificate(req_t *r, resp_t *w)
{
    cert_t c;
    if (load_certificate(r, &c) < 0) return -1;
    resp_json(w, 200, cert_json(r, &c, true));
    return 0;
}

int api_certificate_revoke(req_t *r, resp_t *w)
{
    cert_t c;
    if (load_certificate(r, &c) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    field_errs_t fe = {0};
    static const char *const allowed[] = {"reason", NULL};
    only_members(r, body, allowed, &fe);
    json_t *rs = json_object_get(body, "reason");
    const char *reason = NULL;
    if (!json_is_string(rs) || !*json_string_value(rs) || strlen(json_string_value(rs)) > 500 ||
        !utf8_valid_text(json_string_value(rs), strlen(json_string_value(rs))))
        field_err(&fe, "reason", "%s", _("reason harus alasan pencabutan (teks, maksimal 500 karakter)"));
    else reason = arena_strdup(&r->a, json_string_value(rs));
    json_decref(body);
    if (fe.n) return web_validation_reply(r, w, &fe);
    if (trn_web_revoke(r, c.id, reason) < 0) return -1;
    if (load_certificate(r, &c) < 0) return -1;
    resp_json(w, 200, cert_json(r, &c, true));
    return 0;
}
