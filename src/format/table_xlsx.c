/* table_xlsx.c: a table (table.h) as an XLSX workbook, with libxlsxwriter.
 * xlsxwriter.h is included here only (tools/codecheck).
 *
 * libxlsxwriter 1.1.4 (Debian 12) writes a workbook to a named file only,
 * so the workbook is written to a private temporary file, read back and
 * removed. */
#include "format/table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define XLSX_MAX_TEXT 32767 /* characters in a cell (the format's limit) */
#define XLSX_MAX_BYTES (256u << 20)
#define SHEET_NAME_MAX 31

/* A sheet's name: the title without the characters a sheet name may not
 * hold ([]:*?/\), no quote at either end, at most 31 characters. */
static void sheet_name(const char *title, char *out, size_t n)
{
    size_t o = 0, chars = 0;
    const unsigned char *s = (const unsigned char *)title;
    size_t len = strlen(title);
    for (size_t i = 0; i < len && chars < SHEET_NAME_MAX;) {
        size_t k = utf8_len(s + i, len - i);
        if (!k) k = 1;
        if (o + k + 1 >= n) break;
        if (k == 1 && (strchr("[]:*?/\\", s[i]) || s[i] < 0x20))
            out[o++] = ' ';
        else
            memcpy(out + o, s + i, k), o += k;
        i += k, chars++;
    }
    out[o] = 0;
    while (o && (out[o - 1] == ' ' || out[o - 1] == '\'')) out[--o] = 0;
    size_t skip = 0;
    while (out[skip] == '\'' || out[skip] == ' ') skip++;
    memmove(out, out + skip, o - skip + 1);
    if (!out[0]) strfmt(out, n, "Sheet1");
}

/* Text for a cell: cut (at a character's start) to the format's limit. */
static const char *cell_text(const char *s, char **owned)
{
    size_t len = strlen(s), bytes = 0, chars = 0;
    *owned = NULL;
    while (bytes < len && chars < XLSX_MAX_TEXT) {
        size_t k = utf8_len((const unsigned char *)s + bytes, len - bytes);
        bytes += k ? k : 1, chars++;
    }
    if (bytes == len) return s;
    return *owned = xstrndup(s, bytes);
}

/* How wide a column reads: its longest value in characters, within 8..60. */
static size_t chars_of(const char *s)
{
    size_t len = strlen(s), n = 0;
    for (size_t i = 0; i < len; n++) {
        size_t k = utf8_len((const unsigned char *)s + i, len - i);
        i += k ? k : 1;
    }
    return n;
}

static bool fail(char *err, size_t errlen, const char *what, lxw_error e)
{
    strfmt(err, errlen, "%s: %s", what, lxw_strerror(e));
    return false;
}

bool table_xlsx(const Table *t, const char *tmpdir, Buf *out, char *err, size_t errlen)
{
    if (!tmpdir) tmpdir = getenv("TMPDIR");
    if (!tmpdir || !*tmpdir) tmpdir = "/tmp";
    if (t->nrows + 1 > LXW_ROW_MAX || t->ncols > LXW_COL_MAX) {
        strfmt(err, errlen, "the table has more rows or columns than a sheet holds");
        return false;
    }
    char path[4096];
    strfmt(path, sizeof path, "%s/oversight-table-XXXXXX.xlsx", tmpdir);
    int fd = mkstemps(path, 5);
    if (fd < 0) {
        strfmt(err, errlen, "%s: %s", path, strerror(errno));
        return false;
    }
    close(fd);
    lxw_workbook_options opt = {.tmpdir = (char *)tmpdir};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) {
        unlink(path);
        strfmt(err, errlen, "cannot begin the workbook");
        return false;
    }
    char name[SHEET_NAME_MAX * 4 + 1];
    sheet_name(t->title, name, sizeof name);
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws) ws = workbook_add_worksheet(wb, NULL);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "d mmmm yyyy");
    lxw_format *percent = workbook_add_format(wb);
    format_set_num_format(percent, "0%");
    lxw_format *integer = workbook_add_format(wb);
    format_set_num_format(integer, "0");
    lxw_error e = LXW_NO_ERROR;
    size_t *width = xcalloc(t->ncols ? t->ncols : 1, sizeof *width);
    for (size_t c = 0; c < t->ncols && !e; c++) {
        e = worksheet_write_string(ws, 0, (lxw_col_t)c, t->cols[c].head, bold);
        width[c] = chars_of(t->cols[c].head);
    }
    for (size_t r = 0; r < t->nrows && !e; r++) {
        lxw_row_t row = (lxw_row_t)(r + 1);
        for (size_t c = 0; c < t->ncols && !e; c++) {
            const TableCell *cell = table_cell_at(t, r, c);
            lxw_col_t col = (lxw_col_t)c;
            size_t w = 0;
            if (cell->is_text) {
                char *owned;
                const char *s = cell_text(cell->text, &owned);
                /* An empty cell is left blank (a string "" is not one). */
                if (*s) e = worksheet_write_string(ws, row, col, s, NULL);
                w = chars_of(s);
                free(owned);
            } else {
                switch (t->cols[c].type) {
                case TABLE_INTEGER:
                    e = worksheet_write_number(ws, row, col, (double)cell->n, integer);
                    w = 6;
                    break;
                case TABLE_PERCENT:
                    e = worksheet_write_number(ws, row, col, (double)cell->n / 100.0, percent);
                    w = 5;
                    break;
                case TABLE_DATE: {
                    int y, m, d;
                    date_to_ymd(cell->d, &y, &m, &d);
                    lxw_datetime dt = {.year = y, .month = m, .day = d};
                    e = worksheet_write_datetime(ws, row, col, &dt, date);
                    w = 18;
                    break;
                }
                case TABLE_TEXT: break;
                }
            }
            if (w > width[c]) width[c] = w;
        }
    }
    for (size_t c = 0; c < t->ncols && !e; c++) {
        size_t w = width[c] < 8 ? 8 : width[c] > 60 ? 60 : width[c];
        e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)w + 2, NULL);
    }
    free(width);
    if (!e) worksheet_freeze_panes(ws, 1, 0);
    lxw_error closed = workbook_close(wb);
    bool ok = !e && !closed;
    if (!ok) {
        fail(err, errlen, "writing the workbook", e ? e : closed);
    } else {
        char *data;
        size_t len;
        if (read_file(path, XLSX_MAX_BYTES, &data, &len) != 0) {
            strfmt(err, errlen, "%s: %s", path, strerror(errno));
            ok = false;
        } else {
            buf_add(out, data, len);
            free(data);
        }
    }
    unlink(path);
    return ok;
}
