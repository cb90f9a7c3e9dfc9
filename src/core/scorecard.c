/* scorecard.c — the agreement scorecard's rules (see scorecard.h). */
#include "scorecard.h"
#include "rulefile.h"
#include <stdio.h>
#include <string.h>

const char *const sc_outcome_codes[SC_OUTCOMES] = {"bekerja", "pelatihan", "tidak_bekerja", "tidak_diketahui"};

static int bad(err_t *e, const char *key, const char *why)
{
    return err_set(e, 400, "invalid_ruleset", _("Aturan rapor PKS tidak sah: kunci \"%s\" %s"), key, why);
}

int sc_rules_from_json(json_t *root, sc_rules_t *r, err_t *e)
{
    static const char *const keys[] = {"outcomes", "suggestion", NULL};
    memset(r, 0, sizeof *r);
    if (rulefile_open_ruleset(root, RULES_KIND_SCORECARD, keys, r->code, sizeof r->code, &r->effective_from, e) < 0)
        return -1;
    json_t *o = json_object_get(root, "outcomes");
    if (!json_is_object(o)) return bad(e, "outcomes", _("harus objek dengan empat kelompok"));
    for (int g = 0; g < SC_OUTCOMES; g++) {
        json_t *a = json_object_get(o, sc_outcome_codes[g]);
        if (!json_is_array(a) || json_array_size(a) > SC_MAX_STATUSES)
            return bad(e, "outcomes", _("setiap kelompok harus daftar status tindak lanjut"));
        for (size_t i = 0; i < json_array_size(a); i++) {
            const char *s = json_string_value(json_array_get(a, i));
            if (!s || !*s || strlen(s) >= 40) return bad(e, "outcomes", _("status harus teks"));
            snprintf(r->status[g][r->nstatus[g]++], 40, "%s", s);
        }
    }
    json_t *s = json_object_get(root, "suggestion");
    struct {
        const char *k;
        int64_t *v;
        int64_t max;
    } nums[] = {{"pass_rate_min_bp", &r->pass_rate_min_bp, 10000}, {"cut_bp", &r->cut_bp, 10000},
                {"min_released", &r->min_released, 100000},       {"working_share_min_bp", &r->working_share_min_bp, 10000},
                {"bonus_bp", &r->bonus_bp, 100000},               {"min_places", &r->min_places, 100000},
                {"max_places", &r->max_places, 100000}};
    if (!json_is_object(s)) return bad(e, "suggestion", _("harus objek"));
    for (size_t i = 0; i < ARRAY_LEN(nums); i++) {
        json_t *v = json_object_get(s, nums[i].k);
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > nums[i].max)
            return bad(e, nums[i].k, _("harus bilangan bulat dalam batasnya"));
        *nums[i].v = json_integer_value(v);
    }
    if (r->min_places > r->max_places) return bad(e, "min_places", _("tidak boleh lebih dari max_places"));
    return 0;
}

int sc_outcome(const sc_rules_t *r, const char *status)
{
    for (int g = 0; status && g < SC_OUTCOMES; g++)
        for (int i = 0; i < r->nstatus[g]; i++)
            if (!strcmp(r->status[g][i], status)) return g;
    return SC_UNKNOWN;
}

/* x * bp / 10000, rounded up (whole places). */
static int64_t part_up(int64_t x, int64_t bp) { return (x * bp + 9999) / 10000; }

void sc_suggest(const sc_rules_t *r, const sc_trade_in_t *in, sc_suggestion_t *out)
{
    int64_t base = in->filled + in->waitlist, p = base;
    int n = snprintf(out->how, sizeof out->how, _("%lld mengisi tempat + %lld daftar tunggu = %lld"), (long long)in->filled,
                     (long long)in->waitlist, (long long)base);
    int64_t judged = in->completed + in->failed;
    if (judged > 0 && in->completed * 10000 < r->pass_rate_min_bp * judged) {
        int64_t cut = part_up(p, r->cut_bp);
        p -= cut;
        n += snprintf(out->how + n, sizeof out->how - (size_t)n,
                      _("; kelulusan %lld dari %lld di bawah ambang: dikurangi %lld"), (long long)in->completed,
                      (long long)judged, (long long)cut);
    }
    if (n < (int)sizeof out->how && in->released >= r->min_released && in->released > 0 &&
        in->working * 10000 >= r->working_share_min_bp * in->released) {
        int64_t add = part_up(p, r->bonus_bp);
        p += add;
        n += snprintf(out->how + n, sizeof out->how - (size_t)n,
                      _("; %lld dari %lld yang bebas bekerja: ditambah %lld"), (long long)in->working,
                      (long long)in->released, (long long)add);
    }
    if (p < r->min_places) p = r->min_places;
    if (p > r->max_places) p = r->max_places;
    if (n > 0 && n < (int)sizeof out->how) snprintf(out->how + n, sizeof out->how - (size_t)n, _("; saran %lld"), (long long)p);
    out->places = p;
}
