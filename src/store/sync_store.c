/* sync_store.c — the site's and the hub's side of sync (issue 23; the protocol
 * is described in sync_store.h and README "Deploying"). Rows travel as
 * {"cols": [...], "rows": [[text|null, ...], ...]} per table; audit entries as
 * arrays [id, at, user_id, user_name, site_id, action, entity, entity_id, before,
 * after, prev_hash, hash]. The hub loads a batch's rows into a scratch SQLite
 * database in memory (the same schema) and lets the migrate engine copy them. */
#include "sync_store.h"
#include "migrate_store.h"
#include "auth.h"
#include "rowmap.h"
#include "../core/rulefile.h"
#include "../util/i18n.h"
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const actor_t sync_actor = {0, "sync", "admin"};

/* ---------------------------------------------------------------- tables */

/* A table's rows as JSON: column names once, then one array of texts per row. */
static json_t *tab_new(db_stmt_t *st)
{
    json_t *cols = json_array();
    for (int c = 0; c < db_ncols(st); c++) json_array_append_new(cols, json_string(db_col_name(st, c)));
    return json_pack("{s:o, s:[]}", "cols", cols, "rows");
}
static void tab_add_row(json_t *tab, db_stmt_t *st)
{
    json_t *row = json_array();
    for (int c = 0; c < db_ncols(st); c++) {
        const char *v = db_col_text(st, c);
        json_array_append_new(row, v ? json_string(v) : json_null());
    }
    json_array_append_new(json_object_get(tab, "rows"), row);
}
/* Every row of a query as a table (NULL with e on error). */
static json_t *tab_query(db_t *db, err_t *e, const char *sql, int64_t arg)
{
    db_stmt_t *st = db_query(db, e, sql, "i", arg);
    if (!st) return NULL;
    json_t *tab = tab_new(st);
    int rc;
    while ((rc = db_step(st, e)) == 1) tab_add_row(tab, st);
    db_finalize(st);
    if (rc < 0) {
        json_decref(tab);
        return NULL;
    }
    return tab;
}

/* The key column of a synced table ("id", or the referencing column that is its key). */
typedef struct {
    const char *want;
    const char *key;
} key_find_t;
static void key_of(void *vc, const char *table, const char *key, const char *scope)
{
    (void)scope;
    key_find_t *k = vc;
    if (str_eq(table, k->want)) k->key = key;
}
static const char *table_key(const char *table)
{
    key_find_t k = {table, NULL};
    migrate_sync_tables(key_of, &k);
    return k.key;
}

static bool ident_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 60) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) return false;
    return true;
}

/* ---------------------------------------------------------------- site */

struct trig_ctx {
    db_t *db;
    err_t *e;
    int64_t site;
    int rc;
};

/* Puts the three change triggers on one table, queueing its rows when new. */
static void put_triggers(void *vc, const char *table, const char *key, const char *scope)
{
    struct trig_ctx *c = vc;
    if (c->rc) return;
    char name[96];
    snprintf(name, sizeof name, "sync_%s_i", table);
    int64_t has = db_one_int(c->db, c->e, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?", "t",
                             name);
    if (has != 0) {
        if (has < 0) c->rc = -1;
        return;
    }
    static const char *const ev[3][3] = {{"i", "INSERT", "NEW"}, {"u", "UPDATE", "NEW"}, {"d", "DELETE", "OLD"}};
    buf_t q;
    buf_init(&q);
    for (int i = 0; i < 3; i++)
        buf_printf(&q, "CREATE TRIGGER sync_%s_%s AFTER %s ON %s BEGIN INSERT INTO sync_change(tbl, row_key) "
                       "VALUES ('%s', %s.%s); END;\n",
                   table, ev[i][0], ev[i][1], table, table, ev[i][2], key);
    if (db_exec(c->db, q.data, c->e) < 0) c->rc = -1;
    buf_reset(&q);
    buf_printf(&q, "INSERT INTO sync_change(tbl, row_key) SELECT '%s', %s FROM %s WHERE %s ORDER BY %s", table, key,
               table, scope, key);
    if (!c->rc && db_run(c->db, c->e, q.data, "i", c->site) < 0) c->rc = -1;
    buf_release(&q);
}

struct init_ctx {
    const char *code, *hub;
    sync_state_t *st;
};

static int init_tx(db_t *db, void *vc, err_t *e)
{
    struct init_ctx *c = vc;
    db_stmt_t *q = db_query(db, e, "SELECT site_code, witnessed_id FROM sync_state WHERE id = 1", "");
    if (!q) return -1;
    int rc = db_step(q, e);
    if (rc == 1) {
        snprintf(c->st->site_code, sizeof c->st->site_code, "%s", db_col_text(q, 0));
        c->st->witnessed_id = db_col_int(q, 1);
    }
    db_finalize(q);
    if (rc < 0) return -1;
    if (rc == 0) {
        const char *code = c->code;
        char only[64] = "";
        if (!code) {
            int64_t n = db_one_int(db, e, "SELECT count(*) FROM site", "");
            if (n < 0) return -1;
            if (n != 1)
                return err_set(e, 400, "sync_site", _("basis data ini memuat %lld lokasi; sebutkan lokasinya dengan --site KODE"),
                               (long long)n);
            q = db_query(db, e, "SELECT code FROM site", "");
            if (q && db_step(q, e) == 1) snprintf(only, sizeof only, "%s", db_col_text(q, 0));
            db_finalize(q);
            code = only;
        }
        if (db_run(db, e, "INSERT INTO sync_state(id, site_code, hub_url) VALUES (1, ?, ?)", "tt", code, c->hub) < 0)
            return -1;
        snprintf(c->st->site_code, sizeof c->st->site_code, "%s", code);
        c->st->witnessed_id = 0;
    } else if (c->code && !str_eq(c->code, c->st->site_code)) {
        return err_set(e, 400, "sync_site", _("basis data ini bersinkronisasi sebagai lokasi %s, bukan %s"),
                       c->st->site_code, c->code);
    }
    c->st->site_id = db_one_int(db, e, "SELECT id FROM site WHERE code = ?", "t", c->st->site_code);
    if (c->st->site_id <= 0)
        return c->st->site_id < 0 ? -1 : err_set(e, 404, "sync_site", _("lokasi %s tidak ada"), c->st->site_code);
    if (c->hub && db_run(db, e, "UPDATE sync_state SET hub_url = ? WHERE id = 1", "t", c->hub) < 0) return -1;
    struct trig_ctx t = {db, e, c->st->site_id, 0};
    migrate_sync_tables(put_triggers, &t);
    return t.rc;
}

int sync_site_init(db_t *db, err_t *e, const char *code, const char *hub_url, sync_state_t *st)
{
    memset(st, 0, sizeof *st);
    if (db_kind(db) != DB_SQLITE)
        return err_set(e, 400, "sync_site", _("sinkronisasi dijalankan di lokasi (basis data SQLite); hub memakai bekal serve"));
    struct init_ctx c = {code, hub_url, st};
    return db_tx(db, init_tx, &c, e);
}

int64_t sync_local_head(db_t *db, err_t *e) { return db_one_int(db, e, "SELECT last_id FROM audit_head WHERE id = 1", ""); }

int sync_local_hash(db_t *db, err_t *e, int64_t id, char out[65]) { return audit_hash_hex(db, e, id, out); }

struct coll_ctx {
    const sync_state_t *st;
    int64_t after_id;
    int max_rows, max_entries;
    sync_batch_t *out;
};

static int collect_tx(db_t *db, void *vc, err_t *e)
{
    struct coll_ctx *c = vc;
    sync_batch_t *b = c->out;
    json_decref(b->body), json_decref(b->ack);
    b->body = json_object(), b->ack = json_array();
    b->rows = b->entries = 0, b->more = false, b->last_entry = c->after_id;
    json_t *body = b->body;
    char h[65];
    if (sync_local_hash(db, e, c->after_id, h) < 0) return -1;
    int64_t head = sync_local_head(db, e);
    if (head < 0) return -1;
    json_object_set_new(body, "site", json_string(c->st->site_code));
    json_object_set_new(body, "site_id", json_integer(c->st->site_id));
    json_object_set_new(body, "after_id", json_integer(c->after_id));
    json_object_set_new(body, "after_hash", json_string(h));
    json_object_set_new(body, "head_id", json_integer(head));
    db_stmt_t *hd = db_query(db, e, "SELECT hub_digest FROM sync_state WHERE id = 1", "");
    if (!hd) return -1;
    if (db_step(hd, e) == 1 && db_col_text(hd, 0))
        json_object_set_new(body, "handdown_digest", json_string(db_col_text(hd, 0)));
    db_finalize(hd);
    json_t *t;
    if (!(t = tab_query(db, e, "SELECT * FROM site WHERE id = ?", c->st->site_id))) return -1;
    json_object_set_new(body, "site_row", t);
    if (!(t = tab_query(db, e, "SELECT * FROM app_user WHERE id > ? ORDER BY id", 0)))
        return -1;
    json_object_set_new(body, "users", t);
    if (!(t = tab_query(db, e, "SELECT * FROM user_site WHERE site_id = ?", c->st->site_id))) return -1;
    json_object_set_new(body, "user_site", t);
    if (!(t = tab_query(db, e, "SELECT * FROM certificate_counter WHERE seq_key IN (SELECT seq_key FROM certificate "
                               "WHERE site_id = ?)",
                        c->st->site_id)))
        return -1;
    json_object_set_new(body, "counters", t);
    /* the queued changes, oldest first (a row's references were queued before it) */
    json_t *tables = json_object(), *deleted = json_array();
    json_object_set_new(body, "tables", tables);
    json_object_set_new(body, "deleted", deleted);
    db_stmt_t *st = db_query(db, e, "SELECT tbl, row_key, max(seq) FROM sync_change GROUP BY tbl, row_key "
                                    "ORDER BY min(seq) LIMIT ?",
                             "i", (int64_t)c->max_rows + 1);
    if (!st) return -1;
    int rc, n = 0;
    while ((rc = db_step(st, e)) == 1) {
        if (n == c->max_rows) {
            b->more = true;
            break;
        }
        const char *tbl = db_col_text(st, 0), *key = table_key(tbl);
        int64_t k = db_col_int(st, 1);
        json_array_append_new(b->ack, json_pack("[s,I,I]", tbl, (json_int_t)k, (json_int_t)db_col_int(st, 2)));
        n++;
        if (!key) continue; /* a table no longer synced */
        buf_t q;
        buf_init(&q);
        buf_printf(&q, "SELECT * FROM %s WHERE %s = ?", tbl, key);
        db_stmt_t *r = db_query(db, e, q.data, "i", k);
        buf_release(&q);
        if (!r) {
            rc = -1;
            break;
        }
        int s = db_step(r, e);
        bool other = false; /* a row of another site of this database: not this site's to send */
        for (int k2 = 0; s == 1 && k2 < db_ncols(r); k2++)
            if (str_eq(db_col_name(r, k2), "site_id") && db_col_text(r, k2) && db_col_int(r, k2) != c->st->site_id)
                other = true;
        if (other) {
        } else if (s == 1) {
            json_t *tab = json_object_get(tables, tbl);
            if (!tab) json_object_set_new(tables, tbl, tab = tab_new(r));
            tab_add_row(tab, r);
        } else if (s == 0) {
            json_array_append_new(deleted, json_pack("[s,I]", tbl, (json_int_t)k));
        }
        db_finalize(r);
        if (s < 0) {
            rc = -1;
            break;
        }
    }
    db_finalize(st);
    if (rc < 0) return -1;
    b->rows = n;
    /* pulled rows the hub must map to its own */
    json_t *links = json_array();
    json_object_set_new(body, "links", links);
    st = db_query(db, e, "SELECT entity, local_id, hub_id FROM sync_link WHERE sent = 0", "");
    while (st && (rc = db_step(st, e)) == 1)
        json_array_append_new(links, json_pack("[s,I,I]", db_col_text(st, 0), (json_int_t)db_col_int(st, 1),
                                               (json_int_t)db_col_int(st, 2)));
    db_finalize(st);
    if (!st || rc < 0) return -1;
    /* the audit entries, once every queued row has gone (their rows are then on the hub) */
    json_t *ents = json_array();
    json_object_set_new(body, "entries", ents);
    if (b->more) return 0;
    /* stored compactly (32-byte hashes, no copy of the previous one: issue 28); sent
     * as before, hex, with prev_hash from the entry before */
    st = db_query(db, e, "SELECT id, at, user_id, user_name, site_id, action, entity, entity_id, before_json, after_json, "
                         "hash FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
                  "ii", c->after_id, (int64_t)c->max_entries + 1);
    if (!st) return -1;
    char prev[65];
    snprintf(prev, sizeof prev, "%s", h);
    while ((rc = db_step(st, e)) == 1) {
        if (b->entries == c->max_entries) {
            b->more = true;
            break;
        }
        json_t *x = json_array();
        for (int i = 0; i < 10; i++) {
            bool num = i == 0 || i == 2 || i == 4 || i == 7;
            const char *v = db_col_text(st, i);
            json_array_append_new(x, !v ? json_null() : num ? json_integer(db_col_int(st, i)) : json_string(v));
        }
        unsigned char raw[32];
        char hh[65] = "";
        int64_t hn = db_col_blob(st, 10, raw, sizeof raw);
        if (hn == 32) hex_encode(raw, 32, hh);
        json_array_append_new(x, json_string(prev));
        json_array_append_new(x, json_string(hh));
        memcpy(prev, hh, sizeof prev);
        json_array_append_new(ents, x);
        b->entries++;
        b->last_entry = db_col_int(st, 0);
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

int sync_collect(db_t *db, err_t *e, const sync_state_t *st, int64_t after_id, int max_rows, int max_entries,
                 sync_batch_t *out)
{
    struct coll_ctx c = {st, after_id, max_rows, max_entries, out};
    return db_tx(db, collect_tx, &c, e);
}

void sync_batch_free(sync_batch_t *b)
{
    json_decref(b->body), json_decref(b->ack);
    memset(b, 0, sizeof *b);
}

struct done_ctx {
    const sync_batch_t *b;
    int64_t wid;
    const char *wh;
};

static int done_tx(db_t *db, void *vc, err_t *e)
{
    struct done_ctx *c = vc;
    size_t i;
    json_t *x;
    json_array_foreach(c->b->ack, i, x)
    {
        if (db_run(db, e, "DELETE FROM sync_change WHERE tbl = ? AND row_key = ? AND seq <= ?", "tii",
                   json_string_value(json_array_get(x, 0)), (int64_t)json_integer_value(json_array_get(x, 1)),
                   (int64_t)json_integer_value(json_array_get(x, 2))) < 0)
            return -1;
    }
    json_array_foreach(json_object_get(c->b->body, "links"), i, x)
    {
        if (db_run(db, e, "UPDATE sync_link SET sent = 1 WHERE entity = ? AND hub_id = ?", "ti",
                   json_string_value(json_array_get(x, 0)), (int64_t)json_integer_value(json_array_get(x, 2))) < 0)
            return -1;
    }
    return db_run(db, e, "UPDATE sync_state SET witnessed_id = ?, witnessed_hash = ? WHERE id = 1", "it", c->wid, c->wh) <
                   0
               ? -1
               : 0;
}

int sync_batch_done(db_t *db, err_t *e, const sync_batch_t *b, int64_t witnessed_id, const char *witnessed_hash)
{
    struct done_ctx c = {b, witnessed_id, witnessed_hash};
    return db_tx(db, done_tx, &c, e);
}

void sync_note_round(db_t *db, const char *error)
{
    err_t e;
    err_clear(&e);
    char now[32];
    now_iso(now);
    if (error)
        db_run(db, &e, "UPDATE sync_state SET last_error = ?, last_try_at = ? WHERE id = 1", "tt", error, now);
    else
        db_run(db, &e, "UPDATE sync_state SET last_error = NULL, last_try_at = ?, last_ok_at = ? WHERE id = 1", "tt", now,
               now);
}

/* The local id of the user named name, made (unable to log in: no password) when missing. */
static int64_t local_user(db_t *db, err_t *e, const char *name, const char *full, const char *role)
{
    int64_t id = db_one_int(db, e, "SELECT id FROM app_user WHERE name = ?", "t", name);
    if (id != 0) return id;
    char now[32];
    now_iso(now);
    return db_one_int(db, e, "INSERT INTO app_user(name, full_name, role, password_hash, lang, active, created_at) "
                             "VALUES (?, ?, ?, '!', '', 0, ?) RETURNING id",
                      "tttt", name, full ? full : "", role && *role ? role : "kanwil", now);
}

static const char *js(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

struct pull_ctx {
    json_t *events;
    int applied;
};

/* Applies one Kanwil step: the event, the usulan's new state, the link, the audit entry. */
static int pull_one(db_t *db, err_t *e, json_t *ev)
{
    int64_t hub_id = json_integer_value(json_object_get(ev, "hub_id"));
    int64_t uid_local = json_integer_value(json_object_get(ev, "usulan_local_id"));
    int64_t have = db_one_int(db, e, "SELECT count(*) FROM sync_link WHERE entity = 'usulan_event' AND hub_id = ?", "i",
                              hub_id);
    if (have != 0) return have < 0 ? -1 : 0;
    db_stmt_t *st = db_query(db, e, "SELECT site_id, state FROM usulan WHERE id = ?", "i", uid_local);
    if (!st) return -1;
    int rc = db_step(st, e);
    int64_t site = rc == 1 ? db_col_int(st, 0) : 0;
    char old_state[48] = "";
    if (rc == 1) snprintf(old_state, sizeof old_state, "%s", db_col_text(st, 1));
    db_finalize(st);
    if (rc <= 0) return rc < 0 ? -1 : 0; /* not (or no longer) here */
    json_t *u = json_object_get(ev, "usulan");
    int64_t actor = 0, upd = 0;
    if (js(ev, "user")) {
        actor = local_user(db, e, js(ev, "user"), js(ev, "user_full_name"), js(ev, "user_role"));
        if (actor <= 0) return -1;
    }
    if (js(u, "updated_by")) {
        upd = local_user(db, e, js(u, "updated_by"), NULL, "kanwil");
        if (upd <= 0) return -1;
    }
    int64_t local = db_one_int(db, e, "INSERT INTO usulan_event(site_id, usulan_id, at, from_state, to_state, fields, "
                                      "reason, user_id, user_name, role) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
                               "iitttttttt", site, uid_local, js(ev, "at"), js(ev, "from_state"), js(ev, "to_state"),
                               js(ev, "fields") ? js(ev, "fields") : "{}", js(ev, "reason"), (const char *)NULL,
                               js(ev, "user_name"), js(ev, "role"));
    if (local <= 0) return -1;
    if (actor && db_run(db, e, "UPDATE usulan_event SET user_id = ? WHERE id = ?", "ii", actor, local) < 0) return -1;
    if (db_run(db, e, "UPDATE usulan SET state = ?, state_at = ?, letter_no = ?, letter_date = ?, decree_no = ?, "
                      "decree_date = ?, start_date = ?, end_date = ?, reason = ?, notes = ?, tpp_date = ?, updated_at = ?, "
                      "updated_by = ? WHERE id = ?",
               "tttttttttttt" "ii", js(u, "state"), js(u, "state_at"), js(u, "letter_no"), js(u, "letter_date"),
               js(u, "decree_no"), js(u, "decree_date"), js(u, "start_date"), js(u, "end_date"), js(u, "reason"),
               js(u, "notes"), js(u, "tpp_date"), js(u, "updated_at"), upd, uid_local) < 0)
        return -1;
    if (db_run(db, e, "INSERT INTO sync_link(entity, local_id, hub_id, sent) VALUES ('usulan_event', ?, ?, 0)", "ii",
               local, hub_id) < 0)
        return -1;
    json_t *before = json_pack("{s:s}", "state", old_state);
    /* the after-image names every column the update wrote, so `bekal check` finds the
     * row equal to its last audit entry */
    json_t *after = json_pack("{s:I, s:s?}", "hub_event", (json_int_t)hub_id, "by", js(ev, "user_name"));
    static const char *const cols[] = {"state",      "state_at", "letter_no", "letter_date", "decree_no", "decree_date",
                                       "start_date", "end_date", "reason",    "notes",       "tpp_date"};
    for (size_t k = 0; k < ARRAY_LEN(cols); k++)
        json_object_set_new(after, cols[k], js(u, cols[k]) ? json_string(js(u, cols[k])) : json_null());
    return audit_write(db, e,
                       &(audit_write_t){&sync_actor, site, "sync_pull", "usulan", uid_local, before, after,
                                        .sort_keys = true});
}

static int pull_tx(db_t *db, void *vc, err_t *e)
{
    struct pull_ctx *c = vc;
    c->applied = 0;
    size_t i;
    json_t *ev;
    json_array_foreach(c->events, i, ev)
    {
        int64_t before = db_one_int(db, e, "SELECT count(*) FROM sync_link", "");
        if (before < 0 || pull_one(db, e, ev) < 0) return -1;
        int64_t now = db_one_int(db, e, "SELECT count(*) FROM sync_link", "");
        if (now < 0) return -1;
        c->applied += now > before;
    }
    return 0;
}

int sync_pull_apply(db_t *db, err_t *e, json_t *reply, int *applied)
{
    *applied = 0;
    json_t *events = json_object_get(reply, "events");
    if (!json_is_array(events)) return err_set(e, 502, "sync_reply", _("jawaban hub tidak dapat dibaca"));
    struct pull_ctx c = {events, 0};
    int rc = db_tx(db, pull_tx, &c, e);
    *applied = c.applied;
    return rc;
}

/* ---------------------------------------------------------------- hub */

static void sha256_hex(const char *s, char out[65])
{
    unsigned char h[32];
    crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
    hex_encode(h, 32, out);
}

int sync_hub_id(db_t *db, err_t *e, char out[65])
{
    out[0] = 0;
    for (int tries = 0; tries < 2; tries++) {
        db_stmt_t *st = db_query(db, e, "SELECT hub_id FROM hub_self WHERE id = 1", "");
        if (!st) return -1;
        int rc = db_step(st, e);
        if (rc == 1) snprintf(out, 65, "%s", db_col_text(st, 0));
        db_finalize(st);
        if (rc != 0) return rc < 0 ? -1 : 0;
        unsigned char raw[16];
        randombytes_buf(raw, sizeof raw);
        char id[33], now[32];
        hex_encode(raw, sizeof raw, id);
        now_iso(now);
        if (db_run(db, e, "INSERT INTO hub_self(id, hub_id, made_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING", "tt",
                   id, now) < 0)
            return -1;
    }
    return err_set(e, 500, "hub_id", "identitas hub tidak dapat dibuat");
}

int sync_national_link(db_t *db, err_t *e, const actor_t *who, const char *subscription, const char *hub_id,
                       const char *region)
{
    if (!subscription || !ident_ok(subscription))
        return err_set(e, 400, "bad_subscription", _("nama langganan tidak sah (huruf, angka, garis bawah)"));
    size_t hl = hub_id ? strlen(hub_id) : 0;
    bool ok = hl == 32;
    for (size_t i = 0; ok && i < hl; i++) ok = (hub_id[i] >= '0' && hub_id[i] <= '9') || (hub_id[i] >= 'a' && hub_id[i] <= 'f');
    if (!ok) return err_set(e, 400, "bad_hub_id", _("identitas hub tidak sah: 32 digit heksadesimal dari `bekal site hub-id` di hub"));
    while (region && *region == ' ') region++;
    if (!region || !*region) return err_set(e, 400, "bad_region", _("sebutkan wilayah hub (--region)"));
    char now[32];
    now_iso(now);
    if (db_run(db, e, "DELETE FROM national_hub WHERE subscription = ? OR hub_id = ?", "tt", subscription, hub_id) < 0 ||
        db_run(db, e, "INSERT INTO national_hub(subscription, hub_id, region, added_at) VALUES (?, ?, ?, ?)", "tttt",
               subscription, hub_id, region, now) < 0)
        return -1;
    json_t *j = json_pack("{s:s, s:s, s:s}", "subscription", subscription, "hub_id", hub_id, "region", region);
    return audit_write(db, e, &(audit_write_t){who, 0, "create", "national_hub", 0, .after = j});
}

int sync_credential_issue(db_t *db, err_t *e, const char *code, char **token)
{
    *token = NULL;
    size_t cl = strlen(code);
    bool ok = cl >= 1 && cl <= 20;
    for (const char *p = code; ok && *p; p++)
        ok = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
             *p == '-';
    if (!ok) return err_set(e, 400, "bad_code", _("kode lokasi tidak sah: 1-20 huruf, angka, titik, garis bawah atau strip"));
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    char *t = xmalloc(72);
    memcpy(t, "bks_", 4);
    hex_encode(raw, 32, t + 4);
    char h[65], now[32];
    sha256_hex(t, h);
    now_iso(now);
    char hub[65];
    if (sync_hub_id(db, e, hub) < 0) {
        free(t);
        return -1;
    }
    int64_t n = db_run(db, e, "UPDATE sync_site SET credential_hash = ?, issued_at = ?, revoked_at = NULL, hub_id = ? "
                              "WHERE site_code = ?",
                       "tttt", h, now, hub, code);
    if (n == 0) n = db_run(db, e, "INSERT INTO sync_site(site_code, credential_hash, issued_at, hub_id) VALUES (?, ?, ?, ?)",
                           "tttt", code, h, now, hub);
    if (n < 0 || audit_append(db, e, &audit_cli_actor, 0, "credential_issue", "sync_site", 0, NULL,
                              code) < 0) {
        free(t);
        return -1;
    }
    *token = t;
    return 0;
}

int sync_credential_revoke(db_t *db, err_t *e, const char *code)
{
    char now[32];
    now_iso(now);
    int64_t n = db_run(db, e, "UPDATE sync_site SET credential_hash = NULL, revoked_at = ? WHERE site_code = ?", "tt", now,
                       code);
    if (n < 0) return -1;
    if (n == 0) return err_set(e, 404, "not_found", _("lokasi %s tidak mempunyai kredensial sinkronisasi"), code);
    return audit_append(db, e, &audit_cli_actor, 0, "credential_revoke", "sync_site", 0, NULL, code);
}

int sync_hub_auth(db_t *db, err_t *e, const char *token, char code[64])
{
    code[0] = 0;
    if (!token || !*token) return 0;
    char h[65];
    sha256_hex(token, h);
    db_stmt_t *st = db_query(db, e, "SELECT site_code FROM sync_site WHERE credential_hash = ?", "t", h);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) snprintf(code, 64, "%s", db_col_text(st, 0));
    db_finalize(st);
    return rc;
}

json_t *sync_hub_cursor(db_t *db, err_t *e, const char *code)
{
    db_stmt_t *st = db_query(db, e, "SELECT witnessed_id, witnessed_hash, status, refused_reason, head_id FROM sync_site "
                                    "WHERE site_code = ?",
                             "t", code);
    if (!st) return NULL;
    json_t *j = NULL;
    if (db_step(st, e) == 1)
        j = json_pack("{s:s, s:I, s:s, s:s, s:s?, s:I}", "site", code, "witnessed_id", (json_int_t)db_col_int(st, 0),
                      "witnessed_hash", db_col_text(st, 1), "status", db_col_text(st, 2), "refused_reason",
                      db_col_text(st, 3), "head_id", (json_int_t)db_col_int(st, 4));
    else
        err_set(e, 404, "not_found", _("lokasi %s tidak dikenal di hub"), code);
    db_finalize(st);
    return j;
}

/* The scratch databases: SQLite in memory with the whole schema, each made once
 * per process (the migrations take longer than a batch) and kept in a small pool,
 * so that different sites' pushes are applied at the same time (issue 23); one
 * push uses one at a time. A scratch database remembers the tables written since
 * it was last emptied (scratch_get empties only these). */
enum { SCRATCH_POOL = 8 };
typedef struct {
    db_t *db;
    bool busy;
    char used[96][64];
    int nused;
    bool all; /* more tables than the list holds: empty every one */
} scratch_t;
static scratch_t scratch_pool[SCRATCH_POOL];
static pthread_mutex_t scratch_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t scratch_cv = PTHREAD_COND_INITIALIZER;
/* The scratch schema as one script: the tables (with their inline keys) and unique
 * indexes the migrations leave, read once from a database the migrations made. The
 * other scratch databases are made from it: running the 30-odd migrations (each
 * ALTER TABLE re-reads the whole schema) took 40 % of the hub's CPU when 20 sites
 * pushed at once to a fresh hub. Triggers (the WBP search index), views and the
 * other indexes are left out: a scratch database only stages one batch's rows for
 * the migrate engine, which reads each table whole. */
static char *scratch_schema;
static pthread_mutex_t scratch_schema_mu = PTHREAD_MUTEX_INITIALIZER; /* one reads it; the others wait for it */

static int scratch_make(db_t **out, err_t *e)
{
    *out = NULL;
    pthread_mutex_lock(&scratch_schema_mu);
    char *script = scratch_schema ? xstrdup(scratch_schema) : NULL;
    if (!script) {
        db_t *tpl;
        if (db_open(":memory:", &tpl, e) < 0) return -1;
        if (db_migrate(tpl, e) < 0) {
            db_close(tpl);
            pthread_mutex_unlock(&scratch_schema_mu);
            return -1;
        }
        db_stmt_t *st = db_query(tpl, e, "SELECT sql FROM sqlite_master m WHERE sql IS NOT NULL AND name NOT LIKE "
                                         "'sqlite\\_%' ESCAPE '\\' AND name <> 'schema_migrations' AND ((type = 'table' "
                                         "AND sql NOT LIKE 'CREATE VIRTUAL%' AND NOT EXISTS (SELECT 1 FROM sqlite_master "
                                         "v WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL%' AND m.name LIKE "
                                         "v.name || '\\_%' ESCAPE '\\')) OR (type = 'index' AND sql LIKE 'CREATE "
                                         "UNIQUE%')) ORDER BY type DESC, rowid",
                                 "");
        buf_t b;
        buf_init(&b);
        buf_puts(&b, "BEGIN;");
        int rc = st ? 0 : -1;
        while (st && (rc = db_step(st, e)) == 1) buf_printf(&b, "%s;\n", db_col_text(st, 0));
        db_finalize(st);
        db_close(tpl);
        buf_puts(&b, "COMMIT;");
        if (rc < 0) {
            buf_release(&b);
            pthread_mutex_unlock(&scratch_schema_mu);
            return -1;
        }
        script = xstrdup(b.data);
        buf_release(&b);
        scratch_schema = xstrdup(script);
    }
    pthread_mutex_unlock(&scratch_schema_mu);
    db_t *mem;
    int rc = db_open(":memory:", &mem, e);
    if (rc == 0 && (db_exec(mem, script, e) < 0 || db_exec(mem, "PRAGMA foreign_keys=OFF", e) < 0)) {
        db_close(mem);
        rc = -1;
    }
    free(script);
    if (rc == 0) *out = mem;
    return rc;
}

static void scratch_dirty(scratch_t *s, const char *name)
{
    for (int i = 0; i < s->nused; i++)
        if (str_eq(s->used[i], name)) return;
    if (s->nused == (int)ARRAY_LEN(s->used)) {
        s->all = true;
        return;
    }
    snprintf(s->used[s->nused++], sizeof s->used[0], "%s", name);
}

/* Copies table `name` of a batch ({"cols", "rows"}) into the scratch database,
 * checking every column name against the scratch table. */
static int scratch_load(scratch_t *s, err_t *e, const char *name, json_t *tab)
{
    db_t *mem = s->db;
    if (!tab) return 0;
    json_t *cols = json_object_get(tab, "cols"), *rows = json_object_get(tab, "rows");
    if (!json_is_array(cols) || !json_is_array(rows) || !ident_ok(name))
        return err_set(e, 400, "sync_batch", _("kiriman sinkronisasi rusak (tabel %s)"), name);
    buf_t q;
    buf_init(&q);
    buf_printf(&q, "SELECT * FROM %s LIMIT 0", name);
    db_stmt_t *probe = db_prepare(mem, q.data, e);
    if (!probe) {
        buf_release(&q);
        return -1;
    }
    size_t nc = json_array_size(cols), i;
    json_t *c;
    int bad = 0;
    json_array_foreach(cols, i, c)
    {
        bool found = false;
        for (int k = 0; k < db_ncols(probe) && !found; k++) found = str_eq(json_string_value(c), db_col_name(probe, k));
        if (!found) bad = 1;
    }
    db_finalize(probe);
    if (bad || nc == 0) {
        buf_release(&q);
        return err_set(e, 400, "sync_batch", _("kiriman sinkronisasi rusak (kolom tabel %s tidak dikenal)"), name);
    }
    scratch_dirty(s, name);
    json_t *row;
    json_array_foreach(rows, i, row)
    if (!json_is_array(row) || json_array_size(row) != nc) {
        buf_release(&q);
        return err_set(e, 400, "sync_batch", _("kiriman sinkronisasi rusak (baris tabel %s)"), name);
    }
    /* multi-row INSERTs of up to 64 rows (one prepare per piece, not per row) */
    size_t n = json_array_size(rows), at = 0;
    int rc = 0;
    while (at < n && rc == 0) {
        size_t k = n - at >= 64 ? 64 : n - at >= 16 ? 16 : n - at >= 4 ? 4 : 1;
        buf_reset(&q);
        buf_printf(&q, "INSERT OR REPLACE INTO %s (", name);
        json_array_foreach(cols, i, c) buf_printf(&q, "%s%s", i ? ", " : "", json_string_value(c));
        buf_puts(&q, ") VALUES ");
        for (size_t r = 0; r < k; r++) {
            buf_puts(&q, r ? ", (" : "(");
            for (i = 0; i < nc; i++) buf_puts(&q, i ? ", ?" : "?");
            buf_putc(&q, ')');
        }
        db_stmt_t *st = db_prepare(mem, q.data, e);
        if (!st) {
            rc = -1;
            break;
        }
        for (size_t r = 0; r < k; r++) {
            json_t *x = json_array_get(rows, at + r);
            for (size_t j = 0; j < nc; j++)
                db_bind_text_nocopy(st, (int)(r * nc + j) + 1, json_string_value(json_array_get(x, j)));
        }
        if (db_step(st, e) < 0) rc = -1;
        db_finalize(st);
        at += k;
    }
    buf_release(&q);
    return rc;
}

/* One entry of a batch, read and checked for shape. */
static bool entry_read(json_t *x, audit_row_t *r, const char **prev, const char **hash)
{
    if (!json_is_array(x) || json_array_size(x) != 12) return false;
    for (int i = 0; i < 12; i++) {
        json_t *v = json_array_get(x, (size_t)i);
        bool num = i == 0 || i == 2 || i == 4 || i == 7, opt = i == 2 || i == 4 || i == 7 || i == 8 || i == 9;
        if (json_is_null(v) ? !opt : num ? !json_is_integer(v) : !json_is_string(v)) return false;
    }
#define S(i) json_string_value(json_array_get(x, i))
#define I(i) (int64_t) json_integer_value(json_array_get(x, i))
    *r = (audit_row_t){I(0), S(1), I(2), S(3), I(4), S(5), S(6), I(7), S(8), S(9)};
    *prev = S(10), *hash = S(11);
#undef S
#undef I
    return true;
}

/* Stores the batch's entries after W in the witness, 64 rows per INSERT. */
static int witness_insert(db_t *db, err_t *e, const char *code, json_t *ents, int64_t W, const char *now)
{
    enum { CHUNK = 64 };
    if (db_kind(db) == DB_POSTGRES) { /* one statement: the entries' columns as three arrays */
        buf_t ids, ph, hh;
        buf_init(&ids), buf_init(&ph), buf_init(&hh);
        buf_putc(&ids, '{'), buf_putc(&ph, '{'), buf_putc(&hh, '{');
        size_t i;
        json_t *x;
        int k = 0;
        json_array_foreach(ents, i, x)
        {
            audit_row_t r;
            const char *p, *h;
            entry_read(x, &r, &p, &h);
            if (r.id <= W) continue;
            buf_printf(&ids, "%s%lld", k++ ? "," : "", (long long)r.id);
            pg_array_append(&ph, p), pg_array_append(&hh, h);
        }
        buf_putc(&ids, '}'), buf_putc(&ph, '}'), buf_putc(&hh, '}');
        int64_t rc = k == 0 ? 0
                            : db_run(db, e, "INSERT INTO sync_witness(site_code, entry_id, prev_hash, hash, received_at) "
                                            "SELECT ?, u.i, u.p, u.h, ? FROM unnest(CAST(? AS bigint[]), CAST(? AS "
                                            "text[]), CAST(? AS text[])) AS u(i, p, h)",
                                     "ttttt", code, now, ids.data, ph.data, hh.data);
        buf_release(&ids), buf_release(&ph), buf_release(&hh);
        return rc < 0 ? -1 : 0;
    }
    size_t n = json_array_size(ents), i = 0;
    while (i < n) {
        audit_row_t r[CHUNK];
        const char *ph[CHUNK], *hh[CHUNK];
        int k = 0;
        for (; i < n && k < CHUNK; i++) {
            entry_read(json_array_get(ents, i), &r[k], &ph[k], &hh[k]);
            if (r[k].id > W) k++;
        }
        if (!k) continue;
        buf_t q;
        buf_init(&q);
        buf_puts(&q, "INSERT INTO sync_witness(site_code, entry_id, prev_hash, hash, received_at) VALUES ");
        for (int j = 0; j < k; j++) buf_puts(&q, j ? ", (?,?,?,?,?)" : "(?,?,?,?,?)");
        db_stmt_t *st = db_prepare(db, q.data, e);
        buf_release(&q);
        if (!st) return -1;
        for (int j = 0; j < k; j++) {
            db_bind_text(st, 5 * j + 1, code);
            db_bind_int(st, 5 * j + 2, r[j].id);
            db_bind_text(st, 5 * j + 3, ph[j]);
            db_bind_text(st, 5 * j + 4, hh[j]);
            db_bind_text(st, 5 * j + 5, now);
        }
        int s = db_step(st, e);
        db_finalize(st);
        if (s < 0) return -1;
    }
    return 0;
}

struct push_ctx {
    const char *code;
    json_t *batch, *reply;
    bool refuse;
    char reason[300];
};

static int refuse(struct push_ctx *c, err_t *e, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int refuse(struct push_ctx *c, err_t *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->reason, sizeof c->reason, fmt, ap);
    va_end(ap);
    c->refuse = true;
    return err_set(e, 409, "chain_refused", _("hub menolak lokasi %s: %s"), c->code, c->reason);
}

/* The stored hash of witnessed entry id of the site ("" when none). */
static int witness_hash(db_t *db, err_t *e, const char *code, int64_t id, char out[65])
{
    out[0] = 0;
    if (id == 0) {
        snprintf(out, 65, "%s", SYNC_ZERO_HASH);
        return 0;
    }
    db_stmt_t *st = db_query(db, e, "SELECT hash FROM sync_witness WHERE site_code = ? AND entry_id = ?", "ti", code, id);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) snprintf(out, 65, "%s", db_col_text(st, 0));
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* Maps rows the site made for pulled hub rows onto those rows (before the batch is applied). */
static int push_links(db_t *db, err_t *e, const char *code, json_t *links)
{
    size_t i;
    json_t *x;
    char now[32];
    now_iso(now);
    json_array_foreach(links, i, x)
    {
        const char *ent = json_string_value(json_array_get(x, 0));
        int64_t local = json_integer_value(json_array_get(x, 1)), hub = json_integer_value(json_array_get(x, 2));
        if (!ent || !str_eq(ent, "usulan_event"))
            return err_set(e, 400, "sync_batch", _("kiriman sinkronisasi rusak (tautan %s)"), ent ? ent : "?");
        int64_t ok = db_one_int(db, e, "SELECT count(*) FROM usulan_event ue JOIN site s ON s.id = ue.site_id "
                                       "WHERE ue.id = ? AND s.code = ?",
                                "it", hub, code);
        if (ok <= 0) {
            if (ok < 0) return -1;
            continue; /* not a row of this site at the hub */
        }
        int64_t has = db_one_int(db, e, "SELECT count(*) FROM migration_map WHERE site_code = ? AND entity = ? AND "
                                        "(source_id = ? OR target_id = ?)",
                                 "ttii", code, ent, local, hub);
        if (has < 0) return -1;
        if (has == 0 && db_run(db, e, "INSERT INTO migration_map(site_code, entity, source_id, target_id, migrated_at) "
                                      "VALUES (?, ?, ?, ?, ?)",
                               "ttiit", code, ent, local, hub, now) < 0)
            return -1;
    }
    return 0;
}

/* Ownership at the hub: a new Kanwil step may not come from the site; a site row
 * of an usulan that has hub steps the site has not pulled yet is left for the
 * next round (the hub's state stays until the site has it). */
static int push_ownership(db_t *db, db_t *mem, err_t *e, const char *code)
{
    db_stmt_t *st = db_query(mem, e, "SELECT id FROM usulan_event WHERE role = 'kanwil'", "");
    int rc = 0;
    while (st && (rc = db_step(st, e)) == 1) {
        int64_t n = db_one_int(db, e, "SELECT count(*) FROM migration_map WHERE site_code = ? AND entity = "
                                      "'usulan_event' AND source_id = ?",
                               "ti", code, db_col_int(st, 0));
        if (n == 0) {
            rc = err_set(e, 409, "not_owner",
                         _("langkah Kanwil pada usulan hanya diambil di hub Kanwil; lokasi %s tidak boleh mengirimnya"),
                         code);
            break;
        }
        if (n < 0) {
            rc = -1;
            break;
        }
    }
    db_finalize(st);
    if (!st || rc < 0) return -1;
    st = db_query(db, e, "SELECT m.source_id FROM migration_map m JOIN usulan_event ue ON ue.usulan_id = m.target_id "
                         "JOIN site s ON s.id = ue.site_id AND s.code = m.site_code WHERE m.site_code = ? AND m.entity = "
                         "'usulan' AND NOT EXISTS (SELECT 1 FROM migration_map x WHERE x.site_code = m.site_code AND "
                         "x.entity = 'usulan_event' AND x.target_id = ue.id)",
                  "t", code);
    while (st && (rc = db_step(st, e)) == 1)
        if (db_run(mem, e, "DELETE FROM usulan WHERE id = ?", "i", db_col_int(st, 0)) < 0) {
            rc = -1;
            break;
        }
    db_finalize(st);
    return !st || rc < 0 ? -1 : 0;
}

static void scratch_put(scratch_t *s)
{
    pthread_mutex_lock(&scratch_mu);
    s->busy = false;
    pthread_cond_signal(&scratch_cv);
    pthread_mutex_unlock(&scratch_mu);
}

/* A free scratch database of the pool, emptied (made when the slot has none). */
static scratch_t *scratch_get(err_t *e)
{
    pthread_mutex_lock(&scratch_mu);
    scratch_t *s = NULL;
    for (;;) {
        for (int i = 0; i < SCRATCH_POOL && !s; i++)
            if (!scratch_pool[i].busy) s = &scratch_pool[i];
        if (s) break;
        pthread_cond_wait(&scratch_cv, &scratch_mu);
    }
    s->busy = true;
    pthread_mutex_unlock(&scratch_mu);
    if (!s->db) {
        db_t *mem;
        if (scratch_make(&mem, e) < 0) {
            scratch_put(s);
            return NULL;
        }
        s->db = mem, s->nused = 0, s->all = false;
    }
    /* empty the tables the last batch wrote (or every table, names from the schema) */
    buf_t q;
    buf_init(&q);
    int bad = 0;
    if (s->all) {
        db_stmt_t *st = db_query(s->db, e, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                           "'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'",
                                 "");
        int rc = 0;
        while (st && (rc = db_step(st, e)) == 1) buf_printf(&q, "DELETE FROM \"%s\";", db_col_text(st, 0));
        db_finalize(st);
        bad = !st || rc < 0;
    } else {
        for (int i = 0; i < s->nused; i++) buf_printf(&q, "DELETE FROM \"%s\";", s->used[i]);
    }
    bad = bad || (q.len && db_exec(s->db, q.data, e) < 0);
    buf_release(&q);
    s->nused = 0, s->all = false;
    if (bad) {
        db_close(s->db);
        s->db = NULL;
        scratch_put(s);
        return NULL;
    }
    return s;
}

static int push_tx(db_t *db, void *vc, err_t *e)
{
    struct push_ctx *c = vc;
    json_t *b = c->batch;
    c->refuse = false;
    json_decref(c->reply);
    c->reply = NULL;
    /* one batch of a site at a time (see sync_hub_push): a transaction lock on its code,
     * taken before the site's state is read (READ COMMITTED reads as of each statement) */
    if (db_kind(db) == DB_POSTGRES &&
        db_one_int(db, e, "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(2323, hashtext(?))) AS l", "t", c->code) < 0)
        return -1;
    db_stmt_t *st = db_query(db, e, "SELECT status, witnessed_id, witnessed_hash, refused_reason FROM sync_site "
                                    "WHERE site_code = ?",
                             "t", c->code);
    if (!st) return -1;
    if (db_step(st, e) != 1) {
        db_finalize(st);
        return err_set(e, 404, "not_found", _("lokasi %s tidak dikenal di hub"), c->code);
    }
    bool refused = str_eq(db_col_text(st, 0), "refused");
    int64_t W = db_col_int(st, 1);
    char WH[65], why[300];
    snprintf(WH, sizeof WH, "%s", db_col_text(st, 2));
    snprintf(why, sizeof why, "%s", db_col_text(st, 3) ? db_col_text(st, 3) : "");
    db_finalize(st);
    if (refused)
        return err_set(e, 409, "chain_refused", _("hub menolak lokasi %s: %s (Kanwil memeriksanya)"), c->code, why);
    const char *site = js(b, "site"), *after_hash = js(b, "after_hash");
    json_t *ents = json_object_get(b, "entries");
    if (!site || !str_eq(site, c->code) || !json_is_integer(json_object_get(b, "after_id")) || !after_hash ||
        !json_is_array(ents) || !json_is_integer(json_object_get(b, "site_id")))
        return err_set(e, 400, "sync_batch", _("kiriman sinkronisasi rusak atau bukan untuk lokasi %s"), c->code);
    int64_t after = json_integer_value(json_object_get(b, "after_id"));
    int64_t site_id = json_integer_value(json_object_get(b, "site_id"));
    if (after > W) {
        c->reply = json_pack("{s:I, s:s}", "witnessed_id", (json_int_t)W, "witnessed_hash", WH);
        return err_set(e, 409, "chain_gap", _("hub baru menyaksikan sampai entri %lld; kirim dari sana"), (long long)W);
    }
    /* the batch is one piece of a chain */
    const char *prev = after_hash;
    int64_t expect = after + 1, last = W;
    char lasth[65];
    snprintf(lasth, sizeof lasth, "%s", WH);
    size_t i;
    json_t *x;
    json_array_foreach(ents, i, x)
    {
        audit_row_t r;
        const char *ph, *hh;
        if (!entry_read(x, &r, &ph, &hh))
            return err_set(e, 400, "sync_batch", _("kiriman sinkronisasi rusak (entri audit ke-%zu)"), i + 1);
        char h[65];
        audit_row_hash(ph, &r, h);
        if (r.id != expect || !str_eq(ph, prev) || !str_eq(h, hh))
            return refuse(c, e, _("rantai audit rusak pada entri %lld"), (long long)r.id);
        prev = hh, expect++;
        if (r.id <= W) { /* sent before: must be what the hub witnessed */
            char wh[65];
            if (witness_hash(db, e, c->code, r.id, wh) < 0) return -1;
            if (!str_eq(wh, hh))
                return refuse(c, e, _("entri %lld berbeda dari yang sudah disaksikan hub (riwayat ditulis ulang)"),
                              (long long)r.id);
        } else {
            last = r.id;
            snprintf(lasth, sizeof lasth, "%s", hh);
        }
    }
    /* it continues what the hub witnessed */
    char wa[65];
    if (witness_hash(db, e, c->code, after, wa) < 0) return -1;
    if (!str_eq(wa, after_hash))
        return refuse(c, e, _("rantai lokasi tidak lagi memuat hash entri %lld yang sudah disaksikan hub (riwayat "
                              "ditulis ulang)"),
                      (long long)after);
    /* the rows, through the migrate engine */
    scratch_t *sc = scratch_get(e);
    if (!sc) return -1;
    db_t *mem = sc->db;
    int rc = -1;
    migrate_sync_del_t *dels = NULL;
    const char **carried = NULL;
    int ndel = 0, ncarried = 0;
    long applied = 0;
    int64_t dst_site = 0;
    json_t *tables = json_object_get(b, "tables");
    if (scratch_load(sc, e, "site", json_object_get(b, "site_row")) < 0 ||
        scratch_load(sc, e, "app_user", json_object_get(b, "users")) < 0 ||
        scratch_load(sc, e, "user_site", json_object_get(b, "user_site")) < 0 ||
        scratch_load(sc, e, "certificate_counter", json_object_get(b, "counters")) < 0)
        goto out;
    const char *tn;
    json_t *tab;
    carried = xcalloc(json_object_size(tables) + 1, sizeof *carried);
    json_object_foreach(tables, tn, tab)
    {
        carried[ncarried++] = tn;
        if (!migrate_sync_table_known(tn)) {
            err_set(e, 400, "sync_batch", _("kiriman sinkronisasi rusak (tabel %s tidak disinkronkan)"), tn);
            goto out;
        }
        if (scratch_load(sc, e, tn, tab) < 0) goto out;
    }
    if (db_one_int(mem, e, "SELECT count(*) FROM site WHERE id = ? AND code = ?", "it", site_id, c->code) != 1) {
        err_set(e, 400, "sync_batch", _("kiriman sinkronisasi rusak (lokasi %s)"), c->code);
        goto out;
    }
    scratch_dirty(sc, "audit_log");
    scratch_dirty(sc, "usulan"); /* push_ownership deletes from it */
    json_array_foreach(ents, i, x)
    {
        audit_row_t r;
        const char *ph, *hh;
        entry_read(x, &r, &ph, &hh);
        if (r.id <= W) continue;
        /* the scratch copy feeds the migrate engine, which rechains: the hash column is filled, not read */
        if (db_run(mem, e, "INSERT INTO audit_log(id, at, user_id, user_name, site_id, action, entity, entity_id, "
                           "before_json, after_json, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                   "itititti" "ttt", r.id, r.at, r.user_id, r.user_name, r.site_id, r.action, r.entity, r.entity_id,
                   r.before, r.after, hh) < 0)
            goto out;
    }
    json_t *del = json_object_get(b, "deleted");
    dels = xcalloc(json_array_size(del) + 1, sizeof *dels);
    json_array_foreach(del, i, x)
    {
        const char *t = json_string_value(json_array_get(x, 0));
        if (!t || !migrate_sync_table_known(t)) continue;
        dels[ndel++] = (migrate_sync_del_t){t, json_integer_value(json_array_get(x, 1))};
    }
    /* the witness first: the apply ends with the hub's audit chain, whose head stays
     * locked until the commit (see sync_hub_push), so nothing slow comes after it */
    char now[32];
    now_iso(now);
    if (witness_insert(db, e, c->code, ents, W, now) < 0) goto out;
    if (push_links(db, e, c->code, json_object_get(b, "links")) < 0 || push_ownership(db, mem, e, c->code) < 0 ||
        migrate_sync_apply(mem, db, c->code, site_id, carried, ncarried, dels, ndel, &applied, &dst_site, e) < 0)
        goto out;
    if (db_run(db, e, "UPDATE sync_site SET witnessed_id = ?, witnessed_hash = ?, head_id = ?, last_ok_at = ?, "
                      "last_try_at = ?, rows_applied = rows_applied + ?, region = (SELECT region FROM site WHERE code = "
                      "sync_site.site_code), site_name = (SELECT name FROM site WHERE code = sync_site.site_code), "
                      "hub_id = COALESCE((SELECT hub_id FROM hub_self WHERE id = 1), hub_id) WHERE site_code = ?",
               "itittit", last, lasth, (int64_t)json_integer_value(json_object_get(b, "head_id")), now, now,
               (int64_t)applied, c->code) < 0)
        goto out;
    c->reply = json_pack("{s:I, s:s, s:I}", "witnessed_id", (json_int_t)last, "witnessed_hash", lasth, "applied",
                         (json_int_t)applied);
    rc = 0;
out:
    free(dels);
    free(carried);
    scratch_put(sc);
    return rc;
}

static int mark_refused(db_t *db, void *vc, err_t *e)
{
    struct push_ctx *c = vc;
    char now[32];
    now_iso(now);
    if (db_run(db, e, "UPDATE sync_site SET status = 'refused', refused_at = ?, refused_reason = ?, last_try_at = ? "
                      "WHERE site_code = ?",
               "tttt", now, c->reason, now, c->code) < 0)
        return -1;
    int64_t site = db_one_int(db, e, "SELECT id FROM site WHERE code = ?", "t", c->code);
    return audit_append(db, e, &sync_actor, site > 0 ? site : 0, "sync_refused", "site", site > 0 ? site : 0, NULL,
                        c->reason);
}

int sync_hub_push(db_t *db, err_t *e, const char *code, json_t *batch, json_t **reply)
{
    struct push_ctx c = {code, batch, NULL, false, ""};
    *reply = NULL;
    /* PostgreSQL: one batch at a time per site, different sites' batches at the same
     * time (issue 23). A site's batches are serialised by a transaction lock on its
     * code (push_tx's first statement, released by the commit or rollback).
     * The transaction runs at READ COMMITTED: the rows a batch writes are its own
     * site's, and what all sites share is serialised where it is written: the hub's
     * one audit chain by the row lock on audit_head, taken by the first append (at
     * the end of the apply) and held to the commit, so the chain stays one unbroken
     * sequence. A unique key two sites insert at once (a new user name) waits for
     * the other: a deadlock is retried by db_tx_shared, a duplicate fails the batch,
     * which the site sends again. */
    int rc = db_tx_shared(db, push_tx, &c, e);
    if (rc < 0 && c.refuse) {
        err_t e2;
        err_clear(&e2);
        db_tx(db, mark_refused, &c, &e2);
    }
    if (rc == 0 && c.reply && json_is_true(json_object_get(batch, "pull"))) { /* the last batch: the hub's steps too */
        json_t *p = sync_hub_pull(db, e, code);
        if (!p) {
            json_decref(c.reply);
            c.reply = NULL;
            rc = -1;
        } else {
            json_object_set(c.reply, "events", json_object_get(p, "events"));
            json_decref(p);
            json_t *hd = sync_hub_handdown(db, e, code, js(batch, "handdown_digest"));
            if (!hd) {
                json_decref(c.reply);
                c.reply = NULL;
                rc = -1;
            } else
                json_object_set_new(c.reply, "handdown", hd);
        }
    }
    *reply = c.reply;
    return rc;
}

json_t *sync_hub_pull(db_t *db, err_t *e, const char *code)
{
    /* most rounds bring no hub step: a cheap look first (the full query joins seven
     * tables, and planning it cost more than running it) */
    int64_t any = db_one_int(db, e, "SELECT count(*) FROM (SELECT 1 FROM usulan_event ue JOIN site s ON s.id = "
                                    "ue.site_id WHERE s.code = ? AND NOT EXISTS (SELECT 1 FROM migration_map m WHERE "
                                    "m.site_code = ? AND m.entity = 'usulan_event' AND m.target_id = ue.id) LIMIT 1) AS x",
                             "tt", code, code);
    if (any < 0) return NULL;
    if (any == 0) return json_pack("{s:[]}", "events");
    db_stmt_t *st = db_query(
        db, e,
        "SELECT ue.id, mu.source_id, ue.at, ue.from_state, ue.to_state, ue.fields, ue.reason, ue.user_name, ue.role, "
        "au.name, au.full_name, au.role, u.state, u.state_at, u.letter_no, u.letter_date, u.decree_no, u.decree_date, "
        "u.start_date, u.end_date, u.reason, u.notes, u.tpp_date, u.updated_at, ub.name "
        "FROM usulan_event ue JOIN site s ON s.id = ue.site_id "
        "JOIN migration_map mu ON mu.site_code = s.code AND mu.entity = 'usulan' AND mu.target_id = ue.usulan_id "
        "JOIN usulan u ON u.id = ue.usulan_id LEFT JOIN app_user au ON au.id = ue.user_id "
        "LEFT JOIN app_user ub ON ub.id = u.updated_by "
        "WHERE s.code = ? AND NOT EXISTS (SELECT 1 FROM migration_map m WHERE m.site_code = s.code AND "
        "m.entity = 'usulan_event' AND m.target_id = ue.id) ORDER BY ue.id LIMIT 500",
        "t", code);
    if (!st) return NULL;
    json_t *events = json_array();
    int rc;
    while ((rc = db_step(st, e)) == 1) {
#define T(i) db_col_text(st, i)
        json_t *u = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "state",
                              T(12), "state_at", T(13), "letter_no", T(14), "letter_date", T(15), "decree_no", T(16),
                              "decree_date", T(17), "start_date", T(18), "end_date", T(19), "reason", T(20), "notes",
                              T(21), "tpp_date", T(22), "updated_at", T(23), "updated_by", T(24));
        json_array_append_new(
            events, json_pack("{s:I, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:o}", "hub_id",
                              (json_int_t)db_col_int(st, 0), "usulan_local_id", (json_int_t)db_col_int(st, 1), "at", T(2),
                              "from_state", T(3), "to_state", T(4), "fields", T(5), "reason", T(6), "user_name", T(7),
                              "role", T(8), "user", T(9), "user_full_name", T(10), "user_role", T(11), "usulan", u));
#undef T
    }
    db_finalize(st);
    if (rc < 0) {
        json_decref(events);
        return NULL;
    }
    return json_pack("{s:o}", "events", events);
}

#define C(f, t) RM_COL(sync_site_row_t, t, f)
static const rm_col_t national_site_cols[] = {
    C(code, RM_TEXT),         C(name, RM_TEXT),    C(last_ok_at, RM_TEXT),   C(last_try_at, RM_TEXT),
    C(status, RM_TEXT),       C(refused_at, RM_TEXT), C(witnessed_id, RM_INT), C(head_id, RM_INT),
    C(rows_applied, RM_INT),  C(region, RM_TEXT),  C(subscription, RM_TEXT), C(hub_id, RM_TEXT)};
static const rm_col_t hub_site_cols[] = {
    C(code, RM_TEXT),           C(name, RM_TEXT),         C(last_ok_at, RM_TEXT),    C(last_try_at, RM_TEXT),
    C(status, RM_TEXT),         C(refused_at, RM_TEXT),   C(refused_reason, RM_TEXT), C(witnessed_id, RM_INT),
    C(head_id, RM_INT),         C(rows_applied, RM_INT),  C(has_credential, RM_BOOL), C(readmitted_at, RM_TEXT),
    C(readmit_reason, RM_TEXT)};
#undef C
static const rm_spec_t national_site_spec = RM_SPEC(sync_site_row_t, national_site_cols);
static const rm_spec_t hub_site_spec = RM_SPEC(sync_site_row_t, hub_site_cols);
#define C(f, t) RM_COL(sync_repl_row_t, t, f)
static const rm_col_t repl_cols[] = {C(name, RM_TEXT), C(running, RM_BOOL),     C(received_at, RM_TEXT), C(sent_at, RM_TEXT),
                                     C(lag_seconds, RM_INT), C(region, RM_TEXT), C(hub_id, RM_TEXT)};
#undef C
static const rm_spec_t repl_spec = RM_SPEC(sync_repl_row_t, repl_cols);

int sync_national_sites(db_t *db, err_t *e, arena_t *a, sync_site_row_t **out, int *n)
{
    /* the region is the one its hub was registered with (national_hub, by the hub's
     * identity in each row), else the one the site sent */
    db_stmt_t *st = db_query(db, e, "SELECT y.site_code, y.site_name, y.last_ok_at, y.last_try_at, y.status, y.refused_at, "
                                    "y.witnessed_id, y.head_id, y.rows_applied, COALESCE(n.region, y.region), "
                                    "n.subscription, y.hub_id FROM sync_site y LEFT JOIN national_hub n ON n.hub_id = "
                                    "y.hub_id ORDER BY COALESCE(n.region, y.region, ''), y.site_code",
                             "");
    *out = rm_list(st, e, a, &national_site_spec, n);
    return *out ? 0 : -1;
}

int sync_national_replication(db_t *db, err_t *e, arena_t *a, sync_repl_row_t **out, int *n)
{
    *out = NULL, *n = 0;
    if (db_kind(db) != DB_POSTGRES) return 0;
    db_stmt_t *st = db_query(db, e, "SELECT subname, CASE WHEN pid IS NULL THEN 0 ELSE 1 END, to_char(last_msg_receipt_time AT TIME ZONE 'UTC', "
                                    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), to_char(last_msg_send_time AT TIME ZONE 'UTC', "
                                    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), COALESCE(GREATEST(0, CAST(floor(EXTRACT("
                                    "EPOCH FROM clock_timestamp() - last_msg_send_time)) AS bigint)), -1), n.region, n.hub_id FROM "
                                    "pg_stat_subscription s LEFT JOIN national_hub n ON n.subscription = s.subname "
                                    "WHERE s.relid IS NULL ORDER BY s.subname",
                             "");
    *out = rm_list(st, e, a, &repl_spec, n);
    return *out ? 0 : -1;
}

int sync_hub_sites(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *role, sync_site_row_t **out, int *n)
{
    db_stmt_t *st = db_query(db, e, "SELECT y.site_code, s.name, y.last_ok_at, y.last_try_at, y.status, y.refused_at, "
                                    "y.refused_reason, y.witnessed_id, y.head_id, y.rows_applied, "
                                    "CASE WHEN y.credential_hash IS NULL THEN 0 ELSE 1 END, y.readmitted_at, "
                                    "y.readmit_reason "
                                    "FROM sync_site y LEFT JOIN site s ON s.code = y.site_code WHERE ? = 'admin' OR s.id IN "
                                    "(SELECT site_id FROM user_site WHERE user_id = ?) ORDER BY y.site_code",
                             "ti", role, uid);
    *out = rm_list(st, e, a, &hub_site_spec, n);
    return *out ? 0 : -1;
}

/* ---------------------------------------------------------------- ownership */

/* Whether this database is a site that syncs to a hub (1, else 0; -1 on error). */
static int64_t here_site(db_t *db, err_t *e) { return db_one_int(db, e, "SELECT count(*) FROM sync_state", ""); }
/* Whether site_id is a site that syncs to this hub (1, else 0; -1 on error). */
static int64_t site_at_hub(db_t *db, err_t *e, int64_t site_id)
{
    return db_one_int(db, e, "SELECT count(*) FROM sync_site y JOIN site s ON s.code = y.site_code WHERE s.id = ?", "i",
                      site_id);
}
/* The 409 of a change that the other side of the sync owns. */
static int not_owner(err_t *e, const char *msg) { return err_set(e, 409, "not_owner", "%s", msg); }

int sync_step_owner(db_t *db, err_t *e, int64_t site_id, const char (*roles)[16], int n_roles)
{
    bool kanwil = false;
    for (int i = 0; i < n_roles; i++) kanwil |= str_eq(roles[i], "kanwil");
    int64_t here = here_site(db, e);
    if (here < 0) return -1;
    if (here && kanwil)
        return not_owner(e, _("Langkah ini milik Kanwil dan diambil di hub Kanwil; hasilnya sampai ke Lapas pada "
                              "sinkronisasi berikutnya"));
    int64_t at_hub = site_at_hub(db, e, site_id);
    if (at_hub < 0) return -1;
    if (at_hub && !kanwil)
        return not_owner(e, _("Langkah ini milik Lapas dan diambil di Lapas; hasilnya sampai ke hub pada sinkronisasi "
                              "berikutnya"));
    return 0;
}

int sync_setting_owner(db_t *db, err_t *e, int64_t site_id)
{
    int64_t here = here_site(db, e);
    if (here < 0) return -1;
    if (here && site_id == 0)
        return not_owner(e, _("Pengaturan untuk semua lokasi milik hub Kanwil: ubah di hub; nilainya sampai ke Lapas "
                              "ini pada sinkronisasi berikutnya"));
    if (site_id == 0) return 0;
    int64_t at_hub = site_at_hub(db, e, site_id);
    if (at_hub < 0) return -1;
    if (at_hub)
        return not_owner(e, _("Pengaturan lokasi ini milik Lapas itu (lokasi yang bersinkronisasi dengan hub ini): ubah "
                              "di Lapas; nilainya sampai ke hub pada sinkronisasi berikutnya"));
    return 0;
}

int sync_user_owner(db_t *db, err_t *e, const char *role_now, const char *role_new)
{
    if (!str_eq(role_now, "kanwil") && !str_eq(role_new, "kanwil")) return 0;
    int64_t here = here_site(db, e);
    if (here < 0) return -1;
    if (here)
        return not_owner(e, _("Akun regional (Kanwil) milik hub Kanwil: buat dan ubah di hub; perubahannya sampai ke "
                              "Lapas ini pada sinkronisasi berikutnya"));
    return 0;
}

/* What the hub may change of a site that syncs to it: its own rows and steps. The
 * usulan's state changes only by steps, each checked by sync_step_owner; settings
 * and premi policies by sync_setting_owner; accounts, tokens, credentials, the
 * access log and the sync acts are the hub's. */
static bool hub_entity(const char *action, const char *entity)
{
    static const char *const hub[] = {"user", "api_token", "sync_site", "setting", "premi_policy", "access_log", "admin"};
    for (size_t i = 0; i < ARRAY_LEN(hub); i++)
        if (str_eq(entity, hub[i])) return true;
    if (str_eq(entity, "usulan") && str_eq(action, "update")) return true;
    return str_eq(entity, "site") && action && strncmp(action, "sync", 4) == 0;
}

int sync_row_owner(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *action, const char *entity)
{
    if (site_id <= 0 || hub_entity(action, entity)) return 0;
    if (who && who->user_id == 0 && who->name && (str_eq(who->name, "sync") || str_eq(who->name, "migrate")))
        return 0; /* the sync apply and `bekal migrate` write the site's rows */
    db_stmt_t *st = db_query(db, e, "SELECT s.code, COALESCE(s.name, s.code) FROM sync_site y JOIN site s ON s.code = "
                                    "y.site_code WHERE s.id = ?",
                             "i", site_id);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1)
        err_set(e, 409, "not_owner",
                _("Data ini milik %s (%s), lokasi yang bersinkronisasi dengan hub ini: ubah di Lapas itu; "
                  "perubahannya sampai ke hub pada sinkronisasi berikutnya"),
                db_col_text(st, 1), db_col_text(st, 0));
    db_finalize(st);
    return rc == 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- hand-down */

static void hash_field(crypto_hash_sha256_state *hs, const char *v, char end)
{
    if (v) crypto_hash_sha256_update(hs, (const unsigned char *)v, strlen(v));
    crypto_hash_sha256_update(hs, (const unsigned char *)&end, 1);
}

/* Columns from..to-1 of st's row as a JSON array of texts (NULL as ""), each hashed
 * into hs ended by \x1f, the last by last. */
static json_t *row_texts(db_stmt_t *st, int from, int to, crypto_hash_sha256_state *hs, char last)
{
    json_t *row = json_array();
    for (int i = from; i < to; i++) {
        const char *v = db_col_text(st, i);
        json_array_append_new(row, json_string(v ? v : ""));
        hash_field(hs, v, i == to - 1 ? last : '\x1f');
    }
    return row;
}

json_t *sync_hub_handdown(db_t *db, err_t *e, const char *code, const char *site_digest)
{
    json_t *set = json_array(), *pp = json_array(), *rules = json_array();
    crypto_hash_sha256_state hs;
    crypto_hash_sha256_init(&hs);
    db_stmt_t *st = db_query(db, e, "SELECT name, effective_from, value, note FROM setting WHERE site_id IS NULL "
                                    "ORDER BY name, effective_from, id",
                             "");
    int rc = st ? 0 : -1;
    while (st && (rc = db_step(st, e)) == 1) json_array_append_new(set, row_texts(st, 0, 4, &hs, '\x1e'));
    db_finalize(st);
    if (rc == 0) {
        hash_field(&hs, "premi_policy", '\x1d');
        st = db_query(db, e, "SELECT effective_from, saved_bp, basis_note FROM premi_policy WHERE site_id IS NULL "
                             "ORDER BY effective_from, id",
                      "");
        rc = st ? 0 : -1;
        while (st && (rc = db_step(st, e)) == 1) json_array_append_new(pp, row_texts(st, 0, 3, &hs, '\x1e'));
        db_finalize(st);
    }
    /* the regional accounts (role kanwil): owned by the hub, handed down whole, each
     * to the sites it has a grant for (the site withdraws one no longer sent) */
    json_t *users = json_array();
    if (rc == 0) {
        hash_field(&hs, "app_user", '\x1d');
        st = db_query(db, e, "SELECT u.id, u.name, u.full_name, u.role, u.password_hash, u.active, "
                             "COALESCE(u.deleted_at, '') FROM app_user u WHERE u.role = 'kanwil' AND EXISTS (SELECT 1 "
                             "FROM user_site us JOIN site s ON s.id = us.site_id WHERE us.user_id = u.id AND s.code = ?) "
                             "ORDER BY u.name",
                      "t", code);
        rc = st ? 0 : -1;
        while (st && (rc = db_step(st, e)) == 1) {
            json_t *row = row_texts(st, 1, 7, &hs, '\x1f');
            buf_t sites;
            buf_init(&sites);
            db_stmt_t *g = db_query(db, e, "SELECT s.code FROM user_site us JOIN site s ON s.id = us.site_id WHERE "
                                           "us.user_id = ? ORDER BY s.code",
                                    "i", db_col_int(st, 0));
            int grc = g ? 0 : -1;
            while (g && (grc = db_step(g, e)) == 1) buf_printf(&sites, "%s%s", sites.len ? "," : "", db_col_text(g, 0));
            db_finalize(g);
            json_array_append_new(row, json_string(sites.data ? sites.data : ""));
            hash_field(&hs, sites.data, '\x1e');
            buf_release(&sites);
            json_array_append_new(users, row);
            if (grc < 0) {
                rc = -1;
                break;
            }
        }
        db_finalize(st);
    }
    if (rc < 0) {
        json_decref(set), json_decref(pp), json_decref(rules), json_decref(users);
        return NULL;
    }
    unsigned char h[32];
    crypto_hash_sha256_final(&hs, h);
    char digest[65];
    hex_encode(h, 32, digest);
    for (size_t i = 0; i < rulefile_total(); i++) {
        char rh[65];
        sha256_hex(rulefile_any_json(i), rh);
        json_array_append_new(rules, json_pack("[s,s]", rulefile_any_name(i), rh));
    }
    json_t *out = json_pack("{s:s, s:o}", "digest", digest, "rules", rules);
    if (site_digest && str_eq(site_digest, digest)) {
        json_decref(set), json_decref(pp), json_decref(users);
    } else {
        json_object_set_new(out, "settings", set);
        json_object_set_new(out, "premi_policy", pp);
        json_object_set_new(out, "users", users);
    }
    return out;
}

struct hd_ctx {
    json_t *hd;
    int applied, accounts;
};

/* One hub row for every site made or brought up to the hub's value here, audited. */
static int handdown_setting(db_t *db, err_t *e, json_t *row, int *applied)
{
    const char *name = json_string_value(json_array_get(row, 0)), *eff = json_string_value(json_array_get(row, 1)),
               *value = json_string_value(json_array_get(row, 2)), *note = json_string_value(json_array_get(row, 3));
    if (!name || !eff || !value || !note) return err_set(e, 502, "sync_reply", _("jawaban hub tidak dapat dibaca"));
    db_stmt_t *st = db_query(db, e, "SELECT id, value, note FROM setting WHERE site_id IS NULL AND name = ? AND "
                                    "effective_from = ? ORDER BY id",
                             "tt", name, eff);
    if (!st) return -1;
    int rc = db_step(st, e);
    int64_t id = rc == 1 ? db_col_int(st, 0) : 0;
    bool same = rc == 1 && str_eq(db_col_text(st, 1), value) && str_eq(db_col_text(st, 2), note);
    char *before = NULL;
    if (rc == 1) {
        json_t *b = json_pack("{s:s?, s:s?}", "value", db_col_text(st, 1), "note", db_col_text(st, 2));
        before = json_dumps(b, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(b);
    }
    db_finalize(st);
    if (rc < 0 || same) {
        free(before);
        return rc < 0 ? -1 : 0;
    }
    if (id) {
        if (db_run(db, e, "UPDATE setting SET value = ?, note = ? WHERE id = ?", "tti", value, note, id) < 0) id = -1;
    } else {
        id = db_one_int(db, e, "INSERT INTO setting(name, site_id, effective_from, value, note) VALUES (?, NULL, ?, ?, ?) "
                               "RETURNING id",
                        "tttt", name, eff, value, note);
    }
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", name, "site", "", "effective_from", eff, "value", value,
                          "note", note);
    char *after = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    rc = id <= 0 ? -1 : audit_append(db, e, &sync_actor, 0, "sync_pull", "setting", id, before, after);
    free(before), free(after);
    if (rc == 0) (*applied)++;
    return rc < 0 ? -1 : 0;
}

static int handdown_premi(db_t *db, err_t *e, json_t *row, int *applied)
{
    const char *eff = json_string_value(json_array_get(row, 0)), *bp = json_string_value(json_array_get(row, 1)),
               *note = json_string_value(json_array_get(row, 2));
    int64_t v;
    if (!eff || !bp || !note || !parse_i64(bp, &v)) return err_set(e, 502, "sync_reply", _("jawaban hub tidak dapat dibaca"));
    db_stmt_t *st = db_query(db, e, "SELECT id, saved_bp, basis_note FROM premi_policy WHERE site_id IS NULL AND "
                                    "effective_from = ? ORDER BY id",
                             "t", eff);
    if (!st) return -1;
    int rc = db_step(st, e);
    int64_t id = rc == 1 ? db_col_int(st, 0) : 0;
    bool same = rc == 1 && db_col_int(st, 1) == v && str_eq(db_col_text(st, 2), note);
    db_finalize(st);
    if (rc < 0 || same) return rc < 0 ? -1 : 0;
    char now[32];
    now_iso(now);
    if (id) {
        if (db_run(db, e, "UPDATE premi_policy SET saved_bp = ?, basis_note = ?, updated_at = ?, updated_by = NULL "
                          "WHERE id = ?",
                   "itti", v, note, now, id) < 0)
            return -1;
    } else {
        id = db_one_int(db, e, "INSERT INTO premi_policy(site_id, effective_from, saved_bp, basis_note, created_at, "
                               "updated_at) VALUES (NULL, ?, ?, ?, ?, ?) RETURNING id",
                        "titt" "t", eff, v, note, now, now);
        if (id <= 0) return -1;
    }
    json_t *j = json_pack("{s:s, s:s, s:I, s:s}", "site", "", "effective_from", eff, "saved_bp", (json_int_t)v,
                          "basis_note", note);
    rc = audit_write(db, e, &(audit_write_t){&sync_actor, 0, "sync_pull", "premi_policy", id, .after = j});
    if (rc == 0) (*applied)++;
    return rc < 0 ? -1 : 0;
}

/* One regional account of the hub ([name, full name, role, password hash, active,
 * deleted at, site codes]) made or brought up to the hub's copy here, audited: its
 * grants are the hub's among the sites this database has; a new password or a
 * revoked account ends its sessions and API tokens here too. */
static int handdown_user(db_t *db, err_t *e, json_t *row, int *applied)
{
    const char *v[7];
    for (int i = 0; i < 7; i++) v[i] = json_string_value(json_array_get(row, (size_t)i));
    int64_t active;
    if (json_array_size(row) != 7 || !v[0] || !v[1] || !v[2] || !v[3] || !v[4] || !v[5] || !v[6] ||
        !parse_i64(v[4], &active) || !auth_role_valid(v[2]))
        return err_set(e, 502, "sync_reply", _("jawaban hub tidak dapat dibaca"));
    db_stmt_t *st = db_query(db, e, "SELECT id, full_name, role, password_hash, active, COALESCE(deleted_at, '') FROM "
                                    "app_user WHERE name = ?",
                             "t", v[0]);
    if (!st) return -1;
    int rc = db_step(st, e);
    int64_t id = rc == 1 ? db_col_int(st, 0) : 0;
    bool same = rc == 1 && str_eq(db_col_text(st, 1), v[1]) && str_eq(db_col_text(st, 2), v[2]) &&
                str_eq(db_col_text(st, 3), v[3]) && db_col_int(st, 4) == active && str_eq(db_col_text(st, 5), v[5]);
    bool cut = rc == 1 && (!str_eq(db_col_text(st, 3), v[3]) || (db_col_int(st, 4) && !active));
    char *before = NULL;
    if (rc == 1) {
        json_t *b = json_pack("{s:s?, s:I, s:s?}", "role", db_col_text(st, 2), "active", (json_int_t)db_col_int(st, 4),
                              "deleted_at", db_col_text(st, 5));
        before = json_dumps(b, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(b);
    }
    db_finalize(st);
    if (rc < 0) return -1;
    /* the grants: the hub's sites that exist here */
    buf_t mine;
    buf_init(&mine);
    if (id) {
        st = db_query(db, e, "SELECT s.code FROM user_site us JOIN site s ON s.id = us.site_id WHERE us.user_id = ? "
                             "ORDER BY s.code",
                      "i", id);
        while (st && (rc = db_step(st, e)) == 1) buf_printf(&mine, "%s%s", mine.len ? "," : "", db_col_text(st, 0));
        db_finalize(st);
        if (!st || rc < 0) {
            buf_release(&mine), free(before);
            return -1;
        }
    }
    buf_t want;
    buf_init(&want);
    char *codes = xstrdup(v[6]), *save = NULL;
    for (char *c = strtok_r(codes, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
        int64_t sid = db_one_int(db, e, "SELECT id FROM site WHERE code = ?", "t", c);
        if (sid < 0) rc = -1;
        if (sid > 0) buf_printf(&want, "%s%s", want.len ? "," : "", c);
    }
    bool same_sites = str_eq(mine.data ? mine.data : "", want.data ? want.data : "");
    buf_release(&mine);
    char now[32];
    now_iso(now);
    if (rc >= 0 && !(same && same_sites)) {
        rc = 0;
        if (id) {
            if (db_run(db, e, "UPDATE app_user SET full_name = ?, role = ?, password_hash = ?, active = ?, deleted_at = "
                              "NULLIF(?, '') WHERE id = ?",
                       "tttiti", v[1], v[2], v[3], active, v[5], id) < 0)
                rc = -1;
        } else {
            id = db_one_int(db, e, "INSERT INTO app_user(name, full_name, role, password_hash, active, deleted_at, "
                                   "created_at) VALUES (?, ?, ?, ?, ?, NULLIF(?, ''), ?) RETURNING id",
                            "ttttit" "t", v[0], v[1], v[2], v[3], active, v[5], now);
            if (id <= 0) rc = -1;
        }
        if (rc == 0 && cut &&
            (db_run(db, e, "DELETE FROM session WHERE user_id = ?", "i", id) < 0 ||
             db_run(db, e, "UPDATE api_token SET revoked = 1, revoked_at = ? WHERE user_id = ? AND revoked = 0", "ti",
                    now, id) < 0))
            rc = -1;
        if (rc == 0 && !same_sites) {
            if (db_run(db, e, "DELETE FROM user_site WHERE user_id = ?", "i", id) < 0) rc = -1;
            save = NULL;
            free(codes);
            codes = xstrdup(want.data ? want.data : "");
            for (char *c = strtok_r(codes, ",", &save); c && rc == 0; c = strtok_r(NULL, ",", &save))
                if (db_run(db, e, "INSERT INTO user_site(user_id, site_id) SELECT ?, id FROM site WHERE code = ?", "it",
                           id, c) < 0)
                    rc = -1;
        }
        if (rc == 0) {
            json_t *j = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "name", v[0], "role", v[2], "active",
                                  (json_int_t)active, "deleted_at", v[5], "sites", want.data ? want.data : "", "password",
                                  cut || !before ? "(hub)" : "");
            char *after = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
            json_decref(j);
            rc = audit_append(db, e, &sync_actor, 0, "sync_pull", "user", id, before, after);
            free(after);
            if (rc == 0) (*applied)++;
        }
    }
    free(codes), free(before);
    buf_release(&want);
    return rc < 0 ? -1 : 0;
}

/* The regional accounts here that the hub no longer hands down to this site (its
 * grant for the site removed, or the account gone from the hub): withdrawn, that is
 * disabled with no sites, its sessions and API tokens ended, audited. An account
 * already withdrawn is left as it is. */
static int handdown_withdraw(db_t *db, err_t *e, json_t *users, int *applied)
{
    db_stmt_t *st = db_query(db, e, "SELECT u.id, u.name, u.active, COALESCE(u.deleted_at, '') FROM app_user u WHERE "
                                    "u.role = 'kanwil' AND ((u.active = 1 AND u.deleted_at IS NULL) OR EXISTS (SELECT 1 "
                                    "FROM user_site us WHERE us.user_id = u.id)) ORDER BY u.id",
                             "");
    if (!st) return -1;
    int64_t *ids = NULL;
    int n = 0, cap = 0, rc;
    while ((rc = db_step(st, e)) == 1) {
        const char *name = db_col_text(st, 1);
        bool sent = false;
        size_t i;
        json_t *row;
        json_array_foreach(users, i, row) sent |= str_eq(json_string_value(json_array_get(row, 0)), name);
        if (sent) continue;
        if (n == cap) ids = xrealloc(ids, sizeof *ids * (size_t)(cap = cap ? 2 * cap : 8));
        ids[n++] = db_col_int(st, 0);
    }
    db_finalize(st);
    char now[32];
    now_iso(now);
    for (int i = 0; i < n && rc == 0; i++) {
        char *before = NULL;
        db_stmt_t *q = db_query(db, e, "SELECT u.name, u.active, COALESCE(u.deleted_at, '') FROM app_user u WHERE u.id = ?",
                                "i", ids[i]);
        if (!q || db_step(q, e) != 1) {
            db_finalize(q);
            rc = -1;
            break;
        }
        json_t *b = json_pack("{s:s, s:s, s:I, s:s}", "name", db_col_text(q, 0), "role", "kanwil", "active",
                              (json_int_t)db_col_int(q, 1), "deleted_at", db_col_text(q, 2));
        before = json_dumps(b, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(b);
        json_t *a = json_pack("{s:s, s:s, s:I, s:s, s:b}", "name", db_col_text(q, 0), "role", "kanwil", "active",
                              (json_int_t)0, "sites", "", "withdrawn", 1);
        char *after = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(a);
        db_finalize(q);
        if (db_run(db, e, "UPDATE app_user SET active = 0 WHERE id = ?", "i", ids[i]) < 0 ||
            db_run(db, e, "DELETE FROM user_site WHERE user_id = ?", "i", ids[i]) < 0 ||
            db_run(db, e, "DELETE FROM session WHERE user_id = ?", "i", ids[i]) < 0 ||
            db_run(db, e, "UPDATE api_token SET revoked = 1, revoked_at = ? WHERE user_id = ? AND revoked = 0", "ti",
                   now, ids[i]) < 0 ||
            audit_append(db, e, &sync_actor, 0, "sync_pull", "user", ids[i], before, after) < 0)
            rc = -1;
        else
            (*applied)++;
        free(before), free(after);
    }
    free(ids);
    return rc < 0 ? -1 : 0;
}

static int handdown_tx(db_t *db, void *vc, err_t *e)
{
    struct hd_ctx *c = vc;
    c->applied = 0;
    json_t *set = json_object_get(c->hd, "settings"), *pp = json_object_get(c->hd, "premi_policy");
    const char *digest = json_string_value(json_object_get(c->hd, "digest"));
    if (!json_is_array(set) || !json_is_array(pp) || !digest) return 0; /* unchanged since the last round */
    size_t i;
    json_t *row;
    json_array_foreach(set, i, row) if (handdown_setting(db, e, row, &c->applied) < 0) return -1;
    json_array_foreach(pp, i, row) if (handdown_premi(db, e, row, &c->applied) < 0) return -1;
    c->accounts = 0;
    json_t *users = json_object_get(c->hd, "users"); /* absent from an older hub */
    json_array_foreach(users, i, row) if (handdown_user(db, e, row, &c->accounts) < 0) return -1;
    if (json_is_array(users) && handdown_withdraw(db, e, users, &c->accounts) < 0) return -1;
    return db_run(db, e, "UPDATE sync_state SET hub_digest = ? WHERE id = 1", "t", digest) < 0 ? -1 : 0;
}

int sync_handdown_apply(db_t *db, err_t *e, json_t *reply, int *applied, int *accounts, char *warn, size_t warnlen)
{
    *applied = 0, *accounts = 0;
    warn[0] = 0;
    json_t *hd = json_object_get(reply, "handdown");
    if (!json_is_object(hd)) return 0; /* a hub without hand-down (an older version) */
    struct hd_ctx c = {hd, 0, 0};
    if (db_tx(db, handdown_tx, &c, e) < 0) return -1;
    *applied = c.applied, *accounts = c.accounts;
    /* the rule files: the hub's against this program's */
    json_t *rules = json_object_get(hd, "rules");
    size_t used = 0, i;
    json_t *x;
#define WARN(...)                                                                                                      \
    do {                                                                                                               \
        if (used < warnlen) used += (size_t)snprintf(warn + used, warnlen - used, __VA_ARGS__);                        \
    } while (0)
    json_array_foreach(rules, i, x)
    {
        const char *name = json_string_value(json_array_get(x, 0)), *h = json_string_value(json_array_get(x, 1));
        if (!name || !h) continue;
        size_t k = 0;
        while (k < rulefile_total() && !str_eq(rulefile_any_name(k), name)) k++;
        if (k == rulefile_total()) {
            WARN("%s%s", used ? "; " : "", name);
            WARN(" (%s)", _("ada di hub, tidak di lokasi ini"));
            continue;
        }
        char mine[65];
        sha256_hex(rulefile_any_json(k), mine);
        if (!str_eq(mine, h)) WARN("%s%s (%s)", used ? "; " : "", name, _("berbeda dari hub"));
    }
    for (size_t k = 0; k < rulefile_total(); k++) {
        bool at_hub = false;
        json_array_foreach(rules, i, x) at_hub |= str_eq(json_string_value(json_array_get(x, 0)), rulefile_any_name(k));
        if (!at_hub && json_is_array(rules)) WARN("%s%s (%s)", used ? "; " : "", rulefile_any_name(k), _("tidak ada di hub"));
    }
#undef WARN
    return 0;
}

/* ---------------------------------------------------------------- re-admission */

int sync_site_readmit(db_t *db, err_t *e, const actor_t *who, const char *code, const char *reason)
{
    while (reason && (*reason == ' ' || *reason == '\t')) reason++;
    if (!reason || !*reason)
        return err_set(e, 400, "reason_required", _("sebutkan alasan penerimaan kembali (--reason): hasil pemeriksaan Kanwil"));
    db_stmt_t *st = db_query(db, e, "SELECT status, witnessed_id, witnessed_hash, refused_reason, refused_at FROM sync_site "
                                    "WHERE site_code = ?",
                             "t", code);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc != 1) {
        db_finalize(st);
        return rc < 0 ? -1 : err_set(e, 404, "not_found", _("lokasi %s tidak dikenal di hub"), code);
    }
    bool refused = str_eq(db_col_text(st, 0), "refused");
    json_t *before = json_pack("{s:s, s:I, s:s, s:s?, s:s?}", "status", db_col_text(st, 0), "witnessed_id",
                               (json_int_t)db_col_int(st, 1), "witnessed_hash", db_col_text(st, 2), "refused_reason",
                               db_col_text(st, 3), "refused_at", db_col_text(st, 4));
    db_finalize(st);
    if (!refused) {
        json_decref(before);
        return err_set(e, 409, "not_refused", _("lokasi %s tidak sedang ditolak hub"), code);
    }
    int64_t n = db_run(db, e, "DELETE FROM sync_witness WHERE site_code = ?", "t", code);
    char now[32];
    now_iso(now);
    if (n < 0 || db_run(db, e, "UPDATE sync_site SET status = 'ok', witnessed_id = 0, witnessed_hash = ?, readmitted_at = ?, "
                               "readmit_reason = ? WHERE site_code = ?",
                        "tttt", SYNC_ZERO_HASH, now, reason, code) < 0) {
        json_decref(before);
        return -1;
    }
    json_object_set_new(before, "witness_entries", json_integer(n));
    json_t *after = json_pack("{s:s, s:s, s:I}", "status", "ok", "reason", reason, "witnessed_id", (json_int_t)0);
    int64_t site = db_one_int(db, e, "SELECT id FROM site WHERE code = ?", "t", code);
    if (site < 0) {
        json_decref(before), json_decref(after);
        return -1;
    }
    return audit_write(db, e, &(audit_write_t){who, site, "sync_readmit", "site", site, before, after});
}
