/* admin.c: the administration service (see admin.h). Each change opens its
 * transaction with open_change, reads the account or team inside it (writers
 * queue on the store's one write lock, so what it reads stays true until
 * commit), checks the rules, writes, and ends with close_change, which adds
 * the audit row and commits, or rolls everything back. */
#include "svc/admin.h"

#include <string.h>

#include "core/util.h"
#include "svc/notice.h"

void admin_operator(const char *unix_user, char out[ADMIN_OPERATOR_MAX])
{
    strfmt(out, ADMIN_OPERATOR_MAX, "command line (unix user %.64s)", unix_user && *unix_user ? unix_user : "unknown");
}

bool admin_audit(Store *st, const AdminActor *a, const char *action, const char *detail)
{
    Param p[] = {P_INT(a->now), a->viewer ? P_INT(a->viewer->user_ref) : P_NULL, P_STR(action), P_STR(detail),
                 a->viewer ? P_NULL : P_STR(a->operator ? a->operator : "command line")};
    return store_exec(st, STMT_ADMIN_AUDIT_ADD, p, 5, NULL) == STORE_OK;
}

static SvcResult store_fault(Store *st, SvcError *e)
{
    return svc_fail(e, SVC_FAILED, "", "The database could not be written: %s", store_error(st));
}

static SvcResult not_admin(SvcError *e)
{
    return svc_fail(e, SVC_REFUSED, "", "Only an admin may change accounts, teams and the policy");
}

/* Begins a change by a. A signed-in actor must still be an enabled admin
 * inside the transaction: a role removed a moment ago counts. */
static SvcResult open_change(Store *st, const AdminActor *a, SvcError *e)
{
    if (a->viewer && !access_admin(a->viewer)) return not_admin(e);
    if (store_begin(st) != STORE_OK) {
        SvcResult rc = store_fault(st, e);
        store_rollback(st);
        return rc;
    }
    if (!a->viewer) return SVC_OK;
    int64_t n = 0;
    Param p[] = {P_INT(a->viewer->user_ref)};
    SvcResult rc = SVC_OK;
    if (store_query_int(st, STMT_ADMIN_IS_ACTIVE_ADMIN, p, 1, &n) < 0)
        rc = store_fault(st, e);
    else if (n == 0)
        rc = not_admin(e);
    if (rc != SVC_OK) store_rollback(st);
    return rc;
}

/* Ends a change: when rc is SVC_OK, adds the audit row (unless action is
 * NULL: the caller wrote its rows) and commits; otherwise rolls back. */
static SvcResult close_change(Store *st, const AdminActor *a, SvcResult rc, const char *action, const char *detail,
                              SvcError *e)
{
    if (rc == SVC_OK && ((action && !admin_audit(st, a, action, detail)) || store_commit(st) != STORE_OK))
        rc = store_fault(st, e);
    store_rollback(st);
    return rc;
}

/* ---- accounts ---- */

/* An account as a change sees it. */
typedef struct {
    int64_t ref;
    char staff_id[65]; /* "" when not linked */
    bool disabled, totp_enabled, totp_required;
} Target;

static SvcResult load_target(Store *st, const char *username, Target *t, SvcError *e)
{
    memset(t, 0, sizeof *t);
    Param p[] = {P_STR(username)};
    StoreRows *r = store_query(st, STMT_ADMIN_USER, p, 1);
    if (!r) return store_fault(st, e);
    int got = store_next(r);
    if (got == 1) {
        t->ref = store_col_int(r, 0);
        svc_col_copy(r, 1, t->staff_id, sizeof t->staff_id);
        t->disabled = store_col_int(r, 3) != 0;
        t->totp_enabled = store_col_int(r, 4) != 0;
        t->totp_required = store_col_int(r, 5) != 0;
    }
    store_rows_close(r);
    if (got < 0) return store_fault(st, e);
    if (got == 0) return svc_fail(e, SVC_NOT_FOUND, "username", "There is no account \"%.80s\"", username);
    return SVC_OK;
}

/* Opens a change of the named account and reads it. */
static SvcResult open_account(Store *st, const AdminActor *a, const char *username, Target *t, SvcError *e)
{
    SvcResult rc = open_change(st, a, e);
    if (rc != SVC_OK) return rc;
    rc = load_target(st, username, t, e);
    if (rc != SVC_OK) store_rollback(st);
    return rc;
}

/* Whether the account is the actor's own: the signed-in account, or the
 * account named as the operator's unix user. */
static bool is_self(const AdminActor *a, const char *username, int64_t ref)
{
    if (a->viewer) return a->viewer->user_ref == ref;
    return a->own && strcmp(a->own, username) == 0;
}

/* Nobody gives their own account a role or a staff record (what is
 * refused, for the message): an admin could otherwise make themselves an
 * auditor, or someone else. Only while there is no active admin at all may
 * the operator make their own account the first. */
static SvcResult not_to_self(Store *st, const AdminActor *a, const char *username, int64_t ref, const char *what,
                             SvcError *e)
{
    if (!is_self(a, username, ref)) return SVC_OK;
    int64_t admins = 0;
    if (store_query_int(st, STMT_ADMIN_ACTIVE_ADMINS, NULL, 0, &admins) < 0) return store_fault(st, e);
    if (admins == 0) return SVC_OK;
    return svc_fail(e, SVC_INVALID, strcmp(what, "a staff record") == 0 ? "staff" : "role",
                    "You cannot give your own account %s: another admin must", what);
}

/* Tells the account ref of a change made to it (notice.h), inside the change. */
static bool tell(Store *st, const AdminActor *a, int64_t ref, const char *what)
{
    return notice_add(st, ref, a->now, what, a->viewer ? a->viewer->user_ref : 0,
                      a->viewer ? NULL : (a->operator ? a->operator : "command line"));
}

/* A password nobody knows, for an account whose person has yet to choose one. */
static bool unknown_password(char hash[PASSWORD_HASH_MAX])
{
    char secret[21];
    account_random_password(secret);
    bool ok = account_hash_password(secret, hash);
    account_forget(secret, sizeof secret);
    return ok;
}

/* The hash to store: of the password the command line gave (checked), or of
 * one nobody knows. A signed-in admin never gives one. */
static SvcResult password_hash(const AdminActor *a, const char *password, char hash[PASSWORD_HASH_MAX], SvcError *e)
{
    if (password && a->viewer)
        return svc_fail(e, SVC_REFUSED, "password",
                        "An admin does not set another person's password: give them a link");
    if (!password)
        return unknown_password(hash) ? SVC_OK : svc_fail(e, SVC_FAILED, "", "not enough memory to hash passwords");
    char err[256];
    AccountResult ar = account_checked_hash(password, hash, err, sizeof err);
    if (ar != ACCOUNT_OK) return svc_fail(e, ar == ACCOUNT_ENV ? SVC_FAILED : SVC_INVALID, "password", "%s", err);
    return SVC_OK;
}

static SvcResult has_role(Store *st, int64_t ref, const AccountRole *role, bool *has, SvcError *e)
{
    int64_t n = 0;
    Param p[] = {P_INT(ref), P_STR(role->role), P_STR(role->scope ? role->scope : "")};
    if (store_query_int(st, STMT_ADMIN_USER_HAS_ROLE, p, 3, &n) < 0) return store_fault(st, e);
    *has = n > 0;
    return SVC_OK;
}

/* The lock-out rule: an enabled admin who is about to lose the role or be
 * disabled must not be the last one. */
static SvcResult not_last_admin(Store *st, const char *username, const Target *t, const char *losing, SvcError *e)
{
    if (t->disabled) return SVC_OK;
    bool admin;
    AccountRole role = {"admin", ""};
    SvcResult rc = has_role(st, t->ref, &role, &admin, e);
    if (rc != SVC_OK || !admin) return rc;
    int64_t admins = 0;
    if (store_query_int(st, STMT_ADMIN_ACTIVE_ADMINS, NULL, 0, &admins) < 0) return store_fault(st, e);
    if (admins > 1) return SVC_OK;
    return svc_fail(e, SVC_CONFLICT, "username",
                    "%.80s is the last active admin and cannot %s: grant the admin role to another account first",
                    username, losing);
}

static SvcResult wrote(Store *st, bool ok, SvcError *e) { return ok ? SVC_OK : store_fault(st, e); }

static bool end_sessions(Store *st, const AdminActor *a, int64_t ref)
{
    Param p[] = {P_INT(ref), P_INT(a->now)};
    return store_exec(st, STMT_WEB_SESSIONS_END_FOR_USER, p, 2, NULL) == STORE_OK;
}

/* Ends the calendar feed of the account's staff record: its address stops
 * answering, like an unknown one. */
static bool end_feed(Store *st, int64_t ref)
{
    Param p[] = {P_INT(ref)};
    return store_exec(st, STMT_CALENDAR_FEED_END_FOR_USER, p, 1, NULL) == STORE_OK;
}

static SvcResult valid_role(const AccountRole *role, SvcError *e)
{
    const char *field;
    char err[256];
    if (!account_valid_role(role, &field, err, sizeof err)) return svc_fail(e, SVC_INVALID, field, "%s", err);
    return SVC_OK;
}

/* "admin", or "senior-manager:Children". */
static const char *role_text(const AccountRole *r, char out[160])
{
    bool scoped = r->scope && *r->scope;
    return strfmt(out, 160, "%s%s%s", r->role, scoped ? ":" : "", scoped ? r->scope : "");
}

SvcResult admin_account_add(Store *st, const AdminActor *a, const char *username, const char *staff_id,
                            const char *password, const AccountRole *roles, size_t nroles, char link[TOKEN_CHARS + 1],
                            SvcError *e)
{
    if (a->viewer && !access_admin(a->viewer)) return not_admin(e);
    if (staff_id && !*staff_id) staff_id = NULL;
    char text[160], other[160], err[256], detail[320];
    for (size_t i = 0; i < nroles; i++) {
        SvcResult rc = valid_role(&roles[i], e);
        if (rc != SVC_OK) return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(role_text(&roles[i], text), role_text(&roles[j], other)) == 0)
                return svc_fail(e, SVC_INVALID, "role", "The role %s is given twice", text);
    }
    char hash[PASSWORD_HASH_MAX];
    SvcResult rc = password_hash(a, password, hash, e);
    if (rc != SVC_OK) return rc;

    if ((rc = open_change(st, a, e)) != SVC_OK) return rc;
    int64_t ref = 0;
    const char *field;
    if (staff_id || nroles) rc = not_to_self(st, a, username, 0, staff_id ? "a staff record" : "a role", e);
    AccountResult ar =
        rc == SVC_OK ? account_insert(st, username, staff_id, hash, a->now, &ref, &field, err, sizeof err) : ACCOUNT_OK;
    if (ar == ACCOUNT_BAD_INPUT)
        rc = svc_fail(e, SVC_INVALID, field, "%s", err);
    else if (ar != ACCOUNT_OK)
        rc = store_fault(st, e);
    if (rc == SVC_OK) {
        strfmt(detail, sizeof detail, "account %s added%s%s", username, staff_id ? " for staff " : "",
               staff_id ? staff_id : "");
        rc = wrote(st, admin_audit(st, a, "account", detail), e);
    }
    if (rc == SVC_OK) {
        strfmt(detail, sizeof detail, "Your account was made%s%s%s", staff_id ? ", for staff record " : "",
               staff_id ? staff_id : "", password ? ", with a password given at the machine" : "");
        rc = wrote(st,
                   tell(st, a, ref, detail) &&
                       (password || password_link_issue(st, ref, a->now, PASSWORD_LINK_NEW_SECONDS, link)),
                   e);
    }
    for (size_t i = 0; rc == SVC_OK && i < nroles; i++) {
        Param p[] = {P_INT(ref), P_STR(roles[i].role), P_STR(roles[i].scope ? roles[i].scope : "")};
        strfmt(detail, sizeof detail, "granted %s to %s", role_text(&roles[i], text), username);
        rc = wrote(st, store_exec(st, STMT_USER_ROLE_ADD, p, 3, NULL) == STORE_OK && admin_audit(st, a, "role", detail),
                   e);
        strfmt(detail, sizeof detail, "You were granted the role %s", text);
        if (rc == SVC_OK) rc = wrote(st, tell(st, a, ref, detail), e);
    }
    return close_change(st, a, rc, NULL, NULL, e);
}

/* Grants (grant) or removes a role. */
static SvcResult change_role(Store *st, const AdminActor *a, const char *username, const AccountRole *role, bool grant,
                             SvcError *e)
{
    AccountRole r = {role->role, role->scope ? role->scope : ""};
    SvcResult rc = valid_role(&r, e);
    if (rc != SVC_OK) return rc;
    Target t;
    if ((rc = open_account(st, a, username, &t, e)) != SVC_OK) return rc;
    char text[160], detail[320];
    role_text(&r, text);
    bool admin = strcmp(r.role, "admin") == 0, has = false;
    if (!grant && admin && is_self(a, username, t.ref))
        rc = svc_fail(e, SVC_INVALID, "role", "You cannot remove your own admin role");
    if (rc == SVC_OK && grant) rc = not_to_self(st, a, username, t.ref, "a role", e);
    if (rc == SVC_OK) rc = has_role(st, t.ref, &r, &has, e);
    if (rc == SVC_OK && grant && has)
        rc = svc_fail(e, SVC_CONFLICT, "role", "%.80s has the role %s already", username, text);
    if (rc == SVC_OK && !grant && !has)
        rc = svc_fail(e, SVC_CONFLICT, "role", "%.80s does not have the role %s: it may have been removed meanwhile",
                      username, text);
    if (rc == SVC_OK && !grant && admin) rc = not_last_admin(st, username, &t, "lose the admin role", e);
    if (rc == SVC_OK) {
        Param p[] = {P_INT(t.ref), P_STR(r.role), P_STR(r.scope)};
        strfmt(detail, sizeof detail, grant ? "You were granted the role %s" : "The role %s was removed from you",
               text);
        rc = wrote(st,
                   store_exec(st, grant ? STMT_USER_ROLE_ADD : STMT_USER_ROLE_REMOVE, p, 3, NULL) == STORE_OK &&
                       tell(st, a, t.ref, detail),
                   e);
    }
    strfmt(detail, sizeof detail, "%s %s %s %s", grant ? "granted" : "removed", text, grant ? "to" : "from", username);
    return close_change(st, a, rc, "role", detail, e);
}

SvcResult admin_role_grant(Store *st, const AdminActor *a, const char *username, const AccountRole *role, SvcError *e)
{
    return change_role(st, a, username, role, true, e);
}

SvcResult admin_role_revoke(Store *st, const AdminActor *a, const char *username, const AccountRole *role, SvcError *e)
{
    return change_role(st, a, username, role, false, e);
}

SvcResult admin_disable(Store *st, const AdminActor *a, const char *username, SvcError *e)
{
    Target t;
    SvcResult rc = open_account(st, a, username, &t, e);
    if (rc != SVC_OK) return rc;
    if (is_self(a, username, t.ref)) rc = svc_fail(e, SVC_INVALID, "username", "You cannot disable your own account");
    if (rc == SVC_OK && t.disabled)
        rc = svc_fail(e, SVC_CONFLICT, "username", "The account %.80s is disabled already", username);
    if (rc == SVC_OK) rc = not_last_admin(st, username, &t, "be disabled", e);
    if (rc == SVC_OK) {
        Param p[] = {P_INT(t.ref), P_INT(1)};
        rc = wrote(st,
                   store_exec(st, STMT_USER_SET_DISABLED, p, 2, NULL) == STORE_OK && end_sessions(st, a, t.ref) &&
                       end_feed(st, t.ref) && password_link_end(st, t.ref) &&
                       tell(st, a, t.ref, "Your account was disabled"),
                   e);
    }
    char detail[160];
    strfmt(detail, sizeof detail, "account %s disabled", username);
    return close_change(st, a, rc, "account", detail, e);
}

SvcResult admin_enable(Store *st, const AdminActor *a, const char *username, SvcError *e)
{
    Target t;
    SvcResult rc = open_account(st, a, username, &t, e);
    if (rc != SVC_OK) return rc;
    if (!t.disabled) rc = svc_fail(e, SVC_CONFLICT, "username", "The account %.80s is active already", username);
    if (rc == SVC_OK) {
        Param p[] = {P_INT(t.ref), P_INT(0)};
        rc = wrote(st,
                   store_exec(st, STMT_USER_SET_DISABLED, p, 2, NULL) == STORE_OK &&
                       tell(st, a, t.ref, "Your account was enabled again"),
                   e);
    }
    char detail[160];
    strfmt(detail, sizeof detail, "account %s enabled", username);
    return close_change(st, a, rc, "account", detail, e);
}

SvcResult admin_password_reset(Store *st, const AdminActor *a, const char *username, const char *password,
                               char link[TOKEN_CHARS + 1], SvcError *e)
{
    if (a->viewer && !access_admin(a->viewer)) return not_admin(e);
    char hash[PASSWORD_HASH_MAX];
    SvcResult rc = password_hash(a, password, hash, e);
    if (rc != SVC_OK) return rc;
    Target t;
    if ((rc = open_account(st, a, username, &t, e)) != SVC_OK) return rc;
    Param p[] = {P_INT(t.ref), P_STR(hash), P_INT(a->now)};
    rc = wrote(st,
               store_exec(st, STMT_USER_SET_PASSWORD, p, 3, NULL) == STORE_OK && end_sessions(st, a, t.ref) &&
                   end_feed(st, t.ref) &&
                   (password ? password_link_end(st, t.ref)
                             : password_link_issue(st, t.ref, a->now, PASSWORD_LINK_RESET_SECONDS, link)) &&
                   tell(st, a, t.ref,
                        password ? "Your password was reset at the machine; your calendar address was ended"
                                 : "Your password was reset: a link to choose a new one was made; your calendar"
                                   " address was ended"),
               e);
    char detail[160];
    strfmt(detail, sizeof detail, "password of %s reset", username);
    return close_change(st, a, rc, "account", detail, e);
}

SvcResult admin_two_factor_require(Store *st, const AdminActor *a, const char *username, SvcError *e)
{
    Target t;
    SvcResult rc = open_account(st, a, username, &t, e);
    if (rc != SVC_OK) return rc;
    if (t.totp_required)
        rc = svc_fail(e, SVC_CONFLICT, "username", "Two-factor sign-in is required of %.80s already", username);
    if (rc == SVC_OK) {
        Param p[] = {P_INT(t.ref), P_INT(1)};
        rc = wrote(st,
                   store_exec(st, STMT_USER_SET_TOTP_REQUIRED, p, 2, NULL) == STORE_OK &&
                       tell(st, a, t.ref, "Two-factor sign-in was required of your account"),
                   e);
    }
    char detail[160];
    strfmt(detail, sizeof detail, "two-factor sign-in required of %s", username);
    return close_change(st, a, rc, "account", detail, e);
}

SvcResult admin_two_factor_reset(Store *st, const AdminActor *a, const char *username, SvcError *e)
{
    Target t;
    SvcResult rc = open_account(st, a, username, &t, e);
    if (rc != SVC_OK) return rc;
    if (!t.totp_enabled) rc = svc_fail(e, SVC_CONFLICT, "username", "%.80s has no two-factor sign-in set up", username);
    if (rc == SVC_OK) {
        Param p[] = {P_INT(t.ref)};
        rc = wrote(st,
                   store_exec(st, STMT_USER_TOTP_DISABLE, p, 1, NULL) == STORE_OK && end_sessions(st, a, t.ref) &&
                       tell(st, a, t.ref, "Your two-factor sign-in was reset"),
                   e);
    }
    char detail[160];
    strfmt(detail, sizeof detail, "two-factor sign-in of %s reset", username);
    return close_change(st, a, rc, "account", detail, e);
}

SvcResult admin_staff_link(Store *st, const AdminActor *a, const char *username, const char *staff_id, SvcError *e)
{
    bool link = staff_id && *staff_id;
    Target t;
    SvcResult rc = open_account(st, a, username, &t, e);
    if (rc != SVC_OK) return rc;
    char detail[320], what[320];
    int64_t staff_ref = 0, other = 0;
    if (link && (rc = not_to_self(st, a, username, t.ref, "a staff record", e)) != SVC_OK)
        return close_change(st, a, rc, NULL, NULL, e);
    if (!link) {
        if (!*t.staff_id)
            rc = svc_fail(e, SVC_CONFLICT, "staff", "The account %.80s is not linked to a staff record", username);
        strfmt(detail, sizeof detail, "account %s unlinked from staff %s", username, t.staff_id);
    } else if (strcmp(t.staff_id, staff_id) == 0) {
        rc = svc_fail(e, SVC_CONFLICT, "staff", "The account %.80s is linked to staff %.80s already", username,
                      staff_id);
    } else {
        Param s[] = {P_STR(staff_id)};
        int got = store_query_int(st, STMT_STAFF_FIND, s, 1, &staff_ref);
        if (got < 0) rc = store_fault(st, e);
        if (got == 0)
            rc = svc_fail(e, SVC_INVALID, "staff",
                          "There is no staff member \"%.80s\": check the id, or import the staff file first", staff_id);
        Param u[] = {P_INT(staff_ref)};
        if (rc == SVC_OK && (got = store_query_int(st, STMT_USER_FIND_BY_STAFF, u, 1, &other)) != 0)
            rc = got < 0 ? store_fault(st, e)
                         : svc_fail(e, SVC_INVALID, "staff", "Staff member \"%.80s\" has an account already", staff_id);
        strfmt(detail, sizeof detail, "account %s linked to staff %s%s%s%s", username, staff_id,
               *t.staff_id ? " (was " : "", t.staff_id, *t.staff_id ? ")" : "");
    }
    if (rc == SVC_OK) {
        Param p[] = {P_INT(t.ref), link ? P_INT(staff_ref) : P_NULL};
        if (link)
            strfmt(what, sizeof what, "Your account was linked to staff record %s", staff_id);
        else
            strfmt(what, sizeof what, "Your account was unlinked from staff record %s", t.staff_id);
        /* The feed is the old record's: it ends with the link. */
        rc = wrote(st,
                   end_feed(st, t.ref) && store_exec(st, STMT_USER_SET_STAFF, p, 2, NULL) == STORE_OK &&
                       tell(st, a, t.ref, what),
                   e);
    }
    return close_change(st, a, rc, "account", detail, e);
}

/* ---- teams ---- */

SvcResult admin_team_set(Store *st, const AdminActor *a, const char *team, const AdminTeamChange *to,
                         const AdminTeamChange *shown, SvcError *e)
{
    const char *service = to->service ? to->service : "", *manager = to->manager ? to->manager : "";
    SvcResult rc = svc_text(e, "service", "the service's name", service, ACCESS_NAME_MAX, false);
    if (rc != SVC_OK) return rc;
    if ((rc = open_change(st, a, e)) != SVC_OK) return rc;
    int64_t team_ref = 0, sref = 0, mref = 0;
    char was_service[ACCESS_NAME_MAX + 1] = "", was_manager[65] = "";
    Param t[] = {P_STR(team)};
    StoreRows *r = store_query(st, STMT_ADMIN_TEAM, t, 1);
    int got = r ? store_next(r) : STORE_ERROR;
    if (got == 1) {
        team_ref = store_col_int(r, 0);
        svc_col_copy(r, 1, was_service, sizeof was_service);
        svc_col_copy(r, 2, was_manager, sizeof was_manager);
    }
    store_rows_close(r);
    if (got < 0) rc = store_fault(st, e);
    if (got == 0) rc = svc_fail(e, SVC_NOT_FOUND, "", "There is no team \"%.80s\"", team);
    if (rc == SVC_OK && shown &&
        (strcmp(shown->service ? shown->service : "", was_service) != 0 ||
         strcmp(shown->manager ? shown->manager : "", was_manager) != 0))
        rc = svc_fail(e, SVC_CONFLICT, "service",
                      "Someone else changed this team meanwhile: its service is now \"%s\" and its manager \"%s\"."
                      " Check the values and save again",
                      was_service, was_manager);
    if (rc == SVC_OK && *manager) {
        Param m[] = {P_STR(manager)};
        got = store_query_int(st, STMT_STAFF_FIND, m, 1, &mref);
        if (got < 0) rc = store_fault(st, e);
        if (got == 0) rc = svc_fail(e, SVC_INVALID, "manager", "There is no staff member with this id");
    }
    if (rc == SVC_OK && *service) {
        Param s[] = {P_STR(service)};
        got = store_query_int(st, STMT_SERVICE_FIND, s, 1, &sref);
        if (got == 0) got = store_query_int(st, STMT_SERVICE_ADD, s, 1, &sref);
        if (got != 1) rc = store_fault(st, e);
    }
    if (rc == SVC_OK) {
        Param u[] = {P_INT(team_ref), *service ? P_INT(sref) : P_NULL, *manager ? P_INT(mref) : P_NULL};
        rc = wrote(st, store_exec(st, STMT_TEAM_SET, u, 3, NULL) == STORE_OK, e);
    }
    char detail[320];
    strfmt(detail, sizeof detail, "team %s: service \"%s\", manager \"%s\"", team, service, manager);
    return close_change(st, a, rc, "team", detail, e);
}

/* ---- imports and the policy ---- */

SvcResult admin_import(Store *st, const AdminActor *a, const Policy *pol, ImportKind kind, CsvReader *csv,
                       const char *name, ImportReport *report, SvcError *e)
{
    memset(report, 0, sizeof *report);
    if (a->viewer && !access_admin(a->viewer)) return not_admin(e);
    /* Read and checked before the write lock is taken, which is then held
     * only for writing: a long file never keeps others from writing. */
    ImportRecords *recs = import_read(csv);
    int got = import_check(st, pol, kind, recs, name, report);
    SvcResult rc = got == IMPORT_OK ? SVC_OK : got == IMPORT_ENV ? SVC_FAILED : SVC_INVALID;
    if (rc == SVC_OK) {
        import_report_free(report);
        rc = open_change(st, a, e);
    }
    if (rc == SVC_OK) got = import_into(st, pol, kind, recs, name, a->now, report);
    import_records_free(recs);
    if (rc == SVC_OK && got == IMPORT_ENV) rc = SVC_FAILED;
    if (rc == SVC_INVALID || (rc == SVC_OK && got == IMPORT_BAD_INPUT))
        rc = svc_fail(e, SVC_INVALID, "file", "The file has problems: nothing was imported");
    char detail[320];
    strfmt(detail, sizeof detail, "%s file %s: %ld rows", import_kind_name(kind), name, report->rows);
    if (rc == SVC_OK && (!admin_audit(st, a, "import", detail) || store_commit(st) != STORE_OK)) rc = SVC_FAILED;
    store_rollback(st);
    /* However the store failed, the report ends as the command line's does. */
    if (rc == SVC_FAILED) {
        import_unwritten(report, name, st);
        rc = svc_fail(e, SVC_FAILED, "file", "%s", report->errors[report->nerrors - 1]);
    }
    return rc;
}

SvcResult admin_change_begin(Store *st, const AdminActor *a, SvcError *e) { return open_change(st, a, e); }

SvcResult admin_change_end(Store *st, const AdminActor *a, SvcResult rc, const char *action, const char *detail,
                           SvcError *e)
{
    return close_change(st, a, rc, action, detail, e);
}
