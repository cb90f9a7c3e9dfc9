/* auth.c — accounts, sessions and tokens. Secrets are never stored: passwords as
 * argon2id hashes, session and API tokens as SHA-256. */
#include "auth.h"
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

static int check_password_policy(const char *pw, err_t *e)
{
    if (!pw || strlen(pw) < 8) return err_set(e, 400, "weak_password", "kata sandi minimal 8 karakter");
    if (strlen(pw) > 200) return err_set(e, 400, "weak_password", "kata sandi terlalu panjang");
    return 0;
}

int64_t auth_user_add(db_t *db, err_t *e, const actor_t *who, const char *name, const char *role,
                      const char *site_codes, const char *password, const char *full_name)
{
    if (!name || !*name || strlen(name) > 60 || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") != strlen(name))
        return err_set(e, 400, "bad_name", "nama pengguna harus 1-60 huruf kecil, angka, titik, garis bawah atau strip");
    if (!auth_role_valid(role))
        return err_set(e, 400, "bad_role", "peran \"%s\" tidak dikenal (admin, staf, wali, instruktur, kalapas, kanwil, bapas)",
                       role ? role : "");
    if (check_password_policy(password, e) < 0) return -1;
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

int auth_user_passwd(db_t *db, err_t *e, const actor_t *who, const char *name, const char *password)
{
    if (check_password_policy(password, e) < 0) return -1;
    char *hash = auth_hash_password(password);
    if (!hash) return err_set(e, 500, "hash", "gagal membuat hash kata sandi");
    int64_t n = db_run(db, e, "UPDATE app_user SET password_hash = ? WHERE name = ?", "tt", hash, name);
    free(hash);
    if (n < 0) return -1;
    if (n == 0) return err_set(e, 404, "not_found", "pengguna \"%s\" tidak ditemukan", name);
    int64_t id = db_one_int(db, e, "SELECT id FROM app_user WHERE name = ?", "t", name);
    /* Changing a password ends that user's sessions. */
    if (db_run(db, e, "DELETE FROM session WHERE user_id = ?", "i", id) < 0) return -1;
    return audit_append(db, e, who, 0, "passwd", "user", id, NULL, "{\"password\":\"(diubah)\"}");
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

/* Loads an account by name; with hash != NULL only an active one, with its password hash. */
static int load_user(db_t *db, err_t *e, const char *key, auth_user_t *u, char **hash)
{
    db_stmt_t *st = hash ? db_query(db, e,
                                    "SELECT id, name, full_name, role, lang, password_hash FROM app_user "
                                    "WHERE name = ? AND active = 1",
                                    "t", key)
                         : db_query(db, e, "SELECT id, name, full_name, role, lang FROM app_user WHERE name = ?", "t",
                                    key);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) {
        memset(u, 0, sizeof *u);
        u->id = db_col_int(st, 0);
        snprintf(u->name, sizeof u->name, "%s", db_col_text(st, 1));
        snprintf(u->full_name, sizeof u->full_name, "%s", db_col_text(st, 2));
        snprintf(u->role, sizeof u->role, "%s", db_col_text(st, 3));
        snprintf(u->lang, sizeof u->lang, "%s", db_col_text(st, 4) ? db_col_text(st, 4) : "");
        if (hash) *hash = xstrdup(db_col_text(st, 5));
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
                             "AND s.expires_at > ? AND s.created_at > ? AND u.active = 1",
                             "ttt", h, now, born_after);
    if (!st) return -1;
    int rc = db_step(st, e);
    time_t created = 0, expires = 0;
    if (rc == 1) {
        memset(u, 0, sizeof *u);
        u->id = db_col_int(st, 0);
        snprintf(u->name, sizeof u->name, "%s", db_col_text(st, 1));
        snprintf(u->full_name, sizeof u->full_name, "%s", db_col_text(st, 2));
        snprintf(u->role, sizeof u->role, "%s", db_col_text(st, 3));
        snprintf(u->lang, sizeof u->lang, "%s", db_col_text(st, 4));
        snprintf(u->csrf, sizeof u->csrf, "%s", db_col_text(st, 5));
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

int auth_token_create(db_t *db, err_t *e, const actor_t *who, const char *user_name, char token[72])
{
    auth_user_t u;
    int rc = auth_user_by_name(db, e, user_name, &u);
    if (rc < 0) return -1;
    if (rc == 0) return err_set(e, 404, "not_found", "pengguna \"%s\" tidak ditemukan", user_name);
    char r[65], h[65], now[32];
    random_hex(r);
    snprintf(token, 72, "bk_%s", r);
    sha256_hex(token, h);
    now_iso(now);
    int64_t id = db_one_int(db, e, "INSERT INTO api_token(token_hash, user_id, created_at) VALUES (?,?,?) RETURNING id",
                            "tit", h, u.id, now);
    if (id < 0) return -1;
    return audit_append(db, e, who, 0, "create", "api_token", id, NULL, "{\"token\":\"(rahasia)\"}");
}
int auth_token_lookup(db_t *db, err_t *e, const char *token, auth_user_t *u)
{
    if (!token || strlen(token) != 67 || !str_startswith(token, "bk_")) return 0;
    char h[65];
    sha256_hex(token, h);
    db_stmt_t *st = db_query(db, e,
                             "SELECT u.id, u.name, u.full_name, u.role, u.lang FROM api_token t JOIN app_user u ON "
                             "u.id = t.user_id WHERE t.token_hash = ? AND t.revoked = 0 AND u.active = 1",
                             "t", h);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) {
        memset(u, 0, sizeof *u);
        u->id = db_col_int(st, 0);
        snprintf(u->name, sizeof u->name, "%s", db_col_text(st, 1));
        snprintf(u->full_name, sizeof u->full_name, "%s", db_col_text(st, 2));
        snprintf(u->role, sizeof u->role, "%s", db_col_text(st, 3));
        snprintf(u->lang, sizeof u->lang, "%s", db_col_text(st, 4));
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    return rc;
}

static void minutes_ago(int min, char out[32])
{
    time_t t = clock_now() - (time_t)min * 60;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
int64_t auth_failures_recent(db_t *db, err_t *e, const char *name, int window_min)
{
    char since[32];
    minutes_ago(window_min, since);
    return db_one_int(db, e, "SELECT count(*) FROM login_failure WHERE name = ? AND at > ?", "tt", name, since);
}
int auth_failure_record(db_t *db, err_t *e, const char *name)
{
    char now[32], old[32];
    now_iso(now);
    minutes_ago(24 * 60, old);
    if (db_run(db, e, "DELETE FROM login_failure WHERE at < ?", "t", old) < 0) return -1;
    return db_run(db, e, "INSERT INTO login_failure(name, at) VALUES (?, ?)", "tt", name, now) < 0 ? -1 : 0;
}
int auth_failures_clear(db_t *db, err_t *e, const char *name)
{
    return db_run(db, e, "DELETE FROM login_failure WHERE name = ?", "t", name) < 0 ? -1 : 0;
}
