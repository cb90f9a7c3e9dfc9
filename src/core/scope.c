/* scope.c — inmate scopes of the roles and caseload rules (scope.h). */
#include "scope.h"
#include "../util/i18n.h"
#include "../util/util.h"
#include <string.h>

scope_kind_t scope_of_role(const char *role)
{
    if (!role) return SCOPE_SITES;
    if (str_eq(role, "wali")) return SCOPE_CASELOAD;
    if (str_eq(role, "instruktur")) return SCOPE_PROGRAMME;
    if (str_eq(role, "bapas")) return SCOPE_RELEASE;
    return SCOPE_SITES;
}

bool scope_role_restricted(const char *role) { return scope_of_role(role) != SCOPE_SITES; }

static const field_def_t caseload_fields[CLF_COUNT] = {
    [CLF_WBP_ID] = F_ID("wbp_id", N_("WBP"), true),
    [CLF_USER_ID] = F_ID("user_id", N_("Wali pemasyarakatan"), true),
    [CLF_STARTED_ON] = F_DATE("started_on", N_("Mulai"), true),
    [CLF_ENDED_ON] = F_DATE("ended_on", N_("Berakhir"), false),
    [CLF_NOTES] = F_TEXT("notes", N_("Catatan"), false, 500),
};
const record_def_t caseload_def = {"caseload", "caseload", caseload_fields, CLF_COUNT, NULL,
                                   N_("Penugasan wali")};

static bool empty(const char *s) { return !s || !*s; }

bool caseload_dates_ok(const char *started, const char *ended, const char *today, const char **field,
                       const char **msg)
{
    if (empty(started)) {
        *field = "started_on", *msg = N_("Tanggal mulai wajib diisi");
        return false;
    }
    if (today && strcmp(started, today) > 0) {
        *field = "started_on", *msg = N_("Tanggal mulai tidak boleh di masa depan");
        return false;
    }
    if (empty(ended)) return true;
    if (strcmp(ended, started) < 0) {
        *field = "ended_on", *msg = N_("Tanggal berakhir tidak boleh sebelum tanggal mulai");
        return false;
    }
    if (today && strcmp(ended, today) > 0) {
        *field = "ended_on", *msg = N_("Tanggal berakhir tidak boleh di masa depan");
        return false;
    }
    return true;
}

static bool same(const char *a, const char *b) { return str_eq(empty(a) ? "" : a, empty(b) ? "" : b); }

bool caseload_change_ok(const char *const *before, const char *const *after, const char **field)
{
    static const int fixed[] = {CLF_WBP_ID, CLF_USER_ID, CLF_STARTED_ON};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (!same(before[fixed[i]], after[fixed[i]])) {
            *field = caseload_fields[fixed[i]].name;
            return false;
        }
    if (!empty(before[CLF_ENDED_ON]) && !same(before[CLF_ENDED_ON], after[CLF_ENDED_ON])) {
        *field = "ended_on";
        return false;
    }
    return true;
}
