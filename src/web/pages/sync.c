/* sync.c — the hub's side of sync (issue 23): the routes a site calls with its
 * credential (cursor, push, pull) and the page where the Kanwil sees every site
 * that syncs: last successful sync, entries not yet received, chain status.
 * The protocol and its store are src/store/sync_store.c; the client cli/sync.c. */
#include "../web.h"
#include "../pages.h"
#include "../../store/sync_store.h"
#include <string.h>
#include <time.h>
#include <zlib.h>

#define SYNC_BODY_MAX (256u << 20) /* a batch's JSON, inflated */

/* The site whose credential came with the request; 0, or -1 with r->err set (401). */
static int site_of(req_t *r, char code[64])
{
    const char *auth = req_header(r, "Authorization");
    err_t e;
    err_clear(&e);
    int rc = auth && strncasecmp(auth, "Bearer ", 7) == 0 ? sync_hub_auth(r->db, &e, auth + 7, code) : 0;
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (rc == 0) return web_fail(r, 401, "unauthorized", _("kredensial lokasi tidak sah atau sudah dicabut"));
    return 0;
}

/* The request body as JSON, inflated when sent with Content-Encoding: gzip. */
static json_t *body_json(req_t *r)
{
    const char *enc = req_header(r, "Content-Encoding");
    if (!enc || strcasecmp(enc, "gzip") != 0) return req_json(r);
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return NULL;
    buf_t out;
    buf_init(&out);
    z.next_in = (Bytef *)(r->body.data ? r->body.data : "");
    z.avail_in = (uInt)r->body.len;
    int zrc = Z_OK;
    char chunk[65536];
    while (zrc == Z_OK && out.len < SYNC_BODY_MAX) {
        z.next_out = (Bytef *)chunk;
        z.avail_out = sizeof chunk;
        zrc = inflate(&z, Z_NO_FLUSH);
        if (zrc == Z_OK || zrc == Z_STREAM_END) buf_append(&out, chunk, sizeof chunk - z.avail_out);
        if (zrc == Z_OK && z.avail_in == 0 && z.avail_out != 0) zrc = Z_DATA_ERROR; /* cut short */
    }
    inflateEnd(&z);
    json_t *j = NULL;
    if (zrc == Z_STREAM_END) {
        json_error_t je;
        j = json_loadb(out.data ? out.data : "", out.len, 0, &je);
    }
    buf_release(&out);
    if (!j || !json_is_object(j)) {
        json_decref(j);
        web_fail(r, 400, "malformed_json", _("isi permintaan bukan JSON gzip yang utuh"));
        return NULL;
    }
    return j;
}

static int store_fail(req_t *r, const err_t *e) { return web_fail(r, e->status, e->code, "%s", e->msg); }

/* A hub's read for the asking site (fn: its cursor, the steps to pull), as the answer. */
static int site_read(req_t *r, resp_t *w, json_t *(*fn)(db_t *db, err_t *e, const char *code))
{
    char code[64];
    if (site_of(r, code) < 0) return -1;
    err_t e;
    err_clear(&e);
    json_t *j = fn(r->db, &e, code);
    if (!j) return store_fail(r, &e);
    return resp_json(w, 200, j);
}

/* GET /api/v1/sync/cursor: how far the hub has witnessed the site's chain. */
int api_sync_cursor(req_t *r, resp_t *w) { return site_read(r, w, sync_hub_cursor); }

/* POST /api/v1/sync/push: one batch (gzip JSON). 409 with the witness when refused or out of step. */
int api_sync_push(req_t *r, resp_t *w)
{
    char code[64];
    if (site_of(r, code) < 0) return -1;
    json_t *batch = body_json(r);
    if (!batch) return -1;
    err_t e;
    err_clear(&e);
    json_t *reply = NULL;
    int rc = sync_hub_push(r->db, &e, code, batch, &reply);
    json_decref(batch);
    if (rc < 0) {
        if (reply && str_eq(e.code, "chain_gap")) { /* the site starts again from the witness */
            json_object_set_new(reply, "error", json_pack("{s:s, s:s}", "code", e.code, "message", e.msg));
            return resp_json(w, 409, reply);
        }
        json_decref(reply);
        if (str_eq(e.code, "chain_refused"))
            web_log(4, "event", "sync_refused", "site", code, "reason", e.msg, NULL);
        return store_fail(r, &e);
    }
    return resp_json(w, 200, reply);
}

/* GET /api/v1/sync/pull: the hub's steps concerning the site that it has not taken yet. */
int api_sync_pull(req_t *r, resp_t *w) { return site_read(r, w, sync_hub_pull); }

/* GET /sync: every site syncing to this hub that the user may see. */
int page_sync(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    sync_site_row_t *rows;
    int n;
    if (sync_hub_sites(r->db, &e, &r->a, r->user.id, r->user.role, &rows, &n) < 0) return store_fail(r, &e);
    page_begin(r, w, _("Sinkronisasi lokasi"));
    buf_t *b = &w->body;
    h(b, "<p>%s</p>", _("Lokasi (Lapas, Rutan, LPKA) yang mengirim datanya ke hub ini. Rantai log audit tiap lokasi "
                        "disaksikan hub: riwayat yang ditulis ulang ditolak dan ditandai di sini."));
    if (n == 0) {
        h(b, "<p>%s</p>", _("Belum ada lokasi yang bersinkronisasi."));
        return page_end(r, w);
    }
    h(b, "<table>");
    h_thead(b, _("Lokasi"), _("Sinkron terakhir"), _("Entri disaksikan"), _("Entri belum diterima"), _("Status rantai"),
            _("Kredensial"), NULL);
    for (int i = 0; i < n; i++) {
        const sync_site_row_t *s = &rows[i];
        int64_t lag = s->head_id > s->witnessed_id ? s->head_id - s->witnessed_id : 0;
        bool refused = str_eq(s->status, "refused");
        h(b, "<tr%R><td>%s %s</td><td>%s</td><td>%D</td><td>%D</td>", refused ? " class=\"alert\"" : "", s->code,
          s->name ? s->name : "", s->last_ok_at ? fmt_time(r, 0, s->last_ok_at) : _("belum pernah"), s->witnessed_id, lag);
        if (refused)
            h(b, "<td><strong>%s</strong> %s: %s<br><small>%s <code>bekal site readmit %s --reason …</code></small></td>",
              _("ditolak: riwayat ditulis ulang"), s->refused_at ? fmt_time(r, 0, s->refused_at) : "",
              s->refused_reason ? s->refused_reason : "", _("Diterima kembali setelah diperiksa Kanwil, di hub:"), s->code);
        else if (s->readmitted_at)
            h(b, "<td>%s (%s %s: %s)</td>", _("utuh"), _("diterima kembali"), fmt_time(r, 0, s->readmitted_at),
              s->readmit_reason ? s->readmit_reason : "");
        else
            h(b, "<td>%s</td>", _("utuh"));
        h(b, "<td>%s</td></tr>", s->has_credential ? _("aktif") : _("dicabut"));
    }
    h(b, "</tbody></table>");
    return page_end(r, w);
}

/* ---- the national view (issue 23) --------------------------------------------- */

/* Minutes since an ISO time "YYYY-MM-DDTHH:MM:SSZ" (the program's clock); -1 when
 * never or unreadable. */
static int64_t minutes_since(const char *iso)
{
    struct tm tm = {0};
    if (!iso || sscanf(iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                       &tm.tm_sec) != 6)
        return -1;
    tm.tm_year -= 1900, tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    time_t now = clock_now();
    return now > t ? (int64_t)(now - t) / 60 : 0;
}

/* "3 hari 2 jam", "5 jam 10 menit", "12 menit" */
static const char *lag_text(arena_t *a, int64_t min)
{
    if (min < 0) return _("belum pernah");
    if (min >= 1440) return arena_printf(a, _("%lld hari %lld jam"), (long long)(min / 1440), (long long)(min % 1440 / 60));
    if (min >= 60) return arena_printf(a, _("%lld jam %lld menit"), (long long)(min / 60), (long long)(min % 60));
    return arena_printf(a, _("%lld menit"), (long long)min);
}

/* GET /api/v1/national/sites: every region's sites with their last sync and lag. */
int api_national_sites(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    sync_site_row_t *rows;
    int n;
    if (sync_national_sites(r->db, &e, &r->a, &rows, &n) < 0) return store_fail(r, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        const sync_site_row_t *s = &rows[i];
        int64_t lag = minutes_since(s->last_ok_at);
        json_t *it;
        json_array_append_new(
            items, it = json_pack("{s:s?, s:s, s:s?, s:s?, s:s?, s:s, s:I, s:I, s:I, s:o}", "region", s->region, "site_code",
                             s->code, "site_name", s->name, "last_ok_at", s->last_ok_at, "last_try_at", s->last_try_at,
                             "status", s->status, "witnessed_id", (json_int_t)s->witnessed_id, "entries_behind",
                             (json_int_t)(s->head_id > s->witnessed_id ? s->head_id - s->witnessed_id : 0),
                             "rows_applied", (json_int_t)s->rows_applied, "lag_minutes",
                             lag < 0 ? json_null() : json_integer(lag)));
        json_object_set_new(it, "hub_id", s->hub_id ? json_string(s->hub_id) : json_null());
        json_object_set_new(it, "subscription", s->subscription ? json_string(s->subscription) : json_null());
    }
    /* per region: the newest sync its hub recorded (how fresh the region's data here is) */
    json_t *regions = json_array();
    for (int i = 0; i < n;) {
        int j = i;
        const char *newest = NULL;
        for (; j < n && str_eq(rows[j].region ? rows[j].region : "", rows[i].region ? rows[i].region : ""); j++)
            if (rows[j].last_try_at && (!newest || strcmp(rows[j].last_try_at, newest) > 0)) newest = rows[j].last_try_at;
        int64_t m = minutes_since(newest);
        json_array_append_new(regions, json_pack("{s:s?, s:i, s:s?, s:o, s:s?}", "region", rows[i].region, "sites",
                                                 j - i, "newest_sync_at", newest, "newest_sync_minutes",
                                                 m < 0 ? json_null() : json_integer(m), "subscription",
                                                 rows[i].subscription));
        i = j;
    }
    /* the replication from each regional hub (the national database's subscriptions) */
    sync_repl_row_t *rep;
    int nrep;
    if (sync_national_replication(r->db, &e, &r->a, &rep, &nrep) < 0) {
        json_decref(items), json_decref(regions);
        return store_fail(r, &e);
    }
    /* each region's replication, by its subscription (the hub it was registered with) */
    size_t ri;
    json_t *rg;
    json_array_foreach(regions, ri, rg)
    {
        const char *sub = json_string_value(json_object_get(rg, "subscription"));
        for (int k = 0; sub && k < nrep; k++)
            if (str_eq(rep[k].name, sub)) {
                json_object_set_new(rg, "replication_running", json_boolean(rep[k].running));
                json_object_set_new(rg, "replication_lag_seconds",
                                    rep[k].lag_seconds < 0 ? json_null() : json_integer(rep[k].lag_seconds));
            }
    }
    json_t *repl = json_array();
    for (int i = 0; i < nrep; i++)
        json_array_append_new(repl, json_pack("{s:s, s:b, s:s?, s:s?, s:o, s:s?, s:s?}", "subscription", rep[i].name,
                                              "running", rep[i].running, "received_at", rep[i].received_at, "sent_at",
                                              rep[i].sent_at, "lag_seconds",
                                              rep[i].lag_seconds < 0 ? json_null() : json_integer(rep[i].lag_seconds),
                                              "region", rep[i].region, "hub_id", rep[i].hub_id));
    return resp_json(w, 200, json_pack("{s:o, s:o, s:o}", "sites", items, "regions", regions, "replication", repl));
}

/* GET /national: the same, by region (a summary line per region, then its sites). */
int page_national(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    sync_site_row_t *rows;
    int n;
    if (sync_national_sites(r->db, &e, &r->a, &rows, &n) < 0) return store_fail(r, &e);
    page_begin(r, w, _("Sinkronisasi nasional"));
    buf_t *b = &w->body;
    h(b, "<p>%s</p>", _("Semua lokasi dari setiap wilayah: kapan terakhir berhasil bersinkronisasi dengan hub Kanwil-nya, "
                        "berapa lama yang lalu, dan berapa entri log audit yang belum diterima hub. Di basis data "
                        "nasional data ini datang dari setiap hub wilayah melalui replikasi logis PostgreSQL."));
    if (n == 0) {
        h(b, "<p>%s</p>", _("Belum ada lokasi yang bersinkronisasi."));
        return page_end(r, w);
    }
    /* per region: sites, refused, the oldest last sync */
    h(b, "<h2>%s</h2><div class=\"scroll\"><table>", _("Per wilayah"));
    h_thead(b, _("Wilayah"), _("Lokasi"), _("Ditolak"), _("Entri belum diterima"), _("Jeda terlama"), _("Sinkron terbaru"),
            NULL);
    for (int i = 0; i < n;) {
        int j = i, refused = 0;
        int64_t behind = 0, worst = 0;
        bool never = false;
        const char *newest = NULL;
        for (; j < n && str_eq(rows[j].region ? rows[j].region : "", rows[i].region ? rows[i].region : ""); j++) {
            if (rows[j].last_try_at && (!newest || strcmp(rows[j].last_try_at, newest) > 0)) newest = rows[j].last_try_at;
            refused += str_eq(rows[j].status, "refused");
            behind += rows[j].head_id > rows[j].witnessed_id ? rows[j].head_id - rows[j].witnessed_id : 0;
            int64_t m = minutes_since(rows[j].last_ok_at);
            if (m < 0) never = true;
            else if (m > worst) worst = m;
        }
        h(b, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%D</td><td>%s</td><td>%s</td></tr>",
          rows[i].region && *rows[i].region ? rows[i].region : _("(tanpa wilayah)"), j - i, refused, behind,
          never ? _("belum pernah") : lag_text(&r->a, worst),
          newest ? arena_printf(&r->a, _("%s yang lalu"), lag_text(&r->a, minutes_since(newest))) : _("belum pernah"));
        i = j;
    }
    h(b, "</tbody></table></div>");
    /* the replication from each regional hub */
    sync_repl_row_t *rep;
    int nrep;
    if (sync_national_replication(r->db, &e, &r->a, &rep, &nrep) < 0) return store_fail(r, &e);
    if (nrep) {
        h(b, "<h2>%s</h2><p>%s</p><div class=\"scroll\"><table><thead><tr><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "</tr></thead><tbody>",
          _("Replikasi dari hub wilayah"),
          _("Satu langganan per hub wilayah, diikat ke hub dan wilayahnya dengan `bekal site region`. Jeda "
            "replikasi: waktu sejak hub mengirim pesan terbaru yang sudah diterima basis data nasional (menurut jam "
            "kedua server PostgreSQL, bukan jam program)."),
          _("Langganan"), _("Wilayah"), _("Berjalan"), _("Pesan terakhir diterima (UTC)"), _("Jeda replikasi"));
        for (int i = 0; i < nrep; i++) {
            bool late = !rep[i].running || rep[i].lag_seconds < 0 || rep[i].lag_seconds > 600;
            h(b, "<tr%R><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", late ? " class=\"alert\"" : "",
              rep[i].name, rep[i].region ? rep[i].region : _("(belum diikat ke wilayah)"), rep[i].running ? _("ya") : _("tidak"), rep[i].received_at ? rep[i].received_at : _("belum pernah"),
              rep[i].lag_seconds < 0 ? _("belum pernah")
              : rep[i].lag_seconds < 60
                  ? arena_printf(&r->a, _("%lld detik"), (long long)rep[i].lag_seconds)
                  : lag_text(&r->a, rep[i].lag_seconds / 60));
        }
        h(b, "</tbody></table></div>");
    }
    h(b, "<h2>%s</h2><div class=\"scroll\"><table>", _("Lokasi"));
    h_thead(b, _("Wilayah"), _("Lokasi"), _("Sinkron terakhir"), _("Jeda"), _("Entri belum diterima"), _("Status rantai"),
            NULL);
    for (int i = 0; i < n; i++) {
        const sync_site_row_t *s = &rows[i];
        bool refused = str_eq(s->status, "refused");
        h(b, "<tr%R><td>%s</td><td>%s %s</td><td>%s</td><td>%s</td><td>%D</td><td>%s</td></tr>",
          refused ? " class=\"alert\"" : "", s->region ? s->region : "", s->code, s->name ? s->name : "",
          s->last_ok_at ? fmt_time(r, 0, s->last_ok_at) : _("belum pernah"), lag_text(&r->a, minutes_since(s->last_ok_at)),
          s->head_id > s->witnessed_id ? s->head_id - s->witnessed_id : 0,
          refused ? _("ditolak: riwayat ditulis ulang") : _("utuh"));
    }
    h(b, "</tbody></table></div>");
    return page_end(r, w);
}
