/* format/sheet.h: a plain document turned into PDF bytes, for the copy of
 * a record each person keeps (issue 15: the record sheet).
 *
 * A sheet is a list of blocks (a title, headings, paragraphs, label/value
 * rows, monospace lines for hashes and checkpoints) and a footer line.
 * sheet_pdf lays them out on A4 pages with cairo and pango: pango shapes
 * the text (so Polish, Welsh, Arabic right to left, Chinese each come out
 * as written, the font "Noto Sans" with fontconfig's fallback for scripts
 * it lacks), wraps it to the page's width, and a block that does not fit
 * continues on the next page line by line. Every page ends with the footer
 * and "Page N of M". Text is always plain text (never pango markup), so
 * whatever a person typed is shown, not interpreted.
 *
 * The output depends only on the sheet: the PDF's creation date is the
 * sheet's `created`, never the clock, so the same sheet gives the same
 * bytes (with the same fonts installed).
 *
 * Nothing here reads the store or knows what a record is: svc/record_pdf.h
 * builds the sheet of a record version. */
#ifndef OV_FORMAT_SHEET_H
#define OV_FORMAT_SHEET_H

#include <stdbool.h>
#include <stdint.h>

#include "core/util.h"

typedef enum {
    SHEET_TITLE,      /* the document's heading, large */
    SHEET_HEADING,    /* a section's heading, kept with what follows it */
    SHEET_SUBHEADING, /* a part of a section (one case discussion) */
    SHEET_PARAGRAPH,  /* wrapped text; a line break in it starts a new line */
    SHEET_NOTE,       /* a paragraph in smaller, grey type: a remark about the text before it */
    SHEET_ROW,        /* a label in a column of its own, its value wrapped beside it */
    SHEET_MONO,       /* monospace, wrapped at any character: hashes, checkpoints */
} SheetKind;

typedef struct {
    SheetKind kind;
    char *label; /* SHEET_ROW's label; "" for the others */
    char *text;
} SheetBlock;

typedef struct {
    char *title;     /* the PDF's title (its metadata) */
    char *footer;    /* at the foot of every page, before "Page N of M"; cut with "…" when too long */
    int64_t created; /* Unix time: the PDF's creation date */
    SheetBlock *blocks;
    size_t n, cap;
    Arena strings; /* every string above */
} Sheet;

/* The most text a sheet may hold, in bytes, all blocks together: sheet_pdf
 * refuses more rather than spend minutes laying it out. */
#define SHEET_TEXT_MAX ((size_t)8 << 20)

/* An empty sheet. title and footer are copied (NULL: ""). Free with sheet_free. */
void sheet_init(Sheet *s, const char *title, const char *footer, int64_t created);
/* Adds a block of kind (not SHEET_ROW) with text, copied (NULL: "").
 * A paragraph or note whose text is empty adds nothing. */
void sheet_add(Sheet *s, SheetKind kind, const char *text);
/* Adds a SHEET_ROW: label and value, copied (NULL: ""). */
void sheet_row(Sheet *s, const char *label, const char *value);
/* Frees what the sheet holds; s may be NULL. */
void sheet_free(Sheet *s);

/* Room for sheet_pdf's reason for refusing. */
#define SHEET_ERROR_CHARS 200

/* Lays the sheet out and appends the PDF (A4, one page at least) to pdf.
 * false, with err saying why and nothing appended, when a text is not
 * valid UTF-8 (err names the block: "block 3 (paragraph): ... at byte 17"),
 * the sheet holds more than SHEET_TEXT_MAX bytes of text, pdf's cap is
 * reached, or cairo fails. Safe to call from several threads: sheets are
 * made one at a time (the fonts loaded are shared, under a lock). */
bool sheet_pdf(const Sheet *s, Buf *pdf, char err[SHEET_ERROR_CHARS]);

/* A name put into a sentence goes between SHEET_FSI and SHEET_PDI (U+2068,
 * U+2069: first strong isolate), as HTML's <bdi> does: a name in Arabic
 * then runs right to left on its own without taking the words and numbers
 * after it along ("NAME, 20 November 2026" stays in that order). */
#define SHEET_FSI "\xe2\x81\xa8"
#define SHEET_PDI "\xe2\x81\xa9"

/* "20 November 2026" for "2026-11-20"; anything else as it is. Returns out. */
const char *sheet_civil_date(const char *iso, char out[32]);
/* "21 September 2026, 14:13 UTC" for a Unix time: in UTC, so that a sheet
 * is the same wherever it is made. Returns out. */
const char *sheet_utc_time(int64_t t, char out[48]);

#endif
