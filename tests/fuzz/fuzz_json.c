/* fuzz_json.c — libFuzzer harness for JSON request bodies, the way the API reads
 * them: the checks of req_json() (web/server.c: UTF-8, json_loadb with
 * JSON_REJECT_DUPLICATES, an object), then the object through each record's field
 * table (wbp, remisi, discipline, sppn) with the real web_json_to_values()
 * (web/request.c; of the request it only uses the arena), rec_finish and the record's
 * cross-field checks, and finally the reply the server would send: web_error() for
 * a rejected body, web_validation_reply() for field errors (both real code, both
 * pure for 4xx API replies). req_json() itself reads the Content-Type header from
 * the libmicrohttpd connection, so its body checks are replayed here.
 *
 * Invariants: every reply is 400 or 422 with a JSON body that parses; every value
 * kept is valid and normal (fuzz_check_values); field error messages are UTF-8. */
#include "fuzz.h"
#include "core/pembinaan.h"
#include "core/wbp.h"
#include "web/web.h"

#define TODAY "2025-06-30"

/* The reply must be a JSON object with "error" (what a client gets). */
static void check_reply(resp_t *w, int status)
{
    FUZZ_CHECK(w->status == status, "reply status %d, expected %d", w->status, status);
    FUZZ_CHECK(w->body.data && w->body.len > 0, "empty %d reply", status);
    json_error_t je;
    json_t *j = json_loadb(w->body.data, w->body.len, 0, &je);
    FUZZ_CHECK(j && json_is_object(json_object_get(j, "error")), "reply is not a JSON error object: %s",
               w->body.data);
    json_decref(j);
}

static void reject(req_t *r, int status, const char *code, const char *msg)
{
    resp_t w = {0};
    buf_init(&w.body);
    web_fail(r, status, code, "%s", msg);
    web_error(r, &w);
    check_reply(&w, status);
    buf_release(&w.body);
}

typedef void (*validate_fn)(const char **v, const char *today, field_errs_t *fe);

static void through_table(req_t *r, const record_def_t *d, validate_fn validate, json_t *body)
{
    const char **v = arena_alloc(&r->a, sizeof(char *) * (size_t)d->nfields);
    memset(v, 0, sizeof(char *) * (size_t)d->nfields);
    field_errs_t fe;
    fe.n = 0;
    web_json_to_values(r, d, body, v, &fe);
    fuzz_check_values(&r->a, d, v);
    fuzz_check_errs(&fe, true);
    rec_finish(d, v, &fe);
    validate(v, TODAY, &fe);
    fuzz_check_values(&r->a, d, v);
    fuzz_check_errs(&fe, true);
    if (fe.n) {
        resp_t w = {0};
        buf_init(&w.body);
        web_validation_reply(r, &w, &fe);
        check_reply(&w, 422);
        buf_release(&w.body);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) return 0;
    req_t r;
    memset(&r, 0, sizeof r);
    arena_init(&r.a);
    r.method = "POST";
    r.path = "/api/v1/wbp";
    r.is_api = true;
    r.lang = "id";
    /* Exact-size copy so ASan sees reads past the end of the body. */
    char *body = xmalloc(size ? size : 1);
    if (size) memcpy(body, data, size);

    if (!utf8_valid_text(body, size)) {
        reject(&r, 400, "bad_encoding", "isi permintaan bukan UTF-8 yang sah");
        goto out;
    }
    json_error_t je;
    json_t *j = json_loadb(body, size, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        char msg[400];
        snprintf(msg, sizeof msg, "JSON tidak sah pada baris %d kolom %d: %s", je.line, je.column, je.text);
        reject(&r, 400, "malformed_json", msg);
        goto out;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        reject(&r, 400, "malformed_json", "isi permintaan harus berupa objek JSON");
        goto out;
    }
    through_table(&r, &wbp_def, wbp_validate, j);
    through_table(&r, &remisi_def, remisi_validate, j);
    through_table(&r, &discipline_def, discipline_validate, j);
    through_table(&r, &sppn_def, sppn_validate, j);
    json_decref(j);
out:
    free(body);
    arena_release(&r.a);
    return 0;
}
