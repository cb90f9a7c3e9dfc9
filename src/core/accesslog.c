/* accesslog.c — the access log's field table and its pure rules (accesslog.h). */
#include "accesslog.h"
#include "../util/i18n.h"
#include <stdio.h>
#include <string.h>

static const char *const action_choices[] = {"lihat", "daftar", "ekspor", NULL};
static const char *const action_labels[] = {N_("Lihat data"), N_("Lihat daftar"), N_("Ekspor"), NULL};

static const field_def_t access_log_fields[ALF_COUNT] = {
    [ALF_AT] = F_TEXT("at", N_("Waktu"), true, 32),
    [ALF_USER_NAME] = F_TEXT("user_name", N_("Pengguna"), true, 64),
    [ALF_ROLE] = F_TEXT("role", N_("Peran"), true, 16),
    [ALF_ACTION] = F_ENUM("action", N_("Tindakan"), true, action_choices, action_labels),
    [ALF_ROUTE] = F_TEXT("route", N_("Rute"), true, 200),
    [ALF_PATH] = F_TEXT("path", N_("Alamat"), true, 2000),
    [ALF_SUBJECT] = F_TEXT("subject", N_("Jenis data"), false, 40),
    [ALF_SUBJECT_ID] = F_ID("subject_id", N_("ID data"), false),
    [ALF_WBP_ID] = F_ID("wbp_id", N_("WBP"), false),
    [ALF_FILTER] = F_TEXT("filter", N_("Saringan"), false, 1000),
    [ALF_FORMAT] = F_TEXT("format", N_("Format"), false, 8),
    [ALF_STATUS] = F_INT("status", N_("Status HTTP"), true, 0),
    [ALF_CLIENT] = F_TEXT("client", N_("Alamat klien"), false, 64),
};
const record_def_t access_log_def = {"access_log", "access_log", access_log_fields, ALF_COUNT, NULL,
                                     N_("Log akses data pribadi")};

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

const char *accesslog_format(const char *path, const char *format_param, bool is_api)
{
    static const char *const files[] = {"csv", "xlsx", "pdf"};
    for (size_t i = 0; i < ARRAY_LEN(files); i++) {
        char dot[8], slash[8];
        snprintf(dot, sizeof dot, ".%s", files[i]);
        snprintf(slash, sizeof slash, "/%s", files[i]);
        if ((path && (ends_with(path, dot) || ends_with(path, slash))) || (format_param && str_eq(format_param, files[i])))
            return files[i];
    }
    return is_api ? "json" : "html";
}

const char *accesslog_action(const char *format, bool is_list)
{
    if (str_eq(format, "csv") || str_eq(format, "xlsx") || str_eq(format, "pdf")) return "ekspor";
    return is_list ? "daftar" : "lihat";
}

char *accesslog_filter_text(const char *const *keys, const char *const *vals, int n, char *out, size_t max)
{
    size_t len = 0;
    if (max) out[0] = 0;
    for (int i = 0; i < n && max; i++) {
        if (!keys[i] || !vals[i] || !*vals[i] || str_eq(keys[i], "page") || str_eq(keys[i], "per_page")) continue;
        const char *parts[4] = {len ? "&" : "", keys[i], "=", vals[i]};
        for (int p = 0; p < 4; p++)
            for (const char *s = parts[p]; *s; s++) {
                if (len + 1 >= max) goto cut;
                out[len++] = *s;
            }
    }
    out[len] = 0;
    return out;
cut:; /* drop a character cut in two: back to its lead byte, and drop it when incomplete */
    size_t j = len;
    while (j > 0 && ((unsigned char)out[j - 1] & 0xC0) == 0x80) j--;
    if (j > 0) {
        unsigned char lead = (unsigned char)out[j - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (len - (j - 1) < need) len = j - 1;
    }
    out[len] = 0;
    return out;
}

bool accesslog_keep_from(const char *today, int64_t days, char out[11])
{
    date_t d;
    if (days < 1 || days > 100000 || !today || !date_parse(today, &d)) return false;
    date_format(date_add_days(d, -(int32_t)days), out);
    return true;
}
