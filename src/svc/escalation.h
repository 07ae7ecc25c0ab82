/* svc/escalation.h: escalations.
 *
 * When a supervisee's disagreement with a record is not resolved, or a
 * worker is not receiving supervision, either of the two can escalate it:
 * first to the supervisor's line manager (level 1), then, if that does not
 * settle it, to the senior managers of the supervisee's service (level 2).
 * Each level has a date to respond by (the policy's escalation-response
 * time); the history of an escalation is only ever added to. */
#ifndef OV_SVC_ESCALATION_H
#define OV_SVC_ESCALATION_H

#include "svc/svc.h"
#include "core/util.h"

typedef struct {
    int64_t at;
    char by_id[65], by_name[256], kind[12];
    char *text;
} EscalationEvent;

typedef struct {
    int64_t ref, supervisee_ref, supervisor_ref, record_ref, raised_by_ref, raised_at, assignee_ref;
    char subject[16]; /* disagreement, no-supervision */
    char supervisee_id[65], supervisee_name[256];
    char assignee_id[65], assignee_name[256], service[101];
    int level;
    char respond_by[11], status[10];
    bool may_respond;  /* the viewer is the one it is with now */
    bool may_escalate; /* the viewer may take it to level 2 */
    EscalationEvent *events;
    size_t nevents;
} Escalation;

typedef struct {
    Escalation *items;
    size_t n, cap;
    Arena strings;
} EscalationList;

/* Raises an escalation. record_ref: a disputed record (subject
 * disagreement), or 0 for "not receiving supervision" about the viewer
 * themselves (subject no-supervision). Who: the record's supervisee or
 * supervisor; for no-supervision, the supervisee. *ref: the escalation. */
SvcResult escalation_raise(Store *st, const SvcActor *a, int64_t record_ref, const char *text, int64_t *ref,
                           SvcError *e);

/* The one it is with responds; resolved closes it. */
SvcResult escalation_respond(Store *st, const SvcActor *a, int64_t ref, const char *text, bool resolved, SvcError *e);

/* The supervisee (or who raised it) takes a level-1 escalation to level 2. */
SvcResult escalation_escalate(Store *st, const SvcActor *a, int64_t ref, const char *text, SvcError *e);

/* One escalation with its history, for a viewer who may see it: the two,
 * who raised it, who it is with, line managers above the supervisee, senior
 * managers of the service (level 2) and auditors. */
SvcResult escalation_get(Store *st, const Viewer *v, int64_t ref, EscalationList *out);

/* The escalations the viewer is part of or that are with them (auditors:
 * all), open first. */
SvcResult escalations_for(Store *st, const Viewer *v, EscalationList *out);

void escalation_list_free(EscalationList *l);

#endif
