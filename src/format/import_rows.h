/* import_rows.h: the rows of the import files, checked (contract, "Import
 * files").
 *
 * Pure validation: a file's header and then each of its records in (as the
 * CSV reader gives them), with the policy and what the earlier rows of the
 * same file established (ids already used, staff links to resolve at the
 * end); a typed row, or problems, out. Every problem is reported as
 * "FILE:LINE: column "value": what is wrong". Whether a staff member, a
 * case or a session already exists in the database is asked through an
 * ImportLookup: the import (svc/import.h) answers from the store, the tests
 * and the fuzzer from a table. Nothing here touches a database or a file. */
#ifndef OV_IMPORT_ROWS_H
#define OV_IMPORT_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/policy.h"
#include "format/csv.h"

typedef enum {
    IMPORT_STAFF,
    IMPORT_CASES,
    IMPORT_SESSIONS,
    IMPORT_DISCUSSIONS,
    IMPORT_TEAMS, /* services and managers of teams; after staff */
    IMPORT_KIND_COUNT
} ImportKind;

/* "staff", "cases", ... and back; false for an unknown name. */
const char *import_kind_name(ImportKind k);
bool import_kind_parse(const char *name, ImportKind *out);

#define IMPORT_MAX_ERRORS 20
#define IMPORT_MAX_SUPERVISEES 100

typedef struct {
    long rows;     /* data rows read */
    char **errors; /* "FILE:LINE: ..." messages, at most IMPORT_MAX_ERRORS (+1 "and more") */
    size_t nerrors;
    char **warnings; /* e.g. unknown columns, which are ignored */
    size_t nwarnings;
} ImportReport;

void import_report_free(ImportReport *r);

/* Puts rep's errors about file in line order (problems found after the
 * last row, such as a supervisor named on line 3 that no row defines, come
 * last otherwise). Messages without a line (the file's own problems) go
 * first; the "more than N problems" line stays last. Stable. */
void import_report_in_order(ImportReport *rep, const char *file);

/* Adds "FILE:LINE: message" ("FILE: message" when line is 0) to rep's
 * errors: up to IMPORT_MAX_ERRORS, then one line saying there are more,
 * then nothing. */
void import_error(ImportReport *rep, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Whether s (n bytes) is a valid id: 1-64 letters, digits, '-', '_', '.'. */
bool import_valid_id(const char *s, size_t n);

/* A session found in the database: its key, date and whether it was held;
 * recorded when the application made it (a booked session held or
 * cancelled, or an informal or group discussion recorded there): a record
 * both people sign stands on it, so no import may change it or add to it. */
typedef struct {
    int64_t ref;
    char date[11];
    bool held, recorded;
} ImportSession;

/* The database as validation may ask of it. Each returns 1 (found: its key
 * set), 0 (no such id) or <0 when the answer could not be had; the lookup
 * reports that failure itself, and the row is not written. */
typedef struct {
    void *ctx;
    int (*staff)(void *ctx, const char *id, size_t n, int64_t *ref);
    int (*case_)(void *ctx, const char *id, size_t n, int64_t *ref);
    int (*session)(void *ctx, const char *id, size_t n, ImportSession *out);
} ImportLookup;

/* Text from the file: n bytes at s (n is 0 when empty or absent). */
typedef struct {
    const char *s;
    size_t n;
} ImportText;

typedef struct {
    ImportText id, name, email, role, team;
    Date start;
    Fte fte;
    bool has_left;
    Date left;
    long link; /* index into import_rows_links when a supervisor or line manager is named, else -1 */
} ImportStaffRow;

typedef struct {
    ImportText id, category, every, name; /* name: the child's name or initials, empty when none */
    int64_t worker_ref;
    Date allocated;
    bool has_closed;
    Date closed;
} ImportCaseRow;

typedef struct {
    ImportText id;
    Date date;
    int64_t supervisor_ref;
    const char *type;   /* "individual", "group" or "informal" */
    const char *status; /* "held" or "cancelled" */
    bool individual, held;
    int64_t supervisees[IMPORT_MAX_SUPERVISEES];
    size_t nsupervisees;
} ImportSessionRow;

typedef struct {
    ImportSession session;
    int64_t case_ref;
} ImportDiscussionRow;

typedef struct {
    ImportText name, service; /* service: empty for none */
    int64_t manager_ref;      /* 0 for none */
} ImportTeamRow;

/* A good row, typed. Its text points into the record it was read from. */
typedef struct {
    ImportKind kind;
    long line;
    union {
        ImportStaffRow staff;
        ImportCaseRow case_;
        ImportSessionRow session;
        ImportDiscussionRow discussion;
        ImportTeamRow team;
    };
} ImportRow;

/* What an id in a record refers to, for asking the database in advance. */
typedef enum { IMPORT_REF_STAFF, IMPORT_REF_CASE, IMPORT_REF_SESSION } ImportRefKind;
typedef void (*ImportRefFn)(void *ctx, ImportRefKind kind, const char *id, size_t n);

/* A staff row's supervisor and line manager, as named (NULL when not). */
typedef struct {
    long line;
    char *supervisor, *line_manager;
} ImportStaffLinks;

/* The checking of one file of one kind; problems go into rep, messages
 * naming file. lookup must outlive it. */
typedef struct ImportRows ImportRows;

ImportRows *import_rows_new(ImportKind kind, const Policy *pol, const char *file, const ImportLookup *lookup,
                            ImportReport *rep);
void import_rows_free(ImportRows *v);

/* The file has no line at all: reports that the header is missing. */
void import_rows_empty(ImportRows *v);
/* The header: which column is where. Unknown columns are a warning; a
 * column named twice or a required one missing a problem. Returns false
 * when the rows cannot be read. */
bool import_rows_header(ImportRows *v, const CsvRecord *rec);
/* One record after the header. Returns true with row filled when it is a
 * good row; false for a blank line (not a row) or a row with problems
 * (reported). Counts rows into the report. */
bool import_rows_check(ImportRows *v, const CsvRecord *rec, ImportRow *row);
/* The ids of other rows a record (after the header) names, each given to
 * fn: those that checking it (import_rows_check) may ask the lookup about,
 * so that the caller can ask the database about all of a file's at once
 * first. Only ids valid in form; nothing is checked or reported. */
void import_rows_refs(const ImportRows *v, const CsvRecord *rec, ImportRefFn fn, void *ctx);
/* The reader stopped at a syntax error: reports it (the file's last problem). */
void import_rows_syntax(ImportRows *v, const CsvReader *r);
/* After the last row: a staff file's supervisors and line managers must be
 * in the file or the database. Returns false when the lookup could not
 * answer (the check stops there). */
bool import_rows_finish(ImportRows *v);
/* The staff links read so far, in file order (for writing them once the
 * staff are saved). */
const ImportStaffLinks *import_rows_links(const ImportRows *v, size_t *n);

#endif
