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

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
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

bool memo_get(const char *key, int64_t version, buf_t *out)
{
    bool hit = false;
    pthread_mutex_lock(&mu);
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
    pthread_mutex_unlock(&mu);
    return hit;
}

void memo_put(const char *key, int64_t version, const char *text, size_t len)
{
    if (len > MEMO_MAX_BYTES / 4) return;
    char *k = strdup(key), *t = malloc(len + 1);
    if (!k || !t) {
        free(k);
        free(t);
        return;
    }
    memcpy(t, text, len);
    t[len] = 0;
    pthread_mutex_lock(&mu);
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
    pthread_mutex_unlock(&mu);
}
