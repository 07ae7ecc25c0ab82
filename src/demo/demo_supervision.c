/* demo_supervision.c: the demo council's supervision (demo_supervision.h).
 *
 * Two halves. The plan: who gets an agreement and of what kind, who is in
 * the sample, the dates of their sessions, and what becomes of each record,
 * all drawn from our own generator seeded by the demo's seed, reading the
 * imported data (people, the dates they were already supervised, their
 * cases, the due list) but writing nothing. Then the history: every step of
 * the plan is an event with a time; the events are played in time order,
 * each through the service the person would use, as that person on that day
 * (SvcActor.today is the event's date, SvcActor.now its time). A step the
 * services refuse stops the demo with the service's message: the plan is
 * meant to be always within the rules. */
#include "demo/demo_supervision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svc/access.h"
#include "svc/due.h"
#include "svc/agreement.h"
#include "svc/booking.h"
#include "svc/concern.h"
#include "svc/discussion.h"
#include "svc/escalation.h"
#include "svc/inbox.h"
#include "svc/record.h"
#include "core/util.h"
#include "demo/random.h"

#define NO_DATE INT32_MIN
#define MAX_SAMPLE 80       /* people with records: a few hundred records at most */
#define MAX_AGREEMENTS 2000 /* people with agreements: a national council gets a sample */
#define WINDOW_DAYS 105     /* the months of records before the demo's day */
#define MAX_SESSIONS 6      /* past sessions per person in the window */

#define NITEMS(t) (sizeof(t) / sizeof *(t))
#define PICK(r, t) ((t)[rng_below((r), (uint32_t)NITEMS(t))])

/* ---------------------------------------------------------------- what people write */

/* British English, no real names: children are their case ids. '#' in a
 * sentence is replaced (a number of cases, or a case id). */

static const char *const places[] = {
    "Meeting room 2, Civic Centre",
    "The small interview room at the team base",
    "A quiet room at the team base, booked in advance",
    "The manager's office, with the door closed",
    "Room 4, Children's Services, Town Hall",
};
static const char home_place[] = "The office at the home, with the phone diverted";

static const char *const start_times[] = {"09:30", "10:00", "11:00", "13:30", "14:00", "15:00"};

static const char *const workload_worker[] = {
    "Two court reports are due this month; we agreed which visits can move to make room for them.",
    "The caseload feels manageable at the moment. Recording is up to date apart from two visit notes.",
    "Three cases are in pre-proceedings. Asked for no new allocations for two weeks, and we agreed.",
    "The duty week took more time than planned and two statutory visits slipped by a few days; both are now "
    "booked.",
    "The workload is heavy but steady; the case allocated last week needs an early visit.",
    "A sibling group takes most of the time. Agreed a co-worker for the sibling group's visits.",
    "Two transfers to the children in care team are waiting for the transfer meeting.",
    "Travel to the out-of-area placement takes a full day each month; we looked at whether a local worker could "
    "visit in between.",
};
static const char *const workload_other[] = {
    "The team is carrying two vacancies; agency cover starts next month.",
    "Allocation meetings are taking longer than they should; agreed to trial a shorter format.",
    "Audits for the quarter are done; three actions for the team to follow up.",
    "Minute-taking for conferences has doubled since the new rota; agreed to raise it at the business support "
    "meeting.",
    "Two new starters to induct this month, alongside the usual workload.",
};
static const char *const wellbeing[] = {
    "Feeling settled in the team and finds the Tuesday peer group helpful.",
    "Tired after a difficult week with an emergency placement. Took time back on Friday, as agreed.",
    "Feeling stretched but supported. Reminded of the employee assistance programme.",
    "A distressing home visit last week; we talked it through and agreed a debrief with the senior practitioner.",
    "Things at home are difficult at the moment; we discussed flexible working for the next month.",
    "A good few weeks. Pleased with how the family group conference went.",
    "Struggling with the volume of emails while on duty; agreed to block out two hours a week for recording.",
};
static const char *const leave[] = {
    "Annual leave booked for the last two weeks of August; cover arranged with a colleague.",
    "No sickness since the last session. Twelve days of leave left this year.",
    "One day's sickness last month; no further support needed.",
    "Planning a week's leave at half term; visits will be covered by the duty worker.",
    "Time off in lieu from the court hearing to be taken next week.",
};
static const char *const events[] = {
    "A complaint from a parent about the timing of a visit; answered within the timescale, not upheld.",
    "The team moved to the new office; desk booking is still settling in.",
    "A new service manager started and came to the team meeting.",
    "A child on the caseload went missing overnight and was found the next morning; the return interview is done.",
    "Inspection preparation: two of these cases were audited, with good feedback on the recording.",
    "No significant events since the last session.",
};
static const char *const needs[] = {
    "Wants to develop skills in direct work with teenagers.",
    "Would like more experience of writing court statements, with a chance to shadow a colleague first.",
    "Interested in the practice educator course next year.",
    "Wants to feel more confident chairing meetings with families and professionals.",
    "Asked for help with analysis in assessments: moving from what happened to what it means for the child.",
};
static const char *const training[] = {
    "Completed the online safeguarding refresher. Booked on court skills training next month.",
    "Attended the neglect toolkit workshop and will share the learning at the team meeting.",
    "Booked on the trauma-informed practice course.",
    "Domestic abuse risk assessment training completed.",
    "No training this month; the next is the restorative practice day.",
};
static const char *const first_year[] = {
    "On track with the first-year programme: two direct observations done, the third planned for next month.",
    "Protected caseload kept and the reflective log is up to date. Next programme review in six weeks.",
    "Working towards the assessed practice portfolio; agreed which case to use for the next observation.",
};
static const char *const registration[] = {
    "Recorded a reflection on the family group conference towards continuing registration.",
    "Two pieces of learning logged this quarter; a third planned after the court skills training.",
    "Registration renewal is due later this year; the evidence is in place.",
};
static const char *const notes[] = {
    "Next session: the transfer of two cases to the children in care team.",
    "Agreed to look at the team's duty rota at the next team meeting.",
    "Both happy with how supervision is going; same day and time next month.",
};

/* Decisions and their reasons, by case category ("" for any). */
static const struct {
    const char *category, *decision, *rationale;
} decisions[] = {
    {"child-protection", "Continue with the child protection plan; visits to stay fortnightly.",
     "The core group reports steady progress, but the risks identified at conference are not yet reduced."},
    {"child-protection", "Ask for a review child protection conference before its due date.",
     "The father has returned to the home, which changes the risks set out at the last conference."},
    {"child-protection", "Recommend stepping down to a child in need plan at the next review conference.",
     "Three months without incident, good school attendance, and both parents engaging with the parenting "
     "programme."},
    {"child-protection", "Seek legal advice about entering pre-proceedings.",
     "Little has changed after six months on a plan, and the concerns about neglect persist."},
    {"child-protection", "Increase visits to weekly, at least one of them unannounced.",
     "The health visitor reports missed appointments and the home conditions have got worse."},
    {"child-in-need", "Continue under a child in need plan and review in three months.",
     "The family is engaging and the school reports an improvement."},
    {"child-in-need", "Close the case and step down to early help.",
     "The plan's goals are met and the family agree to early help support."},
    {"child-in-need", "Hold a strategy discussion.",
     "New information from the school suggests the child may be at risk of significant harm."},
    {"child-in-need", "Arrange a family group conference.",
     "Wider family members have offered support, and a family plan would build on it."},
    {"looked-after", "Arrange a placement stability meeting.",
     "The foster carers report growing difficulty at bedtimes and ask for help."},
    {"looked-after", "Increase family time with the mother to weekly, supervised.",
     "Family time has gone well and the child asks to see her more often."},
    {"looked-after", "Refer to child and adolescent mental health services for a therapeutic assessment.",
     "The child's distress after family time has grown over three months."},
    {"looked-after", "Bring the looked-after review forward.",
     "The care plan needs updating now that a return home is no longer the plan."},
    {"looked-after", "Start pathway planning.", "The young person turns sixteen next month."},
    {"looked-after-stable", "Continue the placement; visits every twelve weeks as agreed.",
     "The placement is stable and the child is doing well at school."},
    {"looked-after-stable", "Explore special guardianship with the carers.",
     "The carers have asked about it and the child wishes to stay with them."},
    {"looked-after-stable", "Update the child's life story work.", "The child has asked about their birth family."},
    {"family-placement", "Recommend continued approval at the carers' annual review.",
     "Supervising visits and the carers' training record support continued approval."},
    {"family-placement", "Present a change of approval range to the fostering panel.",
     "The carers have asked to care for sibling groups and have the space and the experience."},
    {"family-placement", "Arrange respite care for two weekends.",
     "The carers asked for a break and have not had one for six months."},
    {"family-placement", "Update the safer caring plan.", "The carers' adult son has moved back into the household."},
    {"residential", "Keep the behaviour support plan and review it at the next session.",
     "Incidents have reduced since the plan started."},
    {"residential", "Increase key work sessions to twice a week.",
     "The young person has been low in mood since changing school."},
    {"residential", "Refer to the missing from care panel.", "Two missing episodes this month, both overnight."},
    {"residential", "Plan a move to semi-independent living.",
     "The young person is ready and it fits their pathway plan."},
    {"", "No change to the plan; review at the next session.", "The plan is working and the child's needs are met."},
    {"", "Hold a professionals meeting within two weeks.", "Agencies hold different views of the risks."},
};

/* Recent involvement and analysis, by case category ("" for any). */
typedef struct {
    const char *category, *text;
} ByCategory;

static const ByCategory synopses[] = {
    {"child-protection", "Two visits since the last discussion, one unannounced; the child was seen alone on both."},
    {"child-protection", "The core group met; the school and the health visitor both attended."},
    {"child-protection", "A difficult month: a missed appointment and a police notification."},
    {"child-in-need", "School attendance has improved and health appointments are up to date."},
    {"child-in-need", "The assessment is finished and has been shared with the family."},
    {"child-in-need", "The family missed the last child in need meeting; it has been rebooked."},
    {"looked-after", "The child's review took place; the independent reviewing officer agreed the plan."},
    {"looked-after", "Family time has happened weekly; the carers report the child is unsettled afterwards."},
    {"looked-after-stable", "A settled few months; the child is doing well at school."},
    {"looked-after-stable", "The annual health assessment is done; nothing new to follow up."},
    {"family-placement", "The carers report a settled month with the two children placed."},
    {"family-placement", "The supervising visit found the household well organised; training is up to date."},
    {"residential", "A calmer month at the home; one incident, managed well by staff."},
    {"residential", "The young person has started at the new college and attends most days."},
    {"", "The plan's actions are on track."},
};
static const ByCategory analyses[] = {
    {"child-protection", "The main risk is the parents' inconsistent engagement; the protective factor is the "
                         "grandmother's daily involvement."},
    {"child-protection", "We see the risk differently and agreed to test it with the core group."},
    {"child-in-need", "Progress is real but recent; it needs to last before the plan changes."},
    {"child-in-need", "The family's needs are met with support; nothing suggests significant harm."},
    {"looked-after", "The child's wishes are clear and should shape the plan."},
    {"looked-after", "There is a risk of drift: the plan has had the same actions for three months."},
    {"looked-after-stable", "Stability is the priority; no change is needed."},
    {"family-placement", "The carers are stretched; support now should prevent a placement ending."},
    {"residential", "Consistent routines are helping; the risk of going missing is still high at weekends."},
    {"", "The plan meets the child's needs for now."},
};
static const char *const further_tasks[] = {
    "Update the chronology. Share the plan with the family. Book the next review.",
    "Visit within ten working days and see the child alone.",
    "Write to the school about attendance.",
    "Finish the assessment by the end of the month.",
};
static const char *const departures[] = {
    "Visits drop to every six weeks for this month only, agreed with the family, while the child is away on a "
    "school residential trip.",
    "The statutory visit is a week late because the family were abroad; the child was seen by video call "
    "meanwhile.",
    "The review is held outside the usual timescale to line up with the court hearing.",
};

/* Answers to the policy's reflective prompts, by prompt id ("" for any). */
static const struct {
    const char *prompt, *text;
} answers[] = {
    {"description", "Two visits since we last talked; the child was seen alone and talked about school."},
    {"description", "The family moved house; the new school place started last week."},
    {"feelings", "Anxious before the first visit after the incident; more confident now the family are talking to us."},
    {"feelings", "Frustrated by the delays from other agencies."},
    {"evaluation", "The relationship with the mother has improved; getting the father involved has been hard."},
    {"evaluation", "The plan is clear and the family know what is expected."},
    {"analysis", "The history of short-lived progress suggests we should wait before stepping down."},
    {"analysis", "Research on neglect points to the need for sustained change, not one good month."},
    {"conclusion", "Earlier contact with the school would have helped."},
    {"conclusion", "Seeing the child alone earlier gave us a clearer picture."},
    {"action-plan", "Visit within two weeks, update the plan, speak to the school nurse."},
    {"management", "The plan is on track and the recording is up to date; the review is booked."},
    {"management", "Two visits were late; both are now back within timescale."},
    {"development", "This case shows how much direct work tools help with younger children."},
    {"support", "The case is heavy going; regular check-ins with the senior practitioner help."},
    {"mediation", "Housing has not replied for a month; to be raised with the service manager."},
    {"worries", "Missed appointments, and the home conditions seen on the last visit."},
    {"worries", "The child says they do not want to go home at weekends."},
    {"working-well", "The grandmother's support and the child's good relationship with the school."},
    {"working-well", "The parents are attending the parenting programme."},
    {"next-steps", "A safety plan agreed with the family by the end of the month, with the school's part in it."},
    {"next-steps", "The worker to see the child alone within ten days."},
    {"", "Discussed; nothing further to add."},
};

static const char *const worries[] = {
    "I am worried about managing two court deadlines in the same week.",
    "I am not sure the plan for case # is working.",
    "I am finding the duty weeks hard with my current caseload.",
    "I am worried about a family where the father has been hostile on visits.",
    "I do not feel confident about the review conference coming up.",
};
static const char *const worries_other[] = {
    "I am worried about covering the team's vacancies over the summer.",
    "I am worried about the backlog of minutes from conferences.",
};
static const char *const topics_supervisor[] = {
    "Caseload and allocation", "Feedback from the case audit", "Recording timescales",
    "The team's duty rota",    "Training plan for the year",
};
static const char *const topics_supervisee[] = {
    "Leave over the summer",
    "The court skills course",
    "Working from the other office on Fridays",
    "A transfer I would like to discuss",
};

static const char *const actions_supervisee[] = {
    "Send the assessment to the family and record their views",
    "Complete the visit recording for the last two weeks",
    "Book onto the court skills training",
    "Arrange a joint visit with the senior practitioner",
    "Write the report for the review conference",
};
static const char *const actions_case[] = {
    "Update the chronology for case #",
    "Book the review health assessment for case #",
    "Record the child's wishes and feelings for case #",
    "Arrange the core group meeting for case #",
};
static const char *const actions_supervisor[] = {
    "Raise the team's caseloads with the service manager",
    "Find a co-worker for the sibling group",
    "Ask learning and development about the practice educator course",
    "Check the placement budget with the commissioning team",
};
/* For managers and business support staff, who hold no cases. */
static const char *const actions_other[] = {
    "Finish the team's case audits for the quarter",
    "Send the team's training plan to learning and development",
    "Complete the return to work interview",
    "Update the team's duty rota for next month",
};
static const char *const actions_other_supervisor[] = {
    "Ask finance about the agency cover budget",
    "Raise the office move with facilities",
    "Book the management development course",
};
static const char *const done_notes[] = {"Done.", "Done and recorded on the child's file.",
                                         "Completed and shared with the family.", "Booked for next month."};
static const char *const open_notes[] = {"Started; carried forward to the next session.",
                                         "Waiting for the school to reply.",
                                         "Delayed by the court hearing; new date agreed."};
static const char *const dropped_notes[] = {"No longer needed: the case has closed.",
                                            "Overtaken by the strategy discussion."};

static const char *const disagreements[] = {
    "The record says I agreed to step the case down, but I said I wanted to wait for the next review. Please "
    "change it.",
    "The record does not show what I said about my workload: I asked for no new cases for a month, and that "
    "is missing.",
    "The action about the chronology has my name on it, but we agreed the senior practitioner would do it.",
};
static const char *const escalation_texts[] = {
    "We have not been able to agree the record. Please look at what I said about my caseload.",
    "I would like a manager to look at the decision on the case before the record is signed.",
};
static const char escalation_response[] =
    "I met you both. The record will be changed to show the caseload request, and no new cases will be "
    "allocated for three weeks.";
static const char amend_reason[] = "Add the caseload request and the outcome of the escalation.";
static const char amend_workload[] =
    "The worker asked for no new allocations for a month; after the escalation, none for three weeks.";
static const char incident[] =
    "The placed child was hurt at a trampoline park; the carers sought medical advice the same day and told the "
    "supervising social worker.";
static const char allegation[] =
    "The child told a teacher that a carer had shouted and grabbed their arm; referred to the designated officer.";
static const char incident_resolved[] =
    "Seen by the child's doctor: bruising only. The carers followed the safer caring plan; no further action.";
static const char *const cancel_reasons[] = {"Called to an urgent strategy meeting",
                                             "Court hearing listed for that morning", "Off sick",
                                             "Emergency placement search for a child on my caseload"};

/* ---------------------------------------------------------------- the plan */

typedef struct {
    int64_t ref;
    const char *id;
    char role[65];
    int64_t sup_ref, lm_ref;
    int32_t sup, lm; /* indexes into people, -1 for none */
    Date start, left;
    Fte fte;
    int32_t plan; /* index into plans, or -1 */
    uint8_t place, slot;
    bool checklist_cases; /* holds open cases of a category with a checklist */
    Viewer *viewer;       /* loaded the first time they act */
} Person;

/* What becomes of a record. */
enum { F_SIGNED, F_WAITING, F_DRAFT, F_RESOLVED, F_ESCALATED, F_DISPUTED };

typedef struct {
    Date date, booked, agenda, send, sign;
    Date dispute, escalate, respond, amend, sign2;
    Date prebook, cancel, rebook; /* an earlier booking cancelled; an upcoming one cancelled and rebooked */
    int start, booked_min;
    uint8_t fate;
    bool upcoming, by_supervisee, confidential, worry_confidential, sample;
    int64_t booking, prebooking, record, escalation;
    char cases[2][65]; /* on the agenda */
    int ncases;
} Sess;

typedef struct {
    int32_t who;
    Sess *s;
    size_t n, cap;
    bool overdue;
    Date *busy; /* dates they already had a session, ascending */
    size_t nbusy;
} Plan;

enum { AG_NONE, AG_WAITING, AG_IN_FORCE, AG_REVIEW_SOON, AG_REVIEW_DUE };

typedef struct {
    int32_t who;
    uint8_t kind;
    int nver;
    Date write[2], agree[2];
    int64_t ref[2];
} AgPlan;

typedef struct {
    int32_t worker;
    bool by_worker;
    Date date;
} Informal;

typedef struct {
    int32_t leader;
    Date date;
    int32_t att[8];
    int natt;
} Group;

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

typedef struct {
    int64_t at;
    Date day;
    uint32_t seq;
    uint8_t kind;
    int32_t a, b;
} Event;

typedef struct {
    Store *st;
    const Policy *pol;
    Date today;
    Rng rng;
    Person *people;
    int32_t n;
    Arena strings;
    int32_t worker, manager;
    Plan *plans;
    size_t nplans, plancap;
    AgPlan *ags;
    size_t nags, agcap;
    Informal *inf;
    size_t ninf, infcap;
    Group *groups;
    size_t ngroups, groupcap;
    Event *heap;
    size_t nheap, heapcap;
    uint32_t seq;
    DemoSupervisionSummary *sum;
    char *err;
    size_t errlen;
    int rc;
    int32_t concern_plan; /* the plan whose next session resolves concern_case's incident, or -1 */
    char concern_case[65];
} Gen;

static inline Date dmax(Date a, Date b) { return a > b ? a : b; }

static int weekday(Date d) { return (int)(((d % 7) + 7 + 4) % 7); } /* 0 is Sunday */
static Date weekday_back(Date d) { return weekday(d) == 6 ? d - 1 : weekday(d) == 0 ? d - 2 : d; }
static Date weekday_forward(Date d) { return weekday(d) == 6 ? d + 2 : weekday(d) == 0 ? d + 1 : d; }

/* Unix time of a civil date and a time of day, in local time. */
static int64_t local_time(Date d, int minutes)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = dd;
    tm.tm_hour = minutes / 60;
    tm.tm_min = minutes % 60;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    return t == (time_t)-1 ? (int64_t)d * 86400 + minutes * 60 : (int64_t)t;
}

static int minutes_of(const char *hhmm)
{
    return (hhmm[0] - '0') * 600 + (hhmm[1] - '0') * 60 + (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
}

static bool in_post(const Person *p, Date d) { return p->start <= d && (p->left == NO_DATE || p->left > d); }

/* Days until supervision falls due under the policy for someone last
 * supervised on d (target: the role's target when it is more often). */
static int32_t span_days(const Gen *g, const Person *p, Date d, bool target)
{
    const Role *r = policy_role(g->pol, p->role, strlen(p->role));
    if (!r) return 28;
    Interval iv = policy_phase_on(r, p->start, d < p->start ? p->start : d)->every;
    if (target && r->has_target && interval_add(d, r->target) < interval_add(d, iv)) iv = r->target;
    if (g->pol->pro_rata && p->fte > 0 && p->fte < FTE_FULL) iv = interval_pro_rata(iv, p->fte);
    int32_t n = interval_add(d, iv) - d;
    return n < 5 ? 5 : n;
}

static bool busy_on(const Plan *pl, Date d)
{
    size_t lo = 0, hi = pl->nbusy;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (pl->busy[mid] == d) return true;
        if (pl->busy[mid] < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static void event_push(Gen *g, Date day, int minutes, uint8_t kind, int32_t a, int32_t b)
{
    xgrow((void **)&g->heap, &g->heapcap, g->nheap + 1, sizeof(Event));
    Event e = {local_time(day, minutes), day, g->seq++, kind, a, b};
    size_t i = g->nheap++;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        const Event *p = &g->heap[up];
        if (p->at < e.at || (p->at == e.at && p->seq < e.seq)) break;
        g->heap[i] = *p;
        i = up;
    }
    g->heap[i] = e;
}

static Event event_pop(Gen *g)
{
    Event top = g->heap[0], last = g->heap[--g->nheap];
    size_t i = 0, n = g->nheap;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && (g->heap[c + 1].at < g->heap[c].at ||
                          (g->heap[c + 1].at == g->heap[c].at && g->heap[c + 1].seq < g->heap[c].seq)))
            c++;
        if (last.at < g->heap[c].at || (last.at == g->heap[c].at && last.seq < g->heap[c].seq)) break;
        g->heap[i] = g->heap[c];
        i = c;
    }
    if (n) g->heap[i] = last;
    return top;
}

/* ---------------------------------------------------------------- reading the council */

static int fail_store(Gen *g, const char *what)
{
    if (!g->rc) {
        strfmt(g->err, g->errlen, "demo supervision: %s: %s", what, store_error(g->st));
        g->rc = 3;
    }
    return g->rc;
}

static int person_cmp(const void *a, const void *b)
{
    int64_t x = ((const Person *)a)->ref, y = ((const Person *)b)->ref;
    return x < y ? -1 : x > y;
}

static int32_t index_of_ref(const Gen *g, int64_t ref)
{
    if (!ref) return -1;
    Person key = {.ref = ref};
    const Person *p = bsearch(&key, g->people, (size_t)g->n, sizeof(Person), person_cmp);
    return p ? (int32_t)(p - g->people) : -1;
}

static int32_t index_of_id(const Gen *g, const char *id)
{
    for (int32_t i = 0; id && *id && i < g->n; i++)
        if (strcmp(g->people[i].id, id) == 0) return i;
    return -1;
}

static Date col_date(StoreRows *r, int col)
{
    size_t n;
    const char *s = store_col_text(r, col, &n);
    Date d;
    return !store_col_null(r, col) && date_parse(s, n, &d) ? d : NO_DATE;
}

static int load_people(Gen *g)
{
    StoreRows *r = store_query(g->st, STMT_DEMO_STAFF, NULL, 0);
    if (!r) return fail_store(g, "reading the staff");
    size_t cap = 0;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&g->people, &cap, (size_t)g->n + 1, sizeof(Person));
        Person *p = &g->people[g->n++];
        memset(p, 0, sizeof *p);
        size_t len;
        const char *id = store_col_text(r, 1, &len);
        p->ref = store_col_int(r, 0);
        p->id = arena_strndup(&g->strings, id, len);
        strfmt(p->role, sizeof p->role, "%s", store_col_text(r, 2, NULL));
        p->sup_ref = store_col_null(r, 3) ? 0 : store_col_int(r, 3);
        p->lm_ref = store_col_null(r, 4) ? 0 : store_col_int(r, 4);
        p->start = col_date(r, 5);
        p->left = col_date(r, 6);
        p->fte = (Fte)store_col_int(r, 7);
        p->plan = -1;
    }
    store_rows_close(r);
    if (got < 0) return fail_store(g, "reading the staff");
    qsort(g->people, (size_t)g->n, sizeof(Person), person_cmp);
    for (int32_t i = 0; i < g->n; i++) {
        Person *p = &g->people[i];
        p->sup = index_of_ref(g, p->sup_ref);
        p->lm = index_of_ref(g, p->lm_ref);
        p->place = (uint8_t)rng_below(&g->rng, NITEMS(places));
        p->slot = (uint8_t)rng_below(&g->rng, NITEMS(start_times));
        if (p->start == NO_DATE) p->start = g->today;
    }
    return 0;
}

/* Marks who holds open cases of a category with a checklist (family
 * placement in the shipped policies). 0, or a store failure. */
static int mark_checklist_workers(Gen *g)
{
    char day[11];
    date_format(g->today, day);
    for (size_t c = 0; c < g->pol->ncategories; c++) {
        if (!g->pol->categories[c].nchecklist) continue;
        Param q[] = {P_STR(g->pol->categories[c].id), P_STR(day)};
        StoreRows *r = store_query(g->st, STMT_DEMO_CATEGORY_WORKERS, q, 2);
        if (!r) return fail_store(g, "reading cases");
        int got;
        while ((got = store_next(r)) == 1) {
            int32_t i = index_of_ref(g, store_col_int(r, 0));
            if (i >= 0) g->people[i].checklist_cases = true;
        }
        store_rows_close(r);
        if (got < 0) return fail_store(g, "reading cases");
    }
    return 0;
}

/* Supervised by someone in post long enough to have met them. */
static bool supervisee(const Gen *g, const Person *p)
{
    if (p->sup < 0 || !in_post(p, g->today) || p->start > g->today - 21) return false;
    const Person *s = &g->people[p->sup];
    return in_post(s, g->today) && s->start <= g->today - 60;
}

/* The person's open cases on d: ids and categories into ids/cats (at most
 * max); returns how many, or -1 when the store fails. */
typedef struct {
    char id[65], category[65];
} OpenCase;

static int open_cases(Gen *g, const Person *p, Date d, OpenCase *out, int max)
{
    char day[11];
    date_format(d, day);
    Param q[] = {P_INT(p->ref), P_STR(day)};
    StoreRows *r = store_query(g->st, STMT_DEMO_OPEN_CASES, q, 2);
    if (!r) return fail_store(g, "reading cases"), -1;
    int n = 0, got;
    while ((got = store_next(r)) == 1)
        if (n < max) {
            strfmt(out[n].id, sizeof out[n].id, "%s", store_col_text(r, 0, NULL));
            strfmt(out[n].category, sizeof out[n].category, "%s", store_col_text(r, 1, NULL));
            n++;
        }
    store_rows_close(r);
    if (got < 0) return fail_store(g, "reading cases"), -1;
    return n;
}

#define MAX_OPEN 200

/* ---------------------------------------------------------------- planning */

/* The agreed date whose review falls on target (as near as the calendar
 * allows). */
static Date agreed_for_review(const Gen *g, Date target)
{
    Interval r = g->pol->agreement_review;
    Date a = target - (interval_add(target, r) - target);
    while (interval_add(a, r) < target) a++;
    while (a > DATE_MIN && interval_add(a - 1, r) >= target) a--;
    return a;
}

static const char *place_of(const Person *p)
{
    return strcmp(p->role, "residential") == 0 ? home_place : places[p->place];
}

/* An agreement for a supervisee: none, written and waiting, or agreed (in
 * force, due for review soon, or past its review date), at random or of the
 * kind forced (>= 0). Returns false for none. */
static bool plan_agreement(Gen *g, int32_t who, int force, AgPlan *a)
{
    const Person *p = &g->people[who], *s = &g->people[p->sup];
    Rng *r = &g->rng;
    const Date earliest = dmax(p->start, s->start) + 5, today = g->today;
    memset(a, 0, sizeof *a);
    a->who = who;
    uint32_t x = rng_below(r, 1000);
    a->kind = x < 80    ? AG_NONE
              : x < 150 ? AG_WAITING
              : x < 240 ? AG_REVIEW_SOON
              : x < 280 ? AG_REVIEW_DUE
                        : AG_IN_FORCE;
    if (force >= 0) a->kind = (uint8_t)force;
    if (who == g->worker || who == g->manager) a->kind = AG_IN_FORCE;
    if (a->kind == AG_NONE) return false;
    if (a->kind == AG_WAITING) {
        a->write[0] = weekday_back(today - rng_range(r, 1, 20));
        a->nver = 1;
        return a->write[0] >= earliest;
    }
    Date agreed = NO_DATE;
    if (a->kind == AG_REVIEW_SOON) agreed = weekday_back(agreed_for_review(g, today + rng_range(r, 3, 28)));
    if (a->kind == AG_REVIEW_DUE) agreed = weekday_back(agreed_for_review(g, today - rng_range(r, 1, 45)));
    if (agreed == NO_DATE || agreed < earliest) {
        /* In force: agreed since the last review would have fallen due, and
         * not due again within five weeks. */
        a->kind = AG_IN_FORCE;
        Date lo = dmax(earliest, agreed_for_review(g, today + 36)), hi = today - 3;
        if (lo > hi) return false;
        agreed = weekday_back(rng_range(r, lo, hi));
        if (agreed < earliest) return false;
    }
    /* Some replaced an earlier agreement at its review. */
    Date first = weekday_back(agreed_for_review(g, agreed) - rng_range(r, 0, 30));
    if (a->kind == AG_IN_FORCE && rng_permille(r, 300) && first - 6 >= earliest) {
        a->agree[0] = first;
        a->write[0] = weekday_back(first - rng_range(r, 0, 6));
        a->nver = 1;
    }
    a->agree[a->nver] = agreed;
    a->write[a->nver] = dmax(earliest, weekday_back(agreed - rng_range(r, 0, 6)));
    if (a->nver == 1 && a->write[1] <= a->agree[0]) a->write[1] = a->agree[0] + 1;
    if (a->write[a->nver] > agreed) return false;
    a->nver++;
    return true;
}

static void sess_times(Gen *g, const Person *p, Sess *s)
{
    Rng *r = &g->rng;
    s->start = minutes_of(rng_permille(r, 750) ? start_times[p->slot] : PICK(r, start_times));
    s->by_supervisee = rng_permille(r, 150);
}

/* The record's life after the session: sent (or still a draft), then signed
 * (or still waiting on the demo's day). */
static void sess_fate(Gen *g, Sess *s)
{
    Rng *r = &g->rng;
    uint32_t x = rng_below(r, 1000);
    int delay = x < 550 ? 0 : x < 800 ? 1 : x < 950 ? rng_range(r, 2, 4) : rng_range(r, 5, 8);
    s->send = weekday_forward(s->date + delay);
    x = rng_below(r, 1000);
    delay = x < 600 ? rng_range(r, 0, 2) : x < 850 ? rng_range(r, 3, 6) : x < 950 ? rng_range(r, 7, 14) : rng_range(r, 20, 40);
    s->sign = weekday_forward(s->send + delay);
    s->fate = s->send >= g->today ? F_DRAFT : s->sign >= g->today ? F_WAITING : F_SIGNED;
}

/* The sample person's sessions: the dates they were already supervised
 * (none of ours falls on one), whether they are overdue today, and from
 * that the dates of their sessions and the one booked next. */
static int plan_sessions(Gen *g, int32_t who)
{
    Person *p = &g->people[who];
    Rng *r = &g->rng;
    const Date today = g->today;
    Plan pl = {.who = who};
    char since[11];
    date_format(today - 500, since);
    Param q[] = {P_INT(p->ref), P_STR(since)};
    StoreRows *rows = store_query(g->st, STMT_DEMO_ATTENDED, q, 2);
    if (!rows) return fail_store(g, "reading sessions");
    size_t cap = 0;
    int got;
    while ((got = store_next(rows)) == 1) {
        xgrow((void **)&pl.busy, &cap, pl.nbusy + 1, sizeof(Date));
        pl.busy[pl.nbusy++] = col_date(rows, 0);
    }
    store_rows_close(rows);
    if (got < 0) {
        free(pl.busy);
        return fail_store(g, "reading sessions");
    }

    DueFilter f = {.asof = today, .worker = p->id};
    DueList l;
    char err[256];
    int rc = due_compute(g->st, g->pol, &f, &l, err, sizeof err);
    if (rc) {
        free(pl.busy);
        if (rc == 3) return fail_store(g, "the due list");
        strfmt(g->err, g->errlen, "demo supervision: %s", err);
        return g->rc = 1;
    }
    bool has_last = false;
    Date last = 0;
    for (size_t i = 0; i < l.n; i++)
        if (l.rows[i].kind == DUE_KIND_STAFF && strcmp(l.rows[i].id, p->id) == 0) {
            pl.overdue = l.rows[i].r.status == STATUS_OVERDUE;
            has_last = l.rows[i].r.has_last;
            last = l.rows[i].r.last;
        }
    due_list_free(&l);

    /* Those overdue today have records only from before their supervision
     * lapsed, so they stay overdue; the others up to the last few days. */
    const int32_t span = span_days(g, p, today, false), target = span_days(g, p, today, true);
    const Date end = !pl.overdue ? today - 1 : has_last ? last - 1 : NO_DATE;
    Date dates[MAX_SESSIONS];
    int n = 0;
    if (end != NO_DATE) {
        const Person *s = &g->people[p->sup];
        Date lo = dmax(dmax(p->start, s->start) + 14, dmax((pl.overdue ? end : today) - WINDOW_DAYS, today - 330));
        Date d = end - (pl.overdue ? rng_range(r, 0, 5) : rng_range(r, 0, target * 2 / 3));
        while (n < MAX_SESSIONS) {
            d = weekday_back(d);
            while (d >= lo && busy_on(&pl, d)) d = weekday_back(d - 1);
            if (d < lo) break;
            dates[n++] = d;
            d -= rng_range(r, target * 85 / 100, span);
        }
    }
    for (int k = n - 1; k >= 0; k--) {
        xgrow((void **)&pl.s, &pl.cap, pl.n + 1, sizeof(Sess));
        Sess *s = &pl.s[pl.n];
        memset(s, 0, sizeof *s);
        s->date = dates[k];
        sess_times(g, p, s);
        if (pl.n == 0) {
            s->booked = dmax(p->start, weekday_back(s->date - rng_range(r, 10, 21)));
            s->booked_min = rng_range(r, 9 * 60, 12 * 60);
        } else {
            s->booked = pl.s[pl.n - 1].date;
            s->booked_min = pl.s[pl.n - 1].start + 90;
        }
        s->agenda = dmax(s->booked, weekday_back(s->date - rng_range(r, 1, 3)));
        s->prebook = s->cancel = s->rebook = NO_DATE;
        s->dispute = s->escalate = s->respond = s->amend = s->sign2 = NO_DATE;
        sess_fate(g, s);
        pl.n++;
    }

    /* The next session: booked at the end of the last, or (for someone
     * overdue) booked in the last few days to catch up. */
    if (!pl.overdue || rng_permille(r, 600) || who == g->worker) {
        xgrow((void **)&pl.s, &pl.cap, pl.n + 1, sizeof(Sess));
        Sess *u = &pl.s[pl.n];
        memset(u, 0, sizeof *u);
        u->upcoming = true;
        Date next;
        if (pl.n > 0 && !pl.overdue) {
            const Sess *prev = &pl.s[pl.n - 1];
            next = prev->date + rng_range(r, target, span);
            if (next <= today) next = today + rng_range(r, 1, 7);
            u->booked = prev->date;
            u->booked_min = prev->start + 90;
        } else {
            next = today + rng_range(r, 2, 12);
            u->booked = weekday_back(today - rng_range(r, 1, 4));
            u->booked_min = rng_range(r, 9 * 60, 12 * 60);
        }
        u->date = weekday_forward(next);
        sess_times(g, p, u);
        u->agenda = dmax(u->booked, weekday_back(today - rng_range(r, 1, 3)));
        u->prebook = u->cancel = u->rebook = NO_DATE;
        u->dispute = u->escalate = u->respond = u->amend = u->sign2 = u->send = u->sign = NO_DATE;
        pl.n++;
    }
    if (pl.n == 0) {
        free(pl.busy);
        return 0;
    }
    p->plan = (int32_t)g->nplans;
    xgrow((void **)&g->plans, &g->plancap, g->nplans + 1, sizeof(Plan));
    g->plans[g->nplans++] = pl;
    return 0;
}

/* ---------------------------------------------------------------- the special cases */

typedef bool (*SessTest)(Gen *g, const Plan *pl, Sess *s);

/* The line manager of the person's supervisor, who takes an escalation. */
static int32_t escalation_to(const Gen *g, const Plan *pl)
{
    const Person *p = &g->people[pl->who], *s = &g->people[p->sup];
    if (s->lm < 0 || s->lm == pl->who || !in_post(&g->people[s->lm], g->today)) return -1;
    return s->lm;
}

static bool test_resolved(Gen *g, const Plan *pl, Sess *s)
{
    Rng *r = &g->rng;
    if (s->upcoming || s->fate != F_SIGNED || s->date < g->today - 90 || s->date > g->today - 30) return false;
    if (escalation_to(g, pl) < 0) return false;
    Date dispute = weekday_forward(s->send + rng_range(r, 1, 2)), escalate = weekday_forward(dispute + 1);
    Date respond = weekday_forward(escalate + rng_range(r, 2, 6)), amend = weekday_forward(respond + 1);
    Date sign2 = weekday_forward(amend + rng_range(r, 1, 3));
    if (sign2 >= g->today) return false;
    s->fate = F_RESOLVED;
    s->dispute = dispute, s->escalate = escalate, s->respond = respond, s->amend = amend, s->sign2 = sign2;
    return true;
}

static bool test_escalated(Gen *g, const Plan *pl, Sess *s)
{
    if (s->upcoming || (s->fate != F_SIGNED && s->fate != F_WAITING)) return false;
    if (s->send < g->today - 40 || s->send > g->today - 14 || escalation_to(g, pl) < 0) return false;
    Date dispute = weekday_forward(s->send + 1), escalate = weekday_forward(dispute + rng_range(&g->rng, 0, 2));
    if (interval_add(escalate, g->pol->escalation_response) >= g->today) return false;
    s->fate = F_ESCALATED;
    s->dispute = dispute, s->escalate = escalate;
    return true;
}

static bool test_disputed(Gen *g, const Plan *pl, Sess *s)
{
    (void)pl;
    if (s->upcoming || (s->fate != F_SIGNED && s->fate != F_WAITING)) return false;
    if (s->send < g->today - 8 || s->send > g->today - 2) return false;
    s->dispute = weekday_forward(s->send + 1);
    if (s->dispute >= g->today) return false;
    s->fate = F_DISPUTED;
    return true;
}

/* Sent a week or more ago and not signed: overdue for signing. */
static bool test_unsigned(Gen *g, const Plan *pl, Sess *s)
{
    (void)pl;
    if (s->upcoming || s->fate != F_SIGNED || s->send > g->today - 9 || s->send < g->today - 30) return false;
    s->fate = F_WAITING;
    return true;
}

static bool test_confidential(Gen *g, const Plan *pl, Sess *s)
{
    (void)g, (void)pl;
    if (s->upcoming || s->fate != F_SIGNED || s->confidential) return false;
    return s->confidential = true;
}

static bool test_worry(Gen *g, const Plan *pl, Sess *s)
{
    (void)g, (void)pl;
    if (s->upcoming || s->fate == F_DRAFT || s->worry_confidential) return false;
    return s->worry_confidential = true;
}

/* A booking made, cancelled a day or so before, and the session rebooked. */
static bool test_prebook(Gen *g, const Plan *pl, Sess *s)
{
    if (s->upcoming || s == &pl->s[0]) return false;
    Date pre = weekday_back(s->date - rng_range(&g->rng, 2, 4)), cancel = weekday_back(pre - 1);
    if (cancel <= s->booked || busy_on(pl, pre) || pre == s->date) return false;
    for (size_t k = 0; k < pl->n; k++)
        if (pl->s[k].date == pre) return false;
    s->prebook = pre;
    s->cancel = cancel;
    s->agenda = dmax(s->agenda, cancel);
    return true;
}

static bool test_cancel_upcoming(Gen *g, const Plan *pl, Sess *s)
{
    (void)pl;
    Date cancel = weekday_back(g->today - 1);
    if (!s->upcoming || s->booked > cancel || s->sample) return false;
    s->cancel = cancel;
    s->rebook = weekday_forward(s->date + rng_range(&g->rng, 5, 10));
    return true;
}

/* Marks the first session passing test, searching the demo manager's other
 * supervisees first, then anyone but the demo worker (or, with worker, the
 * worker only), from a random place; each person at most once (used).
 * Returns whether one was found. */
static bool choose(Gen *g, SessTest test, bool worker, bool *used)
{
    if (!g->nplans) return false;
    size_t from = rng_below(&g->rng, (uint32_t)g->nplans);
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < g->nplans; k++) {
            Plan *pl = &g->plans[(from + k) % g->nplans];
            const Person *p = &g->people[pl->who];
            bool is_worker = pl->who == g->worker;
            if (worker != is_worker || (used && used[pl - g->plans])) continue;
            if (!worker && pass == 0 && (g->manager < 0 || p->sup != g->manager)) continue;
            for (size_t i = 0; i < pl->n; i++)
                if (test(g, pl, &pl->s[i])) {
                    if (used) used[pl - g->plans] = true;
                    return true;
                }
        }
    return false;
}

/* ---------------------------------------------------------------- informal and group */

static void plan_informal(Gen *g, int32_t who, bool by_worker)
{
    const Person *p = &g->people[who];
    const Plan *pl = p->plan >= 0 ? &g->plans[p->plan] : NULL;
    Date d = weekday_back(g->today - rng_range(&g->rng, 3, 12));
    for (int tries = 0; tries < 10; tries++, d = weekday_back(d - 1)) {
        bool clash = pl && busy_on(pl, d);
        for (size_t k = 0; pl && k < pl->n; k++) clash = clash || pl->s[k].date == d || pl->s[k].prebook == d;
        if (!clash) break;
    }
    if (d < p->start) return;
    xgrow((void **)&g->inf, &g->infcap, g->ninf + 1, sizeof(Informal));
    g->inf[g->ninf++] = (Informal){who, by_worker, d};
}

/* A group session led by leader with up to eight of their supervisees. */
static void plan_group(Gen *g, int32_t leader)
{
    Group gr = {.leader = leader, .date = weekday_back(g->today - rng_range(&g->rng, 6, 20))};
    for (int32_t i = 0; i < g->n && gr.natt < 8; i++)
        if (g->people[i].sup == leader && supervisee(g, &g->people[i])) gr.att[gr.natt++] = i;
    if (gr.natt < 2) return;
    xgrow((void **)&g->groups, &g->groupcap, g->ngroups + 1, sizeof(Group));
    g->groups[g->ngroups++] = gr;
}

static bool practitioner(const Person *p)
{
    static const char *const roles[] = {"social-worker", "nqsw", "senior-practitioner", "residential"};
    for (size_t i = 0; i < NITEMS(roles); i++)
        if (strcmp(p->role, roles[i]) == 0) return true;
    return false;
}

/* ---------------------------------------------------------------- the events */

static void push_plans(Gen *g)
{
    Rng *r = &g->rng;
    for (size_t a = 0; a < g->nags; a++) {
        const AgPlan *ag = &g->ags[a];
        for (int v = 0; v < ag->nver; v++) {
            event_push(g, ag->write[v], rng_range(r, 9 * 60, 12 * 60), EV_AG_WRITE, (int32_t)a, v);
            if (ag->kind != AG_WAITING || v + 1 < ag->nver)
                event_push(g, ag->agree[v], rng_range(r, 12 * 60 + 30, 17 * 60), EV_AG_AGREE, (int32_t)a, v);
        }
    }
    for (size_t k = 0; k < g->nplans; k++) {
        const Plan *pl = &g->plans[k];
        for (size_t i = 0; i < pl->n; i++) {
            const Sess *s = &pl->s[i];
            int32_t a = (int32_t)k, b = (int32_t)i;
            if (s->prebook != NO_DATE) {
                event_push(g, s->booked, s->booked_min, EV_PREBOOK, a, b);
                event_push(g, s->cancel, 12 * 60, EV_CANCEL, a, b);
            } else {
                event_push(g, s->booked, s->booked_min, EV_BOOK, a, b);
            }
            if (s->agenda != NO_DATE && s->agenda < g->today) event_push(g, s->agenda, 17 * 60 + 15, EV_AGENDA, a, b);
            if (s->upcoming) {
                if (s->cancel != NO_DATE) event_push(g, s->cancel, 17 * 60 + 45, EV_CANCEL_UPCOMING, a, b);
                continue;
            }
            event_push(g, s->date, s->start, EV_HOLD, a, b);
            if (s->fate == F_DRAFT) continue;
            int sent = s->send == s->date ? s->start + 150 : rng_range(r, 9 * 60, 16 * 60);
            event_push(g, s->send, sent, EV_SEND, a, b);
            switch (s->fate) {
            case F_SIGNED:
                event_push(g, s->sign, s->sign == s->send ? sent + 60 : rng_range(r, 9 * 60, 17 * 60), EV_SIGN, a, b);
                break;
            case F_RESOLVED:
                event_push(g, s->respond, 14 * 60, EV_RESPOND, a, b);
                event_push(g, s->amend, 10 * 60, EV_AMEND, a, b);
                event_push(g, s->sign2, 15 * 60, EV_SIGN2, a, b);
                /* fall through */
            case F_ESCALATED: event_push(g, s->escalate, 11 * 60 + 30, EV_ESCALATE, a, b); /* fall through */
            case F_DISPUTED: event_push(g, s->dispute, 10 * 60, EV_DISPUTE, a, b); break;
            default: break;
            }
        }
    }
    for (size_t i = 0; i < g->ninf; i++)
        event_push(g, g->inf[i].date, rng_range(r, 10 * 60, 16 * 60), EV_INFORMAL, (int32_t)i, 0);
    for (size_t i = 0; i < g->ngroups; i++) event_push(g, g->groups[i].date, 14 * 60, EV_GROUP, (int32_t)i, 0);
}

/* ---------------------------------------------------------------- acting */

static const Viewer *viewer_of(Gen *g, int32_t who)
{
    Person *p = &g->people[who];
    if (!p->viewer) {
        p->viewer = xcalloc(1, sizeof(Viewer));
        if (access_load(g->st, 0, p->ref, p->viewer) != STORE_OK) fail_store(g, "reading who manages whom");
    }
    return p->viewer;
}

static SvcActor actor_of(Gen *g, int32_t who, const Event *ev)
{
    return (SvcActor){viewer_of(g, who), g->pol, ev->day, ev->at};
}

/* True when the service did it; otherwise records why and stops the run. */
static bool did(Gen *g, SvcResult rc, const SvcError *e, const char *what, int32_t who, Date day)
{
    if (rc == SVC_OK) return !g->rc;
    if (g->rc) return false;
    char d[11];
    date_format(day, d);
    if (rc == SVC_FAILED) {
        strfmt(g->err, g->errlen, "demo supervision: %s (%s, %s): %s", what, g->people[who].id, d, store_error(g->st));
        g->rc = 3;
    } else {
        strfmt(g->err, g->errlen, "demo supervision: %s (%s, %s) was refused: %s", what, g->people[who].id, d,
               e->message);
        g->rc = 1;
    }
    return false;
}

/* tmpl with each '#' replaced by with, in b. */
static const char *fill(Buf *b, const char *tmpl, const char *with)
{
    buf_clear(b);
    for (const char *c = tmpl; *c; c++)
        if (*c == '#')
            buf_adds(b, with);
        else
            buf_addc(b, *c);
    return buf_str(b);
}

static void hhmm(int minutes, char out[6]) { strfmt(out, 6, "%02d:%02d", minutes / 60 % 24, minutes % 60); }

static bool book(Gen *g, const Event *ev, int32_t by, int32_t who, Date date, int start, int64_t *ref)
{
    const Person *p = &g->people[who];
    SvcActor a = actor_of(g, by, ev);
    char day[11], at[6], warning[256];
    date_format(date, day);
    hhmm(start, at);
    BookingInput in = {p->ref, day, at, "", place_of(p)};
    SvcError e = {0};
    return did(g, booking_add(g->st, &a, &in, ref, warning, sizeof warning, &e), &e, "booking a session", who, ev->day);
}

static void do_agreement(Gen *g, const Event *ev)
{
    AgPlan *ag = &g->ags[ev->a];
    const Person *p = &g->people[ag->who];
    SvcError e = {0};
    if (ev->kind == EV_AG_AGREE) {
        SvcActor a = actor_of(g, ag->who, ev);
        did(g, agreement_agree(g->st, &a, ag->ref[ev->b], &e), &e, "agreeing an agreement", ag->who, ev->day);
        return;
    }
    Agreement d;
    if (agreement_defaults(g->st, g->pol, ev->day, p->ref, &d) != SVC_OK) {
        agreement_free(&d);
        fail_store(g, "an agreement's terms");
        return;
    }
    char minutes[16];
    strfmt(minutes, sizeof minutes, "%d", d.minutes ? d.minutes : 90);
    AgreementTerms t = {.every = d.every[0] ? d.every : "4w",
                        .minutes = minutes,
                        .place = place_of(p),
                        .record_keeping = d.record_keeping,
                        .content = d.content,
                        .confidentiality = d.confidentiality,
                        .disagreements = d.disagreements};
    SvcActor a = actor_of(g, p->sup, ev);
    did(g, agreement_write(g->st, &a, p->ref, &t, &ag->ref[ev->b], &e), &e, "writing an agreement", ag->who, ev->day);
    agreement_free(&d);
}

/* The last agenda item of kind by author, or 0. */
static int64_t agenda_item(Gen *g, const Sess *s, int32_t author, const char *kind)
{
    Booking b;
    int64_t ref = 0;
    if (booking_get(g->st, viewer_of(g, author), s->booking, &b) != SVC_OK) return 0;
    Agenda ag;
    if (agenda_items(g->st, viewer_of(g, author), &b, &ag) != SVC_OK) return 0;
    for (size_t i = 0; i < ag.n; i++)
        if (strcmp(ag.items[i].kind, kind) == 0 && strcmp(ag.items[i].author_id, g->people[author].id) == 0)
            ref = ag.items[i].ref;
    agenda_free(&ag);
    return ref;
}

static void do_agenda(Gen *g, const Event *ev, Plan *pl, Sess *s)
{
    Rng *r = &g->rng;
    const int32_t who = pl->who, sup = g->people[who].sup;
    const bool worker_next = who == g->worker && s->upcoming;
    SvcActor ap = actor_of(g, who, ev), as = actor_of(g, sup, ev);
    SvcError e = {0};
    Buf b = {0};
    OpenCase *oc = xcalloc(MAX_OPEN, sizeof *oc);
    int nc = open_cases(g, &g->people[who], ev->day, oc, MAX_OPEN);
    if (nc < 0) goto done;
    if (s->worry_confidential || worker_next || rng_permille(r, 400)) {
        const char *w = nc > 0 ? PICK(r, worries) : PICK(r, worries_other);
        if (strchr(w, '#')) w = fill(&b, w, oc[rng_below(r, (uint32_t)nc)].id);
        if (!did(g, agenda_add(g->st, &ap, s->booking, "worry", w, NULL, s->worry_confidential, &e), &e,
                 "adding a worry to an agenda", who, ev->day))
            goto done;
        if (s->worry_confidential) {
            int64_t item = agenda_item(g, s, who, "worry");
            if (!did(g, agenda_confidential(g->st, &as, item, true, &e), &e, "marking an agenda item confidential", who,
                     ev->day))
                goto done;
        }
    }
    if (worker_next || rng_permille(r, 600))
        if (!did(g, agenda_add(g->st, &as, s->booking, "topic", PICK(r, topics_supervisor), NULL, false, &e), &e,
                 "adding a topic to an agenda", who, ev->day))
            goto done;
    if (rng_permille(r, 250))
        if (!did(g, agenda_add(g->st, &ap, s->booking, "topic", PICK(r, topics_supervisee), NULL, false, &e), &e,
                 "adding a topic to an agenda", who, ev->day))
            goto done;
    for (int side = 0; side < 2 && nc > 0; side++) {
        if (!(worker_next && side == 1) && !rng_permille(r, 350)) continue;
        const char *id = oc[rng_below(r, (uint32_t)nc)].id;
        bool dup = false;
        for (int k = 0; k < s->ncases; k++) dup = dup || strcmp(s->cases[k], id) == 0;
        if (dup || s->ncases >= 2) continue;
        strfmt(s->cases[s->ncases++], sizeof s->cases[0], "%s", id);
        SvcActor *by = side == 0 ? &ap : &as;
        if (!did(g,
                 agenda_add(g->st, by, s->booking, "case", side == 0 ? "Please can we talk about the plan" : "", id,
                            false, &e),
                 &e, "adding a case to an agenda", who, ev->day))
            goto done;
    }
    if (worker_next && nc > 1) {
        int added = 0;
        did(g, agenda_sample(g->st, &as, s->booking, 1, &added, &e), &e, "drawing a case at random", who, ev->day);
    }
done:
    free(oc);
    buf_free(&b);
}

/* A text for a case of this category (or one for any case). */
static const char *by_category(Gen *g, const ByCategory *t, size_t n, const char *category)
{
    size_t match[32], m = 0;
    for (size_t i = 0; i < n && m < 32; i++)
        if (strcmp(t[i].category, category) == 0) match[m++] = i;
    if (!m)
        for (size_t i = 0; i < n && m < 32; i++)
            if (!t[i].category[0]) match[m++] = i;
    return t[match[rng_below(&g->rng, (uint32_t)m)]].text;
}

/* A decision for a case of this category. */
static int decision_for(Gen *g, const char *category)
{
    int match[NITEMS(decisions)], n = 0;
    for (size_t i = 0; i < NITEMS(decisions); i++)
        if (strcmp(decisions[i].category, category) == 0) match[n++] = (int)i;
    if (!n)
        for (size_t i = 0; i < NITEMS(decisions); i++)
            if (!decisions[i].category[0]) match[n++] = (int)i;
    return match[rng_below(&g->rng, (uint32_t)n)];
}

static const char *answer_for(Gen *g, const char *prompt)
{
    int match[NITEMS(answers)], n = 0;
    for (size_t i = 0; i < NITEMS(answers); i++)
        if (strcmp(answers[i].prompt, prompt) == 0) match[n++] = (int)i;
    if (!n) return answers[NITEMS(answers) - 1].text;
    return answers[match[rng_below(&g->rng, (uint32_t)n)]].text;
}

/* The id of the category's checklist topic about incidents, or NULL. */
static const char *incidents_topic(const Category *cat)
{
    for (size_t i = 0; cat && i < cat->nchecklist; i++)
        if (strstr(cat->checklist[i].id, "incident")) return cat->checklist[i].id;
    return NULL;
}

/* One case discussed in the record; must: a checklist topic it covers. */
static bool case_note(Gen *g, const Event *ev, SvcActor *as, int32_t who, int64_t record, const OpenCase *c,
                      const char *must)
{
    Rng *r = &g->rng;
    const Policy *pol = g->pol;
    const PromptSet *set =
        pol->nprompt_sets && rng_permille(r, 750) ? &pol->prompt_sets[rng_below(r, (uint32_t)pol->nprompt_sets)] : NULL;
    const char *ans[POLICY_PROMPTS_MAX] = {0};
    for (size_t i = 0; set && i < set->nitems && i < POLICY_PROMPTS_MAX; i++)
        if (rng_permille(r, 850)) ans[i] = answer_for(g, set->items[i].id);
    const Category *cat = policy_category(pol, c->category, strlen(c->category));
    const char *list[POLICY_CHECKLIST_MAX];
    size_t nlist = 0;
    if (cat && cat->nchecklist) {
        size_t want = (size_t)rng_range(r, 2, 4);
        for (size_t i = 0; i < cat->nchecklist && nlist < POLICY_CHECKLIST_MAX; i++)
            if (rng_below(r, (uint32_t)(cat->nchecklist - i)) < want - nlist ||
                (must && strcmp(must, cat->checklist[i].id) == 0))
                list[nlist++] = cat->checklist[i].id;
    }
    int d = decision_for(g, c->category);
    bool departs = rng_permille(r, 50);
    CaseNoteInput in = {
        .case_id = c->id,
        .prompts = set ? set->id : "",
        .answers = set ? ans : NULL,
        .synopsis = rng_permille(r, 750) ? by_category(g, synopses, NITEMS(synopses), c->category) : "",
        .analysis = rng_permille(r, 500) ? by_category(g, analyses, NITEMS(analyses), c->category) : "",
        .decision = decisions[d].decision,
        .rationale = decisions[d].rationale,
        .tasks = rng_permille(r, 400) ? PICK(r, further_tasks) : "",
        .departure = departs ? PICK(r, departures) : "",
        .departs = departs,
        .checklist = list,
        .nchecklist = nlist,
    };
    SvcError e = {0};
    if (!did(g, record_add_case_note(g->st, as, record, &in, &e), &e, "recording a case discussion", who, ev->day))
        return false;
    g->sum->case_notes++;
    return true;
}

/* The cases discussed: those on the agenda, then the most pressing on the
 * due list, now and then one at random; every child, in a residential home. */
static int choose_cases(Gen *g, const Person *p, const Sess *s, const OpenCase *oc, int nc, int *chosen)
{
    Rng *r = &g->rng;
    int n = 0, want;
    if (strcmp(p->role, "residential") == 0) {
        for (int i = 0; i < nc && n < 6; i++) chosen[n++] = i;
        return n;
    }
    uint32_t x = rng_below(r, 1000);
    want = x < 250 ? 1 : x < 750 ? 2 : 3;
    if (want > nc) want = nc;
    for (int k = 0; k < s->ncases && n < want; k++)
        for (int i = 0; i < nc; i++)
            if (strcmp(oc[i].id, s->cases[k]) == 0) chosen[n++] = i;
    DueFilter f = {.asof = s->date, .worker = p->id};
    DueList l;
    char err[256];
    int rc = due_compute(g->st, g->pol, &f, &l, err, sizeof err);
    if (rc) {
        if (rc == 3)
            fail_store(g, "the due list");
        else
            strfmt(g->err, g->errlen, "demo supervision: %s", err), g->rc = 1;
        return -1;
    }
    for (size_t j = 0; j < l.n && n < want; j++) {
        if (l.rows[j].kind != DUE_KIND_CASE || rng_permille(r, 250)) continue;
        for (int i = 0; i < nc; i++) {
            if (strcmp(oc[i].id, l.rows[j].id) != 0) continue;
            bool dup = false;
            for (int k = 0; k < n; k++) dup = dup || chosen[k] == i;
            if (!dup) chosen[n++] = i;
        }
    }
    due_list_free(&l);
    for (int tries = 0; n < want && tries < 20; tries++) {
        int i = (int)rng_below(r, (uint32_t)nc);
        bool dup = false;
        for (int k = 0; k < n; k++) dup = dup || chosen[k] == i;
        if (!dup) chosen[n++] = i;
    }
    return n;
}

/* Incidents and allegations on family placement cases: the first raised is
 * resolved at the person's next session, the second stays open. A case of
 * this session with a concern raised covers the incidents topic (must). */
static bool concerns(Gen *g, const Event *ev, const Plan *pl, const Sess *s, const OpenCase *oc, const int *chosen,
                     int n, const char **must)
{
    Rng *r = &g->rng;
    const int32_t who = pl->who, sup = g->people[who].sup;
    SvcError e = {0};
    char day[11];
    date_format(s->date, day);
    if (g->concern_plan == (int32_t)(pl - g->plans)) {
        ConcernList cl;
        SvcActor as = actor_of(g, sup, ev);
        if (concerns_open_of_worker(g->st, as.viewer, g->people[who].ref, &cl) != SVC_OK)
            return fail_store(g, "reading incidents"), false;
        for (size_t i = 0; i < cl.n && !g->rc; i++)
            if (strcmp(cl.items[i].case_id, g->concern_case) == 0 &&
                did(g, concern_resolve(g->st, &as, cl.items[i].ref, day, incident_resolved, &e), &e,
                    "resolving an incident", who, ev->day))
                g->sum->concerns_open--;
        concern_list_free(&cl);
        g->concern_plan = -1;
    }
    for (int k = 0; k < n && !g->rc; k++) {
        const OpenCase *c = &oc[chosen[k]];
        const Category *cat = policy_category(g->pol, c->category, strlen(c->category));
        if (!cat || !cat->nchecklist || g->sum->concerns >= 2 || !rng_permille(r, 250)) continue;
        bool first = g->sum->concerns == 0;
        char when[11];
        date_format(s->date - rng_range(r, 1, 6), when);
        SvcActor ap = actor_of(g, who, ev);
        if (!did(g,
                 concern_raise(g->st, &ap, c->id, first ? "incident" : "allegation", when,
                               first ? incident : allegation, &e),
                 &e, "raising an incident", who, ev->day))
            break;
        g->sum->concerns++;
        g->sum->concerns_open++;
        must[k] = incidents_topic(cat);
        if (first) {
            g->concern_plan = (int32_t)(pl - g->plans);
            strfmt(g->concern_case, sizeof g->concern_case, "%s", c->id);
        }
    }
    return !g->rc;
}

/* The session is held: the supervisor starts the record and writes it,
 * follows up the open actions and agrees new ones. */
static void do_hold(Gen *g, Event *ev, Plan *pl, Sess *s, bool last_past)
{
    Rng *r = &g->rng;
    const int32_t who = pl->who;
    const Person *p = &g->people[who], *sup = &g->people[p->sup];
    SvcActor as = actor_of(g, p->sup, ev);
    SvcError e = {0};
    if (!did(g, record_start(g->st, &as, s->booking, &s->record, &e), &e, "starting a record", who, ev->day)) return;
    as.now += 90 * 60; /* written up after the session */
    OpenCase *oc = xcalloc(MAX_OPEN, sizeof *oc);
    Buf bufs[16] = {{0}};
    int chosen[8];
    int nc = open_cases(g, p, s->date, oc, MAX_OPEN);
    if (nc < 0) goto done;

    const char *texts[16] = {0};
    bool conf[16] = {false};
    for (size_t i = 0; i < record_ntopics && i < 16; i++) {
        const char *id = record_topics[i].id;
        if (strcmp(id, "workload") == 0)
            texts[i] = nc > 0 ? PICK(r, workload_worker) : PICK(r, workload_other);
        else if (strcmp(id, "wellbeing") == 0 && (s->confidential || rng_permille(r, 900)))
            texts[i] = PICK(r, wellbeing), conf[i] = s->confidential;
        else if (strcmp(id, "leave") == 0 && rng_permille(r, 500))
            texts[i] = PICK(r, leave);
        else if (strcmp(id, "events") == 0 && rng_permille(r, 400))
            texts[i] = PICK(r, events);
        else if (strcmp(id, "needs") == 0 && rng_permille(r, 400))
            texts[i] = PICK(r, needs);
        else if (strcmp(id, "training") == 0 && rng_permille(r, 500))
            texts[i] = PICK(r, training);
        else if (strcmp(id, "first-year") == 0 && strcmp(p->role, "nqsw") == 0)
            texts[i] = PICK(r, first_year);
        else if (strcmp(id, "registration") == 0 && practitioner(p) && rng_permille(r, 200))
            texts[i] = PICK(r, registration);
        else if (strcmp(id, "notes") == 0 && rng_permille(r, 250))
            texts[i] = PICK(r, notes);
    }
    if (!did(g, record_save(g->st, &as, s->record, texts, conf, &e), &e, "writing a record", who, ev->day)) goto done;

    int n = choose_cases(g, p, s, oc, nc, chosen);
    if (n < 0) goto done;
    const char *must[8] = {NULL};
    if (!concerns(g, ev, pl, s, oc, chosen, n, must)) goto done;
    for (int k = 0; k < n; k++)
        if (!case_note(g, ev, &as, who, s->record, &oc[chosen[k]], must[k])) goto done;

    /* Follow up what was agreed before: done, still open, or dropped. */
    ActionList al;
    SvcResult rc = actions_of(g->st, viewer_of(g, p->sup), p->ref, true, &al);
    if (rc != SVC_OK) {
        did(g, rc, &e, "reading open actions", who, ev->day);
        goto done;
    }
    for (size_t i = 0; i < al.n && !g->rc; i++) {
        Date due;
        if (!date_parse(al.items[i].due, strlen(al.items[i].due), &due)) continue;
        uint32_t x = rng_below(r, 1000);
        const char *status = NULL, *note = "";
        if (due < s->date)
            status = x < 700 ? "done" : x < 850 ? "open" : x < 920 ? "dropped" : NULL;
        else
            status = x < 450 ? "done" : x < 550 ? "open" : NULL;
        if (!status) continue;
        note = strcmp(status, "done") == 0   ? PICK(r, done_notes)
               : strcmp(status, "open") == 0 ? PICK(r, open_notes)
                                             : PICK(r, dropped_notes);
        if (did(g, record_follow_up(g->st, &as, s->record, al.items[i].ref, status, note, &e), &e,
                "following up an action", who, ev->day) &&
            strcmp(status, "done") == 0)
            g->sum->actions_done++;
    }
    action_list_free(&al);

    /* New actions; the demo worker always leaves their last session with one. */
    uint32_t x = rng_below(r, 1000);
    int na = x < 150 ? 0 : x < 700 ? 1 : 2;
    bool forced = last_past && who == g->worker;
    if (forced && na < 1) na = 1;
    for (int j = 0; j < na && !g->rc; j++) {
        bool mine = (forced && j == 0) || rng_permille(r, 800);
        const char *text, *case_id = NULL;
        if (!practitioner(p))
            text = mine ? PICK(r, actions_other) : PICK(r, actions_other_supervisor);
        else if (!mine)
            text = PICK(r, actions_supervisor);
        else if (n > 0 && rng_permille(r, 500))
            case_id = oc[chosen[rng_below(r, (uint32_t)n)]].id, text = fill(&bufs[15], PICK(r, actions_case), case_id);
        else
            text = PICK(r, actions_supervisee);
        /* Due by the next session or so; later from the last one. */
        Date due = s->date + (last_past && !pl->overdue ? rng_range(r, 14, 42) : rng_range(r, 7, 28));
        if (forced && j == 0 && due < g->today + 7) due = g->today + rng_range(r, 7, 21);
        char day[11];
        date_format(due, day);
        did(g, record_add_action(g->st, &as, s->record, mine ? p->id : sup->id, text, day, case_id, &e), &e,
            "agreeing an action", who, ev->day);
    }
done:
    for (size_t i = 0; i < 16; i++) buf_free(&bufs[i]);
    free(oc);
}

static void do_informal(Gen *g, const Event *ev, const Informal *in)
{
    const Person *p = &g->people[in->worker];
    OpenCase *oc = xcalloc(MAX_OPEN, sizeof *oc);
    int nc = open_cases(g, p, in->date, oc, MAX_OPEN);
    if (nc > 0) {
        const OpenCase *c = &oc[rng_below(&g->rng, (uint32_t)nc)];
        int d = decision_for(g, c->category);
        char day[11];
        date_format(in->date, day);
        SvcActor a = actor_of(g, in->by_worker ? in->worker : p->sup, ev);
        SvcError e = {0};
        if (did(g, discussion_informal(g->st, &a, c->id, day, decisions[d].decision, decisions[d].rationale, &e), &e,
                "recording an informal discussion", in->worker, ev->day))
            g->sum->informal++;
    }
    free(oc);
}

static void do_group(Gen *g, const Event *ev, const Group *gr)
{
    const char *ids[8];
    GroupCase cases[3];
    size_t ncases = 0;
    OpenCase *oc = xcalloc(MAX_OPEN, sizeof *oc);
    for (int i = 0; i < gr->natt; i++) {
        ids[i] = g->people[gr->att[i]].id;
        if (ncases >= 3) continue;
        int nc = open_cases(g, &g->people[gr->att[i]], gr->date, oc, MAX_OPEN);
        if (nc < 0) break;
        if (nc == 0) continue;
        const OpenCase *c = &oc[rng_below(&g->rng, (uint32_t)nc)];
        cases[ncases].case_id = arena_strndup(&g->strings, c->id, strlen(c->id));
        cases[ncases++].decision = decisions[decision_for(g, c->category)].decision;
    }
    free(oc);
    if (g->rc) return;
    char day[11];
    date_format(gr->date, day);
    SvcActor a = actor_of(g, gr->leader, ev);
    SvcError e = {0};
    if (did(g, group_session(g->st, &a, day, ids, (size_t)gr->natt, cases, ncases, &e), &e, "recording a group session",
            gr->leader, ev->day))
        g->sum->group++;
}

static void play(Gen *g, Event *ev)
{
    if (ev->kind == EV_AG_WRITE || ev->kind == EV_AG_AGREE) return do_agreement(g, ev);
    if (ev->kind == EV_INFORMAL) return do_informal(g, ev, &g->inf[ev->a]);
    if (ev->kind == EV_GROUP) return do_group(g, ev, &g->groups[ev->a]);
    Plan *pl = &g->plans[ev->a];
    Sess *s = &pl->s[ev->b];
    const int32_t who = pl->who, sup = g->people[who].sup;
    Rng *r = &g->rng;
    SvcError e = {0};
    SvcActor ap = actor_of(g, who, ev), as = actor_of(g, sup, ev);
    /* People read their inbox when they come to sign, dispute or write. */
    if (ev->kind == EV_SIGN || ev->kind == EV_SIGN2 || ev->kind == EV_DISPUTE)
        did(g, inbox_mark_read(g->st, &ap), &e, "reading the inbox", who, ev->day);
    if (ev->kind == EV_HOLD) did(g, inbox_mark_read(g->st, &as), &e, "reading the inbox", who, ev->day);
    if (g->rc) return;
    switch (ev->kind) {
    case EV_BOOK: book(g, ev, s->by_supervisee ? who : sup, who, s->date, s->start, &s->booking); break;
    case EV_PREBOOK: book(g, ev, sup, who, s->prebook, s->start, &s->prebooking); break;
    case EV_CANCEL: {
        int32_t by = rng_permille(r, 500) ? who : sup;
        SvcActor a = actor_of(g, by, ev);
        if (!did(g, booking_cancel(g->st, &a, s->prebooking, PICK(r, cancel_reasons), &e), &e, "cancelling a booking",
                 who, ev->day))
            break;
        g->sum->cancelled++;
        Event later = *ev;
        later.at += 30 * 60;
        book(g, &later, sup, who, s->date, s->start, &s->booking);
        break;
    }
    case EV_CANCEL_UPCOMING: {
        if (!did(g, booking_cancel(g->st, &ap, s->booking, PICK(r, cancel_reasons), &e), &e, "cancelling a booking",
                 who, ev->day))
            break;
        g->sum->cancelled++;
        Event later = *ev;
        later.at += 10 * 60;
        book(g, &later, sup, who, s->rebook, s->start, &s->booking);
        break;
    }
    case EV_AGENDA: do_agenda(g, ev, pl, s); break;
    case EV_HOLD: {
        bool last_past = ev->b + 1 == (int32_t)pl->n || pl->s[ev->b + 1].upcoming;
        do_hold(g, ev, pl, s, last_past);
        break;
    }
    case EV_SEND: did(g, record_send(g->st, &as, s->record, &e), &e, "sending a record", who, ev->day); break;
    case EV_SIGN:
        if (s->confidential && !did(g, record_confidential(g->st, &ap, s->record, "wellbeing", true, &e), &e,
                                    "marking a record's item confidential", who, ev->day))
            break;
        /* fall through */
    case EV_SIGN2: did(g, record_sign(g->st, &ap, s->record, &e), &e, "signing a record", who, ev->day); break;
    case EV_DISPUTE:
        did(g, record_disagree(g->st, &ap, s->record, PICK(r, disagreements), &e), &e, "disagreeing with a record", who,
            ev->day);
        break;
    case EV_ESCALATE:
        if (did(g, escalation_raise(g->st, &ap, s->record, PICK(r, escalation_texts), &s->escalation, &e), &e,
                "escalating a disagreement", who, ev->day))
            g->sum->escalations++;
        break;
    case EV_RESPOND: {
        SvcActor a = actor_of(g, escalation_to(g, pl), ev);
        did(g, escalation_respond(g->st, &a, s->escalation, escalation_response, true, &e), &e,
            "answering an escalation", who, ev->day);
        break;
    }
    case EV_AMEND: {
        const char *texts[16] = {0};
        for (size_t i = 0; i < record_ntopics && i < 16; i++)
            if (strcmp(record_topics[i].id, "workload") == 0) texts[i] = amend_workload;
        if (did(g, record_amend(g->st, &as, s->record, amend_reason, &e), &e, "changing a signed record", who,
                ev->day) &&
            did(g, record_save(g->st, &as, s->record, texts, NULL, &e), &e, "writing a record", who, ev->day))
            did(g, record_send(g->st, &as, s->record, &e), &e, "sending a record", who, ev->day);
        break;
    }
    default: break;
    }
}

/* ---------------------------------------------------------------- the whole */

static void summarise(Gen *g)
{
    DemoSupervisionSummary *sum = g->sum;
    for (size_t a = 0; a < g->nags; a++) {
        sum->agreements++;
        sum->agreements_waiting += g->ags[a].kind == AG_WAITING;
        sum->agreements_review_soon += g->ags[a].kind == AG_REVIEW_SOON;
        sum->agreements_review_due += g->ags[a].kind == AG_REVIEW_DUE;
    }
    for (size_t k = 0; k < g->nplans && !g->rc; k++) {
        const Plan *pl = &g->plans[k];
        for (size_t i = 0; i < pl->n; i++) {
            const Sess *s = &pl->s[i];
            if (s->upcoming) {
                sum->booked++;
                continue;
            }
            sum->records++;
            switch (s->fate) {
            case F_SIGNED:
            case F_RESOLVED: sum->signed_++; break;
            case F_WAITING:
                sum->waiting++;
                sum->waiting_overdue += interval_add(s->send, g->pol->sign_within) < g->today;
                break;
            case F_DRAFT: sum->drafts++; break;
            default: sum->disputed++; break;
            }
            sum->escalations_overdue += s->fate == F_ESCALATED;
        }
        ActionList al;
        if (actions_of(g->st, viewer_of(g, pl->who), g->people[pl->who].ref, true, &al) != SVC_OK) {
            fail_store(g, "reading actions");
            break;
        }
        for (size_t i = 0; i < al.n; i++) {
            Date due;
            sum->actions_open++;
            sum->actions_overdue += date_parse(al.items[i].due, strlen(al.items[i].due), &due) && due < g->today;
        }
        action_list_free(&al);
    }
}

static void gen_free(Gen *g)
{
    for (int32_t i = 0; i < g->n; i++) free(g->people[i].viewer);
    for (size_t k = 0; k < g->nplans; k++) {
        free(g->plans[k].s);
        free(g->plans[k].busy);
    }
    free(g->people);
    free(g->plans);
    free(g->ags);
    free(g->inf);
    free(g->groups);
    free(g->heap);
    arena_free(&g->strings);
}

int demo_supervision(Store *st, const Policy *pol, const DemoSupervisionParams *p, DemoSupervisionSummary *out,
                     char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    Gen g = {.st = st, .pol = pol, .today = p->today, .sum = out, .err = err, .errlen = errlen, .concern_plan = -1};
    rng_seed_one(&g.rng, p->seed * 0xD1B54A32D192ED03ull + 0x5EED);
    if (load_people(&g)) goto done;
    g.worker = index_of_id(&g, p->worker);
    g.manager = index_of_id(&g, p->manager);

    /* Who: everyone supervised, shuffled, the demo's own people first. */
    int32_t *order = xcalloc((size_t)g.n + 1, sizeof *order);
    size_t nsup = 0, ncore = 0;
    for (int32_t i = 0; i < g.n; i++)
        if (supervisee(&g, &g.people[i])) order[nsup++] = i;
    rng_shuffle(&g.rng, order, nsup);
    for (size_t i = 0; i < nsup; i++) {
        const Person *q = &g.people[order[i]];
        if (order[i] == g.worker || order[i] == g.manager || (g.manager >= 0 && q->sup == g.manager)) {
            int32_t t = order[ncore];
            order[ncore++] = order[i];
            order[i] = t;
        }
    }
    /* Someone with family placement cases (a category with a checklist)
     * among the sample, for its checklists and incidents. */
    if (mark_checklist_workers(&g) == 0) {
        bool have = false;
        for (size_t i = 0; i < ncore; i++) have = have || g.people[order[i]].checklist_cases;
        for (size_t i = ncore; i < nsup && !have; i++)
            if (g.people[order[i]].checklist_cases) {
                int32_t t = order[ncore];
                order[ncore] = order[i];
                order[i] = t;
                have = true;
            }
    }
    size_t nsample = ncore + (size_t)(14 + g.n / 25);
    if (nsample > MAX_SAMPLE) nsample = ncore > MAX_SAMPLE ? ncore : MAX_SAMPLE;
    if (nsample > nsup) nsample = nsup;
    size_t nag = nsup < MAX_AGREEMENTS ? nsup : MAX_AGREEMENTS;

    int kinds[AG_REVIEW_DUE + 1] = {0};
    for (size_t i = 0; i < nag; i++) {
        AgPlan a;
        if (!plan_agreement(&g, order[i], -1, &a)) {
            kinds[AG_NONE]++;
            continue;
        }
        kinds[a.kind]++;
        xgrow((void **)&g.ags, &g.agcap, g.nags + 1, sizeof(AgPlan));
        g.ags[g.nags++] = a;
    }
    /* Every kind at least once, when the draw left one out. */
    for (int kind = AG_NONE; kind <= AG_REVIEW_DUE; kind++) {
        for (size_t k = g.nags; !kinds[kind] && kind != AG_IN_FORCE && k-- > 0;) {
            AgPlan a;
            int32_t who = g.ags[k].who;
            if (g.ags[k].kind != AG_IN_FORCE || who == g.worker || who == g.manager) continue;
            if (kind == AG_NONE) {
                g.ags[k] = g.ags[--g.nags];
                kinds[kind]++;
            } else if (plan_agreement(&g, who, kind, &a) && a.kind == kind) {
                g.ags[k] = a;
                kinds[kind]++;
            }
        }
    }
    for (size_t i = 0; i < nsample && !g.rc; i++) plan_sessions(&g, order[i]);
    free(order);
    if (g.rc) goto done;

    /* The states worth seeing: disputes (resolved, escalated and waiting,
     * just raised), confidential items, cancellations. */
    bool *used = xcalloc(g.nplans + 1, sizeof *used);
    choose(&g, test_resolved, false, used);
    choose(&g, test_escalated, false, used);
    choose(&g, test_disputed, false, used);
    choose(&g, test_unsigned, false, used);
    choose(&g, test_unsigned, false, used);
    free(used);
    if (!choose(&g, test_confidential, true, NULL)) choose(&g, test_confidential, false, NULL);
    choose(&g, test_confidential, false, NULL);
    choose(&g, test_worry, false, NULL);
    choose(&g, test_prebook, false, NULL);
    choose(&g, test_cancel_upcoming, false, NULL);
    if (g.worker >= 0 && g.people[g.worker].plan >= 0) {
        Plan *pl = &g.plans[g.people[g.worker].plan];
        if (pl->n && pl->s[pl->n - 1].upcoming) pl->s[pl->n - 1].sample = true;
    }

    /* Informal discussions and group sessions. */
    if (g.worker >= 0 && g.people[g.worker].sup >= 0 && supervisee(&g, &g.people[g.worker]))
        plan_informal(&g, g.worker, true);
    for (size_t k = 0, extra = g.nplans / 12; k < g.nplans && extra; k++) {
        int32_t who = g.plans[k].who;
        if (who == g.worker || !practitioner(&g.people[who])) continue;
        plan_informal(&g, who, rng_permille(&g.rng, 500));
        extra--;
    }
    if (g.manager >= 0) plan_group(&g, g.manager);
    for (size_t k = 0, extra = g.nplans / 30; k < g.nplans && extra; k++) {
        int32_t leader = g.people[g.plans[k].who].sup;
        bool seen = leader == g.manager;
        for (size_t i = 0; i < g.ngroups; i++) seen = seen || g.groups[i].leader == leader;
        if (seen) continue;
        size_t before = g.ngroups;
        plan_group(&g, leader);
        if (g.ngroups > before) extra--;
    }

    push_plans(&g);
    while (g.nheap && !g.rc) {
        Event ev = event_pop(&g);
        play(&g, &ev);
    }
    if (!g.rc) summarise(&g);
done:;
    int rc = g.rc;
    gen_free(&g);
    return rc;
}
