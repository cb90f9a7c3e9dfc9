/* demo_programs.c — the cooperation agreement and training demo data for
 * `bekal init --demo` (DOMAIN.md sections 1 and 4): the Ketapang PKS signed on
 * 8 March 2021 between Lapas Kelas IIB Ketapang and Disnakertrans Kabupaten
 * Ketapang, witnessed by the Kepala Divisi Pemasyarakatan of Kanwil Kalimantan
 * Barat and delivered through BLK Ketapang; the five trades with their units;
 * phase 1 with five programmes whose capacities add up to 30; and a second,
 * made-up agreement that ends soon. Officials' names and document numbers are
 * made up (marked as examples); every row passes the same field validation and
 * rule checks as data entered through the pages. */
#include "demo.h"
#include "../core/program.h"
#include "../store/records.h"
#include "../store/settings.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const struct {
    const char *code, *name, *ref, *jp, *days, *desc;
    const char *units[8][3]; /* code, title, JP */
} trades[] = {
    {"LAS", "Las listrik", "SKKNI bidang pengelasan, Kepmenaker 98/2018", "240", "30",
     "Pengelasan busur manual (SMAW) pelat baja karbon.",
     {{NULL, "Menerapkan keselamatan dan kesehatan kerja (K3) pengelasan", "20"},
      {NULL, "Membaca gambar teknik dan simbol las", "20"},
      {NULL, "Menyiapkan peralatan las busur manual", "30"},
      {NULL, "Mengelas pelat posisi bawah tangan (1F/1G) dengan SMAW", "80"},
      {NULL, "Mengelas pelat posisi horizontal (2F/2G) dengan SMAW", "60"},
      {NULL, "Memeriksa hasil las secara visual", "30"}}},
    {"KOMP", "Perbaikan komputer", "SKKNI technical support komputer, Kepmenaker 285/2016 (unit J.620900.xxx)", "240",
     "30", "Perakitan, instalasi dan perbaikan komputer personal.",
     {{NULL, "Menerapkan K3 dan penanganan komponen elektronik", "20"},
      {NULL, "Merakit komputer personal", "50"},
      {NULL, "Menginstal sistem operasi dan perangkat lunak", "50"},
      {NULL, "Mendiagnosis kerusakan perangkat keras", "50"},
      {NULL, "Memperbaiki dan mengganti komponen komputer", "50"},
      {NULL, "Memasang jaringan lokal sederhana", "20"}}},
    {"OLTAN", "Pengolahan hasil pertanian", NULL, "240", "30",
     "Belum ada satu SKKNI untuk bidang ini (DOMAIN.md 4): unit disusun bersama BLK dan dapat diubah.",
     {{NULL, "Menerapkan higiene dan sanitasi pangan", "30"},
      {NULL, "Menyortir dan menyiapkan bahan baku hasil pertanian", "40"},
      {NULL, "Mengolah hasil pertanian menjadi produk pangan (keripik, tepung, selai)", "110"},
      {NULL, "Mengemas dan melabel produk", "30"},
      {NULL, "Menghitung biaya produksi dan harga jual", "30"}}},
    {"OLKAN", "Pengolahan hasil perikanan", NULL, "240", "30",
     "Belum ada satu SKKNI untuk bidang ini (DOMAIN.md 4): unit disusun bersama BLK dan dapat diubah.",
     {{NULL, "Menerapkan higiene dan sanitasi pangan", "30"},
      {NULL, "Menangani dan menyimpan ikan segar", "40"},
      {NULL, "Mengolah ikan asin dan ikan asap", "50"},
      {NULL, "Membuat produk olahan ikan (kerupuk, abon, bakso)", "70"},
      {NULL, "Mengemas dan melabel produk", "20"},
      {NULL, "Menghitung biaya produksi dan harga jual", "30"}}},
    {"JAHIT", "Menjahit", "SKKNI bidang garmen, Kepmenaker 177/2020", "260", "33",
     "Menjahit pakaian dengan mesin jahit industri.",
     {{NULL, "Menerapkan K3 di tempat kerja garmen", "20"},
      {NULL, "Mengoperasikan mesin jahit", "40"},
      {NULL, "Mengambil ukuran badan", "20"},
      {NULL, "Membuat pola dasar", "40"},
      {NULL, "Memotong bahan", "30"},
      {NULL, "Menjahit pakaian", "90"},
      {NULL, "Menyelesaikan dan mengemas produk", "20"}}},
};

/* Phase 1 of the Ketapang PKS: one programme per trade, max capacities 30 in all. */
static const struct {
    int trade;
    const char *name, *start, *end, *cap_min, *cap_max;
    bool instructor; /* the demo account `instruktur` teaches it */
} phase1[] = {
    {0, "Las listrik tahap 1", "2021-05-03", "2021-06-14", "5", "6", true},
    {1, "Perbaikan komputer tahap 1", "2021-05-03", "2021-06-14", "5", "6", true},
    {2, "Pengolahan hasil pertanian tahap 1", "2021-05-03", "2021-06-14", "5", "6", false},
    {3, "Pengolahan hasil perikanan tahap 1", "2021-05-03", "2021-06-14", "5", "5", false},
    {4, "Menjahit tahap 1", "2021-05-03", "2021-06-18", "5", "7", false},
};

int demo_seed_programs(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor)
{
    arena_t a;
    arena_init(&a);
    int ret = -1;
    int64_t kj[ARRAY_LEN(trades)], instr;
    int64_t qmin, qmax;
    char end_soon[11], start_soon[11];

    const char *disnaker[PAF_COUNT] = {"Dinas Tenaga Kerja dan Transmigrasi Kabupaten Ketapang", "disnakertrans",
                                       "Ketapang, Kalimantan Barat", "Yosef Anyang Lusi (contoh)",
                                       "Kepala Bidang Pelatihan dan Produktivitas", NULL, NULL,
                                       "Pihak kedua PKS Ketapang 2021."};
    const char *blk[PAF_COUNT] = {"UPT Balai Latihan Kerja (BLK) Ketapang", "blk", "Ketapang, Kalimantan Barat",
                                  "Rahmawati Kusnadi (contoh)", "Kepala Seksi Pelatihan", NULL, NULL,
                                  "Pelaksana pelatihan PKS Ketapang 2021."};
    const char *lpk[PAF_COUNT] = {"LPK Tunas Terampil Ketapang (contoh)", "lpk", "Ketapang, Kalimantan Barat",
                                  "Agustinus Lim (contoh)", "Direktur", NULL, NULL,
                                  "Mitra rekaan untuk contoh PKS yang segera berakhir."};
    int64_t p_dis = demo_put(db, e, &a, who, &partner_def, site_id, 0, disnaker, NULL);
    int64_t p_blk = p_dis < 0 ? -1 : demo_put(db, e, &a, who, &partner_def, site_id, 0, blk, NULL);
    int64_t p_lpk = p_blk < 0 ? -1 : demo_put(db, e, &a, who, &partner_def, site_id, 0, lpk, NULL);
    if (p_lpk < 0) goto out;

    for (size_t t = 0; t < ARRAY_LEN(trades); t++) {
        const char *raw[KJF_COUNT] = {trades[t].code, trades[t].name, trades[t].ref, trades[t].jp, trades[t].days,
                                      trades[t].desc, "1"};
        if ((kj[t] = demo_put(db, e, &a, who, &kejuruan_def, site_id, 0, raw, NULL)) < 0) goto out;
        for (int u = 0; u < 8 && trades[t].units[u][1]; u++) {
            const char *ur[CUF_COUNT] = {demo_int(&a, u + 1), trades[t].units[u][0], trades[t].units[u][1],
                                         trades[t].units[u][2]};
            if (demo_put(db, e, &a, who, &competency_unit_def, site_id, kj[t], ur, NULL) < 0) goto out;
        }
    }

    /* The Ketapang PKS. Its term is not in the sources; five years is assumed. */
    const char *pks[AGF_COUNT] = {
        "Perjanjian Kerja Sama tentang Pelatihan Keterampilan Kerja bagi Warga Binaan Pemasyarakatan Lapas Kelas IIB "
        "Ketapang",
        demo_int(&a, p_dis), demo_int(&a, p_blk), "W11.PAS.PAS.5-HM.05.02-01/2021 (contoh)", "560/DTKT-LATTAS/2021 (contoh)",
        "2021-03-08", "Ketapang", "2021-03-08", "2026-03-07",
        "Menyiapkan WBP yang memenuhi syarat asimilasi sebagai peserta, melakukan asesmen awal sebulan setelah "
        "penandatanganan, menyediakan tempat pelatihan di dalam Lapas, dan mengawasi peserta.",
        "Menyediakan instruktur dan kurikulum berbasis kompetensi melalui BLK Ketapang, menerbitkan sertifikat "
        "pelatihan, dan membantu penempatan kerja setelah bebas.",
        "aktif",
        "Tahap awal 25 sampai 30 WBP dalam lima kejuruan. Masa berlaku lima tahun adalah asumsi data contoh; nama "
        "pejabat dan nomor dokumen adalah contoh."};
    int64_t ag = demo_put(db, e, &a, who, &agreement_def, site_id, 0, pks, agreement_validate);
    if (ag < 0) goto out;
    static const char *const parties[][APF_COUNT] = {
        {"penandatangan", "lapas", "Bambang Sutejo Wiryawan (contoh)", "Kepala Lapas Kelas IIB Ketapang",
         "Lapas Kelas IIB Ketapang"},
        {"penandatangan", "mitra", "Hendrikus Jumadi (contoh)",
         "Kepala Dinas Tenaga Kerja dan Transmigrasi Kabupaten Ketapang",
         "Dinas Tenaga Kerja dan Transmigrasi Kabupaten Ketapang"},
        {"saksi", "lainnya", "Surya Darmawan Pakpahan (contoh)", "Kepala Divisi Pemasyarakatan",
         "Kantor Wilayah Kementerian Hukum dan HAM Kalimantan Barat"},
    };
    for (size_t i = 0; i < ARRAY_LEN(parties); i++)
        if (demo_put(db, e, &a, who, &agreement_party_def, site_id, ag, parties[i], NULL) < 0) goto out;
    for (size_t t = 0; t < ARRAY_LEN(trades); t++) {
        const char *raw[AKF_COUNT] = {demo_int(&a, kj[t])};
        if (demo_put(db, e, &a, who, &agreement_kejuruan_def, site_id, ag, raw, NULL) < 0) goto out;
    }
    /* the first phase's 25-30 are settings, not constants */
    if (setting_int(db, e, "agreement.first_phase_quota_min", site_id, "2021-03-08", &qmin) < 0 ||
        setting_int(db, e, "agreement.first_phase_quota_max", site_id, "2021-03-08", &qmax) < 0)
        goto out;
    const char *quota[AQF_COUNT] = {"1", demo_int(&a, qmin), demo_int(&a, qmax), "Tahap awal; asesmen awal April 2021"};
    if (demo_put(db, e, &a, who, &agreement_quota_def, site_id, ag, quota, quota_validate) < 0) goto out;

    if ((instr = demo_user_id(db, e, "instruktur")) < 0) goto out;
    int64_t used = 0;
    for (size_t i = 0; i < ARRAY_LEN(phase1); i++) {
        const char *raw[PGF_COUNT] = {phase1[i].name, demo_int(&a, ag), "1", demo_int(&a, kj[phase1[i].trade]), demo_int(&a, p_blk),
                                      "lapas", phase1[i].start, phase1[i].end, trades[phase1[i].trade].jp,
                                      trades[phase1[i].trade].days, "Senin-Jumat 08.00-14.00", phase1[i].cap_min,
                                      phase1[i].cap_max, "1", "selesai", NULL};
        field_errs_t fe = {0};
        program_check_validity(phase1[i].start, phase1[i].end, "2021-03-08", "2026-03-07", &fe);
        program_check_quota(1, true, qmax, used, atoi(phase1[i].cap_max), &fe);
        if (fe.n) {
            err_set(e, 500, "demo", "program contoh %s melanggar aturan: %s", phase1[i].name, fe.e[0].msg);
            goto out;
        }
        used += atoi(phase1[i].cap_max);
        int64_t pid = demo_put(db, e, &a, who, &program_def, site_id, 0, raw, program_validate);
        if (pid < 0) goto out;
        if (phase1[i].instructor && instr > 0) {
            const char *ir[PIF_COUNT] = {demo_int(&a, instr)};
            if (demo_put(db, e, &a, who, &program_instructor_def, site_id, pid, ir, NULL) < 0) goto out;
        }
    }

    /* A made-up second agreement that ends 45 days after the dataset's "today". */
    if (!date_iso_add_days(anchor, 45, end_soon) || !date_iso_add_days(anchor, -320, start_soon)) {
        err_set(e, 500, "demo", "tanggal acuan data contoh tidak sah: %s", anchor);
        goto out;
    }
    const char *pks2[AGF_COUNT] = {"Perjanjian Kerja Sama Pelatihan Menjahit Lanjutan (contoh)", demo_int(&a, p_lpk), demo_int(&a, p_lpk),
                                   "DEMO/PKS/LPKTP/002", "DEMO/LPK-TT/002", start_soon, "Ketapang", start_soon, end_soon,
                                   NULL, NULL, "aktif", "PKS rekaan untuk contoh daftar PKS yang segera berakhir."};
    int64_t ag2 = demo_put(db, e, &a, who, &agreement_def, site_id, 0, pks2, agreement_validate);
    if (ag2 < 0) goto out;
    const char *tr2[AKF_COUNT] = {demo_int(&a, kj[4])};
    const char *q2[AQF_COUNT] = {"1", "10", "16", NULL};
    if (demo_put(db, e, &a, who, &agreement_kejuruan_def, site_id, ag2, tr2, NULL) < 0 ||
        demo_put(db, e, &a, who, &agreement_quota_def, site_id, ag2, q2, quota_validate) < 0)
        goto out;
    /* its signatories: a certificate needs both sides (certificate.signatories_required) */
    static const char *const parties2[][APF_COUNT] = {
        {"penandatangan", "lapas", "Bambang Sutejo Wiryawan (contoh)", "Kepala Lapas Kelas IIB Ketapang",
         "Lapas Kelas IIB Ketapang"},
        {"penandatangan", "mitra", "Maria Goreti Lestari (contoh)", "Pimpinan LPK Tata Busana (contoh)",
         "LPK Tata Busana (contoh)"},
    };
    for (size_t i = 0; i < ARRAY_LEN(parties2); i++)
        if (demo_put(db, e, &a, who, &agreement_party_def, site_id, ag2, parties2[i], NULL) < 0) goto out;
    ret = 0;
out:
    arena_release(&a);
    return ret;
}
