/* fuzz_route.c: the route table's matching of paths (web/web.h
 * web_route_find), with the ids pages read from a path's argument
 * (web_ref), the check of where a form may be carried (web_route_carried_to)
 * and the asset lookup that runs before the table (assets_respond).
 *
 * Input: the method's letter (G GET, H HEAD, P POST, anything else PUT),
 * then the path as libmicrohttpd hands it on, decoded, up to a NUL. What
 * is found is a route of the table that answers the method, its argument
 * is the one segment the route leaves over, and putting the route's path
 * and that argument together again gives the path that was asked for. */
#include <string.h>

#include "web/api.h"
#include "web/assets.h"
#include "web/frame.h"
#include "web/web.h"
#include "fuzz.h"

static bool starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

/* The path a found route makes of its argument: its path with the
 * argument in place of its '*', or after it for a prefix route. */
static void rebuild(const WebRoute *w, Buf *out)
{
    const char *star = strchr(w->path, '*');
    if (star) {
        buf_add(out, w->path, (size_t)(star - w->path));
        buf_adds(out, w->arg);
        buf_adds(out, star + 1);
    } else {
        buf_adds(out, w->path);
        buf_adds(out, w->arg);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    const char *method = data[0] == 'G' ? "GET" : data[0] == 'H' ? "HEAD" : data[0] == 'P' ? "POST" : "PUT";
    char *path = xmalloc(size);
    memcpy(path, data + 1, size - 1);
    path[size - 1] = 0;
    size_t n = strlen(path);

    WebRoute w;
    web_route_find(method, path, &w);
    FUZZ_ASSERT(w.arg != NULL && !strchr(w.arg, '/') && strlen(w.arg) <= n);
    if (w.found) {
        FUZZ_ASSERT(w.known);
        FUZZ_ASSERT(strcmp(w.method, method) == 0 || (strcmp(method, "HEAD") == 0 && strcmp(w.method, "GET") == 0));
        bool exact = !w.prefix && !strchr(w.path, '*');
        FUZZ_ASSERT(exact ? w.arg[0] == 0 : w.arg[0] != 0);
        if (strchr(w.path, '*')) FUZZ_ASSERT(strlen(w.arg) < WEB_ROUTE_ARG_MAX);
        Buf again = {0};
        rebuild(&w, &again);
        FUZZ_ASSERT(strcmp(buf_str(&again), path) == 0);
        /* The same path finds the same route again, for any method it answers. */
        WebRoute w2;
        web_route_find(w.method, path, &w2);
        FUZZ_ASSERT(w2.found && w2.path == w.path && strcmp(w2.arg, w.arg) == 0);
        buf_free(&again);
    } else {
        FUZZ_ASSERT(w.arg[0] == 0);
    }

    /* An id from the path is digits only, read exactly. */
    int64_t ref = web_ref(w.arg);
    if (ref > 0) {
        char text[32];
        strfmt(text, sizeof text, "%lld", (long long)ref);
        size_t zeros = strspn(w.arg, "0");
        FUZZ_ASSERT(strlen(w.arg) <= 18 && strcmp(w.arg + zeros, text) == 0);
    }

    /* A form is carried only to a POST route of the table's, never to an
     * account's own forms or another site. */
    if (web_route_carried_to(path)) {
        WebRoute post;
        web_route_find("POST", path, &post);
        FUZZ_ASSERT(path[0] == '/' && path[1] != '/');
        FUZZ_ASSERT(post.found && strcmp(post.method, "POST") == 0 && !starts_with(post.path, "/account"));
    }

    if (api_path(path)) FUZZ_ASSERT(starts_with(path, "/api/v1"));

    HttpResponse rs = {0};
    if (assets_respond(path, &rs))
        FUZZ_ASSERT(rs.status == 200 && rs.body.len > 0 && starts_with(path, "/assets/"));
    else
        FUZZ_ASSERT(rs.status == 0 && rs.body.len == 0); /* left alone */
    buf_free(&rs.body);
    free(path);
    return 0;
}
