/* cmd_user.c: oversight user add|reset-password|disable|list: accounts for
 * the web application. A password is read from standard input
 * (--password-stdin) or made up and shown once. */
#include <stdio.h>
#include <string.h>

#include "svc/accounts.h"
#include "cli/cli.h"
#include "core/util.h"

#define MAX_ROLES 8

/* One line of standard input, without its line end. */
static bool read_password(char *out, size_t n)
{
    if (!fgets(out, (int)n, stdin)) return false;
    out[strcspn(out, "\r\n")] = 0;
    return true;
}

/* The password to set: from stdin, or made up (*made_up set). */
static int get_password(bool from_stdin, char *pw, size_t n, bool *made_up)
{
    *made_up = !from_stdin;
    if (!from_stdin) {
        account_random_password(pw);
        return EXIT_OK;
    }
    if (!read_password(pw, n)) {
        cli_error("user: no password on standard input");
        return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
}

static int finish(AccountResult r, const char *err, const char *username, const char *pw, bool made_up,
                  const char *done)
{
    if (r != ACCOUNT_OK) {
        cli_error("user \"%s\": %s; nothing changed", username, err);
        return r == ACCOUNT_BAD_INPUT ? EXIT_BAD_INPUT : EXIT_ENV;
    }
    printf("%s: %s\n", username, done);
    if (made_up) printf("password: %s\n(shown once: hand it over privately)\n", pw);
    return EXIT_OK;
}

static int user_list(Store *st)
{
    StoreRows *r = store_query(st, STMT_USER_LIST, NULL, 0);
    if (!r) {
        cli_error("user list: %s", store_error(st));
        return EXIT_ENV;
    }
    int got;
    while ((got = store_next(r)) == 1)
        printf("%-24s %-12s %s%s\n", store_col_text(r, 0, NULL),
               store_col_null(r, 1) ? "-" : store_col_text(r, 1, NULL),
               store_col_int(r, 2) ? "disabled" : "active", store_col_int(r, 3) ? ", with roles" : "");
    store_rows_close(r);
    return got < 0 ? EXIT_ENV : EXIT_OK;
}

int cmd_user(const Globals *g, int argc, char **argv)
{
    if (argc < 2) return cli_usage("user", "add, reset-password, disable or list?");
    const char *action = argv[1], *username = NULL, *staff = NULL, *role;
    AccountRole roles[MAX_ROLES];
    char role_text[MAX_ROLES][128];
    size_t nroles = 0;
    bool from_stdin = false, bad = false;
    for (int i = 2; i < argc;) {
        if (cli_opt(argc, argv, &i, "--staff", &staff, &bad)) continue;
        if (cli_opt(argc, argv, &i, "--role", &role, &bad)) {
            if (bad) break;
            if (nroles == MAX_ROLES) return cli_usage("user", "at most %d roles", MAX_ROLES);
            strfmt(role_text[nroles], sizeof role_text[nroles], "%s", role);
            char *colon = strchr(role_text[nroles], ':');
            if (colon) *colon = 0;
            roles[nroles] = (AccountRole){role_text[nroles], colon ? colon + 1 : NULL};
            nroles++;
            continue;
        }
        if (strcmp(argv[i], "--password-stdin") == 0) {
            from_stdin = true;
            i++;
            continue;
        }
        if (argv[i][0] == '-' || username) return cli_usage("user", "unexpected argument \"%s\"", argv[i]);
        username = argv[i++];
    }
    if (bad) return EXIT_USAGE;
    bool is_add = strcmp(action, "add") == 0, is_reset = strcmp(action, "reset-password") == 0;
    bool is_disable = strcmp(action, "disable") == 0, is_list = strcmp(action, "list") == 0;
    if (!is_add && !is_reset && !is_disable && !is_list)
        return cli_usage("user", "unknown action \"%s\": add, reset-password, disable or list", action);
    if (is_list != !username) return cli_usage("user", is_list ? "list takes no username" : "which username?");
    if ((staff || nroles) && !is_add) return cli_usage("user", "--staff and --role go with add");
    if (from_stdin && !is_add && !is_reset) return cli_usage("user", "--password-stdin goes with add or reset-password");

    char pw[PASSWORD_MAX + 2] = "", err[512] = "";
    bool made_up = false;
    int rc = EXIT_OK;
    if ((is_add || is_reset) && (rc = get_password(from_stdin, pw, sizeof pw, &made_up)) != EXIT_OK) return rc;

    Store *st;
    Policy *pol;
    rc = cli_open(g, false, &st, &pol);
    if (rc) return rc;
    policy_free(pol);
    if (is_list)
        rc = user_list(st);
    else if (is_add)
        rc = finish(account_add(st, username, staff, pw, roles, nroles, err, sizeof err), err, username, pw,
                    made_up, "account added");
    else if (is_reset)
        rc = finish(account_set_password(st, username, pw, err, sizeof err), err, username, pw, made_up,
                    "password changed; signed-in sessions ended");
    else
        rc = finish(account_disable(st, username, err, sizeof err), err, username, pw, false,
                    "account disabled; signed-in sessions ended");
    account_forget(pw, sizeof pw);
    store_close(st);
    return rc;
}
