/* council.h: the organisation read whole, for `oversight demo`.
 *
 * The demo plans its council's supervision from what was imported (who
 * works for whom, the dates people were supervised, the cases they hold)
 * and then acts through the supervision services as each person. These
 * reads decide no access: they are for the command line acting as the
 * organisation itself, never for a page or the API, which go through the
 * view services.
 *
 * Each returns SVC_OK, or SVC_FAILED when the store failed (store_error
 * says why); council_team_of also SVC_NOT_FOUND. */
#ifndef OV_SVC_COUNCIL_H
#define OV_SVC_COUNCIL_H

#include "svc/svc.h"

/* How many staff the database holds. */
SvcResult council_staff_count(Store *st, int64_t *n);

typedef struct {
    int64_t ref;
    char id[65], role[65];
    int64_t supervisor_ref, line_manager_ref; /* 0 when none */
    bool has_start, has_left;
    Date start, left;
    Fte fte;
} CouncilPerson;

/* Calls each for everyone on the staff list, in order of ref (p lives for
 * the call only). A callback, not a list: a national council is a million
 * people, and the demo keeps only what it needs of each. */
SvcResult council_people(Store *st, void (*each)(void *ctx, const CouncilPerson *p), void *ctx);

/* The team of the worker with this staff id: their team manager's id, the
 * manager's line manager's id and the team's service ("" when none). */
typedef struct {
    char manager[65], senior[65], service[101];
} CouncilTeam;
SvcResult council_team_of(Store *st, const char *worker, CouncilTeam *out);

/* The days on which the person attended a session, from since on,
 * ascending and each once, into *out (n of them; the caller frees *out). */
SvcResult council_attended(Store *st, int64_t staff_ref, Date since, Date **out, size_t *n);

/* The cases the worker holds open on day (allocated by then, not closed),
 * in order of id: the first max of them into out, how many into *n. */
typedef struct {
    char id[65], category[65];
} CouncilCase;
SvcResult council_open_cases(Store *st, int64_t worker_ref, Date day, CouncilCase *out, size_t max, size_t *n);

/* The refs of the workers holding an open case of this category on day,
 * ascending, into *out (n of them; the caller frees *out). */
SvcResult council_category_workers(Store *st, const char *category, Date day, int64_t **out, size_t *n);

#endif
