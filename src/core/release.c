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
    [RLF_WBP_ID] = F_ID("wbp_id", N_("WBP"), true),
    [RLF_KIND] = F_ENUM("kind", N_("Jenis pembebasan"), true, kind_c, kind_l),
    [RLF_RELEASE_DATE] = F_DATE("release_date", N_("Tanggal bebas"), true),
    [RLF_DISTRICT] = F_TEXT("district", N_("Kabupaten/kota tujuan"), true, 120),
    [RLF_CONTACT] = F_TEXT("contact", N_("Kontak (telepon/alamat)"), false, 300),
    [RLF_PAYOUT] = F_MONEY("payout", N_("Premi dibayarkan (dihitung)"), false, .def = "0"),
    [RLF_NOTES] = F_TEXT("notes", N_("Catatan"), false, 2000),
    [RLF_STATE] = F_ENUM("state", N_("Keadaan"), false, state_c, state_l, .def = "berlaku"),
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
    [FUF_CONTACT_DATE] = F_DATE("contact_date", N_("Tanggal kontak"), true),
    [FUF_WHO] = F_ENUM("who", N_("Oleh"), false, who_c, who_l, .def = "bapas"),
    [FUF_METHOD] = F_ENUM("method", N_("Cara"), false, method_c, method_l, .def = "telepon"),
    [FUF_STATUS] = F_ENUM("status", N_("Keadaan"), true, followup_status_codes, followup_status_labels),
    [FUF_EMPLOYER] = F_TEXT("employer", N_("Tempat kerja/usaha"), false, 200),
    [FUF_NOTES] = F_TEXT("notes", N_("Catatan"), false, 2000),
};
const record_def_t followup_def = {"followup", "followup", followup_fields, FUF_COUNT, "release_id",
                                   N_("Tindak lanjut")};

int followup_status_index(const char *code)
{
    for (int i = 0; code && followup_status_codes[i]; i++)
        if (str_eq(code, followup_status_codes[i])) return i;
    return -1;
}

date_t release_kind_due(const char *kind, const sentence_dates_t *d)
{
    if (str_eq(kind, "bebas_murni")) return d->expiry;
    if (str_eq(kind, "pembebasan_bersyarat") || str_eq(kind, "cuti_bersyarat")) return d->two_thirds;
    return DATE_NONE;
}
