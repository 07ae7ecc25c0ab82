/* import.h: loading the organisation's CSV files (contract, "Import files").
 *
 * An import reads the whole file into memory, checks every row
 * (format/import_rows.h) without holding the database's write lock, and
 * only then, for a good file, takes the lock to check the rows again
 * (cheaply, from memory) and write them inside one transaction: one bad
 * row and the database is unchanged, and no reading of a file or an upload
 * ever happens while others wait to write. The transaction is the
 * import's own (import_run), or the caller's (import_into), so that an
 * admin's import and its audit row are saved together or not at all
 * (svc/admin.h). The ids a file names are asked about, and its rows
 * written, in bulk (store_bulk_*), so a large file costs a few round trips
 * to PostgreSQL rather than one per row. Rows whose id already exists are updated (re-importing a
 * file is harmless). References may point at rows in the database or
 * anywhere in the same file. Every problem is reported as
 * "FILE:LINE: column "value": what is wrong". */
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

/* A file's records, read whole into memory. */
typedef struct ImportRecords ImportRecords;

/* Reads every record from reader (until its end or a syntax error, which
 * the checking reports). The reader must outlive the records. */
ImportRecords *import_read(CsvReader *reader);
void import_records_free(ImportRecords *recs);

/* Checks the records as an import would, asking the database (outside any
 * transaction: no lock is taken) whether the ids they name exist, and
 * writes nothing. Returns as import_into does. */
int import_check(Store *st, const Policy *pol, ImportKind kind, ImportRecords *recs, const char *name,
                 ImportReport *report);

/* Checks the records again and writes their rows, and the file's entry in
 * the import log stamped at now (seconds since the epoch), inside the
 * transaction the caller has begun (after import_check said the file is
 * good: the lock is then held only for this). It neither commits nor rolls
 * back: the caller commits on IMPORT_OK, together with whatever else
 * belongs to the same change (the admin service's audit row), and rolls
 * back otherwise, saying so with import_unwritten after IMPORT_ENV or a
 * failed commit. name is the file name used in messages and in the import
 * log. Returns IMPORT_OK, IMPORT_BAD_INPUT (the report lists the problems)
 * or IMPORT_ENV (the database could not be written). */
int import_into(Store *st, const Policy *pol, ImportKind kind, ImportRecords *recs, const char *name, int64_t now,
                ImportReport *report);

/* Adds the last error of an import the database did not take, rolled back:
 * "NAME: the database could not be written: WHY; nothing was imported". */
void import_unwritten(ImportReport *report, const char *name, const Store *st);

/* Imports the CSV from reader: read, checked, then written in a transaction
 * of its own stamped with the clock, as import_into does. Returns as import_into does, nothing changed
 * unless IMPORT_OK. The report is to be freed with import_report_free. */
int import_run(Store *st, const Policy *pol, ImportKind kind, CsvReader *reader, const char *name,
               ImportReport *report);

/* The largest file import reads (it is held in memory). */
#define IMPORT_MAX_FILE ((size_t)1 << 30)

/* A CSV file, read whole. */
typedef struct {
    Buf data;
    CsvReader *csv;
} ImportFile;

/* Reads path whole ("-": standard input, said explicitly). false, with the
 * reason added to report, when it cannot be read or is not a regular file
 * (a FIFO, a directory or a device is refused at once rather than waited
 * on: "PATH: is a named pipe (FIFO): ..."). */
bool import_file_open(ImportFile *file, const char *path, ImportReport *report);
void import_file_close(ImportFile *file);

/* Opens path and imports it as import_run does. */
int import_file(Store *st, const Policy *pol, ImportKind kind, const char *path, ImportReport *report);

#endif
