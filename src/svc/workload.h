/* svc/workload.h: caseloads against the policy's thresholds, and a worker
 * saying their workload is unmanageable (seeds 002, lessons 6 and 8: "be
 * honest about your workload ... escalate the situation to their manager
 * and then their manager").
 *
 * A workload concern goes to the worker's supervisor (their inbox). If it is
 * not answered within the policy's workload-response time it goes up the
 * line by itself, as an escalation does: to the supervisor's line manager,
 * then, after the same time again, to the senior managers of the worker's
 * service. The level is worked out from the date it was raised and today,
 * so nothing needs to run for it to move. Write rules: only the worker
 * raises their own; only the one it is with responds (the supervisor, or,
 * once it has gone up, whoever it went up to; someone it passed still may),
 * once, which closes it. */
#ifndef OV_SVC_WORKLOAD_H
#define OV_SVC_WORKLOAD_H

#include "svc/svc.h"

/* ---- caseloads ---- */

typedef enum { CASELOAD_NOT_JUDGED, CASELOAD_WITHIN, CASELOAD_WATCH, CASELOAD_OVER } CaseloadLevel;

/* Where cases open cases stand against role's thresholds (pure): at or above
 * watch it is watched, above max it is over; a role without thresholds (or
 * not in the policy) is not judged. *watch and *max are set (0 when none). */
CaseloadLevel caseload_level(const Policy *pol, const char *role, int cases, int *watch, int *max);
/* "Within", "Watch", "Over the maximum", "No threshold". */
const char *caseload_level_words(CaseloadLevel l);

typedef struct {
    const char *id, *name, *role, *team;
    int cases, watch, max;
    CaseloadLevel level;
} CaseloadRow;

typedef struct {
    CaseloadRow *rows;
    size_t n, cap;
    int watched, over; /* how many rows are at CASELOAD_WATCH, CASELOAD_OVER */
    Arena strings;
} CaseloadList;

/* The caseloads of a team's staff in post (access_team), of a service's
 * (access_service), and the viewer's own. */
SvcResult caseload_team(Store *st, const SvcActor *a, const char *team, CaseloadList *out);
SvcResult caseload_service(Store *st, const SvcActor *a, const char *service, CaseloadList *out);
SvcResult caseload_mine(Store *st, const SvcActor *a, CaseloadList *out);
void caseload_list_free(CaseloadList *l);

/* ---- workload concerns ---- */

#define WORKLOAD_LEVELS 3 /* 0 the supervisor, 1 their line manager, 2 the service's senior managers */

typedef struct {
    int64_t ref, staff_ref, supervisor_ref, line_manager_ref, raised_at, responded_at;
    const char *staff_id, *staff_name, *supervisor_name, *line_manager_name, *service;
    const char *raised_date, *text, *status, *response, *responded_by;
    int level;           /* as of today; an answered one keeps the level it was answered at */
    char respond_by[11]; /* when it goes up next (or went: the last level's), "" once answered */
    bool open;
    bool may_respond; /* the viewer may answer it now */
} Workload;

typedef struct {
    Workload *items;
    size_t n, cap;
    Arena strings;
} WorkloadList;

/* The worker (the viewer) raises one: text says what makes it unmanageable. */
SvcResult workload_raise(Store *st, const SvcActor *a, const char *text, int64_t *ref, SvcError *e);
/* The one it is with answers what will change; that closes it. */
SvcResult workload_respond(Store *st, const SvcActor *a, int64_t ref, const char *text, SvcError *e);
/* One concern, for the worker, those it went to or passed, the senior
 * managers of the service and auditors; else SVC_NOT_FOUND. */
SvcResult workload_get(Store *st, const SvcActor *a, int64_t ref, WorkloadList *out);
/* The viewer's own, newest first. */
SvcResult workload_mine(Store *st, const SvcActor *a, WorkloadList *out);
/* The open ones the viewer may answer now, oldest first. */
SvcResult workload_with_me(Store *st, const SvcActor *a, WorkloadList *out);

typedef struct {
    int open, gone_up, answered; /* open; open and past the supervisor's time; answered in the last 12 months */
} WorkloadFigures;
/* A service's figures (access_service). */
SvcResult workload_service(Store *st, const SvcActor *a, const char *service, WorkloadFigures *out);

void workload_list_free(WorkloadList *l);

#endif
