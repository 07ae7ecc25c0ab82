/* page_cache.h: parts of pages kept between requests while the data they
 * were made from is unchanged.
 *
 * A due list for a team of hundreds of cases costs far more to compute and
 * render than the request around it, and it changes only when someone writes
 * (an import, a session held, a case discussed) or the date changes. Every
 * committed write moves the database's generation on (store_generation), on
 * whichever server or command made it; a fragment is served only at the
 * generation it was made at, so a stale one is never shown. Keys carry
 * whatever else decides the content (the page, its scope, the date). The
 * caller decides who may see a fragment before asking for it.
 *
 * Bounded: at most max_entries fragments and max_bytes in all; the least
 * recently used go first. Safe to use from several threads. */
#ifndef OV_PAGE_CACHE_H
#define OV_PAGE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

typedef struct PageCache PageCache;

PageCache *page_cache_new(size_t max_entries, size_t max_bytes);
void page_cache_free(PageCache *c);

/* Appends the fragment kept under key at generation gen to out: true; false
 * when there is none at that generation. */
bool page_cache_get(PageCache *c, const char *key, int64_t gen, Buf *out);

/* Keeps a copy of data under key at generation gen (replacing any other). */
void page_cache_put(PageCache *c, const char *key, int64_t gen, const char *data, size_t n);

#endif
