/* csv.c: the streaming CSV reader behind csv.h.
 *
 * Input arrives in chunks from the read callback (a memory reader uses its
 * buffer as the one chunk) and runs through a small state machine. Runs of
 * plain ASCII data are found with a table scan and copied at once; anything
 * else goes through the byte-at-a-time path. The UTF-8 decoder's state lives
 * in the reader, so a character may straddle two chunks, and so may a CR LF
 * or a doubled quote: nothing ever looks ahead past the current byte.
 *
 * The fields of the current record are copied, NUL-terminated, into one
 * buffer; the size cap is checked before each copy, so an endless field costs
 * at most CSV_MAX_FIELD bytes before it is rejected.
 *
 * Choices the RFC leaves open:
 * - A CR outside quotes must be followed by LF. A lone CR is an error, not a
 *   line end: it comes from damaged or mixed line ends, and guessing would
 *   shift the line numbers of every later message. Inside quotes CR is data.
 * - Lines are counted at LF only, also inside quoted fields, so line numbers
 *   match what an editor shows.
 * - A byte-order mark is skipped only as the very first bytes; elsewhere
 *   U+FEFF is ordinary text.
 * - "Too long" and "not closed" errors point at the start of the field (its
 *   opening quote if quoted), which is where a person has to look. */
#include "format/csv.h"

#include <string.h>

#include "core/util.h"

enum { CHUNK = 64 * 1024 };

/* Bytes that end the ASCII fast path: bit 1 outside quotes, bit 2 inside. */
#define HIGH16 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3
static const unsigned char special[256] = {
    ['\0'] = 3, ['\n'] = 3, ['\r'] = 1, ['"'] = 3, [','] = 1, [0x80] = HIGH16, HIGH16,
    HIGH16,     HIGH16,     HIGH16,     HIGH16,    HIGH16,    HIGH16,
};
#define UNQUOTED_SPECIAL 1
#define QUOTED_SPECIAL 2

typedef enum {
    S_START,    /* at the start of a field */
    S_UNQUOTED, /* inside an unquoted field */
    S_QUOTED,   /* inside a quoted field */
    S_QUOTE,    /* after a quote in a quoted field: closing, or the first of "" */
    S_CR,       /* after a CR outside quotes */
} State;

struct CsvReader {
    CsvReadFn read; /* NULL for a memory reader */
    void *ctx;
    char *chunk;
    const unsigned char *p, *end;
    bool started, eof, failed;

    State state;
    bool in_record;
    long line, col; /* col: characters already seen on this line */
    long rec_line;
    long field_line, field_col; /* where the current field started */
    long cr_col;

    /* UTF-8: continuation bytes still due, the range the next one must be in
     * (narrower after E0, ED, F0, F4 to exclude overlongs, surrogates and
     * code points past U+10FFFF), and the lead byte for the message. */
    int u_need;
    unsigned char u_lo, u_hi, u_lead;
    long u_col;

    char *buf; /* the record's fields, each NUL-terminated */
    size_t len, cap;
    size_t field_start;
    size_t nfields;
    size_t offset[CSV_MAX_FIELDS];
    CsvField fields[CSV_MAX_FIELDS];

    char err[96];
    long err_line, err_col;
};

static CsvReader *reader_new(void)
{
    CsvReader *r = xcalloc(1, sizeof *r);
    r->line = 1;
    return r;
}

CsvReader *csv_new(CsvReadFn read, void *ctx)
{
    CsvReader *r = reader_new();
    r->read = read;
    r->ctx = ctx;
    r->chunk = xmalloc(CHUNK);
    return r;
}

CsvReader *csv_new_mem(const char *data, size_t len)
{
    CsvReader *r = reader_new();
    r->p = (const unsigned char *)data;
    r->end = r->p + len;
    r->eof = true;
    return r;
}

void csv_free(CsvReader *r)
{
    if (!r) return;
    free(r->chunk);
    free(r->buf);
    free(r);
}

const char *csv_error(const CsvReader *r) { return r->failed ? r->err : ""; }
long csv_error_line(const CsvReader *r) { return r->failed ? r->err_line : 0; }
long csv_error_column(const CsvReader *r) { return r->failed ? r->err_col : 0; }

static int fail(CsvReader *r, long line, long col, const char *msg)
{
    r->failed = true;
    r->err_line = line;
    r->err_col = col;
    strfmt(r->err, sizeof r->err, "%s", msg);
    return -1;
}

static int bad_utf8(CsvReader *r, unsigned byte, long col)
{
    char msg[64];
    strfmt(msg, sizeof msg, "not UTF-8 text (byte 0x%02X); save the file as UTF-8", byte);
    return fail(r, r->line, col, msg);
}

/* Reads one chunk: 1, 0 at end of input, -1 on a read error. */
static int fill(CsvReader *r)
{
    if (r->eof) return 0;
    long n = r->read(r->ctx, r->chunk, CHUNK);
    if (n < 0 || (unsigned long)n > CHUNK) return fail(r, r->line, 0, "read error");
    if (n == 0) {
        r->eof = true;
        return 0;
    }
    r->p = (const unsigned char *)r->chunk;
    r->end = r->p + n;
    return 1;
}

/* Skips a byte-order mark. A callback may hand out fewer bytes than asked
 * for, so it is asked until the first three bytes are in. */
static int start(CsvReader *r)
{
    r->started = true;
    if (r->read) {
        size_t have = 0;
        while (have < 3) {
            long n = r->read(r->ctx, r->chunk + have, CHUNK - have);
            if (n < 0 || (unsigned long)n > CHUNK - have) return fail(r, 1, 0, "read error");
            if (n == 0) {
                r->eof = true;
                break;
            }
            have += (size_t)n;
        }
        r->p = (const unsigned char *)r->chunk;
        r->end = r->p + have;
    }
    if (r->end - r->p >= 3 && memcmp(r->p, "\xEF\xBB\xBF", 3) == 0) r->p += 3;
    return 0;
}

static int add(CsvReader *r, const unsigned char *s, size_t n)
{
    if (r->len - r->field_start + n > CSV_MAX_FIELD)
        return fail(r, r->field_line, r->field_col, "field longer than 1 MiB");
    if (r->len + n >= r->cap) xgrow((void **)&r->buf, &r->cap, r->len + n + 1, 1);
    memcpy(r->buf + r->len, s, n);
    r->len += n;
    return 0;
}

static int add1(CsvReader *r, unsigned char c) { return add(r, &c, 1); }

static void end_field(CsvReader *r)
{
    if (r->len >= r->cap) xgrow((void **)&r->buf, &r->cap, r->len + 1, 1);
    r->buf[r->len] = 0;
    r->offset[r->nfields] = r->field_start;
    r->fields[r->nfields].len = r->len - r->field_start;
    r->nfields++;
    r->len++;
    r->field_start = r->len;
}

/* At a comma: another field follows. */
static int next_field(CsvReader *r)
{
    end_field(r);
    r->state = S_START;
    if (r->nfields == CSV_MAX_FIELDS) {
        char msg[64];
        strfmt(msg, sizeof msg, "more than %d fields in a record", CSV_MAX_FIELDS);
        return fail(r, r->line, r->col, msg);
    }
    return 0;
}

static int emit(CsvReader *r, CsvRecord *rec)
{
    end_field(r);
    for (size_t i = 0; i < r->nfields; i++) r->fields[i].data = r->buf + r->offset[i];
    rec->fields = r->fields;
    rec->nfields = r->nfields;
    rec->line = r->rec_line;
    r->state = S_START;
    return 1;
}

/* Starts a multi-byte character, or rejects a byte no character starts with. */
static int lead(CsvReader *r, unsigned c)
{
    r->u_lead = (unsigned char)c;
    r->u_col = r->col;
    r->u_lo = 0x80;
    r->u_hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        r->u_need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        r->u_need = 2;
        if (c == 0xE0) r->u_lo = 0xA0;
        if (c == 0xED) r->u_hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        r->u_need = 3;
        if (c == 0xF0) r->u_lo = 0x90;
        if (c == 0xF4) r->u_hi = 0x8F;
    } else {
        return bad_utf8(r, c, r->col);
    }
    return 0;
}

static int at_end(CsvReader *r, CsvRecord *rec)
{
    if (r->u_need) return bad_utf8(r, r->u_lead, r->u_col);
    switch (r->state) {
    case S_QUOTED: return fail(r, r->field_line, r->field_col, "quoted field not closed: the closing quote is missing");
    case S_CR: return fail(r, r->line, r->cr_col, "carriage return without line feed");
    case S_START:
        if (!r->in_record) return 0;
        break;
    default: break;
    }
    return emit(r, rec);
}

int csv_next(CsvReader *r, CsvRecord *rec)
{
    if (r->failed) return -1;
    if (!r->started && start(r) < 0) return -1;
    /* One huge record should not pin its memory for the rest of the file. */
    if (r->cap > 8 * CSV_MAX_FIELD) {
        free(r->buf);
        r->buf = NULL;
        r->cap = 0;
    }
    r->len = 0;
    r->field_start = 0;
    r->nfields = 0;
    r->in_record = false;
    r->rec_line = r->line;

    const unsigned char *p = r->p, *end = r->end;
    for (;;) {
        if (p == end) {
            r->p = p; /* so that the end, once reached, stays the end */
            int got = fill(r);
            if (got < 0) return -1;
            if (got == 0) return at_end(r, rec);
            p = r->p;
            end = r->end;
        }
        unsigned c;
        if (r->u_need) {
            c = *p++;
            if (c < r->u_lo || c > r->u_hi) return bad_utf8(r, r->u_lead, r->u_col);
            if (add1(r, (unsigned char)c) < 0) return -1;
            r->u_need--;
            r->u_lo = 0x80;
            r->u_hi = 0xBF;
            continue;
        }
        if (r->state == S_START && !(special[*p] & UNQUOTED_SPECIAL)) {
            r->state = S_UNQUOTED;
            r->in_record = true;
            r->field_line = r->line;
            r->field_col = r->col + 1;
        }
        if (r->state == S_UNQUOTED || r->state == S_QUOTED) {
            unsigned mask = r->state == S_UNQUOTED ? UNQUOTED_SPECIAL : QUOTED_SPECIAL;
            const unsigned char *q = p;
            while (q < end && !(special[*q] & mask)) q++;
            if (q > p) {
                if (add(r, p, (size_t)(q - p)) < 0) return -1;
                r->col += q - p;
                p = q;
                if (p == end) continue;
            }
        }

        c = *p++;
        r->col++;
        if (r->state == S_CR) {
            if (c != '\n') return fail(r, r->line, r->cr_col, "carriage return without line feed");
            goto record;
        }
        if (c == 0) return fail(r, r->line, r->col, "NUL byte: this is not a text file");
        if (c >= 0x80 && lead(r, c) < 0) return -1;

        switch (r->state) {
        case S_START:
            r->in_record = true;
            if (c == '"') {
                r->state = S_QUOTED;
                r->field_line = r->line;
                r->field_col = r->col;
            } else if (c == ',') {
                if (next_field(r) < 0) return -1;
            } else if (c == '\n') {
                goto record;
            } else if (c == '\r') {
                r->state = S_CR;
                r->cr_col = r->col;
            } else {
                /* Only a multi-byte lead gets here; ASCII took the fast path. */
                r->state = S_UNQUOTED;
                r->field_line = r->line;
                r->field_col = r->col;
                if (add1(r, (unsigned char)c) < 0) return -1;
            }
            break;
        case S_UNQUOTED:
            if (c == ',') {
                if (next_field(r) < 0) return -1;
            } else if (c == '\n') {
                goto record;
            } else if (c == '\r') {
                r->state = S_CR;
                r->cr_col = r->col;
            } else if (c == '"') {
                return fail(r, r->line, r->col,
                            "quote (\") in an unquoted field; quote the whole field and double the quote");
            } else if (add1(r, (unsigned char)c) < 0) {
                return -1;
            }
            break;
        case S_QUOTED:
            if (c == '"') {
                r->state = S_QUOTE;
            } else {
                if (add1(r, (unsigned char)c) < 0) return -1;
                if (c == '\n') {
                    r->line++;
                    r->col = 0;
                }
            }
            break;
        case S_QUOTE:
            if (c == '"') {
                r->state = S_QUOTED;
                if (add1(r, '"') < 0) return -1;
            } else if (c == ',') {
                if (next_field(r) < 0) return -1;
            } else if (c == '\n') {
                goto record;
            } else if (c == '\r') {
                r->state = S_CR;
                r->cr_col = r->col;
            } else {
                return fail(r, r->line, r->col,
                            "text after the closing quote; a quote inside a quoted field is written \"\"");
            }
            break;
        case S_CR: break; /* handled above */
        }
        continue;

    record:
        r->line++;
        r->col = 0;
        r->p = p;
        r->end = end;
        return emit(r, rec);
    }
}
