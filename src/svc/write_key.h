/* write_key.h: one-time write keys, so that a change sent twice is applied
 * once.
 *
 * A form that changes something carries a random key (web/form.c, the
 * field WRITE_KEY_FIELD). The first sending whose change commits takes the
 * key for the account, in the change's own transaction: the store's commit
 * hook (store.h) runs the insert just before the commit, so the key is
 * taken if and only if the change was saved, whichever service saved it.
 * A later sending with the same key (a second press, a browser posting
 * again after an answer that was lost, a client's retry) finds it taken
 * and is answered as the first was, without being applied again.
 *
 * Keys are optional: a sending without one is applied as ever. Keys are
 * kept for WRITE_KEY_KEEP seconds, longer than any session lasts. */
#ifndef OV_WRITE_KEY_H
#define OV_WRITE_KEY_H

#include "svc/svc.h"

#define WRITE_KEY_FIELD "write-key"
#define WRITE_KEY_MIN 16
#define WRITE_KEY_MAX 64
#define WRITE_KEY_KEEP (24 * 60 * 60)
/* The answer kept for a repeat: a path of this site, at most this long. */
#define WRITE_KEY_ANSWER_MAX 400

/* Whether key is one this site accepts: WRITE_KEY_MIN to WRITE_KEY_MAX
 * letters, digits, '-' and '_'. */
bool write_key_valid(const char *key);

/* Whether the account already took key: SVC_OK and the first sending's
 * answer in answer ("" when it kept none), SVC_NOT_FOUND, SVC_FAILED. */
SvcResult write_key_taken(Store *st, int64_t user_ref, const char *key, char *answer, size_t n);

/* A key armed on a connection for one request. */
typedef struct {
    Store *st;
    int64_t user_ref;
    int64_t now;
    char key[WRITE_KEY_MAX + 1];
    bool taken;    /* a commit of this request took the key (if it then failed, nothing was saved) */
    bool repeated; /* another sending had taken it first: this one's commit was refused, nothing saved */
} WriteKey;

/* Arms k (a valid key) on st: the next commit of st (store_commit, within
 * services) takes the key in its transaction, or, when another sending
 * took it first, is refused (k->repeated). Old keys are forgotten then. */
void write_key_arm(WriteKey *k, Store *st, int64_t user_ref, const char *key, int64_t now);

/* Disarms k; when its key was taken and answer is a path of this site,
 * keeps answer for the repeats (bookkeeping: a failure is logged, and a
 * repeat then gets a page saying it was already saved). */
void write_key_disarm(WriteKey *k, const char *answer);

#endif
