/* cmd_due.c: oversight due: the due list, for people or programs. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "format/import_rows.h"
#include "svc/due.h"

int cmd_due(const Globals *g, int argc, char **argv)
{
    DueFilter f = {.asof = cli_today()};
    const char *asof = NULL, *format = "table", *status = NULL;
    bool bad = false;
    for (int i = 1; i < argc;) {
        if (cli_opt(argc, argv, &i, "--as-of", &asof, &bad) || cli_opt(argc, argv, &i, "--format", &format, &bad) ||
            cli_opt(argc, argv, &i, "--team", &f.team, &bad) ||
            cli_opt(argc, argv, &i, "--supervisor", &f.supervisor, &bad) ||
            cli_opt(argc, argv, &i, "--worker", &f.worker, &bad) || cli_opt(argc, argv, &i, "--status", &status, &bad))
            continue;
        return cli_usage("due", "unexpected argument \"%s\"", argv[i]);
    }
    if (bad) return EXIT_USAGE;
    if (asof && !date_parse(asof, strlen(asof), &f.asof))
        return cli_usage("due", "--as-of \"%s\": not a valid date: use YYYY-MM-DD", asof);
    if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json"))
        return cli_usage("due", "--format \"%s\": use table, csv or json", format);
    if (status) {
        if (!due_status_parse(status, &f.status))
            return cli_usage("due", "--status \"%s\": use ok, due-soon or overdue", status);
        f.has_status = true;
    }
    if (f.supervisor && !import_valid_id(f.supervisor, strlen(f.supervisor)))
        return cli_usage("due", "--supervisor \"%s\": not a staff id", f.supervisor);
    if (f.worker && !import_valid_id(f.worker, strlen(f.worker)))
        return cli_usage("due", "--worker \"%s\": not a staff id", f.worker);

    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc) return rc;
    DueList list;
    char err[512];
    /* The list reads what it needs once: no use filling a large cache. */
    if (store_read_once(st) != STORE_OK) {
        cli_error("%s: %s", g->db, store_error(st));
        policy_free(pol);
        store_close(st);
        return EXIT_ENV;
    }
    rc = due_check_filter(st, &f, err, sizeof err);
    if (!rc) rc = due_compute(st, pol, &f, &list, err, sizeof err);
    if (rc) {
        cli_error("%s", err);
    } else {
        if (strcmp(format, "csv") == 0)
            due_write_csv(stdout, &list);
        else if (strcmp(format, "json") == 0)
            due_write_json(stdout, &list);
        else
            due_write_table(stdout, &list, f.asof);
        due_list_free(&list);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_error("cannot write the output");
            rc = EXIT_ENV;
        }
    }
    policy_free(pol);
    store_close(st);
    return rc;
}
