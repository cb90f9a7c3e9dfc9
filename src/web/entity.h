/* entity.h — generic pages, CSV export and JSON API for a record described by a
 * field table (core/record.h), so each new register is a description plus a few
 * hooks instead of another copy of list/show/form/API code.
 *
 * An entity_t says: which record_def_t, the URL base (`/slug`, `/api/v1/slug`),
 * Indonesian titles, the list columns, the searchable and sortable fields
 * (whitelists: nothing from the query string reaches SQL except as a bound value
 * or a whitelisted field of the compiled-in table), the exact-match filters, the
 * fields that refer to other records, and optional hooks for rules that need the
 * database, for narrowing what a user sees, and for extra page sections and JSON
 * members. A child entity (def->parent set) belongs to a record of its parent
 * entity: it is created under the parent's path and shown on the parent's page.
 *
 * A route row points at a generic handler with ctx = &the_entity; the router has
 * already checked the role (the route table is the authority on who may do what),
 * the handler adds the site scope and the entity's own scope hook, so a record a
 * user may not see answers 404 exactly like a missing one. */
#ifndef BEKAL_ENTITY_H
#define BEKAL_ENTITY_H
#include "web.h"
#include "review.h"

typedef struct entity entity_t;

/* Choices for a reference field (arena-owned parallel arrays). */
typedef struct {
    int n;
    int64_t *id;
    const char **label;
} ent_options_t;

/* A field that holds the id of another record. */
typedef struct {
    int field;              /* FT_INT field index; -1 ends a list */
    const entity_t *target; /* the entity referred to, or NULL: then options/label/valid below */
    const char *label_key;  /* JSON member and CSV column carrying the target's label: "partner_name" */
    /* For targets that are not entities: the choices at a site; the store's label of
     * record id (NULL when none: shown "#id"); whether id may be chosen at the site
     * (1 yes, 0 no, -1 error; NULL: any). */
    int (*options)(req_t *r, int64_t site_id, ent_options_t *out);
    const char *(*label)(db_t *db, err_t *e, arena_t *a, int64_t id);
    int (*valid)(db_t *db, err_t *e, int64_t site_id, int64_t id);
    /* Or a user account: an active user of this role who may work at the site
     * (choices "Full Name (login)"), in place of the three hooks. */
    const char *user_role;
} ent_ref_t;

/* One write in progress, handed to the hooks inside its transaction. */
typedef struct {
    req_t *r;
    db_t *db;
    const entity_t *en;
    const rec_t *before; /* NULL on create */
    const rec_t *parent; /* the owner of a child record, else NULL */
    int64_t site_id;
    const char **v;      /* the values to be written; a hook may fill derived defaults */
    field_errs_t *fe;
    int affected;        /* what a check hook's side effects touched (a release: enrolments ended), for review */
} ent_write_t;

struct entity {
    const record_def_t *def;
    const char *slug;       /* "agreements": /agreements, /api/v1/agreements */
    const char *title;      /* plural heading: "Perjanjian kerja sama" */
    const char *one;        /* singular, for messages and buttons: "PKS" */
    const entity_t *parent; /* child entities: the owner (def->parent names its column) */
    const char *child_key;  /* child entities: path under the owner and JSON member ("parties") */
    int label_field;        /* the field that names a record (links, options) */
    const int *list_cols;   /* -1 terminated */
    const int *search;      /* -1 terminated; NULL: no search box */
    const int *sort;        /* sortable fields (whitelist), -1 terminated */
    const int *filters;     /* exact-match query parameters, by field name; -1 terminated */
    int default_sort;       /* a field index, or REC_SORT_ID */
    bool default_desc;
    int unique_field;       /* field a duplicate (409) is reported on, -1 for none */
    const ent_ref_t *refs;  /* field -1 terminated, or NULL */
    const entity_t *const *children; /* NULL terminated: sections on the show page and JSON arrays */
    /* Fields the application computes (a total, a split): shown, listed, exported and
     * in JSON, but not on forms; a write keeps their stored value (hooks may set them)
     * and an API body naming one is refused with a field error. -1 terminated, or NULL. */
    const int *readonly;
    /* Hooks, each optional. */
    int (*check)(ent_write_t *w, err_t *e);        /* rules needing the database: field errors into w->fe; -1 db error */
    int (*check_delete)(ent_write_t *w, err_t *e); /* same, before a child record is deleted */
    /* Fills values left empty with defaults that are data (settings, the parent or a
     * referenced record): on forms for new records, and before every write. db is
     * the request's or the write's; parent the owner of a child (else NULL). */
    int (*defaults)(req_t *r, db_t *db, const rec_t *parent, const char **v, err_t *e);
    void (*scope)(req_t *r, rec_cond_t *conds, int *n, int cap); /* narrows what this user sees */
    int (*list_filter)(req_t *r, rec_query_t *q);  /* extra query parameters; -1 with r->err */
    void (*show)(req_t *r, resp_t *w, const rec_t *rec);          /* extra sections on the show page */
    void (*json)(req_t *r, json_t *o, const rec_t *rec);          /* extra JSON members */
    const char *(*cell)(req_t *r, const rec_t *rec, int field);   /* display text for a field, or NULL */
    void (*list_extra)(req_t *r, resp_t *w);                      /* extra sections under the list page */
    /* Child entities: true when the owner's rows may no longer change (its page then
     * hides the add/edit/delete controls; the check hooks refuse such writes anyway). */
    bool (*locked)(req_t *r, const rec_t *owner);
    /* extra controls at the end of the create/edit form (v: the values shown; fe:
     * the errors of a refused write, else NULL), e.g. a confirmation checkbox */
    void (*form_extra)(req_t *r, buf_t *b, const char **v, const field_errs_t *fe);
    /* A create that is hard to undo (issue 22): the generic create pages and API
     * then run the write without a confirmation (confirm=1 on the page, "confirm":
     * true in the API) inside db_dry_run, and this hook, called inside it after the
     * insert (id) and the check hook's side effects, describes the change in rv;
     * the review page or preview is answered and nothing is kept. button labels
     * the page's confirmation. */
    void (*review)(ent_write_t *w, int64_t id, web_review_t *rv);
    const char *review_button;
};

/* ---- generic handlers (the route's ctx is the entity) ---- */
/* entity_pages.c; create is POST /slug, or for a child POST /parent-slug/{parent id}/child_key */
handler_t ent_page_list, ent_page_csv, ent_page_show, ent_page_new, ent_page_create, ent_page_edit, ent_page_update,
    ent_page_delete;
/* entity_api.c; for a child, list and create take the parent's id from the path */
handler_t ent_api_list, ent_api_get, ent_api_create, ent_api_patch, ent_api_delete;

/* ---- shared by the generic handlers and the hooks (entity.c) ---- */
/* The entity of the matched route. */
const entity_t *ent_of(req_t *r);
/* Loads record id of en if the user may see it (site, the entity's scope, and for a
 * child its parent's). 0, or -1 with r->err (404 when not visible). */
int ent_load(req_t *r, const entity_t *en, int64_t id, rec_t *out);
/* The owner of a record of child entity en: en->parent's record parent_id (loaded as
 * ent_load does) into *parent, an arena copy; NULL for a top-level entity. 0, or -1. */
int ent_load_parent(req_t *r, const entity_t *en, int64_t parent_id, rec_t **parent);
/* The rows of child entity c that belong to owner (every one, in c's default order)
 * into *pg. 0, or -1 with e set. */
int ent_children(req_t *r, const entity_t *c, const rec_t *owner, rec_page_t *pg, err_t *e);
/* Adds en's scope conditions for the user. */
void ent_scope(req_t *r, const entity_t *en, rec_cond_t *conds, int *n, int cap);
/* Fills q from the query string (q, sort, dir, page, per_page, site, filters, the
 * list_filter hook) and the scope. 0, or -1 with r->err (400 on bad parameters). */
int ent_query_from_req(req_t *r, const entity_t *en, rec_query_t *q);
/* The reference description for a field, or NULL. */
const ent_ref_t *ent_ref_for(const entity_t *en, int field);
/* The label of the record a reference value points at ("-" when empty). */
const char *ent_ref_label(req_t *r, const ent_ref_t *ref, const char *v);
/* The choices for a reference field at a site (every visible site when 0). */
int ent_ref_options(req_t *r, const ent_ref_t *ref, int64_t site_id, ent_options_t *out);
/* A field's value as display text (dates in Indonesian, enums by label, refs by label). */
const char *ent_display(req_t *r, const entity_t *en, const rec_t *rec, int field);
/* A record as JSON: id, site, (parent id), fields, reference labels, the json hook,
 * children arrays when with_children, created_at, updated_at. Caller owns it. */
json_t *ent_to_json(req_t *r, const entity_t *en, const rec_t *rec, bool with_children);
/* Validates and writes v in one transaction (create when before is NULL), with the
 * reference checks and the entity's check hook inside it. When patch is given the
 * record is re-read inside the transaction and the JSON members applied to it
 * first (v is then filled). Field errors go to fe and return 0 without writing
 * (*id = 0); errors already in fe (e.g. from parsing) are kept and reported with
 * the rest, and nothing is written. -1 with r->err on other failures; *id gets
 * the record's id. */
int ent_save(req_t *r, const entity_t *en, const rec_t *before, const rec_t *parent, int64_t site_id,
             const char **v, json_t *patch, field_errs_t *fe, int64_t *id);
/* ent_save of a new record run in db_dry_run with the entity's review hook
 * describing it into rv: nothing is written. Field errors go to fe. 0, or -1 with r->err. */
int ent_save_review(req_t *r, const entity_t *en, const rec_t *parent, int64_t site_id, const char **v,
                    field_errs_t *fe, web_review_t *rv);
/* Deletes a child record after the check_delete hook, in one transaction. Field
 * errors go to fe (nothing deleted); -1 with r->err on other failures. */
int ent_delete(req_t *r, const entity_t *en, const rec_t *rec, field_errs_t *fe);
/* The site a new record goes to: the given code if the user may use it, the site
 * of the parent, or the user's only site. -1 with r->err. */
int64_t ent_pick_site(req_t *r, const entity_t *en, const char *code);
/* True when field is one of en's readonly fields. */
bool ent_readonly(const entity_t *en, int field);
/* Adds a field error for every member of a JSON body that names a readonly field. */
void ent_refuse_readonly(req_t *r, const entity_t *en, json_t *body, field_errs_t *fe);
/* The URL of a record's page: its own, or its parent's for a child. */
const char *ent_url(req_t *r, const entity_t *en, const rec_t *rec);
/* True when the route table has method+path and lets this user's role use it: the
 * one test behind every create/edit/delete control shown on a page. */
bool ent_can(req_t *r, const char *method, const char *path);

#endif
