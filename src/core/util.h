/* util.h: small helpers every module uses: allocation that aborts on
 * failure, a growable byte buffer with a size cap, and bounded formatting.
 *
 * Allocation failure is not an error a caller can handle usefully here, so
 * x*alloc print a message and abort (see ARCHITECTURE.md, "Errors"). */
#ifndef OV_UTIL_H
#define OV_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array *p of *cap elements of size elem so it holds at least need. */
void xgrow(void **p, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A newly allocated, formatted string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer, always NUL-terminated (data may be NULL while
 * len == 0), with a maximum size.
 *
 * The maximum is max bytes of contents, or BUF_MAX_DEFAULT while max is 0
 * (so `Buf b = {0}` is a buffer with the default cap); set max before the
 * first append for a smaller one. An append that would take the contents
 * past the maximum is dropped whole and sets overflow, which stays set until
 * buf_clear or buf_free: every later append is dropped too, so the contents
 * are always a prefix of what was written, never a page with a hole in it.
 * Whoever sends or stores the contents checks overflow and treats it as a
 * failure (the HTTP layer answers 500 and logs it instead of sending a
 * truncated page). A size a request can influence therefore never aborts
 * the program; only allocation failure below the cap does. */
#define BUF_MAX_DEFAULT ((size_t)256 << 20)

typedef struct {
    char *data;
    size_t len;
    size_t cap;    /* bytes allocated */
    size_t max;    /* the cap on len; 0: BUF_MAX_DEFAULT */
    bool overflow; /* an append was dropped for passing max */
} Buf;

void buf_add(Buf *b, const char *s, size_t n);
void buf_adds(Buf *b, const char *s);
void buf_addc(Buf *b, char c);
void buf_addf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(Buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Empties the buffer and clears overflow; keeps its allocation and max. */
/* s percent-encoded (RFC 3986): unreserved characters as they are, every
 * other byte as %XX. For a URL's path segment or an otpauth:// label. */
void buf_add_percent(Buf *b, const char *s);
void buf_clear(Buf *b);
/* Frees the contents and clears overflow; keeps max. */
void buf_free(Buf *b);
const char *buf_str(const Buf *b);

/* snprintf that never overflows and always terminates; returns dst. */
/* Length of the valid UTF-8 sequence at s (n > 0 bytes; RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or 0 if there is
 * none. */
size_t utf8_len(const unsigned char *s, size_t n);

/* n bytes as 2n lower-case hexadecimal digits and a NUL, into out. */
void hex_encode(const uint8_t *in, size_t n, char *out);
/* Exactly 2n lower-case hexadecimal digits (len of them, s need not end
 * there) into n bytes: false, out undefined, for anything else. */
bool hex_decode(const char *s, size_t len, uint8_t *out, size_t n);

char *strfmt(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A count and its noun as people write it: "1 team", "3 teams", "0 teams".
 * one and many are the noun's two forms ("person", "people"). Every page
 * that shows a count with its noun says it through this. Returns out. */
#define COUNT_WORDS_CHARS 80
const char *count_words(long n, const char *one, const char *many, char out[COUNT_WORDS_CHARS]);

/* Reads a whole file, at most max bytes. Returns 0, or -1 with errno set
 * (EFBIG when larger than max). *out is NUL-terminated; caller frees. */
int read_file(const char *path, size_t max, char **out, size_t *len);

/* An arena of strings: many small copies freed at once. Pointers stay valid
 * until arena_free. */
typedef struct ArenaBlock ArenaBlock;
typedef struct {
    ArenaBlock *head;
} Arena;
/* A NUL-terminated copy of n bytes of s. */
char *arena_strndup(Arena *a, const char *s, size_t n);
void arena_free(Arena *a);

/* A set of strings mapped to int64 values, for id lookups during import.
 * Keys are copied into an arena; lookups are O(1) expected. */
typedef struct StrMap StrMap;
StrMap *strmap_new(void);
void strmap_free(StrMap *m);
/* Returns true and sets *value when key is present. */
bool strmap_get(const StrMap *m, const char *key, size_t len, int64_t *value);
/* Inserts key -> value. Returns false (and leaves the map unchanged) when the
 * key was already present; *old then holds the existing value if old != NULL. */
bool strmap_put(StrMap *m, const char *key, size_t len, int64_t value, int64_t *old);
size_t strmap_count(const StrMap *m);

#endif
