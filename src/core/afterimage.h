/* afterimage.h — comparing a data row with the after-images of its audit entries
 * (issue 23, `bekal check`): the rules that are pure. An entity's image is folded
 * from its entries in chain order: a create's after-image replaces it, any other
 * entry's after-image is laid over it member by member, a delete ends it. A row
 * then must hold, in every field of its field table that the image names, the
 * image's value. Pure. */
#ifndef BEKAL_AFTERIMAGE_H
#define BEKAL_AFTERIMAGE_H
#include "../util/util.h"
#include <jansson.h>

/* True when the JSON value v (from an after-image) is the stored text of a column
 * (NULL for SQL NULL): strings as they are, integers in decimal, true/false as 1/0,
 * null as NULL or "". */
bool afterimage_value_eq(const json_t *v, const char *stored);
/* True for a field the check compares: not a reference (a name ending in "_id"),
 * whose numbers `bekal migrate` renumbers while the copied entries keep the old ones. */
bool afterimage_field_compared(const char *name);
/* Folds one entry into *image (NULL: none yet; owned, json_decref): action "create"
 * replaces it with after, "delete" sets *deleted, anything else lays after's members
 * over it (or starts it). after: the entry's JSON text or NULL; text that is not a
 * JSON object changes nothing. */
void afterimage_fold(json_t **image, bool *deleted, const char *action, const char *after);

#endif
