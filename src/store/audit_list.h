/* audit_list.h — reading the audit log as a list of changes (issue 25): the
 * entries a user may see, filtered, sorted and paged, each with the row's previous
 * after-image (what its fields held before), and one entry for its details page. */
#ifndef BEKAL_AUDIT_LIST_H
#define BEKAL_AUDIT_LIST_H
#include "audit.h"

/* What to list: every member optional (NULL or "" for none). */
typedef struct {
    const char *record;        /* part of the record's data or kind ("wbp", a name, a number) */
    const char *user;          /* part of the author's name */
    const char *from, *to;     /* UTC timestamps "YYYY-MM-DDTHH:MM:SSZ": from <= at < to */
    const char *entity;        /* exactly this kind */
    int64_t entity_id;         /* exactly this record (with entity), 0 for any */
    int sort;                  /* AUDIT_SORT_* */
} audit_filter_t;
enum { AUDIT_SORT_NEW, AUDIT_SORT_OLD, AUDIT_SORT_USER, AUDIT_SORT_RECORD, AUDIT_SORT__COUNT };

/* One entry with its site and the previous after-image of the same row (NULL when
 * this is its first entry). Strings arena-owned. */
typedef struct {
    audit_view_t v;
    int64_t site_id;
    const char *prev;
    int64_t prev_id; /* the entry prev comes from, 0 when none */
} audit_item_t;

/* The entries uid (role) may see (its sites' entries; the site-less ones for an
 * admin) that match f, sorted, limit rows from offset. 0 or -1. */
int audit_list(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *role, const audit_filter_t *f, int64_t limit,
               int64_t offset, audit_item_t **out, int *n);
/* Entry id if uid may see it: 1 and *out, 0 when not (or none), -1 on error. */
int audit_get(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *role, int64_t id, audit_item_t *out);

#endif
