/* cmd_init.c: oversight init [--policy FILE]: create (or bring up to date)
 * the database and put its policy in force (an admin change, in the audit
 * log as made by the command line). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "svc/policy_change.h"

#define MAX_POLICY_BYTES (1u << 20)

int cmd_init(const Globals *g, int argc, char **argv)
{
    const char *policy_file = NULL;
    bool bad = false;
    for (int i = 1; i < argc;) {
        if (cli_opt(argc, argv, &i, "--policy", &policy_file, &bad)) continue;
        return cli_usage("init", "unexpected argument \"%s\"", argv[i]);
    }
    if (bad) return EXIT_USAGE;

    char *text = NULL;
    size_t len = 0;
    char err[512];
    if (policy_file) {
        if (read_file(policy_file, MAX_POLICY_BYTES, &text, &len) != 0) {
            cli_error("%s: cannot read: %s", policy_file, strerror(errno));
            return EXIT_BAD_INPUT;
        }
        Policy *p = policy_parse(text, len, policy_file, err, sizeof err);
        if (!p) {
            fprintf(stderr, "%s\n", err);
            free(text);
            return EXIT_BAD_INPUT;
        }
        policy_free(p);
    }

    Store *st;
    Policy *pol;
    int rc = cli_open(g, true, &st, &pol);
    if (rc) {
        free(text);
        return rc;
    }
    policy_free(pol);
    if (text) {
        char name[ADMIN_OPERATOR_MAX];
        AdminActor a = cli_admin_actor(name);
        SvcError e = {0};
        SvcResult put = policy_apply(st, &a, cli_today(), text, len, policy_file, NULL, &e);
        if (put != SVC_OK) {
            cli_error("%s: cannot store the policy: %s; the policy in force is unchanged", g->db, e.message);
            rc = put == SVC_INVALID ? EXIT_BAD_INPUT : EXIT_ENV; /* a policy the data does not fit */
        }
        free(text);
    }
    if (rc == EXIT_OK && cli_load_policy(st, &pol) == EXIT_OK) {
        int version = 0;
        store_schema_version(st, &version);
        printf("%s: %s database, schema version %d, policy \"%s\"\n", g->db, store_backend_name(st), version,
               pol->name);
        policy_free(pol);
    }
    store_close(st);
    return rc;
}
