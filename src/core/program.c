/* program.c — field tables of partners, agreements, trades and programmes, and
 * the pure rules between them (quota per phase, validity, capacity, dates, PDF). */
#include "program.h"
#include "date.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const pkind_c[] = {"disnakertrans", "blk", "pemerintah", "perusahaan", "lsm", "lpk", NULL};
static const char *const pkind_l[] = {N_("Disnakertrans"),
                                      N_("BLK / UPT pelatihan kerja"),
                                      N_("Instansi pemerintah lain"),
                                      N_("Perusahaan"),
                                      N_("LSM / organisasi masyarakat"),
                                      N_("LPK (lembaga pelatihan kerja swasta)"),
                                      NULL};
static const field_def_t partner_fields[PAF_COUNT] = {
    [PAF_NAME] = F_TEXT("name", N_("Nama instansi"), true, 200),
    [PAF_KIND] = F_ENUM("kind", N_("Jenis instansi"), true, pkind_c, pkind_l),
    [PAF_ADDRESS] = F_TEXT("address", N_("Alamat"), false, 300),
    [PAF_CONTACT_NAME] = F_TEXT("contact_name", N_("Narahubung"), false, 120),
    [PAF_CONTACT_POSITION] = F_TEXT("contact_position", N_("Jabatan narahubung"), false, 200),
    [PAF_CONTACT_PHONE] = F_TEXT("contact_phone", N_("Telepon narahubung"), false, 40),
    [PAF_CONTACT_EMAIL] = F_TEXT("contact_email", N_("Surel narahubung"), false, 120),
    [PAF_NOTES] = F_TEXT("notes", N_("Catatan"), false, 2000),
};
const record_def_t partner_def = {"partner", "partner", partner_fields, PAF_COUNT, NULL, N_("Mitra")};

static const char *const astatus_c[] = {"draft", "aktif", "berakhir", "diakhiri", NULL};
static const char *const astatus_l[] = {N_("Draf"), N_("Aktif"), N_("Berakhir"), N_("Diakhiri (diputus sebelum waktunya)"), NULL};
static const char *const cvar_c[] = {"lapas", "blk", NULL};
static const char *const cvar_l[] = {N_("Atas nama Lapas dan BLK"),
                                     N_("Paspor keterampilan atas nama BLK saja (tanpa menyebut Lapas)"), NULL};
static const field_def_t agreement_fields[AGF_COUNT] = {
    [AGF_TITLE] = F_TEXT("title", N_("Judul perjanjian"), true, 400),
    [AGF_PARTNER_ID] = F_ID("partner_id", N_("Mitra (pihak kedua)"), true),
    [AGF_PROVIDER_ID] = F_ID("provider_id", N_("Pelaksana pelatihan (BLK)"), false),
    [AGF_NUMBER_SITE] = F_TEXT("number_site", N_("Nomor PKS pihak Lapas"), true, 120),
    [AGF_NUMBER_PARTNER] = F_TEXT("number_partner", N_("Nomor PKS pihak mitra"), false, 120),
    [AGF_SIGNED_DATE] = F_DATE("signed_date", N_("Tanggal penandatanganan"), true),
    [AGF_SIGNED_PLACE] = F_TEXT("signed_place", N_("Tempat penandatanganan"), false, 120),
    [AGF_VALID_FROM] = F_DATE("valid_from", N_("Berlaku mulai"), true),
    [AGF_VALID_TO] = F_DATE("valid_to", N_("Berlaku sampai"), true),
    [AGF_OBLIGATIONS_SITE] = F_TEXT("obligations_site", N_("Kewajiban pihak Lapas"), false, 4000),
    [AGF_OBLIGATIONS_PARTNER] = F_TEXT("obligations_partner", N_("Kewajiban pihak mitra"), false, 4000),
    [AGF_STATUS] = F_ENUM("status", N_("Status"), false, astatus_c, astatus_l, .def = "draft"),
    [AGF_NOTES] = F_TEXT("notes", N_("Catatan"), false, 2000),
    [AGF_CERT_VARIANT] = F_ENUM("certificate_variant", N_("Bentuk sertifikat pelatihan"), false, cvar_c, cvar_l,
                                .def = "lapas"),
};
const record_def_t agreement_def = {"agreement", "agreement", agreement_fields, AGF_COUNT, NULL,
                                    N_("Perjanjian kerja sama (PKS)")};

static const char *const prole_c[] = {"penandatangan", "saksi", NULL};
static const char *const prole_l[] = {N_("Penandatangan"), N_("Saksi"), NULL};
static const char *const pside_c[] = {"lapas", "mitra", "lainnya", NULL};
static const char *const pside_l[] = {N_("Pihak Lapas"), N_("Pihak mitra"), N_("Pihak lain"), NULL};
static const field_def_t party_fields[APF_COUNT] = {
    [APF_ROLE] = F_ENUM("role", N_("Peran"), true, prole_c, prole_l),
    [APF_SIDE] = F_ENUM("side", N_("Pihak"), true, pside_c, pside_l),
    [APF_NAME] = F_TEXT("name", N_("Nama"), true, 120),
    [APF_POSITION] = F_TEXT("position", N_("Jabatan"), true, 200),
    [APF_ORGANISATION] = F_TEXT("organisation", N_("Instansi"), false, 200),
};
const record_def_t agreement_party_def = {"agreement_party", "agreement_party", party_fields, APF_COUNT,
                                          "agreement_id", N_("Penandatangan dan saksi")};

static const field_def_t quota_fields[AQF_COUNT] = {
    [AQF_PHASE] = F_INT("phase", N_("Tahap"), true, 99),
    [AQF_QUOTA_MIN] = F_INT("quota_min", N_("Kuota minimum (orang)"), false, 10000, .def = "0"),
    [AQF_QUOTA_MAX] = F_INT("quota_max", N_("Kuota maksimum (orang)"), true, 10000),
    [AQF_NOTE] = F_TEXT("note", N_("Keterangan"), false, 300),
};
const record_def_t agreement_quota_def = {"agreement_quota", "agreement_quota", quota_fields, AQF_COUNT,
                                          "agreement_id", N_("Kuota peserta per tahap")};

static const field_def_t akj_fields[AKF_COUNT] = {
    [AKF_KEJURUAN_ID] = F_ID("kejuruan_id", N_("Kejuruan"), true),
};
const record_def_t agreement_kejuruan_def = {"agreement_kejuruan", "agreement_kejuruan", akj_fields, AKF_COUNT,
                                             "agreement_id", N_("Kejuruan yang dicakup")};

static const field_def_t kejuruan_fields[KJF_COUNT] = {
    [KJF_CODE] = F_TEXT("code", N_("Kode"), true, 20),
    [KJF_NAME] = F_TEXT("name", N_("Nama kejuruan"), true, 120),
    [KJF_STANDARD_REF] = F_TEXT("standard_ref", N_("Acuan standar (SKKNI)"), false, 300),
    [KJF_STANDARD_JP] = F_INT("standard_jp", N_("Jam pelajaran standar (JP)"), false, 10000),
    [KJF_DAYS] = F_INT("days", N_("Lama pelatihan standar (hari)"), false, 1000),
    [KJF_DESCRIPTION] = F_TEXT("description", N_("Uraian"), false, 2000),
    [KJF_ACTIVE] = F_BOOL("active", N_("Aktif"), false, .def = "1"),
};
const record_def_t kejuruan_def = {"kejuruan", "kejuruan", kejuruan_fields, KJF_COUNT, NULL, N_("Kejuruan")};

static const field_def_t unit_fields[CUF_COUNT] = {
    [CUF_SEQ] = F_INT("seq", N_("Urutan"), true, 999),
    [CUF_CODE] = F_TEXT("code", N_("Kode unit"), false, 40),
    [CUF_TITLE] = F_TEXT("title", N_("Judul unit kompetensi"), true, 300),
    [CUF_JP] = F_INT("jp", N_("JP"), false, 10000, .def = "0"),
};
const record_def_t competency_unit_def = {"competency_unit", "competency_unit", unit_fields, CUF_COUNT,
                                          "kejuruan_id", N_("Unit kompetensi")};

static const char *const place_c[] = {"lapas", "blk", NULL};
static const char *const place_l[] = {N_("Di dalam Lapas"), N_("Di BLK (di luar Lapas; peserta perlu asimilasi)"), NULL};
static const char *const pstatus_c[] = {"direncanakan", "seleksi", "berjalan", "selesai", "dibatalkan", NULL};
static const char *const pstatus_l[] = {N_("Direncanakan"), N_("Seleksi peserta"), N_("Berjalan"), N_("Selesai"), N_("Dibatalkan"),
                                        NULL};
static const field_def_t program_fields[PGF_COUNT] = {
    [PGF_NAME] = F_TEXT("name", N_("Nama program"), true, 200),
    [PGF_AGREEMENT_ID] = F_ID("agreement_id", N_("PKS"), true),
    [PGF_PHASE] = F_INT("phase", N_("Tahap"), true, 99),
    [PGF_KEJURUAN_ID] = F_ID("kejuruan_id", N_("Kejuruan"), true),
    [PGF_PROVIDER_ID] = F_ID("provider_id", N_("Penyelenggara (BLK)"), false),
    [PGF_PLACE] = F_ENUM("place", N_("Tempat pelatihan"), false, place_c, place_l, .def = "lapas"),
    [PGF_START_DATE] = F_DATE("start_date", N_("Rencana mulai"), true),
    [PGF_END_DATE] = F_DATE("end_date", N_("Rencana selesai"), true),
    [PGF_TOTAL_JP] = F_INT("total_jp", N_("Jumlah jam pelajaran (JP)"), false, 10000),
    [PGF_DAYS] = F_INT("days", N_("Jumlah hari pelatihan"), false, 1000),
    [PGF_SCHEDULE] = F_TEXT("schedule", N_("Hari dan jam"), false, 200),
    [PGF_CAPACITY_MIN] = F_INT("capacity_min", N_("Kapasitas minimum (orang)"), false, 1000, .def = "0"),
    [PGF_CAPACITY_MAX] = F_INT("capacity_max", N_("Kapasitas maksimum (orang)"), true, 1000),
    [PGF_REQUIRE_ASIMILASI] = F_BOOL("require_asimilasi", N_("Peserta harus memenuhi syarat asimilasi"), false,
                                     .def = "1"),
    [PGF_STATUS] = F_ENUM("status", N_("Status"), false, pstatus_c, pstatus_l, .def = "direncanakan"),
    [PGF_NOTES] = F_TEXT("notes", N_("Catatan"), false, 2000),
    [PGF_OUTSIDE] = F_BOOL("outside", N_("Diadakan di luar tembok (peserta keluar-masuk lewat pintu utama)"), false,
                           .def = "0"),
    [PGF_VENUE] = F_TEXT("venue", N_("Tempat di luar tembok (nama dan alamat)"), false, 300),
};
const record_def_t program_def = {"program", "program", program_fields, PGF_COUNT, NULL, N_("Program pelatihan")};

static const field_def_t instructor_fields[PIF_COUNT] = {
    [PIF_USER_ID] = F_ID("user_id", N_("Instruktur"), true),
};
const record_def_t program_instructor_def = {"program_instructor", "program_instructor", instructor_fields, PIF_COUNT,
                                             "program_id", N_("Instruktur")};

/* "8 Maret 2021" of an ISO date (the date itself when it does not parse). */
static const char *long_date(const char *iso, char out[DATE_LONG_LEN])
{
    date_t d;
    if (!iso || !date_parse(iso, &d)) {
        snprintf(out, DATE_LONG_LEN, "%s", iso ? iso : "-");
        return out;
    }
    date_format_long_ui(d, out);
    return out;
}

static int64_t num(const char *s) { return s ? strtoll(s, NULL, 10) : 0; }

/* Whether the ISO date to is before from; then a and b get their long forms. */
static bool ends_before(const char *from, const char *to, char a[DATE_LONG_LEN], char b[DATE_LONG_LEN])
{
    if (!from || !to || strcmp(to, from) >= 0) return false;
    long_date(to, a);
    long_date(from, b);
    return true;
}

/* A phase and the minimum and maximum of a head count (an agreement's quota, a program's
 * capacity): an error when the phase is below 1 or the maximum below 1 (on max_field,
 * max_msg an N_() text); whether the minimum is above the maximum (the caller says so). */
static bool counts_check(field_errs_t *fe, const char *phase, const char *min, const char *max, const char *max_field,
                         const char *max_msg)
{
    if (phase && num(phase) < 1) field_err(fe, "phase", _("Tahap dimulai dari 1"));
    if (max && num(max) < 1) field_err(fe, max_field, "%s", _(max_msg));
    return min && max && num(min) > num(max);
}

void agreement_validate(const char **v, field_errs_t *fe)
{
    char a[DATE_LONG_LEN], b[DATE_LONG_LEN];
    if (ends_before(v[AGF_VALID_FROM], v[AGF_VALID_TO], a, b))
        field_err(fe, "valid_to", _("Berlaku sampai (%s) tidak boleh sebelum berlaku mulai (%s)"), a, b);
}

void quota_validate(const char **v, field_errs_t *fe)
{
    const char *min = v[AQF_QUOTA_MIN], *max = v[AQF_QUOTA_MAX];
    if (counts_check(fe, v[AQF_PHASE], min, max, "quota_max", N_("Kuota maksimum sekurang-kurangnya 1 orang")))
        field_err(fe, "quota_min", _("Kuota minimum (%lld) tidak boleh lebih besar dari kuota maksimum (%lld)"),
                  (long long)num(min), (long long)num(max));
}

void program_validate(const char **v, field_errs_t *fe)
{
    char a[DATE_LONG_LEN], b[DATE_LONG_LEN];
    if (ends_before(v[PGF_START_DATE], v[PGF_END_DATE], a, b))
        field_err(fe, "end_date", _("Rencana selesai (%s) tidak boleh sebelum rencana mulai (%s)"), a, b);
    const char *min = v[PGF_CAPACITY_MIN], *max = v[PGF_CAPACITY_MAX];
    if (counts_check(fe, v[PGF_PHASE], min, max, "capacity_max", N_("Kapasitas maksimum sekurang-kurangnya 1 orang")))
        field_err(fe, "capacity_min", _("Kapasitas minimum (%lld) tidak boleh lebih besar dari kapasitas maksimum (%lld)"),
                  (long long)num(min), (long long)num(max));
    if (str_eq(v[PGF_PLACE], "blk") && str_eq(v[PGF_REQUIRE_ASIMILASI], "0"))
        field_err(fe, "require_asimilasi",
                  "Pelatihan di BLK berlangsung di luar Lapas, sehingga peserta harus memenuhi syarat asimilasi");
}

bool program_inside_validity(const char *start, const char *end, const char *valid_from, const char *valid_to)
{
    if (start && valid_from && strcmp(start, valid_from) < 0) return false;
    if (end && valid_to && strcmp(end, valid_to) > 0) return false;
    if (start && valid_to && strcmp(start, valid_to) > 0) return false;
    if (end && valid_from && strcmp(end, valid_from) < 0) return false;
    return true;
}

bool program_check_validity(const char *start, const char *end, const char *valid_from, const char *valid_to,
                            field_errs_t *fe)
{
    char f[DATE_LONG_LEN], t[DATE_LONG_LEN], d[DATE_LONG_LEN];
    bool ok = true;
    if (start && ((valid_from && strcmp(start, valid_from) < 0) || (valid_to && strcmp(start, valid_to) > 0))) {
        field_err(fe, "start_date", _("Rencana mulai %s berada di luar masa berlaku PKS (%s s.d. %s)"),
                  long_date(start, d), long_date(valid_from, f), long_date(valid_to, t));
        ok = false;
    }
    if (end && ((valid_to && strcmp(end, valid_to) > 0) || (valid_from && strcmp(end, valid_from) < 0))) {
        field_err(fe, "end_date", _("Rencana selesai %s berada di luar masa berlaku PKS (%s s.d. %s)"), long_date(end, d),
                  long_date(valid_from, f), long_date(valid_to, t));
        ok = false;
    }
    return ok;
}

bool program_check_quota(int64_t phase, bool has_quota, int64_t quota_max, int64_t others_max, int64_t this_max,
                         field_errs_t *fe)
{
    if (!has_quota) {
        field_err(fe, "phase", _("PKS ini tidak menetapkan kuota peserta untuk tahap %lld; tambahkan kuotanya dulu"),
                  (long long)phase);
        return false;
    }
    if (others_max + this_max <= quota_max) return true;
    int64_t left = quota_max - others_max;
    if (left < 0) left = 0;
    field_err(fe, "capacity_max",
              "Kuota tahap %lld PKS ini %lld orang; program lain di tahap ini sudah memakai %lld, sehingga kapasitas "
              "maksimum program ini paling banyak %lld (diisi %lld)",
              (long long)phase, (long long)quota_max, (long long)others_max, (long long)left, (long long)this_max);
    return false;
}

bool quota_check_used(int64_t phase, int64_t quota_max, int64_t used, field_errs_t *fe)
{
    if (used <= quota_max) return true;
    field_err(fe, "quota_max",
              "Program di tahap %lld sudah memakai kapasitas %lld orang; kuota maksimum tidak boleh kurang dari itu "
              "(diisi %lld)",
              (long long)phase, (long long)used, (long long)quota_max);
    return false;
}

const char *agreement_effective_status(const char *status, const char *valid_to, const char *today)
{
    if (!status) status = "draft";
    if (str_eq(status, "diakhiri") || str_eq(status, "draft")) return status;
    if (valid_to && today && strcmp(valid_to, today) < 0) return "berakhir";
    return status;
}

int64_t agreement_days_left(const char *valid_to, const char *today)
{
    date_t a, b;
    if (!valid_to || !today || !date_parse(valid_to, &a) || !date_parse(today, &b)) return 0;
    return (int64_t)a - (int64_t)b;
}

bool date_iso_add_days(const char *today, int64_t days, char out[11])
{
    date_t d;
    if (!today || !date_parse(today, &d) || days < -3660000 || days > 3660000) return false;
    date_format(date_add_days(d, (int32_t)days), out);
    return true;
}

/* "1,5 MiB" / "700 KiB" for messages. */
static void size_text(size_t n, char *out, size_t sz)
{
    if (n >= 1024 * 1024) {
        unsigned long tenths = (unsigned long)((n * 10 + 512 * 1024) / (1024 * 1024));
        snprintf(out, sz, "%lu,%lu MiB", tenths / 10, tenths % 10);
    } else
        snprintf(out, sz, "%lu KiB", (unsigned long)((n + 1023) / 1024));
}

int pdf_check(const char *data, size_t len, size_t max_bytes, char *msg, size_t msgsz)
{
    if (!data || len == 0) {
        snprintf(msg, msgsz, "berkas kosong; pilih berkas PDF hasil pindaian PKS");
        return 400;
    }
    if (len > max_bytes) {
        char have[32], lim[32];
        size_text(len, have, sizeof have);
        size_text(max_bytes, lim, sizeof lim);
        snprintf(msg, msgsz, "berkas terlalu besar (%s); batas unggahan dokumen PKS %s", have, lim);
        return 413;
    }
    if (len < 5 || memcmp(data, "%PDF-", 5) != 0) {
        snprintf(msg, msgsz, "berkas bukan PDF (tidak diawali %%PDF-); unggah hasil pindaian PKS dalam format PDF");
        return 415;
    }
    size_t tail = len < 1024 ? len : 1024;
    bool eof = false;
    for (size_t i = len - tail; i + 5 <= len && !eof; i++) eof = memcmp(data + i, "%%EOF", 5) == 0;
    if (!eof) {
        snprintf(msg, msgsz, "berkas PDF tidak utuh (penanda akhir %%%%EOF tidak ada); unggah ulang berkasnya");
        return 415;
    }
    return 0;
}
