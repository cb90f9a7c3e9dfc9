/* i18n.h — the user's language: GNU gettext catalogues (po/en.po, po/id.po; the
 * message ids are the Indonesian texts), chosen per request or per command.
 *
 * _("teks") translates a literal now; N_("teks") only marks one for xgettext, for
 * texts kept in tables (labels) that are translated where they are shown with _(). */
#ifndef BEKAL_I18N_H
#define BEKAL_I18N_H
#include <libintl.h>
#include <stdbool.h>

#define _(s) i18n_gettext(s)
#define N_(s) (s)
/* A text with a context, for one Indonesian text that needs two English ones (the
 * menu's "PKS" is "Agreements", a column's "PKS" is "Agreement"): NC_ marks it for
 * xgettext (msgctxt), i18n_pgettext translates it where it is shown. */
#define NC_(ctx, s) (s)

/* Binds the "bekal" text domain. The catalogues are looked up in $BEKAL_LOCALEDIR,
 * else next to the executable (locale/ or ../locale/ or ../../locale/), else the
 * system's /usr/share/locale. Safe to call more than once. Returns false (and
 * English is then unavailable: every text stays Indonesian) when the English
 * locale or catalogue cannot be found. */
bool i18n_init(void);
/* "en" or "id": the user's stored preference when it is one of those, else the
 * best supported language of an Accept-Language header (q-values honoured),
 * else "id". Pure. */
const char *i18n_pick(const char *pref, const char *accept_language);
/* Makes the calling thread speak lang ("en" or anything else = Indonesian) until
 * the next call. */
void i18n_use(const char *lang);
/* gettext(s), remembered per thread for texts in the program's read-only data
 * (literals and label tables: their addresses always hold the same text), keyed
 * by that address and the thread's locale (i18n_use); other texts (built or read
 * at run time) go to gettext every time. */
char *i18n_gettext(const char *s) __attribute__((format_arg(1)));
/* The translation of s in context ctx (pgettext), else its translation without a
 * context, else s itself. */
const char *i18n_pgettext(const char *ctx, const char *s);
/* True when the calling thread speaks English (i18n_use("en") and the catalogue
 * is there). */
bool i18n_english(void);
/* A text the program stored (in Indonesian, from a fixed _() text such as an
 * enrolment event's "Asesmen awal dicatat; menunggu penempatan"), in the thread's
 * language: its translation when the catalogue has it, else s as it is (a text a
 * person typed, or one built with values). NULL stays NULL. */
const char *i18n_stored(const char *s);
/* For texts of data in two languages (a rule file's "label" and "label_en"):
 * en when the thread speaks English and en is not empty, else id. */
const char *i18n_text2(const char *id, const char *en);

#endif
