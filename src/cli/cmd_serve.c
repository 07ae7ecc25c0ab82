/* cmd_serve.c: oversight serve [--listen ADDR:PORT] [--public-url URL]
 * [--tls-cert FILE --tls-key FILE] [--secure-cookies] [--max-per-address N]
 * [--trusted-proxy ADDRESS] [--client-timeout SECONDS] [--drain SECONDS]
 * [--cost-header] [--routes] [--reminders [--reminders-every SECONDS]]
 * [--smtp-url URL --mail-from ADDRESS [--smtp-user U --smtp-password-file F]
 * [--smtp-plain-loopback]]:
 * the web application. Runs until SIGTERM or SIGINT; then, when a load
 * balancer has been asking /healthz, answers it 503 while it goes on
 * serving for the drain (so the balancer sends no more), and then stops
 * listening and finishes the requests in flight (docs/deploy.md). --routes
 * prints the route table instead (for the access tests). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "svc/accounts.h"
#include "svc/log_key.h"
#include "cli/cli.h"
#include "cli/serve_mail.h"
#include "web/http.h"
#include "web/web.h"

int cmd_serve(const Globals *g, int argc, char **argv)
{
    const char *listen = "127.0.0.1:8080", *cert_file = NULL, *key_file = NULL, *per_address = "64", *public_url = NULL,
               *client_timeout = NULL, *drain_text = "5", *trusted_proxy = NULL;
    bool bad = false, secure_cookies = false, cost_header = false, reminders = false;
    const char *reminders_every_text = "3600";
    CliMail mail = {0};
    for (int i = 1; i < argc;) {
        if (cli_opt(argc, argv, &i, "--listen", &listen, &bad)) continue;
        if (cli_opt(argc, argv, &i, "--tls-cert", &cert_file, &bad)) continue;
        if (cli_opt(argc, argv, &i, "--tls-key", &key_file, &bad)) continue;
        if (cli_opt(argc, argv, &i, "--max-per-address", &per_address, &bad)) continue;
        if (cli_opt(argc, argv, &i, "--public-url", &public_url, &bad)) continue;
        if (cli_opt(argc, argv, &i, "--client-timeout", &client_timeout, &bad)) continue;
        if (cli_opt(argc, argv, &i, "--drain", &drain_text, &bad)) continue;
        if (cli_opt(argc, argv, &i, "--trusted-proxy", &trusted_proxy, &bad)) continue;
        if (cli_opt(argc, argv, &i, "--reminders-every", &reminders_every_text, &bad)) continue;
        if (cli_mail_opt(argc, argv, &i, &mail, &bad)) continue;
        if (strcmp(argv[i], "--reminders") == 0) {
            reminders = true;
            i++;
            continue;
        }
        if (strcmp(argv[i], "--secure-cookies") == 0) {
            secure_cookies = true;
            i++;
            continue;
        }
        if (strcmp(argv[i], "--cost-header") == 0) {
            cost_header = true;
            i++;
            continue;
        }
        if (strcmp(argv[i], "--routes") == 0) {
            web_print_routes(stdout);
            return EXIT_OK;
        }
        return cli_usage("serve", "unexpected argument \"%s\"", argv[i]);
    }
    if (bad) return EXIT_USAGE;
    if (!cert_file != !key_file) return cli_usage("serve", "--tls-cert and --tls-key go together");
    const char *problem = public_url ? web_public_url_problem(public_url) : NULL;
    if (problem) return cli_usage("serve", "--public-url \"%s\": %s", public_url, problem);
    /* Behind a reverse proxy every connection comes from the proxy's address:
     * --trusted-proxy names it (then its connections are not limited per
     * address, and its X-Forwarded-For names the client), or 0 lifts the
     * limit for everyone. */
    char *end = NULL;
    long max_per_address = strtol(per_address, &end, 10);
    if (!*per_address || *end || max_per_address < 0 || max_per_address > 100000)
        return cli_usage("serve", "--max-per-address must be a number from 0 (no limit) to 100000");
    long timeout = client_timeout ? strtol(client_timeout, &end, 10) : 0; /* 0: HTTP_CLIENT_TIMEOUT */
    if (client_timeout && (!*client_timeout || *end || timeout < 1 || timeout > 3600))
        return cli_usage("serve", "--client-timeout must be a number of seconds from 1 to 3600");
    long drain = strtol(drain_text, &end, 10);
    if (!*drain_text || *end || drain < 0 || drain > 600)
        return cli_usage("serve", "--drain must be a number of seconds from 0 to 600");
    long reminders_every = strtol(reminders_every_text, &end, 10);
    if (!*reminders_every_text || *end || reminders_every < 60 || reminders_every > 86400)
        return cli_usage("serve", "--reminders-every must be a number of seconds from 60 to 86400");
    /* Email: --smtp-url turns it on; the links are to --public-url. */
    MailSettings ms;
    bool mail_on = mail.url || mail.from || mail.user || mail.password_file;
    if (mail_on) {
        mail.public_url = public_url;
        int mrc = cli_mail_settings("serve", &mail, &ms);
        if (mrc != EXIT_OK) {
            cli_mail_free(&mail);
            return mrc;
        }
        if (!smtp_global_init()) {
            cli_mail_free(&mail);
            cli_error("serve: cannot start the SMTP client");
            return EXIT_ENV;
        }
    }
    char *cert = NULL, *key = NULL;
    size_t len;
    if (cert_file &&
        (read_file(cert_file, 1u << 20, &cert, &len) != 0 || read_file(key_file, 1u << 20, &key, &len) != 0)) {
        cli_error("serve: %s: cannot read: %s", cert ? key_file : cert_file, strerror(errno));
        free(cert);
        cli_mail_free(&mail);
        return EXIT_BAD_INPUT;
    }

    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc) {
        free(cert);
        free(key);
        cli_mail_free(&mail);
        return rc;
    }
    store_close(st);

    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cpus < 2 ? 2 : cpus > 16 ? 16 : (unsigned)cpus;
    char err[1024];
    WebApp *app = web_new(g->db, pol, threads, err, sizeof err);
    if (!app) {
        cli_error("serve: %s", err);
        policy_free(pol);
        free(cert);
        free(key);
        cli_mail_free(&mail);
        return EXIT_ENV;
    }
    /* Behind a TLS-terminating proxy the cookies must be Secure too. */
    web_set_secure_cookies(app, cert || secure_cookies);
    if (public_url) web_set_public_url(app, public_url);
    /* The record log's key, to sign a checkpoint for a supervision file
     * downloaded after the log has grown (read when needed, so that a key
     * made or rotated later is taken up). */
    char log_key[4096];
    log_key_file(g->db, getenv("OVERSIGHT_LOG_KEY"), log_key, sizeof log_key);
    web_set_log_key_file(app, log_key);
    web_set_cost_header(app, cost_header);
    /* The server's threads inherit this mask: only the main thread takes the
     * signals, and only through sigwait. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    HttpConfig hc = {.addr = listen,
                     .threads = threads,
                     .handler = web_handle,
                     .may_upload = web_may_upload,
                     .refuse = web_refuse,
                     .ctx = app,
                     .tls_cert_pem = cert,
                     .tls_key_pem = key,
                     .max_per_address = (unsigned)max_per_address,
                     .trusted_proxy = trusted_proxy,
                     .client_timeout = (unsigned)timeout};
    HttpServer *srv = http_start(&hc, err, sizeof err);
    if (key) account_forget(key, strlen(key));
    free(key);
    free(cert);
    if (!srv) {
        cli_error("serve: %s", err);
        web_free(app);
        policy_free(pol);
        cli_mail_free(&mail);
        return EXIT_ENV;
    }
    /* Without --public-url: the address listened on, as this machine
     * reaches it (a wildcard address as localhost), once the port is known. */
    char url[300];
    if (public_url) {
        strfmt(url, sizeof url, "%s", public_url);
    } else {
        const char *colon = strrchr(listen, ':');
        int hn = (int)(colon - listen);
        bool wildcard = hn == 0 || strncmp(listen, "0.0.0.0:", 8) == 0 || strncmp(listen, "[::]:", 5) == 0;
        strfmt(url, sizeof url, "%s://%.*s:%u", hc.tls_cert_pem ? "https" : "http", wildcard ? 9 : hn,
               wildcard ? "localhost" : listen, http_port(srv));
    }
    if (!public_url) web_set_public_url(app, url); /* before the address is announced */
    printf("Oversight is serving %s on port %u: open %s%s (stop with Ctrl-C)\n", g->db, http_port(srv), url,
           url[strlen(url) - 1] == '/' ? "" : "/");
    fflush(stdout);
    ServeMail *background = serve_mail_start(g->db, reminders, reminders_every, mail_on ? &ms : NULL);
    int sig = 0;
    sigwait(&stop, &sig);
    /* A balancer asking /healthz takes this server out of rotation once it
     * answers 503: until then requests keep coming, and are served (every
     * answer now closing its connection, so that none is cut when the
     * listening stops). A second signal ends the wait. */
    web_set_stopping(app);
    http_closing(srv);
    if (drain && web_health_watched(app, (int64_t)time(NULL))) {
        log_event(NULL, "stopping: /healthz answers 503; serving for %ld s more while the load balancer takes note",
                  drain);
        struct timespec wait = {.tv_sec = drain};
        sigtimedwait(&stop, NULL, &wait);
    }
    log_event(NULL, "stopping (finishing requests in flight)");
    http_stop(srv, 10);
    serve_mail_stop(background);
    cli_mail_free(&mail);
    web_free(app);
    policy_free(pol);
    return EXIT_OK;
}
