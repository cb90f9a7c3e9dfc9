/* usulan.h — the asimilasi proposal (usulan) workflow and its dossier checklist
 * (DOMAIN.md section 3, issue 5), both as data.
 *
 * Approval chain: rules/alur-usulan-*.json (kind "alur_usulan"): the states
 * (one initial; final = no way out), the legal transitions with the roles that
 * may make them and the fields each requires (reason, TPP session date, decree
 * number and date, approval letter number and date, start and end dates). A
 * region picks its chain by "variant" ("kalapas": TPP -> Kalapas decree;
 * "kanwil": the same, then the Kanwil's approval); within a variant the chain in
 * force on a date is the latest effective_from <= date.
 *
 * Dossier: rules/berkas-usulan-*.json (kind "berkas_usulan"): the documents,
 * each with a condition on the inmate ("when": crimes, special_crime, foreigner,
 * fine_imposed, fine_paid, restitution_imposed, forms; all given keys must hold;
 * {} = always). The checklist says for each document: present, missing or not
 * needed, and why.
 *
 * Pure: fixed-size structs, no allocation, no I/O. */
#ifndef BEKAL_USULAN_H
#define BEKAL_USULAN_H
#include "rulefile.h"
#include "ruleset.h"

#define USULAN_CHAIN_KIND "alur_usulan"
#define USULAN_DOSSIER_KIND "berkas_usulan"
#define USL_MAX_STATES 16
#define USL_MAX_TRANS 48
#define USL_MAX_ROLES 8
#define USL_MAX_DOCS 32

/* Fields a transition may require. */
typedef enum {
    USL_F_REASON,      /* "reason": alasan */
    USL_F_TPP_DATE,    /* "tpp_date": tanggal sidang TPP */
    USL_F_DECREE_NO,   /* "decree_no": nomor SK */
    USL_F_DECREE_DATE, /* "decree_date": tanggal SK */
    USL_F_LETTER_NO,   /* "letter_no": nomor surat persetujuan (Kanwil) */
    USL_F_LETTER_DATE, /* "letter_date": tanggal surat persetujuan */
    USL_F_START_DATE,  /* "start_date": mulai asimilasi */
    USL_F_END_DATE,    /* "end_date": berakhir (selesai atau dicabut) */
    USL_F__COUNT
} usulan_field_t;
const char *usulan_field_code(usulan_field_t f);
const char *usulan_field_label(usulan_field_t f);
/* A state's or document's label in the thread's language (label_en when English). */
#define usulan_label(x) i18n_text2((x)->label, (x)->label_en)

typedef struct {
    char code[40];
    char label[80];
    char label_en[80]; /* optional "label_en" */
    bool initial;
} usulan_state_t;

typedef struct {
    int from, to;                  /* state indices */
    char roles[USL_MAX_ROLES][16]; /* who may make it */
    int n_roles;
    unsigned requires; /* bit (1u << usulan_field_t) */
} usulan_trans_t;

typedef struct {
    rulefile_head_t head;
    char variant[40];
    usulan_state_t states[USL_MAX_STATES];
    int n_states;
    int initial;
    usulan_trans_t trans[USL_MAX_TRANS];
    int n_trans;
} usulan_chain_t;

/* Parses and validates a chain: unique states, exactly one initial, transitions
 * between known states (no repeats, no loops to itself), every state reachable
 * from the initial one and able to reach a final one. Code "invalid_rules". */
int usulan_chain_parse(const char *json_text, usulan_chain_t *out, err_t *e);
int usulan_chain_from_json(json_t *root, usulan_chain_t *out, err_t *e);
/* The chain of variant in force on date; NULL when none. */
const usulan_chain_t *usulan_chain_pick(const usulan_chain_t *c, size_t n, const char *variant, date_t date);
int usulan_chain_load_builtins(usulan_chain_t *out, size_t cap, size_t *n, err_t *e);
/* State index of code; -1 when none. */
int usulan_state_index(const usulan_chain_t *c, const char *code);
bool usulan_state_final(const usulan_chain_t *c, int state);
/* The transition from -> to; NULL when not allowed. */
const usulan_trans_t *usulan_find_trans(const usulan_chain_t *c, int from, int to);

/* A proposal's workflow facts (what the transitions recorded). */
typedef struct {
    int state;
    date_t tpp_date, decree_date, letter_date, start_date, end_date;
    char decree_no[80], letter_no[80], reason[400];
} usulan_t;

/* A new proposal in the chain's initial state. */
void usulan_init(const usulan_chain_t *c, usulan_t *u);

/* What a transition brings; unset: NULL / DATE_NONE. */
typedef struct {
    const char *reason, *decree_no, *letter_no;
    date_t tpp_date, decree_date, letter_date, start_date, end_date;
} usulan_fields_t;

/* Moves u to state to_code: the transition must exist in the chain (else
 * "illegal_transition", 409, naming the current and requested states and the
 * allowed ones), role (when not NULL) must be among its roles ("forbidden",
 * 403), its required fields must be given ("field_required", 400) and dates in
 * order (TPP <= decree <= letter <= start <= end; "invalid_date", 400). On
 * success u records the fields given. 0 or -1; u is unchanged on -1. */
int usulan_apply(const usulan_chain_t *c, usulan_t *u, const char *to_code, const usulan_fields_t *f, const char *role,
                 err_t *e);

/* ---- dossier ---- */

/* usulan_form_t, usulan_form_code() and usulan_form_parse() are in ruleset.h: which
 * forms a track allows is rule data. */

/* A condition: each "has_" says whether the key was given. */
typedef struct {
    unsigned crimes; /* bit (1u << crime_category_t); 0 = any */
    unsigned forms;  /* bit (1u << usulan_form_t); 0 = any */
    bool has_special, special;
    bool has_foreigner, foreigner;
    bool has_fine_imposed, fine_imposed;
    bool has_fine_paid, fine_paid;
    bool has_restitution, restitution;
} usulan_cond_t;

typedef struct {
    char code[48];
    char label[200];
    char label_en[200]; /* optional "label_en" */
    usulan_cond_t when;
} usulan_doc_t;

typedef struct {
    rulefile_head_t head;
    usulan_doc_t docs[USL_MAX_DOCS];
    int n_docs;
} usulan_dossier_t;

int usulan_dossier_parse(const char *json_text, usulan_dossier_t *out, err_t *e);
int usulan_dossier_from_json(json_t *root, usulan_dossier_t *out, err_t *e);
const usulan_dossier_t *usulan_dossier_pick(const usulan_dossier_t *d, size_t n, date_t date);
int usulan_dossier_load_builtins(usulan_dossier_t *out, size_t cap, size_t *n, err_t *e);

/* The inmate as the dossier conditions see it. */
typedef struct {
    crime_category_t crime;
    bool special_crime; /* on the special-crime track (eligibility.h) */
    bool foreigner;
    bool fine_imposed, fine_paid;
    bool restitution_imposed;
    usulan_form_t form; /* the asimilasi form proposed */
} usulan_profile_t;

typedef enum { DOC_ADA, DOC_BELUM_ADA, DOC_TIDAK_PERLU } usulan_doc_status_t;
/* "ada", "belum_ada", "tidak_perlu". */
const char *usulan_doc_status_code(usulan_doc_status_t s);

typedef struct {
    const usulan_doc_t *doc;
    usulan_doc_status_t status;
    char why[300]; /* "wajib: tindak pidana terorisme", "tidak perlu: bukan WNA" */
} usulan_check_t;

/* The checklist for an inmate: one entry per document of d, in order, into
 * out[0..USL_MAX_DOCS). present: codes of the documents in the dossier (unknown
 * codes are ignored). Returns the count; *complete (when not NULL) is true when
 * nothing needed is missing. */
int usulan_checklist(const usulan_dossier_t *d, const usulan_profile_t *p, const char *const *present, size_t n_present,
                     usulan_check_t *out, bool *complete);

#endif
