/* concern.h: incidents and allegations on family placement cases.
 *
 * The guidance for foster carers and adopters asks that incidents and
 * allegations are followed up at each supervision until they are resolved.
 * A concern is raised on a case with a date and what happened; it stays open,
 * shown on the case and proposed on the worker's agendas, until someone who
 * may raise it records how it was resolved. Nothing is deleted. Who: the
 * case's allocated worker and their supervisor. */
#ifndef OV_SVC_CONCERN_H
#define OV_SVC_CONCERN_H

#include "svc/svc.h"
#include "core/util.h"

typedef struct {
    int64_t ref;
    char case_id[65], kind[12], raised_date[11], resolved_date[11];
    char raised_by[256];
    char *text, *resolution;
} Concern;

typedef struct {
    Concern *items;
    size_t n, cap;
    Arena strings;
    bool may_write; /* concerns_of_case: the viewer may raise and resolve concerns on the case */
} ConcernList;

/* Raises a concern (kind "incident" or "allegation") on a case. */
SvcResult concern_raise(Store *st, const SvcActor *a, const char *case_id, const char *kind, const char *date,
                        const char *text, SvcError *e);

/* Records how an open concern was resolved, on date. */
SvcResult concern_resolve(Store *st, const SvcActor *a, int64_t ref, const char *date, const char *resolution,
                          SvcError *e);

/* A case's concerns, open first, for a viewer who may read the case. */
SvcResult concerns_of_case(Store *st, const Viewer *v, int64_t case_ref, ConcernList *out);

/* The open concerns on a worker's cases, for a viewer who may read the
 * worker's supervision (the agenda's proposals). */
SvcResult concerns_open_of_worker(Store *st, const Viewer *v, int64_t worker_ref, ConcernList *out);

void concern_list_free(ConcernList *l);

/* The id of the case a concern is on, for a viewer who may read the case
 * (a form's way back to it). */
SvcResult concern_case_id(Store *st, const Viewer *v, int64_t ref, char case_id[65]);

#endif
