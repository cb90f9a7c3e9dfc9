/* settings.c — reads dated settings (table `setting`, migration 004). */
#include "settings.h"
#include "rowmap.h"
#include "sync_store.h"
#include "../core/auditdiff.h"
#include "../core/date.h"
#include "../util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int setting_get(db_t *db, err_t *e, arena_t *a, const char *name, int64_t site_id, const char *date, bool required,
                const char **out)
{
    *out = NULL;
    if (rm_first(db_query(db, e,
                          "SELECT value FROM setting WHERE name = ? AND effective_from <= ? "
                          "AND (site_id IS NULL OR site_id = ?) "
                          "ORDER BY CASE WHEN site_id IS NULL THEN 1 ELSE 0 END, effective_from DESC, id DESC "
                          "LIMIT 1",
                          "tti", name, date, site_id),
                 e, a, "s", out) < 0)
        return -1;
    if (*out) return 1;
    if (!required) return 0;
    return err_set(e, 500, "setting_missing", "pengaturan %s belum ada untuk tanggal %s", name, date);
}

int setting_int(db_t *db, err_t *e, const char *name, int64_t site_id, const char *date, int64_t *out)
{
    arena_t a;
    arena_init(&a);
    const char *v;
    int rc = setting_get(db, e, &a, name, site_id, date, true, &v);
    if (rc == 1) rc = parse_i64(v, out) ? 0 : err_set(e, 500, "setting_invalid", "pengaturan %s bukan bilangan bulat", name);
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}

int setting_window_closed(db_t *db, err_t *e, const char *name, int64_t site_id, const char *since, int64_t *days)
{
    char today[11];
    today_iso(today);
    *days = 0;
    if (setting_int(db, e, name, site_id, today, days) < 0) return -1;
    date_t ds, dt;
    return date_parse(since, &ds) && date_parse(today, &dt) && dt - ds > *days;
}

int setting_zone(db_t *db, int64_t site_id)
{
    arena_t a;
    arena_init(&a);
    err_t e;
    err_clear(&e);
    char today[11];
    today_iso(today);
    const char *v = NULL;
    int off = -1;
    if (setting_get(db, &e, &a, SITE_ZONE_SETTING, site_id, today, false, &v) == 1) off = tz_offset_of(v);
    arena_release(&a);
    return off < 0 ? 420 : off;
}

int setting_zone_user(db_t *db, int64_t uid)
{
    err_t e;
    err_clear(&e);
    int64_t site = db_one_int(db, &e, "SELECT COALESCE(MIN(site_id), 0) FROM user_site WHERE user_id = ?", "i", uid);
    return setting_zone(db, site > 0 ? site : 0);
}

/* ---------------------------------------------------------------- the settings page (issue 22) */

int settings_list(db_t *db, err_t *e, arena_t *a, int64_t uid, setting_row_t **out, int *n)
{
    *out = NULL, *n = 0;
    db_stmt_t *st = db_query(db, e,
                             "SELECT x.id, x.name, x.code, x.effective_from, x.value, x.note FROM ("
                             "SELECT s.id, s.name, COALESCE(t.code, '') AS code, s.effective_from, s.value, s.note, "
                             "s.site_id FROM setting s LEFT JOIN site t ON t.id = s.site_id UNION ALL "
                             "SELECT p.id, '" PREMI_POLICY_SETTING "', COALESCE(t.code, ''), p.effective_from, "
                             "CAST(p.saved_bp AS TEXT), p.basis_note, p.site_id FROM premi_policy p "
                             "LEFT JOIN site t ON t.id = p.site_id) x WHERE x.site_id IS NULL OR x.site_id IN "
                             "(SELECT site_id FROM user_site WHERE user_id = ?) ORDER BY x.name, x.site_id, "
                             "x.effective_from, x.id",
                             "i", uid);
    if (!st) return -1;
    int cap = 0, rc;
    setting_row_t *rows = NULL;
    while ((rc = db_step(st, e)) == 1) {
        setting_row_t *r = ARENA_PUSH(a, rows, *n, cap);
        r->id = db_col_int(st, 0);
#define T(i) arena_strdup(a, db_col_text(st, (i)) ? db_col_text(st, (i)) : "")
        r->name = T(1), r->site_code = T(2), r->effective_from = T(3), r->value = T(4), r->note = T(5);
#undef T
    }
    db_finalize(st);
    *out = rows;
    return rc < 0 ? -1 : 0;
}

/* The premi policy (the part of each credit saved until release) has its own dated
 * table, premi_policy; on the settings page it is the setting PREMI_POLICY_SETTING,
 * a whole number of basis points 0..10000, with the row's basis as its note. */
static int premi_policy_add(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const setting_new_t *in,
                            field_errs_t *fe)
{
    int64_t bp;
    if (in->value && (!parse_i64(in->value, &bp) || bp < 0 || bp > 10000))
        field_err(fe, "value", "%s", _("Bagian premi yang ditabung: bilangan bulat basis poin 0 sampai 10000 (5000 = 50%)"));
    if (fe->n) return 0;
    char now[32];
    now_iso(now);
    int64_t id = db_one_int(db, e,
                            "INSERT INTO premi_policy(site_id, effective_from, saved_bp, basis_note, created_at, created_by, "
                            "updated_at, updated_by) VALUES (NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            "itittiti", site_id, in->effective_from, bp, in->note ? in->note : "", now, who->user_id,
                            now, who->user_id);
    if (id <= 0) return id < 0 ? -1 : err_set(e, 500, "db_error", "aturan premi tidak tersimpan");
    json_t *j = json_pack("{s:s, s:s, s:I, s:s}", "site", in->site_code ? in->site_code : "", "effective_from",
                          in->effective_from, "saved_bp", (json_int_t)bp, "basis_note", in->note ? in->note : "");
    int rc = audit_write(db, e,
                         &(audit_write_t){who, site_id, "create", "premi_policy", id, .after = j, .after_text = "{}"});
    return rc < 0 ? -1 : 0;
}

int setting_add(db_t *db, err_t *e, const actor_t *who, int64_t uid, const setting_new_t *in, field_errs_t *fe)
{
    bool premi = in->name && str_eq(in->name, PREMI_POLICY_SETTING);
    int64_t known = premi ? 1 : db_one_int(db, e, "SELECT count(*) FROM setting WHERE name = ?", "t", in->name ? in->name : "");
    if (known < 0) return -1;
    if (!known) field_err(fe, "name", "%s", _("Pengaturan ini tidak dikenal"));
    int64_t site_id = 0;
    if (in->site_code && *in->site_code) {
        site_id = db_one_int(db, e,
                             "SELECT COALESCE(MAX(s.id), 0) FROM site s JOIN user_site u ON u.site_id = s.id "
                             "WHERE s.code = ? AND u.user_id = ?",
                             "ti", in->site_code, uid);
        if (site_id < 0) return -1;
        if (!site_id) field_err(fe, "site", "%s", _("Lokasi ini bukan lokasi Anda"));
    }
    date_t d;
    if (!in->effective_from || strlen(in->effective_from) != 10 || !date_parse(in->effective_from, &d))
        field_err(fe, "effective_from", "%s", _("Tanggal berlaku harus TTTT-BB-HH"));
    if (!in->value) field_err(fe, "value", "%s", _("Nilai wajib diisi"));
    else if (in->name && str_eq(in->name, SITE_ZONE_SETTING) && tz_offset_of(in->value) < 0)
        field_err(fe, "value", "%s", _("Zona waktu harus WIB, WITA atau WIT"));
    /* sync (issue 23): settings for every site are the hub's, a site's own are the site's */
    if (!fe->n && sync_setting_owner(db, e, site_id) < 0) return -1;
    if (premi) return premi_policy_add(db, e, who, site_id, in, fe);
    if (in->value && known) {
        /* a setting whose every value is a whole number stays one */
        db_stmt_t *st = db_query(db, e, "SELECT value FROM setting WHERE name = ?", "t", in->name);
        if (!st) return -1;
        bool all_int = true;
        int rc;
        int64_t v;
        while ((rc = db_step(st, e)) == 1)
            if (!parse_i64(db_col_text(st, 0) ? db_col_text(st, 0) : "", &v)) all_int = false;
        db_finalize(st);
        if (rc < 0) return -1;
        if (all_int && !parse_i64(in->value, &v)) field_err(fe, "value", "%s", _("Nilai pengaturan ini bilangan bulat"));
    }
    if (fe->n) return 0;
    char now[32];
    now_iso(now);
    int64_t id = db_one_int(db, e,
                            "INSERT INTO setting(name, site_id, effective_from, value, note) VALUES "
                            "(?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?) RETURNING id",
                            "titt" "t", in->name, site_id, in->effective_from, in->value, in->note ? in->note : "");
    if (id <= 0) return id < 0 ? -1 : err_set(e, 500, "db_error", "pengaturan tidak tersimpan");
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", in->name, "site", in->site_code ? in->site_code : "",
                          "effective_from", in->effective_from, "value", in->value, "note", in->note ? in->note : "");
    int rc = audit_write(db, e, &(audit_write_t){who, site_id, "create", "setting", id, .after = j, .after_text = "{}"});
    return rc < 0 ? -1 : 0;
}
