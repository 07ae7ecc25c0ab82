/* plan.h: the plan of the demo council's supervision (demo_supervision.h).
 *
 * Who has an agreement and of what kind, who is in the sample, the days
 * and times of their sessions and what becomes of each record (signed,
 * waiting, disputed and escalated, still a draft), the bookings cancelled,
 * the informal discussions and group sessions: every step as an event with
 * a day and a time, in the order they happen. Drawn from the demo's seed
 * (demo/random.h) and the imported council (read through svc/council.h and
 * the due list); making the plan writes nothing. The playing (play.h) then
 * takes each step through the services and goes on drawing from where the
 * plan stopped. */
#ifndef OV_DEMO_PLAN_H
#define OV_DEMO_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/policy.h"
#include "core/util.h"
#include "demo/demo_supervision.h"
#include "demo/random.h"
#include "store/store.h"

#define PLAN_NO_DATE INT32_MIN

/* A member of staff, as the plan knows them. */
typedef struct {
    int64_t ref;
    const char *id; /* in the plan's arena */
    char role[65];
    int64_t sup_ref, lm_ref; /* supervisor and line manager as read (0 for none) */
    int32_t sup, lm;         /* the same as indexes into people, -1 for none */
    Date start, left;        /* left: PLAN_NO_DATE while in post */
    Fte fte;
    int32_t plan;         /* index into plans, or -1 */
    uint8_t place, slot;  /* where and when they usually meet: text_places, text_start_times */
    bool checklist_cases; /* holds open cases of a category with a checklist */
} PlanPerson;

/* What becomes of a record. */
enum { FATE_SIGNED, FATE_WAITING, FATE_DRAFT, FATE_RESOLVED, FATE_ESCALATED, FATE_DISPUTED };

/* One session of a person in the sample, past or booked ahead; its steps'
 * days (PLAN_NO_DATE when a step does not happen). */
typedef struct {
    Date date, booked, agenda, send, sign;
    Date dispute, escalate, respond, amend, sign2;
    Date prebook, cancel, rebook; /* an earlier booking cancelled; an upcoming one cancelled and rebooked */
    int start, booked_min;        /* minutes after midnight: the session, and when it was booked */
    uint8_t fate;
    bool upcoming, by_supervisee, confidential, worry_confidential, sample;
    /* Filled in while playing: what the services made, and the cases put on the agenda. */
    int64_t booking, prebooking, record, escalation;
    char cases[2][65];
    int ncases;
} PlanSession;

/* A person in the sample and their sessions, in date order. */
typedef struct {
    int32_t who;
    PlanSession *s;
    size_t n, cap;
    bool overdue; /* overdue for supervision on the demo's day */
    Date *busy;   /* days they were already supervised (imported), ascending */
    size_t nbusy;
} PersonPlan;

enum { AG_NONE, AG_WAITING, AG_IN_FORCE, AG_REVIEW_SOON, AG_REVIEW_DUE };

/* A supervisee's agreement: one version, or an earlier one replaced at its
 * review, each written by the supervisor and agreed by the supervisee. */
typedef struct {
    int32_t who;
    uint8_t kind;
    int nver;
    Date write[2], agree[2];
    int64_t ref[2]; /* filled in while playing: the versions written */
} PlanAgreement;

typedef struct {
    int32_t worker;
    bool by_worker; /* recorded by the worker, else by their supervisor */
    Date date;
} PlanInformal;

typedef struct {
    int32_t leader;
    Date date;
    int32_t att[8];
    int natt;
} PlanGroup;

/* The kinds of step. */
enum {
    EV_AG_WRITE,
    EV_AG_AGREE,
    EV_PREBOOK,
    EV_CANCEL,
    EV_BOOK,
    EV_AGENDA,
    EV_HOLD,
    EV_SEND,
    EV_SIGN,
    EV_DISPUTE,
    EV_ESCALATE,
    EV_RESPOND,
    EV_AMEND,
    EV_SIGN2,
    EV_CANCEL_UPCOMING,
    EV_INFORMAL,
    EV_GROUP,
};

/* One step: when (Unix time in local time, and the day), and what: for
 * agreements a is the index into ags and b the version; for sessions a is
 * the index into plans and b into its sessions; for informal discussions
 * and groups a is the index into inf or groups. */
typedef struct {
    int64_t at;
    Date day;
    uint32_t seq; /* the order planned, for steps at the same time */
    uint8_t kind;
    int32_t a, b;
} PlanEvent;

typedef struct {
    const Policy *pol;
    Date today;
    PlanPerson *people; /* everyone, in order of ref */
    int32_t npeople;
    int32_t worker, manager; /* the demo's worker and manager, or -1 */
    PersonPlan *plans;
    size_t nplans;
    PlanAgreement *ags;
    size_t nags;
    PlanInformal *inf;
    size_t ninf;
    PlanGroup *groups;
    size_t ngroups;
    PlanEvent *events; /* in time order */
    size_t nevents;
    Rng rng; /* where the plan's draws stopped: the playing goes on from here */
    Arena strings;
} DemoPlan;

/* Makes the plan for the council in st. Returns 0; 1 when the due list
 * could not be made (the message in err); 3 when the store failed. The plan
 * is to be freed with demo_plan_free whatever the answer. */
int demo_plan(Store *st, const Policy *pol, const DemoSupervisionParams *p, DemoPlan *out, char *err, size_t errlen);
void demo_plan_free(DemoPlan *d);

/* Whether the person holds cases (social workers, newly qualified and
 * senior practitioners, residential key workers). */
bool plan_practitioner(const PlanPerson *p);
/* Where the person's sessions are held. */
const char *plan_place(const PlanPerson *p);
/* The line manager of the person's supervisor, who takes an escalation, or
 * -1 when there is none in post. */
int32_t plan_escalation_to(const DemoPlan *d, const PersonPlan *pl);

#endif
