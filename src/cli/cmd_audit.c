/* cmd_audit.c: oversight audit verify [--since SEQ:HASH]
 *
 * Checks the read trail (svc/trail.h): walks its hash chain from the first
 * row and says whether it holds, or names the first row that does not (a
 * row deleted, changed or moved). The head it prints (the last row's seq
 * and hash), kept somewhere apart and given back as --since, shows rows
 * removed from the end too, which no chain can show by itself; so does the
 * head the record log anchored at its latest checkpoint, which is checked
 * each time. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/date.h"
#include "svc/record_log.h"
#include "svc/trail.h"

static void print_help(FILE *out)
{
    fputs("usage: oversight audit verify [--since SEQ:HASH]\n\n"
          "  verify              check the read trail (who read what): every row in order, none missing,\n"
          "                      none changed, and the head the record log anchored at its latest\n"
          "                      checkpoint still in it; prints its head, SEQ:HASH, to keep apart\n"
          "                      from the database\n"
          "  --since SEQ:HASH    a head printed before: it must still be in the trail, unchanged (this\n"
          "                      also shows rows deleted from the end)\n\n"
          "exit status: 0 when the trail holds, 1 when it does not (the first row at fault is named),\n"
          "2 usage error, 3 environment error\n",
          out);
}

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("oversight audit: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n(oversight audit --help says more)\n", stderr);
    return EXIT_USAGE;
}

int cmd_audit(const Globals *g, int argc, char **argv)
{
    if (argc < 2) return usage("which action? verify");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "verify") != 0) return usage("unknown action \"%s\": verify", argv[1]);
    const char *since_text = NULL;
    bool bad = false;
    for (int i = 2; i < argc && !bad;) {
        if (cli_opt(argc, argv, &i, "--since", &since_text, &bad)) continue;
        if (strcmp(argv[i], "--help") == 0) {
            print_help(stdout);
            return EXIT_OK;
        }
        return usage("unknown option or argument \"%s\"", argv[i]);
    }
    if (bad) return EXIT_USAGE;
    TrailHead since;
    if (since_text && !trail_head_parse(since_text, &since))
        return usage("--since \"%s\" is not a head: SEQ:HASH, a row number, a colon and 64 hex digits, as verify"
                     " printed it",
                     since_text);
    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc != EXIT_OK) return rc;
    /* The anchor is read before the walk: the trail only grows after it. */
    LogTrailAnchor a;
    TrailHead anchor = {0};
    int anchored = record_log_trail_anchor(st, &a);
    char signed_in[96] = "";
    if (anchored == 1) {
        anchor.seq = a.seq;
        memcpy(anchor.hash, a.chain, sizeof anchor.hash);
        char day[11];
        date_format((Date)(a.checkpoint_at / 86400), day);
        /* Every anchor is signed with the checkpoint it was appended for;
         * none over it means that checkpoint's row is gone. */
        if (a.checkpoint_size)
            strfmt(signed_in, sizeof signed_in, "in the checkpoint of %lld entries signed on %s",
                   (long long)a.checkpoint_size, day);
        else
            strfmt(signed_in, sizeof signed_in, "in no checkpoint kept (the one signed over it was deleted)");
    }
    TrailCheck c;
    int got =
        anchored < 0 ? anchored : trail_verify(st, since_text ? &since : NULL, anchored == 1 ? &anchor : NULL, &c);
    if (anchored == 1 && !a.holds) {
        cli_error("%s", a.why);
        rc = EXIT_BAD_INPUT;
    } else if (got < 0) {
        cli_error("cannot read the read trail: %s", store_error(st));
        rc = EXIT_ENV;
    } else if (got == 0) {
        cli_error("the read trail is broken at row %lld: %s", (long long)c.broken_seq, c.why);
        if (anchored == 1 && strstr(c.why, "record log"))
            fprintf(stderr, "The record log anchored row %lld at leaf %lld, %s.\n", (long long)a.seq, (long long)a.idx,
                    signed_in);
        if (c.rows)
            fprintf(stderr, "Rows 1 to %lld hold; nothing from row %lld on can be trusted.\n", (long long)c.head_seq,
                    (long long)c.broken_seq);
        rc = EXIT_BAD_INPUT;
    } else if (!c.rows) {
        printf("The read trail is empty: nothing has been read yet.\n");
    } else {
        printf("The read trail holds: %lld rows, 1 to %lld, each in order and unchanged%s.\n", (long long)c.rows,
               (long long)c.head_seq, since_text ? ", the head given still in it" : "");
        if (anchored == 1) printf("Row %lld is the head the record log anchored, %s.\n", (long long)a.seq, signed_in);
        printf("Head: %lld:%s\n", (long long)c.head_seq, c.head_hash);
        printf("Keep the head apart from the database: `oversight audit verify --since HEAD` later also shows rows"
               " deleted from the end.\n");
    }
    policy_free(pol);
    store_close(st);
    return rc;
}
