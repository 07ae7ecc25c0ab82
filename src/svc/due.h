/* due.h: the due list: who is due for supervision and which cases are due
 * for discussion, on a date, for the whole organisation or part of it.
 *
 * This is the service behind `oversight due`, the web pages and the API. It
 * asks the store for the facts (one row per person and per open case, with
 * the anchor sessions already found) and applies rules.h to each. */
#ifndef OV_DUE_H
#define OV_DUE_H

#include "core/policy.h"
#include "store/store.h"
#include "format/due_format.h"

/* Which rows to list. NULL strings mean "any". */
typedef struct {
    Date asof;
    const char *team;       /* staff in this team and their cases */
    const char *supervisor; /* this person's supervisees and their cases */
    const char *worker;     /* this person and their cases */
    const char *manager;    /* this person's supervisees and team (not themselves), and their cases */
    const char *service;    /* staff in the teams of this service, and their cases */
    bool has_status;
    DueStatus status;
} DueFilter;

/* Computes the list, sorted most overdue first, then by due date, kind and
 * id. Returns 0; 1 when the data does not fit the policy (a role or case
 * category it does not define: message in err); 3 when the store fails. */
/* Whether the team, supervisor and worker the filter names exist: 0 yes;
 * 1 when one names nobody (what to do in err); 3 when the store fails. */
int due_check_filter(Store *st, const DueFilter *f, char *err, size_t errlen);

int due_compute(Store *st, const Policy *pol, const DueFilter *f, DueList *out, char *err, size_t errlen);

#endif
