/* cmd_import.c: oversight import staff|cases|sessions|discussions|teams FILE.csv */
#include <stdio.h>

#include "cli/cli.h"
#include "svc/import.h"

int cmd_import(const Globals *g, int argc, char **argv)
{
    ImportKind kind;
    if (argc != 3) return cli_usage("import", "expected a kind (staff, cases, sessions, discussions or teams) and a file");
    if (!import_kind_parse(argv[1], &kind))
        return cli_usage("import", "unknown kind \"%s\": use staff, cases, sessions, discussions or teams", argv[1]);
    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc) return rc;
    ImportReport rep;
    rc = import_file(st, pol, kind, argv[2], &rep);
    for (size_t i = 0; i < rep.nwarnings; i++) fprintf(stderr, "warning: %s\n", rep.warnings[i]);
    for (size_t i = 0; i < rep.nerrors; i++) fprintf(stderr, "%s\n", rep.errors[i]);
    if (rc == IMPORT_OK)
        printf("%s: imported %ld %s rows\n", argv[2], rep.rows, import_kind_name(kind));
    else
        fprintf(stderr, "%s: nothing was imported\n", argv[2]);
    import_report_free(&rep);
    policy_free(pol);
    store_close(st);
    return rc == IMPORT_OK ? EXIT_OK : rc == IMPORT_BAD_INPUT ? EXIT_BAD_INPUT : EXIT_ENV;
}
