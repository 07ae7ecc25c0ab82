/* feedback.c: the decisions of feedback.h. */
#include "svc/feedback.h"

#include <stdio.h>
#include <string.h>

#include "svc/accounts.h"

const char *const feedback_questions[FEEDBACK_QUESTIONS] = {
    "Does the way you are supervised add to your job satisfaction and make you want to go on working here?",
    "Does it make you feel that your employer cares about you and your practice?",
    "Does it increase your confidence, competence and critical thinking?",
    "Does it help you make better decisions for children?",
};
const char *const feedback_fields[FEEDBACK_QUESTIONS] = {"q1", "q2", "q3", "q4"};
const char *const feedback_scale[FEEDBACK_SCALE] = {"Not at all", "A little", "Somewhat", "Mostly", "Very much"};

void feedback_quarter(Date d, char out[FEEDBACK_QUARTER_CHARS])
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    strfmt(out, FEEDBACK_QUARTER_CHARS, "%04d-Q%d", y, (m - 1) / 3 + 1);
}

bool feedback_quarter_parse(const char *s, int *year, int *q)
{
    if (!s || strlen(s) != 7 || s[4] != '-' || s[5] != 'Q' || s[6] < '1' || s[6] > '4') return false;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        y = y * 10 + (s[i] - '0');
    }
    if (y < 1970) return false;
    *year = y;
    *q = s[6] - '0';
    return true;
}

/* ---- asking and answering ---- */

/* The record as feedback needs it: 1 found, 0 not, <0 failed. */
static int record_of(Store *st, int64_t record_ref, int64_t *supervisee, bool *signed_)
{
    Param p[] = {P_INT(record_ref)};
    StoreRows *r = store_query(st, STMT_FEEDBACK_RECORD, p, 1);
    if (!r) return STORE_ERROR;
    int got = store_next(r);
    if (got == 1) {
        *supervisee = store_col_int(r, 0);
        size_t n;
        const char *s = store_col_text(r, 1, &n);
        *signed_ = n == 6 && memcmp(s, "signed", 6) == 0;
    }
    store_rows_close(r);
    return got;
}

/* The mark: 1 answered, 0 "not now", -1 none, STORE_ERROR - 1 (< -1) failed. */
static int mark_of(Store *st, int64_t record_ref)
{
    int64_t answered = 0;
    Param p[] = {P_INT(record_ref)};
    int got = store_query_int(st, STMT_FEEDBACK_MARK_GET, p, 1, &answered);
    if (got < 0) return -2;
    return got == 0 ? -1 : answered ? 1 : 0;
}

SvcResult feedback_asked(Store *st, const Viewer *v, int64_t record_ref, FeedbackAsk *out)
{
    *out = FEEDBACK_NOT_ASKED;
    int64_t supervisee = 0;
    bool signed_ = false;
    if (!v->staff_ref) return SVC_OK;
    int got = record_of(st, record_ref, &supervisee, &signed_);
    if (got < 0) return SVC_FAILED;
    if (got == 0 || supervisee != v->staff_ref || !signed_) return SVC_OK;
    int mark = mark_of(st, record_ref);
    if (mark < -1) return SVC_FAILED;
    *out = mark == 1 ? FEEDBACK_GIVEN : mark == 0 ? FEEDBACK_LATER : FEEDBACK_ASKED;
    return SVC_OK;
}

/* Begins an answer or a "not now": the transaction, then the checks, read
 * inside it. *mark as mark_of. On SVC_OK the transaction is open. */
static SvcResult begin_answer(Store *st, const SvcActor *a, int64_t record_ref, int *mark, SvcError *e)
{
    if (!a->viewer->staff_ref) return svc_fail(e, SVC_NOT_FOUND, "", "There is no such record");
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    int64_t supervisee = 0;
    bool signed_ = false;
    int got = record_of(st, record_ref, &supervisee, &signed_);
    SvcResult rc = SVC_OK;
    if (got < 0) rc = SVC_FAILED;
    /* Only the supervisee is asked; anyone else is answered as if there
     * were no such record (access.h: not yours is not there). */
    else if (got == 0 || supervisee != a->viewer->staff_ref)
        rc = svc_fail(e, SVC_NOT_FOUND, "", "There is no such record");
    else if (!signed_)
        rc = svc_fail(e, SVC_CONFLICT, "",
                      "You are asked how supervision felt once the record is signed by both of you");
    else if ((*mark = mark_of(st, record_ref)) < -1)
        rc = SVC_FAILED;
    else if (*mark == 1)
        rc = svc_fail(e, SVC_CONFLICT, "",
                      "You have already answered for this record. Answers are kept without your name, so they"
                      " cannot be changed.");
    if (rc != SVC_OK) store_rollback(st);
    return rc;
}

/* Where the viewer works now: team and service refs (0 when none). */
static bool place_of(Store *st, int64_t staff_ref, int64_t *team, int64_t *service)
{
    Param p[] = {P_INT(staff_ref)};
    StoreRows *r = store_query(st, STMT_FEEDBACK_PLACE, p, 1);
    if (!r) return false;
    int got = store_next(r);
    if (got == 1) {
        *team = store_col_int(r, 0);
        *service = store_col_int(r, 1);
    }
    store_rows_close(r);
    return got == 1;
}

static Param ref_or_null(int64_t ref) { return ref ? P_INT(ref) : P_NULL; }

/* Writes the mark: a new one, or "not now" turned into answered. */
static bool write_mark(Store *st, const SvcActor *a, int64_t record_ref, int mark, int64_t team, int64_t service,
                       const char *quarter, bool answered)
{
    if (mark == 0) {
        if (!answered) return true; /* "not now" again: nothing changes */
        Param p[] = {P_INT(record_ref), ref_or_null(team), ref_or_null(service), P_STR(quarter)};
        int64_t changed = 0;
        return store_exec(st, STMT_FEEDBACK_MARK_ANSWER, p, 4, &changed) == STORE_OK && changed == 1;
    }
    Param p[] = {P_INT(record_ref), P_INT(a->viewer->staff_ref), ref_or_null(team), ref_or_null(service),
                 P_STR(quarter),    P_INT(answered ? 1 : 0)};
    return store_exec(st, STMT_FEEDBACK_MARK_ADD, p, 6, NULL) == STORE_OK;
}

SvcResult feedback_give(Store *st, const SvcActor *a, int64_t record_ref, const char *const scores[FEEDBACK_QUESTIONS],
                        const char *comment, SvcError *e)
{
    int mark = -1;
    SvcResult rc = begin_answer(st, a, record_ref, &mark, e);
    if (rc != SVC_OK) return rc;
    int64_t score[FEEDBACK_QUESTIONS];
    for (int i = 0; i < FEEDBACK_QUESTIONS && rc == SVC_OK; i++) {
        const char *s = scores[i];
        if (!s || strlen(s) != 1 || s[0] < '1' || s[0] > '0' + FEEDBACK_SCALE)
            rc = svc_fail(e, SVC_INVALID, feedback_fields[i], "Choose an answer from 1 to %d for question %d: %s",
                          FEEDBACK_SCALE, i + 1, feedback_questions[i]);
        else
            score[i] = s[0] - '0';
    }
    if (rc == SVC_OK) rc = svc_text(e, "comment", "your comment", comment ? comment : "", FEEDBACK_COMMENT_MAX, false);
    if (rc != SVC_OK) return svc_finish(st, rc, false);
    int64_t team = 0, service = 0;
    if (!place_of(st, a->viewer->staff_ref, &team, &service)) return svc_finish(st, SVC_FAILED, false);
    char quarter[FEEDBACK_QUARTER_CHARS], id[TOKEN_CHARS + 1];
    feedback_quarter(a->today, quarter);
    /* A random id: neither the key nor the order of the rows (kept in id
     * order) follows the order the answers came in. */
    account_new_token(id);
    Param p[] = {P_STR(id),       ref_or_null(team), ref_or_null(service),
                 P_STR(quarter),  P_INT(score[0]),   P_INT(score[1]),
                 P_INT(score[2]), P_INT(score[3]),   P_STR(comment ? comment : "")};
    /* No audit row: its time, beside the mark, is what the answers must
     * not have (docs/security.md). */
    bool ok = store_exec(st, STMT_FEEDBACK_ANSWER_ADD, p, 9, NULL) == STORE_OK &&
              write_mark(st, a, record_ref, mark, team, service, quarter, true);
    return svc_finish(st, SVC_OK, ok);
}

SvcResult feedback_not_now(Store *st, const SvcActor *a, int64_t record_ref, SvcError *e)
{
    int mark = -1;
    SvcResult rc = begin_answer(st, a, record_ref, &mark, e);
    if (rc != SVC_OK) return rc;
    int64_t team = 0, service = 0;
    if (!place_of(st, a->viewer->staff_ref, &team, &service)) return svc_finish(st, SVC_FAILED, false);
    char quarter[FEEDBACK_QUARTER_CHARS];
    feedback_quarter(a->today, quarter);
    return svc_finish(st, SVC_OK, write_mark(st, a, record_ref, mark, team, service, quarter, false));
}

/* ---- the figures ---- */

void feedback_report_free(FeedbackReport *r)
{
    free(r->whole.comments);
    for (size_t i = 0; i < r->nteams; i++) free(r->teams[i].comments);
    free(r->teams);
    free(r->quarters);
    arena_free(&r->strings);
    memset(r, 0, sizeof *r);
}

/* The quarter asked for, or the last that has ended; false when q is not one. */
static bool chosen_quarter(const SvcActor *a, const char *q, char out[FEEDBACK_QUARTER_CHARS], bool *ended)
{
    char now[FEEDBACK_QUARTER_CHARS];
    feedback_quarter(a->today, now);
    int y, n;
    if (q && *q) {
        if (!feedback_quarter_parse(q, &y, &n)) return false;
        strfmt(out, FEEDBACK_QUARTER_CHARS, "%s", q);
    } else {
        feedback_quarter_parse(now, &y, &n);
        if (--n == 0) {
            n = 4;
            y--;
        }
        strfmt(out, FEEDBACK_QUARTER_CHARS, "%04d-Q%d", y, n);
    }
    *ended = strcmp(out, now) < 0; /* "YYYY-Qn" sorts as time does */
    return true;
}

static FeedbackGroup *group_of(FeedbackReport *r, int64_t *refs, int64_t team)
{
    for (size_t i = 0; i < r->nteams; i++)
        if (refs[i] == team) return &r->teams[i];
    return NULL;
}

/* Adds one answer's scores and comment to g. */
static void add_answer(FeedbackGroup *g, const int64_t score[FEEDBACK_QUESTIONS], const char *comment, size_t *cap)
{
    g->answers++;
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++) g->count[i][score[i] - 1]++;
    if (comment && *comment) {
        xgrow((void **)&g->comments, cap, g->ncomments + 1, sizeof *g->comments);
        g->comments[g->ncomments++] = comment;
    }
}

/* Means, once every answer is in; a group not shown keeps nothing. */
static void settle(FeedbackGroup *g)
{
    if (g->why != FEEDBACK_SHOWN) {
        const char *name = g->name;
        FeedbackWhy why = g->why;
        free(g->comments);
        memset(g, 0, sizeof *g);
        g->name = name;
        g->why = why;
        return;
    }
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++) {
        long sum = 0;
        for (int k = 0; k < FEEDBACK_SCALE; k++) sum += (long)(k + 1) * g->count[i][k];
        long tenths = g->answers ? (sum * 10 + g->answers / 2) / g->answers : 0;
        strfmt(g->mean[i], sizeof g->mean[i], "%ld.%ld", tenths / 10, tenths % 10);
    }
}

/* Fills out for quarter: the groups (team -1: a service's teams), the
 * people behind each from the marks, the answers, and which may be shown. */
/* The report of a team (team's ref; service -1) or a service (team -1),
 * and the quarters that can be chosen: ended before today's (current),
 * each with at least FEEDBACK_MIN_PEOPLE people, so that even the list
 * tells nobody who has just answered. */
static SvcResult fill(Store *st, int64_t team, int64_t service, bool ended, const char *current, FeedbackReport *out)
{
    Param p[] = {P_STR(out->quarter), P_INT(team), P_INT(service)};
    int64_t total = 0;
    if (store_query_int(st, STMT_FEEDBACK_PEOPLE_TOTAL, p, 3, &total) < 0) return SVC_FAILED;
    int64_t *refs = NULL;
    size_t cap = 0;
    int hidden_people = 0;
    StoreRows *r = store_query(st, STMT_FEEDBACK_PEOPLE, p, 3);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        size_t c2 = cap;
        xgrow((void **)&out->teams, &cap, out->nteams + 1, sizeof *out->teams);
        xgrow((void **)&refs, &c2, out->nteams + 1, sizeof *refs);
        FeedbackGroup *g = &out->teams[out->nteams];
        memset(g, 0, sizeof *g);
        refs[out->nteams++] = store_col_int(r, 0);
        g->name = svc_col_dup(&out->strings, r, 1);
        g->people = (int)store_col_int(r, 2);
        /* People in no team are never a group of their own. */
        g->why = !ended                                                          ? FEEDBACK_NOT_ENDED
                 : refs[out->nteams - 1] == 0 || g->people < FEEDBACK_MIN_PEOPLE ? FEEDBACK_TOO_FEW
                                                                                 : FEEDBACK_SHOWN;
        if (g->why == FEEDBACK_TOO_FEW) hidden_people += g->people;
    }
    store_rows_close(r);
    if (got < 0) {
        free(refs);
        return SVC_FAILED;
    }
    FeedbackGroup *w = &out->whole;
    w->people = (int)total;
    w->why = !ended ? FEEDBACK_NOT_ENDED : total < FEEDBACK_MIN_PEOPLE ? FEEDBACK_TOO_FEW : FEEDBACK_SHOWN;
    /* A service's whole, less the teams shown, is the teams not shown: it
     * is shown only when those are none or themselves five people or more. */
    if (team < 0 && w->why == FEEDBACK_SHOWN && hidden_people > 0 && hidden_people < FEEDBACK_MIN_PEOPLE)
        w->why = FEEDBACK_WOULD_REVEAL;
    size_t wcap = 0, *gcap = xcalloc(out->nteams ? out->nteams : 1, sizeof *gcap);
    r = store_query(st, STMT_FEEDBACK_ANSWERS, p, 3);
    if (!r) got = STORE_ERROR;
    while (r && (got = store_next(r)) == 1) {
        int64_t score[FEEDBACK_QUESTIONS];
        for (int i = 0; i < FEEDBACK_QUESTIONS; i++) score[i] = store_col_int(r, 1 + i);
        bool in_range = true;
        for (int i = 0; i < FEEDBACK_QUESTIONS; i++) in_range = in_range && score[i] >= 1 && score[i] <= FEEDBACK_SCALE;
        if (!in_range) continue; /* the schema's checks keep these out */
        const char *comment = svc_col_dup(&out->strings, r, 5);
        add_answer(w, score, comment, &wcap);
        FeedbackGroup *g = team < 0 ? group_of(out, refs, store_col_int(r, 0)) : NULL;
        if (g) add_answer(g, score, comment, &gcap[g - out->teams]);
    }
    if (r) store_rows_close(r);
    free(gcap);
    free(refs);
    if (got < 0) return SVC_FAILED;
    settle(w);
    for (size_t i = 0; i < out->nteams; i++) settle(&out->teams[i]);
    if (team >= 0) { /* a team's report is its whole */
        free(out->teams);
        out->teams = NULL;
        out->nteams = 0;
    }
    Param q[] = {P_INT(team), P_INT(service), P_STR(current), P_INT(FEEDBACK_MIN_PEOPLE)};
    r = store_query(st, STMT_FEEDBACK_QUARTERS, q, 4);
    if (!r) return SVC_FAILED;
    size_t qcap = 0;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->quarters, &qcap, out->nquarters + 1, sizeof *out->quarters);
        svc_col_copy(r, 0, out->quarters[out->nquarters++], FEEDBACK_QUARTER_CHARS);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

static SvcResult begin_report(const SvcActor *a, const char *quarter, FeedbackReport *out, bool *ended, SvcError *e)
{
    memset(out, 0, sizeof *out);
    if (!chosen_quarter(a, quarter, out->quarter, ended))
        return svc_fail(e, SVC_INVALID, "quarter", "Quarter must be a year and a quarter, like 2026-Q1");
    return SVC_OK;
}

SvcResult feedback_team_report(Store *st, const SvcActor *a, const char *team, const char *quarter, FeedbackReport *out,
                               SvcError *e)
{
    bool ended;
    SvcResult rc = begin_report(a, quarter, out, &ended, e);
    if (rc != SVC_OK) return rc;
    Param p[] = {P_STR(team ? team : "")};
    StoreRows *r = store_query(st, STMT_FEEDBACK_TEAM, p, 1);
    if (!r) return SVC_FAILED;
    int got = store_next(r);
    int64_t ref = 0, manager = 0;
    char service[ACCESS_NAME_MAX + 1] = "";
    if (got == 1) {
        ref = store_col_int(r, 0);
        manager = store_col_int(r, 1);
        svc_col_copy(r, 2, service, sizeof service);
    }
    store_rows_close(r);
    if (got < 0) return SVC_FAILED;
    /* The team's manager, the senior managers of its service and auditors;
     * not the line above the manager, nor its supervisors by that. */
    const Viewer *v = a->viewer;
    bool may = got == 1 &&
               (v->auditor || (v->staff_ref && v->staff_ref == manager) || (service[0] && access_service(v, service)));
    if (!may) return svc_fail(e, SVC_REFUSED, "", "You cannot see this team's feedback");
    out->whole.name = arena_strndup(&out->strings, team, strlen(team));
    char current[FEEDBACK_QUARTER_CHARS];
    feedback_quarter(a->today, current);
    rc = fill(st, ref, -1, ended, current, out);
    if (rc != SVC_OK) feedback_report_free(out);
    return rc;
}

SvcResult feedback_service_report(Store *st, const SvcActor *a, const char *service, const char *quarter,
                                  FeedbackReport *out, SvcError *e)
{
    bool ended;
    SvcResult rc = begin_report(a, quarter, out, &ended, e);
    if (rc != SVC_OK) return rc;
    if (!service || !access_service(a->viewer, service))
        return svc_fail(e, SVC_REFUSED, "", "You cannot see this service's feedback");
    Param p[] = {P_STR(service)};
    int64_t ref = 0;
    int got = store_query_int(st, STMT_FEEDBACK_SERVICE, p, 1, &ref);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return svc_fail(e, SVC_REFUSED, "", "You cannot see this service's feedback");
    out->whole.name = "";
    char current[FEEDBACK_QUARTER_CHARS];
    feedback_quarter(a->today, current);
    rc = fill(st, -1, ref, ended, current, out);
    if (rc != SVC_OK) feedback_report_free(out);
    return rc;
}
