/* assess.c — field tables of the assessment, its trades, the enrolment and the
 * asimilasi proposal, and the checks an assessment needs across its fields. */
#include "assess.h"
#include "date.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const level_c[] = {"baik", "cukup", "kurang", NULL};
static const char *const level_l[] = {N_("Baik"), N_("Cukup"), N_("Kurang"), NULL};
static const char *const risk_c[] = {"rendah", "sedang", "tinggi", NULL};
static const char *const risk_l[] = {N_("Rendah"), N_("Sedang"), N_("Tinggi"), NULL};
static const field_def_t assessment_fields[ASF_COUNT] = {
    [ASF_WBP_ID] = {"wbp_id", N_("WBP"), FT_INT, true, 0},
    [ASF_AGREEMENT_ID] = {"agreement_id", N_("PKS"), FT_INT, true, 0},
    [ASF_PHASE] = {"phase", N_("Tahap"), FT_INT, true, 99},
    [ASF_ASSESSED_ON] = {"assessed_on", N_("Tanggal asesmen"), FT_DATE, true, 0},
    [ASF_ASSESSOR] = {"assessor", N_("Asesor"), FT_TEXT, true, 120},
    [ASF_LITERACY] = {"literacy", N_("Baca tulis"), FT_ENUM, false, 0, level_c, level_l},
    [ASF_NUMERACY] = {"numeracy", N_("Berhitung"), FT_ENUM, false, 0, level_c, level_l},
    [ASF_RISK] = {"risk", N_("Tingkat risiko"), FT_ENUM, false, 0, risk_c, risk_l, "rendah"},
    [ASF_EXPERIENCE] = {"experience", N_("Pengalaman kerja sebelumnya"), FT_TEXT, false, 1000},
    [ASF_NOTES] = {"notes", N_("Catatan"), FT_TEXT, false, 2000},
};
const record_def_t assessment_def = {"assessment", "assessment", assessment_fields, ASF_COUNT, NULL,
                                     N_("Asesmen awal")};

static const field_def_t trade_fields[ATF_COUNT] = {
    [ATF_KEJURUAN_ID] = {"kejuruan_id", N_("Kejuruan"), FT_INT, true, 0},
    [ATF_INTEREST_RANK] = {"interest_rank", N_("Urutan minat"), FT_INT, false, ASSESS_MAX_RANK},
    [ATF_APTITUDE] = {"aptitude", N_("Nilai bakat (0-100)"), FT_INT, false, 100},
    [ATF_FIT] = {"fit", N_("Layak fisik"), FT_BOOL, false, 0},
};
const record_def_t assessment_trade_def = {"assessment_trade", "assessment_trade", trade_fields, ATF_COUNT,
                                           "assessment_id", N_("Minat, bakat dan kelayakan per kejuruan")};

static const char *const estatus_c[] = {"kandidat", "ditempatkan", "daftar_tunggu", "terdaftar",
                                        "mundur",   "selesai",     "tidak_lulus",   NULL};
static const char *const estatus_l[] = {N_("Kandidat"), N_("Ditempatkan"), N_("Daftar tunggu"), N_("Terdaftar"),
                                        N_("Mundur"),   N_("Selesai"),     N_("Tidak lulus"),   NULL};
static const field_def_t enrolment_fields[ENF_COUNT] = {
    [ENF_WBP_ID] = {"wbp_id", N_("WBP"), FT_INT, true, 0},
    [ENF_AGREEMENT_ID] = {"agreement_id", N_("PKS"), FT_INT, true, 0},
    [ENF_PHASE] = {"phase", N_("Tahap"), FT_INT, true, 99},
    [ENF_PROGRAM_ID] = {"program_id", N_("Program"), FT_INT, false, 0},
    [ENF_STATUS] = {"status", N_("Status"), FT_ENUM, true, 0, estatus_c, estatus_l, "kandidat"},
    [ENF_WAIT_RANK] = {"wait_rank", N_("Urutan daftar tunggu"), FT_INT, false, 0},
    [ENF_REASON] = {"reason", N_("Alasan"), FT_TEXT, false, 4000},
    [ENF_OVERRIDDEN] = {"overridden", N_("Diubah manual"), FT_BOOL, false, 0, NULL, NULL, "0"},
    [ENF_STATUS_AT] = {"status_at", N_("Waktu status"), FT_TEXT, false, 40},
    [ENF_WITHDRAW_REASON] = {"withdraw_reason", N_("Alasan mundur"), FT_TEXT, false, 40},
};
const record_def_t enrolment_def = {"enrolment", "enrolment", enrolment_fields, ENF_COUNT, NULL,
                                    N_("Penempatan peserta")};

static const char *const form_c[] = {"dalam_lapas", "lapas_terbuka", "kerja_sosial", "pihak_ketiga", NULL};
static const char *const form_l[] = {N_("Di dalam Lapas"), N_("Di Lapas terbuka"), N_("Kerja sosial"),
                                     N_("Kerja dengan pihak ketiga"), NULL};
static const field_def_t usulan_fields[USF_COUNT] = {
    [USF_WBP_ID] = {"wbp_id", N_("WBP"), FT_INT, true, 0},
    [USF_ENROLMENT_ID] = {"enrolment_id", N_("Penempatan"), FT_INT, false, 0},
    [USF_VARIANT] = {"variant", N_("Alur persetujuan"), FT_TEXT, true, 40},
    [USF_CHAIN_CODE] = {"chain_code", N_("Aturan alur"), FT_TEXT, true, 64},
    [USF_STATE] = {"state", N_("Tahap usulan"), FT_TEXT, true, 40},
    [USF_FORM] = {"form", N_("Bentuk asimilasi"), FT_ENUM, true, 0, form_c, form_l, "dalam_lapas"},
    [USF_TPP_DATE] = {"tpp_date", N_("Tanggal sidang TPP"), FT_DATE, false, 0},
    [USF_DECREE_NO] = {"decree_no", N_("Nomor SK"), FT_TEXT, false, 79},
    [USF_DECREE_DATE] = {"decree_date", N_("Tanggal SK"), FT_DATE, false, 0},
    [USF_LETTER_NO] = {"letter_no", N_("Nomor surat persetujuan Kanwil"), FT_TEXT, false, 79},
    [USF_LETTER_DATE] = {"letter_date", N_("Tanggal surat persetujuan Kanwil"), FT_DATE, false, 0},
    [USF_START_DATE] = {"start_date", N_("Asimilasi mulai"), FT_DATE, false, 0},
    [USF_END_DATE] = {"end_date", N_("Asimilasi berakhir"), FT_DATE, false, 0},
    [USF_REASON] = {"reason", N_("Alasan"), FT_TEXT, false, 399},
    [USF_NOTES] = {"notes", N_("Catatan"), FT_TEXT, false, 2000},
    [USF_STATE_AT] = {"state_at", N_("Waktu tahap terakhir"), FT_TEXT, false, 40},
    [USF_PLANNED_START] = {"planned_start", N_("Rencana mulai asimilasi"), FT_DATE, false, 0},
};
const record_def_t usulan_def = {"usulan", "usulan", usulan_fields, USF_COUNT, NULL, N_("Usulan asimilasi")};

void assess_validate(const char **v, const char *today, field_errs_t *fe)
{
    if (v[ASF_PHASE] && strtoll(v[ASF_PHASE], NULL, 10) < 1) field_err(fe, "phase", _("Tahap dimulai dari 1"));
    if (v[ASF_ASSESSED_ON] && today && strcmp(v[ASF_ASSESSED_ON], today) > 0)
        field_err(fe, "assessed_on", _("Tanggal asesmen tidak boleh sesudah hari ini"));
}

bool assess_trade_set(arena_t *a, assess_trade_row_t *row, int field, const char *raw, field_errs_t *fe)
{
    field_errs_t one = {0};
    if (rec_set(a, &assessment_trade_def, row->v, field, raw, &one)) return true;
    const char *name = arena_printf(a, "%s_%s", assessment_trade_def.fields[field].name, row->code);
    field_err(fe, name, "%s (%s)", one.e[0].msg, row->code);
    return false;
}

void assess_trades_validate(arena_t *a, const assess_trade_row_t *rows, int n, bool allow_none, field_errs_t *fe)
{
    int wanted = 0;
    for (int i = 0; i < n; i++) {
        const char *rank = rows[i].v[ATF_INTEREST_RANK];
        if (!rank) continue;
        wanted++;
        long rv = strtol(rank, NULL, 10);
        const char *field = arena_printf(a, "interest_rank_%s", rows[i].code);
        if (rv < 1) {
            field_err(fe, field, _("Urutan minat %s dimulai dari 1"), rows[i].code);
            continue;
        }
        for (int k = 0; k < i; k++)
            if (str_eq(rows[k].v[ATF_INTEREST_RANK], rank)) {
                field_err(fe, field, _("Urutan minat %ld dipakai dua kali (%s dan %s)"), rv,
                          rows[k].code, rows[i].code);
                break;
            }
    }
    if (!wanted && !allow_none)
        field_err(fe, "interests", _("Isi urutan minat sekurang-kurangnya satu kejuruan (1 = pilihan pertama)"));
}

int assess_split_interests(arena_t *a, const char *s, const char **out, int max)
{
    int n = 0;
    const char *p = s ? s : "";
    while (*p) {
        while (*p && (isspace((unsigned char)*p) || strchr(">,;|/", *p))) p++;
        const char *q = p;
        while (*q && !strchr(">,;|/", *q)) q++;
        size_t len = (size_t)(q - p);
        while (len && isspace((unsigned char)p[len - 1])) len--;
        if (len) {
            if (n == max) return -1;
            out[n++] = arena_strndup(a, p, len);
        }
        p = q;
    }
    return n;
}
