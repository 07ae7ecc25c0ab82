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

/* ---- finding people and accounts ---- */

/* What was typed, as the statements take it: in lower case (id), that
 * followed by the last character (id_end: the range of ids beginning with
 * it), its words (search_words) and as typed (trimmed). */
typedef struct {
    char typed[SEARCH_MAX_BYTES + 1], typed_end[SEARCH_MAX_BYTES + 8];
    char id[SEARCH_MAX_BYTES + 1], id_end[SEARCH_MAX_BYTES + 8];
    char words[SEARCH_MAX_BYTES * 2 + 8];
} Terms;

static SvcResult terms_of(const char *query, Terms *t, SvcError *e)
{
    memset(t, 0, sizeof *t);
    query = query ? query : "";
    while (*query == ' ' || *query == '\t') query++;
    size_t n = strlen(query);
    while (n && (query[n - 1] == ' ' || query[n - 1] == '\t')) n--;
    if (!n) return svc_fail(e, SVC_INVALID, "q", "Enter a name or a staff id");
    if (n > SEARCH_MAX_BYTES) return svc_fail(e, SVC_INVALID, "q", "Enter %d characters or fewer", SEARCH_MAX_BYTES);
    memcpy(t->typed, query, n);
    for (size_t i = 0; i < n; i++) t->id[i] = (char)((query[i] >= 'A' && query[i] <= 'Z') ? query[i] + 32 : query[i]);
    strfmt(t->typed_end, sizeof t->typed_end, "%s\xF4\x8F\xBF\xBF", t->typed); /* U+10FFFF: after any next character */
    strfmt(t->id_end, sizeof t->id_end, "%s\xF4\x8F\xBF\xBF", t->id);
    search_words(t->id, t->words, sizeof t->words);
    size_t letters = 0;
    for (const char *c = t->words; *c; c++) letters += *c != ' ' && ((unsigned char)*c & 0xC0) != 0x80;
    if (letters < SEARCH_MIN_CHARS)
        return svc_fail(e, SVC_INVALID, "q", "Enter at least %d letters or numbers", SEARCH_MIN_CHARS);
    return SVC_OK;
}

static long page_from(long page) { return page < 1 ? 1 : page > ADMIN_PAGE_MAX ? ADMIN_PAGE_MAX : page; }

static void add_person(AdminPeople *list, StoreRows *r)
{
    AdminPerson *p = next_item((void **)&list->items, &list->n, &list->cap, sizeof *p);
    p->id = svc_col_dup(&list->strings, r, 0);
    p->name = svc_col_dup(&list->strings, r, 1);
    p->team = svc_col_dup(&list->strings, r, 2);
    p->left = !store_col_null(r, 3);
    p->username = svc_col_dup(&list->strings, r, 4);
}

SvcResult admin_people_find(Store *st, const AdminActor *a, const char *query, long page, AdminPeople *out, SvcError *e)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = may_view(a);
    if (rc != SVC_OK) return rc;
    Terms t;
    if ((rc = terms_of(query, &t, e)) != SVC_OK) return rc;
    Param p[] = {P_STR(t.id), P_STR(t.id_end), P_STR(t.words), P_INT(ADMIN_PAGE_SIZE + 1),
                 P_INT((page_from(page) - 1) * ADMIN_PAGE_SIZE)};
    StoreRows *r = store_query(st, STMT_ADMIN_PEOPLE_FIND, p, 5);
    if (!r) return SVC_FAILED;
    /* One more than a page is asked for: it says there is another. */
    int got;
    while ((got = store_next(r)) == 1 && !(out->more = out->n == ADMIN_PAGE_SIZE)) add_person(out, r);
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

SvcResult admin_person(Store *st, const AdminActor *a, const char *id, AdminPeople *out)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = may_view(a);
    if (rc != SVC_OK) return rc;
    Param p[] = {P_STR(id ? id : "")};
    StoreRows *r = store_query(st, STMT_ADMIN_PERSON, p, 1);
    if (!r) return SVC_FAILED;
    int got = store_next(r);
    if (got == 1) add_person(out, r);
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : got == 0 ? SVC_NOT_FOUND : SVC_OK;
}

void admin_people_free(AdminPeople *list)
{
    free(list->items);
    arena_free(&list->strings);
    memset(list, 0, sizeof *list);
}

SvcResult admin_accounts_page(Store *st, const AdminActor *a, const char *query, long page, AdminAccounts *out,
                              SvcError *e)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = may_view(a);
    if (rc != SVC_OK) return rc;
    bool all = !query || !query[strspn(query, " \t")];
    Terms t;
    if (!all && (rc = terms_of(query, &t, e)) != SVC_OK) return rc;
    Param p[] = {P_INT(ADMIN_PAGE_SIZE + 1), P_INT((page_from(page) - 1) * ADMIN_PAGE_SIZE),
                 P_STR(all ? "" : t.typed),  P_STR(all ? "" : t.typed_end),
                 P_STR(all ? "" : t.id),     P_STR(all ? "" : t.id_end),
                 P_STR(all ? "" : t.words)};
    StoreRows *r = store_query(st, all ? STMT_ADMIN_USERS_PAGE : STMT_ADMIN_USERS_FIND, p, all ? 2 : 7);
    if (!r) return SVC_FAILED;
    /* The refs, in the page's order, to read the page's roles by. */
    int64_t refs[ADMIN_PAGE_SIZE];
    int got;
    while ((got = store_next(r)) == 1 && !(out->more = out->n == ADMIN_PAGE_SIZE)) {
        refs[out->n] = store_col_int(r, 0);
        add_account(out, r, store_col_text(r, 1, NULL), 2);
    }
    store_rows_close(r);
    if (got < 0) return SVC_FAILED;
    if (!out->n) return SVC_OK;
    Buf list = {0};
    for (size_t i = 0; i < out->n; i++) buf_addf(&list, "%s%lld", i ? "," : "", (long long)refs[i]);
    Param l[] = {P_STR(buf_str(&list))};
    r = store_query(st, STMT_ADMIN_USERS_ROLES, l, 1);
    buf_free(&list);
    if (!r) return SVC_FAILED;
    while ((got = store_next(r)) == 1) {
        int64_t ref = store_col_int(r, 0);
        for (size_t i = 0; i < out->n; i++)
            if (refs[i] == ref) add_role(out, &out->items[i], r, 1);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

SvcResult admin_teams_page(Store *st, const AdminActor *a, const char *query, long page, AdminTeams *out, SvcError *e)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = may_view(a);
    if (rc != SVC_OK) return rc;
    bool all = !query || !query[strspn(query, " \t")];
    Terms t;
    if (!all && (rc = terms_of(query, &t, e)) != SVC_OK) return rc;
    Param p[] = {P_INT(ADMIN_PAGE_SIZE + 1), P_INT((page_from(page) - 1) * ADMIN_PAGE_SIZE), P_STR(all ? "" : t.id)};
    StoreRows *r = store_query(st, all ? STMT_ADMIN_TEAMS_PAGE : STMT_ADMIN_TEAMS_FIND, p, all ? 2 : 3);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1 && !(out->more = out->n == ADMIN_PAGE_SIZE)) {
        AdminTeam *team = next_item((void **)&out->items, &out->n, &out->cap, sizeof *team);
        team->name = svc_col_dup(&out->strings, r, 0);
        team->service = svc_col_dup(&out->strings, r, 1);
        team->manager_id = svc_col_dup(&out->strings, r, 2);
        team->manager_name = svc_col_dup(&out->strings, r, 3);
        team->staff = (long)store_col_int(r, 4);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}
