/* import.h: loading the organisation's CSV files (contract, "Import files").
 *
 * An import validates every row, writes it inside one transaction, and
 * commits only if the whole file was good: one bad row and the database is
 * unchanged. Rows whose id already exists are updated (re-importing a file is
 * harmless). References may point at rows in the database or anywhere in the
 * same file. Every problem is reported as "FILE:LINE: column "value": what is
 * wrong". */
#ifndef OV_IMPORT_H
#define OV_IMPORT_H

#include "format/csv.h"
#include "core/policy.h"
#include "store/store.h"
#include "core/util.h"

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

/* Results of import_run. */
enum { IMPORT_OK = 0, IMPORT_BAD_INPUT = 1, IMPORT_ENV = 3 };

#define IMPORT_MAX_ERRORS 20

typedef struct {
    long rows;       /* data rows read */
    char **errors;   /* "FILE:LINE: ..." messages, at most IMPORT_MAX_ERRORS (+1 "and more") */
    size_t nerrors;
    char **warnings; /* e.g. unknown columns, which are ignored */
    size_t nwarnings;
} ImportReport;

/* Imports the CSV from reader. name is the file name used in messages and
 * in the import log. Returns IMPORT_OK, IMPORT_BAD_INPUT (nothing changed)
 * or IMPORT_ENV (nothing changed; the database could not be written). */
int import_run(Store *st, const Policy *pol, ImportKind kind, CsvReader *reader, const char *name,
               ImportReport *report);
/* Opens path and imports it as import_run does. */
int import_file(Store *st, const Policy *pol, ImportKind kind, const char *path, ImportReport *report);
void import_report_free(ImportReport *r);

/* Whether s (n bytes) is a valid id: 1-64 letters, digits, '-', '_', '.'. */
bool import_valid_id(const char *s, size_t n);

#endif
