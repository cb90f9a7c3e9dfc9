/* memo.h — parts of pages computed once and served again while nothing has
 * changed (the dashboard's sections: counting them reads every inmate in scope).
 *
 * An entry is found by its key (the caller puts in it everything the text depends
 * on besides the data: language, scope, period, today's date) and is served only
 * while the data version it was computed at is still the database's: the audit
 * chain's last id (memo_version), which every change Bekal makes moves in the
 * same transaction. Changes made outside Bekal (SQL typed by an administrator)
 * are not in the audit log: entries are therefore also dropped after max_age
 * seconds. Memory is bounded (entries and bytes; the least recently used go). */
#ifndef BEKAL_MEMO_H
#define BEKAL_MEMO_H
#include "../store/db.h"

/* max_age_s 0 turns the memo off (every request computes). Call before serving. */
void memo_config(int max_age_s);
int memo_max_age(void);

/* The data version: audit_head.last_id. -1 with e set on a database error. Read it
 * before computing, so a change committed meanwhile can only make an entry look
 * older than it is, never newer. */
int64_t memo_version(db_t *db, err_t *e);

/* Appends the text kept for key at version to out and returns true; false when
 * there is none (or it is from another version, or too old). */
bool memo_get(const char *key, int64_t version, buf_t *out);

/* memo_get, and on a miss one computation at a time (single flight): when no
 * other thread is computing key, the caller becomes its computer and gets false;
 * it must then call memo_put (or memo_release when it fails). When another thread
 * is computing key, the caller waits for it (at most wait_s seconds) and gets its
 * text if that is for version; else (an older version, a failed or too slow
 * computation) it computes too. So a view that many requests ask for at once, as
 * after a change or when the server starts, is computed once, not by every
 * worker thread at the same time. */
bool memo_get_or_claim(const char *key, int64_t version, buf_t *out, double wait_s);

/* Keeps a copy of len bytes of text for key, computed at version, and ends the
 * caller's claim on key (memo_get_or_claim), waking the threads waiting for it. */
void memo_put(const char *key, int64_t version, const char *text, size_t len);

/* Ends the caller's claim on key without a text (its computation failed). */
void memo_release(const char *key);

/* Drops every entry (tests, and after restoring a backup). */
void memo_clear(void);

#endif
