/* The page cache: a fragment is served only with the stamp (generations)
 * it was made at, entries and bytes (keys and stamps included) stay within
 * their bounds, the least recently used go first, and several threads may
 * use it at once. */
#include <pthread.h>
#include <string.h>

#include "web/page_cache.h"
#include "test.h"

static bool get(PageCache *c, const char *key, const char *stamp, Buf *out)
{
    buf_clear(out);
    return page_cache_get(c, key, stamp, out);
}

static void test_generation(void)
{
    PageCache *c = page_cache_new(4, 1000);
    Buf b = {0};
    CHECK(!get(c, "team|A|2026-11-23", "w1;1:A=1", &b));
    page_cache_put(c, "team|A|2026-11-23", "w1;1:A=1", "<p>one</p>", 10);
    CHECK(get(c, "team|A|2026-11-23", "w1;1:A=1", &b));
    CHECK_STR(buf_str(&b), "<p>one</p>");
    CHECK(!get(c, "team|A|2026-11-23", "w1;1:A=2", &b)); /* the data changed since */
    CHECK_INT(b.len, 0);
    CHECK(!get(c, "team|A|2026-11-24", "w1;1:A=1", &b)); /* another day */
    page_cache_put(c, "team|A|2026-11-23", "w1;1:A=2", "<p>two</p>", 10);
    CHECK(get(c, "team|A|2026-11-23", "w1;1:A=2", &b));
    CHECK_STR(buf_str(&b), "<p>two</p>");
    CHECK(!get(c, "team|A|2026-11-23", "w1;1:A=1", &b)); /* replaced, not kept beside */
    /* get appends to what the page holds so far */
    buf_clear(&b);
    buf_adds(&b, "<h1>x</h1>");
    CHECK(page_cache_get(c, "team|A|2026-11-23", "w1;1:A=2", &b));
    CHECK_STR(buf_str(&b), "<h1>x</h1><p>two</p>");
    buf_free(&b);
    page_cache_free(c);
}

static void test_bounds(void)
{
    PageCache *c = page_cache_new(3, 100);
    Buf b = {0};
    page_cache_put(c, "a", "", "aaaa", 4);
    page_cache_put(c, "b", "", "bbbb", 4);
    page_cache_put(c, "c", "", "cccc", 4);
    CHECK(get(c, "a", "", &b));            /* a is now the most recently used */
    page_cache_put(c, "d", "", "dddd", 4); /* a fourth entry: b, least recently used, goes */
    CHECK(!get(c, "b", "", &b));
    CHECK(get(c, "a", "", &b));
    CHECK(get(c, "c", "", &b));
    CHECK(get(c, "d", "", &b));
    /* bytes (data, key and stamp): 61 more pushes out until the total fits */
    char big[61];
    memset(big, 'x', 60);
    big[60] = 0;
    page_cache_put(c, "e", "", big, 60);
    CHECK(get(c, "e", "", &b));
    CHECK_INT(b.len, 60);
    page_cache_put(c, "f", "", big, 60); /* 122 > 100: e must go */
    CHECK(!get(c, "e", "", &b));
    CHECK(get(c, "f", "", &b));
    /* exactly the whole cache, its key counted: kept, alone */
    char huge[101];
    memset(huge, 'y', 100);
    huge[100] = 0;
    page_cache_put(c, "g", "", huge, 99);
    CHECK(get(c, "g", "", &b));
    CHECK(!get(c, "f", "", &b));
    /* larger than the whole cache: not kept, and nothing pushed out for it */
    page_cache_put(c, "h", "", huge, 100);
    CHECK(!get(c, "h", "", &b));
    CHECK(get(c, "g", "", &b));
    /* a stamp counts too: 10 bytes of data under a stamp of 95 do not fit */
    char stamp[96];
    memset(stamp, 's', 95);
    stamp[95] = 0;
    page_cache_put(c, "i", stamp, "iiiiiiiiii", 10);
    CHECK(!get(c, "i", stamp, &b));
    page_cache_put(c, "j", stamp + 10, "jjjjjjjjjj", 10); /* 10 + 1 + 85 fit, alone */
    CHECK(get(c, "j", stamp + 10, &b));
    CHECK(!get(c, "g", "", &b));
    buf_free(&b);
    page_cache_free(c);
    page_cache_free(NULL);
}

static PageCache *shared;

static void *worker(void *arg)
{
    long id = (long)arg;
    Buf b = {0};
    char key[32], val[32], stamp[16];
    for (int i = 0; i < 2000; i++) {
        strfmt(key, sizeof key, "k%d", i % 40);
        strfmt(val, sizeof val, "v%d-%ld", i % 40, id);
        strfmt(stamp, sizeof stamp, "w%d", i % 3);
        page_cache_put(shared, key, stamp, val, strlen(val));
        buf_clear(&b);
        if (page_cache_get(shared, key, stamp, &b) && strncmp(buf_str(&b), "v", 1) != 0) return (void *)1;
    }
    buf_free(&b);
    return NULL;
}

static void test_threads(void)
{
    shared = page_cache_new(16, 400);
    pthread_t t[4];
    for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++) {
        void *bad = NULL;
        pthread_join(t[i], &bad);
        CHECK(bad == NULL);
    }
    page_cache_free(shared);
}

int main(void)
{
    RUN(test_generation);
    RUN(test_bounds);
    RUN(test_threads);
    TEST_DONE();
}
