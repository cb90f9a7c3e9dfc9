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
/* A stored text as shown to the reader (in a): a coded text rendered; a text the
 * program stored before the codes and msg_match can read (the completion reasons,
 * completion.h) rendered from its codes; a fixed text the program stored from a _()
 * text translated (i18n_stored); any other as it is.
 * NULL gives NULL. */
const char *msg_text(arena_t *a, const char *stored);
/* True when s is a coded text. */
bool msg_is_coded(const char *s);

/* Texts stored in Indonesian before they were coded (issue 25): a table of the
 * formats the program used to write them lets such a text be read back as a coded
 * text, so it too is shown in the reader's language. A pattern is a message format
 * (the same N_() id the coded form uses) and, per %s, what its argument is: 's' any
 * text, 'n' a number (digits, ',', '.', '-', '%': "77,77%"), 't' one of the table's fixed texts, 'd' a long Indonesian date ("7 Desember
 * 2026"), 'm' a nested sequence of the table's patterns. */
typedef struct {
    const char *fmt;
    const char *spec;
} msg_pattern_t;
typedef struct {
    const msg_pattern_t *pats; /* the text's items; fmt NULL ends */
    const msg_pattern_t *sub;  /* the items of an 'm' argument; fmt NULL ends */
    const char *const *texts;  /* the 't' texts, NULL ends */
} msg_legacy_t;
/* The coded form of text when the whole of it is a sequence of the table's patterns
 * (rendered in Indonesian it gives text back exactly), else NULL. Caller decrefs. */
json_t *msg_match(const char *text, const msg_legacy_t *t);

#endif
