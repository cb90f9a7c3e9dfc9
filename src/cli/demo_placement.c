/* demo_placement.c — the initial assessment, placement and asimilasi proposals of
 * phase 1 of the Ketapang PKS for `bekal init --demo` (issue 5).
 *
 * Phase 1 started on 3 May 2021, but the synthetic register of demo.c holds
 * inmates detained from 2016 on, none of whom had served half a sentence by then
 * while still being inside today. So the cohort of 2021 is added here: 46 men
 * with long sentences (18-20 years, detained 2010-2012), remisi on 17 August each
 * year, no discipline and SPPN scores for January-April 2021 and for the last
 * months before the dataset's "today", so they were asimilasi-eligible when phase 1
 * started and are still inside. 40 of them were assessed in April 2021 (6 are
 * left for the candidate list's "not assessed yet"); the placement is applied
 * through the same store code as `bekal place --apply`; one placed man withdraws
 * and the seat goes to the waiting list; five proposals stand at different steps
 * of the approval chain. Everything goes through the validated, audited store
 * functions; all numbers come from a fixed seed. */
#include "demo.h"
#include "../core/pembinaan.h"
#include "../core/wbp.h"
#include "../store/placement_store.h"
#include "../store/usulan_store.h"
#include "../store/wbp_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COHORT 46
#define ASSESSED 40

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}
static int pick(uint64_t *s, int lo, int hi) { return lo + (int)(next(s) % (uint64_t)(hi - lo + 1)); }

static const char *const given[] = {"Abdul", "Bambang", "Candra", "Darmawan", "Edi", "Ferry", "Gunawan", "Heri",
                                    "Ismail", "Junaidi", "Kurniawan", "Lutfi", "Mulyadi", "Nurdin", "Paulus",
                                    "Ramli", "Sahrul", "Tono", "Udin", "Viktor", "Yohanes", "Zulkarnain"};
static const char *const family[] = {"Ambarita", "Butar-butar", "Damanik", "Hasibuan", "Kalangi", "Lumbantobing",
                                     "Munthe", "Nainggolan", "Pardede", "Rangkuti", "Saragih", "Simatupang",
                                     "Sinurat", "Tampubolon", "Wulandari", "Yusuf", "Sanusi", "Arifin"};
static const char *const details[] = {"Pasal 338 KUHP (pembunuhan)", "Pasal 340 KUHP (pembunuhan berencana)",
                                      "Pasal 365 ayat (4) KUHP (pencurian dengan kekerasan)",
                                      "Pasal 285 KUHP (pemerkosaan)"};
static const char *const works[] = {"Buruh bangunan", "Nelayan", "Petani sawit", "Montir bengkel motor",
                                    "Penjahit rumahan", "Sopir angkutan", "Pedagang ikan", "Tukang las pagar",
                                    "Belum pernah bekerja", "Operator warnet"};

/* One cohort inmate, validated like any other WBP; returns its id. */
static int64_t add_inmate(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t site, uint64_t *rs, int i,
                          const char *today)
{
    int years = pick(rs, 18, 20), sy = pick(rs, 2010, 2011), sm = pick(rs, 1, 12), sd = pick(rs, 1, 28);
    if (sy == 2011 && sm > 6) sm -= 6; /* half served by early 2021 */
    char start[16], birth[16], verdict[16];
    snprintf(start, sizeof start, "%04d-%02d-%02d", sy, sm, sd);
    snprintf(birth, sizeof birth, "%04d-%02d-%02d", sy - pick(rs, 20, 40), pick(rs, 1, 12), pick(rs, 1, 28));
    snprintf(verdict, sizeof verdict, "%04d-%02d-%02d", sy + (sm > 7), (sm + 4) % 12 + 1, sd);
    const char *raw[WF_COUNT] = {0};
    raw[WF_REGNO] = arena_printf(a, "BI.%04d/%d", 9001 + i, sy);
    raw[WF_NAME] = arena_printf(a, "%s %s", given[next(rs) % ARRAY_LEN(given)], family[next(rs) % ARRAY_LEN(family)]);
    raw[WF_BIRTH_DATE] = birth;
    raw[WF_SEX] = "L";
    raw[WF_RELIGION] = pick(rs, 0, 4) ? "Islam" : "Kristen";
    raw[WF_NATIONALITY] = "WNI";
    raw[WF_EDUCATION] = pick(rs, 0, 2) ? "SMP" : "SMA/SMK";
    raw[WF_LEGAL_CLASS] = "narapidana";
    raw[WF_CRIME_CATEGORY] = "umum";
    raw[WF_CRIME_DETAIL] = details[next(rs) % ARRAY_LEN(details)];
    raw[WF_SENTENCE_KIND] = "pidana";
    raw[WF_TERM_YEARS] = arena_printf(a, "%d", years);
    raw[WF_TERM_MONTHS] = "0";
    raw[WF_TERM_DAYS] = "0";
    raw[WF_DETENTION_START] = start;
    raw[WF_VERDICT_NO] = arena_printf(a, "%d/Pid.B/%d/PN Ktp", pick(rs, 1, 300), sy + (sm > 7));
    raw[WF_VERDICT_DATE] = verdict;
    raw[WF_STATUS] = "ditahan";
    const char *v[WF_COUNT] = {0};
    field_errs_t fe = {0};
    for (int k = 0; k < WF_COUNT; k++) rec_set(a, &wbp_def, v, k, raw[k], &fe);
    rec_finish(&wbp_def, v, &fe);
    wbp_validate(v, today, &fe);
    if (fe.n) return err_set(e, 500, "demo", "data contoh %s tidak sah: %s", raw[WF_REGNO], fe.e[0].msg);
    int64_t id;
    if (wbp_upsert(db, e, a, who, site, v, &id) < 0) return -1;
    /* remisi umum on 17 August of each year with at least six months served */
    for (int y = sy; y <= atoi(today); y++) {
        char g[16];
        snprintf(g, sizeof g, "%04d-08-17", y % 10000);
        if (strcmp(g, today) > 0 || (y == sy && sm > 2)) continue;
        const char *r[RF_COUNT] = {"umum", "1", "0", arena_strdup(a, g),
                                   arena_printf(a, "W11.DEMO-%d/PAS/%d", y, pick(rs, 100, 999))};
        if (rec_insert_child(db, e, &remisi_def, who, site, id, r) < 0) return -1;
    }
    /* SPPN: January-April 2021, and the four full months before today */
    int ty = atoi(today), tm = atoi(today + 5);
    for (int k = 0; k < 8; k++) {
        int y = 2021, m = k + 1;
        if (k >= 4) {
            y = ty, m = tm - (k - 3);
            while (m < 1) m += 12, y--;
        }
        const char *s[SF_COUNT] = {arena_printf(a, "%04d-%02d", y, m), arena_printf(a, "%d", pick(rs, 64, 95)),
                                   "baik"};
        if (rec_insert_child(db, e, &sppn_def, who, site, id, s) < 0) return -1;
    }
    return id;
}

/* A minimal PDF, as a stand-in scan. */
static const char demo_pdf[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                               "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

int demo_seed_placement(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor)
{
    arena_t a;
    arena_init(&a);
    int ret = -1;
    uint64_t rs = 0x41534553ULL; /* "ASES" */
    int64_t ids[COHORT];
    for (int i = 0; i < COHORT; i++)
        if ((ids[i] = add_inmate(db, e, &a, who, site_id, &rs, i, anchor)) < 0) goto out;

    /* phase 1 of the Ketapang PKS */
    int64_t ag = demo_agreement_signed_on(db, e, site_id, "2021-03-08");
    if (ag <= 0) {
        if (ag == 0) err_set(e, 500, "demo", "PKS Ketapang contoh tidak ada");
        goto out;
    }
    phase_t ph;
    phase_data_t d;
    char spec[40];
    snprintf(spec, sizeof spec, "%lld:1", (long long)ag);
    if (phase_find(db, e, &a, 0, spec, &ph) <= 0) {
        err_set(e, 500, "demo", "tahap 1 PKS Ketapang contoh tidak ada");
        goto out;
    }
    if (phase_data_load(db, e, &a, &ph, anchor, &d) < 0) goto out;
    int pool = 0;
    for (int c = 0; c < d.ncand; c++) pool += d.cand[c].pool;
    if (pool < ASSESSED) {
        err_set(e, 500, "demo", "hanya %d calon tahap 1 yang memenuhi syarat (perlu %d)", pool, ASSESSED);
        goto out;
    }
    /* interests: welding and computers are wanted most; aptitude per trade wanted */
    static const int trade_w[] = {30, 27, 14, 12, 17}; /* LAS, KOMP, OLTAN, OLKAN, JAHIT (programme order) */
    int done = 0;
    for (int i = 0; i < COHORT && done < ASSESSED; i++) {
        int ci = phase_cand_index(&d, ids[i]);
        if (ci < 0 || !d.cand[ci].pool) continue;
        assess_in_t in;
        assess_in_init(&a, &d, &in);
        in.v[ASF_WBP_ID] = arena_printf(&a, "%lld", (long long)ids[i]);
        in.v[ASF_ASSESSED_ON] = arena_printf(&a, "2021-04-%02d", 12 + done % 10);
        in.v[ASF_ASSESSOR] = done % 3 ? "Nurhayati Rangkuti" : "Yohanes Bere Lamablawa";
        static const char *const lv[] = {"baik", "cukup", "cukup", "kurang"};
        in.v[ASF_LITERACY] = lv[next(&rs) % 4];
        in.v[ASF_NUMERACY] = lv[next(&rs) % 4];
        in.v[ASF_RISK] = done == 7 || done == 23 ? "tinggi" : next(&rs) % 5 == 0 ? "sedang" : "rendah";
        in.v[ASF_EXPERIENCE] = works[next(&rs) % ARRAY_LEN(works)];
        in.v[ASF_NOTES] = done == 7 || done == 23 ? "Riwayat kekerasan di blok; dinilai ulang tahap berikutnya." : NULL;
        int want = pick(&rs, 2, 3), rank = 1;
        bool used[8] = {false};
        while (rank <= want && rank <= in.ntrades) {
            int total = 0, t;
            for (t = 0; t < in.ntrades; t++) total += used[t] ? 0 : trade_w[t % 5];
            int r = (int)(next(&rs) % (uint64_t)total);
            for (t = 0; t < in.ntrades; t++) {
                if (used[t]) continue;
                if ((r -= trade_w[t % 5]) < 0) break;
            }
            used[t] = true;
            const char **tv = in.trades[t].v;
            tv[ATF_INTEREST_RANK] = arena_printf(&a, "%d", rank++);
            tv[ATF_APTITUDE] = arena_printf(&a, "%d", pick(&rs, 45, 95));
            tv[ATF_FIT] = next(&rs) % 12 == 0 ? "0" : "1";
        }
        field_errs_t fe = {0};
        assess_check(db, e, &a, 0, &d, &in, anchor, &fe);
        if (fe.n) {
            err_set(e, 500, "demo", "asesmen contoh tidak sah: %s", fe.e[0].msg);
            goto out;
        }
        int64_t aid;
        int result;
        if (assess_save(db, e, &a, who, &d, &in, &aid, &result) < 0) goto out;
        done++;
    }

    /* the placement, applied as `bekal place --apply` would */
    ph_apply_t applied;
    if (phase_apply(db, e, &a, who, 0, ph.id, anchor, NULL, &applied) < 0) goto out;
    if (phase_data_load(db, e, &a, &ph, anchor, &d) < 0) goto out;

    /* one placed man withdraws before the start: the seat goes to the waiting list */
    int64_t placed[40];
    int np = 0;
    for (int c = 0; c < d.ncand && np < 40; c++)
        if (str_eq(d.cand[c].status, "ditempatkan")) placed[np++] = d.cand[c].enrolment_id;
    if (np < 25) {
        err_set(e, 500, "demo", "hanya %d calon ditempatkan (perlu 25-30)", np);
        goto out;
    }
    ph_promotion_t prom;
    if (enrol_change_status(db, e, &a, who, 0, placed[np / 2], "mundur",
                            "Mengundurkan diri sebelum pelatihan dimulai: memilih bekerja di dapur Lapas",
                            "permintaan_sendiri", anchor,
                            &prom) < 0)
        goto out;

    /* proposals at different steps (the Kalapas decides, as the chain requires) */
    int64_t kalapas = demo_user_id(db, e, "kalapas");
    if (kalapas < 0) goto out;
    actor_t head = {kalapas, "kalapas", "kalapas"};
    static const char *const targets[] = {"draft", "diusulkan_tpp", "direkomendasikan", "ditetapkan", "aktif"};
    int made = 0;
    for (int c = 0; c < d.ncand && made < (int)ARRAY_LEN(targets); c++) {
        const ph_cand_t *x = &d.cand[c];
        if (!str_eq(x->status, "ditempatkan")) continue;
        int64_t uid;
        if (usulan_create(db, e, &a, who, 0, x->wbp_id, "dalam_lapas",
                          "Usulan asimilasi di dalam Lapas untuk mengikuti pelatihan kerja tahap 1.", NULL, anchor, &uid,
                          NULL) < 0) {
            if (!str_eq(e->code, "not_eligible")) goto out;
            err_clear(e); /* the law refuses this one (e.g. special crimes: social work only) */
            continue;
        }
        const char *target = targets[made++];
        usulan_full_t f;
        if (usulan_load(db, e, &a, 0, uid, &f) <= 0) goto out;
        usulan_check_t list[USL_MAX_DOCS];
        bool complete;
        int n = usulan_checklist_for(db, e, &a, &f, list, &complete);
        if (n < 0) goto out;
        for (int k = 0; k < n; k++) {
            if (list[k].status != DOC_BELUM_ADA || (str_eq(target, "draft") && k % 2)) continue;
            bool scan = k == 0;
            if (usulan_doc_set(db, e, &a, who, 0, uid, list[k].doc->code, 1, NULL, scan ? demo_pdf : NULL,
                               scan ? sizeof demo_pdf - 1 : 0, scan ? "putusan-ba8.pdf" : NULL) < 0)
                goto out;
        }
        if (str_eq(target, "draft")) continue;
        usulan_step_in_t s1 = {.tpp_date = "2021-04-28"};
        if (usulan_step(db, e, &a, who, 0, uid, "diusulkan_tpp", &s1, NULL) < 0) goto out;
        if (str_eq(target, "diusulkan_tpp")) continue;
        if (usulan_step(db, e, &a, who, 0, uid, "direkomendasikan", NULL, NULL) < 0) goto out;
        if (str_eq(target, "direkomendasikan")) continue;
        usulan_step_in_t s3 = {.decree_no = arena_printf(&a, "W11.PAS.PAS.5-PK.01.04-%d/2021 (contoh)", 140 + made),
                               .decree_date = "2021-04-30"};
        if (usulan_step(db, e, &a, &head, 0, uid, "ditetapkan", &s3, NULL) < 0) goto out;
        if (str_eq(target, "ditetapkan")) continue;
        usulan_step_in_t s4 = {.start_date = "2021-05-03"};
        if (usulan_step(db, e, &a, who, 0, uid, "aktif", &s4, NULL) < 0) goto out;
    }
    if (tpp_session_set(db, e, who, site_id, "2021-04-28", "Aula Lapas Kelas IIB Ketapang",
                        "Kepala Seksi Bimbingan Napi/Anak Didik (contoh)") < 0)
        goto out;
    ret = 0;
out:
    arena_release(&a);
    return ret;
}
