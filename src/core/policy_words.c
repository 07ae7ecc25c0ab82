/* policy_words.c: the words of policy_words.h. */
#include "core/policy_words.h"

#include <string.h>

#include "core/util.h"

const char *policy_every_words(Interval iv, char out[32])
{
    if (iv.n == 1) {
        strfmt(out, 32, "every %s", iv.unit == UNIT_MONTH ? "month" : iv.unit == UNIT_WEEK ? "week" : "day");
        return out;
    }
    char w[24];
    strfmt(out, 32, "every %s", interval_words(iv, w));
    return out;
}

/* Appends what to out (n bytes in all), cut to fit. */
static void add(char *out, size_t n, const char *what)
{
    size_t used = strlen(out);
    if (used < n) strfmt(out + used, n - used, "%s", what);
}

const char *policy_role_words(const Role *r, char *out, size_t n)
{
    char every[32], until[24], part[96];
    out[0] = 0;
    for (size_t i = 0; i < r->nphases; i++) {
        const Phase *ph = &r->phases[i];
        policy_every_words(ph->every, every);
        if (!ph->has_until)
            strfmt(part, sizeof part, "%s%s", i ? ", then " : "", every);
        else if (i == 0)
            strfmt(part, sizeof part, "%s for the first %s", every, interval_words(ph->until, until));
        else
            strfmt(part, sizeof part, ", then %s until %s from start", every, interval_words(ph->until, until));
        add(out, n, part);
    }
    if (r->has_target) {
        strfmt(part, sizeof part, ", aiming for %s", policy_every_words(r->target, every));
        add(out, n, part);
    }
    return out;
}

const char *policy_category_words(const Policy *p, const Category *c, char *out, size_t n)
{
    char every[32], part[96];
    out[0] = 0;
    if (c->has_every) add(out, n, policy_every_words(c->every, every));
    if (c->every_session)
        add(out, n, c->has_every ? ", and at each of the worker's sessions" : "at each of the worker's sessions");
    if (!c->has_every && !c->every_session) {
        if (p->has_every_case)
            strfmt(part, sizeof part, "no rule of its own: %s, as every open case",
                   policy_every_words(p->every_case, every));
        else
            strfmt(part, sizeof part, "no rule of its own");
        add(out, n, part);
    }
    return out;
}

const char *policy_retain_words(const Policy *p, RetainKind k, char *out, size_t n)
{
    const Retention *r = &p->retain[k];
    if (!r->set || r->never) return strfmt(out, n, "kept for ever");
    char period[24];
    if (r->period.unit == UNIT_MONTH && r->period.n % 12 == 0)
        strfmt(period, sizeof period, "%d year%s", (int)(r->period.n / 12), r->period.n == 12 ? "" : "s");
    else
        interval_words(r->period, period);
    const char *from = r->after == RETAIN_AFTER_LEAVING   ? "the supervisee leaves"
                       : r->after == RETAIN_AFTER_SIGNING ? "the record was last signed"
                                                          : "the case closes";
    return strfmt(out, n, "kept for %s after %s", period, from);
}
