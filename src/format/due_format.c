/* due_format.c: the due list as CSV and JSON (the contract's stable machine
 * formats) and as an aligned table for people. */
#include "format/due_format.h"

#include <string.h>

#include "format/json.h"

static const char *const kind_names[] = {
    [DUE_KIND_ACTION] = "action",
    [DUE_KIND_AGREEMENT] = "agreement",
    [DUE_KIND_CASE] = "case",
    [DUE_KIND_CASE_LATE_ENTRY] = "case-late-entry",
    [DUE_KIND_CHECKLIST] = "checklist",
    [DUE_KIND_CONCERN] = "concern",
    [DUE_KIND_ESCALATION] = "escalation",
    [DUE_KIND_LATE_ENTRY] = "late-entry",
    [DUE_KIND_RECORD] = "record",
    [DUE_KIND_SIGN_OFF] = "sign-off",
    [DUE_KIND_STAFF] = "staff",
};

const char *due_kind_name(DueKind k) { return kind_names[k]; }

void due_list_free(DueList *l)
{
    free(l->rows);
    arena_free(&l->strings);
    memset(l, 0, sizeof *l);
}

/* A field, quoted when it holds a comma, quote or line break. The fields
 * are short: a loop over the bytes finds the end sooner than strcspn. */
static void csv_field(Buf *line, const char *s)
{
    size_t n = 0;
    for (char c; (c = s[n]) && c != ',' && c != '"' && c != '\r' && c != '\n';) n++;
    if (!s[n]) {
        buf_add(line, s, n);
        return;
    }
    buf_addc(line, '"');
    for (; *s; s++) {
        if (*s == '"') buf_addc(line, '"');
        buf_addc(line, *s);
    }
    buf_addc(line, '"');
}

/* days_overdue, without printf: the whole organisation's list is hundreds
 * of thousands of lines. */
static void csv_int(Buf *line, int32_t v)
{
    char d[12];
    size_t i = sizeof d;
    uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
    do d[--i] = (char)('0' + u % 10), u /= 10;
    while (u);
    if (v < 0) d[--i] = '-';
    buf_add(line, d + i, sizeof d - i);
}

/* Each line is assembled in memory and written at once: the whole
 * organisation's list is hundreds of thousands of lines. */
void due_write_csv(FILE *out, const DueList *l)
{
    fputs("kind,id,owner,rule,last,due,status,days_overdue\n", out);
    Buf line = {0};
    for (size_t i = 0; i < l->n; i++) {
        const DueRow *row = &l->rows[i];
        char date[11];
        buf_adds(&line, due_kind_name(row->kind));
        buf_addc(&line, ',');
        csv_field(&line, row->id);
        buf_addc(&line, ',');
        csv_field(&line, row->owner);
        buf_addc(&line, ',');
        csv_field(&line, row->r.rule);
        buf_addc(&line, ',');
        if (row->r.has_last) {
            date_format(row->r.last, date);
            buf_add(&line, date, 10);
        }
        buf_addc(&line, ',');
        date_format(row->r.due, date);
        buf_add(&line, date, 10);
        buf_addc(&line, ',');
        buf_adds(&line, due_status_name(row->r.status));
        buf_addc(&line, ',');
        csv_int(&line, row->r.days_overdue);
        buf_addc(&line, '\n');
        if (line.len >= 1u << 16) {
            fwrite(line.data, 1, line.len, out);
            line.len = 0;
        }
    }
    if (line.len) fwrite(line.data, 1, line.len, out);
    buf_free(&line);
}

void due_row_json(JsonWriter *w, const DueRow *row, bool with_names)
{
    char last[11], due[11];
    if (row->r.has_last) date_format(row->r.last, last);
    date_format(row->r.due, due);
    json_object_begin(w);
    json_member_string(w, "kind", due_kind_name(row->kind));
    json_member_string(w, "id", row->id);
    if (with_names) json_member_string(w, "name", row->name);
    json_member_string(w, "owner", row->owner);
    if (with_names) {
        json_member_string(w, "owner_name", row->owner_name);
        json_member_string(w, "team", row->team);
    }
    json_member_string(w, "rule", row->r.rule);
    json_member_string(w, "last", row->r.has_last ? last : NULL);
    json_member_string(w, "due", due);
    json_member_string(w, "status", due_status_name(row->r.status));
    json_member_int(w, "days_overdue", row->r.days_overdue);
    json_object_end(w);
}

/* The whole organisation's list is hundreds of thousands of rows: the text
 * is written out as it grows, not held. */
void due_write_json(FILE *out, const DueList *l)
{
    Buf b = {0};
    JsonWriter w;
    json_start(&w, &b, JSON_LINES);
    json_array_begin(&w);
    for (size_t i = 0; i < l->n; i++) {
        due_row_json(&w, &l->rows[i], false);
        if (b.len >= 1u << 16) {
            fwrite(b.data, 1, b.len, out);
            buf_clear(&b);
        }
    }
    json_array_end(&w);
    if (b.len) fwrite(b.data, 1, b.len, out);
    buf_free(&b);
}

/* Width in characters (code points) of UTF-8 text, for alignment. */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80) w++;
    return w;
}

enum { T_STATUS, T_LATE, T_DUE, T_KIND, T_ID, T_NAME, T_OWNER, T_LAST, T_RULE, T_COLS };
static const char *const headings[T_COLS] = {"STATUS", "DAYS LATE",           "DUE",  "KIND", "ID",
                                             "NAME",   "SUPERVISOR / WORKER", "LAST", "RULE"};

static void table_cells(const DueRow *row, char late[16], char due[11], char last[11], const char *cells[T_COLS])
{
    date_format(row->r.due, due);
    if (row->r.has_last)
        date_format(row->r.last, last);
    else
        strfmt(last, 11, "never");
    if (row->r.days_overdue)
        strfmt(late, 16, "%d", (int)row->r.days_overdue);
    else
        late[0] = 0;
    cells[T_STATUS] = due_status_name(row->r.status);
    cells[T_LATE] = late;
    cells[T_DUE] = due;
    cells[T_KIND] = due_kind_name(row->kind);
    cells[T_ID] = row->id;
    cells[T_NAME] = row->name;
    cells[T_OWNER] = row->owner_name[0] ? row->owner_name : row->owner;
    cells[T_LAST] = last;
    cells[T_RULE] = row->r.rule;
}

void due_write_table(FILE *out, const DueList *l, Date asof)
{
    size_t width[T_COLS];
    for (int c = 0; c < T_COLS; c++) width[c] = text_width(headings[c]);
    char late[16], due[11], last[11];
    const char *cells[T_COLS];
    size_t counts[3] = {0};
    for (size_t i = 0; i < l->n; i++) {
        table_cells(&l->rows[i], late, due, last, cells);
        counts[l->rows[i].r.status]++;
        for (int c = 0; c < T_COLS; c++) {
            size_t w = text_width(cells[c]);
            if (w > width[c]) width[c] = w;
        }
    }
    char d[11];
    date_format(asof, d);
    fprintf(out, "Due list on %s: %zu overdue, %zu due within the week, %zu ok\n\n", d, counts[STATUS_OVERDUE],
            counts[STATUS_DUE_SOON], counts[STATUS_OK]);
    for (size_t i = 0; i <= l->n; i++) {
        if (i == 0) {
            memcpy(cells, headings, sizeof cells);
        } else {
            table_cells(&l->rows[i - 1], late, due, last, cells);
        }
        for (int c = 0; c < T_COLS; c++) {
            bool right = c == T_LATE;
            size_t pad = width[c] - text_width(cells[c]);
            if (right) fprintf(out, "%*s", (int)pad, "");
            fputs(cells[c], out);
            if (c + 1 < T_COLS && !right) fprintf(out, "%*s", (int)pad, "");
            if (c + 1 < T_COLS) fputs("  ", out);
        }
        fputc('\n', out);
    }
}
