/* enrolment.c — the enrolment status table and its checks (see enrolment.h). */
#include "enrolment.h"
#include <stdio.h>
#include <string.h>

static const struct {
    const char *code, *label;
    unsigned next; /* bit (1u << enrol_status_t) of the statuses it may change to */
} table[ENROL__COUNT] = {
    [ENROL_KANDIDAT] = {"kandidat", N_("Kandidat"),
                        1u << ENROL_DITEMPATKAN | 1u << ENROL_DAFTAR_TUNGGU | 1u << ENROL_MUNDUR},
    [ENROL_DITEMPATKAN] = {"ditempatkan", N_("Ditempatkan"),
                           1u << ENROL_TERDAFTAR | 1u << ENROL_DAFTAR_TUNGGU | 1u << ENROL_MUNDUR},
    [ENROL_DAFTAR_TUNGGU] = {"daftar_tunggu", N_("Daftar tunggu"), 1u << ENROL_DITEMPATKAN | 1u << ENROL_MUNDUR},
    [ENROL_TERDAFTAR] = {"terdaftar", N_("Terdaftar (mengikuti pelatihan)"),
                         1u << ENROL_SELESAI | 1u << ENROL_TIDAK_LULUS | 1u << ENROL_MUNDUR},
    [ENROL_MUNDUR] = {"mundur", N_("Mundur"), 0},
    [ENROL_SELESAI] = {"selesai", N_("Selesai"), 0},
    [ENROL_TIDAK_LULUS] = {"tidak_lulus", N_("Tidak lulus"), 0},
};

const char *enrol_status_code(enrol_status_t s) { return (unsigned)s < ENROL__COUNT ? table[s].code : "?"; }
const char *enrol_status_label(enrol_status_t s) { return (unsigned)s < ENROL__COUNT ? _(table[s].label) : "?"; }

int enrol_status_parse(const char *s)
{
    for (int i = 0; s && i < ENROL__COUNT; i++)
        if (!strcmp(s, table[i].code)) return i;
    return -1;
}

bool enrol_can(enrol_status_t from, enrol_status_t to)
{
    return (unsigned)from < ENROL__COUNT && (unsigned)to < ENROL__COUNT && (table[from].next >> to & 1u);
}

bool enrol_is_final(enrol_status_t s) { return (unsigned)s < ENROL__COUNT && table[s].next == 0; }

int enrol_transition(enrol_status_t from, enrol_status_t to, const char *reason, err_t *e)
{
    if ((unsigned)from >= ENROL__COUNT || (unsigned)to >= ENROL__COUNT)
        return err_set(e, 400, "invalid_status", "Status pendaftaran tidak dikenal");
    if (!enrol_can(from, to)) {
        char allowed[200] = "";
        size_t n = 0;
        for (int s = 0; s < ENROL__COUNT; s++)
            if (table[from].next >> s & 1u)
                n += (size_t)snprintf(allowed + n, sizeof allowed - n, "%s\"%s\"", n ? ", " : "", table[s].label);
        if (from == to)
            return err_set(e, 409, "illegal_transition", "Status pendaftaran sudah \"%s\"", table[from].label);
        if (!table[from].next)
            return err_set(e, 409, "illegal_transition",
                           "Status pendaftaran \"%s\" tidak dapat diubah menjadi \"%s\": \"%s\" adalah status akhir",
                           table[from].label, table[to].label, table[from].label);
        return err_set(e, 409, "illegal_transition",
                       "Status pendaftaran \"%s\" tidak dapat diubah menjadi \"%s\"; dari \"%s\" hanya boleh ke %s",
                       table[from].label, table[to].label, table[from].label, allowed);
    }
    const char *p = reason;
    while (p && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    if (!p || !*p)
        return err_set(e, 400, "reason_required", "Alasan perubahan status dari \"%s\" ke \"%s\" wajib diisi",
                       table[from].label, table[to].label);
    return 0;
}
