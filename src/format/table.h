/* table.h: a table as data (a title, typed columns, rows of cells), and its
 * files: CSV here, XLSX in table_xlsx.c (libxlsxwriter's header stays
 * there).
 *
 * A page builds the table it shows once; the HTML (web/page_lists.h) and
 * the downloads are written from the same rows, so a download holds what
 * the page showed. A cell may carry the page's link (href): the files leave
 * it out.
 *
 * Spreadsheet programs run a cell that begins with '=', '+', '-' or '@' as
 * a formula (and tab or CR lead to the same on paste), so a text cell that
 * begins with one of these is written to CSV with a single quote before it
 * (OWASP's "CSV injection" advice), and to XLSX always as a string, never a
 * formula. A number in an integer or percentage column is written as the
 * number it is, a negative one included: it is not text. */
#ifndef OV_FORMAT_TABLE_H
#define OV_FORMAT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/util.h"

typedef enum {
    TABLE_TEXT,
    TABLE_INTEGER,
    TABLE_DATE,    /* written as 2026-12-07 in CSV, a date in XLSX */
    TABLE_PERCENT, /* a whole number of per cent: 83 is 83% */
} TableType;

/* A cell holds a value of its column's type, or text instead (a date
 * "never" held, a share "none" of nobody): then it is written as text. */
typedef struct {
    bool is_text;
    const char *text; /* is_text: the words; else NULL */
    int64_t n;        /* TABLE_INTEGER, TABLE_PERCENT */
    Date d;           /* TABLE_DATE */
    const char *href; /* the page's link, or NULL; not in the files */
} TableCell;

typedef struct {
    const char *head;
    TableType type;
} TableColumn;

typedef struct {
    const char *title; /* the caption; names the sheet */
    TableColumn *cols;
    size_t ncols;
    TableCell *cells; /* row by row, ncols each */
    size_t nrows, cap;
    size_t col; /* the next cell's column in the row being added */
    Arena arena;
} Table;

/* A table of the columns heads (NULL-terminated) and types (one each),
 * copied. Free with table_free. */
void table_init(Table *t, const char *title, const char *const *heads, const TableType *types);
void table_free(Table *t);

/* Cells, left to right; the row ends after its last column's cell. Every
 * string is copied. A cell of the wrong kind for its column is text. */
void table_text(Table *t, const char *text, const char *href);
void table_int(Table *t, int64_t n, const char *href);
void table_date(Table *t, Date d, const char *href);
void table_percent(Table *t, int64_t per_cent, const char *href);
/* A date or words when there is none ("never"). */
void table_date_or(Table *t, bool has, Date d, const char *none, const char *href);

const TableCell *table_cell_at(const Table *t, size_t row, size_t col);

/* A cell as text, as the CSV has it before quoting ("2026-12-07", "83%",
 * "-3"). out holds at least TABLE_VALUE_CHARS; text cells are returned
 * as they are. */
#define TABLE_VALUE_CHARS 24
const char *table_value(const Table *t, const TableCell *c, size_t col, char out[TABLE_VALUE_CHARS]);

/* Whether text would be run by a spreadsheet as a formula (or leads to
 * one): it begins with '=', '+', '-', '@', tab or CR. */
bool table_text_risky(const char *text);

/* The table as CSV (RFC 4180): a UTF-8 byte-order mark, the headings, then
 * the rows, each line ended by CRLF; a field holding a comma, a quote, CR
 * or LF is quoted (quotes doubled); risky text (above) has a single quote
 * put before it. Appends to out. */
void table_csv(const Table *t, Buf *out);

/* The table as an XLSX workbook of one sheet (named from the title): the
 * headings bold, in a frozen first row; numbers as numbers, dates as dates
 * ("d mmmm yyyy"), percentages as fractions shown "0%", text as strings;
 * columns as wide as their longest value within reason. tmpdir is where
 * libxlsxwriter writes while it works (NULL: $TMPDIR or /tmp). Appends the
 * file's bytes to out; false with err on failure. */
bool table_xlsx(const Table *t, const char *tmpdir, Buf *out, char *err, size_t errlen);

#endif
