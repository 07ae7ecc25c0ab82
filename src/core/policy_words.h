/* policy_words.h: a policy's frequencies as people say them, for the pages
 * that show the policy in force and a policy being checked. Machine forms
 * (the policy file, CSV, JSON) keep "4w".
 *
 *   role nqsw: "every week for the first 6 weeks, then every 2 weeks until
 *   52 weeks from start, then every 4 weeks"
 *   category child-protection: "every 2 months" */
#ifndef OV_POLICY_WORDS_H
#define OV_POLICY_WORDS_H

#include <stddef.h>

#include "core/policy.h"

/* "every week", "every 2 weeks": an interval with "every" before it. */
const char *policy_every_words(Interval iv, char out[32]); /* returns out */

/* A role's phases in one sentence, with its target when it has one
 * ("every 4 weeks, aiming for every 3 weeks"). Returns out. */
const char *policy_role_words(const Role *r, char *out, size_t n);

/* How often a case of the category is discussed: its own frequency, or at
 * each of the worker's sessions, or, with neither, the policy's every-case
 * maximum ("no rule of its own: every 6 months, as every open case").
 * Returns out. */
const char *policy_category_words(const Policy *p, const Category *c, char *out, size_t n);

/* How long a kind of record is kept, as the policy's "retain" line says:
 * "kept for 6 years after the supervisee leaves", "kept for 75 years after
 * the case closes", "kept for ever" (no line, or "never"). Whole years of
 * months are said in years. Returns out. */
const char *policy_retain_words(const Policy *p, RetainKind k, char *out, size_t n);

#endif
