/* util: a Buf stays within its maximum, drops whole appends past it and
 * says so with a sticky overflow flag; the other helpers keep their word. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "test.h"

static void test_buf_appends(void)
{
    Buf b = {0};
    CHECK_STR(buf_str(&b), "");
    buf_add(&b, "ab", 2);
    buf_adds(&b, "cd");
    buf_addc(&b, 'e');
    buf_addf(&b, "%d-%s", 42, "x");
    CHECK_STR(buf_str(&b), "abcde42-x");
    CHECK_INT(b.len, 9);
    CHECK(!b.overflow);
    buf_clear(&b);
    CHECK_STR(buf_str(&b), "");
    CHECK_INT(b.len, 0);
    buf_free(&b);
    CHECK(b.data == NULL);
}

static void test_buf_cap(void)
{
    Buf b = {.max = 8};
    buf_adds(&b, "12345678"); /* exactly the maximum fits */
    CHECK_STR(buf_str(&b), "12345678");
    CHECK(!b.overflow);
    buf_addc(&b, '9');
    CHECK(b.overflow);
    CHECK_STR(buf_str(&b), "12345678");
    buf_clear(&b);
    CHECK(!b.overflow);
    CHECK_INT(b.max, 8);

    /* An append that would pass the maximum is dropped whole... */
    buf_adds(&b, "abc");
    buf_adds(&b, "defghij");
    CHECK(b.overflow);
    CHECK_STR(buf_str(&b), "abc");
    /* ...and so is everything after it, even what would fit: the contents
     * stay a prefix of what was written, with no hole in them. */
    buf_adds(&b, "d");
    buf_addc(&b, 'e');
    buf_add(&b, "f", 1);
    buf_addf(&b, "%s", "g");
    CHECK_STR(buf_str(&b), "abc");
    CHECK_INT(b.len, 3);
    CHECK(b.overflow);
    buf_free(&b);
    CHECK(!b.overflow);
    CHECK_INT(b.max, 8);

    Buf f = {.max = 5};
    buf_addf(&f, "%s", "123456");
    CHECK(f.overflow);
    CHECK_INT(f.len, 0);
    buf_free(&f);

    /* A size no allocation could hold is refused, not attempted. */
    Buf g = {.max = 4};
    buf_add(&g, "x", SIZE_MAX);
    CHECK(g.overflow);
    CHECK_INT(g.len, 0);
    buf_free(&g);
}

static void test_buf_default_cap(void)
{
    Buf b = {0};
    CHECK_INT(b.max, 0); /* 0 means BUF_MAX_DEFAULT */
    buf_addc(&b, 'x');
    buf_add(&b, "y", BUF_MAX_DEFAULT); /* one byte past it: refused before reading a byte */
    CHECK(b.overflow);
    CHECK_STR(buf_str(&b), "x");
    buf_free(&b);
}

static void test_strfmt(void)
{
    char small[6];
    CHECK_STR(strfmt(small, sizeof small, "%s", "abcdefgh"), "abcde");
    CHECK_STR(strfmt(small, sizeof small, "%d", 12), "12");
    char *s = xasprintf("%s=%d", "n", 7);
    CHECK_STR(s, "n=7");
    free(s);
}

static void test_count_words(void)
{
    char w[COUNT_WORDS_CHARS];
    CHECK_STR(count_words(1, "team", "teams", w), "1 team");
    CHECK_STR(count_words(2, "team", "teams", w), "2 teams");
    CHECK_STR(count_words(0, "team", "teams", w), "0 teams");
    CHECK_STR(count_words(1, "person", "people", w), "1 person");
    CHECK_STR(count_words(-1, "day", "days", w), "-1 days");
}

static void test_read_file(void)
{
    char path[] = "/tmp/oversight-test-util-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    CHECK_INT(write(fd, "hello", 5), 5);
    close(fd);
    char *text = NULL;
    size_t len = 0;
    CHECK_INT(read_file(path, 5, &text, &len), 0);
    CHECK_STR(text, "hello");
    CHECK_INT(len, 5);
    free(text);
    errno = 0;
    CHECK_INT(read_file(path, 4, &text, &len), -1);
    CHECK_INT(errno, EFBIG);
    unlink(path);
    CHECK_INT(read_file(path, 4, &text, &len), -1);
}

static void test_arena_and_map(void)
{
    Arena a = {0};
    char *x = arena_strndup(&a, "abcdef", 3);
    CHECK_STR(x, "abc");
    char big[70000];
    memset(big, 'z', sizeof big);
    char *y = arena_strndup(&a, big, sizeof big); /* larger than a block */
    CHECK_INT(strlen(y), sizeof big);
    CHECK_STR(x, "abc");
    arena_free(&a);
    CHECK(a.head == NULL);

    StrMap *m = strmap_new();
    char key[32];
    for (int i = 0; i < 1000; i++) CHECK(strmap_put(m, key, strlen(strfmt(key, sizeof key, "k%d", i)), i, NULL));
    CHECK_INT(strmap_count(m), 1000);
    int64_t v = -1, old = -1;
    CHECK(strmap_get(m, "k500", 4, &v));
    CHECK_INT(v, 500);
    CHECK(!strmap_put(m, "k500", 4, 1, &old));
    CHECK_INT(old, 500);
    CHECK(!strmap_get(m, "k1000", 5, &v));
    strmap_free(m);
}

static void test_hex(void)
{
    const uint8_t in[3] = {0x00, 0xab, 0xf0};
    char out[7];
    hex_encode(in, 3, out);
    CHECK_STR(out, "00abf0");
    uint8_t back[3] = {0};
    CHECK(hex_decode("00abf0", 6, back, 3));
    CHECK(memcmp(back, in, 3) == 0);
    CHECK(hex_decode("00abf0ff", 6, back, 3)); /* len bytes only */
    CHECK(!hex_decode("00ABF0", 6, back, 3));  /* lower case only */
    CHECK(!hex_decode("00abf", 5, back, 3));
    CHECK(!hex_decode("00abf0", 6, back, 2));
    CHECK(!hex_decode("00abg0", 6, back, 3));
    CHECK(!hex_decode(NULL, 0, back, 0));
}

int main(void)
{
    RUN(test_buf_appends);
    RUN(test_buf_cap);
    RUN(test_buf_default_cap);
    RUN(test_strfmt);
    RUN(test_count_words);
    RUN(test_read_file);
    RUN(test_arena_and_map);
    RUN(test_hex);
    TEST_DONE();
}
