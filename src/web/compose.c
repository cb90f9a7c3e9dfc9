/* compose.c — where areas meet: the sections one area shows on another area's page
 * and the areas' style rules. Page files never call each other; a page that shows
 * other areas' sections calls these, which name the sections in one place. */
#include "pages.h"

void web_wbp_sections(req_t *r, resp_t *w, const rec_t *wbp)
{
    eligibility_section(r, w, wbp);
    exclusion_section(r, w, wbp);
    datecorr_section(r, w, wbp);
    notprop_section(r, w, wbp);
    pembinaan_sections(r, w, wbp);
    premi_section(r, w, wbp);
    placement_wbp_section(r, w, wbp);
    transfer_section(r, w, wbp);
    readiness_section(r, w, wbp);
}

void web_home_sections(req_t *r, resp_t *w) { agreements_expiring_section(r, w); }

void web_program_sections(req_t *r, resp_t *w, const rec_t *program) { training_program_links(r, w, program); }

void web_area_css(buf_t *out)
{
    buf_puts(out, training_css);
    buf_puts(out, dash_css);
    buf_puts(out, inbox_css);
    buf_puts(out, movement_css);
}
