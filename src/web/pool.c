/* pool.c: the connections of pool.h, handed out under one mutex. */
#include "web/pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/util.h"

struct WebPool {
    Store **stores;
    bool *busy;
    unsigned n;
    pthread_mutex_t lock;
    pthread_cond_t freed;
};

WebPool *pool_new(const char *db, unsigned n, char *err, size_t errlen)
{
    WebPool *p = xcalloc(1, sizeof *p);
    p->n = n ? n : 1;
    p->stores = xcalloc(p->n, sizeof *p->stores);
    p->busy = xcalloc(p->n, sizeof *p->busy);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    for (unsigned i = 0; i < p->n; i++)
        if (store_open(db, false, &p->stores[i], err, errlen) != STORE_OK) {
            pool_free(p);
            return NULL;
        }
    return p;
}

void pool_free(WebPool *p)
{
    if (!p) return;
    for (unsigned i = 0; i < p->n; i++) store_close(p->stores[i]);
    free(p->stores);
    free(p->busy);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->freed);
    free(p);
}

Store *pool_borrow(WebPool *p)
{
    pthread_mutex_lock(&p->lock);
    for (;;) {
        for (unsigned i = 0; i < p->n; i++)
            if (!p->busy[i]) {
                p->busy[i] = true;
                pthread_mutex_unlock(&p->lock);
                return p->stores[i];
            }
        pthread_cond_wait(&p->freed, &p->lock);
    }
}

void pool_give_back(WebPool *p, Store *st)
{
    pthread_mutex_lock(&p->lock);
    for (unsigned i = 0; i < p->n; i++)
        if (p->stores[i] == st) p->busy[i] = false;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}
