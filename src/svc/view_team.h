/* view_team.h: a team, by name: its service, its manager and its due list,
 * for its manager, anyone above the manager in the line, the senior
 * managers of its service and auditors (access_team). See view.h. */
#ifndef OV_SVC_VIEW_TEAM_H
#define OV_SVC_VIEW_TEAM_H

#include "svc/view.h"

typedef struct {
    int64_t ref;
    const char *name;
    const char *service;                   /* "" when none */
    const char *manager_id, *manager_name; /* "" when none */
    bool service_open;                     /* the viewer may see the service too */
    /* The team's list (its staff and their cases), to compute with
     * view_due; not computed here, for the reason in view_mine.h. */
    DueFilter due;
    Arena strings;
} TeamView;

SvcResult view_team(Store *st, const SvcActor *a, const char *name, TeamView *out);
void view_team_free(TeamView *v);

#endif
