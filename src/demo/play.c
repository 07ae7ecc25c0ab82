/* play.c: the demo council's supervision played (play.h).
 *
 * Each step is one service call (or a few: writing a record is starting it,
 * saving its items, discussing cases, following up actions), made as the
 * person who would take it. What they write is drawn here, not planned: the
 * cases open on the day and the due list at the time of the session depend
 * on what was played before. */
#include "demo/play.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "demo/text.h"
#include "svc/access.h"
#include "svc/agreement.h"
#include "svc/booking.h"
#include "svc/concern.h"
#include "svc/council.h"
#include "svc/discussion.h"
#include "svc/due.h"
#include "svc/escalation.h"
#include "svc/feedback.h"
#include "svc/inbox.h"
#include "svc/record.h"
#include "svc/workload.h"

/* The playing, and what it has made so far. */
typedef struct {
    Store *st;
    DemoPlan *d;
    const Policy *pol;
    Date today;
    Rng rng;          /* goes on from where the plan stopped */
    Viewer **viewers; /* per person, loaded the first time they act */
    Arena strings;
    DemoSupervisionSummary *sum;
    char *err;
    size_t errlen;
    int rc;
    int32_t concern_plan; /* the plan whose next session resolves concern_case's incident, or -1 */
    char concern_case[65];
} Player;

/* One of the phrases, at random. */
static const char *pick(Rng *r, const Phrases *p) { return p->items[rng_below(r, (uint32_t)p->n)]; }

static int fail_store(Player *g, const char *what)
{
    if (!g->rc) {
        strfmt(g->err, g->errlen, "demo supervision: %s: %s", what, store_error(g->st));
        g->rc = 3;
    }
    return g->rc;
}

/* The person's open cases on d (at most max); how many, or -1 when the
 * store failed. */
static int open_cases(Player *g, const PlanPerson *p, Date d, CouncilCase *out, int max)
{
    size_t n;
    if (council_open_cases(g->st, p->ref, d, out, (size_t)max, &n) != SVC_OK) return fail_store(g, "reading cases"), -1;
    return (int)n;
}

#define MAX_OPEN 200

/* ---------------------------------------------------------------- acting */

static const Viewer *viewer_of(Player *g, int32_t who)
{
    if (!g->viewers[who]) {
        g->viewers[who] = xcalloc(1, sizeof(Viewer));
        if (access_load(g->st, 0, g->d->people[who].ref, g->viewers[who]) != STORE_OK)
            fail_store(g, "reading who manages whom");
    }
    return g->viewers[who];
}

static SvcActor actor_of(Player *g, int32_t who, const PlanEvent *ev)
{
    return (SvcActor){viewer_of(g, who), g->pol, ev->day, ev->at};
}

/* True when the service did it; otherwise records why and stops the run. */
static bool did(Player *g, SvcResult rc, const SvcError *e, const char *what, int32_t who, Date day)
{
    if (rc == SVC_OK) return !g->rc;
    if (g->rc) return false;
    char d[11];
    date_format(day, d);
    if (rc == SVC_FAILED) {
        strfmt(g->err, g->errlen, "demo supervision: %s (%s, %s): %s", what, g->d->people[who].id, d,
               store_error(g->st));
        g->rc = 3;
    } else {
        strfmt(g->err, g->errlen, "demo supervision: %s (%s, %s) was refused: %s", what, g->d->people[who].id, d,
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

static bool book(Player *g, const PlanEvent *ev, int32_t by, int32_t who, Date date, int start, int64_t *ref)
{
    const PlanPerson *p = &g->d->people[who];
    SvcActor a = actor_of(g, by, ev);
    char day[11], at[6], warning[256];
    date_format(date, day);
    hhmm(start, at);
    BookingInput in = {p->ref, day, at, "", plan_place(p)};
    SvcError e = {0};
    return did(g, booking_add(g->st, &a, &in, ref, warning, sizeof warning, &e), &e, "booking a session", who, ev->day);
}

static void do_agreement(Player *g, const PlanEvent *ev)
{
    PlanAgreement *ag = &g->d->ags[ev->a];
    const PlanPerson *p = &g->d->people[ag->who];
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
                        .place = plan_place(p),
                        .record_keeping = d.record_keeping,
                        .content = d.content,
                        .confidentiality = d.confidentiality,
                        .disagreements = d.disagreements};
    SvcActor a = actor_of(g, p->sup, ev);
    did(g, agreement_write(g->st, &a, p->ref, &t, &ag->ref[ev->b], &e), &e, "writing an agreement", ag->who, ev->day);
    agreement_free(&d);
}

/* The last agenda item of kind by author, or 0. */
static int64_t agenda_item(Player *g, const PlanSession *s, int32_t author, const char *kind)
{
    Booking b;
    int64_t ref = 0;
    if (booking_get(g->st, viewer_of(g, author), s->booking, &b) != SVC_OK) return 0;
    Agenda ag;
    if (agenda_items(g->st, viewer_of(g, author), &b, &ag) != SVC_OK) return 0;
    for (size_t i = 0; i < ag.n; i++)
        if (strcmp(ag.items[i].kind, kind) == 0 && strcmp(ag.items[i].author_id, g->d->people[author].id) == 0)
            ref = ag.items[i].ref;
    agenda_free(&ag);
    return ref;
}

static void do_agenda(Player *g, const PlanEvent *ev, PersonPlan *pl, PlanSession *s)
{
    Rng *r = &g->rng;
    const int32_t who = pl->who, sup = g->d->people[who].sup;
    const bool worker_next = who == g->d->worker && s->upcoming;
    SvcActor ap = actor_of(g, who, ev), as = actor_of(g, sup, ev);
    SvcError e = {0};
    Buf b = {0};
    CouncilCase *oc = xcalloc(MAX_OPEN, sizeof *oc);
    int nc = open_cases(g, &g->d->people[who], ev->day, oc, MAX_OPEN);
    if (nc < 0) goto done;
    if (s->worry_confidential || worker_next || rng_permille(r, 400)) {
        const char *w = nc > 0 ? pick(r, &text_worries) : pick(r, &text_worries_other);
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
        if (!did(g, agenda_add(g->st, &as, s->booking, "topic", pick(r, &text_topics_supervisor), NULL, false, &e), &e,
                 "adding a topic to an agenda", who, ev->day))
            goto done;
    if (rng_permille(r, 250))
        if (!did(g, agenda_add(g->st, &ap, s->booking, "topic", pick(r, &text_topics_supervisee), NULL, false, &e), &e,
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

/* A text for a case of this category, or for any case when none is. */
static const char *by_category(Player *g, const TextByCategories *t, const char *category)
{
    size_t match[32], m = 0;
    for (size_t i = 0; i < t->n && m < 32; i++)
        if (strcmp(t->items[i].category, category) == 0) match[m++] = i;
    if (!m)
        for (size_t i = 0; i < t->n && m < 32; i++)
            if (!t->items[i].category[0]) match[m++] = i;
    return t->items[match[rng_below(&g->rng, (uint32_t)m)]].text;
}

/* A decision for a case of this category, the same way. */
static const TextDecision *decision_for(Player *g, const char *category)
{
    const TextDecisions *t = &text_decisions;
    size_t match[32], m = 0;
    for (size_t i = 0; i < t->n && m < 32; i++)
        if (strcmp(t->items[i].category, category) == 0) match[m++] = i;
    if (!m)
        for (size_t i = 0; i < t->n && m < 32; i++)
            if (!t->items[i].category[0]) match[m++] = i;
    return &t->items[match[rng_below(&g->rng, (uint32_t)m)]];
}

/* An answer to this prompt, or the one for any prompt. */
static const char *answer_for(Player *g, const char *prompt)
{
    const TextAnswers *t = &text_answers;
    size_t match[32], m = 0;
    for (size_t i = 0; i < t->n && m < 32; i++)
        if (strcmp(t->items[i].prompt, prompt) == 0) match[m++] = i;
    if (!m) return t->items[t->n - 1].text;
    return t->items[match[rng_below(&g->rng, (uint32_t)m)]].text;
}

/* The id of the category's checklist topic about incidents, or NULL. */
static const char *incidents_topic(const Category *cat)
{
    for (size_t i = 0; cat && i < cat->nchecklist; i++)
        if (strstr(cat->checklist[i].id, "incident")) return cat->checklist[i].id;
    return NULL;
}

/* One case discussed in the record; must: a checklist topic it covers. */
static bool case_note(Player *g, const PlanEvent *ev, SvcActor *as, int32_t who, int64_t record, const CouncilCase *c,
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
        /* Every topic when the policy asks for each at least so often. */
        size_t want = cat->has_checklist_every ? cat->nchecklist : (size_t)rng_range(r, 2, 4);
        for (size_t i = 0; i < cat->nchecklist && nlist < POLICY_CHECKLIST_MAX; i++)
            if (rng_below(r, (uint32_t)(cat->nchecklist - i)) < want - nlist ||
                (must && strcmp(must, cat->checklist[i].id) == 0))
                list[nlist++] = cat->checklist[i].id;
    }
    const TextDecision *d = decision_for(g, c->category);
    bool departs = rng_permille(r, 50);
    CaseNoteInput in = {
        .case_id = c->id,
        .prompts = set ? set->id : "",
        .answers = set ? ans : NULL,
        .synopsis = rng_permille(r, 750) ? by_category(g, &text_synopses, c->category) : "",
        .analysis = rng_permille(r, 500) ? by_category(g, &text_analyses, c->category) : "",
        .decision = d->decision,
        .rationale = d->rationale,
        .tasks = rng_permille(r, 400) ? pick(r, &text_further_tasks) : "",
        .departure = departs ? pick(r, &text_departures) : "",
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

/* The most cases discussed in one session: a fostering worker's carers all
 * come up each month. */
#define CHOSEN_MAX 24

/* The cases discussed: those on the agenda, then the most pressing on the
 * due list, now and then one at random; every child, in a residential home. */
static int choose_cases(Player *g, const PlanPerson *p, const PlanSession *s, const CouncilCase *oc, int nc,
                        int *chosen)
{
    Rng *r = &g->rng;
    int n = 0, want;
    if (strcmp(p->role, "residential") == 0) {
        for (int i = 0; i < nc && n < 6; i++) chosen[n++] = i;
        return n;
    }
    /* Family placements come up at every session, their checklist with them
     * (the policy's checklist-every): a well-run council keeps to it. */
    for (int i = 0; i < nc && n < CHOSEN_MAX - 3; i++) {
        const Category *cat = policy_category(g->pol, oc[i].category, strlen(oc[i].category));
        if (cat && cat->has_checklist_every && cat->nchecklist) chosen[n++] = i;
    }
    uint32_t x = rng_below(r, 1000);
    want = n + (x < 250 ? 1 : x < 750 ? 2 : 3);
    if (want > nc) want = nc;
    for (int k = 0; k < s->ncases && n < want; k++)
        for (int i = 0; i < nc && n < want; i++) {
            bool dup = false;
            for (int j = 0; j < n; j++) dup = dup || chosen[j] == i;
            if (!dup && strcmp(oc[i].id, s->cases[k]) == 0) chosen[n++] = i;
        }
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
static bool concerns(Player *g, const PlanEvent *ev, const PersonPlan *pl, const PlanSession *s, const CouncilCase *oc,
                     const int *chosen, int n, const char **must)
{
    Rng *r = &g->rng;
    const int32_t who = pl->who, sup = g->d->people[who].sup;
    SvcError e = {0};
    char day[11];
    date_format(s->date, day);
    if (g->concern_plan == (int32_t)(pl - g->d->plans)) {
        ConcernList cl;
        SvcActor as = actor_of(g, sup, ev);
        if (concerns_open_of_worker(g->st, as.viewer, g->d->people[who].ref, &cl) != SVC_OK)
            return fail_store(g, "reading incidents"), false;
        for (size_t i = 0; i < cl.n && !g->rc; i++)
            if (strcmp(cl.items[i].case_id, g->concern_case) == 0 &&
                did(g, concern_resolve(g->st, &as, cl.items[i].ref, day, text_incident_resolved, &e), &e,
                    "resolving an incident", who, ev->day))
                g->sum->concerns_open--;
        concern_list_free(&cl);
        g->concern_plan = -1;
    }
    for (int k = 0; k < n && !g->rc; k++) {
        const CouncilCase *c = &oc[chosen[k]];
        const Category *cat = policy_category(g->pol, c->category, strlen(c->category));
        if (!cat || !cat->nchecklist || g->sum->concerns >= 2 || !rng_permille(r, 250)) continue;
        bool first = g->sum->concerns == 0;
        char when[11];
        date_format(s->date - rng_range(r, 1, 6), when);
        SvcActor ap = actor_of(g, who, ev);
        if (!did(g,
                 concern_raise(g->st, &ap, c->id, first ? "incident" : "allegation", when,
                               first ? text_incident : text_allegation, &e),
                 &e, "raising an incident", who, ev->day))
            break;
        g->sum->concerns++;
        g->sum->concerns_open++;
        must[k] = incidents_topic(cat);
        if (first) {
            g->concern_plan = (int32_t)(pl - g->d->plans);
            strfmt(g->concern_case, sizeof g->concern_case, "%s", c->id);
        }
    }
    return !g->rc;
}

/* The session is held: the supervisor starts the record and writes it,
 * follows up the open actions and agrees new ones. */
static void do_hold(Player *g, PlanEvent *ev, PersonPlan *pl, PlanSession *s, bool last_past)
{
    Rng *r = &g->rng;
    const int32_t who = pl->who;
    const PlanPerson *p = &g->d->people[who], *sup = &g->d->people[p->sup];
    SvcActor as = actor_of(g, p->sup, ev);
    SvcError e = {0};
    if (!did(g, record_start(g->st, &as, s->booking, &s->record, &e), &e, "starting a record", who, ev->day)) return;
    as.now += 90 * 60; /* written up after the session */
    CouncilCase *oc = xcalloc(MAX_OPEN, sizeof *oc);
    Buf bufs[16] = {{0}};
    int chosen[CHOSEN_MAX];
    int nc = open_cases(g, p, s->date, oc, MAX_OPEN);
    if (nc < 0) goto done;

    const char *texts[16] = {0};
    bool conf[16] = {false};
    for (size_t i = 0; i < record_ntopics && i < 16; i++) {
        const char *id = record_topics[i].id;
        if (strcmp(id, "workload") == 0)
            texts[i] = nc > 0 ? pick(r, &text_workload_worker) : pick(r, &text_workload_other);
        else if (strcmp(id, "wellbeing") == 0 && (s->confidential || rng_permille(r, 900)))
            texts[i] = pick(r, &text_wellbeing), conf[i] = s->confidential;
        else if (strcmp(id, "leave") == 0 && rng_permille(r, 500))
            texts[i] = pick(r, &text_leave);
        else if (strcmp(id, "events") == 0 && rng_permille(r, 400))
            texts[i] = pick(r, &text_events);
        else if (strcmp(id, "needs") == 0 && rng_permille(r, 400))
            texts[i] = pick(r, &text_needs);
        else if (strcmp(id, "training") == 0 && rng_permille(r, 500))
            texts[i] = pick(r, &text_training);
        else if (strcmp(id, "first-year") == 0 && strcmp(p->role, "nqsw") == 0)
            texts[i] = pick(r, &text_first_year);
        else if (strcmp(id, "registration") == 0 && plan_practitioner(p) && rng_permille(r, 200))
            texts[i] = pick(r, &text_registration);
        else if (strcmp(id, "notes") == 0 && rng_permille(r, 250))
            texts[i] = pick(r, &text_notes);
    }
    if (!did(g, record_save(g->st, &as, s->record, texts, conf, &e), &e, "writing a record", who, ev->day)) goto done;

    int n = choose_cases(g, p, s, oc, nc, chosen);
    if (n < 0) goto done;
    const char *must[CHOSEN_MAX] = {NULL};
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
        note = strcmp(status, "done") == 0   ? pick(r, &text_done_notes)
               : strcmp(status, "open") == 0 ? pick(r, &text_open_notes)
                                             : pick(r, &text_dropped_notes);
        if (did(g, record_follow_up(g->st, &as, s->record, al.items[i].ref, status, note, &e), &e,
                "following up an action", who, ev->day) &&
            strcmp(status, "done") == 0)
            g->sum->actions_done++;
    }
    action_list_free(&al);

    /* New actions; the demo worker always leaves their last session with one. */
    uint32_t x = rng_below(r, 1000);
    int na = x < 150 ? 0 : x < 700 ? 1 : 2;
    bool forced = last_past && who == g->d->worker;
    if (forced && na < 1) na = 1;
    for (int j = 0; j < na && !g->rc; j++) {
        bool mine = (forced && j == 0) || rng_permille(r, 800);
        const char *text, *case_id = NULL;
        if (!plan_practitioner(p)) {
            text = mine ? pick(r, &text_actions_other) : pick(r, &text_actions_other_supervisor);
        } else if (!mine) {
            text = pick(r, &text_actions_supervisor);
        } else if (n > 0 && rng_permille(r, 500)) {
            case_id = oc[chosen[rng_below(r, (uint32_t)n)]].id;
            text = fill(&bufs[15], pick(r, &text_actions_case), case_id);
        } else {
            text = pick(r, &text_actions_supervisee);
        }
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

static void do_informal(Player *g, const PlanEvent *ev, const PlanInformal *in)
{
    const PlanPerson *p = &g->d->people[in->worker];
    CouncilCase *oc = xcalloc(MAX_OPEN, sizeof *oc);
    int nc = open_cases(g, p, in->date, oc, MAX_OPEN);
    if (nc > 0) {
        const CouncilCase *c = &oc[rng_below(&g->rng, (uint32_t)nc)];
        const TextDecision *d = decision_for(g, c->category);
        char day[11];
        date_format(in->date, day);
        SvcActor a = actor_of(g, in->by_worker ? in->worker : p->sup, ev);
        SvcError e = {0};
        if (did(g, discussion_informal(g->st, &a, c->id, day, d->decision, d->rationale, &e), &e,
                "recording an informal discussion", in->worker, ev->day))
            g->sum->informal++;
    }
    free(oc);
}

static void do_group(Player *g, const PlanEvent *ev, const PlanGroup *gr)
{
    const char *ids[8];
    GroupCase cases[3];
    size_t ncases = 0;
    CouncilCase *oc = xcalloc(MAX_OPEN, sizeof *oc);
    for (int i = 0; i < gr->natt; i++) {
        ids[i] = g->d->people[gr->att[i]].id;
        if (ncases >= 3) continue;
        int nc = open_cases(g, &g->d->people[gr->att[i]], gr->date, oc, MAX_OPEN);
        if (nc < 0) break;
        if (nc == 0) continue;
        const CouncilCase *c = &oc[rng_below(&g->rng, (uint32_t)nc)];
        cases[ncases].case_id = arena_strndup(&g->strings, c->id, strlen(c->id));
        cases[ncases++].decision = decision_for(g, c->category)->decision;
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

/* After a record is signed: most supervisees answer the four questions,
 * some say "not now"; now and then one says their workload is
 * unmanageable, and the supervisor answers it. Decided from the record's
 * key, not the generator, so the rest of the demo is as it was. */
static void after_signing(Player *g, const PlanEvent *ev, const SvcActor *ap, const SvcActor *as, int64_t record,
                          int32_t who)
{
    uint32_t h = (uint32_t)record * 2654435761u;
    SvcError e = {0};
    FeedbackAsk ask = FEEDBACK_NOT_ASKED;
    if (feedback_asked(g->st, ap->viewer, record, &ask) != SVC_OK) {
        fail_store(g, "reading a record's feedback");
        return;
    }
    if (ask != FEEDBACK_ASKED) return; /* signed again after a change: asked once */
    if (h % 10 < 6) {
        char v[FEEDBACK_QUESTIONS][2];
        const char *scores[FEEDBACK_QUESTIONS];
        for (int i = 0; i < FEEDBACK_QUESTIONS; i++) {
            uint32_t k = (h >> (4 + 3 * i)) % 8;
            v[i][0] = (char)('0' + (k < 1 ? 2 : k < 3 ? 3 : k < 6 ? 4 : 5));
            v[i][1] = 0;
            scores[i] = v[i];
        }
        const char *comment = (h >> 20) % 3 == 0 ? text_feedback_comments[(h >> 24) % TEXT_FEEDBACK_COMMENTS] : "";
        did(g, feedback_give(g->st, ap, record, scores, comment, &e), &e, "answering how supervision felt", who,
            ev->day);
    } else if (h % 10 < 8)
        did(g, feedback_not_now(g->st, ap, record, &e), &e, "putting off the feedback questions", who, ev->day);
    if (g->rc || (h >> 8) % 25 != 0) return;
    int64_t concern = 0;
    if (did(g, workload_raise(g->st, ap, text_workload_concern, &concern, &e), &e, "raising a workload concern", who,
            ev->day) &&
        (h >> 16) % 2 == 0)
        did(g, workload_respond(g->st, as, concern, text_workload_answer, &e), &e, "answering a workload concern", who,
            ev->day);
}

static void play(Player *g, PlanEvent *ev)
{
    if (ev->kind == EV_AG_WRITE || ev->kind == EV_AG_AGREE) return do_agreement(g, ev);
    if (ev->kind == EV_INFORMAL) return do_informal(g, ev, &g->d->inf[ev->a]);
    if (ev->kind == EV_GROUP) return do_group(g, ev, &g->d->groups[ev->a]);
    PersonPlan *pl = &g->d->plans[ev->a];
    PlanSession *s = &pl->s[ev->b];
    const int32_t who = pl->who, sup = g->d->people[who].sup;
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
        if (!did(g, booking_cancel(g->st, &a, s->prebooking, pick(r, &text_cancel_reasons), &e), &e,
                 "cancelling a booking", who, ev->day))
            break;
        g->sum->cancelled++;
        PlanEvent later = *ev;
        later.at += 30 * 60;
        book(g, &later, sup, who, s->date, s->start, &s->booking);
        break;
    }
    case EV_CANCEL_UPCOMING: {
        if (!did(g, booking_cancel(g->st, &ap, s->booking, pick(r, &text_cancel_reasons), &e), &e,
                 "cancelling a booking", who, ev->day))
            break;
        g->sum->cancelled++;
        PlanEvent later = *ev;
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
    case EV_SIGN2:
        if (did(g, record_sign(g->st, &ap, s->record, &e), &e, "signing a record", who, ev->day))
            after_signing(g, ev, &ap, &as, s->record, who);
        break;
    case EV_DISPUTE:
        did(g, record_disagree(g->st, &ap, s->record, pick(r, &text_disagreements), &e), &e,
            "disagreeing with a record", who, ev->day);
        break;
    case EV_ESCALATE:
        if (did(g, escalation_raise(g->st, &ap, s->record, pick(r, &text_escalation_texts), &s->escalation, &e), &e,
                "escalating a disagreement", who, ev->day))
            g->sum->escalations++;
        break;
    case EV_RESPOND: {
        SvcActor a = actor_of(g, plan_escalation_to(g->d, pl), ev);
        did(g, escalation_respond(g->st, &a, s->escalation, text_escalation_response, true, &e), &e,
            "answering an escalation", who, ev->day);
        break;
    }
    case EV_AMEND: {
        const char *texts[16] = {0};
        for (size_t i = 0; i < record_ntopics && i < 16; i++)
            if (strcmp(record_topics[i].id, "workload") == 0) texts[i] = text_amend_workload;
        if (did(g, record_amend(g->st, &as, s->record, text_amend_reason, &e), &e, "changing a signed record", who,
                ev->day) &&
            did(g, record_save(g->st, &as, s->record, texts, NULL, &e), &e, "writing a record", who, ev->day))
            did(g, record_send(g->st, &as, s->record, &e), &e, "sending a record", who, ev->day);
        break;
    }
    default: break;
    }
}

/* ---------------------------------------------------------------- the whole */

static void summarise(Player *g)
{
    DemoSupervisionSummary *sum = g->sum;
    for (size_t a = 0; a < g->d->nags; a++) {
        sum->agreements++;
        sum->agreements_waiting += g->d->ags[a].kind == AG_WAITING;
        sum->agreements_review_soon += g->d->ags[a].kind == AG_REVIEW_SOON;
        sum->agreements_review_due += g->d->ags[a].kind == AG_REVIEW_DUE;
    }
    for (size_t k = 0; k < g->d->nplans && !g->rc; k++) {
        const PersonPlan *pl = &g->d->plans[k];
        for (size_t i = 0; i < pl->n; i++) {
            const PlanSession *s = &pl->s[i];
            if (s->upcoming) {
                sum->booked++;
                continue;
            }
            sum->records++;
            switch (s->fate) {
            case FATE_SIGNED:
            case FATE_RESOLVED: sum->signed_++; break;
            case FATE_WAITING:
                sum->waiting++;
                sum->waiting_overdue += interval_add(s->send, g->pol->sign_within) < g->today;
                break;
            case FATE_DRAFT: sum->drafts++; break;
            default: sum->disputed++; break;
            }
            sum->escalations_overdue += s->fate == FATE_ESCALATED;
        }
        ActionList al;
        if (actions_of(g->st, viewer_of(g, pl->who), g->d->people[pl->who].ref, true, &al) != SVC_OK) {
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

int demo_play(Store *st, DemoPlan *d, DemoSupervisionSummary *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    Player g = {.st = st,
                .d = d,
                .pol = d->pol,
                .today = d->today,
                .rng = d->rng,
                .sum = out,
                .err = err,
                .errlen = errlen,
                .concern_plan = -1};
    g.viewers = xcalloc((size_t)d->npeople + 1, sizeof *g.viewers);
    for (size_t i = 0; i < d->nevents && !g.rc; i++) {
        PlanEvent ev = d->events[i];
        play(&g, &ev);
    }
    if (!g.rc) summarise(&g);
    for (int32_t i = 0; i < d->npeople; i++) free(g.viewers[i]);
    free(g.viewers);
    arena_free(&g.strings);
    return g.rc;
}
