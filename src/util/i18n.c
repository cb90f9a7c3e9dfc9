/* i18n.c — per-thread language selection over GNU gettext (see i18n.h).
 *
 * Indonesian is the message-id language, so it needs no catalogue and is what the
 * global "C" locale shows. English switches the thread's LC_MESSAGES (uselocale) to
 * an installed English UTF-8 locale, which makes gettext read locale/en/. */
#define _GNU_SOURCE
#include "i18n.h"
#include "util.h"
#include <limits.h>
#include <stdint.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static locale_t loc_en;
static bool have_en;

static bool has_catalogue(const char *dir)
{
    char p[PATH_MAX + 64];
    snprintf(p, sizeof p, "%s/en/LC_MESSAGES/bekal.mo", dir);
    return access(p, R_OK) == 0;
}

static void init_once(void)
{
    static char dir[PATH_MAX + 32];
    const char *env = getenv("BEKAL_LOCALEDIR");
    if (env && *env) snprintf(dir, sizeof dir, "%s", env);
    else {
        char exe[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        snprintf(dir, sizeof dir, "/usr/share/locale");
        if (n > 0) {
            exe[n] = 0;
            char *slash = strrchr(exe, '/');
            if (slash) *slash = 0;
            static const char *const up[] = {"/locale", "/../locale", "/../../locale"};
            for (size_t i = 0; i < ARRAY_LEN(up); i++) {
                char cand[PATH_MAX + 32];
                snprintf(cand, sizeof cand, "%s%s", exe, up[i]);
                if (has_catalogue(cand)) {
                    snprintf(dir, sizeof dir, "%s", cand);
                    break;
                }
            }
        }
    }
    bindtextdomain("bekal", dir);
    bind_textdomain_codeset("bekal", "UTF-8");
    textdomain("bekal");
    static const char *const names[] = {"en_US.UTF-8", "en_GB.UTF-8", "C.UTF-8"};
    for (size_t i = 0; i < ARRAY_LEN(names) - 1 && !loc_en; i++)
        loc_en = newlocale(LC_MESSAGES_MASK, names[i], (locale_t)0);
    have_en = loc_en && has_catalogue(dir);
}

bool i18n_init(void)
{
    pthread_once(&once, init_once);
    return have_en;
}

const char *i18n_pick(const char *pref, const char *al)
{
    if (pref && (str_eq(pref, "en") || str_eq(pref, "id"))) return pref;
    const char *best = "id";
    double best_q = 0;
    /* Accept-Language: comma-separated ranges, each "tag[;q=x]". Earlier wins ties. */
    for (const char *p = al; p && *p;) {
        while (*p == ' ' || *p == ',') p++;
        const char *tag = p;
        while (*p && *p != ';' && *p != ',' && *p != ' ') p++;
        size_t tl = (size_t)(p - tag);
        double q = 1.0;
        while (*p && *p != ',') {
            if (*p == ';') {
                p++;
                while (*p == ' ') p++;
                if ((p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
                    char *end;
                    q = strtod(p + 2, &end);
                    if (end == p + 2 || q < 0 || q > 1) q = 0;
                    p = end;
                    continue;
                }
            }
            if (*p && *p != ',') p++;
        }
        const char *lang = NULL;
        if (tl >= 2 && strncasecmp(tag, "en", 2) == 0 && (tl == 2 || tag[2] == '-')) lang = "en";
        else if (tl >= 2 && strncasecmp(tag, "id", 2) == 0 && (tl == 2 || tag[2] == '-')) lang = "id";
        else if (tl == 2 && strncasecmp(tag, "in", 2) == 0) lang = "id"; /* the old code for Indonesian */
        if (lang && q > best_q) best = lang, best_q = q;
    }
    return best;
}

bool i18n_english(void) { return have_en && uselocale((locale_t)0) == loc_en; }

const char *i18n_stored(const char *s) { return s && *s ? gettext(s) : s; }

const char *i18n_text2(const char *id, const char *en) { return en && *en && i18n_english() ? en : id; }

void i18n_use(const char *lang)
{
    i18n_init();
    uselocale(have_en && lang && str_eq(lang, "en") ? loc_en : LC_GLOBAL_LOCALE);
}

/* The program's own image up to its writable data (text, read-only data,
 * relocated constants): a text there never changes (GNU ld and lld define
 * __executable_start; glibc's crt1 __data_start). */
extern const char __executable_start[], __data_start[];
static bool constant_text(const char *s)
{
    return (uintptr_t)s >= (uintptr_t)__executable_start && (uintptr_t)s < (uintptr_t)__data_start;
}

/* A direct-mapped cache per thread: the catalogue is read once (gettext maps
 * it and never reloads it) and a thread's language is its locale, so
 * (address, locale[, context]) always gives the same answer. No locks. */
#define CACHE_SLOTS 1024
static _Thread_local struct {
    const char *id, *ctx;
    locale_t loc;
    char *tr;
} cache[CACHE_SLOTS];
static size_t slot(const char *s, const char *ctx, locale_t loc)
{
    uintptr_t k = (uintptr_t)s * 0x9E3779B97F4A7C15u ^ (uintptr_t)ctx * 0xC2B2AE3D27D4EB4Fu ^ (uintptr_t)loc;
    return (size_t)(k >> 40) & (CACHE_SLOTS - 1);
}

char *i18n_gettext(const char *s)
{
    if (!constant_text(s)) return gettext(s);
    locale_t loc = uselocale((locale_t)0);
    size_t k = slot(s, NULL, loc);
    if (cache[k].id == s && !cache[k].ctx && cache[k].loc == loc) return cache[k].tr;
    char *t = gettext(s);
    cache[k].id = s, cache[k].ctx = NULL, cache[k].loc = loc, cache[k].tr = t;
    return t;
}

static const char *pgettext_now(const char *ctx, const char *s)
{
    char key[256];
    int n = snprintf(key, sizeof key, "%s\004%s", ctx, s);
    if (n < 0 || (size_t)n >= sizeof key) return gettext(s);
    const char *t = gettext(key);
    return t == key ? gettext(s) : t;
}
const char *i18n_pgettext(const char *ctx, const char *s)
{
    if (!ctx || !constant_text(ctx) || !constant_text(s)) return pgettext_now(ctx, s);
    locale_t loc = uselocale((locale_t)0);
    size_t k = slot(s, ctx, loc);
    if (cache[k].id == s && cache[k].ctx == ctx && cache[k].loc == loc) return cache[k].tr;
    const char *t = pgettext_now(ctx, s);
    cache[k].id = s, cache[k].ctx = ctx, cache[k].loc = loc, cache[k].tr = (char *)t;
    return t;
}
