/* assets.h: the web application's front-end assets (GOV.UK Frontend's
 * styles and scripts, our own additions), built by the Makefile from web/
 * and embedded in the binary (docs/web.md, "Assets").
 *
 * Each asset is served under a URL that contains a hash of its content,
 * /assets/NAME-HASH.EXT, with a year-long immutable Cache-Control: a new
 * build with a changed file has a new URL, so a browser never needs to ask
 * again and never keeps a stale copy. */
#ifndef OV_ASSETS_H
#define OV_ASSETS_H

#include <stdbool.h>
#include <stddef.h>

#include "web/http.h"

/* The URL of the asset built from logical_name ("app.css", "app.mjs",
 * "govuk-frontend.min.js", "favicon.svg"), e.g. "/assets/app-3f2a9c1e5b7d0a12.css".
 * A static string; NULL for a name that is not an asset. */
const char *assets_url(const char *logical_name);

/* When path is the URL of an asset, fills rs with its bytes, its
 * Content-Type and rs->cacheable, and returns true; otherwise (any other
 * path, an old build's URL included) leaves rs alone and returns false. */
bool assets_respond(const char *path, HttpResponse *rs);

/* The table the build generates (tools/embed --assets); only assets.c and
 * the generated file use it. */
typedef struct {
    const char *name, *url;
    const unsigned char *data;
    size_t len;
} AssetFile;
extern const AssetFile assets_files[];
extern const size_t assets_nfiles;

#endif
