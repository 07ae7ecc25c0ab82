/* import.h: loading the organisation's CSV files (contract, "Import files").
 *
 * An import checks every row (format/import_rows.h), writes the good ones
 * inside one transaction, and commits only if the whole file was good: one
 * bad row and the database is unchanged. The transaction is the import's
 * own (import_run), or the caller's (import_into), so that an admin's
 * import and its audit row are saved together or not at all (svc/admin.h). Rows whose id already exists are
 * updated (re-importing a file is harmless). References may point at rows
 * in the database or anywhere in the same file. Every problem is reported
 * as "FILE:LINE: column "value": what is wrong". */
#ifndef OV_IMPORT_H
#define OV_IMPORT_H

#include <stdio.h>

#include "core/policy.h"
#include "core/util.h"
#include "format/csv.h"
#include "format/import_rows.h"
#include "store/store.h"

/* Results of an import. */
enum { IMPORT_OK = 0, IMPORT_BAD_INPUT = 1, IMPORT_ENV = 3 };

/* Checks the CSV from reader and writes its rows, and its entry in the
 * import log stamped at now (seconds since the epoch), inside the
 * transaction the caller has begun. It neither commits nor rolls back: the
 * caller commits on IMPORT_OK, together with whatever else belongs to the
 * same change (the admin service's audit row), and rolls back otherwise,
 * saying so with import_unwritten after IMPORT_ENV or a failed commit.
 * name is the file name used in messages and in the import log. Returns
 * IMPORT_OK, IMPORT_BAD_INPUT (the report lists the problems) or IMPORT_ENV
 * (the database could not be written). */
int import_into(Store *st, const Policy *pol, ImportKind kind, CsvReader *reader, const char *name, int64_t now,
                ImportReport *report);

/* Adds the last error of an import the database did not take, rolled back:
 * "NAME: the database could not be written: WHY; nothing was imported". */
void import_unwritten(ImportReport *report, const char *name, const Store *st);

/* Imports the CSV from reader in a transaction of its own, stamped with the
 * clock, as import_into does. Returns as import_into does, nothing changed
 * unless IMPORT_OK. The report is to be freed with import_report_free. */
int import_run(Store *st, const Policy *pol, ImportKind kind, CsvReader *reader, const char *name,
               ImportReport *report);

/* A CSV file read as it is parsed. */
typedef struct {
    FILE *f;
    CsvReader *csv;
} ImportFile;

/* Opens path: false, with "PATH: cannot read: WHY" added to report, when it
 * cannot be read. */
bool import_file_open(ImportFile *file, const char *path, ImportReport *report);
void import_file_close(ImportFile *file);

/* Opens path and imports it as import_run does. */
int import_file(Store *st, const Policy *pol, ImportKind kind, const char *path, ImportReport *report);

#endif
