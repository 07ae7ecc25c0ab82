/* cmd_notify.c: oversight notify run [--as-of YYYY-MM-DD]
 *
 * Makes the day's reminders (svc/notify.h): each goes to the person's
 * inbox and, as they chose, into the mail queue (sent by `oversight mail
 * send` or a server). Running it twice a day makes nothing twice, so cron
 * may run it as often as it likes. Quiet but for its summary; on a
 * terminal, a large run shows its progress on stderr. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "svc/notify.h"

static void print_help(FILE *out)
{
    fputs("usage: oversight notify run [--as-of YYYY-MM-DD]\n\n"
          "  run          make today's reminders: supervision due soon or overdue (to the person and their\n"
          "               supervisor), records waiting for a signature, escalations within 3 days of their\n"
          "               response date; each once a day, in the inbox and queued for email as each person chose\n"
          "  --as-of D    reckon on D instead of today\n",
          out);
}

static void progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    fprintf(stderr, "\rnotify: %zu of %zu reminders considered (%d%%)", done, total, (int)(100 * done / total));
}

int cmd_notify(const Globals *g, int argc, char **argv)
{
    if (argc < 2) return cli_usage("notify", "which action? run");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "run") != 0) return cli_usage("notify", "unknown action \"%s\": run", argv[1]);
    const char *asof = NULL;
    bool bad = false;
    for (int i = 2; i < argc && !bad;) {
        if (cli_opt(argc, argv, &i, "--as-of", &asof, &bad)) continue;
        if (strcmp(argv[i], "--help") == 0) {
            print_help(stdout);
            return EXIT_OK;
        }
        return cli_usage("notify", "unknown option or argument \"%s\"", argv[i]);
    }
    if (bad) return EXIT_USAGE;
    Date today = cli_today();
    if (asof && !date_parse(asof, strlen(asof), &today))
        return cli_usage("notify", "--as-of \"%s\": not a valid date: use YYYY-MM-DD", asof);
    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc != EXIT_OK) return rc;
    bool tty = isatty(STDERR_FILENO) == 1;
    NotifyStats s;
    char err[512] = "";
    int r = notify_run(st, pol, today, (int64_t)time(NULL), tty ? progress : NULL, NULL, &s, err, sizeof err);
    if (tty && s.considered) fputc('\n', stderr);
    char day[11];
    date_format(today, day);
    if (r != 0) {
        cli_error("notify: %s", err);
        rc = r == 1 ? EXIT_BAD_INPUT : EXIT_ENV;
    } else {
        printf("As of %s, %zu reminder%s made (%zu due, the others made already).\n", day, s.made,
               s.made == 1 ? "" : "s", s.considered);
    }
    policy_free(pol);
    store_close(st);
    return rc;
}
