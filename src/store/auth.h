/* auth.h — accounts, passwords (argon2id), sessions, API tokens, login throttling. */
#ifndef BEKAL_AUTH_H
#define BEKAL_AUTH_H
#include "audit.h"

typedef struct {
    int64_t id;
    char name[64];
    char full_name[128];
    char role[16];
    char lang[8];
    char csrf[65]; /* set for session logins */
    bool active;   /* may log in (not disabled, not deleted) */
    bool deleted;  /* deleted: the row stays so history keeps the name */
} auth_user_t;

/* Role names, NULL-terminated, in the order of DESIGN.md. */
extern const char *const auth_roles[];
bool auth_role_valid(const char *role);

/* argon2id hash (libsodium crypto_pwhash_str). Caller frees. NULL on failure. */
char *auth_hash_password(const char *pw);
bool auth_check_password(const char *hash, const char *pw);

/* Creates a user on the given sites (comma-separated site codes). Inside a tx. */
int64_t auth_user_add(db_t *db, err_t *e, const actor_t *who, const char *name, const char *role,
                      const char *site_codes, const char *password, const char *full_name);
/* Sets a new password (the policy applies), ends the user's sessions and revokes
 * their API tokens. Inside a tx. */
int auth_user_passwd(db_t *db, err_t *e, const actor_t *who, const char *name, const char *password);
/* what: "disable" (sessions end, tokens revoked), "enable", or "delete" (as disable,
 * and for good: the row and its name stay for the history). Refuses an actor acting
 * on their own account (other than enable). Audited; inside a tx. */
int auth_user_set_state(db_t *db, err_t *e, const actor_t *who, const char *name, const char *what);
/* Changes role (when not NULL) and sites (comma-separated codes, when not NULL).
 * limit_user != 0: only sites that user has can be given or taken (an admin's own
 * sites); the user's other sites stay. Audited; inside a tx. */
int auth_user_set(db_t *db, err_t *e, const actor_t *who, const char *name, const char *role, const char *site_codes,
                  int64_t limit_user);

/* One account for the account pages (arena-owned strings). */
typedef struct {
    int64_t id;
    const char *name, *full_name, *role, *sites, *created_at, *deleted_at;
    bool active;
} auth_account_t;
/* Accounts that share a site with user `viewer` (0: every account), deleted ones
 * included, ordered by name; with only_id != 0 that one only. */
int auth_account_list(db_t *db, err_t *e, arena_t *a, int64_t viewer, int64_t only_id, auth_account_t **out, int *n);

typedef struct {
    const char *code, *name;
} auth_site_t;
/* The sites of user_id, by code (arena-owned). */
int auth_user_sites(db_t *db, err_t *e, arena_t *a, int64_t user_id, auth_site_t **out, int *n);

/* The password policy, pure: at least min_len and at most 200 bytes, not on the
 * common-password list (case ignored), and for role "admin" not containing the user
 * name or any of site_words (NULL-terminated; letters and digits compared, case
 * ignored). 0 when acceptable, else -1 with e set (400 "weak_password"). */
int auth_password_check(const char *pw, int64_t min_len, const char *name, const char *role,
                        const char *const *site_words, err_t *e);
/* True when pw (case ignored) is on the built-in common-password list. */
bool auth_password_common(const char *pw);
/* Returns 1 and fills u when name/password match an active user, 0 when not, -1 on error. */
int auth_login(db_t *db, err_t *e, const char *name, const char *password, auth_user_t *u);
int auth_user_by_name(db_t *db, err_t *e, const char *name, auth_user_t *u);

/* Sessions: token is 64 hex chars given to the browser; the database keeps only its hash.
 * A session ends idle_min minutes after its last use (idle timeout; each lookup moves
 * the deadline on) and at the latest `hours` hours after login (absolute lifetime). */
typedef struct {
    int hours, idle_min;
} auth_session_policy_t;
int auth_session_create(db_t *db, err_t *e, int64_t user_id, const auth_session_policy_t *p, char token[65],
                        char csrf[65]);
/* 1 and u filled when token names a live session of an active user, 0 when not, -1 on error. */
int auth_session_lookup(db_t *db, err_t *e, const char *token, const auth_session_policy_t *p, auth_user_t *u);
int auth_session_delete(db_t *db, err_t *e, const char *token);

/* API tokens: "bk_" + 64 hex; stored as a hash. expires_days 0: no expiry. Returns
 * the token's id (the secret goes to token), or -1. Audited; inside a tx. */
int64_t auth_token_create(db_t *db, err_t *e, const actor_t *who, const char *user_name, int expires_days,
                          char token[72]);
/* 1 and u filled for a live token (not revoked, not expired, of an active user), 0
 * when not, -1 on error. Notes the last use (to the minute). */
int auth_token_lookup(db_t *db, err_t *e, const char *token, auth_user_t *u);
/* Revokes token id (404 unknown, 409 already revoked). Audited; inside a tx. */
int auth_token_revoke(db_t *db, err_t *e, const actor_t *who, int64_t id);
/* The user id owning token id, 0 when none. */
int64_t auth_token_owner(db_t *db, err_t *e, int64_t id);
typedef struct {
    int64_t id;
    const char *user, *created_at, *last_used_at, *expires_at, *revoked_at; /* NULL: never / none */
    bool revoked;
} auth_token_info_t;
/* Tokens of user_id (0: every user), arena-owned. */
int auth_token_list(db_t *db, err_t *e, arena_t *a, int64_t user_id, auth_token_info_t **out, int *n);

/* Login throttling (README "Login throttling"): failures are counted per key
 * ("a:ADDRESS", "n:NAME"); after `free` failures each further one makes the key wait
 * first_s seconds, doubling up to max_s; a key is forgotten forget_min minutes after
 * its last failure. The numbers are dated settings login.*. */
typedef struct {
    int64_t free, first_s, max_s, forget_min;
} auth_throttle_policy_t;
int auth_throttle_policy(db_t *db, err_t *e, auth_throttle_policy_t *p);
/* The wait after the fails-th failure, in seconds (pure). */
int64_t auth_throttle_delay(const auth_throttle_policy_t *p, int64_t fails);
/* The key's recent failures and the seconds still to wait (0: may try now). */
int auth_throttle_get(db_t *db, err_t *e, const auth_throttle_policy_t *p, const char *key, int64_t *fails,
                      int64_t *wait_s);
int auth_throttle_fail(db_t *db, err_t *e, const auth_throttle_policy_t *p, const char *key);
int auth_throttle_clear(db_t *db, err_t *e, const char *key);
/* Removes keys long forgotten. */
int auth_throttle_forget_old(db_t *db, err_t *e, const auth_throttle_policy_t *p);

/* Sets a user's interface language ("id", "en", or "" = follow the browser),
 * audited; inside the caller's transaction. */
int auth_user_set_lang(db_t *db, err_t *e, const actor_t *who, int64_t user_id, const char *lang);

#endif
