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
    memset(out, 0, sizeof *out);
    out->has_last = s->has_last_individual;
    out->last = s->last_individual;
    Date anchor = s->has_last_individual ? s->last_individual : s->start;
    Interval every = policy_phase_on(s->role, s->start, anchor)->every;
    char base[16];
    interval_format(every, base);
    out->source = DUE_SOURCE_ROLE;
    strfmt(out->source_id, sizeof out->source_id, "%s", s->role->id);
    out->base = every;
    out->fte = FTE_FULL;
    if (p->pro_rata && s->fte < FTE_FULL) {
        Interval scaled = interval_pro_rata(every, s->fte);
        char fte[16], got[16];
        fte_format(s->fte, fte);
        interval_format(scaled, got);
        strfmt(out->rule, sizeof out->rule, "role %s every %s pro-rata %s = %s", s->role->id, base, fte, got);
        every = scaled;
        out->fte = s->fte;
    } else {
        strfmt(out->rule, sizeof out->rule, "role %s every %s", s->role->id, base);
    }
    out->every = every;
    out->due = interval_add(anchor, every);
    /* The agreement rules only when it asks for more than the policy. */
    if (s->has_agreement && interval_add(anchor, s->agreement_every) < out->due) {
        char agreed[16];
        interval_format(s->agreement_every, agreed);
        strfmt(out->rule, sizeof out->rule, "agreement every %s", agreed);
        out->source = DUE_SOURCE_AGREEMENT;
        out->source_id[0] = 0;
        out->every = s->agreement_every;
        out->fte = FTE_FULL;
        out->due = interval_add(anchor, s->agreement_every);
    }
    set_status(p, asof, out);
}

bool case_open_on(const CaseFacts *c, Date d) { return c->allocated <= d && !(c->has_closed && c->closed <= d); }

/* Keeps the earliest candidate due date; on a tie the rule offered first stays. */
static void offer(DueResult *out, bool *any, Date due, DueSource source, const char *kind, const char *what,
                  Interval iv)
{
    if (*any && due >= out->due) return;
    *any = true;
    out->due = due;
    out->source = source;
    strfmt(out->source_id, sizeof out->source_id, "%s", source == DUE_SOURCE_CATEGORY ? what : "");
    out->every = iv;
    char ivs[16];
    interval_format(iv, ivs);
    if (what)
        strfmt(out->rule, sizeof out->rule, "%s %s every %s", kind, what, ivs);
    else
        strfmt(out->rule, sizeof out->rule, "%s %s", kind, ivs);
}

void case_due(const Policy *p, const CaseFacts *c, Date asof, DueResult *out)
{
    memset(out, 0, sizeof *out);
    out->fte = FTE_FULL;
    out->has_last = c->has_last_discussed;
    out->last = c->last_discussed;
    Date anchor = c->has_last_discussed ? c->last_discussed : c->allocated;
    bool any = false;
    const Category *cat = c->category;
    if (cat->has_every)
        offer(out, &any, interval_add(anchor, cat->every), DUE_SOURCE_CATEGORY, "category", cat->id, cat->every);
    if (p->has_every_case)
        offer(out, &any, interval_add(anchor, p->every_case), DUE_SOURCE_EVERY_CASE, "every-case", NULL, p->every_case);
    if (c->has_every)
        offer(out, &any, interval_add(anchor, c->every), DUE_SOURCE_CASE_OVERRIDE, "case", "override", c->every);
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
            out->source = DUE_SOURCE_EVERY_SESSION;
            out->source_id[0] = 0;
            out->has_missed = true;
            out->missed = c->worker_last_individual;
        }
    }
    if (!any) {
        out->due = DATE_MAX;
        out->source = DUE_SOURCE_NONE;
        strfmt(out->rule, sizeof out->rule, "no rule applies");
    }
    set_status(p, asof, out);
}

void concern_due(const Policy *p, const ConcernFacts *c, Date asof, DueResult *out)
{
    memset(out, 0, sizeof *out);
    out->fte = FTE_FULL;
    out->source = DUE_SOURCE_CONCERN;
    const char *what = c->allegation ? "allegation" : "incident";
    strfmt(out->source_id, sizeof out->source_id, "%s", what);
    out->has_last = c->has_last_discussed;
    out->last = c->last_discussed;
    /* A session after the day it was raised that did not discuss the case
     * passed it by: a due date already missed, as for every-session. */
    if (c->has_worker_last_individual && c->worker_last_individual > c->raised &&
        !(c->has_last_discussed && c->last_discussed >= c->worker_last_individual)) {
        char d[11];
        date_format(c->worker_last_individual, d);
        out->due = c->worker_last_individual;
        out->has_missed = true;
        out->missed = c->worker_last_individual;
        strfmt(out->rule, sizeof out->rule, "open %s (missed on %s)", what, d);
    } else {
        /* The next session: the one booked, or at the latest when the
         * worker's supervision is due. */
        out->due = c->has_next_booked && c->next_booked < c->worker_due ? c->next_booked : c->worker_due;
        strfmt(out->rule, sizeof out->rule, "open %s", what);
    }
    set_status(p, asof, out);
}

void checklist_due(const Policy *p, const ChecklistFacts *c, Date asof, DueResult *out)
{
    memset(out, 0, sizeof *out);
    out->fte = FTE_FULL;
    const Category *cat = c->category;
    out->source = DUE_SOURCE_CHECKLIST;
    strfmt(out->source_id, sizeof out->source_id, "%s", cat->id);
    out->every = cat->checklist_every;
    /* The topic covered least recently sets the date. */
    size_t oldest = 0;
    Date anchor = DATE_MAX;
    for (size_t i = 0; i < cat->nchecklist; i++) {
        Date from = c->has_covered[i] && c->covered[i] > c->since ? c->covered[i] : c->since;
        if (from < anchor) anchor = from, oldest = i;
    }
    out->has_last = c->has_covered[oldest];
    out->last = c->covered[oldest];
    out->due = interval_add(anchor, cat->checklist_every);
    char iv[16];
    interval_format(cat->checklist_every, iv);
    strfmt(out->rule, sizeof out->rule, "category %s checklist %s every %s", cat->id, cat->checklist[oldest].id, iv);
    set_status(p, asof, out);
}
