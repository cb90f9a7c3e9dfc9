/* place.c — `bekal place --phase ID [--apply] [--format json|text]`: the placement
 * proposal of one phase of an agreement from the database (placement_store.h),
 * printed as JSON or text; with --apply it is written (enrolments and their
 * events, audited as the command line) and printed as it then stands. A second
 * --apply over the same data changes nothing. */
#include "cli.h"
#include "../store/placement_store.h"
#include "../core/msg.h"
#include <stdlib.h>
#include <string.h>

/* A stored reason in the command's language (coded ones rendered, msg.h), and a newline. */
static void put_reason(const char *s)
{
    buf_t b;
    buf_init(&b);
    msg_render(s, &b);
    printf("%s\n", b.data ? b.data : "");
    buf_release(&b);
}

static void place_help(void)
{
    printf("%s", _("Pemakaian: bekal place --phase ID [--apply] [--format json|text] [--db URL]\n\n"
                   "Usulan penempatan calon peserta yang sudah diasesmen ke program pelatihan satu tahap PKS\n"
                   "(deferred acceptance, calon mengajukan: stabil dan deterministik).\n\n"
                   "Opsi:\n"
                   "  --phase ID     tahap: PKS_ID:TAHAP (mis. 1:1 = tahap 1 PKS dengan id 1) atau id tahap\n"
                   "                 (kunci tahap, id baris kuota tahap di PKS, seperti di halaman /placement)\n"
                   "  --apply        simpan penempatan (status ditempatkan atau daftar tunggu, dengan alasan);\n"
                   "                 penempatan yang diubah manual, terdaftar, selesai atau mundur tidak diubah\n"
                   "  --format F     json (bawaan) atau text\n"
                   "  --db URL       berkas SQLite atau postgres://... (bawaan: $BEKAL_DB atau bekal.db)\n\n"
                   "JSON: phase, at (tanggal kelayakan), ruleset, placed [{wbp, wbp_id, name, program,\n"
                   "program_name, interest_rank, priority_rank, reason}], waitlist [{wbp, wbp_id, name, rank, code,\n"
                   "reason}], fixed, unassessed, programs, under_minimum, changes, summary, fingerprint, dan\n"
                   "dengan --apply: applied {created, changed, updated}.\n"));
}

static void print_text(const phase_data_t *d, const ph_plan_t *p, const ph_apply_t *applied)
{
    char at[DATE_LONG_LEN];
    date_format_long_ui(d->at, at);
    printf(_("Usulan penempatan: %s, tahap %d (%s)\n"), d->ph.agreement_title, d->ph.phase, d->ph.site_code);
    printf(_("Tanggal kelayakan asimilasi: %s; aturan penempatan: %s\n\n"), at, d->rules.head.code);
    printf("%s\n", _("Program:"));
    for (int i = 0; i < d->nprog; i++) {
        const ph_program_t *g = &d->prog[i];
        printf(_("  #%lld %s (%s): kapasitas %d, tetap %d, ditempatkan %d, pelamar memenuhi syarat %d\n"),
               (long long)g->id, g->name, g->trade_code, g->cap_max, g->seats_fixed, p->filled[i], p->applicants[i]);
    }
    printf("\n%s\n", _("Ditempatkan:"));
    for (int i = 0; i < p->nout; i++) {
        const ph_outcome_t *o = &p->out[i];
        if (o->prog < 0) continue;
        const ph_cand_t *c = &d->cand[o->cand];
        printf("  %-16s %-32s -> #%lld %s\n      ", c->regno, c->name ? c->name : "",
               (long long)d->prog[o->prog].id, d->prog[o->prog].name);
        put_reason(o->reason);
    }
    printf("\n%s\n", _("Daftar tunggu:"));
    for (int i = 0; i < p->nout; i++) {
        const ph_outcome_t *o = &p->out[i];
        if (o->prog >= 0) continue;
        const ph_cand_t *c = &d->cand[o->cand];
        printf("  %3d. %-16s %-32s %s\n      ", o->wait_rank, c->regno, c->name ? c->name : "", o->code);
        put_reason(o->reason);
    }
    printf(_("\nCalon: %d; ditempatkan %d, daftar tunggu %d, tetap (tidak diubah) %d, belum diasesmen %d; "
             "perubahan terhadap yang tersimpan: %d\n"),
           d->ncand, p->nplaced, p->nwait, p->nfixed, p->nunassessed, p->nchanges);
    if (applied)
        printf(_("Disimpan: %d penempatan baru, %d berubah, %d diperbarui.\n"), applied->created, applied->changed,
               applied->updated);
}

int cmd_place(int argc, char **argv)
{
    const char *url = cli_default_db(), *spec = NULL, *format = "json";
    bool apply = false;
    const cli_opt_t opts[] = {CLI_VAL("phase", &spec), CLI_FLAG("apply", &apply), CLI_VAL("format", &format), {0}};
    int prc = cli_parse("place", argc, argv, opts, &url, place_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (optind < argc) return cli_usage_error("place", _("argumen tidak dikenal: %s"), argv[optind]);
    if (!spec) return cli_usage_error("place", "%s", _("sebutkan tahap: --phase PKS_ID:TAHAP"));
    if (!str_eq(format, "json") && !str_eq(format, "text"))
        return cli_usage_error("place", _("format harus json atau text, bukan %s"), format);
    cli_session_t cs;
    if (cli_session_open(&cs, url) < 0) return 1;
    int code = 1;
    char today[11];
    today_iso(today);
    phase_t ph;
    phase_data_t d;
    ph_plan_t p;
    ph_apply_t applied = {0};
    int rc = phase_find(cs.db, &cs.e, &cs.a, 0, spec, &ph);
    if (rc == 0) {
        fprintf(stderr, _("bekal place: tahap \"%s\" tidak ditemukan (pakai PKS_ID:TAHAP, mis. 1:1, atau id tahap)\n"),
                spec);
        goto out;
    }
    if (rc < 0 || (apply && (phase_refuse_closed(cs.db, &cs.e, &cs.a, &ph, today) < 0 ||
                              phase_apply(cs.db, &cs.e, &cs.a, &audit_cli_actor, 0, ph.id, today, NULL, &applied) < 0)) ||
        phase_data_load(cs.db, &cs.e, &cs.a, &ph, today, &d) < 0 || phase_plan(&cs.a, &d, &p, &cs.e) < 0) {
        fprintf(stderr, "bekal place: %s\n", cs.e.msg);
        goto out;
    }
    if (str_eq(format, "text")) print_text(&d, &p, apply ? &applied : NULL);
    else {
        json_t *o = phase_plan_json(&d, &p);
        if (apply)
            json_object_set_new(o, "applied", json_pack("{s:i, s:i, s:i}", "created", applied.created, "changed",
                                                        applied.changed, "updated", applied.updated));
        char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (s) puts(s);
        free(s);
    }
    code = 0;
out:
    cli_session_close(&cs);
    return code;
}
