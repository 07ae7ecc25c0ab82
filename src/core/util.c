/* util.c: allocation, buffers, bounded formatting, file reading, string map. */
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "oversight: out of memory (asked for %zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory(n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) out_of_memory(count * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) out_of_memory(n);
    return q;
}

void xgrow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return;
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2 / elem) out_of_memory(SIZE_MAX);
        c *= 2;
    }
    *p = xrealloc(*p, c * elem);
    *cap = c;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *xasprintf(const char *fmt, ...)
{
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    if (!b.data) return xstrdup("");
    return b.data;
}

/* Makes room for extra more bytes, or sets overflow and returns false when
 * they would pass the buffer's maximum (or an earlier append already did). */
static bool buf_reserve(Buf *b, size_t extra)
{
    size_t max = b->max ? b->max : BUF_MAX_DEFAULT;
    if (b->overflow || extra > max - b->len) {
        b->overflow = true;
        return false;
    }
    if (b->len + extra + 1 > b->cap) xgrow((void **)&b->data, &b->cap, b->len + extra + 1, 1);
    return true;
}

void buf_add(Buf *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n)) return;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void buf_adds(Buf *b, const char *s) { buf_add(b, s, strlen(s)); }

void buf_addc(Buf *b, char c)
{
    if (!buf_reserve(b, 1)) return;
    b->data[b->len++] = c;
    b->data[b->len] = 0;
}

void buf_vaddf(Buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return;
    if (!buf_reserve(b, (size_t)n)) return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_addf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(b, fmt, ap);
    va_end(ap);
}

void buf_clear(Buf *b)
{
    b->len = 0;
    b->overflow = false;
    if (b->data) b->data[0] = 0;
}

void buf_free(Buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->overflow = false;
}

const char *buf_str(const Buf *b) { return b->data ? b->data : ""; }

char *strfmt(char *dst, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, size, fmt, ap);
    va_end(ap);
    return dst;
}

int read_file(const char *path, size_t max, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    Buf b = {.max = max}; /* max may be above BUF_MAX_DEFAULT */
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > max) {
            fclose(f);
            buf_free(&b);
            errno = EFBIG;
            return -1;
        }
        buf_add(&b, chunk, n);
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        buf_free(&b);
        errno = EIO;
        return -1;
    }
    if (!b.data) buf_add(&b, "", 0);
    *out = b.data;
    *len = b.len;
    return 0;
}

struct ArenaBlock {
    ArenaBlock *next;
    size_t used, cap;
    char data[];
};

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    ArenaBlock *b = a->head;
    if (!b || b->cap - b->used < n + 1) {
        size_t cap = n + 1 > 65536 ? n + 1 : 65536;
        b = xmalloc(sizeof *b + cap);
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    char *d = b->data + b->used;
    memcpy(d, s, n);
    d[n] = 0;
    b->used += n + 1;
    return d;
}

void arena_free(Arena *a)
{
    for (ArenaBlock *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head = NULL;
}

/* StrMap: open addressing over indexes into an arena of entries. */
typedef struct {
    uint64_t hash;
    int64_t value;
    size_t key_off; /* into arena */
    size_t key_len;
} Entry;

struct StrMap {
    uint32_t *slots; /* 0 empty, else entry index + 1 */
    size_t nslots;
    Entry *entries;
    size_t count, entries_cap;
    char *arena;
    size_t arena_len, arena_cap;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a, then a final mix */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

StrMap *strmap_new(void)
{
    StrMap *m = xcalloc(1, sizeof *m);
    m->nslots = 64;
    m->slots = xcalloc(m->nslots, sizeof *m->slots);
    return m;
}

void strmap_free(StrMap *m)
{
    if (!m) return;
    free(m->slots);
    free(m->entries);
    free(m->arena);
    free(m);
}

static size_t find_slot(const StrMap *m, uint64_t h, const char *key, size_t len, bool *found)
{
    size_t mask = m->nslots - 1, i = h & mask;
    for (;;) {
        uint32_t s = m->slots[i];
        if (!s) {
            *found = false;
            return i;
        }
        const Entry *e = &m->entries[s - 1];
        if (e->hash == h && e->key_len == len && memcmp(m->arena + e->key_off, key, len) == 0) {
            *found = true;
            return i;
        }
        i = (i + 1) & mask;
    }
}

bool strmap_get(const StrMap *m, const char *key, size_t len, int64_t *value)
{
    bool found;
    size_t i = find_slot(m, hash_bytes(key, len), key, len, &found);
    if (found && value) *value = m->entries[m->slots[i] - 1].value;
    return found;
}

static void rehash(StrMap *m)
{
    free(m->slots);
    m->nslots *= 2;
    m->slots = xcalloc(m->nslots, sizeof *m->slots);
    size_t mask = m->nslots - 1;
    for (size_t k = 0; k < m->count; k++) {
        size_t i = m->entries[k].hash & mask;
        while (m->slots[i]) i = (i + 1) & mask;
        m->slots[i] = (uint32_t)(k + 1);
    }
}

bool strmap_put(StrMap *m, const char *key, size_t len, int64_t value, int64_t *old)
{
    uint64_t h = hash_bytes(key, len);
    bool found;
    size_t i = find_slot(m, h, key, len, &found);
    if (found) {
        if (old) *old = m->entries[m->slots[i] - 1].value;
        return false;
    }
    if (m->count >= UINT32_MAX - 1) out_of_memory(SIZE_MAX);
    xgrow((void **)&m->entries, &m->entries_cap, m->count + 1, sizeof *m->entries);
    xgrow((void **)&m->arena, &m->arena_cap, m->arena_len + len + 1, 1);
    memcpy(m->arena + m->arena_len, key, len);
    m->arena[m->arena_len + len] = 0;
    m->entries[m->count] = (Entry){.hash = h, .value = value, .key_off = m->arena_len, .key_len = len};
    m->arena_len += len + 1;
    m->slots[i] = (uint32_t)(++m->count);
    if (m->count * 4 >= m->nslots * 3) rehash(m);
    return true;
}

size_t strmap_count(const StrMap *m) { return m->count; }

void buf_add_percent(Buf *b, const char *s)
{
    static const char hexd[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '.' || *p == '_' || *p == '~') {
            buf_addc(b, (char)*p);
        } else {
            buf_addc(b, '%');
            buf_addc(b, hexd[*p >> 4]);
            buf_addc(b, hexd[*p & 15]);
        }
    }
}

const char *count_words(long n, const char *one, const char *many, char out[COUNT_WORDS_CHARS])
{
    return strfmt(out, COUNT_WORDS_CHARS, "%ld %s", n, n == 1 ? one : many);
}

/* Length of the valid UTF-8 sequence at s (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 if there is none. */
size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else
        return 0;
    if (n < len) return 0;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return len;
}

void hex_encode(const uint8_t *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = 0;
}

bool hex_decode(const char *s, size_t len, uint8_t *out, size_t n)
{
    if (!s || len != 2 * n) return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return false;
        out[i / 2] = (uint8_t)(i % 2 ? out[i / 2] | d : d << 4);
    }
    return true;
}
