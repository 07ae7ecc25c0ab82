/* view_service.h: the services (the organisation's divisions, each a set of
 * teams) and one service's figures, for auditors and the senior managers of
 * each service (access_services, access_service). See view.h. */
#ifndef OV_SVC_VIEW_SERVICE_H
#define OV_SVC_VIEW_SERVICE_H

#include "svc/view.h"

typedef struct {
    const char *name;
    int64_t teams; /* how many teams it has */
} ServiceEntry;

/* The services the viewer may see, by name. */
typedef struct {
    ServiceEntry *services;
    size_t n;
    Arena strings;
} ServiceList;

/* SVC_REFUSED for a viewer who may see no service at all. */
SvcResult view_services(Store *st, const SvcActor *a, ServiceList *out);
void view_services_free(ServiceList *l);

/* One team's figures on the as-of date. Within policy means not overdue
 * (due soon counts as within policy). */
typedef struct {
    const char *name;
    const char *manager_id, *manager_name; /* "" when none */
    long staff, staff_ok, staff_over;      /* people in post */
    long cases, cases_ok, cases_over;      /* open cases */
    long other_over;                       /* agreement reviews, records to sign, actions and escalations overdue */
} ServiceTeam;

typedef struct {
    const char *name;
    ServiceTeam *teams; /* by name */
    size_t nteams;
    DueFilter filter; /* the service's whole list: every team's staff and their cases */
    DueList due;      /* that list (view_service only) */
    Arena strings;
} ServiceView;

/* A service, its teams and their figures, from its whole list. */
SvcResult view_service(Store *st, const SvcActor *a, const char *name, ServiceView *out);
/* The same but the list and the figures (due and the teams' counts left
 * empty): for a page that keeps each team's figures between requests
 * (web/page_cache.h) and computes only those whose data changed. */
SvcResult view_service_teams(Store *st, const SvcActor *a, const char *name, ServiceView *out);
void view_service_free(ServiceView *v);

#endif
