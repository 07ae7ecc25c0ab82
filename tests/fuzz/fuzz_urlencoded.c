/* fuzz_urlencoded.c: query strings and application/x-www-form-urlencoded
 * bodies as the server decodes them (web/http.h http_parse_query and
 * http_parse_form) and as the pages read them (http_query, http_form).
 *
 * The input is the text as a client sends it. The decoder either refuses
 * it whole, or gives fields that lie inside the text, are no longer than
 * it, are clean UTF-8, and are exactly what a second, simpler decoder here
 * makes of the text (the refusals agree too); the fields encoded again
 * decode to themselves; and a lookup by name finds the first field of that
 * name. */
#include <string.h>

#include "web/http.h"
#include "fuzz.h"

typedef struct {
    Buf name, value;
} Field;

static int hexval(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* One component decoded into out; false on a bad escape or %00. */
static bool decode(const char *s, size_t n, Buf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            buf_addc(out, ' ');
        } else if (s[i] != '%') {
            buf_addc(out, s[i]);
        } else {
            int hi = i + 1 < n ? hexval(s[i + 1]) : -1, lo = i + 2 < n ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return false;
            buf_addc(out, (char)(hi * 16 + lo));
            i += 2;
        }
    }
    return true;
}

/* The reference decoder: fields into f (up to HTTP_MAX_FIELDS), their
 * count, or -1 when the text is to be refused. */
static long reference(const char *s, size_t n, Field *f)
{
    if (memchr(s, 0, n)) return -1;
    long count = 0;
    for (size_t start = 0; start <= n;) {
        const char *amp = memchr(s + start, '&', n - start);
        size_t end = amp ? (size_t)(amp - s) : n;
        if (end > start) {
            if (count == HTTP_MAX_FIELDS) return -1;
            const char *eq = memchr(s + start, '=', end - start);
            size_t name_end = eq ? (size_t)(eq - s) : end, value_start = eq ? name_end + 1 : end;
            Field *x = &f[count++];
            if (!decode(s + start, name_end - start, &x->name) ||
                !decode(s + value_start, end - value_start, &x->value) ||
                !fuzz_clean_text((const unsigned char *)buf_str(&x->name), x->name.len) ||
                !fuzz_clean_text((const unsigned char *)buf_str(&x->value), x->value.len))
                return -1;
        }
        start = end + 1;
    }
    return count;
}

/* A field as a browser encodes it. */
static void encode(const char *s, Buf *out)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr("-._~", *c))
            buf_addc(out, (char)*c);
        else if (*c == ' ')
            buf_addc(out, '+');
        else
            buf_addf(out, "%%%02X", *c);
    }
}

static char *copy(const uint8_t *data, size_t size)
{
    char *s = xmalloc(size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    return s;
}

static void check_fields(const HttpField *f, size_t nf, const char *text, size_t size, const Field *ref)
{
    size_t total = 0;
    FUZZ_ASSERT(nf <= HTTP_MAX_FIELDS);
    for (size_t i = 0; i < nf; i++) {
        FUZZ_ASSERT(f[i].name >= text && f[i].name <= text + size);
        FUZZ_ASSERT(f[i].value >= text && f[i].value <= text + size);
        size_t nn = strlen(f[i].name), nv = strlen(f[i].value);
        FUZZ_ASSERT(f[i].name + nn <= text + size && f[i].value + nv <= text + size);
        total += nn + nv;
        FUZZ_ASSERT(nn == ref[i].name.len && memcmp(f[i].name, buf_str(&ref[i].name), nn) == 0);
        FUZZ_ASSERT(nv == ref[i].value.len && memcmp(f[i].value, buf_str(&ref[i].value), nv) == 0);
    }
    FUZZ_ASSERT(total <= size); /* decoding never makes more than it was given */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static Field ref[HTTP_MAX_FIELDS];
    static HttpRequest rq, again;
    for (size_t i = 0; i < HTTP_MAX_FIELDS; i++) {
        buf_free(&ref[i].name);
        buf_free(&ref[i].value);
    }
    long expected = reference((const char *)data, size, ref);

    char *form = copy(data, size), *query = copy(data, size);
    memset(&rq, 0, sizeof rq);
    bool form_ok = http_parse_form(form, size, &rq), query_ok = http_parse_query(query, size, &rq);
    FUZZ_ASSERT(form_ok == query_ok);
    FUZZ_ASSERT(form_ok == (expected >= 0)); /* refused whole, exactly when it is to be */
    if (form_ok) {
        FUZZ_ASSERT(rq.nform == (size_t)expected && rq.nquery == (size_t)expected);
        check_fields(rq.form, rq.nform, form, size, ref);
        check_fields(rq.query, rq.nquery, query, size, ref);

        /* A lookup finds the first field of the name. */
        for (size_t i = 0; i < rq.nform; i++) {
            size_t first = 0;
            while (strcmp(rq.form[first].name, rq.form[i].name) != 0) first++;
            FUZZ_ASSERT(http_form(&rq, rq.form[i].name) == rq.form[first].value);
            FUZZ_ASSERT(http_query(&rq, rq.query[i].name) == rq.query[first].value);
        }

        /* Encoded again as a browser would, the fields decode to themselves. */
        Buf enc = {0};
        for (size_t i = 0; i < rq.nform; i++) {
            if (i) buf_addc(&enc, '&');
            encode(rq.form[i].name, &enc);
            buf_addc(&enc, '=');
            encode(rq.form[i].value, &enc);
        }
        memset(&again, 0, sizeof again);
        char *text = copy((const uint8_t *)buf_str(&enc), enc.len);
        FUZZ_ASSERT(http_parse_form(text, enc.len, &again));
        FUZZ_ASSERT(again.nform == rq.nform);
        for (size_t i = 0; i < rq.nform; i++)
            FUZZ_ASSERT(strcmp(again.form[i].name, rq.form[i].name) == 0 &&
                        strcmp(again.form[i].value, rq.form[i].value) == 0);
        free(text);
        buf_free(&enc);
    }
    free(form);
    free(query);
    return 0;
}
