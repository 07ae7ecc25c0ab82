/* table.c: the table of table.h and its CSV. */
#include "format/table.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void table_init(Table *t, const char *title, const char *const *heads, const TableType *types)
{
    memset(t, 0, sizeof *t);
    size_t n = 0;
    while (heads[n]) n++;
    t->title = arena_strndup(&t->arena, title, strlen(title));
    t->ncols = n;
    t->cols = xcalloc(n ? n : 1, sizeof *t->cols);
    for (size_t i = 0; i < n; i++) {
        t->cols[i].head = arena_strndup(&t->arena, heads[i], strlen(heads[i]));
        t->cols[i].type = types[i];
    }
}

void table_free(Table *t)
{
    free(t->cols);
    free(t->cells);
    arena_free(&t->arena);
    memset(t, 0, sizeof *t);
}

static const char *keep(Table *t, const char *s) { return s ? arena_strndup(&t->arena, s, strlen(s)) : NULL; }

static void add(Table *t, TableCell c)
{
    if (!t->ncols) return;
    size_t at = t->nrows * t->ncols + t->col;
    if (at >= t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16 * t->ncols;
        t->cells = xrealloc(t->cells, t->cap * sizeof *t->cells);
    }
    c.href = keep(t, c.href);
    t->cells[at] = c;
    if (++t->col == t->ncols) t->col = 0, t->nrows++;
}

void table_text(Table *t, const char *text, const char *href)
{
    add(t, (TableCell){.is_text = true, .text = keep(t, text ? text : ""), .href = href});
}

static TableType next_type(const Table *t) { return t->ncols ? t->cols[t->col].type : TABLE_TEXT; }

void table_int(Table *t, int64_t n, const char *href)
{
    if (next_type(t) != TABLE_INTEGER) {
        char s[TABLE_VALUE_CHARS];
        strfmt(s, sizeof s, "%" PRId64, n);
        return table_text(t, s, href);
    }
    add(t, (TableCell){.n = n, .href = href});
}

void table_percent(Table *t, int64_t per_cent, const char *href)
{
    if (next_type(t) != TABLE_PERCENT) {
        char s[TABLE_VALUE_CHARS];
        strfmt(s, sizeof s, "%" PRId64 "%%", per_cent);
        return table_text(t, s, href);
    }
    add(t, (TableCell){.n = per_cent, .href = href});
}

void table_date(Table *t, Date d, const char *href)
{
    if (next_type(t) != TABLE_DATE) {
        char s[11];
        date_format(d, s);
        return table_text(t, s, href);
    }
    add(t, (TableCell){.d = d, .href = href});
}

void table_date_or(Table *t, bool has, Date d, const char *none, const char *href)
{
    if (has)
        table_date(t, d, href);
    else
        table_text(t, none, href);
}

const TableCell *table_cell_at(const Table *t, size_t row, size_t col) { return &t->cells[row * t->ncols + col]; }

const char *table_value(const Table *t, const TableCell *c, size_t col, char out[TABLE_VALUE_CHARS])
{
    if (c->is_text) return c->text;
    switch (t->cols[col].type) {
    case TABLE_INTEGER: strfmt(out, TABLE_VALUE_CHARS, "%" PRId64, c->n); break;
    case TABLE_PERCENT: strfmt(out, TABLE_VALUE_CHARS, "%" PRId64 "%%", c->n); break;
    case TABLE_DATE: date_format(c->d, out); break;
    case TABLE_TEXT: out[0] = 0; break;
    }
    return out;
}

bool table_text_risky(const char *text)
{
    return text &&
           (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r');
}

static void csv_field(Buf *out, const char *s, bool text)
{
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote) buf_addc(out, '"');
    if (text && table_text_risky(s)) buf_addc(out, '\'');
    for (; *s; s++) {
        if (*s == '"') buf_addc(out, '"');
        buf_addc(out, *s);
    }
    if (quote) buf_addc(out, '"');
}

void table_csv(const Table *t, Buf *out)
{
    buf_adds(out, "\xEF\xBB\xBF");
    for (size_t c = 0; c < t->ncols; c++) {
        if (c) buf_addc(out, ',');
        csv_field(out, t->cols[c].head, true);
    }
    buf_adds(out, "\r\n");
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const TableCell *cell = table_cell_at(t, r, c);
            char v[TABLE_VALUE_CHARS];
            if (c) buf_addc(out, ',');
            csv_field(out, table_value(t, cell, c, v), cell->is_text);
        }
        buf_adds(out, "\r\n");
    }
}
