/* cmd_serve.c: oversight serve [--listen ADDR:PORT] [--routes]: the web
 * application. Runs until SIGTERM or SIGINT, then finishes the requests in
 * flight. --routes prints the route table instead (for the access tests). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "http.h"
#include "web.h"

int cmd_serve(const Globals *g, int argc, char **argv)
{
    const char *listen = "127.0.0.1:8080";
    bool bad = false;
    for (int i = 1; i < argc;) {
        if (cli_opt(argc, argv, &i, "--listen", &listen, &bad)) continue;
        if (strcmp(argv[i], "--routes") == 0) {
            web_print_routes(stdout);
            return EXIT_OK;
        }
        return cli_usage("serve", "unexpected argument \"%s\"", argv[i]);
    }
    if (bad) return EXIT_USAGE;

    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc) return rc;
    store_close(st);

    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cpus < 2 ? 2 : cpus > 16 ? 16 : (unsigned)cpus;
    char err[1024];
    WebApp *app = web_new(g->db, pol, threads, err, sizeof err);
    if (!app) {
        cli_error("serve: %s", err);
        policy_free(pol);
        return EXIT_ENV;
    }
    /* The server's threads inherit this mask: only the main thread takes the
     * signals, and only through sigwait. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    HttpServer *srv = http_start(listen, threads, web_handle, web_may_upload, app, err, sizeof err);
    if (!srv) {
        cli_error("serve: %s", err);
        web_free(app);
        policy_free(pol);
        return EXIT_ENV;
    }
    printf("Oversight is serving %s on port %u: open http://%s/ (stop with Ctrl-C)\n", g->db, http_port(srv),
           listen);
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "oversight serve: stopping (finishing requests in flight)\n");
    http_stop(srv, 10);
    web_free(app);
    policy_free(pol);
    return EXIT_OK;
}
