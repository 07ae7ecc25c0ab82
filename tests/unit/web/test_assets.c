/* The embedded front-end assets: hashed URLs, serving, unknown paths, and
 * the page template's links to them. */
#include "web/assets.h"
#include "web/html.h"
#include "test.h"

static const struct {
    const char *name, *stem, *ext, *type;
} expected[] = {
    {"app.css", "/assets/app-", ".css", "text/css; charset=utf-8"},
    {"app.mjs", "/assets/app-", ".mjs", "text/javascript; charset=utf-8"},
    {"govuk-frontend.min.js", "/assets/govuk-frontend-", ".min.js", "text/javascript; charset=utf-8"},
    {"favicon.svg", "/assets/favicon-", ".svg", "image/svg+xml"},
};

/* NAME-HASH.EXT: the stem, 16 lower-case hex digits, the extension. */
static int hashed_like(const char *url, const char *stem, const char *ext)
{
    size_t n = strlen(stem);
    if (!url || strncmp(url, stem, n) != 0) return 0;
    for (size_t i = 0; i < 16; i++)
        if (!strchr("0123456789abcdef", url[n + i]) || !url[n + i]) return 0;
    return strcmp(url + n + 16, ext) == 0;
}

static void test_urls(void)
{
    CHECK_INT(assets_nfiles, sizeof expected / sizeof expected[0]);
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        const char *url = assets_url(expected[i].name);
        CHECK(hashed_like(url, expected[i].stem, expected[i].ext));
        CHECK_STR(assets_url(expected[i].name), url); /* the same every time */
    }
    CHECK(assets_url("nothing.css") == NULL);
    CHECK(assets_url("") == NULL);
    CHECK(strcmp(assets_url("app.css"), assets_url("app.mjs")) != 0);
}

static void test_respond(void)
{
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        const AssetFile *f = NULL;
        for (size_t j = 0; j < assets_nfiles; j++)
            if (strcmp(assets_files[j].name, expected[i].name) == 0) f = &assets_files[j];
        CHECK(f != NULL);
        if (!f) continue;
        HttpResponse rs = {0};
        CHECK(assets_respond(f->url, &rs));
        CHECK_INT(rs.status, 200);
        CHECK(rs.cacheable);
        CHECK_STR(rs.content_type, expected[i].type);
        CHECK_INT(rs.body.len, f->len);
        CHECK(f->len > 0 && memcmp(rs.body.data, f->data, f->len) == 0);
        buf_free(&rs.body);
    }
}

static void test_unknown(void)
{
    static const char *const paths[] = {"/",
                                        "/assets/",
                                        "/assets/app.css",
                                        "/assets/app-0000000000000000.css",
                                        "/sign-in",
                                        "/assets/images/govuk-crest.svg",
                                        "assets/app.css"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        HttpResponse rs = {0};
        CHECK(!assets_respond(paths[i], &rs));
        CHECK(rs.status == 0 && rs.body.len == 0 && !rs.cacheable && rs.content_type == NULL);
    }
    Buf longer = {0};
    buf_adds(&longer, assets_url("app.css"));
    buf_adds(&longer, "x");
    HttpResponse rs = {0};
    CHECK(!assets_respond(buf_str(&longer), &rs));
    buf_free(&longer);
}

static void test_page_links(void)
{
    Buf b = {0};
    HtmlPage p = {.title = "Test"};
    html_page_start(&b, &p);
    html_page_end(&b);
    Buf want = {0};
    buf_addf(&want, "<link rel=\"stylesheet\" href=\"%s\">", assets_url("app.css"));
    CHECK_HAS(buf_str(&b), buf_str(&want));
    buf_clear(&want);
    buf_addf(&want, "<link rel=\"icon\" href=\"%s\" type=\"image/svg+xml\">", assets_url("favicon.svg"));
    CHECK_HAS(buf_str(&b), buf_str(&want));
    buf_clear(&want);
    buf_addf(&want,
             "<script type=\"module\" src=\"%s\"></script>\n<script type=\"module\" src=\"%s\"></script>\n</body>",
             assets_url("govuk-frontend.min.js"), assets_url("app.mjs"));
    CHECK_HAS(buf_str(&b), buf_str(&want));
    CHECK(strstr(buf_str(&b), "<script>") == NULL);
    buf_free(&want);
    buf_free(&b);
}

int main(void)
{
    RUN(test_urls);
    RUN(test_respond);
    RUN(test_unknown);
    RUN(test_page_links);
    TEST_DONE();
}
