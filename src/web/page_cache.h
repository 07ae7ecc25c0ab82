/* page_cache.h: parts of pages kept between requests while the data they
 * were made from is unchanged.
 *
 * A due list for a team of hundreds of cases costs far more to compute and
 * render than the request around it, and it changes only when someone writes
 * (an import, a session held, a case discussed) or the date changes. The
 * database keeps generations that writes move on, whichever server or
 * command made them: one database-wide and one per team (store.h
 * store_generations). A fragment is kept with its stamp, the generations it
 * depends on as read before it was computed, and served only while the
 * stamp is the same, so a stale one is never shown; a write in one team
 * leaves the other teams' fragments standing. Keys carry whatever else
 * decides the content (the page, its scope, the date). The caller decides
 * who may see a fragment before asking for it.
 *
 * Bounded: at most max_entries fragments and max_bytes in all (keys and
 * stamps included); the least recently used go first. Safe to use from
 * several threads. */
#ifndef OV_PAGE_CACHE_H
#define OV_PAGE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

typedef struct PageCache PageCache;

PageCache *page_cache_new(size_t max_entries, size_t max_bytes);
void page_cache_free(PageCache *c);

/* Appends the fragment kept under key with this stamp to out: true; false
 * when there is none with it. */
bool page_cache_get(PageCache *c, const char *key, const char *stamp, Buf *out);

/* Keeps a copy of data under key with its stamp (replacing any other). */
void page_cache_put(PageCache *c, const char *key, const char *stamp, const char *data, size_t n);

#endif
