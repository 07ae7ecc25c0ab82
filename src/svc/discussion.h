/* svc/discussion.h: case discussions outside individual supervision.
 *
 * An informal discussion (a worker and their supervisor talking a case
 * through between sessions) and a group session (a supervisor with several
 * workers and their cases) both count as case discussions for the due
 * rules, and their decisions go onto each child's record; neither counts as
 * individual supervision (contract: "When staff supervision is due"). */
#ifndef OV_SVC_DISCUSSION_H
#define OV_SVC_DISCUSSION_H

#include "svc/svc.h"

/* Records an informal discussion of a case on date. Who: the case's
 * allocated worker (with their supervisor) or the worker's supervisor. */
SvcResult discussion_informal(Store *st, const SvcActor *a, const char *case_id, const char *date, const char *decision,
                              const char *rationale, SvcError *e);

typedef struct {
    const char *case_id, *decision;
} GroupCase;

/* The viewer records a group session they led on date, with the attendees
 * (staff ids) and a decision for each case discussed (each case must be held
 * by one of the attendees). */
SvcResult group_session(Store *st, const SvcActor *a, const char *date, const char *const *attendees, size_t nattendees,
                        const GroupCase *cases, size_t ncases, SvcError *e);

#endif
