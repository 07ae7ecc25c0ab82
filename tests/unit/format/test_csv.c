/* test_csv.c: the CSV reader, against the contract's "Import files" (RFC 4180,
 * UTF-8, optional byte-order mark) and csv.h. Every table case is parsed from
 * memory and through callbacks handing out 1, 2, 3, 7 and 64 KiB bytes at a
 * time; all must agree, since chunk boundaries fall anywhere in a real file. */
#include <stdlib.h>
#include <string.h>

#include "format/csv.h"
#include "test.h"
#include "core/util.h"

#define BOM "\xEF\xBB\xBF"

/* A read callback over a buffer, step bytes per call; optionally failing. */
typedef struct {
    const char *data;
    size_t len, pos, step;
    size_t fail_at; /* return -1 once pos reaches this (SIZE_MAX: never) */
    long calls;
} Src;

static long src_read(void *ctx, char *buf, size_t n)
{
    Src *s = ctx;
    s->calls++;
    if (s->pos >= s->fail_at) return -1;
    size_t k = s->len - s->pos;
    if (k > s->step) k = s->step;
    if (k > n) k = n;
    if (s->fail_at != SIZE_MAX && k > s->fail_at - s->pos) k = s->fail_at - s->pos;
    memcpy(buf, s->data + s->pos, k);
    s->pos += k;
    return (long)k;
}

/* Appends field text with the line breaks made visible. */
static void add_escaped(Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            buf_adds(b, "\\n");
        else if (s[i] == '\r')
            buf_adds(b, "\\r");
        else
            buf_addc(b, s[i]);
    }
}

/* Everything a reader returns, as text: "LINE:f1|f2\n" per record, then
 * "end" or "!LINE:COL message". Checks each field's termination on the way. */
static char *drain(CsvReader *r)
{
    Buf b = {0};
    CsvRecord rec;
    int got;
    while ((got = csv_next(r, &rec)) > 0) {
        buf_addf(&b, "%ld:", rec.line);
        CHECK(rec.nfields >= 1 && rec.nfields <= CSV_MAX_FIELDS);
        for (size_t i = 0; i < rec.nfields; i++) {
            CHECK(rec.fields[i].data != NULL);
            CHECK_INT(strlen(rec.fields[i].data), rec.fields[i].len);
            if (i) buf_addc(&b, '|');
            add_escaped(&b, rec.fields[i].data, rec.fields[i].len);
        }
        buf_addc(&b, '\n');
    }
    if (got == 0) {
        buf_adds(&b, "end");
        CHECK_STR(csv_error(r), "");
        CHECK_INT(csv_next(r, &rec), 0); /* end stays the end */
    } else {
        buf_addf(&b, "!%ld:%ld %s", csv_error_line(r), csv_error_column(r), csv_error(r));
        CHECK(csv_error(r)[0] != 0);
        CHECK_INT(csv_next(r, &rec), -1); /* an error stays an error */
    }
    return b.data;
}

static char *parse_mem(const char *in, size_t len)
{
    CsvReader *r = csv_new_mem(in, len);
    char *out = drain(r);
    csv_free(r);
    return out;
}

static char *parse_step(const char *in, size_t len, size_t step)
{
    Src s = {.data = in, .len = len, .step = step, .fail_at = SIZE_MAX};
    CsvReader *r = csv_new(src_read, &s);
    char *out = drain(r);
    csv_free(r);
    return out;
}

/* got matches want exactly, or want ends in an error line "!L:C text" and
 * got is that with more of the message after it. */
static bool matches(const char *got, const char *want)
{
    if (strcmp(got, want) == 0) return true;
    const char *last = strrchr(want, '\n');
    last = last ? last + 1 : want;
    return last[0] == '!' && strncmp(got, want, strlen(want)) == 0;
}

typedef struct {
    const char *in;
    size_t len; /* 0: strlen(in) */
    const char *want;
} Case;

static const size_t steps[] = {1, 2, 3, 7, 64 * 1024};

static void run_cases(const Case *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = t[i].len ? t[i].len : strlen(t[i].in);
        char *mem = parse_mem(t[i].in, len);
        if (!test_check(matches(mem, t[i].want))) {
            fprintf(stderr, "  case %zu: input \"", i);
            for (size_t k = 0; k < len; k++) {
                unsigned char c = (unsigned char)t[i].in[k];
                if (c < 0x20 || c >= 0x7F)
                    fprintf(stderr, "\\x%02X", c);
                else
                    fputc(c, stderr);
            }
            fprintf(stderr, "\"\n    got:  %s\n    want: %s\n", mem, t[i].want);
        }
        for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
            char *chunked = parse_step(t[i].in, len, steps[s]);
            if (!test_check(strcmp(chunked, mem) == 0)) {
                fprintf(stderr, "  case %zu, %zu bytes a time:\n    got:  %s\n    mem:  %s\n", i, steps[s], chunked,
                        mem);
            }
            free(chunked);
        }
        free(mem);
    }
}

#define RUN_CASES(t) run_cases(t, sizeof t / sizeof t[0])

static void test_accepted(void)
{
    static const Case t[] = {
        {"a,b\nc,d\n", 0, "1:a|b\n2:c|d\nend"},
        {"a,b\r\nc,d\r\n", 0, "1:a|b\n2:c|d\nend"},
        {"a,b\nc,d", 0, "1:a|b\n2:c|d\nend"},
        {"a,b\r\nc,d", 0, "1:a|b\n2:c|d\nend"},
        {"a,b\r\nc,d\n", 0, "1:a|b\n2:c|d\nend"}, /* mixed line ends */
        {"id,name\n1,x\n", 0, "1:id|name\n2:1|x\nend"},
        {"single", 0, "1:single\nend"},
        /* blank lines are records of one empty field */
        {"a\n\nb\n", 0, "1:a\n2:\n3:b\nend"},
        {"\n", 0, "1:\nend"},
        {"\r\n", 0, "1:\nend"},
        {"\n\n", 0, "1:\n2:\nend"},
        {"a\n\n", 0, "1:a\n2:\nend"},
        /* empty fields */
        {",", 0, "1:|\nend"},
        {",\n", 0, "1:|\nend"},
        {"a,\n", 0, "1:a|\nend"},
        {",a", 0, "1:|a\nend"},
        {",,\r\n", 0, "1:||\nend"},
        {"\"\"", 0, "1:\nend"},
        {"\"\",\"\"\n", 0, "1:|\nend"},
        {"\"\"\r\n", 0, "1:\nend"},
        /* quoted fields */
        {"\"a\"", 0, "1:a\nend"},
        {"\"a,b\",c\n", 0, "1:a,b|c\nend"},
        {"\"say \"\"hi\"\"\"\n", 0, "1:say \"hi\"\nend"},
        {"\"\"\"\"", 0, "1:\"\nend"},
        {"\"\"\"\"\"\"\n", 0, "1:\"\"\nend"},
        {"\"a\"\n\"b\"", 0, "1:a\n2:b\nend"},
        {"x,\"a\",\"\",y\n", 0, "1:x|a||y\nend"},
        {"\"a\nb\",c\nd\n", 0, "1:a\\nb|c\n3:d\nend"},
        {"\"a\r\nb\"\r\nc\r\n", 0, "1:a\\r\\nb\n3:c\nend"},
        {"\"a\rb\"\n", 0, "1:a\\rb\nend"}, /* inside quotes a lone CR is data */
        {"\",\r\n,\"", 0, "1:,\\r\\n,\nend"},
        {"\"multi\n\nline\"\nx", 0, "1:multi\\n\\nline\n4:x\nend"},
        /* spaces and other text are kept as they are */
        {" a , b \n", 0, "1: a | b \nend"},
        {"a\tb\n", 0, "1:a\tb\nend"},
        {"a'b,'c'\n", 0, "1:a'b|'c'\nend"},
        {"Zoë Brontë,\"Jo O'Neil, Jr.\"\n", 0, "1:Zoë Brontë|Jo O'Neil, Jr.\nend"},
        {"\"Zoë\nBrontë\",Jo O'Neil\n", 0, "1:Zoë\\nBrontë|Jo O'Neil\nend"},
        {"名前,Ελένη,Ærø,😀\n", 0, "1:名前|Ελένη|Ærø|😀\nend"},
        /* UTF-8 at the edges of each length and around the surrogates */
        {"\xC2\x80,\xDF\xBF,\xE0\xA0\x80,\xEF\xBF\xBF,\xF0\x90\x80\x80,\xF4\x8F\xBF\xBF,\xED\x9F\xBF,"
         "\xEE\x80\x80\n",
         0,
         "1:\xC2\x80|\xDF\xBF|\xE0\xA0\x80|\xEF\xBF\xBF|\xF0\x90\x80\x80|\xF4\x8F\xBF\xBF|\xED\x9F\xBF|"
         "\xEE\x80\x80\nend"},
        /* byte-order mark: skipped at the start only */
        {BOM "id,name\n1,x\n", 0, "1:id|name\n2:1|x\nend"},
        {BOM "\"id\",name", 0, "1:id|name\nend"},
        {BOM "\n", 0, "1:\nend"},
        {BOM BOM "a", 0, "1:" BOM "a\nend"},
        {"x" BOM "\n", 0, "1:x" BOM "\nend"},
        /* empty input */
        {"", 0, "end"},
        {BOM, 0, "end"},
    };
    RUN_CASES(t);
}

static void test_errors(void)
{
    static const Case t[] = {
        /* a quote inside an unquoted field */
        {"a\"b\n", 0, "!1:2 quote (\") in an unquoted field"},
        {"ab,c\"\n", 0, "!1:5 quote"},
        {"a\"", 0, "!1:2 quote"},
        {" \"a\"\n", 0, "!1:2 quote"},
        {"a,b\nc,d\ne\"f\n", 0, "1:a|b\n2:c|d\n!3:2 quote"},
        {"é\"\n", 0, "!1:2 quote"},
        /* text after a closing quote */
        {"\"a\"b\n", 0, "!1:4 text after the closing quote"},
        {"\"a\" ,b\n", 0, "!1:4 text after the closing quote"},
        {"x,\"a\"\"\"b", 0, "!1:8 text after"},
        {"\"a\"é", 0, "!1:4 text after"},
        {"x\n\"a\nb\"c\n", 0, "1:x\n!3:3 text after"},
        {"\"ab\ncdé\"x", 0, "!2:5 text after"},
        /* an unterminated quoted field: where it started */
        {"a\n\"abc\ndef", 0, "1:a\n!2:1 quoted field not closed"},
        {"a,\"abc", 0, "!1:3 quoted field not closed"},
        {"\"", 0, "!1:1 quoted field not closed"},
        {"é,\"x\"\"\n\n\n", 0, "!1:3 quoted field not closed"},
        /* a lone CR outside quotes */
        {"a\rb\n", 0, "!1:2 carriage return without line feed"},
        {"a\r", 0, "!1:2 carriage return without line feed"},
        {"\r", 0, "!1:1 carriage return"},
        {"\"a\"\rb", 0, "!1:4 carriage return"},
        {"a\n\r\r\n", 0, "1:a\n!2:1 carriage return"},
        {"a,\r\r\n", 0, "!1:3 carriage return"},
        {"é\r\xFF", 0, "!1:2 carriage return"},
        /* NUL */
        {"ab\0c\n", 5, "!1:3 NUL byte"},
        {"\"a\0\"", 4, "!1:3 NUL byte"},
        {"\0", 1, "!1:1 NUL byte"},
        {"a\n\0", 3, "1:a\n!2:1 NUL byte"},
        /* text that is not UTF-8: Latin-1, stray continuation bytes */
        {"Zo\xEB\n", 0, "!1:3 not UTF-8 text (byte 0xEB); save the file as UTF-8"},
        {"Zoë,Bront\xEB", 0, "!1:10 not UTF-8 text (byte 0xEB)"},
        {"Zoë,Bront\xEB\n", 0, "!1:10 not UTF-8 text (byte 0xEB)"},
        {"ok\nZoë Bront\xEB,x\n", 0, "1:ok\n!2:10 not UTF-8 text (byte 0xEB)"},
        {"\"Bront\xEB\"", 0, "!1:7 not UTF-8 text (byte 0xEB)"},
        {"a\x80", 0, "!1:2 not UTF-8 text (byte 0x80)"},
        {"\xBF", 0, "!1:1 not UTF-8 text (byte 0xBF)"},
        {"ééé\xFF", 0, "!1:4 not UTF-8 text (byte 0xFF)"},
        {"\xC3\xA9\xA9", 0, "!1:2 not UTF-8 text (byte 0xA9)"},
        /* overlong forms */
        {"\xC0\xAF", 0, "!1:1 not UTF-8 text (byte 0xC0)"},
        {"\xC1\xBF", 0, "!1:1 not UTF-8 text (byte 0xC1)"},
        {"\xE0\x80\xAF", 0, "!1:1 not UTF-8 text (byte 0xE0)"},
        {"\xE0\x9F\xBF", 0, "!1:1 not UTF-8 text (byte 0xE0)"},
        {"\xF0\x8F\xBF\xBF", 0, "!1:1 not UTF-8 text (byte 0xF0)"},
        {"\xF0\x80\x80\xAF", 0, "!1:1 not UTF-8 text (byte 0xF0)"},
        /* surrogates */
        {"\xED\xA0\x80", 0, "!1:1 not UTF-8 text (byte 0xED)"},
        {"x,\xED\xBF\xBF", 0, "!1:3 not UTF-8 text (byte 0xED)"},
        /* past U+10FFFF, and bytes never used */
        {"\xF4\x90\x80\x80", 0, "!1:1 not UTF-8 text (byte 0xF4)"},
        {"\xF5\x80\x80\x80", 0, "!1:1 not UTF-8 text (byte 0xF5)"},
        {"\xF8\x88\x80\x80\x80", 0, "!1:1 not UTF-8 text (byte 0xF8)"},
        {"\xFE", 0, "!1:1 not UTF-8 text (byte 0xFE)"},
        {"\xFF", 0, "!1:1 not UTF-8 text (byte 0xFF)"},
        /* truncated sequences */
        {"\xE2\x82", 0, "!1:1 not UTF-8 text (byte 0xE2)"},
        {"\xE2\x82,x", 0, "!1:1 not UTF-8 text (byte 0xE2)"},
        {"ab\xF0\x9F\x98", 0, "!1:3 not UTF-8 text (byte 0xF0)"},
        {"\"\xC3\"", 0, "!1:2 not UTF-8 text (byte 0xC3)"},
        {"\xC3\n", 0, "!1:1 not UTF-8 text (byte 0xC3)"},
        {"\xEF\xBB", 0, "!1:1 not UTF-8 text (byte 0xEF)"}, /* not quite a BOM */
        {BOM "\xEF\xBB", 0, "!1:1 not UTF-8 text (byte 0xEF)"},
    };
    RUN_CASES(t);
}

/* rec->line is where a record starts; quoted line breaks move the next one. */
static void test_lines(void)
{
    static const Case t[] = {
        {"h\n\"a\nb\nc\"\nd\n\"\"\"x\n\"\"\",\"y\r\nz\"\r\ne", 0,
         "1:h\n2:a\\nb\\nc\n5:d\n6:\"x\\n\"|y\\r\\nz\n9:e\nend"},
        {"\"\n\n\n\"\n\nx\n", 0, "1:\\n\\n\\n\n5:\n6:x\nend"},
        {"a,\"\n\",b\nc,\"\n\n\"\"\ny\"\"\"\n", 0, "1:a|\\n|b\n3:c|\\n\\n\"\\ny\"\nend"},
        {"\"a\nb\"\n\"c\nd\"e\n", 0, "1:a\\nb\n!4:3 text after"},
        {"\"a\nb\"\n\"c\nd\"\"e\"\n", 0, "1:a\\nb\n3:c\\nd\"e\nend"},
        {"\"a\r\nb\"\r\nc\"\r\n", 0, "1:a\\r\\nb\n!3:2 quote"},
        {"x\n\"a\nb\nc", 0, "1:x\n!2:1 quoted field not closed"},
    };
    RUN_CASES(t);
}

static const char tricky[] = BOM "id,\"name\",note\r\n"
                                 "1,Zoë Brontë,\"Jo O'Neil, Jr.\"\r\n"
                                 "2,\"say \"\"hi\"\"\",\"two\r\nlines\"\n"
                                 "\n"
                                 "3,😀名,\"\"\"\"\r\n"
                                 "4,\xF4\x8F\xBF\xBF,\"a\rb\"";

/* Every chunk size from 1 to past the input's length gives the same records. */
static void test_chunk_sizes(void)
{
    size_t len = sizeof tricky - 1;
    char *mem = parse_mem(tricky, len);
    CHECK_STR(mem, "1:id|name|note\n"
                   "2:1|Zoë Brontë|Jo O'Neil, Jr.\n"
                   "3:2|say \"hi\"|two\\r\\nlines\n"
                   "5:\n"
                   "6:3|😀名|\"\n"
                   "7:4|\xF4\x8F\xBF\xBF|a\\rb\nend");
    for (size_t step = 1; step <= len + 1; step++) {
        char *got = parse_step(tricky, len, step);
        if (!test_check(strcmp(got, mem) == 0)) {
            fprintf(stderr, "  %zu bytes a time:\n    got:  %s\n", step, got);
        }
        free(got);
    }
    /* and an error late in the input is found at the same place */
    static const char bad[] = "a,b\r\n\"x\ny\",Bront\xEB\r\n";
    char *want = parse_mem(bad, sizeof bad - 1);
    CHECK_STR(want, "1:a|b\n!3:9 not UTF-8 text (byte 0xEB); save the file as UTF-8");
    for (size_t step = 1; step <= sizeof bad; step++) {
        char *got = parse_step(bad, sizeof bad - 1, step);
        CHECK_STR(got, want);
        free(got);
    }
    free(want);
    free(mem);
}

/* Produces a header line and then an endless field, without holding it. */
typedef struct {
    const char *head;
    size_t head_len, total, pos;
    char fill;
} Gen;

static long gen_read(void *ctx, char *buf, size_t n)
{
    Gen *g = ctx;
    if (g->pos >= g->total) return 0;
    if (n > g->total - g->pos) n = g->total - g->pos;
    for (size_t i = 0; i < n; i++) {
        size_t at = g->pos + i;
        buf[i] = at < g->head_len ? g->head[at] : g->fill;
    }
    g->pos += n;
    return (long)n;
}

static void test_field_cap(void)
{
    /* 10 MB fields are rejected at the field's start, having read little more than the cap */
    static const struct {
        const char *head;
        long line, col;
    } big[] = {
        {"name\n", 2, 1},
        {"name\na,\"", 2, 3},
        {"\"a\nb\",\"", 2, 4},
        {"é,", 1, 3},
    };
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        Gen g = {.head = big[i].head, .head_len = strlen(big[i].head), .total = 10 * 1000 * 1000, .fill = 'x'};
        CsvReader *r = csv_new(gen_read, &g);
        CsvRecord rec;
        int got;
        while ((got = csv_next(r, &rec)) > 0) {
        }
        CHECK_INT(got, -1);
        CHECK_STR(csv_error(r), "field longer than 1 MiB");
        CHECK_INT(csv_error_line(r), big[i].line);
        CHECK_INT(csv_error_column(r), big[i].col);
        CHECK(g.pos <= CSV_MAX_FIELD + 2 * 64 * 1024);
        csv_free(r);
    }

    /* exactly the cap is fine, one byte more is not; "" counts as one byte */
    size_t cap = CSV_MAX_FIELD;
    char *s = xmalloc(3 * cap + 16);
    for (int quoted = 0; quoted <= 1; quoted++) {
        for (size_t extra = 0; extra <= 1; extra++) {
            size_t n = 0;
            if (quoted) s[n++] = '"';
            if (quoted) {
                s[n++] = '"';
                s[n++] = '"';
            }
            size_t body = cap + extra - (size_t)quoted;
            memset(s + n, 'y', body);
            n += body;
            if (quoted) s[n++] = '"';
            memcpy(s + n, "\nz", 2);
            n += 2;
            for (int mem = 0; mem <= 1; mem++) {
                Src src = {.data = s, .len = n, .step = 4096, .fail_at = SIZE_MAX};
                CsvReader *r = mem ? csv_new_mem(s, n) : csv_new(src_read, &src);
                CsvRecord rec;
                if (extra == 0) {
                    CHECK_INT(csv_next(r, &rec), 1);
                    CHECK_INT(rec.nfields, 1);
                    CHECK_INT(rec.fields[0].len, cap);
                    CHECK_INT(strlen(rec.fields[0].data), cap);
                    CHECK_INT(rec.fields[0].data[0], quoted ? '"' : 'y');
                    CHECK_INT(csv_next(r, &rec), 1);
                    CHECK_INT(rec.line, 2);
                    CHECK_STR(rec.fields[0].data, "z");
                    CHECK_INT(csv_next(r, &rec), 0);
                } else {
                    CHECK_INT(csv_next(r, &rec), -1);
                    CHECK_STR(csv_error(r), "field longer than 1 MiB");
                    CHECK_INT(csv_error_line(r), 1);
                    CHECK_INT(csv_error_column(r), 1);
                }
                csv_free(r);
            }
        }
    }

    /* the cap is per field: three fields of the cap make one record */
    size_t n = 0;
    for (int f = 0; f < 3; f++) {
        if (f) s[n++] = ',';
        memset(s + n, 'a' + f, cap);
        n += cap;
    }
    CsvReader *r = csv_new_mem(s, n);
    CsvRecord rec;
    CHECK_INT(csv_next(r, &rec), 1);
    CHECK_INT(rec.nfields, 3);
    for (size_t f = 0; f < rec.nfields; f++) {
        CHECK_INT(rec.fields[f].len, cap);
        CHECK_INT(rec.fields[f].data[cap - 1], 'a' + (int)f);
        CHECK_INT(rec.fields[f].data[cap], 0);
    }
    CHECK_INT(csv_next(r, &rec), 0);
    csv_free(r);
    free(s);
}

static void test_field_count(void)
{
    Buf b = {0};
    for (int i = 0; i < CSV_MAX_FIELDS; i++) buf_adds(&b, i ? ",x" : "x");
    buf_adds(&b, "\n");
    for (int i = 0; i < CSV_MAX_FIELDS - 1; i++) buf_adds(&b, ",");
    buf_adds(&b, "\nlast\n");
    CsvReader *r = csv_new_mem(b.data, b.len);
    CsvRecord rec;
    CHECK_INT(csv_next(r, &rec), 1);
    CHECK_INT(rec.nfields, CSV_MAX_FIELDS);
    CHECK_STR(rec.fields[CSV_MAX_FIELDS - 1].data, "x");
    CHECK_INT(csv_next(r, &rec), 1);
    CHECK_INT(rec.nfields, CSV_MAX_FIELDS);
    CHECK_INT(rec.line, 2);
    CHECK_INT(csv_next(r, &rec), 1);
    CHECK_INT(rec.line, 3);
    CHECK_INT(csv_next(r, &rec), 0);
    csv_free(r);

    /* 257 fields: the comma that starts the 257th is the error */
    static const struct {
        const char *field, *prefix, *suffix;
        long line, col;
    } t[] = {
        {"x", "", "", 1, 512},     {"x", "", "\n", 1, 512},        {"", "h\n", "", 2, 256},
        {"\"\"", "", ",", 1, 768}, {"é", "\"a\nb\",", "", 2, 513},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        buf_clear(&b);
        buf_adds(&b, t[k].prefix);
        int n = t[k].prefix[0] == '"' ? CSV_MAX_FIELDS : CSV_MAX_FIELDS + 1;
        for (int i = 0; i < n; i++) {
            if (i) buf_adds(&b, ",");
            buf_adds(&b, t[k].field);
        }
        buf_adds(&b, t[k].suffix);
        for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
            Src src = {.data = b.data, .len = b.len, .step = steps[s], .fail_at = SIZE_MAX};
            r = csv_new(src_read, &src);
            int got;
            while ((got = csv_next(r, &rec)) > 0) {
            }
            CHECK_INT(got, -1);
            CHECK_STR(csv_error(r), "more than 256 fields in a record");
            CHECK_INT(csv_error_line(r), t[k].line);
            CHECK_INT(csv_error_column(r), t[k].col);
            csv_free(r);
        }
    }
    buf_free(&b);
}

static void test_read_error(void)
{
    static const struct {
        const char *in;
        size_t fail_at, step;
        const char *want;
    } t[] = {
        {"a,b\nc,d\n", 0, 100, "!1:0 read error"},        {"a,b\nc,d\n", 2, 100, "!1:0 read error"},
        {"a,b\nc,d\n", 5, 100, "1:a|b\n!2:0 read error"}, {"a,b\nc,d\n", 5, 1, "1:a|b\n!2:0 read error"},
        {"\"a\nb\nc", 6, 1, "!3:0 read error"},           {"a,b\nc,d\n", 8, 3, "1:a|b\n2:c|d\n!3:0 read error"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        Src s = {.data = t[i].in, .len = strlen(t[i].in), .step = t[i].step, .fail_at = t[i].fail_at};
        CsvReader *r = csv_new(src_read, &s);
        char *got = drain(r);
        CHECK_STR(got, t[i].want);
        /* after an error the callback is not asked again */
        long calls = s.calls;
        CsvRecord rec;
        CHECK_INT(csv_next(r, &rec), -1);
        CHECK_INT(s.calls, calls);
        CHECK_STR(csv_error(r), "read error");
        free(got);
        csv_free(r);
    }
}

/* After the end the callback is not asked again either. */
static void test_end(void)
{
    Src s = {.data = "a\n", .len = 2, .step = 1, .fail_at = SIZE_MAX};
    CsvReader *r = csv_new(src_read, &s);
    CsvRecord rec;
    CHECK_INT(csv_next(r, &rec), 1);
    CHECK_INT(csv_next(r, &rec), 0);
    long calls = s.calls;
    CHECK_INT(csv_next(r, &rec), 0);
    CHECK_INT(csv_next(r, &rec), 0);
    CHECK_INT(s.calls, calls);
    CHECK_STR(csv_error(r), "");
    CHECK_INT(csv_error_line(r), 0);
    CHECK_INT(csv_error_column(r), 0);
    csv_free(r);

    /* empty input: no record at all, at once */
    static const char *const empty[] = {"", BOM};
    for (size_t i = 0; i < 2; i++) {
        Src e = {.data = empty[i], .len = strlen(empty[i]), .step = 1, .fail_at = SIZE_MAX};
        r = csv_new(src_read, &e);
        CHECK_INT(csv_next(r, &rec), 0);
        csv_free(r);
        r = csv_new_mem(empty[i], strlen(empty[i]));
        CHECK_INT(csv_next(r, &rec), 0);
        csv_free(r);
    }
    csv_free(NULL);

    /* an error stays: same message, line and column */
    r = csv_new_mem("ok\nbad\"\nfine\n", 13);
    CHECK_INT(csv_next(r, &rec), 1);
    CHECK_INT(csv_next(r, &rec), -1);
    CHECK_INT(csv_next(r, &rec), -1);
    CHECK_INT(csv_error_line(r), 2);
    CHECK_INT(csv_error_column(r), 4);
    CHECK_HAS(csv_error(r), "quote");
    csv_free(r);
}

/* Field pointers: terminated, in order, and whole across buffer growth. */
static void test_fields(void)
{
    Buf in = {0};
    buf_adds(&in, "short,");
    for (int i = 0; i < 50000; i++) buf_addc(&in, (char)('a' + i % 26));
    buf_adds(&in, ",\"q,\"\"x\"\"\",,end\nnext,\"\"\n");
    for (int mem = 0; mem <= 1; mem++) {
        Src s = {.data = in.data, .len = in.len, .step = 333, .fail_at = SIZE_MAX};
        CsvReader *r = mem ? csv_new_mem(in.data, in.len) : csv_new(src_read, &s);
        CsvRecord rec;
        CHECK_INT(csv_next(r, &rec), 1);
        CHECK_INT(rec.line, 1);
        CHECK_INT(rec.nfields, 5);
        CHECK_STR(rec.fields[0].data, "short");
        CHECK_INT(rec.fields[1].len, 50000);
        CHECK_INT(rec.fields[1].data[49999], 'a' + 49999 % 26);
        CHECK_INT(rec.fields[1].data[50000], 0);
        CHECK_STR(rec.fields[2].data, "q,\"x\"");
        CHECK_INT(rec.fields[2].len, 5);
        CHECK_STR(rec.fields[3].data, "");
        CHECK_INT(rec.fields[3].len, 0);
        CHECK_STR(rec.fields[4].data, "end");
        CHECK_INT(csv_next(r, &rec), 1);
        CHECK_INT(rec.line, 2);
        CHECK_INT(rec.nfields, 2);
        CHECK_STR(rec.fields[0].data, "next");
        CHECK_STR(rec.fields[1].data, "");
        CHECK_INT(csv_next(r, &rec), 0);
        csv_free(r);
    }
    buf_free(&in);
}

/* A realistic file: a header, names with accents and commas, and many rows. */
static void test_many_rows(void)
{
    Buf in = {0};
    buf_adds(&in, BOM "id,name\r\n");
    for (int i = 0; i < 20000; i++) {
        if (i % 3 == 0)
            buf_addf(&in, "s%d,Zoë Brontë\r\n", i);
        else if (i % 3 == 1)
            buf_addf(&in, "s%d,\"Jo O'Neil, Jr.\"\r\n", i);
        else
            buf_addf(&in, "s%d,\"Ann\r\nSmith\"\r\n", i);
    }
    for (int mem = 0; mem <= 1; mem++) {
        Src s = {.data = in.data, .len = in.len, .step = 65536, .fail_at = SIZE_MAX};
        CsvReader *r = mem ? csv_new_mem(in.data, in.len) : csv_new(src_read, &s);
        CsvRecord rec;
        CHECK_INT(csv_next(r, &rec), 1);
        CHECK_STR(rec.fields[0].data, "id");
        long line = 2;
        int bad = 0;
        for (int i = 0; i < 20000; i++) {
            char id[16];
            strfmt(id, sizeof id, "s%d", i);
            static const char *const names[] = {"Zoë Brontë", "Jo O'Neil, Jr.", "Ann\r\nSmith"};
            if (csv_next(r, &rec) != 1 || rec.nfields != 2 || rec.line != line || strcmp(rec.fields[0].data, id) != 0 ||
                strcmp(rec.fields[1].data, names[i % 3]) != 0)
                bad++;
            line += i % 3 == 2 ? 2 : 1;
        }
        CHECK_INT(bad, 0);
        CHECK_INT(csv_next(r, &rec), 0);
        csv_free(r);
    }
    buf_free(&in);
}

int main(void)
{
    RUN(test_accepted);
    RUN(test_errors);
    RUN(test_lines);
    RUN(test_chunk_sizes);
    RUN(test_field_cap);
    RUN(test_field_count);
    RUN(test_read_error);
    RUN(test_end);
    RUN(test_fields);
    RUN(test_many_rows);
    TEST_DONE();
}
