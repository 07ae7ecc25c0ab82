/* access.c: the decisions of access.h. Each is one query, so a decision
 * costs the same however large the organisation is: the line is walked
 * upwards from the person, never downwards from the viewer. */
#include "core/log.h"
#include "svc/access.h"

#include <stdio.h>
#include <string.h>

#include "core/util.h"

int access_load(Store *st, int64_t user_ref, int64_t staff_ref, Viewer *v)
{
    memset(v, 0, sizeof *v);
    v->user_ref = user_ref;
    v->staff_ref = staff_ref;
    Param p[] = {P_INT(user_ref)};
    StoreRows *r = store_query(st, STMT_USER_ROLES, p, 1);
    if (!r) return STORE_ENV;
    int got;
    while ((got = store_next(r)) == 1) {
        const char *role = store_col_text(r, 0, NULL), *scope = store_col_text(r, 1, NULL);
        if (strcmp(role, "admin") == 0)
            v->admin = true;
        else if (strcmp(role, "auditor") == 0)
            v->auditor = true;
        else if (strcmp(role, "senior-manager") == 0 && v->nservices < ACCESS_MAX_SERVICES)
            strfmt(v->services[v->nservices++], sizeof v->services[0], "%s", scope);
    }
    store_rows_close(r);
    if (got < 0) return got;
    if (!staff_ref) return STORE_OK;
    int64_t manages = 0;
    Param m[] = {P_INT(staff_ref)};
    int rc = store_query_int(st, STMT_ACCESS_MANAGES, m, 1, &manages);
    if (rc < 0) return rc;
    v->manages = manages != 0;
    return STORE_OK;
}

static Access decide(Store *st, StmtId stmt, const Viewer *v, int64_t ref)
{
    int64_t allowed = 0;
    Param p[] = {P_INT(ref), P_INT(v->staff_ref ? v->staff_ref : -1), P_INT(v->user_ref)};
    int rc = store_query_int(st, stmt, p, 3, &allowed);
    if (rc < 0) return ACCESS_FAILED;
    return rc == 1 && allowed ? ACCESS_ALLOWED : ACCESS_REFUSED;
}

Access access_person(Store *st, const Viewer *v, int64_t staff_ref)
{
    if (v->auditor || (v->staff_ref && v->staff_ref == staff_ref)) return ACCESS_ALLOWED;
    return decide(st, STMT_ACCESS_PERSON, v, staff_ref);
}

Access access_case(Store *st, const Viewer *v, int64_t case_ref)
{
    int64_t worker = 0;
    Param p[] = {P_INT(case_ref)};
    int rc = store_query_int(st, STMT_ACCESS_CASE_WORKER, p, 1, &worker);
    if (rc < 0) return ACCESS_FAILED;
    if (rc == 0) return ACCESS_REFUSED;
    return access_person(st, v, worker);
}

Access access_team(Store *st, const Viewer *v, int64_t team_ref)
{
    if (v->auditor) return ACCESS_ALLOWED;
    return decide(st, STMT_ACCESS_TEAM, v, team_ref);
}

/* The write rules: one query each, the viewer's staff record against the
 * person's; the account's roles play no part. */
static Access decide_write(Store *st, StmtId stmt, const Viewer *v, int64_t ref, int64_t want)
{
    if (!v->staff_ref) return ACCESS_REFUSED;
    int64_t got = 0;
    Param p[] = {P_INT(ref), P_INT(v->staff_ref)};
    int rc = store_query_int(st, stmt, p, 2, &got);
    if (rc < 0) return ACCESS_FAILED;
    return rc == 1 && got >= want ? ACCESS_ALLOWED : ACCESS_REFUSED;
}

Access access_write_own(Store *st, const Viewer *v, int64_t staff_ref)
{
    return decide_write(st, STMT_ACCESS_WRITE_OWN, v, staff_ref, 1);
}

Access access_write_supervisor(Store *st, const Viewer *v, int64_t staff_ref)
{
    return decide_write(st, STMT_ACCESS_WRITE_OWN, v, staff_ref, 2);
}

Access access_write_supervise(Store *st, const Viewer *v, int64_t staff_ref)
{
    if (v->staff_ref == staff_ref) return ACCESS_REFUSED;
    return decide_write(st, STMT_ACCESS_WRITE_SUPERVISE, v, staff_ref, 1);
}

Access access_write_case(Store *st, const Viewer *v, int64_t case_ref)
{
    return decide_write(st, STMT_ACCESS_WRITE_CASE, v, case_ref, 1);
}

bool access_write_party(const Viewer *v, int64_t supervisor_ref, int64_t supervisee_ref)
{
    return v->staff_ref && (v->staff_ref == supervisor_ref || v->staff_ref == supervisee_ref);
}

bool access_write_service(const Viewer *v, const char *service)
{
    if (!v->staff_ref || !service || !*service) return false;
    for (size_t i = 0; i < v->nservices; i++)
        if (strcmp(v->services[i], service) == 0) return true;
    return false;
}

bool access_all_services(const Viewer *v) { return v->auditor; }

bool access_service(const Viewer *v, const char *service)
{
    if (v->auditor) return true;
    for (size_t i = 0; i < v->nservices; i++)
        if (strcmp(v->services[i], service) == 0) return true;
    return false;
}

bool access_services(const Viewer *v) { return v->auditor || v->nservices > 0; }

bool access_admin(const Viewer *v) { return v->admin; }

void access_refused(const Viewer *v, const char *username, const char *what, const char *client)
{
    log_event(client ? client : "unknown", "refused: user \"%s\" (account %lld): %s", username ? username : "",
              (long long)v->user_ref, what);
}
