/* reconcile.c — `bekal reconcile sdp FILE.csv` (Bekal's sentence dates against an
 * SDP export; store/recon_store.h) and `bekal calc reconcile FILE.json` (the
 * classifier alone, for the golden tests). Neither changes anything. */
#include "cli.h"
#include "../core/rulefile.h"
#include "../report/prod_report.h"
#include "../report/recon_out.h"
#include "../store/records.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void reconcile_help(void)
{
    fputs(_("Pemakaian: bekal reconcile sdp BERKAS.csv [--site KODE] [--at TANGGAL] [--format json|csv|xlsx|pdf]\n"
            "                             [-o BERKAS] [--db URL]\n\n"
            "Membandingkan tanggal ekspirasi, 1/2 dan 2/3 masa pidana yang dihitung Bekal dengan ekspor SDP,\n"
            "WBP demi WBP, dan menggolongkan setiap selisih menurut sebabnya: remisi, pidana (lama pidana atau\n"
            "tanggal mulai), subsider, metode (cara menghitung, selisih sehari dua hari), tidak_diketahui; juga\n"
            "sama, hanya_sdp dan hanya_bekal. Mencetak jumlah per kelas dan daftar periksa, selisih terbesar\n"
            "lebih dulu. Tidak ada data yang diubah.\n\n"
            "Kolom ekspor (judul kolom; huruf besar-kecil, spasi dan titik tidak dibedakan):\n"
            "  no_registrasi (atau regno)      nomor registrasi WBP (wajib)\n"
            "  nama                            nama (pilihan)\n"
            "  tanggal_ekspirasi               tanggal ekspirasi\n"
            "  tanggal_setengah                tanggal 1/2 masa pidana\n"
            "  tanggal_dua_pertiga             tanggal 2/3 masa pidana\n"
            "  total_remisi                    total remisi (pilihan): \"3 bulan 15 hari\", 3m15d atau jumlah hari\n"
            "  Paling sedikit satu kolom tanggal; tanggal TTTT-BB-HH atau HH-BB-TTTT. Ejaan lain yang diterima\n"
            "  ada di aturan rekonsiliasi (`bekal rules show` tidak memuatnya; lihat rules/rekonsiliasi-sdp-*.json).\n"
            "Opsi:\n"
            "  --site KODE     register lokasi ini (bawaan: semua lokasi; WBP yang tidak ada di ekspor hanya\n"
            "                  dicantumkan untuk lokasi yang disebut ekspor)\n"
            "  --at TANGGAL    tanggal perbandingan: remisi sampai tanggal itu (bawaan: hari ini)\n"
            "  --format F      json (bawaan: {rows, counts, ...}), csv, xlsx atau pdf\n"
            "  -o, --output F  tulis ke berkas F (bawaan: stdout)\n"),
          stdout);
}

int cmd_reconcile(int argc, char **argv)
{
    const char *cmd = "reconcile";
    if (argc >= 2 && (str_eq(argv[1], "--help") || str_eq(argv[1], "-h"))) {
        reconcile_help();
        return 0;
    }
    if (argc < 2 || !str_eq(argv[1], "sdp")) return cli_usage_error(cmd, _("pemakaian: bekal reconcile sdp BERKAS.csv"));
    const char *url = cli_default_db(), *site = NULL, *at_s = NULL, *fmt = "json", *out = NULL, *pos[2];
    const cli_opt_t opts[] = {CLI_VAL("site", &site), CLI_VAL("at", &at_s), CLI_VAL("format", &fmt),
                              CLI_VAL_ABBREV("output", 'o', &out), {0}};
    int npos = 0;
    int prc = cli_parse(cmd, argc - 1, argv + 1, opts, &url, reconcile_help, pos, 2, &npos);
    if (prc != CLI_RUN) return prc;
    if (npos != 1) return cli_usage_error(cmd, _("sebutkan satu BERKAS.csv ekspor SDP"));
    const char *file = pos[0];
    if (!str_eq(fmt, "json") && !report_ctype(fmt))
        return cli_usage_error(cmd, _("format tidak dikenal: %s (json, csv, xlsx atau pdf)"), fmt);
    date_t at;
    char today[11];
    today_iso(today);
    if (!date_parse(at_s ? at_s : today, &at)) return cli_usage_error(cmd, _("tanggal --at tidak sah: %s"), at_s);
    cli_file_t in;
    if (cli_read_file(cmd, file, &in) < 0) return 1;
    cli_session_t cs;
    if (cli_session_open(&cs, url) < 0) {
        cli_file_release(&in);
        return 1;
    }
    buf_t b;
    buf_init(&b);
    int rc = 1;
    int64_t sid = 0;
    recon_run_t run;
    if (site && (sid = site_id_by_code(cs.db, &cs.e, site)) <= 0) {
        if (sid == 0) rc = cli_usage_error(cmd, _("lokasi tidak dikenal: %s"), site);
        else fprintf(stderr, "bekal %s: %s\n", cmd, cs.e.msg);
        goto done;
    }
    if (recon_run(cs.db, &cs.e, &cs.a, 0, sid, site, at, in.data, in.len, &run) < 0) {
        fprintf(stderr, "bekal %s: %s\n", cmd, cs.e.msg);
        goto done;
    }
    if (str_eq(fmt, "json")) {
        json_t *j = recon_json(&run);
        char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(j);
        buf_puts(&b, s);
        buf_putc(&b, '\n');
        free(s);
    } else {
        report_t *rep = recon_report(&run);
        int wr = report_write(rep, fmt, REP_CSV_NO_TOTALS, &b, &cs.e);
        report_free(rep);
        if (wr < 0) {
            fprintf(stderr, "bekal %s: %s\n", cmd, cs.e.msg);
            goto done;
        }
    }
    if (out) {
        if (report_save(&b, out, &cs.e) < 0) {
            fprintf(stderr, "bekal %s: %s\n", cmd, cs.e.msg);
            goto done;
        }
    } else if (b.len && fwrite(b.data, 1, b.len, stdout) != b.len) {
        fprintf(stderr, "bekal %s: %s\n", cmd, _("gagal menulis ke stdout"));
        goto done;
    }
    if (run.nerrors)
        fprintf(stderr, _("bekal %s: %ld baris ekspor tidak dapat dibaca dan tidak dibandingkan (lihat daftar kesalahan di keluaran)\n"), cmd,
                run.nerrors);
    rc = 0;
done:
    buf_release(&b);
    cli_session_close(&cs);
    cli_file_release(&in);
    return rc;
}

/* ---------------------------------------------------------------- calc reconcile */

static int get_date(json_t *o, const char *key, bool required, date_t *out, err_t *e)
{
    json_t *v = json_object_get(o, key);
    *out = DATE_NONE;
    if (!v || json_is_null(v)) return required ? err_set(e, 400, "invalid_input", _("kunci \"%s\" wajib diisi"), key) : 0;
    if (!json_is_string(v) || !date_parse(json_string_value(v), out))
        return err_set(e, 400, "invalid_input", _("kunci \"%s\" harus tanggal TTTT-BB-HH"), key);
    return 0;
}

static int get_period(json_t *o, const char *key, period_t *out, bool *has, err_t *e)
{
    json_t *v = json_object_get(o, key);
    *out = (period_t){0, 0, 0};
    if (has) *has = false;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_string(v) || period_parse(json_string_value(v), out, e) < 0)
        return err_set(e, 400, "invalid_input", _("kunci \"%s\" harus lama waktu, misalnya \"2y6m\""), key);
    if (has) *has = true;
    return 0;
}

/* {sentence: {start, term, remisi_total, subsider, uncounted_days, method}, sdp: {expiry, half,
 * two_thirds, remisi_total}, at} -> {class, reason, explanation, size, diff, bekal}. */
static int calc_reconcile_json(json_t *root, json_t **out, err_t *e)
{
    static const char *const top[] = {"why", "sentence", "sdp", "at", NULL}, *const sk[] = {"start", "term", "remisi_total", "subsider", "uncounted_days", "method", NULL},
                                       *const dk[] = {"expiry", "half", "two_thirds", "remisi_total", NULL};
    json_t *s = json_object_get(root, "sentence"), *d = json_object_get(root, "sdp");
    if (rf_only_keys(root, "", top, "invalid_input", e) < 0) return -1;
    if (!json_is_object(s) || !json_is_object(d))
        return err_set(e, 400, "invalid_input", _("berkas harus memuat objek \"sentence\" dan \"sdp\""));
    if (rf_only_keys(s, "sentence", sk, "invalid_input", e) < 0 || rf_only_keys(d, "sdp", dk, "invalid_input", e) < 0)
        return -1;
    sentence_t st = {0};
    if (get_date(s, "start", true, &st.start, e) < 0) return -1;
    bool has_term;
    if (get_period(s, "term", &st.term, &has_term, e) < 0 || get_period(s, "remisi_total", &st.remisi, NULL, e) < 0 ||
        get_period(s, "subsider", &st.subsider, NULL, e) < 0)
        return -1;
    json_t *u = json_object_get(s, "uncounted_days");
    if (u && (!json_is_integer(u) || json_integer_value(u) < 0 || json_integer_value(u) > PERIOD_MAX_DAYS))
        return err_set(e, 400, "invalid_input", "%s", _("kunci \"uncounted_days\" harus bilangan hari"));
    st.uncounted_days = u ? (int32_t)json_integer_value(u) : 0;
    json_t *m = json_object_get(s, "method");
    if (m && (!json_is_string(m) || !date_method_parse(json_string_value(m), &st.method)))
        return err_set(e, 400, "invalid_input", "%s", _("kunci \"method\" harus bulan-hari atau hari"));
    sentence_dates_t bd;
    if (sentence_dates(&st, &bd, e) < 0) return -1;
    recon_sdp_t sdp;
    memset(&sdp, 0, sizeof sdp);
    if (get_date(d, "expiry", false, &sdp.expiry, e) < 0 || get_date(d, "half", false, &sdp.half, e) < 0 ||
        get_date(d, "two_thirds", false, &sdp.two_thirds, e) < 0 ||
        get_period(d, "remisi_total", &sdp.remisi, &sdp.has_remisi, e) < 0)
        return -1;
    date_t at;
    char today[11];
    today_iso(today);
    if (get_date(root, "at", false, &at, e) < 0) return -1;
    if (at == DATE_NONE) date_parse(today, &at);
    json_t *rj = rulefile_in_force(RULES_KIND_RECON, at, NULL);
    if (!rj) return err_set(e, 400, "no_ruleset", "%s", _("Tidak ada aturan rekonsiliasi SDP yang berlaku pada tanggal itu"));
    recon_rules_t rules;
    int rc = recon_rules_from_json(rj, &rules, e);
    json_decref(rj);
    if (rc < 0) return -1;
    recon_result_t res;
    recon_classify(&rules, &st, &bd, &sdp, &res);
    char why[400], ds[3][DATE_ISO_LEN];
    recon_explain(&res, why, sizeof why);
    date_format(bd.expiry, ds[0]);
    date_format(bd.half, ds[1]);
    date_format(bd.two_thirds, ds[2]);
    json_t *diff = json_object();
    static const char *const keys[3] = {"expiry", "half", "two_thirds"};
    for (int k = 0; k < 3; k++) json_object_set_new(diff, keys[k], res.has[k] ? json_integer(res.diff[k]) : json_null());
    *out = json_pack("{s:s,s:s,s:s,s:i,s:o,s:{s:s,s:s,s:s},s:i,s:i}", "class", recon_class_code(res.cls), "rules", rules.code,
                     "explanation", why, "size", (int)res.size, "diff", diff, "bekal", "expiry", ds[0], "half", ds[1],
                     "two_thirds", ds[2], "shift", (int)res.shift, "term_days", (int)res.term_days);
    return 0;
}

int calc_reconcile(int argc, char **argv)
{
    const char *cmd = "calc reconcile";
    if (argc == 2 && (str_eq(argv[1], "--help") || str_eq(argv[1], "-h"))) {
        fputs(_("Pemakaian: bekal calc reconcile BERKAS.json\n\n"
                "Menggolongkan selisih tanggal pidana Bekal dan SDP untuk satu WBP. Kunci berkas:\n"
                "  sentence: {start, term, remisi_total, subsider, uncounted_days, method}\n"
                "  sdp: {expiry, half, two_thirds, remisi_total}, at (tanggal aturan; bawaan hari ini).\n"
                "Keluaran: {class, rules, explanation, size, diff, bekal, shift, term_days}.\n"),
              stdout);
        return 0;
    }
    if (argc != 2) return cli_usage_error(cmd, "%s", _("sebutkan satu BERKAS.json"));
    json_error_t je;
    json_t *root = json_load_file(argv[1], JSON_REJECT_DUPLICATES, &je);
    if (!root) return cli_usage_error(cmd, _("%s: JSON tidak dapat dibaca (baris %d): %s"), argv[1], je.line, je.text);
    err_t e;
    err_clear(&e);
    json_t *res = NULL;
    int rc = calc_reconcile_json(root, &res, &e);
    json_decref(root);
    if (rc < 0) return cli_usage_error(cmd, "%s: %s", argv[1], e.msg);
    char *s = json_dumps(res, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(res);
    puts(s);
    free(s);
    return 0;
}
