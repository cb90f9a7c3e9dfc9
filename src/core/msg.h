/* msg.h — explanations the program stores (a placement's reasons, issue 25) kept as
 * codes with parameters and written in the reader's language when shown.
 *
 * A coded text is a JSON array of items; an item is [format, arg...] where format is
 * an Indonesian message id with %s (and %%) only, marked N_() where it is written, and
 * each arg is a string (shown as it is), {"d": "YYYY-MM-DD"} (a date, written long in
 * the reader's language), {"t": "text"} (a fixed Indonesian text, translated) or an
 * array of items (a nested coded text). Rendering translates each format with _() and
 * puts the args in order: the same items give the same Indonesian text as before and
 * English to an English reader. Any other stored text (typed by a person, or written
 * before the codes) is shown as it is. */
#ifndef BEKAL_MSG_H
#define BEKAL_MSG_H
#include "date.h"
#include "../util/util.h"
#include <jansson.h>

/* Appends the item [fmt, args...] to the array m. spec names each arg: 's' a string,
 * 'i' an int, 'I' an int64_t, 'd' a date_t, 't' a fixed text (const char *, marked N_),
 * 'm' a json_t * array of items (stolen). */
void msg_add(json_t *m, const char *fmt, const char *spec, ...);
/* m as the compact JSON stored (caller frees). */
char *msg_dump(const json_t *m);
/* Writes m in the thread's language to out. */
void msg_render_json(const json_t *m, buf_t *out);
/* Writes a stored text in the thread's language: a coded text rendered, any other
 * text as it is. NULL writes nothing. */
void msg_render(const char *stored, buf_t *out);
/* A stored text as shown to the reader (in a): a coded text rendered; a fixed text
 * the program stored from a _() text translated (i18n_stored); any other as it is.
 * NULL gives NULL. */
const char *msg_text(arena_t *a, const char *stored);
/* True when s is a coded text. */
bool msg_is_coded(const char *s);

#endif
