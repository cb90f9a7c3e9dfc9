/* release.c — field tables for release and follow-up (release.h). */
#include "release.h"
#include "../util/i18n.h"

static const char *const kind_c[] = {"bebas_murni", "pembebasan_bersyarat", "cuti_bersyarat", "cuti_menjelang_bebas",
                                     NULL};
static const char *const kind_l[] = {N_("Bebas murni"), N_("Pembebasan bersyarat"), N_("Cuti bersyarat"),
                                     N_("Cuti menjelang bebas"), NULL};
/* terjadwal: dated in the future, applied on its date; dibatalkan: reversed (issue 22). */
static const char *const state_c[] = {"terjadwal", "berlaku", "dibatalkan", NULL};
static const char *const state_l[] = {N_("Terjadwal"), N_("Berlaku"), N_("Dibatalkan"), NULL};
static const field_def_t release_fields[RLF_COUNT] = {
    [RLF_WBP_ID] = {"wbp_id", N_("WBP"), FT_INT, true, 0},
    [RLF_KIND] = {"kind", N_("Jenis pembebasan"), FT_ENUM, true, 0, kind_c, kind_l},
    [RLF_RELEASE_DATE] = {"release_date", N_("Tanggal bebas"), FT_DATE, true, 0},
    [RLF_DISTRICT] = {"district", N_("Kabupaten/kota tujuan"), FT_TEXT, true, 120},
    [RLF_CONTACT] = {"contact", N_("Kontak (telepon/alamat)"), FT_TEXT, false, 300},
    [RLF_PAYOUT] = {"payout", N_("Premi dibayarkan (dihitung)"), FT_MONEY, false, 0, NULL, NULL, "0"},
    [RLF_NOTES] = {"notes", N_("Catatan"), FT_TEXT, false, 2000},
    [RLF_STATE] = {"state", N_("Keadaan"), FT_ENUM, false, 0, state_c, state_l, "berlaku"},
};
const record_def_t release_def = {"release", "wbp_release", release_fields, RLF_COUNT, NULL, N_("Pembebasan")};

const char *const followup_status_codes[] = {"bekerja_sesuai_pelatihan", "bekerja_lain", "wirausaha", "menganggur",
                                             "tidak_terjangkau", "mengulangi_pidana", NULL};
const char *const followup_status_labels[] = {N_("Bekerja sesuai pelatihan"), N_("Bekerja di bidang lain"),
                                              N_("Wirausaha"), N_("Menganggur"), N_("Tidak terjangkau"),
                                              N_("Mengulangi tindak pidana"), NULL};
static const char *const who_c[] = {"staf", "bapas", NULL};
static const char *const who_l[] = {N_("Petugas Lapas"), N_("Bapas"), NULL};
static const char *const method_c[] = {"telepon", "kunjungan", "pesan", "surat", "lainnya", NULL};
static const char *const method_l[] = {N_("Telepon"), N_("Kunjungan"), N_("Pesan singkat"), N_("Surat"),
                                       N_("Lainnya"), NULL};
static const field_def_t followup_fields[FUF_COUNT] = {
    [FUF_CONTACT_DATE] = {"contact_date", N_("Tanggal kontak"), FT_DATE, true, 0},
    [FUF_WHO] = {"who", N_("Oleh"), FT_ENUM, false, 0, who_c, who_l, "bapas"},
    [FUF_METHOD] = {"method", N_("Cara"), FT_ENUM, false, 0, method_c, method_l, "telepon"},
    [FUF_STATUS] = {"status", N_("Keadaan"), FT_ENUM, true, 0, followup_status_codes, followup_status_labels},
    [FUF_EMPLOYER] = {"employer", N_("Tempat kerja/usaha"), FT_TEXT, false, 200},
    [FUF_NOTES] = {"notes", N_("Catatan"), FT_TEXT, false, 2000},
};
const record_def_t followup_def = {"followup", "followup", followup_fields, FUF_COUNT, "release_id",
                                   N_("Tindak lanjut")};

int followup_status_index(const char *code)
{
    for (int i = 0; code && followup_status_codes[i]; i++)
        if (str_eq(code, followup_status_codes[i])) return i;
    return -1;
}
