/* admin_view.h: what the admin pages and `oversight user list` show: the
 * audit log, recent imports, accounts with their roles, teams with their
 * service and manager. Admins see names of teams and staff ids here, never
 * supervision or cases.
 *
 * Each view decides access (an admin, or the command line: see AdminActor
 * in admin.h) and returns typed data whose strings live in the result's
 * arena; free each with its *_free function (safe on a zeroed value).
 * SVC_OK, SVC_REFUSED (not an admin), SVC_NOT_FOUND (one account or team
 * asked for, and none) or SVC_FAILED. */
#ifndef OV_SVC_ADMIN_VIEW_H
#define OV_SVC_ADMIN_VIEW_H

#include "svc/search.h"
#include "svc/admin.h"

/* ---- the audit log ---- */

typedef struct {
    int64_t at;   /* Unix time */
    char *who;    /* the account's username, or e.g. "command line (unix user alice)" */
    char *action; /* "account", "role", "team", "import", "policy", ... */
    char *detail;
} AuditEntry;

typedef struct {
    AuditEntry *items;
    size_t n, cap;
    Arena strings;
} AuditLog;

/* The latest changes (at most 30), newest first. */
SvcResult admin_audit_log(Store *st, const AdminActor *a, AuditLog *out);
void admin_audit_log_free(AuditLog *log);

/* ---- imports ---- */

typedef struct {
    char *kind, *file_name, *imported_at; /* imported_at: "YYYY-MM-DDTHH:MM:SSZ" */
    long rows;
} ImportEntry;

typedef struct {
    ImportEntry *items;
    size_t n, cap;
    Arena strings;
} ImportLog;

/* The latest imports (at most 20), newest first. */
SvcResult admin_imports(Store *st, const AdminActor *a, ImportLog *out);
void admin_imports_free(ImportLog *log);

/* ---- accounts ---- */

typedef struct {
    char *username;
    char *staff_id, *staff_name; /* "" when not linked to a staff record */
    AccountRole *roles;          /* by role, then service */
    size_t nroles;
    bool disabled, totp_enabled, totp_required;
} AdminAccount;

typedef struct {
    AdminAccount *items;
    size_t n, cap;
    bool more; /* admin_accounts_page: another page follows */
    Arena strings;
} AdminAccounts;

/* Every account, by username (`oversight user list`; the pages take them a
 * page at a time, admin_accounts_page). */
SvcResult admin_accounts(Store *st, const AdminActor *a, AdminAccounts *out);
/* One account: out->n is 1 on SVC_OK. */
SvcResult admin_account(Store *st, const AdminActor *a, const char *username, AdminAccounts *out);
void admin_accounts_free(AdminAccounts *list);

/* ---- teams ---- */

typedef struct {
    char *name;
    char *service;                   /* "" when none */
    char *manager_id, *manager_name; /* "" when none */
    long staff;                      /* how many staff are in the team */
} AdminTeam;

typedef struct {
    AdminTeam *items;
    size_t n, cap;
    bool more; /* admin_teams_page: another page follows */
    Arena strings;
} AdminTeams;

/* A page of teams by name (pages as below: ADMIN_PAGE_SIZE each, from 1):
 * every team when query is NULL or empty, else those whose name or whose
 * service's name has it in it (the letters A to Z in either case). SVC_INVALID (field "q") as
 * admin_people_find. */
SvcResult admin_teams_page(Store *st, const AdminActor *a, const char *query, long page, AdminTeams *out, SvcError *e);
/* One team (out->n is 1 on SVC_OK; its staff count and manager's name are
 * not read). */
SvcResult admin_team(Store *st, const AdminActor *a, const char *name, AdminTeams *out);
void admin_teams_free(AdminTeams *list);

/* ---- finding people and accounts, a page at a time ----
 *
 * An organisation may have tens of thousands of staff and accounts: the
 * admin pages never list them whole. People are found by what is typed (a
 * staff id, or its beginning, in any case; or words that begin words of
 * the name, in any case and with or without accents, as svc/search.h
 * matches names) through the name and id indexes, so a page costs what
 * it finds. Pages are numbered from 1; each holds at most ADMIN_PAGE_SIZE,
 * and `more` says another follows. */

#define ADMIN_PAGE_SIZE 25
/* Pages past this are not offered: type more of the name instead. */
#define ADMIN_PAGE_MAX 400

typedef struct {
    char *id, *name, *team; /* team "" when none */
    bool left;
    char *username; /* the account linked to this person, "" when none */
} AdminPerson;

typedef struct {
    AdminPerson *items;
    size_t n, cap;
    bool more;
    Arena strings;
} AdminPeople;

/* The people query finds, an exact id first, then by name. SVC_INVALID
 * with e (field "q") when nothing was typed, fewer than two letters or
 * numbers, or more than SEARCH_MAX_BYTES. */
SvcResult admin_people_find(Store *st, const AdminActor *a, const char *query, long page, AdminPeople *out,
                            SvcError *e);
/* One member of staff by their id: out->n is 1 on SVC_OK. */
SvcResult admin_person(Store *st, const AdminActor *a, const char *id, AdminPeople *out);
void admin_people_free(AdminPeople *list);

/* A page of accounts by username: every account when query is NULL or
 * empty, else those whose username begins with it (as typed) or whose
 * staff record admin_people_find would find. Roles as admin_accounts
 * gives them; out->more when another page follows. SVC_INVALID as
 * admin_people_find. */
SvcResult admin_accounts_page(Store *st, const AdminActor *a, const char *query, long page, AdminAccounts *out,
                              SvcError *e);

#endif
