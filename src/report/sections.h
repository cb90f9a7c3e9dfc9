/* sections.h — the dashboard and the monthly report (laporan bulanan) are built from
 * one table of section providers: each adds one numbered table to a report model
 * (table.h) and may describe a chart of the same numbers (svg.h). The dashboard
 * draws the charts and tables on the page; `bekal report monthly` writes the model
 * as PDF, XLSX or CSV. To add a section (attendance, completion, certificates once
 * the training tables exist), write a provider and add a row to report_sections[]. */
#ifndef BEKAL_REPORT_SECTIONS_H
#define BEKAL_REPORT_SECTIONS_H
#include "svg.h"
#include "../store/db.h"

typedef struct {
    db_t *db;
    arena_t *a;      /* chart labels and values live here */
    int64_t uid;     /* 0: every site (command line) */
    int64_t site_id; /* 0: every site uid may see (the regional view) */
    date_t from, to; /* the period (a calendar month for the report) */
    date_t at;       /* the date for states (pipeline, expiry): min(to, today) */
    struct sec_memo *memo; /* what several providers share, computed once (NULL: none kept) */
} sec_ctx_t;

/* Adds its table to rep; fills *chart (and sets *has_chart) when it has one. 0 or -1. */
typedef int (*sec_fn)(const sec_ctx_t *c, report_t *rep, chart_t *chart, bool *has_chart, err_t *e);

typedef struct {
    const char *code; /* "agreements", "pipeline", ... (HTML ids, ?only=) */
    sec_fn fn;
} section_t;

extern const section_t report_sections[];
extern const int report_nsections;

/* A chart drawn for the sections: each provider's chart is kept with its table. */
typedef struct {
    rep_table_t *table;
    bool has_chart;
    chart_t chart;
} sec_out_t;

/* Runs every provider in order into rep; out[i] (report_nsections entries) gets
 * each section's table and chart. 0 or -1. */
int sections_run(const sec_ctx_t *c, report_t *rep, sec_out_t *out, err_t *e);

/* The monthly report for a month (YYYY-MM) at one site (site_code) or every site
 * uid sees (site_code NULL): letterhead from the settings report.letterhead.N
 * (a site's own rows first) and the site, title, sections, signature block of the
 * site head (site.head_name, head_nip; report.signature.*). The caller
 * report_free()s it. NULL with e set (404 unknown site, 400 bad month). */
report_t *report_monthly(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *month, const char *site_code,
                         sec_out_t *out);

#endif
