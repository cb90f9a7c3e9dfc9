/* training_common.c — what the training pages share (training.c, results.c,
 * certificates.c under pages/): loading a programme's training data the user may
 * see, an enrolment's, the site's day, the confirm=1 of action forms and the
 * labels of attendance and completion. */
#include "training_common.h"
#include "pages.h"
#include "../core/program.h"
#include "../core/training.h"
#include "../store/program_store.h"
#include "../store/enrol_store.h"
#include "../store/settings.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

int trn_web_confirmed(req_t *r)
{
    if (str_eq(req_form(r, "confirm"), "1")) return 0;
    return web_fail(r, 422, "validation", "%s",
                    _("Konfirmasi tindakan tidak ada: gunakan tombol pada halaman program (isian confirm=1)"));
}

int trn_web_load(req_t *r, int64_t program_id, trn_data_t *d, train_rules_t *rules)
{
    rec_t prog;
    if (ent_load(r, &program_entity, program_id, &prog) < 0) return -1;
    err_t e;
    err_clear(&e);
    int rc = trn_load(r->db, &e, &r->a, program_id, d);
    if (rc <= 0) return web_found(r, rc, &e, _("Program dengan id %lld tidak ditemukan"), (long long)program_id);
    if (rules && trn_rules(d, rules, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

int trn_web_utc_offset(req_t *r, int64_t site_id)
{
    return setting_zone(r->db, site_id);
}

date_t trn_web_today(req_t *r, int64_t site_id)
{
    return (date_t)(((int64_t)clock_now() + (int64_t)trn_web_utc_offset(r, site_id) * 60) / 86400);
}

const char *trn_web_rate(req_t *r, const att_summary_t *s)
{
    char buf[16];
    att_rate_format(s->rate_bp, buf);
    return arena_strdup(&r->a, buf);
}

const char *trn_web_att_label(int status)
{
    switch (status) {
    case ATT_HADIR: return _("Hadir");
    case ATT_IZIN: return _("Izin");
    case ATT_SAKIT: return _("Sakit");
    case ATT_ALPA: return _("Alpa");
    default: return _("Belum dicatat");
    }
}

const char *trn_web_outcome_label(comp_outcome_t o)
{
    switch (o) {
    case COMP_LULUS: return _("Lulus");
    case COMP_TIDAK_LULUS: return _("Tidak lulus");
    default: return _("Belum");
    }
}

int trn_web_load_enrolment(req_t *r, int64_t enrolment_id, trn_data_t *d, train_rules_t *rules, int *person)
{
    enrol_row_t en;
    err_t e;
    err_clear(&e);
    int rc = enrol_get(r->db, &e, &r->a, enrolment_id, &en);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    int ok = rc == 1 ? rec_site_allowed(r->db, &e, r->user.id, en.site_id) : 0;
    if (ok < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (!ok || !en.program_id)
        return web_fail(r, 404, "not_found", _("Pendaftaran dengan id %lld tidak ditemukan"), (long long)enrolment_id);
    if (trn_web_load(r, en.program_id, d, rules) < 0) {
        if (r->err.status == 404)
            return web_fail(r, 404, "not_found", _("Pendaftaran dengan id %lld tidak ditemukan"), (long long)enrolment_id);
        return -1;
    }
    *person = trn_person_index(d, enrolment_id);
    if (*person < 0)
        return web_fail(r, 404, "not_found", _("Pendaftaran %lld bukan peserta program ini (status %s)"),
                        (long long)enrolment_id, _(enrol_status_label(en.status)));
    return 0;
}
