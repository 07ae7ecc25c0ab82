/* view.h: what the view services (view_*.h) share.
 *
 * A view service answers one thing a person can look at (their own
 * supervision, their team, a team, the services, a service, a person, a
 * case): it decides whether the viewer may see it (access.h) and returns
 * the data as structs with named fields, whose strings live in the
 * result's arena until its one free function. The pages, the JSON API and
 * anything later that shows the same thing call the same view, so they
 * cannot disagree about who may see what or what it holds.
 *
 * Results: SVC_OK; SVC_REFUSED when the viewer may not see it;
 * SVC_NOT_FOUND when there is no such thing (or, for a case, when the
 * viewer may not know it exists); SVC_FAILED when the store failed (see
 * store_error) or the data does not fit the policy (logged). */
#ifndef OV_SVC_VIEW_H
#define OV_SVC_VIEW_H

#include "svc/due.h"
#include "svc/svc.h"

/* A session a person attended, or one in which a case was discussed. */
typedef struct {
    const char *session; /* the session's id */
    const char *date;    /* YYYY-MM-DD */
    const char *type;    /* individual, group, informal */
    const char *status;  /* held, cancelled, ... */
    const char *supervisor_id, *supervisor_name;
    int64_t record_ref; /* the record written of it in Oversight, 0 when none */
} HistoryEntry;

/* Sessions, newest first; at most limit of them (the view's caller says
 * how many it shows). */
typedef struct {
    HistoryEntry *entries;
    size_t n;
    int limit;
} History;

/* The due list under f, as a view's answer: SVC_OK, or SVC_FAILED when the
 * store fails or the data does not fit the policy (then logged). Callers
 * have decided that the viewer may see it. */
SvcResult view_due(Store *st, const SvcActor *a, const DueFilter *f, DueList *out);

/* For the view services only (they decide access first): a person's
 * sessions (staff ref) and a case's discussions (case ref), at most limit
 * (none when limit is 0), strings in arena. SVC_OK or SVC_FAILED. Free the
 * entries with view_history_free. */
SvcResult view_person_sessions(Store *st, int64_t staff_ref, int limit, Arena *arena, History *out);
SvcResult view_case_discussions(Store *st, int64_t case_ref, int limit, Arena *arena, History *out);
void view_history_free(History *h);

#endif
