/* admin_view.c: the views of admin_view.h, one query (or two) each. */
#include "svc/admin_view.h"

#include <string.h>

#include "core/util.h"

static SvcResult may_view(const AdminActor *a) { return !a->viewer || access_admin(a->viewer) ? SVC_OK : SVC_REFUSED; }

/* Grows a list of items (elem bytes each) by one zeroed item; returns it. */
static void *next_item(void **items, size_t *n, size_t *cap, size_t elem)
{
    xgrow(items, cap, *n + 1, elem);
    char *item = (char *)*items + (*n)++ * elem;
    memset(item, 0, elem);
    return item;
}

/* ---- the audit log ---- */

SvcResult admin_audit_log(Store *st, const AdminActor *a, AuditLog *out)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = may_view(a);
    if (rc != SVC_OK) return rc;
    StoreRows *r = store_query(st, STMT_ADMIN_AUDIT, NULL, 0);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        AuditEntry *e = next_item((void **)&out->items, &out->n, &out->cap, sizeof *e);
        e->at = store_col_int(r, 0);
        e->who = svc_col_dup(&out->strings, r, 1);
        e->action = svc_col_dup(&out->strings, r, 2);
        e->detail = svc_col_dup(&out->strings, r, 3);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void admin_audit_log_free(AuditLog *log)
{
    free(log->items);
    arena_free(&log->strings);
    memset(log, 0, sizeof *log);
}

/* ---- imports ---- */

SvcResult admin_imports(Store *st, const AdminActor *a, ImportLog *out)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = may_view(a);
    if (rc != SVC_OK) return rc;
    StoreRows *r = store_query(st, STMT_ADMIN_IMPORTS, NULL, 0);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        ImportEntry *e = next_item((void **)&out->items, &out->n, &out->cap, sizeof *e);
        e->kind = svc_col_dup(&out->strings, r, 0);
        e->file_name = svc_col_dup(&out->strings, r, 1);
        e->rows = (long)store_col_int(r, 2);
        e->imported_at = svc_col_dup(&out->strings, r, 3);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void admin_imports_free(ImportLog *log)
{
    free(log->items);
    arena_free(&log->strings);
    memset(log, 0, sizeof *log);
}

/* ---- accounts ---- */

static void add_role(AdminAccounts *list, AdminAccount *acc, StoreRows *r, int role_col)
{
    acc->roles = xrealloc(acc->roles, (acc->nroles + 1) * sizeof *acc->roles);
    acc->roles[acc->nroles++] =
        (AccountRole){svc_col_dup(&list->strings, r, role_col), svc_col_dup(&list->strings, r, role_col + 1)};
}

/* An account from a row of username?, staff id, staff name, disabled,
 * totp_enabled, totp_required starting at column first. */
static AdminAccount *add_account(AdminAccounts *list, StoreRows *r, const char *username, int first)
{
    AdminAccount *acc = next_item((void **)&list->items, &list->n, &list->cap, sizeof *acc);
    acc->username = arena_strndup(&list->strings, username, strlen(username));
    acc->staff_id = svc_col_dup(&list->strings, r, first);
    acc->staff_name = svc_col_dup(&list->strings, r, first + 1);
    acc->disabled = store_col_int(r, first + 2) != 0;
    acc->totp_enabled = store_col_int(r, first + 3) != 0;
    acc->totp_required = store_col_int(r, first + 4) != 0;
    return acc;
}

SvcResult admin_accounts(Store *st, const AdminActor *a, AdminAccounts *out)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = may_view(a);
    if (rc != SVC_OK) return rc;
    StoreRows *r = store_query(st, STMT_ADMIN_USERS, NULL, 0);
    if (!r) return SVC_FAILED;
    StrMap *by_name = strmap_new();
    int got;
    while ((got = store_next(r)) == 1) {
        size_t n;
        const char *username = store_col_text(r, 0, &n);
        strmap_put(by_name, username, n, (int64_t)out->n, NULL);
        add_account(out, r, username, 1);
    }
    store_rows_close(r);
    r = NULL;
    if (got >= 0 && !(r = store_query(st, STMT_ADMIN_USER_ROLES, NULL, 0))) got = STORE_ERROR;
    while (got >= 0 && (got = store_next(r)) == 1) {
        size_t n;
        const char *username = store_col_text(r, 0, &n);
        int64_t i;
        if (strmap_get(by_name, username, n, &i)) add_role(out, &out->items[i], r, 1);
    }
    if (r) store_rows_close(r);
    strmap_free(by_name);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

SvcResult admin_account(Store *st, const AdminActor *a, const char *username, AdminAccounts *out)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = may_view(a);
    if (rc != SVC_OK) return rc;
    Param p[] = {P_STR(username)};
    StoreRows *r = store_query(st, STMT_ADMIN_USER, p, 1);
    if (!r) return SVC_FAILED;
    int64_t ref = 0;
    int got = store_next(r);
    if (got == 1) {
        ref = store_col_int(r, 0);
        add_account(out, r, username, 1);
    }
    store_rows_close(r);
    if (got <= 0) return got < 0 ? SVC_FAILED : SVC_NOT_FOUND;
    Param u[] = {P_INT(ref)};
    if (!(r = store_query(st, STMT_USER_ROLES, u, 1))) return SVC_FAILED;
    while ((got = store_next(r)) == 1) add_role(out, &out->items[0], r, 0);
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void admin_accounts_free(AdminAccounts *list)
{
    for (size_t i = 0; i < list->n; i++) free(list->items[i].roles);
    free(list->items);
    arena_free(&list->strings);
    memset(list, 0, sizeof *list);
}

/* ---- teams ---- */

SvcResult admin_teams(Store *st, const AdminActor *a, AdminTeams *out)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = may_view(a);
    if (rc != SVC_OK) return rc;
    StoreRows *r = store_query(st, STMT_ADMIN_TEAMS, NULL, 0);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        AdminTeam *t = next_item((void **)&out->items, &out->n, &out->cap, sizeof *t);
        t->name = svc_col_dup(&out->strings, r, 0);
        t->service = svc_col_dup(&out->strings, r, 1);
        t->manager_id = svc_col_dup(&out->strings, r, 2);
        t->manager_name = svc_col_dup(&out->strings, r, 3);
        t->staff = (long)store_col_int(r, 4);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

SvcResult admin_team(Store *st, const AdminActor *a, const char *name, AdminTeams *out)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = may_view(a);
    if (rc != SVC_OK) return rc;
    Param p[] = {P_STR(name)};
    StoreRows *r = store_query(st, STMT_ADMIN_TEAM, p, 1);
    if (!r) return SVC_FAILED;
    int got = store_next(r);
    if (got == 1) {
        AdminTeam *t = next_item((void **)&out->items, &out->n, &out->cap, sizeof *t);
        t->name = arena_strndup(&out->strings, name, strlen(name));
        t->service = svc_col_dup(&out->strings, r, 1);
        t->manager_id = svc_col_dup(&out->strings, r, 2);
        t->manager_name = arena_strndup(&out->strings, "", 0);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : got == 0 ? SVC_NOT_FOUND : SVC_OK;
}

void admin_teams_free(AdminTeams *list)
{
    free(list->items);
    arena_free(&list->strings);
    memset(list, 0, sizeof *list);
}

SvcResult admin_staff_choices(Store *st, const AdminActor *a, Choices *out)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = may_view(a);
    if (rc != SVC_OK) return rc;
    StoreRows *q = store_query(st, STMT_ADMIN_STAFF_CHOICES, NULL, 0);
    if (!q) return SVC_FAILED;
    size_t cap = 0;
    int got;
    while ((got = store_next(q)) == 1) {
        xgrow((void **)&out->items, &cap, out->n + 1, sizeof *out->items);
        const char *name = store_col_text(q, 1, NULL), *team = store_col_text(q, 2, NULL);
        bool left = !store_col_null(q, 3);
        char *label = xasprintf("%s%s%s%s", name, *team ? ", " : "", team, left ? ", left" : "");
        out->items[out->n++] =
            (Choice){svc_col_dup(&out->strings, q, 0), arena_strndup(&out->strings, label, strlen(label))};
        free(label);
    }
    store_rows_close(q);
    if (got == 0) return SVC_OK;
    choices_free(out);
    return SVC_FAILED;
}
