/* import.h: loading the organisation's CSV files (contract, "Import files").
 *
 * An import checks every row (format/import_rows.h), writes the good ones
 * inside one transaction, and commits only if the whole file was good: one
 * bad row and the database is unchanged. Rows whose id already exists are
 * updated (re-importing a file is harmless). References may point at rows
 * in the database or anywhere in the same file. Every problem is reported
 * as "FILE:LINE: column "value": what is wrong". */
#ifndef OV_IMPORT_H
#define OV_IMPORT_H

#include "core/policy.h"
#include "core/util.h"
#include "format/csv.h"
#include "format/import_rows.h"
#include "store/store.h"

/* Results of import_run. */
enum { IMPORT_OK = 0, IMPORT_BAD_INPUT = 1, IMPORT_ENV = 3 };

/* Imports the CSV from reader. name is the file name used in messages and
 * in the import log. Returns IMPORT_OK, IMPORT_BAD_INPUT (nothing changed)
 * or IMPORT_ENV (nothing changed; the database could not be written). The
 * report is to be freed with import_report_free. */
int import_run(Store *st, const Policy *pol, ImportKind kind, CsvReader *reader, const char *name,
               ImportReport *report);
/* Opens path and imports it as import_run does. */
int import_file(Store *st, const Policy *pol, ImportKind kind, const char *path, ImportReport *report);

#endif
