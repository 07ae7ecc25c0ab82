/* rules.c: the due-date rules of the contract, as pure functions.
 *
 * Each function takes the facts the store gathered for one person or one case
 * and the as-of date, and says when the next supervision or discussion is due
 * and which rule said so. Nothing here reads a clock or a database, so every
 * edge of the rules is tested by table (tests/unit/test_rules.c). */
#include "core/rules.h"

#include "core/util.h"

#include <stdio.h>
#include <string.h>

static const char *const status_names[] = {
    [STATUS_OK] = "ok",
    [STATUS_DUE_SOON] = "due-soon",
    [STATUS_OVERDUE] = "overdue",
};

const char *due_status_name(DueStatus s) { return status_names[s]; }

bool due_status_parse(const char *s, DueStatus *out)
{
    for (size_t i = 0; i < sizeof status_names / sizeof *status_names; i++)
        if (strcmp(s, status_names[i]) == 0) {
            *out = (DueStatus)i;
            return true;
        }
    return false;
}

static void set_status(const Policy *p, Date asof, DueResult *out)
{
    if (asof > out->due) {
        out->status = STATUS_OVERDUE;
        out->days_overdue = asof - out->due;
    } else {
        out->status = out->due - asof <= p->due_soon_days ? STATUS_DUE_SOON : STATUS_OK;
        out->days_overdue = 0;
    }
}

bool staff_listed_on(const StaffFacts *s, Date d) { return s->start <= d && !(s->has_left && s->left < d); }

void staff_due(const Policy *p, const StaffFacts *s, Date asof, DueResult *out)
{
    out->has_last = s->has_last_individual;
    out->last = s->last_individual;
    Date anchor = s->has_last_individual ? s->last_individual : s->start;
    Interval every = policy_phase_on(s->role, s->start, anchor)->every;
    char base[16];
    interval_format(every, base);
    if (p->pro_rata && s->fte < FTE_FULL) {
        Interval scaled = interval_pro_rata(every, s->fte);
        char fte[16], got[16];
        fte_format(s->fte, fte);
        interval_format(scaled, got);
        strfmt(out->rule, sizeof out->rule, "role %s every %s pro-rata %s = %s", s->role->id, base, fte, got);
        every = scaled;
    } else {
        strfmt(out->rule, sizeof out->rule, "role %s every %s", s->role->id, base);
    }
    out->due = interval_add(anchor, every);
    set_status(p, asof, out);
}

bool case_open_on(const CaseFacts *c, Date d) { return c->allocated <= d && !(c->has_closed && c->closed <= d); }

/* Keeps the earliest candidate due date; on a tie the rule offered first stays. */
static void offer(DueResult *out, bool *any, Date due, const char *kind, const char *what, Interval iv)
{
    if (*any && due >= out->due) return;
    *any = true;
    out->due = due;
    char ivs[16];
    interval_format(iv, ivs);
    if (what)
        strfmt(out->rule, sizeof out->rule, "%s %s every %s", kind, what, ivs);
    else
        strfmt(out->rule, sizeof out->rule, "%s %s", kind, ivs);
}

void case_due(const Policy *p, const CaseFacts *c, Date asof, DueResult *out)
{
    out->has_last = c->has_last_discussed;
    out->last = c->last_discussed;
    Date anchor = c->has_last_discussed ? c->last_discussed : c->allocated;
    bool any = false;
    const Category *cat = c->category;
    if (cat->has_every) offer(out, &any, interval_add(anchor, cat->every), "category", cat->id, cat->every);
    if (p->has_every_case) offer(out, &any, interval_add(anchor, p->every_case), "every-case", NULL, p->every_case);
    if (c->has_every) offer(out, &any, interval_add(anchor, c->every), "case", "override", c->every);
    /* Residential homes: the case must come up at every individual session of
     * its worker since allocation; a session that passed it by is a due date
     * already missed. */
    if (cat->every_session && c->has_worker_last_individual && c->worker_last_individual >= c->allocated &&
        !(c->has_last_discussed && c->last_discussed >= c->worker_last_individual)) {
        if (!any || c->worker_last_individual < out->due) {
            any = true;
            out->due = c->worker_last_individual;
            char d[11];
            date_format(c->worker_last_individual, d);
            strfmt(out->rule, sizeof out->rule, "every-session (missed on %s)", d);
        }
    }
    if (!any) {
        out->due = DATE_MAX;
        strfmt(out->rule, sizeof out->rule, "no rule applies");
    }
    set_status(p, asof, out);
}
