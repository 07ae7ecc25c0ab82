/* view_trends.h: compliance over time: for a service, a team or a person,
 * month by month, the figures as they stood at each month's end (today for
 * the current month), and the people, cases, sessions and records behind
 * each figure. For those who may see the service's, team's or person's
 * page today (access_service, access_team, access_person). See view.h.
 *
 * A month's shares come from the same due rules (core/rules.h) as today's
 * due list, applied to the facts as at that month's end: sessions held up
 * to then, people in post then, cases open then. What the store does not
 * keep as it was is taken as it is now: who is in a team or service, a
 * case's worker, a person's role, FTE and agreement (docs/web.md says so).
 *
 * Cost: one statement per table for the whole period and scope, then each
 * month end worked out from the rows in memory, not a due list per month. */
#ifndef OV_SVC_VIEW_TRENDS_H
#define OV_SVC_VIEW_TRENDS_H

#include "svc/view.h"

typedef enum { TRENDS_SERVICE, TRENDS_TEAM, TRENDS_PERSON } TrendsScope;

#define TRENDS_MONTHS_DEFAULT 12
#define TRENDS_MONTHS_MAX 36

/* Of how many, how many within policy (not overdue; due soon counts). */
typedef struct {
    long all, ok;
} TrendShare;

typedef struct {
    char month[8]; /* YYYY-MM */
    Date end;      /* the month's last day, or today for the current month */
    TrendShare staff, cases;
    TrendShare *by_category; /* cases, per policy category (TrendsView.categories) */
    long held, cancelled;    /* sessions dated in the month */
    long cancelled_by_supervisor, cancelled_by_supervisee, cancelled_by_other, cancelled_unknown;
    long late;              /* held in the month, entered after their date */
    long unsent, unsigned_; /* records at the month's end: not yet sent; sent, not yet signed */
    long actions_overdue;   /* at the month's end */
    long escalations, escalations_resolved, escalation_days; /* raised in the month; resolved since; days taken */
    long disagreements;                                      /* raised in the month */
} TrendMonth;

/* The lists behind the figures (their names in URLs: trends_list_name). */
typedef enum {
    TL_STAFF_OVERDUE,
    TL_CASES_OVERDUE,
    TL_HELD,
    TL_CANCELLED,
    TL_LATE,
    TL_UNSENT,
    TL_UNSIGNED,
    TL_ACTIONS_OVERDUE,
    TL_ESCALATIONS,
    TL_DISAGREEMENTS,
    TL_COUNT
} TrendList;

const char *trends_list_name(TrendList l);  /* "staff-overdue", ... */
const char *trends_list_title(TrendList l); /* "Staff overdue for supervision", ... */
bool trends_list_parse(const char *s, TrendList *out);

/* One row of a list. kind says what id names: "person" (a staff id),
 * "case" (a case id), "record", "action" or "escalation" (a ref), or
 * "session" (a session id, with no page of its own: person names the
 * supervisor). */
typedef struct {
    const char *kind, *id;
    const char *date;                    /* YYYY-MM-DD, "" when none */
    const char *person_id, *person_name; /* whose it is */
    const char *detail;                  /* a few words: the rule, who cancelled and why, ... */
} TrendItem;

typedef struct {
    TrendsScope scope;
    const char *name;   /* the service or team name, or the person's id */
    const char *title;  /* the service or team name, or the person's name */
    TrendMonth *months; /* oldest first */
    size_t n;
    const char **categories; /* policy categories' labels, ncategories of them */
    size_t ncategories;
    TrendItem *items; /* view_trends_list only */
    size_t nitems;
    Arena strings;
} TrendsView;

/* The period from ?from= and ?to= ("YYYY-MM", either may be NULL or ""):
 * by default the 12 months to today's; to no later than today's month,
 * from no later than to, at most TRENDS_MONTHS_MAX months. Sets the first
 * days of the first and last months. SVC_INVALID with e naming the field
 * ("from" or "to"). */
SvcResult trends_period(const char *from, const char *to, Date today, Date *first, Date *last, SvcError *e);

/* The months first..last (first days, as trends_period gives them). */
SvcResult view_trends(Store *st, const SvcActor *a, TrendsScope scope, const char *name, Date first, Date last,
                      TrendsView *out);
/* One month's figures (months[0]) and the items of one list behind them. */
SvcResult view_trends_list(Store *st, const SvcActor *a, TrendsScope scope, const char *name, Date month,
                           TrendList list, TrendsView *out);
void view_trends_free(TrendsView *v);

#endif
