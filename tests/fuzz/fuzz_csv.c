/* fuzz_csv.c: the CSV reader (format/csv.h) on any bytes. Whatever the
 * input, the reader ends with records or one error, every field is
 * terminated and as long as it says, and reading the input a few bytes at a
 * time (as from a file) gives exactly what reading it from memory gives. */
#include <string.h>

#include "core/util.h"
#include "format/csv.h"
#include "fuzz.h"

typedef struct {
    const uint8_t *data;
    size_t len, pos, step;
} Chunks;

static long read_chunk(void *ctx, char *buf, size_t n)
{
    Chunks *c = ctx;
    size_t k = c->len - c->pos;
    if (k > c->step) k = c->step;
    if (k > n) k = n;
    memcpy(buf, c->data + c->pos, k);
    c->pos += k;
    return (long)k;
}

/* Everything the reader returns, as text, checking each record on the way. */
static void drain(CsvReader *r, Buf *out)
{
    CsvRecord rec;
    int got;
    long line = 0;
    while ((got = csv_next(r, &rec)) == 1) {
        FUZZ_ASSERT(rec.nfields >= 1 && rec.nfields <= CSV_MAX_FIELDS);
        FUZZ_ASSERT(rec.line > line); /* records start on later lines */
        line = rec.line;
        buf_addf(out, "%ld:%zu", rec.line, rec.nfields);
        for (size_t i = 0; i < rec.nfields; i++) {
            FUZZ_ASSERT(rec.fields[i].data != NULL);
            FUZZ_ASSERT(rec.fields[i].len <= CSV_MAX_FIELD);
            FUZZ_ASSERT(strlen(rec.fields[i].data) == rec.fields[i].len); /* no NUL gets through */
            buf_addf(out, "|%zu:", rec.fields[i].len);
            buf_add(out, rec.fields[i].data, rec.fields[i].len);
        }
        buf_addc(out, '\n');
    }
    FUZZ_ASSERT(got == 0 || got == -1);
    if (got == -1) {
        FUZZ_ASSERT(csv_error(r) != NULL && csv_error(r)[0] != 0);
        FUZZ_ASSERT(csv_error_line(r) >= 1 && csv_error_column(r) >= 0);
        buf_addf(out, "!%ld:%ld %s", csv_error_line(r), csv_error_column(r), csv_error(r));
    }
    FUZZ_ASSERT(csv_next(r, &rec) == got); /* the end, or the error, stays */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Buf mem = {0}, chunked = {0};
    CsvReader *r = csv_new_mem((const char *)data, size);
    drain(r, &mem);
    csv_free(r);
    Chunks c = {data, size, 0, size ? 1 + data[size - 1] % 7 : 1};
    r = csv_new(read_chunk, &c);
    drain(r, &chunked);
    csv_free(r);
    FUZZ_ASSERT(mem.len == chunked.len && memcmp(buf_str(&mem), buf_str(&chunked), mem.len) == 0);
    buf_free(&mem);
    buf_free(&chunked);
    return 0;
}
