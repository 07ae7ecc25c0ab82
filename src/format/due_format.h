/* due_format.h: the due list as data (one row per person, case or piece of
 * supervision that falls due), and its forms: the contract's CSV and JSON,
 * and a table for people. Pure: the list is computed by svc/due.h. */
#ifndef OV_DUE_FORMAT_H
#define OV_DUE_FORMAT_H

#include <stdio.h>

#include "core/rules.h"
#include "core/util.h"
#include "format/json.h"

/* In sort order of their names. staff and case are the contract's rows;
 * the others come from supervision itself: an agreement due for review, a
 * session held whose record is not yet sent (record), a record sent and not
 * yet signed (sign-off), an open action, an open escalation, a person whose
 * supervision counts from a session entered after its date (late-entry);
 * and, for a worker's cases, a case whose discussion counts from a session
 * entered after its date (case-late-entry), an open incident or allegation
 * (concern) and the checklist topics of a family placement (checklist). Each belongs to
 * a supervisee and is listed when the supervisee is. */
typedef enum {
    DUE_KIND_ACTION,
    DUE_KIND_AGREEMENT,
    DUE_KIND_CASE,
    DUE_KIND_CASE_LATE_ENTRY,
    DUE_KIND_CHECKLIST,
    DUE_KIND_CONCERN,
    DUE_KIND_ESCALATION,
    DUE_KIND_LATE_ENTRY,
    DUE_KIND_RECORD,
    DUE_KIND_SIGN_OFF,
    DUE_KIND_STAFF,
} DueKind;

const char *due_kind_name(DueKind k);

typedef struct {
    DueKind kind;
    const char *id;
    const char *name;         /* staff and the supervision kinds: the person's name; case: the
                                 child's name or initials, "" when none */
    const char *owner;        /* staff: supervisor id ("" if none); case, concern, checklist: worker
                                 id; agreement, record, late-entry: the supervisor; sign-off: the
                                 supervisee; action: who does it; escalation: who it is with ("" for
                                 a service's senior managers) */
    const char *owner_name;   /* their name, "" if none */
    const char *team;         /* the person's or the worker's team, "" if none */
    const char *source_label; /* the policy's label of r.source_id's role or category, "" if none */
    bool has_unsent;          /* staff: a session held on unsent whose record is not sent yet */
    Date unsent;
    DueResult r;
} DueRow;

typedef struct {
    DueRow *rows;
    size_t n, cap;
    Arena strings;
} DueList;

/* Frees the rows and their strings (l itself is the caller's). */
void due_list_free(DueList *l);

/* Writers for the machine formats of the contract, and a table for people. */
void due_write_csv(FILE *out, const DueList *l);
void due_write_json(FILE *out, const DueList *l);
/* One row as a JSON object value, as due_write_json writes it; with_names
 * adds name, owner_name and team (the API's form). */
void due_row_json(JsonWriter *w, const DueRow *row, bool with_names);
void due_write_table(FILE *out, const DueList *l, Date asof);

#endif
