/* cmd_policy.c: oversight policy show | check FILE */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "svc/setting.h"

extern const char policy_national_text[];
extern const size_t policy_national_text_len;

#define MAX_POLICY_BYTES (1u << 20)

/* Prints the policy in force: the database's if there is one, else the default. */
static int show_current(const Globals *g)
{
    Store *st;
    char err[1024];
    if (store_open(g->db, false, &st, err, sizeof err) != STORE_OK) {
        fwrite(policy_default_text, 1, policy_default_text_len, stdout);
        return EXIT_OK;
    }
    int version = 0, rc = EXIT_OK;
    if (store_schema_version(st, &version) == STORE_OK && version > 0) {
        char *text;
        size_t n;
        int got = setting_policy_text(st, &text, &n);
        if (got == 1)
            fwrite(text, 1, n, stdout);
        else if (got == 0)
            fwrite(policy_default_text, 1, policy_default_text_len, stdout);
        else {
            cli_error("%s: cannot read the policy: %s", g->db, store_error(st));
            rc = EXIT_ENV;
        }
        free(text);
    } else {
        fwrite(policy_default_text, 1, policy_default_text_len, stdout);
    }
    store_close(st);
    return rc;
}

int cmd_policy(const Globals *g, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "show") == 0) {
        const char *builtin = NULL;
        bool bad = false;
        for (int i = 2; i < argc;) {
            if (cli_opt(argc, argv, &i, "--builtin", &builtin, &bad)) continue;
            return cli_usage("policy show", "unexpected argument \"%s\"", argv[i]);
        }
        if (bad) return EXIT_USAGE;
        if (!builtin) return show_current(g);
        if (strcmp(builtin, "default") == 0)
            fwrite(policy_default_text, 1, policy_default_text_len, stdout);
        else if (strcmp(builtin, "national") == 0)
            fwrite(policy_national_text, 1, policy_national_text_len, stdout);
        else
            return cli_usage("policy show", "--builtin \"%s\": use default or national", builtin);
        return EXIT_OK;
    }
    if (argc == 3 && strcmp(argv[1], "check") == 0) {
        char *text;
        size_t len;
        if (read_file(argv[2], MAX_POLICY_BYTES, &text, &len) != 0) {
            cli_error("%s: cannot read: %s", argv[2], strerror(errno));
            return EXIT_BAD_INPUT;
        }
        char err[512];
        Policy *p = policy_parse(text, len, argv[2], err, sizeof err);
        free(text);
        if (!p) {
            fprintf(stderr, "%s\n", err);
            return EXIT_BAD_INPUT;
        }
        printf("%s: policy \"%s\" is valid: %zu roles, %zu case categories, %zu prompt sets\n", argv[2], p->name,
               p->nroles, p->ncategories, p->nprompt_sets);
        policy_free(p);
        return EXIT_OK;
    }
    return cli_usage("policy", "use: policy show [--builtin default|national] | policy check FILE");
}
