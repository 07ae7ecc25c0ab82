/* cmd_user.c: oversight user ACTION: accounts of the web application,
 * changed through the administration service (svc/admin.h) that the admin
 * pages use, so the same rules hold and each change leaves the same audit
 * row; the actor is the operator at the machine, named by their unix user.
 * A new account or a reset gets a one-time link on which the person
 * chooses their password, printed once for the operator to hand over; the
 * operator may instead give the password on standard input
 * (--password-stdin): to make the first admin, or for their own account. */
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"
#include "svc/admin.h"
#include "svc/admin_view.h"

#define MAX_ROLES 8

/* What a command line asked for. */
typedef struct {
    const char *username, *staff;
    AccountRole roles[MAX_ROLES];
    char role_text[MAX_ROLES][160];
    size_t nroles;
    bool from_stdin;
    char password[PASSWORD_MAX + 2];
    char link[TOKEN_CHARS + 1]; /* the token of the person's link: shown once */
} UserArgs;

/* What an action takes, besides the username. */
enum { TAKES_STAFF = 1, NEEDS_STAFF = 2, TAKES_ROLES = 4, NEEDS_ONE_ROLE = 8, TAKES_PASSWORD = 16 };

typedef struct {
    const char *name, *args, *summary;
    unsigned takes;
    SvcResult (*run)(Store *st, const AdminActor *a, UserArgs *u, SvcError *e);
    const char *done; /* said after the username on success */
} UserAction;

static SvcResult run_add(Store *st, const AdminActor *a, UserArgs *u, SvcError *e)
{
    return admin_account_add(st, a, u->username, u->staff, u->from_stdin ? u->password : NULL, u->roles, u->nroles,
                             u->link, e);
}
static SvcResult run_grant(Store *st, const AdminActor *a, UserArgs *u, SvcError *e)
{
    return admin_role_grant(st, a, u->username, &u->roles[0], e);
}
static SvcResult run_revoke(Store *st, const AdminActor *a, UserArgs *u, SvcError *e)
{
    return admin_role_revoke(st, a, u->username, &u->roles[0], e);
}
static SvcResult run_disable(Store *st, const AdminActor *a, UserArgs *u, SvcError *e)
{
    return admin_disable(st, a, u->username, e);
}
static SvcResult run_enable(Store *st, const AdminActor *a, UserArgs *u, SvcError *e)
{
    return admin_enable(st, a, u->username, e);
}
static SvcResult run_reset(Store *st, const AdminActor *a, UserArgs *u, SvcError *e)
{
    return admin_password_reset(st, a, u->username, u->from_stdin ? u->password : NULL, u->link, e);
}
static SvcResult run_require(Store *st, const AdminActor *a, UserArgs *u, SvcError *e)
{
    return admin_two_factor_require(st, a, u->username, e);
}
static SvcResult run_reset_2fa(Store *st, const AdminActor *a, UserArgs *u, SvcError *e)
{
    return admin_two_factor_reset(st, a, u->username, e);
}
static SvcResult run_link(Store *st, const AdminActor *a, UserArgs *u, SvcError *e)
{
    return admin_staff_link(st, a, u->username, u->staff, e);
}
static SvcResult run_unlink(Store *st, const AdminActor *a, UserArgs *u, SvcError *e)
{
    return admin_staff_link(st, a, u->username, NULL, e);
}

static const UserAction actions[] = {
    {"add", "USERNAME [--staff ID] [--role ROLE]... [--password-stdin]", "add an account, with roles",
     TAKES_STAFF | TAKES_ROLES | TAKES_PASSWORD, run_add, "account added"},
    {"grant", "USERNAME --role ROLE", "grant a role", NEEDS_ONE_ROLE, run_grant, "role granted"},
    {"revoke", "USERNAME --role ROLE", "remove a role", NEEDS_ONE_ROLE, run_revoke, "role removed"},
    {"disable", "USERNAME", "stop an account signing in; its signed-in sessions end", 0, run_disable,
     "account disabled; signed-in sessions ended"},
    {"enable", "USERNAME", "let a disabled account sign in again", 0, run_enable, "account enabled"},
    {"reset-password", "USERNAME [--password-stdin]",
     "end the password, sessions and calendar feed; a link to choose a new one", TAKES_PASSWORD, run_reset,
     "password reset; signed-in sessions and calendar feed ended"},
    {"require-two-factor", "USERNAME", "require two-factor sign-in (set up at the next sign-in)", 0, run_require,
     "two-factor sign-in required"},
    {"reset-two-factor", "USERNAME", "forget the account's two-factor secret (a lost phone); sessions end", 0,
     run_reset_2fa, "two-factor sign-in reset; signed-in sessions ended"},
    {"link", "USERNAME --staff ID", "link the account to a staff record", TAKES_STAFF | NEEDS_STAFF, run_link,
     "linked to the staff record"},
    {"unlink", "USERNAME", "unlink the account from its staff record", 0, run_unlink, "unlinked from its staff record"},
    {"list", "", "every account: staff id, status, two-factor sign-in, roles", 0, NULL, NULL},
};
#define NACTIONS (sizeof actions / sizeof *actions)

static void print_help(FILE *out)
{
    fputs("usage: oversight user ACTION ...   accounts of the web application\n\n", out);
    for (size_t i = 0; i < NACTIONS; i++)
        fprintf(out, "  oversight user %s%s%s\n      %s\n", actions[i].name, *actions[i].args ? " " : "",
                actions[i].args, actions[i].summary);
    fputs("\nROLE is admin, auditor or senior-manager:SERVICE. Without --password-stdin, add and\n"
          "reset-password print a link, once, for the person to choose their own password on\n"
          "(it works once: within 24 hours for a new account, 1 hour after a reset). With it,\n"
          "the first line of standard input is the password (at least 12 characters): for the\n"
          "first admin, or for your own account.\n\n"
          "The admin pages make the same changes by the same rules: nobody removes their own\n"
          "admin role or disables their own account, nobody grants their own account a role or\n"
          "links it to a staff record (your own is the account named as your unix user), and\n"
          "the last active admin keeps the role and the account. Each change is in the audit\n"
          "log (the admin page), made by \"command line (unix user NAME)\", and is shown to the\n"
          "person it concerns when they next sign in.\n",
          out);
}

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("oversight user: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n(oversight user --help lists the actions and their options)\n", stderr);
    return EXIT_USAGE;
}

/* The password the operator gives: the first line of stdin. */
static int get_password(UserArgs *u)
{
    if (!fgets(u->password, (int)sizeof u->password, stdin)) {
        cli_error("user: no password on standard input; nothing changed (give it as the first line)");
        return EXIT_BAD_INPUT;
    }
    u->password[strcspn(u->password, "\r\n")] = 0;
    return EXIT_OK;
}

/* What to do next, after a refusal: for the cases the message alone does
 * not say. */
static const char *next_step(SvcResult rc, const SvcError *e)
{
    if (rc == SVC_NOT_FOUND) return "oversight user list shows the accounts";
    if (strcmp(e->field, "scope") == 0) return "give the service as --role senior-manager:SERVICE";
    if (rc == SVC_FAILED) return "check that the database is reachable and try again";
    return NULL;
}

static int report(SvcResult rc, const SvcError *e, const UserAction *act, const UserArgs *u)
{
    if (rc != SVC_OK) {
        const char *next = next_step(rc, e);
        cli_error("user %s %s: %s. Nothing changed.%s%s%s", act->name, u->username, e->message, next ? " (" : "",
                  next ? next : "", next ? ")" : "");
        return rc == SVC_FAILED ? EXIT_ENV : EXIT_BAD_INPUT;
    }
    printf("%s: %s\n", u->username, act->done);
    if (u->link[0])
        printf("link: %s%s\n(shown once; it works once, within %d hours: hand it to %s privately, to open on the"
               " server's address and choose a password)\n",
               PASSWORD_LINK_PATH, u->link,
               (act->run == run_add ? PASSWORD_LINK_NEW_SECONDS : PASSWORD_LINK_RESET_SECONDS) / 3600, u->username);
    return EXIT_OK;
}

static int list(Store *st, const AdminActor *a)
{
    AdminAccounts all;
    SvcResult rc = admin_accounts(st, a, &all);
    if (rc != SVC_OK) {
        cli_error("user list: %s", store_error(st));
        admin_accounts_free(&all);
        return EXIT_ENV;
    }
    for (size_t i = 0; i < all.n; i++) {
        const AdminAccount *acc = &all.items[i];
        Buf roles = {0};
        for (size_t j = 0; j < acc->nroles; j++)
            buf_addf(&roles, "%s%s%s%s", j ? ", " : "", acc->roles[j].role, *acc->roles[j].scope ? ":" : "",
                     acc->roles[j].scope);
        printf("%-24s %-12s %-8s %-19s %s\n", acc->username, *acc->staff_id ? acc->staff_id : "-",
               acc->disabled ? "disabled" : "active",
               acc->totp_enabled    ? "two-factor on"
               : acc->totp_required ? "two-factor required"
                                    : "two-factor off",
               acc->nroles ? buf_str(&roles) : "no roles");
        buf_free(&roles);
    }
    admin_accounts_free(&all);
    return EXIT_OK;
}

/* Reads the options after the action; EXIT_OK or a usage error. */
static int parse(const UserAction *act, int argc, char **argv, UserArgs *u)
{
    bool bad = false;
    const char *role;
    for (int i = 2; i < argc;) {
        if (cli_opt(argc, argv, &i, "--staff", &u->staff, &bad)) {
            if (!(act->takes & TAKES_STAFF)) return usage("--staff does not go with %s", act->name);
            continue;
        }
        if (cli_opt(argc, argv, &i, "--role", &role, &bad)) {
            if (bad) break;
            if (!(act->takes & (TAKES_ROLES | NEEDS_ONE_ROLE))) return usage("--role does not go with %s", act->name);
            if (u->nroles == MAX_ROLES) return usage("at most %d roles", MAX_ROLES);
            char *text = u->role_text[u->nroles];
            strfmt(text, sizeof u->role_text[0], "%s", role);
            char *colon = strchr(text, ':');
            if (colon) *colon = 0;
            u->roles[u->nroles++] = (AccountRole){text, colon ? colon + 1 : ""};
            continue;
        }
        if (strcmp(argv[i], "--password-stdin") == 0) {
            if (!(act->takes & TAKES_PASSWORD)) return usage("--password-stdin does not go with %s", act->name);
            u->from_stdin = true;
            i++;
            continue;
        }
        if (argv[i][0] == '-' || u->username) return usage("unexpected argument \"%s\"", argv[i]);
        u->username = argv[i++];
    }
    if (bad) return EXIT_USAGE;
    if (!act->run && u->username) return usage("list takes no username");
    if (act->run && !u->username)
        return usage("which account? give its username: oversight user %s USERNAME", act->name);
    if ((act->takes & NEEDS_ONE_ROLE) && u->nroles != 1)
        return usage("%s takes one --role: admin, auditor or senior-manager:SERVICE", act->name);
    if ((act->takes & NEEDS_STAFF) && (!u->staff || !*u->staff)) return usage("%s needs --staff ID", act->name);
    return EXIT_OK;
}

int cmd_user(const Globals *g, int argc, char **argv)
{
    if (argc < 2) return usage("which action?");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return EXIT_OK;
    }
    const UserAction *act = NULL;
    for (size_t i = 0; i < NACTIONS; i++)
        if (strcmp(argv[1], actions[i].name) == 0) act = &actions[i];
    if (!act) return usage("unknown action \"%s\"", argv[1]);
    UserArgs u = {0};
    int rc = parse(act, argc, argv, &u);
    if (rc != EXIT_OK) return rc;
    if (u.from_stdin && (rc = get_password(&u)) != EXIT_OK) return rc;

    Store *st;
    Policy *pol;
    rc = cli_open(g, false, &st, &pol);
    if (rc == EXIT_OK) {
        policy_free(pol);
        char name[ADMIN_OPERATOR_MAX];
        AdminActor a = cli_admin_actor(name);
        const struct passwd *pw = getpwuid(getuid());
        a.own = pw ? pw->pw_name : NULL;
        SvcError e = {0};
        rc = act->run ? report(act->run(st, &a, &u, &e), &e, act, &u) : list(st, &a);
        store_close(st);
    }
    account_forget(u.password, sizeof u.password);
    account_forget(u.link, sizeof u.link);
    return rc;
}
