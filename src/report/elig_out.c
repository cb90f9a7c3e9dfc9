/* elig_out.c — JSON and CSV writers for eligibility answers. */
#include "elig_out.h"
#include "../core/csv.h"
#include <stdio.h>
#include <string.h>

void json_put_str(buf_t *b, const char *s)
{
    static const char hx[] = "0123456789abcdef";
    buf_putc(b, '"');
    if (s) {
        const char *run = s;
        for (; *s; s++) {
            unsigned char c = (unsigned char)*s;
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            buf_append(b, run, (size_t)(s - run));
            run = s + 1;
            if (c == '"') buf_puts(b, "\\\"");
            else if (c == '\\') buf_puts(b, "\\\\");
            else if (c == '\n') buf_puts(b, "\\n");
            else {
                char u[7] = {'\\', 'u', '0', '0', hx[c >> 4], hx[c & 15], 0};
                buf_puts(b, u);
            }
        }
        buf_append(b, run, (size_t)(s - run));
    }
    buf_putc(b, '"');
}

static void put_date(buf_t *b, date_t d)
{
    if (d == DATE_NONE) {
        buf_puts(b, "null");
        return;
    }
    char s[DATE_ISO_LEN];
    date_format(d, s);
    buf_putc(b, '"');
    buf_puts(b, s);
    buf_putc(b, '"');
}

void elig_row_json(buf_t *b, const elig_row_t *row, date_t at)
{
    const elig_result_t *r = row->res;
    buf_printf(b, "{\"id\":%lld,\"wbp\":", (long long)row->id);
    json_put_str(b, row->regno);
    buf_puts(b, ",\"site\":");
    json_put_str(b, row->site_code);
    buf_puts(b, ",\"name\":");
    json_put_str(b, row->name);
    buf_printf(b, ",\"eligible\":%s,\"eligible_from\":", r->eligible ? "true" : "false");
    put_date(b, r->eligible_from);
    buf_puts(b, ",\"ruleset\":");
    json_put_str(b, r->rules ? r->rules->code : NULL);
    buf_printf(b, ",\"special\":%s,\"dates\":", r->special ? "true" : "false");
    if (r->has_dates) {
        buf_puts(b, "{\"expiry\":");
        put_date(b, r->dates.expiry);
        buf_puts(b, ",\"half\":");
        put_date(b, r->dates.half);
        buf_puts(b, ",\"two_thirds\":");
        put_date(b, r->dates.two_thirds);
        char rt[PERIOD_FMT_LEN];
        period_format(&r->remisi_total, rt);
        buf_printf(b, ",\"remisi_total\":\"%s\"}", rt);
    } else
        buf_puts(b, "null");
    buf_puts(b, ",\"requirements\":[");
    for (int i = 0; i < r->n; i++) {
        const elig_req_t *q = &r->req[i];
        char detail[1024];
        elig_req_detail(r, q, at, detail, sizeof detail);
        buf_printf(b, "%s{\"code\":\"%s\",\"met\":%s,\"met_from\":", i ? "," : "", elig_req_code_name(q->code),
                   q->met ? "true" : "false");
        put_date(b, q->met_from);
        buf_puts(b, ",\"detail\":");
        json_put_str(b, detail);
        if (q->code == REQ_AKTIF_PEMBINAAN) {
            const int32_t *lists[2] = {r->missing, r->low};
            const int ns[2] = {r->n_missing, r->n_low};
            for (int l = 0; l < 2; l++) {
                buf_puts(b, l ? "],\"months_low\":[" : ",\"months_missing\":[");
                for (int k = 0; k < ns[l]; k++) {
                    char m[DATE_ISO_LEN];
                    date_format(date_month_first(lists[l][k]), m);
                    buf_printf(b, "%s\"%.7s\"", k ? "," : "", m);
                }
            }
            buf_putc(b, ']');
        }
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
    /* the corrections of the dates in force (issue 24), only when there are some */
    bool any = false;
    for (int k = 0; k < DC__COUNT; k++) {
        const elig_corr_t *c = &r->corr[k];
        if (c->state == ELIG_CORR_NONE) continue;
        buf_printf(b, "%s{\"which\":\"%s\",\"state\":\"%s\",\"id\":%lld,\"date\":", any ? "," : ",\"corrections\":[",
                   datecorr_kind_code((datecorr_kind_t)k), c->state == ELIG_CORR_APPLIED ? "berlaku" : "gugur", (long long)c->id);
        put_date(b, c->corrected);
        buf_puts(b, ",\"computed\":");
        put_date(b, c->computed);
        buf_puts(b, ",\"reason\":");
        json_put_str(b, c->reason);
        if (c->state == ELIG_CORR_LAPSED) {
            char why[400];
            datecorr_cause_text(c->cause, c->inputs, r->inputs, why, sizeof why);
            buf_puts(b, ",\"lapse_cause\":");
            json_put_str(b, why);
        }
        buf_putc(b, '}');
        any = true;
    }
    if (any) buf_putc(b, ']');
    buf_putc(b, '}');
}

void elig_csv_header(buf_t *b)
{
    buf_puts(b, "regno,site,name,crime_category,eligible,eligible_from,expiry,half,two_thirds,ruleset");
    for (int c = 0; c < REQ__COUNT; c++) buf_printf(b, ",%s", elig_req_code_name((elig_req_code_t)c));
    buf_puts(b, ",corrected\r\n");
}

void elig_row_csv(buf_t *b, const elig_row_t *row)
{
    const elig_result_t *r = row->res;
    char d[DATE_ISO_LEN];
    csv_write_cell(b, row->regno, ',');
    buf_putc(b, ',');
    csv_write_cell(b, row->site_code, ',');
    buf_putc(b, ',');
    csv_write_cell(b, row->name, ',');
    buf_printf(b, ",%s,%s,", row->crime ? row->crime : "", r->eligible ? "ya" : "tidak");
    date_format(r->eligible_from, d);
    buf_puts(b, d);
    date_t ds[3] = {r->has_dates ? r->dates.expiry : DATE_NONE, r->has_dates ? r->dates.half : DATE_NONE,
                    r->has_dates ? r->dates.two_thirds : DATE_NONE};
    for (int i = 0; i < 3; i++) {
        date_format(ds[i], d);
        buf_printf(b, ",%s", d);
    }
    buf_printf(b, ",%s", r->rules ? r->rules->code : "");
    for (int c = 0; c < REQ__COUNT; c++) {
        const elig_req_t *q = NULL;
        for (int i = 0; i < r->n; i++)
            if ((int)r->req[i].code == c) q = &r->req[i];
        if (!q) {
            buf_putc(b, ',');
            continue;
        }
        date_format(q->met_from, d);
        buf_printf(b, ",%s%s%s", q->met ? "ya" : "tidak", d[0] ? " " : "", d);
    }
    char note[400];
    elig_corr_note(r, note, sizeof note);
    buf_putc(b, ',');
    csv_write_cell(b, note, ',');
    buf_puts(b, "\r\n");
}
