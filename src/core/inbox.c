/* inbox.c — the task inbox's rule data and status tags (see inbox.h). */
#include "inbox.h"
#include "rulefile.h"
#include <string.h>

/* The titles of the built-in items (rules/kotak-tugas-default.json), here so that
 * they are translated; another file's titles are shown as written. */
static const char *const builtin_titles[] = {
    N_("WBP baru memenuhi syarat asimilasi"),
    N_("Tahap terbuka yang menunggu asesmen dan penempatan"),
    N_("Penempatan yang menunggu konfirmasi"),
    N_("Sertifikat yang belum diterbitkan"),
    N_("Penjualan yang belum dibagi (settle)"),
    N_("PNBP yang belum disetor"),
    N_("WBP yang bebas dalam 30 hari"),
    N_("PKS yang berakhir dalam 90 hari"),
    N_("WBP binaan tanpa nilai SPPN bulan lalu"),
    N_("Usulan binaan yang menunggu berkas"),
    N_("Sesi sampai hari ini yang belum diabsen"),
    N_("Peserta yang nilainya belum diisi"),
    N_("Usulan yang menunggu SK Kalapas"),
    N_("Sertifikat yang menunggu tanda tangan"),
    N_("Usulan yang menunggu persetujuan Kanwil"),
    N_("Lokasi yang sinkronisasinya tertinggal"),
    N_("Tindak lanjut yang jatuh tempo dan terlambat"),
    N_("WBP terlambat kembali dari pelatihan di luar tembok"),
};

static int bad(err_t *e, const char *key, const char *why)
{
    return err_set(e, 400, "invalid_ruleset", _("Aturan kotak tugas tidak sah: kunci \"%s\" %s"), key, why);
}

static int copy_str(json_t *o, const char *key, const char *path, char *out, size_t cap, bool required, err_t *e)
{
    json_t *v = json_object_get(o, key);
    if (!v) {
        if (required) return bad(e, path, _("wajib ada"));
        out[0] = 0;
        return 0;
    }
    const char *s = json_string_value(v);
    if (!s || (required && !*s) || strlen(s) >= cap) return bad(e, path, _("harus teks yang tidak terlalu panjang"));
    snprintf(out, cap, "%s", s);
    return 0;
}

static int opt_days(json_t *o, const char *key, const char *path, int *out, err_t *e)
{
    json_t *v = json_object_get(o, key);
    *out = 0;
    if (!v) return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 3660)
        return bad(e, path, _("harus bilangan hari 0-3660"));
    *out = (int)json_integer_value(v);
    return 0;
}

static int one_item(json_t *x, size_t idx, const char *const *role_names, const char *const *queries,
                    inbox_item_def_t *d, err_t *e)
{
    static const char *const keys[] = {"code", "query", "roles", "title", "url", "days", "due_days", "states",
                                       "variant", NULL};
    char path[64];
    snprintf(path, sizeof path, "items[%zu]", idx);
    if (!json_is_object(x)) return bad(e, path, _("harus berupa objek"));
    if (rf_only_keys(x, path, keys, "invalid_ruleset", e) < 0) return -1;
    memset(d, 0, sizeof *d);
    char p[96];
#define P(k) (snprintf(p, sizeof p, "%s.%s", path, k), p)
    if (rf_code(json_object_get(x, "code"), P("code"), d->code, sizeof d->code, "invalid_ruleset", e) < 0 ||
        rf_code(json_object_get(x, "query"), P("query"), d->query, sizeof d->query, "invalid_ruleset", e) < 0 ||
        copy_str(x, "title", P("title"), d->title, sizeof d->title, true, e) < 0 ||
        copy_str(x, "title_en", P("title_en"), d->title_en, sizeof d->title_en, false, e) < 0 ||
        copy_str(x, "url", P("url"), d->url, sizeof d->url, true, e) < 0 ||
        copy_str(x, "variant", P("variant"), d->variant, sizeof d->variant, false, e) < 0 ||
        opt_days(x, "days", P("days"), &d->days, e) < 0 || opt_days(x, "due_days", P("due_days"), &d->due_days, e) < 0)
        return -1;
    if (d->url[0] != '/' || d->url[1] == '/') return bad(e, P("url"), _("harus alamat di aplikasi ini, diawali /"));
    bool known = false;
    for (size_t i = 0; queries[i]; i++) known = known || !strcmp(queries[i], d->query);
    if (!known) return bad(e, P("query"), _("tidak dikenal"));
    json_t *rs = json_object_get(x, "roles");
    if (!json_is_array(rs) || json_array_size(rs) == 0) return bad(e, P("roles"), _("harus daftar peran"));
    for (size_t i = 0; i < json_array_size(rs); i++) {
        const char *s = json_string_value(json_array_get(rs, i));
        int bit = 0;
        for (int k = 0; s && role_names[k] && k < 30; k++)
            if (!strcmp(role_names[k], s)) bit = 1 << k;
        if (!bit) return bad(e, P("roles"), _("memuat peran yang tidak dikenal"));
        d->roles |= bit;
    }
    json_t *ss = json_object_get(x, "states");
    if (ss) {
        if (!json_is_array(ss) || json_array_size(ss) == 0 || json_array_size(ss) > INBOX_MAX_STATES)
            return bad(e, P("states"), _("harus daftar 1 sampai 8 kode tahap"));
        for (size_t i = 0; i < json_array_size(ss); i++)
            if (rf_code(json_array_get(ss, i), P("states"), d->states[d->nstates++], sizeof d->states[0],
                        "invalid_ruleset", e) < 0)
                return -1;
    }
#undef P
    return 0;
}

int inbox_rules_from_json(json_t *root, const char *const *role_names, const char *const *queries, inbox_rules_t *r,
                          err_t *e)
{
    static const char *const keys[] = {"warn_days", "items", NULL};
    memset(r, 0, sizeof *r);
    if (rulefile_open_ruleset(root, RULES_KIND_INBOX, keys, r->code, sizeof r->code, &r->effective_from, e) < 0 ||
        rf_int(root, "warn_days", "warn_days", 0, 365, &r->warn_days, "invalid_ruleset", e) < 0)
        return -1;
    json_t *items = json_object_get(root, "items");
    if (!json_is_array(items) || json_array_size(items) == 0 || json_array_size(items) > INBOX_MAX_ITEMS)
        return bad(e, "items", _("harus daftar 1 sampai 32 butir"));
    for (size_t i = 0; i < json_array_size(items); i++) {
        if (one_item(json_array_get(items, i), i, role_names, queries, &r->items[r->n], e) < 0) return -1;
        for (int j = 0; j < r->n; j++)
            if (!strcmp(r->items[j].code, r->items[r->n].code)) return bad(e, "items", _("kode butir ganda"));
        r->n++;
    }
    return 0;
}

const char *inbox_title(const inbox_item_def_t *d)
{
    if (d->title_en[0] && i18n_english()) return d->title_en;
    for (size_t i = 0; i < sizeof builtin_titles / sizeof builtin_titles[0]; i++)
        if (!strcmp(builtin_titles[i], d->title)) return _(builtin_titles[i]);
    return d->title;
}

inbox_status_t inbox_status(int64_t count, date_t due, date_t today, int warn_days)
{
    if (count <= 0) return INBOX_DONE;
    if (due == DATE_NONE) return INBOX_LATER;
    if (due < today) return INBOX_OVERDUE;
    if (due <= date_add_days(today, warn_days)) return INBOX_SOON;
    return INBOX_LATER;
}

const char *inbox_status_code(inbox_status_t s)
{
    static const char *const codes[] = {"done", "later", "soon", "overdue"};
    return codes[s];
}

const char *inbox_status_label(inbox_status_t s)
{
    static const char *const labels[] = {N_("Tidak ada"), N_("Terjadwal"), N_("Segera"), N_("Terlambat")};
    return _(labels[s]);
}
