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
 * private (cases), and log the refusal with access_refused.
 *
 * Writing is decided apart from reading (the access_write_* rules below): a
 * read right is never a write right. What someone may write about a person
 * follows from the staff records alone, whatever roles the account holds:
 *   - the worker writes their own side: books, agrees their agreement,
 *     adds agenda items and worries, signs or disagrees, escalates, records
 *     an informal discussion or a concern on a case they hold;
 *   - their supervisor books, writes the agreement and the record, records
 *     informal discussions and concerns on their cases;
 *   - their supervisor, their team's manager and anyone above them in the
 *     line lead a group session they attend (and so record its decisions);
 *   - a senior manager answers the level-2 escalations of their services,
 *     and nothing else by that role;
 *   - an auditor writes nothing by that role, an admin no record content
 *     (accounts, imports, teams and policy are svc/admin.h's).
 * A change to a booking, record or agreement is for its two (their sides
 * in the services that own them).
 *
 * Not yours is not there: every state change (every POST) answers a thing
 * the actor may not change (a person, case, booking, record, agreement,
 * incident or escalation, named in the path) exactly as one that does not
 * exist: 404 with the same page, and the refusal is logged. A staff or case
 * id typed into a form is answered with the same sentence (400 and the
 * form again) whether it exists and is someone else's or does not exist. */
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

/* ---- writing ---- */

/* May the viewer write about this person as themselves or their supervisor
 * (book their supervision, record a concern or informal discussion on
 * their case)? */
Access access_write_own(Store *st, const Viewer *v, int64_t staff_ref);
/* ... as their supervisor only (their agreement)? */
Access access_write_supervisor(Store *st, const Viewer *v, int64_t staff_ref);
/* ... lead supervision of them: their supervisor, their team's manager or
 * anyone above them in the line (a group session they attend, with its
 * decisions on their cases)? Never oneself, never by a role alone. */
Access access_write_supervise(Store *st, const Viewer *v, int64_t staff_ref);
/* ... record on this case (informal discussion, incident, allegation): the
 * case's worker or the worker's supervisor. */
Access access_write_case(Store *st, const Viewer *v, int64_t case_ref);
/* Whether the viewer is one of a booking's or record's two. */
bool access_write_party(const Viewer *v, int64_t supervisor_ref, int64_t supervisee_ref);
/* Whether the viewer answers this service's level-2 escalations: a senior
 * manager of it, linked to a staff record (responses are signed by one). */
bool access_write_service(const Viewer *v, const char *service);

/* Logs a refusal (on the server's log): who, what, from where. */
void access_refused(const Viewer *v, const char *username, const char *what, const char *client);

#endif
