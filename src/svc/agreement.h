/* agreement.h: supervision agreements.
 *
 * The supervisor writes the agreement with their supervisee: how often they
 * meet (never less often than the policy's rule for the person's role), for
 * how long, where, how records are kept, what supervision covers, what stays
 * confidential and how disagreements are handled. Writing it is the
 * supervisor's agreement; it is in force once the supervisee agrees too, and
 * falls due for review a policy-set time later (default a year). A new
 * supervisor means a new agreement: an agreement with someone else is not
 * in force. Earlier agreements are kept, superseded, never changed. */
#ifndef OV_SVC_AGREEMENT_H
#define OV_SVC_AGREEMENT_H

#include "svc/svc.h"
#include "core/util.h"

typedef struct {
    int64_t ref, supervisee_ref, supervisor_ref;
    char supervisor_id[65], supervisor_name[256];
    char every[16];
    int minutes;
    char *place, *record_keeping, *content, *confidentiality, *disagreements;
    int64_t written_at, supervisor_agreed_at, supervisee_agreed_at, superseded_at; /* 0 when not */
    char agreed_date[11];                                                          /* "" until both agreed */
    Arena strings;
} Agreement;

/* What the form sends; every field as typed. */
typedef struct {
    const char *every, *minutes, *place, *record_keeping, *content, *confidentiality, *disagreements;
} AgreementTerms;

/* The state of a person's agreement on a date. */
typedef enum {
    AGREEMENT_NONE,       /* none with their current supervisor */
    AGREEMENT_PROPOSED,   /* written, waiting for the supervisee */
    AGREEMENT_IN_FORCE,   /* agreed by both, review not yet due */
    AGREEMENT_REVIEW_DUE, /* agreed, and the review date has come */
} AgreementState;

/* The supervisor writes a new agreement (or a review of the one in force).
 * A proposal not yet agreed is superseded by the new one. */
SvcResult agreement_write(Store *st, const SvcActor *a, int64_t supervisee_ref, const AgreementTerms *t, int64_t *ref,
                          SvcError *e);

/* The same, naming the supervisee by their staff id. */
SvcResult agreement_write_id(Store *st, const SvcActor *a, const char *supervisee_id, const AgreementTerms *t,
                             int64_t *ref, SvcError *e);

/* The supervisee agrees the proposal; the earlier agreement is superseded.
 * A proposal superseded or agreed meanwhile (the supervisor wrote a new
 * one) is SVC_CONFLICT, and nothing changes. */
SvcResult agreement_agree(Store *st, const SvcActor *a, int64_t ref, SvcError *e);

/* The latest agreement of the person (proposed or in force), for a viewer
 * who may read the person's supervision. *found false when there is none. */
SvcResult agreement_current(Store *st, const Viewer *v, int64_t supervisee_ref, Agreement *out, bool *found);

/* The state on date today, the review date (when agreed) and whether the
 * agreement is with the person's current supervisor. */
AgreementState agreement_state(const Agreement *ag, bool found, int64_t current_supervisor, const Policy *pol,
                               Date today, Date *review);
const char *agreement_state_label(AgreementState s);

/* The terms a new agreement starts from: the one in force, else the
 * policy's for the person's role. Strings live in out->strings. */
SvcResult agreement_defaults(Store *st, const Policy *pol, Date today, int64_t supervisee_ref, Agreement *out);

void agreement_free(Agreement *ag);

/* A person's agreement as its page shows it, and what the viewer may do. */
typedef struct {
    int64_t ref; /* the person */
    char id[65], name[256];
    bool found; /* current holds their latest agreement */
    Agreement current;
    AgreementState state;
    Date review;        /* when agreed: the review date */
    bool may_agree;     /* the person, while the current one waits for them */
    bool may_write;     /* their supervisor: write or review it */
    Agreement defaults; /* when may_write: the terms the form starts from */
} AgreementView;
/* The person with staff id `id`, for a viewer who may read their
 * supervision; SVC_NOT_FOUND otherwise. */
SvcResult agreement_view(Store *st, const SvcActor *a, const char *id, AgreementView *out);
void agreement_view_free(AgreementView *v);

#endif
