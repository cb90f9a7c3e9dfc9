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
int auth_user_passwd(db_t *db, err_t *e, const actor_t *who, const char *name, const char *password);
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

/* API tokens: "bk_" + 64 hex; stored as a hash. */
int auth_token_create(db_t *db, err_t *e, const actor_t *who, const char *user_name, char token[72]);
int auth_token_lookup(db_t *db, err_t *e, const char *token, auth_user_t *u); /* 1 found */

/* Login throttling: failures in the last `window_min` minutes for this name. */
int64_t auth_failures_recent(db_t *db, err_t *e, const char *name, int window_min);
int auth_failure_record(db_t *db, err_t *e, const char *name);
int auth_failures_clear(db_t *db, err_t *e, const char *name);

/* Sets a user's interface language ("id", "en", or "" = follow the browser),
 * audited; inside the caller's transaction. */
int auth_user_set_lang(db_t *db, err_t *e, const actor_t *who, int64_t user_id, const char *lang);

#endif
