/* rules.h: when supervision and case discussions fall due.
 *
 * Pure functions implementing ../contract "When staff supervision is due" and
 * "When a case discussion is due": policy + one person's or one case's history
 * + the as-of date in, one due row out. No I/O, no clock. */
#ifndef OV_RULES_H
#define OV_RULES_H

#include <stdbool.h>

#include "core/date.h"
#include "core/policy.h"

typedef enum { STATUS_OK, STATUS_DUE_SOON, STATUS_OVERDUE } DueStatus;

const char *due_status_name(DueStatus s); /* "ok", "due-soon", "overdue" */
bool due_status_parse(const char *s, DueStatus *out);

/* Which rule set a due date, for saying so in words (rule holds the machine
 * text). */
typedef enum {
    DUE_SOURCE_OTHER,         /* rule says it all (the supervision kinds) */
    DUE_SOURCE_ROLE,          /* source_id: the role; every, and base and fte when pro rata */
    DUE_SOURCE_AGREEMENT,     /* the agreement in force: every */
    DUE_SOURCE_CATEGORY,      /* source_id: the case category; every */
    DUE_SOURCE_EVERY_CASE,    /* the policy's every-case maximum: every */
    DUE_SOURCE_CASE_OVERRIDE, /* the case's own frequency: every */
    DUE_SOURCE_EVERY_SESSION, /* at each individual session of the worker (missed when has_missed) */
    DUE_SOURCE_CONCERN,       /* an open incident or allegation (source_id "incident" or "allegation") */
    DUE_SOURCE_CHECKLIST,     /* source_id: the case category; every: each checklist topic */
    DUE_SOURCE_NONE,          /* no rule applies */
} DueSource;

/* What a due date was computed from. */
typedef struct {
    bool has_last;
    Date last; /* the anchor session's date when has_last */
    Date due;
    DueStatus status;
    int32_t days_overdue;
    char rule[160]; /* which rule set the date, e.g. "role nqsw every 2w" */
    DueSource source;
    char source_id[48];
    Interval every; /* the interval applied (after pro rata) */
    Interval base;  /* the role's interval before pro rata, when fte < FTE_FULL */
    Fte fte;        /* FTE_FULL unless the interval was scaled */
    bool has_missed;
    Date missed; /* every-session and concern: the session that passed the case by */
} DueResult;

/* The facts about one staff member that the rule needs. */
typedef struct {
    const Role *role;
    Date start;
    Fte fte;
    bool has_left;
    Date left;
    bool has_last_individual; /* most recent held individual session on or before the as-of date */
    Date last_individual;
    bool has_agreement; /* an agreement in force with the current supervisor */
    Interval agreement_every;
} StaffFacts;

/* Whether the person is listed on date d (started, not yet left). */
bool staff_listed_on(const StaffFacts *s, Date d);
/* Fills out for a listed person. An agreement in force whose frequency
 * falls due sooner than the role's interval (after pro rata) replaces it. */
void staff_due(const Policy *p, const StaffFacts *s, Date asof, DueResult *out);

typedef struct {
    const Category *category;
    Date allocated;
    bool has_closed;
    Date closed;
    bool has_every; /* the case's own stricter frequency */
    Interval every;
    bool has_last_discussed; /* most recent held session, any type, on or before as-of, discussing it */
    Date last_discussed;
    bool has_worker_last_individual; /* worker's most recent held individual session on or before as-of */
    Date worker_last_individual;
} CaseFacts;

bool case_open_on(const CaseFacts *c, Date d);
/* Fills out for an open case. */
void case_due(const Policy *p, const CaseFacts *c, Date asof, DueResult *out);

/* An open incident or allegation on a case (the earliest still open): the
 * case is due at its worker's next individual session and at every one
 * after the day it was raised until it is resolved. */
typedef struct {
    bool allegation; /* else an incident */
    Date raised;
    bool has_last_discussed; /* as in CaseFacts */
    Date last_discussed;
    bool has_worker_last_individual;
    Date worker_last_individual;
    bool has_next_booked; /* the worker's next session booked on or after the as-of date */
    Date next_booked;
    Date worker_due; /* the worker's own due date (staff_due) */
} ConcernFacts;

void concern_due(const Policy *p, const ConcernFacts *c, Date asof, DueResult *out);

/* A case's checklist topics (Category.checklist), each covered at least
 * every cat->checklist_every: covered[i] is when topic i was last covered
 * (has_covered[i] false: never), counting from since otherwise. */
typedef struct {
    const Category *category; /* has_checklist_every and nchecklist > 0 */
    Date since;
    const bool *has_covered;
    const Date *covered;
} ChecklistFacts;

void checklist_due(const Policy *p, const ChecklistFacts *c, Date asof, DueResult *out);

#endif
