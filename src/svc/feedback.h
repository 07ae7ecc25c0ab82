/* svc/feedback.h: how supervision feels, asked of the supervisee after each
 * signed record, and shown only as figures over many people.
 *
 * The four questions are Ofsted's national director's (seeds 003): job
 * satisfaction and wanting to stay, feeling the employer cares, confidence
 * and critical thinking, better decisions for children; each answered from
 * 1 (not at all) to 5 (very much), with an optional comment. Answering is
 * optional ("not now" puts the question away for that record) and happens
 * once per signed record.
 *
 * Anonymous by construction (docs/security.md, "Feedback"): the answers
 * are stored with nothing but the team, the service and the quarter, under
 * a random id, apart from the mark that says who has answered after which
 * record (which holds no answer). Figures are shown for a team or a service
 * and a quarter that has ended, only when at least FEEDBACK_MIN_PEOPLE
 * distinct people answered (counted from the marks), and a service's whole
 * only when the teams not shown could not be worked out from it. There is
 * no figure per supervisor, and no answer is ever shown alone. */
#ifndef OV_SVC_FEEDBACK_H
#define OV_SVC_FEEDBACK_H

#include "svc/svc.h"

#define FEEDBACK_QUESTIONS 4
#define FEEDBACK_SCALE 5
#define FEEDBACK_MIN_PEOPLE 5
#define FEEDBACK_COMMENT_MAX 2000
#define FEEDBACK_QUARTER_CHARS 8 /* "2026-Q4" and its NUL */

/* The questions as asked, and their form fields ("q1".."q4"). */
extern const char *const feedback_questions[FEEDBACK_QUESTIONS];
extern const char *const feedback_fields[FEEDBACK_QUESTIONS];
/* The scale's words, 1..5 at [0]..[4]. */
extern const char *const feedback_scale[FEEDBACK_SCALE];

typedef enum {
    FEEDBACK_NOT_ASKED, /* not the viewer's to answer, or not signed yet */
    FEEDBACK_ASKED,     /* the supervisee, signed, not answered */
    FEEDBACK_LATER,     /* they said "not now": not asked again, may still answer */
    FEEDBACK_GIVEN,     /* answered: once only */
} FeedbackAsk;

/* Whether the viewer is asked about this record (a read; never refuses). */
SvcResult feedback_asked(Store *st, const Viewer *v, int64_t record_ref, FeedbackAsk *out);

/* The supervisee answers for a signed record: scores[i] "1".."5" for
 * feedback_fields[i], comment optional. A second answer is refused
 * (SVC_CONFLICT). */
SvcResult feedback_give(Store *st, const SvcActor *a, int64_t record_ref, const char *const scores[FEEDBACK_QUESTIONS],
                        const char *comment, SvcError *e);

/* "Not now": the record's question is put away without an answer. */
SvcResult feedback_not_now(Store *st, const SvcActor *a, int64_t record_ref, SvcError *e);

/* The quarter of a date, "2026-Q4"; and whether s is one. */
void feedback_quarter(Date d, char out[FEEDBACK_QUARTER_CHARS]);
bool feedback_quarter_parse(const char *s, int *year, int *q);

typedef enum {
    FEEDBACK_SHOWN,
    FEEDBACK_TOO_FEW,      /* fewer than FEEDBACK_MIN_PEOPLE people answered (none included) */
    FEEDBACK_WOULD_REVEAL, /* a service's whole, which would give away a team not shown */
    FEEDBACK_NOT_ENDED,    /* the quarter has not ended */
} FeedbackWhy;

typedef struct {
    const char *name; /* the team's; "" for a service's whole or people in no team */
    FeedbackWhy why;
    /* The rest only when shown. */
    int people, answers;
    char mean[FEEDBACK_QUESTIONS][8]; /* "3.8" */
    int count[FEEDBACK_QUESTIONS][FEEDBACK_SCALE];
    const char **comments; /* in the order of the answers' random ids */
    size_t ncomments;
} FeedbackGroup;

typedef struct {
    char quarter[FEEDBACK_QUARTER_CHARS];
    FeedbackGroup whole;  /* the team, or the service */
    FeedbackGroup *teams; /* a service's teams with answers, by name */
    size_t nteams;
    char (*quarters)[FEEDBACK_QUARTER_CHARS]; /* quarters with answers, newest first */
    size_t nquarters;
    Arena strings;
} FeedbackReport;

/* A team's figures for quarter ("" or NULL: the last quarter that has
 * ended), for its manager, the senior managers of its service and
 * auditors. No such team is answered as refused. */
SvcResult feedback_team_report(Store *st, const SvcActor *a, const char *team, const char *quarter, FeedbackReport *out,
                               SvcError *e);
/* A service's figures, whole and by team, for its senior managers and
 * auditors. */
SvcResult feedback_service_report(Store *st, const SvcActor *a, const char *service, const char *quarter,
                                  FeedbackReport *out, SvcError *e);
void feedback_report_free(FeedbackReport *r);

#endif
