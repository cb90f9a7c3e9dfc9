/* memo.c — computed page parts kept between requests (see memo.h): a small table
 * under one mutex, the least recently used entry replaced when it is full. */
#include "memo.h"
#include "../store/sync_store.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MEMO_SLOTS = 64 };
#define MEMO_MAX_BYTES ((size_t)16 << 20) /* all texts together */

typedef struct {
    char *key, *text;
    size_t len;
    int64_t version;
    double born;   /* monotonic seconds */
    uint64_t used; /* tick of the last get or put */
} memo_ent_t;

/* The keys being computed (memo_get_or_claim) and by which thread; a full table
 * only means that a further key is computed without a claim, as before. */
enum { MEMO_FLIGHTS = 16 };
typedef struct {
    char *key;
    pthread_t owner;
} memo_flight_t;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t landed = PTHREAD_COND_INITIALIZER; /* a claim ended */
static memo_flight_t flights[MEMO_FLIGHTS];
static memo_ent_t slots[MEMO_SLOTS];
static size_t bytes;
static uint64_t tick;
static int max_age = 60;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void drop(memo_ent_t *m)
{
    bytes -= m->len;
    free(m->key);
    free(m->text);
    memset(m, 0, sizeof *m);
}

void memo_config(int max_age_s)
{
    pthread_mutex_lock(&mu);
    max_age = max_age_s < 0 ? 0 : max_age_s;
    pthread_mutex_unlock(&mu);
    memo_clear();
}

int memo_max_age(void)
{
    pthread_mutex_lock(&mu);
    int v = max_age;
    pthread_mutex_unlock(&mu);
    return v;
}

int64_t memo_version(db_t *db, err_t *e)
{
    return sync_local_head(db, e); /* the audit chain's head: any change moves it */
}

/* The text for key at version appended to out (mu held). */
static bool get_locked(const char *key, int64_t version, buf_t *out)
{
    bool hit = false;
    if (max_age > 0) {
        double t = now_s();
        for (int i = 0; i < MEMO_SLOTS; i++) {
            memo_ent_t *m = &slots[i];
            if (!m->key || strcmp(m->key, key) != 0) continue;
            if (m->version != version || t - m->born > max_age) {
                drop(m);
                break;
            }
            buf_append(out, m->text, m->len);
            m->used = ++tick;
            hit = true;
            break;
        }
    }
    return hit;
}

bool memo_get(const char *key, int64_t version, buf_t *out)
{
    pthread_mutex_lock(&mu);
    bool hit = get_locked(key, version, out);
    pthread_mutex_unlock(&mu);
    return hit;
}

static memo_flight_t *flight_of(const char *key)
{
    for (int i = 0; i < MEMO_FLIGHTS; i++)
        if (flights[i].key && strcmp(flights[i].key, key) == 0) return &flights[i];
    return NULL;
}

/* Ends this thread's claim on key, if it holds one (mu held). */
static void land_locked(const char *key)
{
    memo_flight_t *f = flight_of(key);
    if (!f || !pthread_equal(f->owner, pthread_self())) return;
    free(f->key);
    f->key = NULL;
    pthread_cond_broadcast(&landed);
}

bool memo_get_or_claim(const char *key, int64_t version, buf_t *out, double wait_s)
{
    pthread_mutex_lock(&mu);
    if (get_locked(key, version, out)) {
        pthread_mutex_unlock(&mu);
        return true;
    }
    if (max_age <= 0) { /* the memo is off: every request computes */
        pthread_mutex_unlock(&mu);
        return false;
    }
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until); /* the condition variable's clock */
    double end = (double)until.tv_sec + (double)until.tv_nsec / 1e9 + wait_s;
    until.tv_sec = (time_t)end;
    until.tv_nsec = (long)((end - (double)until.tv_sec) * 1e9);
    bool waited = false;
    memo_flight_t *f;
    while ((f = flight_of(key)) && !pthread_equal(f->owner, pthread_self())) {
        waited = true;
        if (pthread_cond_timedwait(&landed, &mu, &until) != 0) break; /* too slow: compute too */
    }
    if (waited && get_locked(key, version, out)) {
        pthread_mutex_unlock(&mu);
        return true;
    }
    if (!flight_of(key))
        for (int i = 0; i < MEMO_FLIGHTS; i++)
            if (!flights[i].key) {
                flights[i].key = strdup(key); /* NULL (no memory): no claim, still computes */
                flights[i].owner = pthread_self();
                break;
            }
    pthread_mutex_unlock(&mu);
    return false;
}

void memo_release(const char *key)
{
    pthread_mutex_lock(&mu);
    land_locked(key);
    pthread_mutex_unlock(&mu);
}

void memo_put(const char *key, int64_t version, const char *text, size_t len)
{
    char *k = len > MEMO_MAX_BYTES / 4 ? NULL : strdup(key), *t = k ? malloc(len + 1) : NULL;
    if (!k || !t) {
        free(k);
        free(t);
        memo_release(key);
        return;
    }
    memcpy(t, text, len);
    t[len] = 0;
    pthread_mutex_lock(&mu);
    land_locked(key); /* the waiters look again once the text is in (mu is held until then) */
    if (max_age <= 0) {
        pthread_mutex_unlock(&mu);
        free(k);
        free(t);
        return;
    }
    memo_ent_t *slot = NULL;
    for (int i = 0; i < MEMO_SLOTS && !slot; i++)
        if (slots[i].key && strcmp(slots[i].key, key) == 0) slot = &slots[i];
    if (slot) {
        if (slot->version > version) { /* a newer computation got there first */
            pthread_mutex_unlock(&mu);
            free(k);
            free(t);
            return;
        }
        drop(slot);
    }
    /* room: drop the least recently used until the bytes fit and a slot is free */
    for (;;) {
        memo_ent_t *lru = NULL;
        slot = NULL;
        for (int i = 0; i < MEMO_SLOTS; i++) {
            if (!slots[i].key) {
                if (!slot) slot = &slots[i];
            } else if (!lru || slots[i].used < lru->used) lru = &slots[i];
        }
        if (slot && bytes + len <= MEMO_MAX_BYTES) break;
        drop(lru); /* non-NULL: a full table or too many bytes means some entry is kept */
    }
    *slot = (memo_ent_t){k, t, len, version, now_s(), ++tick};
    bytes += len;
    pthread_mutex_unlock(&mu);
}

void memo_clear(void)
{
    pthread_mutex_lock(&mu);
    for (int i = 0; i < MEMO_SLOTS; i++)
        if (slots[i].key) drop(&slots[i]);
    for (int i = 0; i < MEMO_FLIGHTS; i++) { /* claims of tests run one after another */
        free(flights[i].key);
        flights[i].key = NULL;
    }
    pthread_cond_broadcast(&landed);
    pthread_mutex_unlock(&mu);
}
