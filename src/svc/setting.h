/* setting.h: the organisation's settings kept in the database: today, the
 * text of the policy in force (the shipped default when none is stored).
 * Putting a policy in force is an admin change: svc/admin.h. */
#ifndef OV_SVC_SETTING_H
#define OV_SVC_SETTING_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

/* The stored policy text: 1 with *text (NUL-terminated, caller frees) and
 * *len, 0 when none is stored, <0 when the store failed. */
int setting_policy_text(Store *st, char **text, size_t *len);

/* How many policies have been put in force (svc/policy_change.h's history,
 * which is only added to): a number that moves on whenever one is applied,
 * by whichever process, so that a server keeping the policy in memory knows
 * to read it again. <0 when the store failed. One cheap statement. */
int64_t setting_policy_version(Store *st);

/* Stores the policy text inside the caller's transaction; true on success. */
bool setting_policy_put(Store *st, const char *text, size_t len);

#endif
