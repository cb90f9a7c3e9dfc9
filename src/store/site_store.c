/* site_store.c — sites from the command line (see site_store.h). */
#include "site_store.h"
#include "rowmap.h"
#include "audit.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int64_t site_add(db_t *db, err_t *e, const actor_t *who, const site_new_t *s)
{
    const char *code = s->code ? s->code : "";
    size_t n = strlen(code);
    if (n < 1 || n > 20 ||
        strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") != n)
        return err_set(e, 400, "bad_code", "kode lokasi harus 1-20 huruf, angka, titik, garis bawah atau strip");
    const char *name = s->name ? s->name : "";
    if (!*name || strlen(name) > 200 || !utf8_valid_text(name, strlen(name)) || strpbrk(name, "\r\n"))
        return err_set(e, 400, "bad_name", "nama lokasi wajib diisi (satu baris, paling panjang 200)");
    const char *region = s->region ? s->region : "", *address = s->address ? s->address : "", *city = s->city ? s->city : "";
    if (strlen(region) > 200 || strlen(address) > 400 || strlen(city) > 100 || !utf8_valid_text(region, strlen(region)) ||
        !utf8_valid_text(address, strlen(address)) || !utf8_valid_text(city, strlen(city)))
        return err_set(e, 400, "bad_value", "wilayah, alamat atau kota terlalu panjang atau bukan teks");
    int64_t id = db_one_int(db, e, "INSERT INTO site(code, name, region, address, city) VALUES (?,?,?,?,?) RETURNING id",
                            "ttttt", code, name, region, address, city);
    if (id < 0) {
        if (str_eq(e->code, "conflict")) err_set(e, 409, "conflict", "lokasi \"%s\" sudah ada", code);
        return -1;
    }
    json_t *after = json_pack("{s:s,s:s,s:s,s:s,s:s}", "code", code, "name", name, "region", region, "address",
                              address, "city", city);
    int rc = audit_write(db, e, &(audit_write_t){who, id, "create", "site", id, .after = after, .after_text = "{}"});
    return rc < 0 ? -1 : id;
}

int site_each(db_t *db, err_t *e, void (*fn)(const char *code, const char *name, const char *region, void *ctx),
              void *ctx)
{
    db_stmt_t *st = db_query(db, e, "SELECT code, name, region FROM site ORDER BY code", "");
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) fn(db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), ctx);
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

int site_address(db_t *db, err_t *e, arena_t *a, int64_t site_id, const char **address)
{
    *address = NULL;
    return rm_first(db_query(db, e, "SELECT address FROM site WHERE id = ?", "i", site_id), e, a, "t", address);
}
