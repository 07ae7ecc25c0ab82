/* cmd_mail.c: oversight mail send [settings] [--limit N] [--now SECONDS] |
 * mail status [--sent N]
 *
 * send: sends the queued emails that are due (svc/mail.h), for cron when
 * no server sends them (a server given the same settings sends them every
 * minute). status: the queue for an admin: every email not sent, with its
 * attempts and its last error, and the latest sent. The settings are the
 * same options as serve's (docs/deploy.md); the password is read from a
 * file, never from the command line, where other users could read it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "svc/accounts.h"
#include "svc/mail.h"

bool cli_mail_opt(int argc, char **argv, int *i, CliMail *m, bool *bad)
{
    if (cli_opt(argc, argv, i, "--smtp-url", &m->url, bad)) return true;
    if (cli_opt(argc, argv, i, "--mail-from", &m->from, bad)) return true;
    if (cli_opt(argc, argv, i, "--smtp-user", &m->user, bad)) return true;
    if (cli_opt(argc, argv, i, "--smtp-password-file", &m->password_file, bad)) return true;
    if (cli_opt(argc, argv, i, "--public-url", &m->public_url, bad)) return true;
    if (strcmp(argv[*i], "--smtp-plain-loopback") == 0) {
        m->plain_loopback = true;
        (*i)++;
        return true;
    }
    return false;
}

int cli_mail_settings(const char *cmd, CliMail *m, MailSettings *out)
{
    if (!m->user != !m->password_file) return cli_usage(cmd, "--smtp-user and --smtp-password-file go together");
    if (m->password_file) {
        size_t len;
        if (read_file(m->password_file, 4096, &m->password, &len) != 0) {
            cli_error("%s: --smtp-password-file %s: cannot read it", cmd, m->password_file);
            return EXIT_BAD_INPUT;
        }
        while (len && (m->password[len - 1] == '\n' || m->password[len - 1] == '\r')) m->password[--len] = 0;
    }
    *out = (MailSettings){.smtp = {.url = m->url,
                                   .user = m->user,
                                   .password = m->password,
                                   .plain_loopback = m->plain_loopback},
                          .from = m->from,
                          .base_url = m->public_url};
    const char *problem = mail_settings_problem(out);
    if (problem) return cli_usage(cmd, "%s", problem);
    return EXIT_OK;
}

void cli_mail_free(CliMail *m)
{
    if (m->password) {
        account_forget(m->password, strlen(m->password));
        free(m->password);
    }
    m->password = NULL;
}

bool cli_parse_now(const char *s, int64_t *out)
{
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < 0) return false;
    *out = v;
    return true;
}

static void print_help(FILE *out)
{
    fputs("usage: oversight mail send --smtp-url URL --mail-from ADDRESS --public-url URL\n"
          "                           [--smtp-user USER --smtp-password-file FILE] [--smtp-plain-loopback]\n"
          "                           [--limit N] [--now SECONDS]\n"
          "       oversight mail status [--sent N]\n\n"
          "  send                  send the queued emails that are due; a failure is tried again later (a\n"
          "                        minute, then doubling up to six hours), and given up after 8 attempts\n"
          "  --smtp-url URL        smtp://host:587 (STARTTLS is required) or smtps://host:465\n"
          "  --mail-from ADDRESS   the From address\n"
          "  --public-url URL      the web application's address, for the links in the emails\n"
          "  --smtp-user USER      authenticate as USER, with the password in --smtp-password-file\n"
          "  --smtp-plain-loopback allow smtp:// without TLS, to a loopback address only (a relay or test\n"
          "                        server on this machine)\n"
          "  --limit N             send at most N (default 1000)\n"
          "  --now SECONDS         act as at this Unix time (to catch up, and for tests)\n"
          "  status                every email not sent (queued, sending, given up: with attempts and the last\n"
          "                        error), and the latest N sent (--sent, default 20)\n",
          out);
}

static int send(const Globals *g, int argc, char **argv)
{
    CliMail m = {0};
    const char *limit_text = "1000", *now_text = NULL;
    bool bad = false;
    for (int i = 2; i < argc && !bad;) {
        if (cli_mail_opt(argc, argv, &i, &m, &bad)) continue;
        if (cli_opt(argc, argv, &i, "--limit", &limit_text, &bad)) continue;
        if (cli_opt(argc, argv, &i, "--now", &now_text, &bad)) continue;
        return cli_usage("mail", "unknown option or argument \"%s\"", argv[i]);
    }
    if (bad) return EXIT_USAGE;
    char *end = NULL;
    long limit = strtol(limit_text, &end, 10);
    if (!*limit_text || *end || limit < 1 || limit > 1000000)
        return cli_usage("mail", "--limit must be a number from 1 to 1000000");
    int64_t now = (int64_t)time(NULL);
    if (now_text && !cli_parse_now(now_text, &now))
        return cli_usage("mail", "--now \"%s\": must be a Unix time in seconds", now_text);
    MailSettings s;
    int rc = cli_mail_settings("mail", &m, &s);
    if (rc != EXIT_OK) {
        cli_mail_free(&m);
        return rc;
    }
    if (!smtp_global_init()) {
        cli_mail_free(&m);
        cli_error("mail: cannot start the SMTP client");
        return EXIT_ENV;
    }
    Store *st;
    Policy *pol;
    rc = cli_open(g, false, &st, &pol);
    if (rc != EXIT_OK) {
        cli_mail_free(&m);
        return rc;
    }
    MailStats stats;
    char err[512] = "";
    if (mail_send_due(st, &s, now, cli_date_of(now), (size_t)limit, &stats, err, sizeof err) != 0) {
        cli_error("mail: %s", err);
        rc = EXIT_ENV;
    } else {
        printf("%zu sent, %zu to try again later, %zu given up.\n", stats.sent, stats.retried, stats.failed);
    }
    cli_mail_free(&m);
    policy_free(pol);
    store_close(st);
    return rc;
}

static void when(int64_t at, char out[32])
{
    time_t t = (time_t)at;
    struct tm tm;
    if (!at || !gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%d %H:%M UTC", &tm)) strfmt(out, 32, "-");
}

static int status(const Globals *g, int argc, char **argv)
{
    const char *sent_text = "20";
    bool bad = false;
    for (int i = 2; i < argc && !bad;) {
        if (cli_opt(argc, argv, &i, "--sent", &sent_text, &bad)) continue;
        return cli_usage("mail", "unknown option or argument \"%s\"", argv[i]);
    }
    if (bad) return EXIT_USAGE;
    char *end = NULL;
    long sent = strtol(sent_text, &end, 10);
    if (!*sent_text || *end || sent < 0 || sent > 100000)
        return cli_usage("mail", "--sent must be a number from 0 to 100000");
    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc != EXIT_OK) return rc;
    MailQueueView q;
    if (mail_queue_view(st, NULL, (int)sent, &q) != SVC_OK) {
        cli_error("mail: %s", store_error(st));
        rc = EXIT_ENV;
    } else {
        printf("%-6s %-10s %-12s %-8s %-20s %-20s %s\n", "ref", "status", "staff", "attempts", "created", "next/sent",
               "to / last error");
        for (size_t i = 0; i < q.n; i++) {
            const MailEntry *e = &q.items[i];
            char c[32], n[32];
            when(e->created, c);
            when(strcmp(e->status, "sent") == 0 ? e->sent : e->next, n);
            printf("%-6lld %-10s %-12s %-8lld %-20s %-20s %s%s%s%s\n", (long long)e->ref, e->status, e->staff_id,
                   (long long)e->attempts, c, n, e->to, e->digest_day[0] ? " (digest of " : "", e->digest_day,
                   e->digest_day[0] ? ")" : "");
            if (e->error[0]) printf("       last error: %s\n", e->error);
        }
    }
    mail_queue_view_free(&q);
    policy_free(pol);
    store_close(st);
    return rc;
}

int cmd_mail(const Globals *g, int argc, char **argv)
{
    if (argc < 2) return cli_usage("mail", "which action? send or status");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "send") == 0) return send(g, argc, argv);
    if (strcmp(argv[1], "status") == 0) return status(g, argc, argv);
    return cli_usage("mail", "unknown action \"%s\": send or status", argv[1]);
}
