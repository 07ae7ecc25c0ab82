/* codecheck: the project's rules that a compiler does not check, made
 * mechanical (ARCHITECTURE.md, "Checks").
 *
 *   codecheck FILE...     prints FILE:LINE: rule: message for each violation;
 *                         exit 1 when there is one, 2 when a file cannot be read
 *
 * Each file is split into tokens (comments dropped; strings, characters and
 * #include lines kept whole), so that a name inside a comment or a string is
 * never taken for code. A file's place in the tree is read from its path:
 * the part from the last "src/" or "tests/unit/" on, so a scratch copy of
 * the tree is checked as the tree itself would be.
 *
 * The rules, by the name they are reported under:
 *   banned         a call to a function that overflows, is not thread-safe or
 *                  hides errors (sprintf, strcpy, atoi, gmtime, rand, ...)
 *   raw-html       in src/web, outside the modules that write bytes (html, http,
 *                  assets, page_cache, api*): a buf_add* call, or HTML_RAW with
 *                  anything but string literals as its markup
 *   html-format    html_f with a format that is not a string literal, with a
 *                  conversion other than %s %u %d %ld %%, with not as many
 *                  arguments as conversions, or with markup in an argument
 *                  (escaped, so an attribute's quotes would become &quot;)
 *   json           any buf_* call in src/web/api*.c; JSON-shaped literals written by hand
 *                  outside format/json.c
 *   statement      a STMT_ name outside src/store and src/svc
 *   driver-header  a database, HTTP, calendar or crypto library's header outside
 *                  the one module that wraps it
 *   include        a project include without its folder, or one that the
 *                  including folder may not use (ARCHITECTURE.md's table) */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum { T_IDENT, T_STRING, T_CHAR, T_NUMBER, T_PUNCT, T_INCLUDE } Kind;

typedef struct {
    Kind kind;
    const char *s; /* into the file's text; for T_INCLUDE the path, for T_STRING the inside of the quotes */
    size_t n;
    int line;
    bool system; /* T_INCLUDE: <...> rather than "..." */
} Token;

typedef struct {
    int line, seq;
    char text[320];
} Report;

typedef struct {
    const char *path; /* as given */
    const char *rel;  /* from "src/" or "tests/" on, or the whole path */
    char *text;
    Token *tok;
    size_t ntok, cap;
    Report *reports; /* printed in line order once every rule has run */
    size_t nreports, reports_cap;
} File;

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return p;
    size_t c = *cap ? *cap * 2 : 256;
    while (c < need) c *= 2;
    p = realloc(p, c * elem);
    if (!p) {
        fputs("codecheck: out of memory\n", stderr);
        exit(2);
    }
    *cap = c;
    return p;
}

static void add(File *f, Kind kind, const char *s, size_t n, int line)
{
    f->tok = grow(f->tok, &f->cap, f->ntok + 1, sizeof *f->tok);
    f->tok[f->ntok++] = (Token){.kind = kind, .s = s, .n = n, .line = line};
}

static bool is_ident(int c) { return isalnum(c) || c == '_'; }

/* Skips a backslash-newline (a line splice) at *p, counting the line. */
static bool splice(const char **p, int *line)
{
    if ((*p)[0] == '\\' && (*p)[1] == '\n') {
        *p += 2;
        ++*line;
        return true;
    }
    return false;
}

/* A string or character literal from its opening quote; *p ends past it. */
static void literal(File *f, const char **p, int *line, Kind kind)
{
    char quote = **p;
    const char *start = ++*p;
    int first = *line;
    while (**p && **p != quote && **p != '\n') {
        if (**p == '\\' && (*p)[1]) {
            if ((*p)[1] == '\n') ++*line;
            *p += 2;
        } else {
            ++*p;
        }
    }
    add(f, kind, start, (size_t)(*p - start), first);
    if (**p == quote) ++*p;
}

/* After '#' at the start of a line: an #include becomes one token; other
 * directives are tokenised as code (a macro's body is checked too). */
static void directive(File *f, const char **p, int *line)
{
    const char *q = *p;
    while (*q == ' ' || *q == '\t') q++;
    if (strncmp(q, "include", 7) != 0 || is_ident(q[7])) {
        *p = q;
        return;
    }
    q += 7;
    while (*q == ' ' || *q == '\t') q++;
    char close = *q == '"' ? '"' : *q == '<' ? '>' : 0;
    if (!close) {
        *p = q;
        return;
    }
    const char *start = ++q;
    while (*q && *q != close && *q != '\n') q++;
    add(f, T_INCLUDE, start, (size_t)(q - start), *line);
    f->tok[f->ntok - 1].system = close == '>';
    if (*q == close) q++;
    *p = q;
}

static void tokenise(File *f)
{
    const char *p = f->text;
    int line = 1;
    bool line_start = true; /* only blanks so far on this line */
    while (*p) {
        if (splice(&p, &line)) continue;
        char c = *p;
        if (c == '\n') {
            line++;
            p++;
            line_start = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            p++;
            continue;
        }
        if (c == '/' && p[1] == '/') {
            while (*p && *p != '\n') {
                if (!splice(&p, &line)) p++;
            }
            continue;
        }
        if (c == '/' && p[1] == '*') {
            p += 2;
            while (*p && !(p[0] == '*' && p[1] == '/')) {
                if (*p == '\n') line++;
                p++;
            }
            if (*p) p += 2;
            continue;
        }
        bool was_line_start = line_start;
        line_start = false;
        if (c == '#' && was_line_start) {
            p++;
            directive(f, &p, &line);
        } else if (c == '"') {
            literal(f, &p, &line, T_STRING);
        } else if (c == '\'') {
            literal(f, &p, &line, T_CHAR);
        } else if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)p[1]))) {
            const char *start = p;
            while (is_ident((unsigned char)*p) || *p == '.' ||
                   ((*p == '+' || *p == '-') && (p[-1] == 'e' || p[-1] == 'E' || p[-1] == 'p' || p[-1] == 'P')))
                p++;
            add(f, T_NUMBER, start, (size_t)(p - start), line);
        } else if (is_ident((unsigned char)c)) {
            const char *start = p;
            while (is_ident((unsigned char)*p)) p++;
            add(f, T_IDENT, start, (size_t)(p - start), line);
        } else if ((c == '-' && p[1] == '>') || (c == ':' && p[1] == ':')) {
            add(f, T_PUNCT, p, 2, line);
            p += 2;
        } else {
            add(f, T_PUNCT, p, 1, line);
            p++;
        }
    }
}

/* ---- helpers over tokens ---- */

static bool tok_is(const Token *t, Kind kind, const char *s)
{
    return t->kind == kind && t->n == strlen(s) && memcmp(t->s, s, t->n) == 0;
}

static bool starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void report(File *f, int line, const char *rule, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void report(File *f, int line, const char *rule, const char *fmt, ...)
{
    f->reports = grow(f->reports, &f->reports_cap, f->nreports + 1, sizeof *f->reports);
    Report *r = &f->reports[f->nreports];
    r->line = line;
    r->seq = (int)f->nreports++;
    int n = snprintf(r->text, sizeof r->text, "%s: ", rule);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->text + n, sizeof r->text - (size_t)n, fmt, ap);
    va_end(ap);
}

static int by_line(const void *a, const void *b)
{
    const Report *x = a, *y = b;
    return x->line != y->line ? (x->line > y->line) - (x->line < y->line) : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Token i names a function being called (or a function-like macro used):
 * it is followed by '(' and is neither a member nor being declared or
 * defined (a declaration's name follows its type: a name or '*'). */
static bool is_call(const File *f, size_t i)
{
    if (f->tok[i].kind != T_IDENT || i + 1 >= f->ntok || !tok_is(&f->tok[i + 1], T_PUNCT, "(")) return false;
    if (i == 0) return true;
    const Token *prev = &f->tok[i - 1];
    if (tok_is(prev, T_PUNCT, ".") || tok_is(prev, T_PUNCT, "->")) return false;
    if (prev->kind == T_IDENT)
        return tok_is(prev, T_IDENT, "return") || tok_is(prev, T_IDENT, "else") || tok_is(prev, T_IDENT, "do") ||
               tok_is(prev, T_IDENT, "case");
    if (tok_is(prev, T_PUNCT, "*") && i >= 2 && f->tok[i - 2].kind == T_IDENT &&
        !tok_is(&f->tok[i - 2], T_IDENT, "return"))
        return false;
    return true;
}

/* The arguments of the call whose '(' is token open: arg[k] is the range
 * [start[k], end[k]) of tokens, split at commas outside brackets. Returns
 * the number of arguments (0 for "()"), at most max. */
static size_t call_args(const File *f, size_t open, size_t *start, size_t *end, size_t max)
{
    size_t n = 0, depth = 0, i = open + 1, from = i;
    for (; i < f->ntok; i++) {
        const Token *t = &f->tok[i];
        if (t->kind != T_PUNCT) continue;
        char c = t->s[0];
        if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
            depth--;
        } else if (c == ')' || (c == ',' && depth == 0)) {
            if (n < max && (i > from || n > 0 || c == ',')) {
                start[n] = from;
                end[n] = i;
                n++;
            }
            if (c == ')') break;
            from = i + 1;
        }
    }
    return n;
}

static bool all_strings(const File *f, size_t from, size_t to)
{
    if (from >= to) return false;
    for (size_t i = from; i < to; i++)
        if (f->tok[i].kind != T_STRING) return false;
    return true;
}

/* ---- the rules ---- */

static const char *const banned[] = {
    "sprintf", "vsprintf", "strcpy",    "strcat", "strncpy", "strncat", "gets",   "atoi", "atol",  "atoll",
    "atof",    "gmtime",   "localtime", "ctime",  "asctime", "strtok",  "tmpnam", "rand", "srand",
};

static const char *const banned_why[] = {
    "use snprintf, strfmt or a Buf",
    "use vsnprintf or buf_vaddf",
    "use strfmt, memcpy or xstrdup",
    "use strfmt or a Buf",
    "use strfmt or memcpy",
    "use strfmt or a Buf",
    "use fgets",
    "use strtol and check the end",
    "use strtol and check the end",
    "use strtoll and check the end",
    "use strtod and check the end",
    "use gmtime_r",
    "use localtime_r",
    "use strftime with localtime_r",
    "use strftime with gmtime_r",
    "use strtok_r or strcspn",
    "use mkstemp",
    "use a seeded generator of its own",
    "use a seeded generator of its own",
};

static void check_banned(File *f)
{
    for (size_t i = 0; i < f->ntok; i++) {
        const Token *t = &f->tok[i];
        if (t->kind != T_IDENT || i + 1 >= f->ntok || !tok_is(&f->tok[i + 1], T_PUNCT, "(")) continue;
        if (i > 0 && (tok_is(&f->tok[i - 1], T_PUNCT, ".") || tok_is(&f->tok[i - 1], T_PUNCT, "->"))) continue;
        for (size_t k = 0; k < sizeof banned / sizeof banned[0]; k++)
            if (tok_is(t, T_IDENT, banned[k])) report(f, t->line, "banned", "%s: %s", banned[k], banned_why[k]);
    }
}

/* The folder of a file under src/ ("web" for src/web/x.c), or NULL. */
static bool layer_is(const File *f, const char *layer)
{
    size_t n = strlen(layer);
    return starts_with(f->rel, "src/") && strncmp(f->rel + 4, layer, n) == 0 && f->rel[4 + n] == '/';
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool is_api_file(const File *f) { return layer_is(f, "web") && starts_with(base_name(f->rel), "api"); }

static bool writes_bytes(const File *f)
{
    static const char *const modules[] = {"html.", "http.", "assets.", "page_cache."};
    const char *base = base_name(f->rel);
    for (size_t k = 0; k < sizeof modules / sizeof modules[0]; k++)
        if (starts_with(base, modules[k])) return true;
    return is_api_file(f);
}

static bool is_buf_append(const Token *t)
{
    return tok_is(t, T_IDENT, "buf_add") || tok_is(t, T_IDENT, "buf_adds") || tok_is(t, T_IDENT, "buf_addc") ||
           tok_is(t, T_IDENT, "buf_addf") || tok_is(t, T_IDENT, "buf_vaddf");
}

static void check_raw_html(File *f)
{
    if (!layer_is(f, "web") || writes_bytes(f)) return;
    for (size_t i = 0; i < f->ntok; i++) {
        if (!is_call(f, i)) continue;
        const Token *t = &f->tok[i];
        if (is_buf_append(t)) {
            report(f, t->line, "raw-html", "%.*s on a page: write markup with html_f or HTML_RAW", (int)t->n, t->s);
        } else if (tok_is(t, T_IDENT, "HTML_RAW")) {
            size_t start[3], end[3];
            size_t n = call_args(f, i + 1, start, end, 3);
            if (n != 2 || !all_strings(f, start[1], end[1]))
                report(f, t->line, "raw-html", "HTML_RAW takes a buffer and string literals only");
        }
    }
}

/* The conversions of an html_f format (the inside of its literals); -1 with
 * *bad set at the first one html_f does not know. */
static int count_conversions(const File *f, size_t from, size_t to, char *bad, size_t badlen)
{
    int count = 0;
    for (size_t i = from; i < to; i++) {
        const Token *t = &f->tok[i];
        for (size_t k = 0; k < t->n; k++) {
            if (t->s[k] != '%') continue;
            const char *c = t->s + k + 1;
            size_t left = t->n - k - 1;
            if (left >= 1 && (c[0] == 's' || c[0] == 'u' || c[0] == 'd')) {
                count++;
                k += 1;
            } else if (left >= 2 && c[0] == 'l' && c[1] == 'd') {
                count++;
                k += 2;
            } else if (left >= 1 && c[0] == '%') {
                k += 1;
            } else {
                snprintf(bad, badlen, "%%%.*s", left ? 1 : 0, c);
                return -1;
            }
        }
    }
    return count;
}

/* A string literal holding markup: a quoted attribute or a tag. */
static bool markup_like(const Token *t)
{
    if (t->kind != T_STRING) return false;
    for (size_t k = 0; k < t->n; k++)
        if (t->s[k] == '<' || t->s[k] == '>' || (t->s[k] == '\\' && k + 1 < t->n && t->s[k + 1] == '"')) return true;
    return false;
}

static void check_html_format(File *f)
{
    for (size_t i = 0; i < f->ntok; i++) {
        if (!is_call(f, i) || !tok_is(&f->tok[i], T_IDENT, "html_f")) continue;
        int line = f->tok[i].line;
        size_t start[64], end[64];
        size_t n = call_args(f, i + 1, start, end, 64);
        if (n < 2 || !all_strings(f, start[1], end[1])) {
            report(f, line, "html-format", "html_f's format must be a string literal");
            continue;
        }
        char bad[8];
        int want = count_conversions(f, start[1], end[1], bad, sizeof bad);
        if (want < 0)
            report(f, line, "html-format", "html_f knows %%s %%u %%d %%ld %%%%, not %s", bad);
        else if ((size_t)want != n - 2)
            report(f, line, "html-format", "html_f's format has %d conversion%s but %zu argument%s follow it", want,
                   want == 1 ? "" : "s", n - 2, n - 2 == 1 ? "" : "s");
        /* Every argument is escaped: markup in one (an attribute with its
         * quotes, a tag) arrives as text, " as &quot;. It belongs in the
         * format or in HTML_RAW. (Tests of the escaping itself may.) */
        for (size_t k = 2; k < n && strncmp(f->rel, "src/", 4) == 0; k++)
            for (size_t j = start[k]; j < end[k]; j++)
                if (markup_like(&f->tok[j])) {
                    report(f, f->tok[j].line, "html-format",
                           "markup in an argument of html_f is escaped (\" becomes &quot;): write it in the format");
                    break;
                }
    }
}

/* A string literal that looks like hand-written JSON: a quoted key that
 * opens an object or follows a comma ({"id": or , "name":). Messages that
 * quote a value before a colon (column "value": problem) are not JSON. */
static bool json_like(const Token *t)
{
    for (size_t k = 0; k + 1 < t->n; k++) {
        if (t->s[k] != '\\' || t->s[k + 1] != '"') continue;
        size_t j = k;
        while (j > 0 && t->s[j - 1] == ' ') j--;
        if (j == 0 || (t->s[j - 1] != '{' && t->s[j - 1] != ',')) continue;
        for (size_t e = k + 2; e + 2 < t->n; e++)
            if (t->s[e] == '\\' && t->s[e + 1] == '"') {
                if (t->s[e + 2] == ':') return true;
                break;
            }
    }
    return false;
}

/* JSON is written only by format/json.c's writer, which escapes every key and
 * string: an API file calls no buf_* function, and no other file passes
 * JSON-shaped literals to a writing call. */
static void check_json(File *f)
{
    bool json_module = strcmp(f->rel, "src/format/json.c") == 0 || starts_with(f->rel, "tests/");
    bool api = is_api_file(f) && ends_with(f->rel, ".c");
    for (size_t i = 0; i < f->ntok; i++) {
        if (!is_call(f, i)) continue;
        const Token *t = &f->tok[i];
        bool writes = (t->n > 4 && memcmp(t->s, "buf_", 4) == 0) || tok_is(t, T_IDENT, "fprintf") ||
                      tok_is(t, T_IDENT, "printf") || tok_is(t, T_IDENT, "fputs") || tok_is(t, T_IDENT, "strfmt") ||
                      tok_is(t, T_IDENT, "xasprintf") || tok_is(t, T_IDENT, "html_f") ||
                      tok_is(t, T_IDENT, "html_raw_literal");
        if (!writes) continue;
        if (api && t->n > 4 && memcmp(t->s, "buf_", 4) == 0) {
            report(f, t->line, "json", "%.*s in an API file: write JSON with the writer in format/json.h", (int)t->n,
                   t->s);
            continue;
        }
        if (json_module) continue;
        size_t start[64], end[64];
        size_t n = call_args(f, i + 1, start, end, 64);
        for (size_t a = 0; a < n; a++)
            for (size_t k = start[a]; k < end[a]; k++)
                if (f->tok[k].kind == T_STRING && json_like(&f->tok[k])) {
                    report(f, t->line, "json", "JSON written by hand: write it with the writer in format/json.h");
                    a = n;
                    break;
                }
    }
}

static void check_statements(File *f)
{
    if (layer_is(f, "store") || layer_is(f, "svc") || starts_with(f->rel, "tests/unit/store/") ||
        starts_with(f->rel, "tests/unit/svc/"))
        return;
    for (size_t i = 0; i < f->ntok; i++) {
        const Token *t = &f->tok[i];
        if (t->kind != T_IDENT || t->n < 6 || memcmp(t->s, "STMT_", 5) != 0 || !isupper((unsigned char)t->s[5]))
            continue;
        bool upper = true;
        for (size_t k = 5; k < t->n; k++)
            if (!isupper((unsigned char)t->s[k]) && !isdigit((unsigned char)t->s[k]) && t->s[k] != '_') upper = false;
        if (upper)
            report(f, t->line, "statement", "%.*s named outside src/store and src/svc: call a service", (int)t->n,
                   t->s);
    }
}

/* Each library's header and the files that may include it. */
static const struct {
    const char *header; /* a trailing '/' means the folder */
    const char *files[12];
} drivers[] = {
    {"sqlite3.h", {"src/store/store_sqlite.c"}},
    {"libpq-fe.h", {"src/store/store_pg.c"}},
    {"microhttpd.h", {"src/web/http.c"}},
    {"libical/", {"src/format/ics.c"}},
    {"ical.h", {"src/format/ics.c"}},
    {"liboath/", {"src/svc/totp.c"}},
    {"oath.h", {"src/svc/totp.c"}},
    {"qrencode.h", {"src/svc/totp.c"}},
    {"cairo.h", {"src/format/sheet.c"}},
    {"cairo-pdf.h", {"src/format/sheet.c"}},
    {"cairo/", {"src/format/sheet.c"}},
    {"pango/", {"src/format/sheet.c"}},
    {"xlsxwriter.h", {"src/format/table_xlsx.c"}},
    {"xlsxwriter/", {"src/format/table_xlsx.c"}},
    {"curl/", {"src/svc/smtp.c"}},
    {"curl.h", {"src/svc/smtp.c"}},
    {"sodium.h",
     {"src/core/merkle.c", "src/core/note.c", "src/format/record_entry.c", "src/svc/accounts.c", "src/svc/booking.c",
      "src/svc/log_key.c", "src/svc/record_log.c", "src/svc/sealed.c", "src/svc/totp.c", "src/svc/trail.c"}},
    {"sodium/",
     {"src/core/merkle.c", "src/core/note.c", "src/format/record_entry.c", "src/svc/accounts.c", "src/svc/booking.c",
      "src/svc/log_key.c", "src/svc/record_log.c", "src/svc/sealed.c", "src/svc/totp.c", "src/svc/trail.c"}},
};

/* The layers a file in src/<layer>/ may include ("x" allows "x/..."); and,
 * for web, the single files of other layers it may. */
static const struct {
    const char *layer;
    const char *may[6];
} layers[] = {
    {"core", {"core"}},
    {"store", {"core", "store"}},
    {"format", {"core", "format"}},
    {"svc", {"core", "store", "format", "svc"}},
    {"web", {"core", "format", "svc", "web"}},
    {"demo", {"core", "store", "format", "svc", "demo"}},
};

/* Whether the file inc sits in the same folder as f (a test's own fixture). */
static bool beside(const File *f, const char *inc)
{
    const char *slash = strrchr(f->path, '/');
    char path[4096];
    int n = snprintf(path, sizeof path, "%.*s%s", slash ? (int)(slash - f->path + 1) : 0, f->path, inc);
    return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

static void check_includes(File *f)
{
    bool in_src = starts_with(f->rel, "src/");
    for (size_t i = 0; i < f->ntok; i++) {
        const Token *t = &f->tok[i];
        if (t->kind != T_INCLUDE) continue;
        char inc[256];
        snprintf(inc, sizeof inc, "%.*s", (int)t->n, t->s);
        if (in_src) {
            for (size_t d = 0; d < sizeof drivers / sizeof drivers[0]; d++) {
                const char *h = drivers[d].header;
                bool match = ends_with(h, "/") ? starts_with(inc, h) : strcmp(base_name(inc), h) == 0;
                if (!match) continue;
                bool allowed = false;
                char list[200] = "";
                for (size_t k = 0, used = 0; k < sizeof drivers[d].files / sizeof drivers[d].files[0] &&
                                             drivers[d].files[k] && used < sizeof list;
                     k++) {
                    if (strcmp(f->rel, drivers[d].files[k]) == 0) allowed = true;
                    used +=
                        (size_t)snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "", drivers[d].files[k]);
                }
                if (!allowed) report(f, t->line, "driver-header", "%s is included only by %s", inc, list);
                break;
            }
        }
        if (t->system) continue;
        const char *slash = strchr(inc, '/');
        if (!slash) {
            /* The test harnesses' own headers, and a test's fixture beside it. */
            bool harness = (starts_with(f->rel, "tests/unit/") && strcmp(inc, "test.h") == 0) ||
                           (starts_with(f->rel, "tests/fuzz/") && strcmp(inc, "fuzz.h") == 0) ||
                           (starts_with(f->rel, "tests/") && beside(f, inc));
            if (!harness)
                report(f, t->line, "include", "\"%s\": write a project include with its folder (\"core/util.h\")", inc);
            continue;
        }
        if (!in_src) continue;
        const char *mine = f->rel + 4;
        size_t mine_len = (size_t)(strchr(mine, '/') ? strchr(mine, '/') - mine : 0);
        size_t folder_len = (size_t)(slash - inc);
        if (mine_len == 3 && memcmp(mine, "cli", 3) == 0) {
            if (folder_len == 3 && memcmp(inc, "web", 3) == 0 && strcmp(inc, "web/web.h") != 0 &&
                strcmp(inc, "web/http.h") != 0)
                report(f, t->line, "include", "\"%s\" is inside the web: the command line uses web/web.h", inc);
            continue;
        }
        for (size_t l = 0; l < sizeof layers / sizeof layers[0]; l++) {
            if (strlen(layers[l].layer) != mine_len || memcmp(layers[l].layer, mine, mine_len) != 0) continue;
            bool allowed = mine_len == 3 && memcmp(mine, "web", 3) == 0 && strcmp(inc, "store/store.h") == 0;
            for (size_t k = 0; k < 6 && layers[l].may[k]; k++)
                if (strlen(layers[l].may[k]) == folder_len && memcmp(layers[l].may[k], inc, folder_len) == 0)
                    allowed = true;
            if (!allowed)
                report(f, t->line, "include",
                       "src/%s may not include \"%s\" (ARCHITECTURE.md: what each folder may include)", layers[l].layer,
                       inc);
        }
    }
}

/* ---- files ---- */

/* The part of path the rules look at: from its last "src/" or "tests/"
 * folder on (a scratch copy of the tree is checked as the tree). */
static const char *relative(const char *path)
{
    const char *best = path;
    for (const char *p = path; *p; p++) {
        if (p != path && p[-1] != '/') continue;
        if (starts_with(p, "src/") || starts_with(p, "tests/")) best = p;
    }
    return best;
}

static bool read_all(const char *path, char **out)
{
    FILE *in = fopen(path, "rb");
    if (!in) return false;
    size_t len = 0, cap = 0;
    char *text = NULL;
    for (;;) {
        text = grow(text, &cap, len + 65536 + 1, 1);
        size_t got = fread(text + len, 1, 65536, in);
        len += got;
        if (got < 65536) break;
    }
    bool ok = !ferror(in);
    fclose(in);
    text[len] = 0;
    *out = text;
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: codecheck FILE...\n", stderr);
        return 2;
    }
    int violations = 0, unreadable = 0;
    for (int a = 1; a < argc; a++) {
        File f = {.path = argv[a], .rel = relative(argv[a])};
        if (!read_all(argv[a], &f.text)) {
            fprintf(stderr, "codecheck: %s: %s\n", argv[a], strerror(errno));
            unreadable++;
            free(f.text);
            continue;
        }
        tokenise(&f);
        check_banned(&f);
        check_raw_html(&f);
        check_html_format(&f);
        check_json(&f);
        check_statements(&f);
        check_includes(&f);
        if (f.nreports) qsort(f.reports, f.nreports, sizeof *f.reports, by_line);
        for (size_t r = 0; r < f.nreports; r++) printf("%s:%d: %s\n", f.path, f.reports[r].line, f.reports[r].text);
        violations += (int)f.nreports;
        free(f.reports);
        free(f.tok);
        free(f.text);
    }
    if (unreadable) return 2;
    return violations ? 1 : 0;
}
