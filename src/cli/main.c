/* main.c: the oversight command: global options, the command table, and
 * dispatch. Each command lives in its own cmd_*.c. */
#include <stdio.h>
#include <string.h>

#include "svc/accounts.h"
#include "cli/cli.h"

static int cmd_help(const Globals *g, int argc, char **argv);

static const Command commands[] = {
    {"init", "[--policy FILE]", "create the database, with the default policy if none is given", cmd_init},
    {"import", "staff|cases|sessions|discussions|teams FILE.csv", "import a CSV file (all or nothing)", cmd_import},
    {"due",
     "[--as-of YYYY-MM-DD] [--format table|csv|json] [--team T] [--supervisor ID] [--worker ID]"
     " [--status ok|due-soon|overdue]",
     "list who and which cases are due", cmd_due},
    {"policy", "show [--builtin default|national] | check FILE | apply FILE [--dry-run] | history",
     "print, check or change the supervision policy", cmd_policy},
    {"demo", "[--staff N --cases M --years Y --seed S] [--accounts | --csv DIR]",
     "fill an empty database with a synthetic council (or write its CSV files to DIR)", cmd_demo},
    {"serve",
     "[--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE] [--secure-cookies] [--trusted-proxy ADDRESS] "
     "[--drain SECONDS] [--routes] [--reminders] [--smtp-url URL --mail-from ADDRESS --public-url URL ...]",
     "the web application (default 127.0.0.1:8080)", cmd_serve},
    {"user",
     "add|grant|revoke|disable|enable|reset-password|require-two-factor|reset-two-factor|link|unlink"
     " USERNAME [--staff ID] [--role ROLE]... [--password-stdin] | list",
     "accounts for the web application, changed by the admin pages' rules and audited"
     " (oversight user --help says more)",
     cmd_user},
    {"secrets", "seal|rotate", "seal two-factor secrets still in the clear, or rotate the key that seals them",
     cmd_secrets},
    {"log", "init --origin NAME | checkpoint | key | check | rotate-key",
     "the record log: set it up, sign a checkpoint of it, print its verifier key, check it whole, replace its key "
     "(oversight log --help says more)",
     cmd_log},
    {"export", "person STAFF_ID | child CASE_ID --out FILE",
     "a person's supervision file, or every case decision about a child (subject access), as the record log holds "
     "them, with its proofs, in a zip archive",
     cmd_export},
    {"audit", "verify [--since SEQ:HASH]",
     "check the read trail (who read what): no row deleted, changed or moved (oversight audit --help says more)",
     cmd_audit},
    {"audits", "sample --service NAME --quarter YYYY-QN",
     "draw a service's quality audit sample for a quarter (once; asked again, the stored sample)", cmd_audits},
    {"retention", "run [--as-of YYYY-MM-DD] [--dry-run]",
     "purge the texts whose retention period in the policy has run out (the record log keeps their hashes)",
     cmd_retention},
    {"notify", "run [--as-of YYYY-MM-DD]",
     "make today's reminders (supervision due, records to sign, escalations to answer) in the inbox and the mail "
     "queue, once each (cron-able)",
     cmd_notify},
    {"mail", "send --smtp-url URL --mail-from ADDRESS --public-url URL [--smtp-user U --smtp-password-file F] | status",
     "send the queued emails (cron-able), or list the queue with the reasons of failures (oversight mail --help)",
     cmd_mail},
    {"migrate", "--from PATH|URI --to PATH|URI",
     "copy the whole organisation into an empty database (e.g. SQLite to PostgreSQL)", cmd_migrate},
    {"backup", "FILE", "copy the SQLite database into FILE while it is in use (PostgreSQL: pg_dump)", cmd_backup},
    {"restore", "FILE", "replace the SQLite database with a backup, the servers stopped (PostgreSQL: pg_restore)",
     cmd_restore},
    {"verify", "FILE [--since OLD] [--key KEYFILE] [--format text|json]",
     "check a copy of records (.json or .zip) against the record log's signed checkpoint, offline: no database "
     "(oversight verify --help says more)",
     cmd_verify},
    {"help", "", "this list", cmd_help},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static void print_usage(FILE *out)
{
    fputs("usage: oversight [--db PATH|URI] COMMAND ...\n\n"
          "  --db PATH|URI   the database: a SQLite file (default ./oversight.db)\n"
          "                  or a postgresql:// URI\n\ncommands:\n",
          out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  oversight %s %s\n      %s\n", commands[i].name, commands[i].usage, commands[i].summary);
    fputs("\nexit status: 0 success, 1 bad input (nothing changed), 2 usage error, 3 environment error,\n"
          "4 a copy that does not verify (verify)\n",
          out);
}

static int cmd_help(const Globals *g, int argc, char **argv)
{
    (void)g, (void)argc, (void)argv;
    print_usage(stdout);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    Globals g = {.db = "oversight.db"};
    if (!accounts_init()) {
        fprintf(stderr, "oversight: cannot start libsodium (no source of randomness)\n");
        return EXIT_ENV;
    }
    int i = 1;
    bool bad = false;
    while (i < argc && strncmp(argv[i], "--", 2) == 0) {
        if (cli_opt(argc, argv, &i, "--db", &g.db, &bad)) continue;
        if (strcmp(argv[i], "--help") == 0) return cmd_help(&g, 0, NULL);
        fprintf(stderr, "oversight: unknown option %s\n", argv[i]);
        bad = true;
        break;
    }
    if (bad || i >= argc) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    for (size_t c = 0; c < NCOMMANDS; c++)
        if (strcmp(argv[i], commands[c].name) == 0) return commands[c].run(&g, argc - i, argv + i);
    fprintf(stderr, "oversight: unknown command \"%s\"\n\n", argv[i]);
    print_usage(stderr);
    return EXIT_USAGE;
}
