/* sync.c — `bekal sync --hub URL`: one round of sync between this site (SQLite)
 * and its hub (issue 23), and the client the other commands share: `bekal serve
 * --sync-hub` runs rounds in a background thread, `bekal check --hub` compares
 * the local audit chain with the hub's witness.
 *
 * A round: ask the hub how far it has witnessed this site's chain; push the
 * queued rows and the audit entries after that point in gzip-compressed batches
 * (libcurl), each answered with the hub's new witness, so a round cut anywhere
 * resumes where the hub stands and a batch sent twice changes nothing; then pull
 * the hub's own steps (a Kanwil approval) and apply them here; push once more
 * when a pull brought something. The store side is store/sync_store.c. */
#include "cli.h"
#include "../store/audit.h"
#include "../store/sync_store.h"
#include <curl/curl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define SYNC_ROWS 1000    /* changed rows per batch ($BEKAL_SYNC_BATCH_ROWS: smaller on a poor link) */
#define SYNC_ENTRIES 1000 /* audit entries per batch ($BEKAL_SYNC_BATCH_ENTRIES) */
#define SYNC_TRIES 6      /* attempts per request within a round ($BEKAL_SYNC_TRIES) */
#define SYNC_PAUSE_MS 200 /* the first pause before trying again, doubling ($BEKAL_SYNC_PAUSE_MS) */

static long env_long(const char *k, long def)
{
    const char *v = getenv(k);
    return v && atol(v) > 0 ? atol(v) : def;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

static size_t on_data(char *p, size_t sz, size_t n, void *ctx)
{
    buf_append(ctx, p, sz * n);
    return sz * n;
}

/* One request to the hub. body (gzip, or NULL for a GET). Returns the HTTP status,
 * or 0 on a transport failure (err says why); *out gets the answer (caller frees). */
static long hub_call(const char *hub, const char *path, const char *cred, const buf_t *body, json_t **out, char *err,
                     size_t errlen)
{
    pthread_once(&curl_once, curl_init_once);
    *out = NULL;
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(err, errlen, "libcurl");
        return 0;
    }
    char url[1024], auth[256];
    snprintf(url, sizeof url, "%s%s%s", hub, hub[0] && hub[strlen(hub) - 1] == '/' ? path + 1 : path, "");
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", cred);
    struct curl_slist *hd = curl_slist_append(NULL, auth);
    hd = curl_slist_append(hd, "Accept: application/json");
    if (body) {
        hd = curl_slist_append(hd, "Content-Type: application/json");
        hd = curl_slist_append(hd, "Content-Encoding: gzip");
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->data);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->len);
    }
    buf_t resp;
    buf_init(&resp);
    char cerr[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* compressed answers when the hub's proxy gives them */
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    /* a link that stalls (below 10 bytes/s for 60 s) is given up; the next try resumes */
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 10L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
    const char *to = getenv("BEKAL_SYNC_TIMEOUT");
    curl_easy_setopt(c, CURLOPT_TIMEOUT, to && atol(to) > 0 ? atol(to) : 600L);
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    else snprintf(err, errlen, "%s", cerr[0] ? cerr : curl_easy_strerror(rc));
    curl_slist_free_all(hd);
    curl_easy_cleanup(c);
    if (status) {
        json_error_t je;
        *out = json_loadb(resp.data ? resp.data : "", resp.len, 0, &je);
        if (!*out || !json_is_object(*out)) {
            json_decref(*out);
            *out = NULL;
            snprintf(err, errlen, "HTTP %ld: %s", status, _("jawaban hub tidak utuh"));
            if (status < 300) status = 0; /* a cut answer: tried again */
        } else if (status >= 300) {
            json_t *m = json_object_get(json_object_get(*out, "error"), "message");
            snprintf(err, errlen, "HTTP %ld: %s", status, m ? json_string_value(m) : "?");
        }
    }
    buf_release(&resp);
    return status;
}

/* As hub_call, trying again (with a growing pause) on a transport failure or a 5xx. */
static long hub_call_retry(const char *hub, const char *path, const char *cred, const buf_t *body, json_t **out,
                           char *err, size_t errlen)
{
    long st = 0, tries = env_long("BEKAL_SYNC_TRIES", SYNC_TRIES), pause = env_long("BEKAL_SYNC_PAUSE_MS", SYNC_PAUSE_MS);
    for (long i = 0; i < tries; i++) {
        if (i) usleep((useconds_t)(pause * 1000 << (i < 4 ? i - 1 : 3)));
        st = hub_call(hub, path, cred, body, out, err, errlen);
        if (st && st < 500) break;
        json_decref(*out);
        *out = NULL;
    }
    return st;
}

static void gzip_json(json_t *j, buf_t *out)
{
    char *s = json_dumps(j, JSON_COMPACT);
    size_t n = strlen(s);
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    uLong cap = deflateBound(&z, n) + 32;
    buf_reset(out);
    buf_append(out, "", 0);
    char *dst = xmalloc(cap);
    z.next_in = (Bytef *)s;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)dst;
    z.avail_out = (uInt)cap;
    deflate(&z, Z_FINISH);
    buf_append(out, dst, cap - z.avail_out);
    deflateEnd(&z);
    free(dst);
    free(s);
}

/* Totals of a round, for its report line. */
typedef struct {
    long batches, requests, rows, entries, pulled, bytes, settings, accounts;
    int64_t witnessed;
    char rules_warn[1024]; /* rule files that differ from the hub's ("" when none) */
} round_stat_t;

/* Pushes until nothing is queued, starting from the witness the site kept from
 * its last round (the hub says where it stands when that is not so); the last
 * batch asks for the hub's steps too, applied here. *pulled gets how many came
 * down. 0, or -1 with err. */
static int push_all(db_t *db, sync_state_t *st, const char *hub, const char *cred, round_stat_t *rs, int *pulled,
                    char *err, size_t errlen)
{
    *pulled = 0;
    int64_t after = st->witnessed_id;
    err_t e;
    err_clear(&e);
    sync_batch_t b = {0};
    buf_t gz;
    buf_init(&gz);
    int rc = 0, gaps = 0;
    /* A batch the link did not carry (a transport failure: cut, dropped, timed out)
     * is collected again at half the size before the next try, down to MIN_BATCH, so
     * batches fit between the drops of a poor link; each batch taken doubles the size
     * again, up to the configured one. A failure is tried again after a pause,
     * $BEKAL_SYNC_TRIES times in a row at most. */
    enum { MIN_BATCH = 10 };
    long max_rows = env_long("BEKAL_SYNC_BATCH_ROWS", SYNC_ROWS), max_ents = env_long("BEKAL_SYNC_BATCH_ENTRIES", SYNC_ENTRIES);
    long rows = max_rows, ents = max_ents, fails = 0, tries = env_long("BEKAL_SYNC_TRIES", SYNC_TRIES),
         pause = env_long("BEKAL_SYNC_PAUSE_MS", SYNC_PAUSE_MS);
    for (;;) {
        if (sync_collect(db, &e, st, after, (int)rows, (int)ents, &b) < 0) {
            snprintf(err, errlen, "%s", e.msg);
            rc = -1;
            break;
        }
        if (!b.more) json_object_set_new(b.body, "pull", json_true());
        gzip_json(b.body, &gz);
        json_t *reply = NULL;
        long s = hub_call(hub, "/api/v1/sync/push", cred, &gz, &reply, err, errlen);
        rs->requests++;
        rs->bytes += (long)gz.len;
        if (s == 0 || s >= 500) {
            json_decref(reply);
            if (++fails >= tries) {
                rc = -1;
                break;
            }
            usleep((useconds_t)(pause * 1000 << (fails < 4 ? fails - 1 : 3)));
            if (s == 0) {
                rows = rows / 2 > MIN_BATCH ? rows / 2 : MIN_BATCH;
                ents = ents / 2 > MIN_BATCH ? ents / 2 : MIN_BATCH;
            }
            continue;
        }
        fails = 0;
        if (s == 409 && reply && str_eq(json_string_value(json_object_get(json_object_get(reply, "error"), "code")),
                                        "chain_gap") &&
            ++gaps < 5) { /* the hub stands elsewhere: from there */
            after = json_integer_value(json_object_get(reply, "witnessed_id"));
            json_decref(reply);
            continue;
        }
        if (s != 200 || !reply) {
            json_decref(reply);
            rc = -1;
            break;
        }
        int64_t wid = json_integer_value(json_object_get(reply, "witnessed_id"));
        const char *wh = json_string_value(json_object_get(reply, "witnessed_hash"));
        if (sync_batch_done(db, &e, &b, wid, wh ? wh : "") < 0) {
            json_decref(reply);
            snprintf(err, errlen, "%s", e.msg);
            rc = -1;
            break;
        }
        rs->batches++, rs->rows += b.rows, rs->entries += wid > after ? wid - after : 0;
        rows = rows * 2 < max_rows ? rows * 2 : max_rows;
        ents = ents * 2 < max_ents ? ents * 2 : max_ents;
        rs->witnessed = wid;
        st->witnessed_id = after = wid;
        if (json_object_get(reply, "events") && sync_pull_apply(db, &e, reply, pulled) < 0) {
            json_decref(reply);
            snprintf(err, errlen, "%s", e.msg);
            rc = -1;
            break;
        }
        if (!b.more) { /* the last answer: what the hub hands down */
            int n = 0, na = 0;
            char warn[1024];
            if (sync_handdown_apply(db, &e, reply, &n, &na, warn, sizeof warn) < 0) {
                json_decref(reply);
                snprintf(err, errlen, "%s", e.msg);
                rc = -1;
                break;
            }
            rs->settings += n, rs->accounts += na;
            if (warn[0]) snprintf(rs->rules_warn, sizeof rs->rules_warn, "%s", warn);
        }
        json_decref(reply);
        if (!b.more) break;
    }
    sync_batch_free(&b);
    buf_release(&gz);
    return rc;
}

int sync_round(db_t *db, const char *hub, const char *cred, const char *site, FILE *out, char *err, size_t errlen)
{
    err_t e;
    err_clear(&e);
    sync_state_t st;
    round_stat_t rs = {0};
    if (sync_site_init(db, &e, site, hub, &st) < 0) {
        snprintf(err, errlen, "%s", e.msg);
        return -1;
    }
    /* a pull that brought something is sent back at once (its rows, and the links
     * that make them one row with the hub's) */
    int rc = 0, pulled = 0;
    for (int i = 0; i < 3 && rc == 0; i++) {
        rc = push_all(db, &st, hub, cred, &rs, &pulled, err, errlen);
        rs.pulled += pulled;
        if (!pulled) break;
    }
    sync_note_round(db, rc == 0 ? NULL : err);
    if (rc == 0 && out)
        fprintf(out,
                _("Sinkronisasi %s dengan %s: %ld kiriman (%ld permintaan, %ld KiB), %ld baris, %ld entri audit; %ld langkah "
                  "dari hub; hub menyaksikan sampai entri %lld.\n"),
                st.site_code, hub, rs.batches, rs.requests, (rs.bytes + 1023) / 1024, rs.rows, rs.entries, rs.pulled,
                (long long)rs.witnessed);
    if (rc == 0 && out && rs.settings)
        fprintf(out, _("Pengaturan dari hub: %ld baris baru atau diperbarui.\n"), rs.settings);
    if (rc == 0 && out && rs.accounts)
        fprintf(out, _("Akun regional dari hub: %ld baru atau diperbarui.\n"), rs.accounts);
    if (rc == 0 && rs.rules_warn[0]) /* on stderr too when run by serve (out NULL) */
        fprintf(out ? out : stderr, _("Peringatan: berkas aturan lokasi ini tidak sama dengan hub (perbarui paket bekal "
                                      "agar sama): %s\n"),
                rs.rules_warn);
    return rc;
}

/* The credential: the first line of file, else $BEKAL_SYNC_CREDENTIAL. NULL after a message. Caller frees. */
char *sync_read_credential(const char *file)
{
    if (!file) {
        const char *v = getenv("BEKAL_SYNC_CREDENTIAL");
        if (v && *v) return xstrdup(v);
        fprintf(stderr, "bekal: %s\n", _("kredensial lokasi tidak ada: --credential-file BERKAS atau $BEKAL_SYNC_CREDENTIAL"));
        return NULL;
    }
    FILE *f = fopen(file, "r");
    char line[256] = "";
    if (!f || !fgets(line, sizeof line, f)) {
        if (f) fclose(f);
        fprintf(stderr, "bekal: %s: %s\n", _("kredensial lokasi tidak dapat dibaca"), file);
        return NULL;
    }
    fclose(f);
    line[strcspn(line, "\r\n")] = 0;
    return xstrdup(line);
}

int sync_check_hub(db_t *db, const char *hub, const char *cred)
{
    json_t *cur = NULL;
    char err[512] = "";
    long s = hub_call_retry(hub, "/api/v1/sync/cursor", cred, NULL, &cur, err, sizeof err);
    if (s != 200 || !cur) {
        json_decref(cur);
        printf(_("SALAH: saksi hub tidak dapat dibaca: %s\n"), err);
        return 1;
    }
    int64_t wid = json_integer_value(json_object_get(cur, "witnessed_id"));
    const char *wh = json_string_value(json_object_get(cur, "witnessed_hash"));
    int bad = 0;
    if (str_eq(json_string_value(json_object_get(cur, "status")), "refused")) {
        printf(_("SALAH: hub menolak lokasi ini: %s\n"), json_string_value(json_object_get(cur, "refused_reason")));
        bad = 1;
    }
    err_t e;
    err_clear(&e);
    char h[65];
    int f = sync_local_hash(db, &e, wid, h);
    int64_t head = sync_local_head(db, &e);
    if (f != 1 || !wh || !str_eq(h, wh)) {
        printf(_("SALAH: rantai lokal tidak lagi memuat entri %lld yang disaksikan hub (riwayat ditulis ulang atau "
                 "dipotong)\n"),
               (long long)wid);
        bad = 1;
    } else
        printf(_("OK: rantai lokal memuat entri %lld yang disaksikan hub; %lld entri belum diterima hub\n"),
               (long long)wid, (long long)(head > wid ? head - wid : 0));
    json_decref(cur);
    return bad;
}

/* ---- `bekal serve --sync-hub URL --sync-every MINUTES` ---- */
typedef struct {
    char *db_url, *hub, *cred;
    int minutes;
} sync_loop_t;

static void *sync_loop(void *vc)
{
    sync_loop_t *c = vc;
    for (;;) {
        err_t e;
        err_clear(&e);
        db_t *db = NULL;
        if (db_open(c->db_url, &db, &e) == 0) {
            char err[512] = "";
            if (sync_round(db, c->hub, c->cred, NULL, NULL, err, sizeof err) < 0)
                fprintf(stderr, "bekal serve: sync: %s\n", err);
            db_close(db);
        } else
            fprintf(stderr, "bekal serve: sync: %s\n", e.msg);
        const char *sec = getenv("BEKAL_SYNC_SECONDS"); /* tests: seconds instead of minutes */
        sleep(sec && atoi(sec) > 0 ? (unsigned)atoi(sec) : (unsigned)c->minutes * 60u);
    }
    return NULL;
}

int sync_start_background(const char *db_url, const char *hub, const char *cred_file, int minutes)
{
    char *cred = sync_read_credential(cred_file);
    if (!cred) return -1;
    sync_loop_t *c = xcalloc(1, sizeof *c);
    *c = (sync_loop_t){xstrdup(db_url), xstrdup(hub), cred, minutes};
    pthread_t t;
    if (pthread_create(&t, NULL, sync_loop, c) != 0) return -1;
    pthread_detach(t);
    return 0;
}

static void sync_help(void)
{
    printf("Pemakaian: bekal sync --hub URL [--credential-file BERKAS] [--site KODE] [--db URL]\n\n"
           "Satu putaran sinkronisasi lokasi ini (SQLite) dengan hub Kanwil (`bekal serve` di PostgreSQL):\n"
           "mengirim baris yang berubah dan log audit sesudah titik yang sudah disaksikan hub, lalu\n"
           "mengambil langkah hub (persetujuan Kanwil atas usulan). Aman diputus dan diulang.\n"
           "  --hub              alamat hub, mis. https://bekal.kanwil.example\n"
           "  --credential-file  berkas berisi kredensial lokasi (`bekal site credential issue KODE`\n"
           "                     di hub); bawaan: $BEKAL_SYNC_CREDENTIAL\n"
           "  --site             kode lokasi bila basis data memuat lebih dari satu\n");
}

int cmd_sync(int argc, char **argv)
{
    const char *url = cli_default_db(), *hub = NULL, *cfile = NULL, *site = NULL, *none[1];
    const cli_opt_t opts[] = {CLI_VAL("hub", &hub), CLI_VAL("credential-file", &cfile), CLI_VAL("site", &site), {0}};
    int prc = cli_parse("sync", argc, argv, opts, &url, sync_help, none, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (!hub) return cli_usage_error("sync", "--hub wajib diisi");
    char *cred = sync_read_credential(cfile);
    if (!cred) return 1;
    db_t *db = cli_open_db(url);
    if (!db) {
        free(cred);
        return 1;
    }
    char err[512] = "";
    int rc = sync_round(db, hub, cred, site, stdout, err, sizeof err);
    if (rc < 0) fprintf(stderr, "bekal sync: %s\n", err);
    db_close(db);
    free(cred);
    return rc < 0 ? 1 : 0;
}
