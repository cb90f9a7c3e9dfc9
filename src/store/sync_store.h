/* sync_store.h — sync between a site (one prison's SQLite) and its hub (`bekal
 * serve` on PostgreSQL at the Kanwil), issue 23; README "Deploying".
 *
 * Global identity: a row is (site code, the site's own id); the hub keeps the
 * pairs in migration_map, as `bekal migrate` does (the first sync is a migrate).
 * The site's changes: triggers on every synced table queue (table, key) in
 * sync_change; a push sends the latest state of those rows and the audit entries
 * after the hub's witness, in batches the hub applies in one transaction each
 * (the migrate engine: new rows copied, known rows updated, deleted rows
 * deleted). The hub witnesses the site's audit chain: a batch is taken only when
 * it continues the last (id, hash) the hub accepted; otherwise the site is
 * refused ("rewritten") until the Kanwil looks into it. A pull brings the hub's
 * own steps (a Kanwil approval of an usulan) down; the site applies them with
 * its own audit entries. The HTTP client is cli/sync.c; the hub's routes are
 * web/pages/sync.c. */
#ifndef BEKAL_SYNC_STORE_H
#define BEKAL_SYNC_STORE_H
#include "audit.h"
#include "db.h"
#include <jansson.h>

#define SYNC_ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* ---- at the site ---- */
typedef struct {
    char site_code[64];
    int64_t site_id;
    int64_t witnessed_id; /* the hub's witness after the last round */
} sync_state_t;
/* Makes (or reads) the sync state: the site is `code`, or the database's only
 * site; puts the change triggers on every synced table (a table newly watched has
 * all its rows queued, so the first round sends everything). SQLite only. */
int sync_site_init(db_t *db, err_t *e, const char *code, const char *hub_url, sync_state_t *st);

/* One push batch and what to forget once the hub took it. */
typedef struct {
    json_t *body; /* the request */
    json_t *ack;  /* [[table, key, seq], ...] of the queued changes it carries */
    int64_t last_entry; /* the last audit entry it carries (after_id when none) */
    int rows, entries;
    bool more; /* more to send after it */
} sync_batch_t;
/* Collects the next batch after audit entry after_id: up to max_rows changed rows
 * (then, when every queued change fits, up to max_entries audit entries), the
 * site, its users, its certificate counters, links of pulled rows. */
int sync_collect(db_t *db, err_t *e, const sync_state_t *st, int64_t after_id, int max_rows, int max_entries,
                 sync_batch_t *out);
void sync_batch_free(sync_batch_t *b);
/* The hub took batch b and now witnesses (id, hash): forgets b's queued changes
 * (unless changed again since), marks its links sent, keeps the witness. */
int sync_batch_done(db_t *db, err_t *e, const sync_batch_t *b, int64_t witnessed_id, const char *witnessed_hash);
/* Records how a round ended: ok (last_ok_at) or the error message. */
void sync_note_round(db_t *db, const char *error);
/* Applies the hub's answer to a pull ({"events": [...]}): each new Kanwil step of
 * an usulan is made here with its own audit entry; *applied gets how many. */
int sync_pull_apply(db_t *db, err_t *e, json_t *reply, int *applied);
/* Applies what the hub hands down with its last answer ({"handdown": {"digest",
 * "rules", and when they changed "settings", "premi_policy"}}): the hub's settings
 * and premi policy for every site are made or updated here (the hub's value wins),
 * each with its own audit entry, and the digest kept; so are the regional accounts
 * handed down, and a regional account here that is no longer handed down is
 * withdrawn (disabled, no sites, sessions ended); *applied gets how many rows
 * changed. The hub's rule files are compared with this program's: each that is
 * missing here, differs or is missing at the hub is named in warn ("" when none). */
int sync_handdown_apply(db_t *db, err_t *e, json_t *reply, int *applied, int *accounts, char *warn, size_t warnlen);
/* The id of this database's last audit entry, or -1. */
int64_t sync_local_head(db_t *db, err_t *e);
/* The hash of this database's audit entry id ("" and 0 when there is none); 1 found. */
int sync_local_hash(db_t *db, err_t *e, int64_t id, char out[65]);

/* ---- at the hub ---- */
/* Issues a new credential for site code (replacing any earlier one): *token gets
 * the secret (caller frees; shown once, stored hashed). */
int sync_credential_issue(db_t *db, err_t *e, const char *code, char **token);
int sync_credential_revoke(db_t *db, err_t *e, const char *code);
/* The site a credential belongs to: 1 with code filled, 0 when unknown or revoked. */
int sync_hub_auth(db_t *db, err_t *e, const char *token, char code[64]);
/* {"site", "witnessed_id", "witnessed_hash", "status", "refused_reason"}. */
json_t *sync_hub_cursor(db_t *db, err_t *e, const char *code);
/* Takes one push batch of site code: *reply gets {"witnessed_id", "witnessed_hash",
 * "applied"}, and "events" as sync_hub_pull gives them when the batch asks ("pull": true). -1 with e: 409 "chain_refused" (the site is now refused), 409
 * "chain_gap" (send from the witness), 4xx for a malformed batch. */
int sync_hub_push(db_t *db, err_t *e, const char *code, json_t *batch, json_t **reply);
/* The hub's steps concerning site code not yet linked at the site: {"events": [...]}. */
json_t *sync_hub_pull(db_t *db, err_t *e, const char *code);
/* What the hub hands down: {"digest", "rules": [[name, sha256], ...]} and, when
 * site_digest (the site's last applied digest, may be NULL) differs, "settings":
 * [[name, effective_from, value, note], ...] and "premi_policy": [[effective_from,
 * saved_bp, basis_note], ...] (the rows for every site) and "users": the regional
 * (kanwil) accounts with a grant for site code (the site withdraws any other it
 * has: sync_handdown_apply). NULL with e on error. */
json_t *sync_hub_handdown(db_t *db, err_t *e, const char *code, const char *site_digest);
/* Re-admits a site the hub refused (`bekal site readmit CODE --reason ...`): the
 * Kanwil has looked into it and takes its chain as it now is. The witness starts
 * again from nothing (the hub's own copies of the entries it took stay in its
 * chain), the site is 'ok' again, and the act is audited with the old witness and
 * the reason. 400 without a reason, 404 unknown, 409 "not_refused". */
int sync_site_readmit(db_t *db, err_t *e, const actor_t *who, const char *code, const char *reason);
/* One row per site syncing to this hub that user uid may see (admin: all), for the hub's page. */
typedef struct {
    const char *code, *name, *last_ok_at, *last_try_at, *status, *refused_at, *refused_reason, *readmitted_at,
        *readmit_reason;
    int64_t witnessed_id, head_id, rows_applied;
    bool has_credential;
    const char *region; /* sync_national_sites only */
    const char *subscription, *hub_id; /* sync_national_sites: the hub's registration (national_hub), or NULL */
} sync_site_row_t;
int sync_hub_sites(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *role, sync_site_row_t **out, int *n);
/* The national view (issue 23): every site of every region in this database's
 * sync_site, by region and code. At the national database sync_site is fed by
 * logical replication from each regional hub (publication bekal_national, docs/admin.md
 * "The three tiers"); at a hub it lists the hub's own sites. The region and name are
 * those the site last sent. */
int sync_national_sites(db_t *db, err_t *e, arena_t *a, sync_site_row_t **out, int *n);
/* The national database's subscriptions to the regional hubs (PostgreSQL's
 * pg_stat_subscription, its apply workers): name, whether the worker runs, when the
 * last message from the hub was received, and the replication lag: seconds from the
 * hub's sending of the newest message received to now (-1 when none yet; the
 * servers' clocks, not the program's). None on SQLite or without subscriptions. */
typedef struct {
    const char *name, *received_at, *sent_at;
    bool running;
    int64_t lag_seconds;
    const char *region, *hub_id; /* the subscription's registration (national_hub), or NULL */
} sync_repl_row_t;
int sync_national_replication(db_t *db, err_t *e, arena_t *a, sync_repl_row_t **out, int *n);

/* This hub's identity (32 hex digits), made once and kept in hub_self; each
 * sync_site row it writes carries it, so a national database tells its hubs' rows
 * apart by it (migration 034). 0 or -1. */
int sync_hub_id(db_t *db, err_t *e, char out[65]);
/* At the national database: subscription brings the rows of the hub hub_id, which
 * serves region (`bekal site region`): replaces an earlier registration of either,
 * audited. 400 for a bad name, id or empty region. */
int sync_national_link(db_t *db, err_t *e, const actor_t *who, const char *subscription, const char *hub_id,
                       const char *region);

/* ---- ownership ---- */
/* A step of the usulan chain of site site_id, held by roles: refused (409
 * "not_owner") at a site that syncs when the step is the Kanwil's, and at the hub
 * when it is the site's. 0 when this side holds it. */
int sync_step_owner(db_t *db, err_t *e, int64_t site_id, const char (*roles)[16], int n_roles);
/* A new setting (or premi policy) for site_id (0: every site): refused (409
 * "not_owner") at a site that syncs when it is for every site (the hub hands those
 * down), and at the hub when it is for a site that syncs to it (the site's own). */
int sync_setting_owner(db_t *db, err_t *e, int64_t site_id);
/* A change to an account whose role is or becomes role_now / role_new (either may
 * be NULL): refused (409 "not_owner") at a site that syncs when it is a regional
 * (kanwil) account: the hub owns those and hands them down (sync_handdown_apply:
 * *accounts gets how many were made or changed here). */
int sync_user_owner(db_t *db, err_t *e, const char *role_now, const char *role_new);
/* A change audited for site site_id (action, entity, by who): refused (409
 * "not_owner") at a hub when the site syncs to it, unless the row is the hub's (its
 * accounts, settings, Kanwil steps of an usulan, sync acts) or the writer is the
 * sync apply or `bekal migrate`. Called by audit_append_many for every change, so
 * the web, the API and the CLI are refused alike. 0 when this side may make it. */
int sync_row_owner(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *action, const char *entity);

#endif
