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
    [ASF_WBP_ID] = F_ID("wbp_id", N_("WBP"), true),
    [ASF_AGREEMENT_ID] = F_ID("agreement_id", N_("PKS"), true),
    [ASF_PHASE] = F_INT("phase", N_("Tahap"), true, 99),
    [ASF_ASSESSED_ON] = F_DATE("assessed_on", N_("Tanggal asesmen"), true),
    [ASF_ASSESSOR] = F_TEXT("assessor", N_("Asesor"), true, 120),
    [ASF_LITERACY] = F_ENUM("literacy", N_("Baca tulis"), false, level_c, level_l),
    [ASF_NUMERACY] = F_ENUM("numeracy", N_("Berhitung"), false, level_c, level_l),
    [ASF_RISK] = F_ENUM("risk", N_("Tingkat risiko"), false, risk_c, risk_l, .def = "rendah"),
    [ASF_EXPERIENCE] = F_TEXT("experience", N_("Pengalaman kerja sebelumnya"), false, 1000),
    [ASF_NOTES] = F_TEXT("notes", N_("Catatan"), false, 2000),
};
const record_def_t assessment_def = {"assessment", "assessment", assessment_fields, ASF_COUNT, NULL,
                                     N_("Asesmen awal")};

static const field_def_t trade_fields[ATF_COUNT] = {
    [ATF_KEJURUAN_ID] = F_ID("kejuruan_id", N_("Kejuruan"), true),
    [ATF_INTEREST_RANK] = F_INT("interest_rank", N_("Urutan minat"), false, ASSESS_MAX_RANK),
    [ATF_APTITUDE] = F_INT("aptitude", N_("Nilai bakat (0-100)"), false, 100),
    [ATF_FIT] = F_BOOL("fit", N_("Layak fisik"), false),
};
const record_def_t assessment_trade_def = {"assessment_trade", "assessment_trade", trade_fields, ATF_COUNT,
                                           "assessment_id", N_("Minat, bakat dan kelayakan per kejuruan")};

static const char *const estatus_c[] = {"kandidat", "ditempatkan", "daftar_tunggu", "terdaftar",
                                        "mundur",   "selesai",     "tidak_lulus",   NULL};
static const char *const estatus_l[] = {N_("Kandidat"), N_("Ditempatkan"), N_("Daftar tunggu"), N_("Terdaftar"),
                                        N_("Mundur"),   N_("Selesai"),     N_("Tidak lulus"),   NULL};
static const field_def_t enrolment_fields[ENF_COUNT] = {
    [ENF_WBP_ID] = F_ID("wbp_id", N_("WBP"), true),
    [ENF_AGREEMENT_ID] = F_ID("agreement_id", N_("PKS"), true),
    [ENF_PHASE] = F_INT("phase", N_("Tahap"), true, 99),
    [ENF_PROGRAM_ID] = F_ID("program_id", N_("Program"), false),
    [ENF_STATUS] = F_ENUM("status", N_("Status"), true, estatus_c, estatus_l, .def = "kandidat"),
    [ENF_WAIT_RANK] = F_INT("wait_rank", N_("Urutan daftar tunggu"), false, 0),
    [ENF_REASON] = F_TEXT("reason", N_("Alasan"), false, 4000),
    [ENF_OVERRIDDEN] = F_BOOL("overridden", N_("Diubah manual"), false, .def = "0"),
    [ENF_STATUS_AT] = F_TEXT("status_at", N_("Waktu status"), false, 40),
    [ENF_WITHDRAW_REASON] = F_TEXT("withdraw_reason", N_("Alasan mundur"), false, 40),
};
const record_def_t enrolment_def = {"enrolment", "enrolment", enrolment_fields, ENF_COUNT, NULL,
                                    N_("Penempatan peserta")};

static const char *const form_c[] = {"dalam_lapas", "lapas_terbuka", "kerja_sosial", "pihak_ketiga", NULL};
static const char *const form_l[] = {N_("Di dalam Lapas"), N_("Di Lapas terbuka"), N_("Kerja sosial"),
                                     N_("Kerja dengan pihak ketiga"), NULL};
static const field_def_t usulan_fields[USF_COUNT] = {
    [USF_WBP_ID] = F_ID("wbp_id", N_("WBP"), true),
    [USF_ENROLMENT_ID] = F_ID("enrolment_id", N_("Penempatan"), false),
    [USF_VARIANT] = F_TEXT("variant", N_("Alur persetujuan"), true, 40),
    [USF_CHAIN_CODE] = F_TEXT("chain_code", N_("Aturan alur"), true, 64),
    [USF_STATE] = F_TEXT("state", N_("Tahap usulan"), true, 40),
    [USF_FORM] = F_ENUM("form", N_("Bentuk asimilasi"), true, form_c, form_l, .def = "dalam_lapas"),
    [USF_TPP_DATE] = F_DATE("tpp_date", N_("Tanggal sidang TPP"), false),
    [USF_DECREE_NO] = F_TEXT("decree_no", N_("Nomor SK"), false, 79),
    [USF_DECREE_DATE] = F_DATE("decree_date", N_("Tanggal SK"), false),
    [USF_LETTER_NO] = F_TEXT("letter_no", N_("Nomor surat persetujuan Kanwil"), false, 79),
    [USF_LETTER_DATE] = F_DATE("letter_date", N_("Tanggal surat persetujuan Kanwil"), false),
    [USF_START_DATE] = F_DATE("start_date", N_("Asimilasi mulai"), false),
    [USF_END_DATE] = F_DATE("end_date", N_("Asimilasi berakhir"), false),
    [USF_REASON] = F_TEXT("reason", N_("Alasan"), false, 399),
    [USF_NOTES] = F_TEXT("notes", N_("Catatan"), false, 2000),
    [USF_STATE_AT] = F_TEXT("state_at", N_("Waktu tahap terakhir"), false, 40),
    [USF_PLANNED_START] = F_DATE("planned_start", N_("Rencana mulai asimilasi"), false),
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
