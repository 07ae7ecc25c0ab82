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

/* What a due date was computed from. */
typedef struct {
    bool has_last;
    Date last; /* the anchor session's date when has_last */
    Date due;
    DueStatus status;
    int32_t days_overdue;
    char rule[160]; /* which rule set the date, e.g. "role nqsw every 2w" */
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
} StaffFacts;

/* Whether the person is listed on date d (started, not yet left). */
bool staff_listed_on(const StaffFacts *s, Date d);
/* Fills out for a listed person. */
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

#endif
