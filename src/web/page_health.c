/* page_health.c: GET /healthz, asked every second or so by a load balancer
 * in front of several app servers (docs/deploy.md). It answers whether this
 * server can serve a request now: one statement on the database (its
 * generation, the cheapest the store has), and not stopping. It is never
 * logged (a failure is seen by the balancer, and pages that fail log it),
 * names nothing about the data, and is never cached (http.c: no-store). */
#include <time.h>

#include "web/routes.h"

void page_healthz(Req *r)
{
    int64_t gen;
    const char *text = "ok\n";
    r->app->health_asked = (int64_t)time(NULL);
    if (r->app->stopping) {
        r->rs->status = 503;
        text = "stopping\n";
    } else if (store_generation(r->st, &gen) != STORE_OK) {
        r->rs->status = 503;
        text = "unavailable\n";
    }
    if (r->rs->status == 503) {
        char after[16];
        strfmt(after, sizeof after, "%d", WEB_RETRY_AFTER);
        http_add_header(r->rs, "Retry-After", after);
    }
    web_answer_afresh(r);
    html_text(&r->rs->body, text);
    r->rs->content_type = "text/plain; charset=utf-8";
}
