/* due.h: the due list: who is due for supervision and which cases are due
 * for discussion, on a date, for the whole organisation or part of it.
 *
 * This is the service behind `oversight due`, the web pages and the API. It
 * asks the store for the facts (one row per person and per open case, with
 * the anchor sessions already found) and applies rules.h to each. */
#ifndef OV_DUE_H
#define OV_DUE_H

#include <stdio.h>

#include "policy.h"
#include "rules.h"
#include "store.h"
#include "util.h"

/* In sort order of their names. staff and case are the contract's rows;
 * the others come from supervision itself: an agreement due for review, a
 * record sent and not yet signed (sign-off), an open action, an open
 * escalation. Each of those belongs to a supervisee and is listed when the
 * supervisee is. */
typedef enum {
    DUE_KIND_ACTION,
    DUE_KIND_AGREEMENT,
    DUE_KIND_CASE,
    DUE_KIND_ESCALATION,
    DUE_KIND_SIGN_OFF,
    DUE_KIND_STAFF,
} DueKind;

const char *due_kind_name(DueKind k);

typedef struct {
    DueKind kind;
    const char *id;
    const char *name;       /* staff and the supervision kinds: the person's name; case: "" */
    const char *owner;      /* staff: supervisor id ("" if none); case: worker id; agreement: the
                               supervisor; sign-off: the supervisee; action: who does it;
                               escalation: who it is with ("" for a service's senior managers) */
    const char *owner_name; /* their name, "" if none */
    const char *team;       /* the person's or the worker's team, "" if none */
    DueResult r;
} DueRow;

typedef struct {
    DueRow *rows;
    size_t n, cap;
    Arena strings;
} DueList;

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
int due_compute(Store *st, const Policy *pol, const DueFilter *f, DueList *out, char *err, size_t errlen);
void due_list_free(DueList *l);

/* Writers for the machine formats of the contract, and a table for people. */
void due_write_csv(FILE *out, const DueList *l);
void due_write_json(FILE *out, const DueList *l);
/* One row as a JSON object, as due_write_json writes it; with_names adds
 * name, owner_name and team (the API's form). */
void due_row_json(Buf *b, const DueRow *row, bool with_names);
void due_write_table(FILE *out, const DueList *l, Date asof);

#endif
