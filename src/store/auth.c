/* auth.c — accounts, sessions and tokens. Secrets are never stored: passwords as
 * argon2id hashes, session and API tokens as SHA-256. */
#include "auth.h"
#include "rowmap.h"
#include "settings.h"
#include "sync_store.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>

const char *const auth_roles[] = {"admin", "staf", "wali", "instruktur", "kalapas", "kanwil", "bapas", NULL};
bool auth_role_valid(const char *role)
{
    for (int i = 0; auth_roles[i]; i++)
        if (str_eq(role, auth_roles[i])) return true;
    return false;
}

/* Cost of argon2id: BEKAL_ARGON2_OPS (default 2) and BEKAL_ARGON2_MEM_KIB (default 19456,
 * the OWASP minimum). Kept modest so a login does not blow the server's memory budget. */
char *auth_hash_password(const char *pw)
{
    const char *o = getenv("BEKAL_ARGON2_OPS"), *m = getenv("BEKAL_ARGON2_MEM_KIB");
    unsigned long long ops = o ? strtoull(o, NULL, 10) : 2;
    size_t mem = (m ? strtoull(m, NULL, 10) : 19456) * 1024;
    if (ops < 1) ops = 1;
    if (mem < 8192) mem = 8192;
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, pw, strlen(pw), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) return NULL;
    return xstrdup(out);
}
bool auth_check_password(const char *hash, const char *pw)
{
    return hash && crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static void sha256_hex(const char *s, char out[65])
{
    unsigned char h[32];
    crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
    hex_encode(h, 32, out);
}
static void random_hex(char out[65])
{
    unsigned char r[32];
    randombytes_buf(r, sizeof r);
    hex_encode(r, 32, out);
}

/* The common-password list (rules/common-passwords.txt, built into the binary). */
struct bekal_text_file {
    const char *name;
    const char *text;
};
extern const struct bekal_text_file bekal_password_lists[];
extern const int bekal_password_lists_count;

/* Lower-cases ASCII letters and keeps only letters and digits: "Ke-Tapang 1" -> "ketapang1". */
static void fold(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; s && *s && n + 1 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z') out[n++] = (char)(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) out[n++] = (char)c;
    }
    out[n] = 0;
}

bool auth_password_common(const char *pw)
{
    char want[256];
    size_t n = strlen(pw);
    if (n >= sizeof want) return false;
    for (size_t i = 0; i <= n; i++) want[i] = (char)((pw[i] >= 'A' && pw[i] <= 'Z') ? pw[i] - 'A' + 'a' : pw[i]);
    for (int f = 0; f < bekal_password_lists_count; f++)
        for (const char *p = bekal_password_lists[f].text; *p;) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            if (len == n && *p != '#' && memcmp(p, want, n) == 0) return true;
            p += len + (nl ? 1 : 0);
        }
    return false;
}

int auth_password_check(const char *pw, int64_t min_len, const char *name, const char *role, const char *const *site_words,
                        err_t *e)
{
    size_t n = pw ? strlen(pw) : 0;
    if (n < (size_t)min_len)
        return err_set(e, 400, "weak_password", _("kata sandi minimal %lld karakter"), (long long)min_len);
    if (n > 200) return err_set(e, 400, "weak_password", _("kata sandi terlalu panjang (maksimal 200 karakter)"));
    if (auth_password_common(pw))
        return err_set(e, 400, "weak_password", _("kata sandi ini ada dalam daftar kata sandi umum; pilih yang lain"));
    if (role && str_eq(role, "admin")) {
        char fp[256], fw[256];
        fold(pw, fp, sizeof fp);
        fold(name, fw, sizeof fw);
        if (strlen(fw) >= 3 && strstr(fp, fw))
            return err_set(e, 400, "weak_password", _("kata sandi admin tidak boleh memuat nama pengguna"));
        for (int i = 0; site_words && site_words[i]; i++) {
            fold(site_words[i], fw, sizeof fw);
            if (strlen(fw) >= 4 && strstr(fp, fw))
                return err_set(e, 400, "weak_password", _("kata sandi admin tidak boleh memuat nama atau kode lokasi"));
        }
    }
    return 0;
}

/* The policy for a new or changed password of user `name` with `role` on the sites
 * (comma-separated codes, or NULL: the sites the user has now). The minimum length
 * is the dated setting password.min_length; for admins the words of the site names
 * (5 letters or more) and the site codes may not appear in the password. */
static int check_password_policy(db_t *db, err_t *e, const char *name, const char *role, const char *site_codes,
                                 const char *pw)
{
    char today[11];
    today_iso(today);
    int64_t min_len = 12;
    if (setting_int(db, e, "password.min_length", 0, today, &min_len) < 0) return -1;
    const char *words[64];
    int nw = 0;
    arena_t a;
    arena_init(&a);
    if (role && str_eq(role, "admin")) {
        db_stmt_t *st = site_codes ? db_query(db, e, "SELECT code, name FROM site ORDER BY id", "")
                                   : db_query(db, e,
                                              "SELECT s.code, s.name FROM site s JOIN user_site us ON us.site_id = s.id "
                                              "JOIN app_user u ON u.id = us.user_id WHERE u.name = ?",
                                              "t", name);
        if (!st) {
            arena_release(&a);
            return -1;
        }
        while (db_step(st, e) == 1) {
            const char *code = db_col_text(st, 0), *sname = db_col_text(st, 1);
            if (site_codes) { /* only the sites named */
                char *list = arena_printf(&a, ",%s,", site_codes), *pat = arena_printf(&a, ",%s,", code);
                if (!strstr(list, pat)) continue;
            }
            if (nw < 62) words[nw++] = arena_strdup(&a, code);
            char *copy = arena_strdup(&a, sname ? sname : ""), *save = NULL;
            for (char *w = strtok_r(copy, " ,.-/", &save); w && nw < 62; w = strtok_r(NULL, " ,.-/", &save))
                if (strlen(w) >= 5) words[nw++] = w;
        }
        db_finalize(st);
    }
    words[nw] = NULL;
    int rc = auth_password_check(pw, min_len, name, role, words, e);
    arena_release(&a);
    return rc;
}

int64_t auth_user_add(db_t *db, err_t *e, const actor_t *who, const char *name, const char *role,
                      const char *site_codes, const char *password, const char *full_name)
{
    if (!name || !*name || strlen(name) > 60 || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") != strlen(name))
        return err_set(e, 400, "bad_name", "nama pengguna harus 1-60 huruf kecil, angka, titik, garis bawah atau strip");
    if (!auth_role_valid(role))
        return err_set(e, 400, "bad_role", "peran \"%s\" tidak dikenal (admin, staf, wali, instruktur, kalapas, kanwil, bapas)",
                       role ? role : "");
    if (sync_user_owner(db, e, NULL, role) < 0) return -1;
    if (check_password_policy(db, e, name, role, site_codes, password) < 0) return -1;
    char *hash = auth_hash_password(password);
    if (!hash) return err_set(e, 500, "hash", "gagal membuat hash kata sandi");
    char now[32];
    now_iso(now);
    int64_t id = db_one_int(db, e,
                            "INSERT INTO app_user(name, full_name, role, password_hash, created_at) VALUES (?,?,?,?,?) "
                            "RETURNING id",
                            "ttttt", name, full_name ? full_name : name, role, hash, now);
    free(hash);
    if (id < 0) {
        if (str_eq(e->code, "conflict")) err_set(e, 409, "conflict", "pengguna \"%s\" sudah ada", name);
        return -1;
    }
    char *codes = xstrdup(site_codes ? site_codes : ""), *save = NULL;
    int nsites = 0, rc = 0;
    for (char *c = strtok_r(codes, ",", &save); c && rc == 0; c = strtok_r(NULL, ",", &save)) {
        while (*c == ' ') c++;
        int64_t sid = db_one_int(db, e, "SELECT id FROM site WHERE code = ?", "t", c);
        if (sid == 0) rc = err_set(e, 400, "bad_site", "lokasi (site) \"%s\" tidak dikenal", c);
        else if (sid < 0) rc = -1;
        else if (db_run(db, e, "INSERT INTO user_site(user_id, site_id) VALUES (?, ?)", "ii", id, sid) < 0) rc = -1;
        else nsites++;
    }
    free(codes);
    if (rc < 0) return -1;
    if (nsites == 0) return err_set(e, 400, "bad_site", "pengguna harus diberi minimal satu lokasi (--site KODE)");
    char after[256];
    snprintf(after, sizeof after, "{\"name\":\"%s\",\"role\":\"%s\",\"sites\":%d}", name, role, nsites);
    return audit_append(db, e, who, 0, "create", "user", id, NULL, after) < 0 ? -1 : id;
}

/* Ends every session of the user and revokes every live API token of theirs. */
static int cut_off(db_t *db, err_t *e, int64_t id)
{
    char now[32];
    now_iso(now);
    if (db_run(db, e, "DELETE FROM session WHERE user_id = ?", "i", id) < 0) return -1;
    return db_run(db, e, "UPDATE api_token SET revoked = 1, revoked_at = ? WHERE user_id = ? AND revoked = 0", "ti",
                  now, id) < 0 ? -1 : 0;
}

int auth_user_passwd(db_t *db, err_t *e, const actor_t *who, const char *name, const char *password)
{
    auth_user_t u;
    int rc = auth_user_by_name(db, e, name, &u);
    if (rc < 0) return -1;
    if (rc == 0 || u.deleted) return err_set(e, 404, "not_found", "pengguna \"%s\" tidak ditemukan", name);
    if (sync_user_owner(db, e, u.role, NULL) < 0) return -1;
    if (check_password_policy(db, e, name, u.role, NULL, password) < 0) return -1;
    char *hash = auth_hash_password(password);
    if (!hash) return err_set(e, 500, "hash", "gagal membuat hash kata sandi");
    int64_t n = db_run(db, e, "UPDATE app_user SET password_hash = ? WHERE id = ?", "ti", hash, u.id);
    free(hash);
    if (n < 0) return -1;
    /* A changed password ends that user's sessions and revokes their API tokens. */
    if (cut_off(db, e, u.id) < 0) return -1;
    return audit_append(db, e, who, 0, "passwd", "user", u.id, NULL, "{\"password\":\"(diubah)\"}");
}

int auth_user_set_state(db_t *db, err_t *e, const actor_t *who, const char *name, const char *what)
{
    auth_user_t u;
    int rc = auth_user_by_name(db, e, name, &u);
    if (rc < 0) return -1;
    if (rc == 0 || u.deleted) return err_set(e, 404, "not_found", _("pengguna \"%s\" tidak ditemukan"), name);
    if (sync_user_owner(db, e, u.role, NULL) < 0) return -1;
    if (who->user_id && who->user_id == u.id && !str_eq(what, "enable"))
        return err_set(e, 409, "self", _("Anda tidak dapat menonaktifkan atau menghapus akun Anda sendiri"));
    char now[32], before[64], after[96];
    now_iso(now);
    snprintf(before, sizeof before, "{\"active\":%d}", u.active ? 1 : 0);
    if (str_eq(what, "enable")) {
        if (db_run(db, e, "UPDATE app_user SET active = 1 WHERE id = ?", "i", u.id) < 0) return -1;
        snprintf(after, sizeof after, "{\"active\":1}");
    } else if (str_eq(what, "disable")) {
        if (db_run(db, e, "UPDATE app_user SET active = 0 WHERE id = ?", "i", u.id) < 0 || cut_off(db, e, u.id) < 0)
            return -1;
        snprintf(after, sizeof after, "{\"active\":0}");
    } else if (str_eq(what, "delete")) {
        /* The row stays: the name is kept in every record that points at it, and can
         * never be given to someone else. */
        if (db_run(db, e, "UPDATE app_user SET active = 0, deleted_at = ? WHERE id = ?", "ti", now, u.id) < 0 ||
            cut_off(db, e, u.id) < 0)
            return -1;
        snprintf(after, sizeof after, "{\"active\":0,\"deleted_at\":\"%s\"}", now);
    } else
        return err_set(e, 400, "bad_action", "tindakan \"%s\" tidak dikenal", what);
    return audit_append(db, e, who, 0, str_eq(what, "delete") ? "delete" : "update", "user", u.id, before, after);
}

int auth_user_set(db_t *db, err_t *e, const actor_t *who, const char *name, const char *role, const char *site_codes,
                  int64_t limit_user)
{
    auth_user_t u;
    int rc = auth_user_by_name(db, e, name, &u);
    if (rc < 0) return -1;
    if (rc == 0 || u.deleted) return err_set(e, 404, "not_found", _("pengguna \"%s\" tidak ditemukan"), name);
    if (sync_user_owner(db, e, u.role, role) < 0) return -1;
    if (role && !auth_role_valid(role))
        return err_set(e, 400, "bad_role", _("peran \"%s\" tidak dikenal (admin, staf, wali, instruktur, kalapas, kanwil, bapas)"),
                       role);
    buf_t after;
    buf_init(&after);
    buf_printf(&after, "{\"name\":\"%s\"", u.name);
    if (role) {
        if (db_run(db, e, "UPDATE app_user SET role = ? WHERE id = ?", "ti", role, u.id) < 0) goto fail;
        buf_printf(&after, ",\"role\":\"%s\"", role);
    }
    if (site_codes) {
        /* limit_user: an admin gives and takes only the sites they have themselves;
         * the user's other sites stay as they are. */
        if (db_run(db, e,
                   "DELETE FROM user_site WHERE user_id = ? AND (? = 0 OR site_id IN (SELECT site_id FROM user_site "
                   "WHERE user_id = ?))",
                   "iii", u.id, limit_user, limit_user) < 0)
            goto fail;
        char *codes = xstrdup(site_codes), *save = NULL;
        int nsites = 0;
        rc = 0;
        buf_puts(&after, ",\"sites\":\"");
        for (char *c = strtok_r(codes, ",", &save); c && rc == 0; c = strtok_r(NULL, ",", &save)) {
            while (*c == ' ') c++;
            if (!*c) continue;
            int64_t sid = db_one_int(db, e,
                                     "SELECT id FROM site WHERE code = ? AND (? = 0 OR id IN (SELECT site_id FROM "
                                     "user_site WHERE user_id = ?))",
                                     "tii", c, limit_user, limit_user);
            if (sid == 0) rc = err_set(e, 400, "bad_site", _("lokasi (site) \"%s\" tidak dikenal"), c);
            else if (sid < 0) rc = -1;
            else if (db_run(db, e,
                            "INSERT INTO user_site(user_id, site_id) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM "
                            "user_site WHERE user_id = ? AND site_id = ?)",
                            "iiii", u.id, sid, u.id, sid) < 0)
                rc = -1;
            else
                buf_printf(&after, "%s%s", nsites++ ? "," : "", c);
        }
        free(codes);
        if (rc < 0) goto fail;
        int64_t left = db_one_int(db, e, "SELECT count(*) FROM user_site WHERE user_id = ?", "i", u.id);
        if (left < 0) goto fail;
        if (left == 0) {
            err_set(e, 400, "bad_site", _("pengguna harus diberi minimal satu lokasi"));
            goto fail;
        }
        buf_putc(&after, '"');
    }
    buf_putc(&after, '}');
    char before[96];
    snprintf(before, sizeof before, "{\"role\":\"%s\"}", u.role);
    rc = audit_append(db, e, who, 0, "update", "user", u.id, before, after.data);
    buf_release(&after);
    return rc;
fail:
    buf_release(&after);
    return -1;
}

int auth_user_set_lang(db_t *db, err_t *e, const actor_t *who, int64_t user_id, const char *lang)
{
    if (!str_eq(lang, "") && !str_eq(lang, "id") && !str_eq(lang, "en"))
        return err_set(e, 422, "invalid", _("bahasa harus \"id\", \"en\" atau kosong (ikuti peramban)"));
    int64_t n = db_run(db, e, "UPDATE app_user SET lang = ? WHERE id = ?", "ti", lang, user_id);
    if (n < 0) return -1;
    if (n == 0) return err_set(e, 404, "not_found", _("pengguna tidak ditemukan"));
    char after[40];
    snprintf(after, sizeof after, "{\"lang\":\"%s\"}", lang);
    return audit_append(db, e, who, 0, "update", "user", user_id, NULL, after);
}

#define C(f, t) RM_COL(auth_account_t, t, f)
static const rm_col_t account_cols[] = {C(id, RM_INT),   C(name, RM_TEXT),       C(full_name, RM_TEXT), C(role, RM_TEXT),
                                        C(active, RM_BOOL), C(created_at, RM_TEXT), C(deleted_at, RM_TEXT)};
#undef C
static const rm_spec_t account_spec = RM_SPEC(auth_account_t, account_cols);

int auth_account_list(db_t *db, err_t *e, arena_t *a, int64_t viewer, int64_t only_id, auth_account_t **out, int *n)
{
    *out = rm_list(db_query(db, e,
                            "SELECT u.id, u.name, u.full_name, u.role, u.active, u.created_at, u.deleted_at FROM "
                            "app_user u WHERE (? = 0 OR u.id = ?) AND (? = 0 OR EXISTS (SELECT 1 FROM user_site a "
                            "JOIN user_site b ON b.site_id = a.site_id WHERE a.user_id = ? AND b.user_id = u.id)) "
                            "ORDER BY u.name",
                            "iiii", only_id, only_id, viewer, viewer),
                   e, a, &account_spec, n);
    if (!*out) return -1;
    int rc;
    for (int i = 0; i < *n; i++) {
        buf_t b;
        buf_init(&b);
        db_stmt_t *s2 = db_query(db, e,
                                 "SELECT s.code FROM user_site us JOIN site s ON s.id = us.site_id WHERE us.user_id = ? "
                                 "ORDER BY s.code",
                                 "i", (*out)[i].id);
        if (!s2) return -1;
        while ((rc = db_step(s2, e)) == 1) buf_printf(&b, "%s%s", b.len ? "," : "", db_col_text(s2, 0));
        db_finalize(s2);
        (*out)[i].sites = arena_strdup(a, b.data ? b.data : "");
        buf_release(&b);
        if (rc < 0) return -1;
    }
    return 0;
}

static const rm_col_t site_cols[] = {RM_COL(auth_site_t, RM_TEXT, code), RM_COL(auth_site_t, RM_TEXT, name)};
static const rm_spec_t site_spec = RM_SPEC(auth_site_t, site_cols);

RM_LIST_BY_ID(auth_user_sites, auth_site_t, site_spec,
              "SELECT s.code, s.name FROM site s JOIN user_site us ON us.site_id = s.id "
              "WHERE us.user_id = ? ORDER BY s.code")

/* The account columns every login query selects first (id, name, full_name, role,
 * lang) into u, cleared first. */
static void read_user(db_stmt_t *st, auth_user_t *u)
{
    memset(u, 0, sizeof *u);
    u->id = db_col_int(st, 0);
    char *const to[] = {u->name, u->full_name, u->role, u->lang};
    const size_t cap[] = {sizeof u->name, sizeof u->full_name, sizeof u->role, sizeof u->lang};
    for (int i = 0; i < 4; i++) snprintf(to[i], cap[i], "%s", db_col_text(st, 1 + i) ? db_col_text(st, 1 + i) : "");
}

/* Loads an account by name; with hash != NULL only an active one, with its password hash. */
static int load_user(db_t *db, err_t *e, const char *key, auth_user_t *u, char **hash)
{
    db_stmt_t *st = hash ? db_query(db, e,
                                    "SELECT id, name, full_name, role, lang, active, deleted_at, password_hash "
                                    "FROM app_user WHERE name = ? AND active = 1 AND deleted_at IS NULL",
                                    "t", key)
                         : db_query(db, e,
                                    "SELECT id, name, full_name, role, lang, active, deleted_at FROM app_user "
                                    "WHERE name = ?",
                                    "t", key);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) {
        read_user(st, u);
        u->active = db_col_int(st, 5) != 0;
        u->deleted = !db_col_null(st, 6);
        if (hash) *hash = xstrdup(db_col_text(st, 7));
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    return rc;
}

static char *dummy_hash;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void) { dummy_hash = auth_hash_password("bekal-dummy-password"); }

int auth_login(db_t *db, err_t *e, const char *name, const char *password, auth_user_t *u)
{
    char *hash = NULL;
    int rc = load_user(db, e, name, u, &hash);
    if (rc < 0) return -1;
    /* Verify against a dummy hash for unknown names so timing does not reveal them. */
    pthread_once(&dummy_once, make_dummy);
    bool ok = auth_check_password(rc == 1 ? hash : dummy_hash, password);
    free(hash);
    return rc == 1 && ok ? 1 : 0;
}
int auth_user_by_name(db_t *db, err_t *e, const char *name, auth_user_t *u)
{
    return load_user(db, e, name, u, NULL);
}

/* "YYYY-MM-DDTHH:MM:SSZ" for the Unix time t (UTC). */
static void iso_at(time_t t, char out[32])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A session's deadline after a use at `now`: the idle timeout from now, but never
 * past the absolute lifetime counted from login (`created`). */
static time_t session_deadline(const auth_session_policy_t *p, time_t created, time_t now)
{
    time_t idle = now + (time_t)p->idle_min * 60, abs = created + (time_t)p->hours * 3600;
    return idle < abs ? idle : abs;
}

int auth_session_create(db_t *db, err_t *e, int64_t user_id, const auth_session_policy_t *p, char token[65],
                        char csrf[65])
{
    char h[65], now[32], exp[32];
    random_hex(token);
    random_hex(csrf);
    sha256_hex(token, h);
    time_t t = clock_now();
    iso_at(t, now);
    iso_at(session_deadline(p, t, t), exp);
    if (db_run(db, e, "DELETE FROM session WHERE expires_at < ?", "t", now) < 0) return -1;
    return db_run(db, e, "INSERT INTO session(token_hash, user_id, csrf, created_at, expires_at) VALUES (?,?,?,?,?)",
                  "tittt", h, user_id, csrf, now, exp) < 0 ? -1 : 0;
}

/* Parses our own "YYYY-MM-DDTHH:MM:SSZ" back to Unix time; 0 when malformed. */
static time_t iso_parse(const char *s)
{
    struct tm tm = {0};
    if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                     &tm.tm_sec) != 6)
        return 0;
    tm.tm_year -= 1900, tm.tm_mon -= 1;
    return timegm(&tm);
}

int auth_session_lookup(db_t *db, err_t *e, const char *token, const auth_session_policy_t *p, auth_user_t *u)
{
    if (!token || strlen(token) != 64) return 0;
    char h[65];
    sha256_hex(token, h);
    char now[32], born_after[32];
    time_t t = clock_now();
    iso_at(t, now);
    iso_at(t - (time_t)p->hours * 3600, born_after);
    db_stmt_t *st = db_query(db, e,
                             "SELECT u.id, u.name, u.full_name, u.role, u.lang, s.csrf, s.created_at, s.expires_at "
                             "FROM session s JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = ? "
                             "AND s.expires_at > ? AND s.created_at > ? AND u.active = 1 AND u.deleted_at IS NULL",
                             "ttt", h, now, born_after);
    if (!st) return -1;
    int rc = db_step(st, e);
    time_t created = 0, expires = 0;
    if (rc == 1) {
        read_user(st, u);
        snprintf(u->csrf, sizeof u->csrf, "%s", db_col_text(st, 5));
        u->active = true;
        created = iso_parse(db_col_text(st, 6));
        expires = iso_parse(db_col_text(st, 7));
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    if (rc != 1) return rc;
    /* Sliding idle timeout: push the deadline forward, but write at most once per
     * `slack` seconds of use (a minute, less for very short timeouts). Best effort:
     * a busy database only means the deadline moves on the next request. */
    time_t want = session_deadline(p, created, t), slack = (time_t)p->idle_min * 60 / 4;
    if (slack > 60) slack = 60;
    if (want - expires > slack) {
        char exp[32];
        err_t te;
        err_clear(&te);
        iso_at(want, exp);
        db_run(db, &te, "UPDATE session SET expires_at = ? WHERE token_hash = ? AND expires_at < ?", "ttt", exp, h,
               exp);
    }
    return 1;
}
int auth_session_delete(db_t *db, err_t *e, const char *token)
{
    if (!token || strlen(token) != 64) return 0;
    char h[65];
    sha256_hex(token, h);
    return db_run(db, e, "DELETE FROM session WHERE token_hash = ?", "t", h) < 0 ? -1 : 0;
}

/* "YYYY-MM-DDTHH:MM:SSZ" of clock_now() + secs. */
static void iso_from_now(int64_t secs, char out[32])
{
    time_t t = clock_now() + (time_t)secs;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t auth_token_create(db_t *db, err_t *e, const actor_t *who, const char *user_name, int expires_days,
                          char token[72])
{
    auth_user_t u;
    int rc = auth_user_by_name(db, e, user_name, &u);
    if (rc < 0) return -1;
    if (rc == 0) return err_set(e, 404, "not_found", "pengguna \"%s\" tidak ditemukan", user_name);
    if (!u.active) return err_set(e, 409, "inactive", "pengguna \"%s\" tidak aktif atau sudah dihapus", user_name);
    if (expires_days < 0 || expires_days > 3650)
        return err_set(e, 400, "bad_expiry", "masa berlaku token harus 1 sampai 3650 hari (0: tanpa batas)");
    char r[65], h[65], now[32], exp[32];
    random_hex(r);
    snprintf(token, 72, "bk_%s", r);
    sha256_hex(token, h);
    now_iso(now);
    iso_from_now((int64_t)expires_days * 86400, exp);
    int64_t id = db_one_int(db, e,
                            "INSERT INTO api_token(token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?) "
                            "RETURNING id",
                            "titt", h, u.id, now, expires_days > 0 ? exp : NULL);
    if (id < 0) return -1;
    char after[160];
    snprintf(after, sizeof after, "{\"user\":\"%s\",\"expires_at\":%s%s%s,\"token\":\"(rahasia)\"}", u.name,
             expires_days > 0 ? "\"" : "", expires_days > 0 ? exp : "null", expires_days > 0 ? "\"" : "");
    return audit_append(db, e, who, 0, "create", "api_token", id, NULL, after) < 0 ? -1 : id;
}

int auth_token_lookup(db_t *db, err_t *e, const char *token, auth_user_t *u)
{
    if (!token || strlen(token) != 67 || !str_startswith(token, "bk_")) return 0;
    char h[65], now[32];
    sha256_hex(token, h);
    now_iso(now);
    db_stmt_t *st = db_query(db, e,
                             "SELECT u.id, u.name, u.full_name, u.role, u.lang, t.id, t.last_used_at FROM api_token t "
                             "JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked = 0 "
                             "AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.active = 1 AND u.deleted_at IS NULL",
                             "tt", h, now);
    if (!st) return -1;
    int rc = db_step(st, e);
    int64_t tid = 0;
    char last[32] = "";
    if (rc == 1) {
        read_user(st, u);
        u->active = true;
        tid = db_col_int(st, 5);
        snprintf(last, sizeof last, "%s", db_col_text(st, 6) ? db_col_text(st, 6) : "");
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    if (rc != 1) return rc;
    /* Last use, to the minute: written at most once a minute per token, best effort
     * (a busy database only means the time moves on at the next use). */
    char before[32];
    iso_from_now(-60, before);
    if (strcmp(last, before) < 0) {
        err_t te;
        err_clear(&te);
        db_run(db, &te, "UPDATE api_token SET last_used_at = ? WHERE id = ?", "ti", now, tid);
    }
    return 1;
}

int auth_token_revoke(db_t *db, err_t *e, const actor_t *who, int64_t id)
{
    char now[32];
    now_iso(now);
    int64_t n = db_run(db, e, "UPDATE api_token SET revoked = 1, revoked_at = ? WHERE id = ? AND revoked = 0", "ti",
                       now, id);
    if (n < 0) return -1;
    if (n == 0) {
        int64_t have = db_one_int(db, e, "SELECT count(*) FROM api_token WHERE id = ?", "i", id);
        if (have < 0) return -1;
        return have ? err_set(e, 409, "already_revoked", _("token %lld sudah dicabut"), (long long)id)
                    : err_set(e, 404, "not_found", _("token %lld tidak ditemukan"), (long long)id);
    }
    return audit_append(db, e, who, 0, "revoke", "api_token", id, NULL, "{\"revoked\":1}");
}

int64_t auth_token_owner(db_t *db, err_t *e, int64_t id)
{
    return db_one_int(db, e, "SELECT user_id FROM api_token WHERE id = ?", "i", id);
}

#define C(f, t) RM_COL(auth_token_info_t, t, f)
static const rm_col_t token_cols[] = {C(id, RM_INT),           C(user, RM_TEXT),    C(created_at, RM_TEXT),
                                      C(last_used_at, RM_TEXT), C(expires_at, RM_TEXT), C(revoked, RM_BOOL),
                                      C(revoked_at, RM_TEXT)};
#undef C
static const rm_spec_t token_spec = RM_SPEC(auth_token_info_t, token_cols);

int auth_token_list(db_t *db, err_t *e, arena_t *a, int64_t user_id, auth_token_info_t **out, int *n)
{
    *out = rm_list(db_query(db, e,
                            "SELECT t.id, u.name, t.created_at, t.last_used_at, t.expires_at, t.revoked, t.revoked_at "
                            "FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE (? = 0 OR t.user_id = ?) "
                            "ORDER BY u.name, t.id",
                            "ii", user_id, user_id),
                   e, a, &token_spec, n);
    return *out ? 0 : -1;
}

int auth_throttle_policy(db_t *db, err_t *e, auth_throttle_policy_t *p)
{
    char today[11];
    today_iso(today);
    if (setting_int(db, e, "login.free_failures", 0, today, &p->free) < 0 ||
        setting_int(db, e, "login.delay_first_seconds", 0, today, &p->first_s) < 0 ||
        setting_int(db, e, "login.delay_max_seconds", 0, today, &p->max_s) < 0 ||
        setting_int(db, e, "login.forget_minutes", 0, today, &p->forget_min) < 0)
        return -1;
    return 0;
}

int64_t auth_throttle_delay(const auth_throttle_policy_t *p, int64_t fails)
{
    if (fails <= p->free) return 0;
    int64_t d = p->first_s > 0 ? p->first_s : 1;
    for (int64_t i = p->free + 1; i < fails && d < p->max_s; i++) d *= 2;
    return d < p->max_s ? d : p->max_s;
}

int auth_throttle_get(db_t *db, err_t *e, const auth_throttle_policy_t *p, const char *key, int64_t *fails,
                      int64_t *wait_s)
{
    *fails = 0, *wait_s = 0;
    db_stmt_t *st = db_query(db, e, "SELECT fails, last_at, until_at FROM login_throttle WHERE key = ?", "t", key);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) {
        time_t now = clock_now(), last = iso_parse(db_col_text(st, 1)), until = iso_parse(db_col_text(st, 2));
        if (now - last < (time_t)p->forget_min * 60) { /* else forgotten: a quiet period has passed */
            *fails = db_col_int(st, 0);
            *wait_s = until > now ? (int64_t)(until - now) : 0;
        }
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

int auth_throttle_fail(db_t *db, err_t *e, const auth_throttle_policy_t *p, const char *key)
{
    int64_t fails, wait;
    if (auth_throttle_get(db, e, p, key, &fails, &wait) < 0) return -1;
    fails++;
    char now[32], until[32];
    now_iso(now);
    iso_from_now(auth_throttle_delay(p, fails), until);
    return db_run(db, e,
                  "INSERT INTO login_throttle(key, fails, last_at, until_at) VALUES (?,?,?,?) ON CONFLICT (key) "
                  "DO UPDATE SET fails = excluded.fails, last_at = excluded.last_at, until_at = excluded.until_at",
                  "titt", key, fails, now, until) < 0 ? -1 : 0;
}

int auth_throttle_clear(db_t *db, err_t *e, const char *key)
{
    return db_run(db, e, "DELETE FROM login_throttle WHERE key = ?", "t", key) < 0 ? -1 : 0;
}

int auth_throttle_forget_old(db_t *db, err_t *e, const auth_throttle_policy_t *p)
{
    char old[32];
    iso_from_now(-(p->forget_min * 60 + p->max_s), old);
    return db_run(db, e, "DELETE FROM login_throttle WHERE last_at < ? AND until_at < ?", "tt", old, old) < 0 ? -1 : 0;
}
