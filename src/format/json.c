/* json.c: the writer of json.h. Every write goes through value_starts (may a
 * value come here, and what separates it from the one before) and
 * value_ends (was that the whole text). */
#include "format/json.h"

#include <inttypes.h>
#include <string.h>

#define JSON_SAFE_INT ((int64_t)9007199254740991) /* 2^53 - 1 */

/* s quoted and escaped: the two characters JSON requires (quote and
 * backslash), and every control character, in the short form where JSON
 * has one (as RFC 8785 requires); everything else, UTF-8 included, as it
 * is. */
static void put_string(Buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    buf_addc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': buf_adds(b, "\\\""); break;
        case '\\': buf_adds(b, "\\\\"); break;
        case '\b': buf_adds(b, "\\b"); break;
        case '\f': buf_adds(b, "\\f"); break;
        case '\n': buf_adds(b, "\\n"); break;
        case '\r': buf_adds(b, "\\r"); break;
        case '\t': buf_adds(b, "\\t"); break;
        default:
            if (*p < 0x20) {
                char u[7] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15], 0};
                buf_adds(b, u);
            } else {
                buf_addc(b, (char)*p);
            }
        }
    }
    buf_addc(b, '"');
}

static bool misuse(JsonWriter *w)
{
    w->failed = true;
    return false;
}

static bool in(const JsonWriter *w, char kind) { return w->depth && w->open[w->depth - 1] == kind; }

/* Whether a value may be written now; writes what goes before it. */
static bool value_starts(JsonWriter *w)
{
    if (w->failed) return false;
    if (w->complete) return misuse(w);
    if (w->depth == 0) return true;
    if (in(w, '{')) {
        if (!w->has_key) return misuse(w);
        w->has_key = false;
        return true;
    }
    size_t *n = &w->count[w->depth - 1];
    if (w->layout == JSON_LINES && w->depth == 1)
        buf_adds(w->out, *n ? ",\n " : "\n ");
    else if (*n)
        buf_adds(w->out, w->layout == JSON_CANONICAL ? "," : ", ");
    ++*n;
    return true;
}

static void value_ends(JsonWriter *w)
{
    if (w->depth) return;
    w->complete = true;
    if (w->layout != JSON_CANONICAL) buf_addc(w->out, '\n');
}

void json_start(JsonWriter *w, Buf *out, JsonLayout layout) { *w = (JsonWriter){.out = out, .layout = layout}; }

static void begin(JsonWriter *w, char kind)
{
    if (!value_starts(w)) return;
    if (w->depth == JSON_MAX_DEPTH) {
        misuse(w);
        return;
    }
    w->open[w->depth] = kind;
    w->count[w->depth] = 0;
    w->depth++;
    buf_addc(w->out, kind);
}

static void end(JsonWriter *w, char kind)
{
    if (w->failed) return;
    if (!in(w, kind) || w->has_key) {
        misuse(w);
        return;
    }
    w->depth--;
    if (w->layout == JSON_LINES && w->depth == 0 && kind == '[' && w->count[0]) buf_addc(w->out, '\n');
    buf_addc(w->out, kind == '{' ? '}' : ']');
    value_ends(w);
}

void json_object_begin(JsonWriter *w) { begin(w, '{'); }
void json_object_end(JsonWriter *w) { end(w, '{'); }
void json_array_begin(JsonWriter *w) { begin(w, '['); }
void json_array_end(JsonWriter *w) { end(w, '['); }

/* A key canonical form takes: printable ASCII but quote and backslash (so
 * bytewise order is RFC 8785's order of UTF-16 code units), not too long. */
static bool canonical_key(const char *key)
{
    size_t n = strlen(key);
    if (n > JSON_KEY_MAX) return false;
    for (size_t i = 0; i < n; i++)
        if (key[i] < 0x20 || key[i] > 0x7E || key[i] == '"' || key[i] == '\\') return false;
    return true;
}

/* Whether s is valid UTF-8 throughout. */
static bool utf8_valid(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0, len; i < n; i += len)
        if (!(len = utf8_len((const unsigned char *)s + i, n - i))) return false;
    return true;
}

void json_key(JsonWriter *w, const char *key)
{
    if (w->failed) return;
    if (!in(w, '{') || w->has_key || !key) {
        misuse(w);
        return;
    }
    bool canonical = w->layout == JSON_CANONICAL;
    size_t *n = &w->count[w->depth - 1];
    if (canonical) {
        char *last = w->last_key[w->depth - 1];
        if (!canonical_key(key) || (*n && strcmp(key, last) <= 0)) {
            misuse(w);
            return;
        }
        strfmt(last, sizeof w->last_key[0], "%s", key);
    }
    if ((*n)++) buf_adds(w->out, canonical ? "," : ", ");
    put_string(w->out, key);
    buf_adds(w->out, canonical ? ":" : ": ");
    w->has_key = true;
}

void json_string(JsonWriter *w, const char *s)
{
    if (w->layout == JSON_CANONICAL && (!s || !utf8_valid(s))) {
        misuse(w);
        return;
    }
    if (!value_starts(w)) return;
    if (s)
        put_string(w->out, s);
    else
        buf_adds(w->out, "null");
    value_ends(w);
}

void json_int(JsonWriter *w, int64_t n)
{
    if (w->layout == JSON_CANONICAL && (n > JSON_SAFE_INT || n < -JSON_SAFE_INT)) {
        misuse(w);
        return;
    }
    if (!value_starts(w)) return;
    buf_addf(w->out, "%" PRId64, n);
    value_ends(w);
}

void json_bool(JsonWriter *w, bool b)
{
    if (!value_starts(w)) return;
    buf_adds(w->out, b ? "true" : "false");
    value_ends(w);
}

void json_null(JsonWriter *w)
{
    if (!value_starts(w)) return;
    buf_adds(w->out, "null");
    value_ends(w);
}

void json_member_string(JsonWriter *w, const char *key, const char *s)
{
    json_key(w, key);
    json_string(w, s);
}

void json_member_int(JsonWriter *w, const char *key, int64_t n)
{
    json_key(w, key);
    json_int(w, n);
}

void json_member_bool(JsonWriter *w, const char *key, bool b)
{
    json_key(w, key);
    json_bool(w, b);
}

bool json_ok(const JsonWriter *w) { return !w->failed && w->complete; }
