/* assets.c: finding and serving the embedded front-end assets (see
 * assets.h). The table of files, URLs and bytes is generated at build time;
 * this file adds only the lookups and the content types. */
#include "web/assets.h"

#include <string.h>

/* Content types by file name ending; the server sends nosniff, so a script
 * must be declared as one for the browser to run it. */
static const char *const types[][2] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
};

static const char *content_type(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t m = strlen(types[i][0]);
        if (n > m && strcmp(name + n - m, types[i][0]) == 0) return types[i][1];
    }
    return "application/octet-stream";
}

const char *assets_url(const char *logical_name)
{
    for (size_t i = 0; i < assets_nfiles; i++)
        if (strcmp(assets_files[i].name, logical_name) == 0) return assets_files[i].url;
    return NULL;
}

bool assets_respond(const char *path, HttpResponse *rs)
{
    if (strncmp(path, "/assets/", 8) != 0) return false;
    for (size_t i = 0; i < assets_nfiles; i++) {
        const AssetFile *f = &assets_files[i];
        if (strcmp(f->url, path) != 0) continue;
        rs->status = 200;
        rs->content_type = content_type(f->name);
        rs->cacheable = true;
        buf_add(&rs->body, (const char *)f->data, f->len);
        return true;
    }
    return false;
}
