/* view_person.h: one person's supervision, by staff id: who they are, their
 * due list, their supervision records, cancelled sessions and sessions, for
 * whoever may read their supervision (access_person). See view.h. */
#ifndef OV_SVC_VIEW_PERSON_H
#define OV_SVC_VIEW_PERSON_H

#include "svc/view.h"

/* A supervision record of theirs, at its latest version. */
typedef struct {
    int64_t ref;
    const char *date;
    int version;
    const char *state; /* draft, sent, signed, disputed */
    const char *supervisor_id, *supervisor_name;
} PersonRecord;

/* A session booked in Oversight and cancelled: who cancelled it and why. */
typedef struct {
    int64_t booking_ref;
    const char *date, *by_name, *reason;
} PersonCancellation;

typedef struct {
    int64_t ref;
    const char *id, *name, *role; /* role: the policy's role id */
    const char *team;             /* "" when none, as below */
    const char *supervisor_id, *supervisor_name;
    const char *line_manager_id, *line_manager_name;
    const char *start_date, *left_date; /* YYYY-MM-DD */
    DueList due;           /* them, their cases, agreement reviews, records to sign, actions, escalations */
    PersonRecord *records; /* newest first */
    size_t nrecords;
    PersonCancellation *cancellations; /* newest first */
    size_t ncancellations;
    History sessions;
    Arena strings;
} PersonView;

/* history: at most this many records, cancellations and sessions each. */
SvcResult view_person(Store *st, const SvcActor *a, const char *id, int history, PersonView *out);
void view_person_free(PersonView *v);

#endif
