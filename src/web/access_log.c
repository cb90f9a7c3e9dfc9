/* access_log.c — the one place the access log of personal data is written (issue
 * 21): dispatch() calls web_access_log() after the handler of a route whose `pd`
 * column is set (routes.c), so no page writes the log itself.
 *
 * Entries are queued in memory and written in batches, each batch one transaction,
 * by a writer thread (web_access_log_start): when AL_BATCH entries are waiting, and
 * at the latest AL_FLUSH_MS after the first one was queued. A request never waits for
 * the database's writer lock: one INSERT per request and its commit cut the list
 * page's rate by two thirds on SQLite (bench/README.md). The log's own page flushes
 * the queue before reading, and `bekal serve` flushes it when it stops. What a crash
 * (SIGKILL, power) can lose is the last AL_FLUSH_MS of entries. A batch that cannot
 * be written stays queued and is tried again; while more than AL_QUEUE_MAX entries
 * wait, reads of personal data are refused (503): nothing is disclosed unlogged for
 * long. */
#include "web.h"
#include "../core/accesslog.h"
#include "../store/access_log_store.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A commit is not only the writer's cost: every pooled connection that reads next
 * finds the database changed and drops its page cache. At the list page's rate a
 * batch of 200 committed ~15 times a second; 1,000 fill in ~0.3 s at that rate, and
 * AL_FLUSH_MS still bounds how long an entry waits (bench/README.md, issue 28). */
#define AL_BATCH 1000
#define AL_FLUSH_MS 1000
#define AL_QUEUE_MAX 50000

bool web_access_log_on = true;

typedef struct al_item {
    struct al_item *next;
    access_entry_t x; /* its strings live in the same allocation, after it */
} al_item_t;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static al_item_t *head, *tail;
static int queued;
static bool running, stopping;
static pthread_t writer;
static db_pool_t *writer_pool;
/* serialises batches: the writer thread, a page's flush and the final flush */
static pthread_mutex_t flush_mu = PTHREAD_MUTEX_INITIALIZER;

/* One allocation: the item, then each string copied after it. */
static al_item_t *item_copy(const access_entry_t *x)
{
    const char *src[] = {x->at, x->user_name, x->role, x->action, x->route, x->path,
                         x->subject, x->filter, x->format, x->client, x->site_code};
    size_t len = sizeof(al_item_t);
    for (size_t i = 0; i < ARRAY_LEN(src); i++) len += src[i] ? strlen(src[i]) + 1 : 0;
    al_item_t *it = xmalloc(len);
    it->next = NULL;
    it->x = *x;
    char *p = (char *)(it + 1);
    const char **dst[] = {&it->x.at, &it->x.user_name, &it->x.role, &it->x.action, &it->x.route, &it->x.path,
                          &it->x.subject, &it->x.filter, &it->x.format, &it->x.client, &it->x.site_code};
    for (size_t i = 0; i < ARRAY_LEN(src); i++) {
        if (!src[i]) {
            *dst[i] = NULL;
            continue;
        }
        size_t n = strlen(src[i]) + 1;
        memcpy(p, src[i], n);
        *dst[i] = p;
        p += n;
    }
    return it;
}

/* Takes the whole queue (caller holds mu). */
static al_item_t *take(int *n)
{
    al_item_t *l = head;
    *n = queued;
    head = tail = NULL;
    queued = 0;
    return l;
}

/* Puts a batch that failed back in front of the queue (caller holds mu). */
static void put_back(al_item_t *l, int n)
{
    if (!l) return;
    al_item_t *last = l;
    while (last->next) last = last->next;
    last->next = head;
    if (!head) tail = last;
    head = l;
    queued += n;
}

/* Writes the queued entries with db in one transaction. 0, or -1 with e set (the
 * entries are queued again). */
static int flush_with(db_t *db, err_t *e)
{
    pthread_mutex_lock(&flush_mu);
    pthread_mutex_lock(&mu);
    int n;
    al_item_t *l = take(&n);
    pthread_mutex_unlock(&mu);
    int rc = 0;
    if (n) {
        access_entry_t *xs = xmalloc(sizeof *xs * (size_t)n);
        int i = 0;
        for (al_item_t *it = l; it; it = it->next) xs[i++] = it->x;
        rc = access_log_add_many(db, e, xs, n);
        free(xs);
        if (rc < 0) {
            pthread_mutex_lock(&mu);
            put_back(l, n);
            pthread_mutex_unlock(&mu);
        } else
            while (l) {
                al_item_t *next = l->next;
                free(l);
                l = next;
            }
    }
    pthread_mutex_unlock(&flush_mu);
    return rc;
}

int web_access_log_flush(db_t *db, err_t *e) { return flush_with(db, e); }

static int flush_from_pool(void)
{
    err_t e;
    err_clear(&e);
    db_t *db = db_pool_get(writer_pool, &e);
    int rc = db ? flush_with(db, &e) : -1;
    if (rc < 0) web_log(3, "event", "access_log", "message", e.msg[0] ? e.msg : "gagal menulis log akses", (char *)NULL);
    db_pool_put(writer_pool, db);
    return rc;
}

/* Waits on cv until ms have passed or stopping (caller holds mu); keep_waiting says
 * whether a signal that came meanwhile is not yet reason enough to stop waiting. */
static void wait_ms(int ms, bool (*keep_waiting)(void))
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += (long)(ms % 1000) * 1000000L;
    t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    while (!stopping && keep_waiting() && pthread_cond_timedwait(&cv, &mu, &t) == 0) {
    }
}
static bool batch_not_full(void) { return queued < AL_BATCH; }
static bool always(void) { return true; }

static void *writer_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mu);
    while (!stopping) {
        if (!queued) {
            pthread_cond_wait(&cv, &mu);
            continue;
        }
        wait_ms(AL_FLUSH_MS, batch_not_full); /* a full batch, or AL_FLUSH_MS after the first entry */
        pthread_mutex_unlock(&mu);
        int rc = flush_from_pool();
        pthread_mutex_lock(&mu);
        if (rc < 0) wait_ms(AL_FLUSH_MS, always); /* the database refused: try again a little later */
    }
    pthread_mutex_unlock(&mu);
    return NULL;
}

void web_access_log_start(db_pool_t *pool)
{
    writer_pool = pool;
    stopping = false;
    running = pthread_create(&writer, NULL, writer_main, NULL) == 0;
}

void web_access_log_stop(void)
{
    if (running) {
        pthread_mutex_lock(&mu);
        stopping = true;
        pthread_cond_signal(&cv);
        pthread_mutex_unlock(&mu);
        pthread_join(writer, NULL);
        running = false;
    }
    if (writer_pool && queued) flush_from_pool();
    pthread_mutex_lock(&mu);
    int n;
    for (al_item_t *l = take(&n); l;) { /* could not be written: said in the server's log above */
        al_item_t *next = l->next;
        free(l);
        l = next;
    }
    pthread_mutex_unlock(&mu);
}

int web_access_log(req_t *r, const resp_t *w)
{
    const route_t *rt = r->route;
    if (!web_access_log_on || !rt || !rt->pd || !r->authed || w->status >= 400) return 0;
    bool list = str_eq(rt->pd, AL_LIST);
    const char *fmt = accesslog_format(r->path, req_query(r, "format"), r->is_api);
    char filter[1000] = "";
    if (list && r->query.n) {
        const char **k = arena_alloc(&r->a, sizeof *k * (size_t)r->query.n);
        const char **v = arena_alloc(&r->a, sizeof *v * (size_t)r->query.n);
        for (int i = 0; i < r->query.n; i++) k[i] = r->query.kv[i].k, v[i] = r->query.kv[i].v;
        accesslog_filter_text(k, v, r->query.n, filter, sizeof filter);
    }
    char at[32];
    now_iso(at);
    access_entry_t x = {
        .at = at,
        .user_id = r->user.id,
        .user_name = r->user.name,
        .role = r->user.role,
        .action = accesslog_action(fmt, list),
        .route = arena_printf(&r->a, "%s %s", rt->method, rt->pattern),
        .path = r->path,
        .subject = rt->pd,
        .subject_id = r->id,
        .filter = filter,
        .format = fmt,
        .client = req_client_ip(r),
        .site_code = list ? req_query(r, "site") : NULL,
        .status = w->status,
    };
    if (!running) { /* no writer thread (not under web_serve): write it now */
        err_t e;
        err_clear(&e);
        if (access_log_add_many(r->db, &e, &x, 1) < 0)
            return web_fail(r, 503, "access_log", _("log akses tidak dapat ditulis, data tidak ditampilkan: %s"), e.msg);
        return 0;
    }
    pthread_mutex_lock(&mu);
    bool full = queued >= AL_QUEUE_MAX;
    if (!full) {
        al_item_t *it = item_copy(&x);
        if (tail) tail->next = it;
        else head = it;
        tail = it;
        if (++queued == 1 || queued >= AL_BATCH) pthread_cond_signal(&cv);
    }
    pthread_mutex_unlock(&mu);
    if (full)
        return web_fail(r, 503, "access_log", "%s", _("log akses tidak dapat ditulis, data tidak ditampilkan; coba lagi nanti"));
    return 0;
}
