/* demo_supervision.h: the supervision of the demo council, written through
 * the supervision services after `oversight demo` has imported its staff,
 * cases and history.
 *
 * What it builds, for a council of any size (bounded so that a council of a
 * thousand staff takes seconds):
 *   - supervision agreements for most supervisees: agreed by both (some with
 *     an earlier agreement they replaced at review, some due for review
 *     within the month, a few past it), a few written and waiting for the
 *     supervisee, and a few people with none;
 *   - for a sample of supervisees (the demo worker, everyone the demo
 *     manager supervises, the manager, and others across the council, at
 *     most 80 people): the sessions of the last few months, each booked with
 *     an agenda (worries, topics, cases), held, and recorded in the policy's
 *     three areas, with case discussions (prompt sets answered, decisions and
 *     their reasons, family placement checklists, now and then a departure
 *     from procedure) and actions followed up at the next session;
 *   - the records in every state: most signed, some waiting to be signed
 *     (some of them past the policy's sign-within time), a few still being
 *     written, and disputes: one escalated to the supervisor's line manager,
 *     answered and followed by a new version both signed; one escalated and
 *     still unanswered past its respond-by date; one just disputed;
 *   - sessions booked for the coming weeks (the demo worker's with their
 *     supervisor among them), one booking cancelled with its reason and one
 *     cancelled and rebooked in the past;
 *   - items both sides marked confidential (a record's wellbeing item, an
 *     agenda worry);
 *   - incidents and allegations on family placement cases, one resolved at
 *     the next session and one still open;
 *   - informal case discussions and group sessions.
 *
 * Everything happens in the order it would have happened, each step through
 * the service a person would use, acting as that person on that day: the
 * services' own rules decide, and dates, times and inbox messages are those
 * of a history lived up to the demo's day. People whose supervision is
 * overdue in the imported history have records only from before it lapsed,
 * so the due lists keep their mix of overdue, due soon and within policy.
 *
 * Made in two steps: the plan (demo/plan.h: what happens, from the seed,
 * the day and the imported data), then its playing (demo/play.h: each step
 * through the services), with the words people write from demo/text.h and
 * chance from demo/random.h. Only the random ids the services give bookings
 * and sessions (and the case a supervisor draws at random) differ between
 * runs. */
#ifndef OV_DEMO_SUPERVISION_H
#define OV_DEMO_SUPERVISION_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/policy.h"
#include "store/store.h"

typedef struct {
    uint64_t seed;
    Date today;          /* the demo's day: everything happens before it */
    const char *worker;  /* the demo worker's staff id, or NULL */
    const char *manager; /* their team manager's staff id, or NULL */
} DemoSupervisionParams;

/* What was made, for the summary `oversight demo` prints. */
typedef struct {
    long agreements;             /* current agreements, of these: */
    long agreements_waiting;     /*   written, waiting for the supervisee */
    long agreements_review_soon; /*   agreed, review due within a month */
    long agreements_review_due;  /*   agreed, review date passed */
    long records;                /* records of held sessions, of these: */
    long signed_;                /*   signed by both */
    long waiting;                /*   sent, waiting to be signed */
    long waiting_overdue;        /*     of which past the policy's sign-within time */
    long disputed;               /*   disagreed with by the supervisee */
    long drafts;                 /*   still being written */
    long case_notes;             /* case discussions in records */
    long actions_open, actions_overdue, actions_done;
    long escalations, escalations_overdue;
    long booked;    /* sessions booked from the demo's day on */
    long cancelled; /* bookings cancelled */
    long informal, group;
    long concerns, concerns_open; /* incidents and allegations on family placement cases */
} DemoSupervisionSummary;

/* Writes the supervision described above into a store that holds the demo
 * council. Returns 0; 1 when a service refused a step (the message in err
 * names it); 3 when the store failed. */
int demo_supervision(Store *st, const Policy *pol, const DemoSupervisionParams *p, DemoSupervisionSummary *out,
                     char *err, size_t errlen);

#endif
