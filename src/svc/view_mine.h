/* view_mine.h: what a person sees of their own: their supervision (My
 * supervision) and the people they supervise or manage (My team). Both are
 * the viewer's own, so nothing is refused; an account not linked to a staff
 * record has neither (SVC_NOT_FOUND). See view.h. */
#ifndef OV_SVC_VIEW_MINE_H
#define OV_SVC_VIEW_MINE_H

#include "svc/view.h"

typedef struct {
    const char *id, *name; /* the viewer's staff record */
    /* Their due list: their own supervision, their cases, and their
     * agreement reviews, records to sign, actions and escalations. */
    DueList due;
    History sessions; /* their latest sessions */
    Arena strings;
} MyView;

/* The viewer's supervision, with at most `sessions` past sessions (0: none). */
SvcResult view_mine(Store *st, const SvcActor *a, int sessions, MyView *out);
void view_mine_free(MyView *v);

typedef struct {
    const char *id; /* the viewer's staff id */
    /* Whether anyone is supervised or line-managed by the viewer or in a
     * team they manage; when not, the list is empty. */
    bool manages;
    /* The list of their supervisees and team (not themselves) and their
     * cases, to compute with view_due. It is not computed here: the pages
     * keep it as rendered (web/page_cache.h) and compute it only when the
     * data has changed. */
    DueFilter due;
    Arena strings;
} MyTeamView;

SvcResult view_my_team(Store *st, const SvcActor *a, MyTeamView *out);
void view_my_team_free(MyTeamView *v);

#endif
