/* pool.h: the web application's database connections, one per server
 * thread, so that SQLite and PostgreSQL are used the same way: each request
 * borrows one for its whole life and gives it back. Not for use outside
 * src/web. */
#ifndef OV_WEB_POOL_H
#define OV_WEB_POOL_H

#include <stddef.h>

#include "store/store.h"

typedef struct WebPool WebPool;

/* n connections (at least one) to the database at db. NULL with err when
 * one cannot be opened. */
WebPool *pool_new(const char *db, unsigned n, char *err, size_t errlen);
void pool_free(WebPool *p);

/* A connection no other request holds; waits until one is given back. */
Store *pool_borrow(WebPool *p);
void pool_give_back(WebPool *p, Store *st);

#endif
