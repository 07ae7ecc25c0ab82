/* admin.h: the administration service: every change an admin makes to
 * accounts, roles, two-factor sign-in, staff links, teams, imports and the
 * policy in force. The web's admin pages and the command line (`oversight
 * user`, `oversight import`, `oversight policy apply`) call these same
 * functions, so both doors obey the same rules and leave the same audit
 * rows; only the actor differs.
 *
 * Each change checks that the actor may administer, and the rules that keep
 * the organisation administrable, through either door:
 *   - nobody removes their own admin role or disables their own account;
 *   - the last active admin keeps the admin role and stays enabled.
 * And the rules that keep an admin from becoming someone else:
 *   - an admin never learns or sets another person's password: a new
 *     account or a reset gives the person a one-time link on which they
 *     choose it (svc/password_link.h); only the operator at the machine may
 *     set a password they give (to bootstrap, or for themselves);
 *   - nobody grants a role to their own account or links it to a staff
 *     record (the first admin excepted: someone must be first);
 *   - every change to an account is told to the person (svc/notice.h).
 * Disabling an account or resetting its password ends its sessions, its
 * calendar feed and any live password link; changing its staff link ends
 * the feed.
 * Each runs in one transaction and writes its audit row and the person's
 * notice in that same transaction: a change and its trail are saved
 * together or not at all.
 * A change that another admin's change made impossible meanwhile (the role
 * already removed, the account already disabled, the team changed since the
 * form was shown) is SVC_CONFLICT, never a failure.
 *
 * Answers: SVC_OK; SVC_INVALID (e->field names the input: "username",
 * "staff", "role", "scope", "password", "service", "manager", "policy");
 * SVC_REFUSED (not an admin); SVC_NOT_FOUND (no such account or team);
 * SVC_CONFLICT (a lock-out rule, or a lost race); SVC_FAILED (the store
 * failed; e->message says how). Nothing changes unless SVC_OK. */
#ifndef OV_SVC_ADMIN_H
#define OV_SVC_ADMIN_H

#include "svc/accounts.h"
#include "svc/import.h"
#include "svc/password_link.h"
#include "svc/svc.h"

/* Who makes a change: a signed-in account (the web), or an operator at the
 * machine's command line, who has no account but has the database itself,
 * and so counts as an admin. The audit log names the account, or the
 * operator as admin_operator made them. now is the time stamped on the
 * audit row. */
typedef struct {
    const Viewer *viewer; /* the signed-in account; NULL for the command line */
    const char *operator; /* with no viewer: "command line (unix user NAME)" */
    const char *own;      /* with no viewer: the username that is the operator's own account (their unix
                           * user's name), or NULL */
    int64_t now;
} AdminActor;

#define ADMIN_OPERATOR_MAX 128
/* The command line's name in the audit log for this unix user. */
void admin_operator(const char *unix_user, char out[ADMIN_OPERATOR_MAX]);

/* Adds an audit row inside the caller's transaction: who (from a), what
 * (action: "account", "role", "team", "import", "policy") and detail.
 * true on success. */
bool admin_audit(Store *st, const AdminActor *a, const char *action, const char *detail);

/* ---- accounts ---- */

/* A new account, linked to the staff record staff_id when not NULL or ""
 * (a staff member without an account), with roles (may be none). With
 * password NULL the account has no usable password: link gets the token of
 * a link on which the person chooses it (PASSWORD_LINK_NEW_SECONDS). Only
 * the command line may give a password (checked against the rules). One
 * audit row for the account and one per role, as if granted one by one. */
SvcResult admin_account_add(Store *st, const AdminActor *a, const char *username, const char *staff_id,
                            const char *password, const AccountRole *roles, size_t nroles, char link[TOKEN_CHARS + 1],
                            SvcError *e);

/* Grants or removes a role (role->scope: the service of a senior manager).
 * Granting a role held, or removing one not held, is SVC_CONFLICT;
 * granting one to one's own account SVC_INVALID. */
SvcResult admin_role_grant(Store *st, const AdminActor *a, const char *username, const AccountRole *role, SvcError *e);
SvcResult admin_role_revoke(Store *st, const AdminActor *a, const char *username, const AccountRole *role, SvcError *e);

/* Disables an account, ending its signed-in sessions, its calendar feed and
 * its password link, or enables it again (the feed stays ended). Disabling
 * a disabled account or enabling an active one is SVC_CONFLICT. */
SvcResult admin_disable(Store *st, const AdminActor *a, const char *username, SvcError *e);
SvcResult admin_enable(Store *st, const AdminActor *a, const char *username, SvcError *e);

/* Resets the account's password: the old one stops working, its signed-in
 * sessions and calendar feed end, and link gets the token of a link on
 * which the person chooses a new one (PASSWORD_LINK_RESET_SECONDS). Only
 * the command line may instead give the password (checked against the
 * rules; no link then). Two-factor sign-in stays as it was. */
SvcResult admin_password_reset(Store *st, const AdminActor *a, const char *username, const char *password,
                               char link[TOKEN_CHARS + 1], SvcError *e);

/* Requires two-factor sign-in of the account: it sets it up the next time
 * it signs in (SVC_CONFLICT when already required). */
SvcResult admin_two_factor_require(Store *st, const AdminActor *a, const char *username, SvcError *e);
/* Forgets the account's two-factor secret (a lost phone) and ends its
 * sessions; if two-factor sign-in is required, it is set up again at the
 * next sign-in. SVC_CONFLICT when none is set up. */
SvcResult admin_two_factor_reset(Store *st, const AdminActor *a, const char *username, SvcError *e);

/* Links the account to the staff record staff_id (a staff member without
 * an account), or unlinks it when staff_id is NULL or "", ending the
 * calendar feed of the record it had. Linking to the record it has, or
 * unlinking an unlinked account, is SVC_CONFLICT; linking one's own account
 * SVC_INVALID. */
SvcResult admin_staff_link(Store *st, const AdminActor *a, const char *username, const char *staff_id, SvcError *e);

/* ---- teams ---- */

/* A team's service and manager as the form showed them, or as they are to
 * become: a service name ("" none, a new name creates it) and a manager's
 * staff id ("" none). */
typedef struct {
    const char *service;
    const char *manager;
} AdminTeamChange;

/* Sets the team's service and manager. When shown is not NULL it holds
 * what the admin saw: if the team has changed since, nothing is written
 * and the answer is SVC_CONFLICT. */
SvcResult admin_team_set(Store *st, const AdminActor *a, const char *team, const AdminTeamChange *to,
                         const AdminTeamChange *shown, SvcError *e);

/* ---- imports and the policy ---- */

/* Imports a CSV file as import_into does (the report says what happened)
 * and records it in the audit log ("import", "KIND file NAME: N rows"), in
 * one transaction: the rows, the import log entry and the audit row are
 * saved together or not at all. A refused file writes nothing, not even an
 * audit row, as with any refused change. SVC_OK, SVC_INVALID (the report
 * lists the problems; nothing imported), SVC_REFUSED or SVC_FAILED (the
 * report's last error says the database could not be written). */
SvcResult admin_import(Store *st, const AdminActor *a, const Policy *pol, ImportKind kind, CsvReader *csv,
                       const char *name, ImportReport *report, SvcError *e);

/* The policy in force is changed by svc/policy_change.h, through the
 * transaction below. */

/* An admin change's transaction, for the changes other services make as
 * admin changes: begins it and checks, inside it, that a signed-in actor
 * is still an enabled admin (SVC_REFUSED if not); admin_change_end adds
 * the audit row (unless action is NULL) and commits when rc is SVC_OK,
 * else rolls back, and returns the outcome. */
SvcResult admin_change_begin(Store *st, const AdminActor *a, SvcError *e);
SvcResult admin_change_end(Store *st, const AdminActor *a, SvcResult rc, const char *action, const char *detail,
                           SvcError *e);

#endif
