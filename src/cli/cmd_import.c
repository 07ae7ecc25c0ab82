/* cmd_import.c: oversight import staff|cases|sessions|discussions|teams FILE.csv
 *
 * An import by the operator at the command line is an admin change: it goes
 * through the admin service, as an upload on the admin page does, and
 * leaves the same audit row. */
#include <stdio.h>

#include "cli/cli.h"
#include "svc/admin.h"

int cmd_import(const Globals *g, int argc, char **argv)
{
    ImportKind kind;
    if (argc != 3)
        return cli_usage("import", "expected a kind (staff, cases, sessions, discussions or teams) and a file");
    if (!import_kind_parse(argv[1], &kind))
        return cli_usage("import", "unknown kind \"%s\": use staff, cases, sessions, discussions or teams", argv[1]);
    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc) return rc;
    ImportReport rep = {0};
    ImportFile file;
    SvcResult res = SVC_INVALID;
    if (import_file_open(&file, argv[2], &rep)) {
        char operator[ADMIN_OPERATOR_MAX];
        AdminActor a = cli_admin_actor(operator);
        SvcError e = {0};
        res = admin_import(st, &a, pol, kind, file.csv, argv[2], &rep, &e);
        import_file_close(&file);
    }
    for (size_t i = 0; i < rep.nwarnings; i++) fprintf(stderr, "warning: %s\n", rep.warnings[i]);
    for (size_t i = 0; i < rep.nerrors; i++) fprintf(stderr, "%s\n", rep.errors[i]);
    if (res == SVC_OK)
        printf("%s: imported %ld %s rows\n", argv[2], rep.rows, import_kind_name(kind));
    else
        fprintf(stderr, "%s: nothing was imported\n", argv[2]);
    import_report_free(&rep);
    policy_free(pol);
    store_close(st);
    return res == SVC_OK ? EXIT_OK : res == SVC_INVALID ? EXIT_BAD_INPUT : EXIT_ENV;
}
