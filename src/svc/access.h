/* access.h: who may see what, decided in one place for the pages, the API
 * and anything else that shows records.
 *
 * A viewer is a signed-in account. What it may read follows from the staff
 * data and the roles an admin granted:
 *   - everyone linked to a staff record: their own supervision and cases;
 *   - a supervisor: their supervisees; a team manager: their team;
 *   - a line manager: everyone below them in the line, however deep;
 *   - a senior manager: every team of the services named in their role;
 *   - an auditor: everything, read-only;
 *   - an admin: accounts, imports and policy, but no record content (an
 *     admin who is also a worker still sees their own supervision).
 * Callers refuse with 403, or 404 where the thing's existence is itself
 * private (cases), and log the refusal with access_refused. */
#ifndef OV_ACCESS_H
#define OV_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define ACCESS_MAX_SERVICES 16
#define ACCESS_NAME_MAX 100

typedef struct {
    int64_t user_ref;
    int64_t staff_ref; /* 0 when the account is not linked to a staff record */
    bool admin, auditor;
    bool manages;     /* supervises, line-manages or manages a team */
    size_t nservices; /* services this viewer is senior manager of */
    char services[ACCESS_MAX_SERVICES][ACCESS_NAME_MAX + 1];
} Viewer;

typedef enum { ACCESS_ALLOWED = 0, ACCESS_REFUSED = 1, ACCESS_FAILED = -1 } Access;

/* Reads the account's roles and whether it manages anyone. STORE_OK or a
 * store failure. */
int access_load(Store *st, int64_t user_ref, int64_t staff_ref, Viewer *v);

/* May the viewer read this person's supervision (staff ref)? */
Access access_person(Store *st, const Viewer *v, int64_t staff_ref);
/* ... this case (through its allocated worker)? */
Access access_case(Store *st, const Viewer *v, int64_t case_ref);
/* ... this team's lists? Its manager, anyone above the manager in the line,
 * senior managers of its service and auditors may. */
Access access_team(Store *st, const Viewer *v, int64_t team_ref);
/* ... this service's figures? Its senior managers and auditors may. */
bool access_service(const Viewer *v, const char *service);
/* ... the list of services? Auditors and the senior managers of any may
 * (each sees the services access_service allows). */
bool access_services(const Viewer *v);
/* Whether the viewer sees every service (auditors). */
bool access_all_services(const Viewer *v);
/* Accounts, imports, policy and the organisation's structure. */
bool access_admin(const Viewer *v);

/* Logs a refusal (on the server's log): who, what, from where. */
void access_refused(const Viewer *v, const char *username, const char *what, const char *client);

#endif
