/* readiness.c — release readiness rules (see readiness.h). */
#include "readiness.h"
#include "rulefile.h"
#include <stdio.h>
#include <string.h>

/* The built-in labels, here so that they are translated. */
static const char *const builtin_labels[] = {N_("e-KTP"), N_("Kartu Keluarga (KK)"), N_("Rekening bank (untuk pembayaran premi)"),
                                             N_("BPJS Ketenagakerjaan"), N_("CV dari catatan pelatihan"),
                                             N_("Sertifikat diserahkan"), N_("Calon pemberi kerja atau lowongan"),
                                             N_("Kabupaten/kota tujuan")};

static int bad(err_t *e, const char *key, const char *why)
{
    return err_set(e, 400, "invalid_ruleset", _("Aturan kesiapan bebas tidak sah: kunci \"%s\" %s"), key, why);
}

int readiness_rules_from_json(json_t *root, readiness_rules_t *r, err_t *e)
{
    static const char *const keys[] = {"weeks", "items", NULL};
    memset(r, 0, sizeof *r);
    if (rulefile_open_ruleset(root, RULES_KIND_READINESS, keys, r->code, sizeof r->code, NULL, e) < 0) return -1;
    json_t *w = json_object_get(root, "weeks");
    if (!json_is_integer(w) || json_integer_value(w) < 1 || json_integer_value(w) > 104)
        return bad(e, "weeks", _("harus bilangan bulat 1 sampai 104"));
    r->weeks = (int)json_integer_value(w);
    json_t *it = json_object_get(root, "items");
    if (!json_is_array(it) || json_array_size(it) == 0 || json_array_size(it) > READINESS_MAX_ITEMS)
        return bad(e, "items", _("harus daftar 1 sampai 16 butir"));
    for (size_t i = 0; i < json_array_size(it); i++) {
        json_t *x = json_array_get(it, i);
        const char *c = json_string_value(json_object_get(x, "code")), *l = json_string_value(json_object_get(x, "label"));
        json_t *en = json_object_get(x, "label_en");
        if (!c || !*c || strlen(c) >= 32 || !l || !*l || strlen(l) >= 120 ||
            (en && (!json_is_string(en) || json_string_length(en) >= sizeof r->items[0].label_en)))
            return bad(e, "items", _("setiap butir: code dan label"));
        if (readiness_item(r, c)) return bad(e, "items", _("kode butir ganda"));
        snprintf(r->items[r->n].code, 32, "%s", c);
        snprintf(r->items[r->n].label, 120, "%s", l);
        if (en) snprintf(r->items[r->n].label_en, sizeof r->items[0].label_en, "%s", json_string_value(en));
        r->n++;
    }
    return 0;
}

const char *readiness_label(const readiness_item_t *x)
{
    if (x->label_en[0] && i18n_english()) return x->label_en;
    return rf_reason_label(builtin_labels, ARRAY_LEN(builtin_labels), x->label);
}

const readiness_item_t *readiness_item(const readiness_rules_t *r, const char *code)
{
    for (int i = 0; code && i < r->n; i++)
        if (!strcmp(r->items[i].code, code)) return &r->items[i];
    return NULL;
}

bool readiness_state_valid(const char *s)
{
    return s && (!strcmp(s, "belum") || !strcmp(s, "proses") || !strcmp(s, "selesai") || !strcmp(s, "tidak_perlu"));
}

bool readiness_state_done(const char *s) { return s && (!strcmp(s, "selesai") || !strcmp(s, "tidak_perlu")); }
