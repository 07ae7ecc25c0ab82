/* view_case.h: one case, by id: its category, allocated worker, when it is
 * next due for discussion, the sessions it was discussed in, and the
 * decisions made about it in supervision; for whoever may read the case
 * (access_case). A case the viewer may not read is not found: whether a
 * child's case exists is itself private (access.h). See view.h. */
#ifndef OV_SVC_VIEW_CASE_H
#define OV_SVC_VIEW_CASE_H

#include "svc/record.h"
#include "svc/view.h"

typedef struct {
    int64_t ref;
    const char *id;
    const char *name;     /* the child's name or initials (cases.csv), "" when none */
    const char *category; /* the policy's category id */
    int64_t worker_ref;
    const char *worker_id, *worker_name;
    const char *allocated_date, *closed_date; /* YYYY-MM-DD; closed "" while open */
    const char *every;                        /* an interval set for this case, "" when the category's applies */
    /* The case's row of its worker's due list; NULL when it is not due
     * (closed, or not yet allocated on the as-of date). */
    const DueRow *due;
    History discussions;
    DueList worker_due; /* holds due */
    Arena strings;
} CaseView;

/* history: at most this many discussions. */
SvcResult view_case(Store *st, const SvcActor *a, const char *id, int history, CaseView *out);
void view_case_free(CaseView *v);

/* The decisions made about the case in supervision (its case notes,
 * newest first, at most limit), as case_notes_of gives them; free with
 * record_free. */
SvcResult view_case_decisions(Store *st, const SvcActor *a, const char *id, int limit, Record *out);

/* Each decision made about the case, as it stands now with what it was
 * before: a decision corrected in a later version of its record is one
 * decision, shown as corrected, and one withdrawn is shown as withdrawn,
 * not as standing. Newest first. */
typedef struct {
    const CaseNote *now;      /* the latest sent version's (withdrawn[0]: withdrawn there) */
    const CaseNote **earlier; /* as first made and as corrected before, newest first */
    size_t nearlier;
} CaseDecision;
typedef struct {
    CaseDecision *items;
    size_t n;
    Record notes; /* holds them */
} CaseDecisions;
SvcResult view_case_decision_history(Store *st, const SvcActor *a, int64_t case_ref, int limit, CaseDecisions *out);
void case_decisions_free(CaseDecisions *d);

#endif
