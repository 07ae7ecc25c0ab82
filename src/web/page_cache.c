/* page_cache.c: the cache of page_cache.h: a small array searched in full.
 * It holds tens of entries, so a linear search under one mutex costs less
 * than the hashing and the bookkeeping it would save. */
#include "web/page_cache.h"

#include <pthread.h>
#include <string.h>

typedef struct {
    char *key;
    char *stamp; /* the generations it was made at */
    char *data;
    size_t n;
    size_t size;   /* n, the key and the stamp: what counts against max_bytes */
    uint64_t used; /* tick of the last use */
} Entry;

struct PageCache {
    pthread_mutex_t lock;
    Entry *entries;
    size_t max_entries, max_bytes, bytes;
    uint64_t tick;
};

PageCache *page_cache_new(size_t max_entries, size_t max_bytes)
{
    PageCache *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->entries = xcalloc(max_entries ? max_entries : 1, sizeof *c->entries);
    c->max_entries = max_entries;
    c->max_bytes = max_bytes;
    return c;
}

static void drop(PageCache *c, Entry *e)
{
    c->bytes -= e->size;
    free(e->key);
    free(e->stamp);
    free(e->data);
    memset(e, 0, sizeof *e);
}

void page_cache_free(PageCache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->max_entries; i++)
        if (c->entries[i].key) drop(c, &c->entries[i]);
    free(c->entries);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static Entry *find(PageCache *c, const char *key)
{
    for (size_t i = 0; i < c->max_entries; i++)
        if (c->entries[i].key && strcmp(c->entries[i].key, key) == 0) return &c->entries[i];
    return NULL;
}

bool page_cache_get(PageCache *c, const char *key, const char *stamp, Buf *out)
{
    pthread_mutex_lock(&c->lock);
    Entry *e = find(c, key);
    bool hit = e && strcmp(e->stamp, stamp) == 0;
    if (hit) {
        e->used = ++c->tick;
        buf_add(out, e->data, e->n);
    }
    pthread_mutex_unlock(&c->lock);
    return hit;
}

/* A free entry if there is one (free_ok), else the least recently used;
 * NULL when none is in use and free_ok is false. */
static Entry *victim(PageCache *c, bool free_ok)
{
    Entry *v = NULL;
    for (size_t i = 0; i < c->max_entries; i++) {
        Entry *e = &c->entries[i];
        if (!e->key) {
            if (free_ok) return e;
            continue;
        }
        if (!v || e->used < v->used) v = e;
    }
    return v;
}

void page_cache_put(PageCache *c, const char *key, const char *stamp, const char *data, size_t n)
{
    /* The key and the stamp count against the bytes too: a stamp names
     * every team of an organisation's figures. */
    size_t size = n + strlen(key) + strlen(stamp);
    if (!c->max_entries || size > c->max_bytes) return;
    char *copy = xmalloc(n + 1);
    memcpy(copy, data, n);
    copy[n] = 0;
    pthread_mutex_lock(&c->lock);
    Entry *e = find(c, key);
    if (e) drop(c, e);
    for (Entry *old; c->bytes + size > c->max_bytes && (old = victim(c, false));) drop(c, old);
    e = victim(c, true);
    if (e->key) drop(c, e);
    e->key = xstrdup(key);
    e->stamp = xstrdup(stamp);
    e->data = copy;
    e->n = n;
    e->size = size;
    e->used = ++c->tick;
    c->bytes += size;
    pthread_mutex_unlock(&c->lock);
}
