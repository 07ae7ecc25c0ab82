/* csv.h: a streaming reader for CSV as in RFC 4180.
 *
 * This is the one place where the bytes of an import file are parsed. It
 * accepts quoted fields with embedded commas, quotes ("") and line breaks,
 * CRLF or LF line ends, a UTF-8 byte-order mark at the start, and a missing
 * final line break. It rejects, naming line and column: text that is not
 * UTF-8, NUL bytes, a quote inside an unquoted field, text after a closing
 * quote, an unterminated quoted field, and fields or records over the caps.
 *
 * The reader is pure apart from the read callback, so it can be fuzzed alone. */
#ifndef OV_CSV_H
#define OV_CSV_H

#include <stdbool.h>
#include <stddef.h>

/* Reads up to n bytes into buf; returns the count, 0 at end, -1 on error. */
typedef long (*CsvReadFn)(void *ctx, char *buf, size_t n);

typedef struct {
    const char *data; /* NUL-terminated copy; valid until the next csv_next */
    size_t len;
} CsvField;

typedef struct {
    CsvField *fields;
    size_t nfields;
    long line; /* physical line where the record starts (1-based) */
} CsvRecord;

#define CSV_MAX_FIELD (1u << 20) /* 1 MiB */
#define CSV_MAX_FIELDS 256

typedef struct CsvReader CsvReader;

CsvReader *csv_new(CsvReadFn read, void *ctx);
/* A reader over a memory buffer (copied by reference: must outlive reader). */
CsvReader *csv_new_mem(const char *data, size_t len);
void csv_free(CsvReader *r);

/* Reads the next record. Returns 1 with *rec filled, 0 at end of input, -1
 * on error: then csv_error() says what, at csv_error_line()/column(). A
 * blank line ("\n" alone) is a record with one empty field. */
int csv_next(CsvReader *r, CsvRecord *rec);
const char *csv_error(const CsvReader *r);
long csv_error_line(const CsvReader *r);
long csv_error_column(const CsvReader *r); /* 1-based character column, 0 if unknown */

#endif
