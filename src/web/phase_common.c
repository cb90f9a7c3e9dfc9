/* phase_common.c — what the pages of a placement phase share (pages/placement.c,
 * pages/assessment.c): loading the phase and its data the user may see, its title
 * and header with the links between its pages, a candidate's trade interests, and
 * the phase key of an agreement and phase number. */
#include "phase_common.h"
#include "entity.h"
#include "../core/program.h"
#include <stdlib.h>
#include <string.h>

static int64_t num(const char *s) { return s ? strtoll(s, NULL, 10) : 0; }

/* The phase key of an agreement and phase number (0 when none). */
int64_t phase_web_key(req_t *r, const char *agreement_id, const char *phase)
{
    err_t e;
    err_clear(&e);
    int64_t id = phase_quota_id(r->db, &e, num(agreement_id), num(phase));
    return id < 0 ? 0 : id;
}

int phase_web_load_phase(req_t *r, phase_t *ph)
{
    err_t e;
    err_clear(&e);
    int rc = phase_load(r->db, &e, &r->a, r->user.id, r->id, ph);
    if (rc <= 0) return web_found(r, rc, &e, _("tahap dengan id %lld tidak ditemukan"), (long long)r->id);
    return 0;
}

int phase_web_load(req_t *r, phase_data_t *d)
{
    phase_t ph;
    if (phase_web_load_phase(r, &ph) < 0) return -1;
    return phase_web_data(r, &ph, -1, d);
}

int phase_web_data(req_t *r, const phase_t *ph, int64_t wbp_id, phase_data_t *d)
{
    char today[11];
    today_iso(today);
    err_t e;
    err_clear(&e);
    if ((wbp_id < 0 ? phase_data_load(r->db, &e, &r->a, ph, today, d)
                    : phase_data_load_for(r->db, &e, &r->a, ph, today, wbp_id, d)) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    /* a wali (or another restricted role) sees only the candidates of their scope (issue 21) */
    if (phase_data_scope(r->db, &e, &r->a, r->user.id, d) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

const char *phase_web_title(req_t *r, const phase_t *ph)
{
    return arena_printf(&r->a, _("Tahap %d — %s"), ph->phase, ph->agreement_title);
}

/* The phase's facts and the links between its pages. */
void phase_web_header(req_t *r, buf_t *b, const phase_data_t *d, const char *here)
{
    const phase_t *ph = &d->ph;
    h(b, "<p class=\"muted\">");
    if (ent_can(r, "GET", arena_printf(&r->a, "/agreements/%lld", (long long)ph->agreement_id)))
        h(b, "<a href=\"/agreements/%D\">%s</a>", ph->agreement_id, ph->agreement_number);
    else
        h(b, "%s", ph->agreement_number);
    h(b, " · %s · %s</p>", ph->site_name,
      arena_printf(&r->a, _("kuota %d sampai %d peserta"), ph->quota_min, ph->quota_max));
    static const struct {
        const char *suffix, *method, *label;
    } links[] = {{"", "GET", N_("Calon peserta")},
                 {"/assess", "GET", N_("Asesmen cepat")},
                 {"/assessments/import", "GET", N_("Impor CSV asesmen")},
                 {"/placement", "GET", N_("Usulan penempatan")}};
    h(b, "<nav class=\"actions\" aria-label=\"%s\">", _("Halaman tahap"));
    for (size_t i = 0; i < ARRAY_LEN(links); i++) {
        const char *p = arena_printf(&r->a, "/phases/%lld%s", (long long)ph->id, links[i].suffix);
        if (!ent_can(r, links[i].method, p)) continue;
        h(b, "<a href=\"%s\"%R>%s</a>", p, str_eq(here, links[i].suffix) ? " aria-current=\"page\"" : "",
          _(links[i].label));
    }
    if (ent_can(r, "GET", "/enrolments"))
        h(b, "<a href=\"/enrolments?agreement_id=%D&amp;phase=%d\">%s</a>", ph->agreement_id, ph->phase,
          _("Daftar penempatan"));
    h(b, "</nav>");
}

/* Interests of a candidate as trade codes in rank order: "LAS > KOMP". */
const char *phase_web_interests(req_t *r, const phase_data_t *d, const ph_cand_t *c)
{
    buf_t b;
    buf_init(&b);
    for (int rank = 1; rank <= ASSESS_MAX_RANK; rank++)
        for (int k = 0; k < c->nscores; k++)
            if (c->scores[k].rank == rank)
                for (int t = 0; t < d->ntrade; t++)
                    if (d->trade[t].id == c->scores[k].kejuruan_id)
                        buf_printf(&b, "%s%s", b.len ? " > " : "", d->trade[t].code);
    const char *s = arena_strdup(&r->a, b.data ? b.data : "-");
    buf_release(&b);
    return s;
}

const char *phase_web_date(req_t *r, date_t d)
{
    if (d == DATE_NONE) return "-";
    char b[DATE_ISO_LEN];
    date_format(d, b);
    return fmt_date_id(&r->a, b);
}

void phase_web_programs(req_t *r, buf_t *b, const phase_data_t *d)
{
    h(b, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Program tahap ini"), _("Program"), _("Kejuruan"), _("Mulai"), _("Selesai"), _("Kapasitas"));
    for (int i = 0; i < d->nprog; i++) {
        const ph_program_t *p = &d->prog[i];
        h(b, "<tr><td>%s</td><td>%s (%s)</td><td>%s</td><td>%s</td><td>%d–%d</td></tr>", p->name, p->trade_name,
          p->trade_code, phase_web_date(r, p->start), phase_web_date(r, p->end), p->cap_min, p->cap_max);
    }
    if (!d->nprog) h(b, "<tr><td colspan=\"5\">%s</td></tr>", _("Tahap ini belum mempunyai program pelatihan."));
    h(b, "</tbody></table>");
}
