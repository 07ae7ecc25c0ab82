/* cmd_migrate.c: oversight migrate --from DB --to DB: copy an organisation
 * into an empty database, typically from a SQLite file to PostgreSQL. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/transfer.h"

static int open_end(const char *what, const char *where, bool create, Store **st)
{
    char err[1024];
    if (store_open(where, create, st, err, sizeof err) != STORE_OK) {
        cli_error("the %s: %s", what, err);
        return EXIT_ENV;
    }
    return EXIT_OK;
}

/* A table's name as words: "user roles" for user_roles. */
static void print_name(const char *name)
{
    for (; *name; name++) putchar(*name == '_' ? ' ' : *name);
}

int cmd_migrate(const Globals *g, int argc, char **argv)
{
    (void)g;
    const char *from = NULL, *to = NULL;
    bool bad = false;
    for (int i = 1; i < argc;) {
        if (cli_opt(argc, argv, &i, "--from", &from, &bad)) continue;
        if (cli_opt(argc, argv, &i, "--to", &to, &bad)) continue;
        return cli_usage("migrate", "unexpected argument \"%s\"", argv[i]);
    }
    if (bad) return EXIT_USAGE;
    if (!from || !to) return cli_usage("migrate", "both --from and --to are needed");
    if (strcmp(from, to) == 0) return cli_usage("migrate", "--from and --to are the same database");

    Store *src, *dst;
    int rc = open_end("source", from, false, &src);
    if (rc) return rc;
    rc = open_end("target", to, true, &dst);
    if (rc) {
        store_close(src);
        return rc;
    }
    int64_t counts[TABLE_COUNT];
    char err[1024];
    TransferResult res = transfer_copy(src, dst, counts, err, sizeof err);
    if (res != TRANSFER_OK) {
        cli_error("migrate: %s; nothing was copied", err);
        rc = res == TRANSFER_REFUSED ? EXIT_BAD_INPUT : EXIT_ENV;
    } else {
        /* A last look: the target now holds what the source does. */
        int64_t there[TABLE_COUNT];
        if (transfer_counts(dst, there) != STORE_OK || memcmp(there, counts, sizeof there) != 0) {
            cli_error("migrate: the target's row counts differ from the source's after the copy");
            rc = EXIT_ENV;
        } else {
            printf("copied to %s database:", store_backend_name(dst));
            for (int t = 0; t < TABLE_COUNT; t++) {
                printf("%s %lld ", t ? "," : "", (long long)counts[t]);
                print_name(transfer_tables[t].name);
            }
            printf("\n");
        }
    }
    store_close(dst);
    store_close(src);
    return rc;
}
