/* csv.h — a small, bounded CSV reader and writer (RFC 4180 plus what Indonesian
 * office spreadsheets produce).
 *
 * Reader: quoted fields with "" escapes, CRLF or LF line ends (quoted fields may
 * span lines), a UTF-8 byte-order mark is skipped, the delimiter (',' or ';') is
 * detected from the header line, blank lines are skipped, and every record reports
 * the physical line it starts on. Field length and column count are bounded; a
 * violation stops the reader with an Indonesian message naming the line.
 * Pure: works on a buffer in memory, no globals, no I/O.
 *
 * Writer: quotes a cell when needed and guards against spreadsheet formula
 * injection by prefixing ' to cells that start with = + - @ (tab, CR);
 * csv_unguard() reverses that exactly, so exported files re-import unchanged. */
#ifndef BEKAL_CSV_H
#define BEKAL_CSV_H
#include "../util/util.h"

#define CSV_DEFAULT_MAX_FIELD 65536
#define CSV_DEFAULT_MAX_COLS 256

typedef struct {
    char delim;       /* ',' or ';' (or any byte); 0 = detect from the header line */
    size_t max_field; /* bytes per field; 0 = CSV_DEFAULT_MAX_FIELD */
    int max_cols;     /* fields per record; 0 = CSV_DEFAULT_MAX_COLS */
} csv_opts_t;

/* One record. The strings are NUL-terminated and owned by the reader; they stay
 * valid until the next csv_next() or csv_close(). */
typedef struct {
    long line;             /* physical line (from 1) where the record starts */
    int n;                 /* number of fields (>= 1) */
    const char *const *f;  /* the fields */
    const size_t *len;     /* their lengths in bytes */
} csv_record_t;

typedef struct csv_reader csv_reader_t;

/* Starts reading data[0..len) (not copied: it must outlive the reader). opts may be
 * NULL. The caller frees the reader with csv_close(). */
csv_reader_t *csv_open(const char *data, size_t len, const csv_opts_t *opts);
/* Reads the next record: 1 record in *rec, 0 end of input, -1 syntax error or
 * limit exceeded (see csv_error()); after -1 every call returns -1. */
int csv_next(csv_reader_t *r, csv_record_t *rec);
/* The Indonesian message of the last error ("baris 7: tanda kutip ... "), or NULL. */
const char *csv_error(const csv_reader_t *r);
/* The physical line of the last error (0 when none). */
long csv_error_line(const csv_reader_t *r);
/* The delimiter in use (detected once the first record is read). */
char csv_delimiter(const csv_reader_t *r);
/* Byte offset of the next unread record (for progress). */
size_t csv_offset(const csv_reader_t *r);
void csv_close(csv_reader_t *r);

/* Detects the delimiter from the first line (outside quotes): ';' when it has more
 * semicolons than commas, else ','. */
char csv_detect_delimiter(const char *data, size_t len);

/* Writes one cell (formula-guarded, quoted when needed) without a separator. s NULL
 * writes an empty cell. */
void csv_write_cell(buf_t *b, const char *s, char delim);
/* Writes n cells separated by delim and ended by "\n". */
void csv_write_row(buf_t *b, const char *const *cells, int n, char delim);
/* True when a cell written by csv_write_cell() gets a ' prefix. */
bool csv_needs_guard(const char *s);
/* Undoes the guard in place: strips one leading ' when the cell is '...' followed by
 * one of = + - @ TAB CR. Returns s. */
char *csv_unguard(char *s);

#endif
