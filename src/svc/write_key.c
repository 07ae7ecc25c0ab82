/* write_key.c: one-time write keys (see write_key.h). */
#include "svc/write_key.h"

#include <string.h>

#include "core/log.h"

bool write_key_valid(const char *key)
{
    size_t n = key ? strlen(key) : 0;
    if (n < WRITE_KEY_MIN || n > WRITE_KEY_MAX) return false;
    for (const char *c = key; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' ||
              *c == '_'))
            return false;
    return true;
}

SvcResult write_key_taken(Store *st, int64_t user_ref, const char *key, char *answer, size_t n)
{
    if (n) answer[0] = 0;
    Param p[] = {P_INT(user_ref), P_STR(key)};
    StoreRows *r = store_query(st, STMT_WRITE_KEY_FIND, p, 2);
    if (!r) return SVC_FAILED;
    int got = store_next(r);
    if (got == 1) svc_col_copy(r, 0, answer, n);
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : got == 1 ? SVC_OK : SVC_NOT_FOUND;
}

/* The commit hook: takes the key in the transaction being committed. Only
 * the first commit of the request takes it; the writers' lock (store.h) is
 * held, so of two sendings at once the second finds the first's row. */
static bool take(Store *st, void *arg)
{
    WriteKey *k = arg;
    if (k->taken) return true;
    Param p[] = {P_INT(k->user_ref), P_STR(k->key), P_INT(k->now)};
    Param old[] = {P_INT(k->now - WRITE_KEY_KEEP)};
    int64_t changes = 0;
    if (store_exec(st, STMT_WRITE_KEY_TAKE, p, 3, &changes) != STORE_OK) return false;
    if (changes == 0) {
        k->repeated = true;
        return false;
    }
    k->taken = true;
    return store_exec(st, STMT_WRITE_KEYS_PRUNE, old, 1, NULL) == STORE_OK;
}

void write_key_arm(WriteKey *k, Store *st, int64_t user_ref, const char *key, int64_t now)
{
    memset(k, 0, sizeof *k);
    k->st = st;
    k->user_ref = user_ref;
    k->now = now;
    strfmt(k->key, sizeof k->key, "%s", key);
    store_set_commit_hook(st, take, k);
}

void write_key_disarm(WriteKey *k, const char *answer)
{
    store_set_commit_hook(k->st, NULL, NULL);
    if (!k->taken || !answer || answer[0] != '/' || answer[1] == '/' || strlen(answer) > WRITE_KEY_ANSWER_MAX) return;
    Param p[] = {P_INT(k->user_ref), P_STR(k->key), P_STR(answer)};
    bool ok = store_begin(k->st) == STORE_OK && store_exec(k->st, STMT_WRITE_KEY_ANSWER, p, 3, NULL) == STORE_OK &&
              store_commit_bookkeeping(k->st) == STORE_OK;
    store_rollback(k->st);
    if (!ok) log_event(NULL, "could not keep the answer of a write key: %s", store_error(k->st));
}
