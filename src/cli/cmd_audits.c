/* cmd_audits.c: oversight audits sample --service NAME --quarter YYYY-QN
 *
 * Draws a service's quality audit sample for a quarter (svc/audit.h), as
 * the operator at the command line, and prints it: one line per audit,
 * with who audits it. A quarter drawn before is printed as it was drawn,
 * never drawn again. (`oversight audit` is the read trail's check.) */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "svc/audit.h"

static void print_help(FILE *out)
{
    fputs("usage: oversight audits sample --service NAME --quarter YYYY-QN\n\n"
          "  sample       draw the quality audit sample of a service for a quarter (e.g. 2026-Q4): each\n"
          "               senior manager of the service and each QA auditor is given the policy's number of\n"
          "               supervision records and case files, at random; confidential records are never drawn.\n"
          "               A quarter is drawn once: asked again, the stored sample is printed\n",
          out);
}

int cmd_audits(const Globals *g, int argc, char **argv)
{
    if (argc < 2) return cli_usage("audits", "which action? sample");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "sample") != 0) return cli_usage("audits", "unknown action \"%s\": sample", argv[1]);
    const char *service = NULL, *quarter = NULL;
    bool bad = false;
    for (int i = 2; i < argc && !bad;) {
        if (cli_opt(argc, argv, &i, "--service", &service, &bad)) continue;
        if (cli_opt(argc, argv, &i, "--quarter", &quarter, &bad)) continue;
        if (strcmp(argv[i], "--help") == 0) {
            print_help(stdout);
            return EXIT_OK;
        }
        return cli_usage("audits", "unknown option or argument \"%s\"", argv[i]);
    }
    if (bad) return EXIT_USAGE;
    if (!service) return cli_usage("audits", "--service NAME is required");
    if (!quarter) return cli_usage("audits", "--quarter YYYY-QN is required (e.g. 2026-Q4)");
    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc != EXIT_OK) return rc;
    char name[ADMIN_OPERATOR_MAX];
    AdminActor op = cli_admin_actor(name);
    SvcActor a = {.viewer = NULL, .pol = pol, .today = cli_today(), .now = op.now};
    AuditDraw d;
    SvcError e = {0};
    SvcResult r = audit_draw(st, &a, op.operator, service, quarter, true, &d, &e);
    if (r == SVC_OK) {
        printf("%s sample of %s for %s (seed %s): %lld eligible records, %lld case files\n",
               d.existing ? "The" : "Drew the", service, quarter, d.seed, (long long)d.records_eligible,
               (long long)d.cases_eligible);
        if (d.existing) printf("It was drawn before: this is that sample, not a new one.\n");
        for (size_t i = 0; i < d.audits.n; i++) {
            const Audit *x = &d.audits.items[i];
            if (strcmp(x->kind, "record") == 0)
                printf("audit %lld: record %lld version %d (%s, %s %s) for %s, %s\n", (long long)x->ref,
                       (long long)x->record_ref, x->version, x->record_date, x->subject_id, x->subject_name, x->auditor,
                       x->state);
            else
                printf("audit %lld: case %s (%s %s) for %s, %s\n", (long long)x->ref, x->case_id, x->subject_id,
                       x->subject_name, x->auditor, x->state);
        }
        if (!d.audits.n) printf("Nothing to audit: no eligible records or case files, or nobody to audit them.\n");
        audit_draw_free(&d);
    } else {
        cli_error("%s", e.message[0] ? e.message : store_error(st));
        rc = r == SVC_FAILED ? EXIT_ENV : EXIT_BAD_INPUT;
    }
    policy_free(pol);
    store_close(st);
    return rc;
}
