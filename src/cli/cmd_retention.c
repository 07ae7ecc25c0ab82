/* cmd_retention.c: oversight retention run [--as-of YYYY-MM-DD] [--dry-run]
 *
 * Applies the policy's retention periods (svc/retention.h): lists what has
 * expired as of the date (today by default) and, unless --dry-run, purges
 * it, a batch of items per transaction, then scrubs the database files
 * (store_scrub: SQLite's WAL checkpointed and truncated, PostgreSQL
 * vacuumed) so that no copy of the texts remains readable. Each item is a
 * line on stdout; on a terminal, a large run shows its progress on stderr.
 * The record log must be set up: each purge is a `purged` entry in it. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "svc/retention.h"

/* Items purged per transaction: short enough that a server's writers wait
 * little for the lock, long enough that a national run is not a commit
 * (and a disk flush) per record. */
#define BATCH 200

static void print_help(FILE *out)
{
    fputs("usage: oversight retention run [--as-of YYYY-MM-DD] [--dry-run]\n\n"
          "  run          purge the texts of the records and case discussions whose retention period, in the\n"
          "               policy's \"retain\" lines, has run out; the record log keeps their hashes and a\n"
          "               `purged` entry for each\n"
          "  --as-of D    reckon expiry on D instead of today\n"
          "  --dry-run    list what would be purged, and change nothing\n",
          out);
}

static void show(const Expired *e, bool dry)
{
    printf("%s %s %lld of %s (%s): kept until %s under \"%s\"\n", dry ? "would purge" : "purged",
           e->session ? "discussion" : "record", (long long)e->ref, e->date, e->who, e->expired, e->rule);
}

static void counts(const ExpiredList *l, size_t upto, size_t *records, size_t *sessions)
{
    *records = *sessions = 0;
    for (size_t i = 0; i < upto; i++) ++*(l->item[i].session ? sessions : records);
}

static int run(Store *st, const Policy *pol, Date as_of, bool dry)
{
    ExpiredList l = {0};
    char day[11];
    date_format(as_of, day);
    if (retention_expired(st, pol, as_of, &l) < 0) {
        cli_error("cannot read the records: %s", store_error(st));
        retention_list_free(&l);
        return EXIT_ENV;
    }
    bool tty = isatty(STDERR_FILENO) == 1 && l.n > BATCH;
    size_t done = 0;
    int rc = EXIT_OK;
    for (; !dry && done < l.n;) {
        size_t n = l.n - done < BATCH ? l.n - done : BATCH;
        SvcError e = {0};
        SvcResult r = retention_purge(st, pol, l.item + done, n, as_of, (int64_t)time(NULL), &e);
        if (r != SVC_OK) {
            if (tty) fputc('\n', stderr);
            cli_error("%s", e.message[0] ? e.message : store_error(st));
            rc = r == SVC_FAILED ? EXIT_ENV : EXIT_BAD_INPUT;
            break;
        }
        for (size_t i = done; i < done + n; i++) show(&l.item[i], false);
        fflush(stdout);
        done += n;
        if (tty) fprintf(stderr, "\rretention: %zu of %zu purged (%d%%)", done, l.n, (int)(100 * done / l.n));
    }
    if (tty && done) fputc('\n', stderr);
    if (dry)
        for (size_t i = 0; i < l.n; i++) show(&l.item[i], true);
    size_t records, sessions;
    counts(&l, dry ? l.n : done, &records, &sessions);
    if (!dry && store_scrub(st) != STORE_OK) {
        cli_error("the texts are deleted, but %s", store_error(st));
        if (rc == EXIT_OK) rc = EXIT_ENV;
    }
    if (dry)
        printf("As of %s, %zu record%s and %zu discussion%s outside a record would be purged; nothing was changed.\n",
               day, records, records == 1 ? "" : "s", sessions, sessions == 1 ? "" : "s");
    else if (rc == EXIT_OK)
        printf("As of %s, %zu record%s and %zu discussion%s outside a record purged.\n", day, records,
               records == 1 ? "" : "s", sessions, sessions == 1 ? "" : "s");
    retention_list_free(&l);
    return rc;
}

int cmd_retention(const Globals *g, int argc, char **argv)
{
    if (argc < 2) return cli_usage("retention", "which action? run");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "run") != 0) return cli_usage("retention", "unknown action \"%s\": run", argv[1]);
    const char *asof = NULL;
    bool dry = false, bad = false;
    for (int i = 2; i < argc && !bad;) {
        if (cli_opt(argc, argv, &i, "--as-of", &asof, &bad)) continue;
        if (strcmp(argv[i], "--dry-run") == 0) {
            dry = true;
            i++;
            continue;
        }
        if (strcmp(argv[i], "--help") == 0) {
            print_help(stdout);
            return EXIT_OK;
        }
        return cli_usage("retention", "unknown option or argument \"%s\"", argv[i]);
    }
    if (bad) return EXIT_USAGE;
    Date as_of = cli_today();
    if (asof && !date_parse(asof, strlen(asof), &as_of))
        return cli_usage("retention", "--as-of \"%s\": not a valid date: use YYYY-MM-DD", asof);
    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc != EXIT_OK) return rc;
    rc = run(st, pol, as_of, dry);
    policy_free(pol);
    store_close(st);
    return rc;
}
