/* policy.c: reads a supervision policy file into a Policy.
 *
 * The format (docs/policy.md) is line based: one keyword and its words per
 * line, '#' comments, labels in double quotes. Three kinds of block group
 * lines: a role (how often and how long its staff are supervised), a case
 * category (how often its cases are discussed, and the topics to cover) and
 * a prompt set (reflective questions for case discussions). Quality teams
 * edit these files by hand, so every mistake is reported as "FILE:LINE:
 * message" naming the offending word, and anything that could make a due
 * date ambiguous (phases out of order, a phase that can never be in force)
 * is rejected rather than guessed at. The keywords live in one table (name, where allowed, handler,
 * usage) so the parser, its messages and the docs stay in step. */
#include "core/policy.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define MAX_LINE 1000 /* bytes, without the line ending */
#define MAX_ID 64
#define MAX_WORDS 16 /* a valid line has at most 4; the rest is for messages */
#define SHOW_MAX 60  /* longest word quoted back in a message */
#define MAX_KEYWORDS 24

/* Where a keyword may appear: before the first block (the global settings),
 * or inside a role, category or prompt set block. */
enum { CTX_TOP = 1, CTX_ROLE = 2, CTX_CATEGORY = 4, CTX_PROMPTS = 8, CTX_ANY = 15 };

typedef struct {
    const char *s; /* for quoted text: the raw bytes between the quotes */
    size_t n;
    bool quoted;
} Tok;

typedef struct Parser Parser;

typedef struct {
    const char *name;
    unsigned where;
    bool once; /* at most one per file */
    bool (*handle)(Parser *P, const Tok *a, size_t na);
    const char *usage;
} Keyword;

struct Parser {
    Policy *p;
    const char *file;
    size_t line;
    char *err;
    size_t errlen;
    unsigned ctx;
    const Keyword *kw; /* the keyword being handled, for usage messages */
    size_t roles_cap, categories_cap, prompt_sets_cap;
    size_t phases_cap, items_cap;                     /* of the current block's phases, prompts or checklist */
    size_t block_line;                                /* line of the current block */
    size_t phase_line;                                /* line of the current role's last phase */
    size_t minutes_line;                              /* current role's "session-minutes" line, 0 if none */
    size_t caseload_line;                             /* the "caseload" line of the block at hand (or the top) */
    size_t every_line;                                /* current category's "every N" line, 0 if none */
    size_t session_line;                              /* current category's "every session" line, 0 if none */
    size_t seen_line[MAX_KEYWORDS];                   /* per keyword, for "once" keywords */
    size_t audit_sample_line[2];                      /* "audit-sample records" and "case-files" lines */
    size_t audit_items_cap[2];                        /* of the rubric's questions and of the grades */
    StrMap *audit_ids[2];                             /* question ids and grade ids -> line */
    StrMap *role_ids, *category_ids, *prompt_set_ids; /* id -> line, for duplicate messages */
    StrMap *item_ids;                                 /* the current block's prompt or checklist ids -> line */
};

static bool fail_at(Parser *P, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool fail_at(Parser *P, size_t line, const char *fmt, ...)
{
    if (!P->err || P->errlen == 0) return false;
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    strfmt(P->err, P->errlen, "%s:%zu: %s", P->file, line, buf_str(&b));
    buf_free(&b);
    return false;
}

#define fail(P, ...) fail_at((P), (P)->line, __VA_ARGS__)

/* How many bytes of a word to quote back: long words are cut, but never in
 * the middle of a UTF-8 sequence, so messages stay valid UTF-8. */
static int shown(const Tok *t)
{
    size_t n = t->n;
    if (n > SHOW_MAX) {
        n = SHOW_MAX;
        while (n > 0 && ((unsigned char)t->s[n] & 0xC0) == 0x80) n--;
    }
    return (int)n;
}

static bool tok_is(const Tok *t, const char *w)
{
    return !t->quoted && t->n == strlen(w) && memcmp(t->s, w, t->n) == 0;
}

static bool usage(Parser *P) { return fail(P, "usage: %s", P->kw->usage); }

static bool unexpected(Parser *P, const Tok *t)
{
    return fail(P, "unexpected %s\"%.*s\"; usage: %s", t->quoted ? "quoted text " : "", shown(t), t->s, P->kw->usage);
}

/* ---- checking a line's bytes ---- */

static bool check_bytes(Parser *P, const char *s, size_t n)
{
    if (n > MAX_LINE) return fail(P, "line is longer than %d bytes", MAX_LINE);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0) return fail(P, "NUL byte at column %zu", i + 1);
        if (c < 0x20 && c != '\t') return fail(P, "control character 0x%02X at column %zu", c, i + 1);
        if (c == 0x7F) return fail(P, "control character 0x7F at column %zu", i + 1);
        size_t len = utf8_len((const unsigned char *)s + i, n - i);
        if (len == 0) return fail(P, "not UTF-8: byte 0x%02X at column %zu", c, i + 1);
        i += len;
    }
    return true;
}

/* ---- splitting a line into words ---- */

static bool is_space(char c) { return c == ' ' || c == '\t'; }

static bool tokenize(Parser *P, const char *s, size_t n, Tok *t, size_t *nt)
{
    size_t i = 0;
    *nt = 0;
    for (;;) {
        while (i < n && is_space(s[i])) i++;
        if (i == n || s[i] == '#') return true;
        if (*nt == MAX_WORDS) return fail(P, "too many words: a line holds one setting");
        Tok *k = &t[(*nt)++];
        if (s[i] == '"') {
            size_t start = ++i;
            for (;;) {
                if (i == n) return fail(P, "missing closing quote: quoted text ends at the end of its line");
                if (s[i] == '"') break;
                if (s[i] == '\\') {
                    char e = i + 1 < n ? s[i + 1] : 0;
                    if (e != '"' && e != '\\') {
                        if (e > 0x20 && e < 0x7F)
                            return fail(
                                P,
                                "unknown escape \"\\%c\" in quoted text: use \\\" for a quote and \\\\ for a backslash",
                                e);
                        return fail(P, "a backslash in quoted text must be followed by \" or \\");
                    }
                    i += 2;
                    continue;
                }
                i++;
            }
            *k = (Tok){s + start, i - start, true};
            i++;
            if (i < n && !is_space(s[i]) && s[i] != '#')
                return fail(P, "missing space after the closing quote of \"%.*s\"", shown(k), k->s);
        } else {
            size_t start = i;
            while (i < n && !is_space(s[i])) i++;
            *k = (Tok){s + start, i - start, false};
        }
    }
}

/* Quoted text without its escapes. */
static char *unquote(const Tok *t)
{
    char *out = xmalloc(t->n + 1);
    size_t o = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (t->s[i] == '\\') i++;
        out[o++] = t->s[i];
    }
    out[o] = 0;
    return out;
}

/* ---- values ---- */

static bool get_interval(Parser *P, const Tok *t, Interval *out)
{
    if (t->quoted) return fail(P, "intervals are written without quotes, e.g. 4w, not \"%.*s\"", shown(t), t->s);
    size_t d = 0;
    while (d < t->n && t->s[d] >= '0' && t->s[d] <= '9') d++;
    if (d == 0 || d == t->n)
        return fail(P, "\"%.*s\" is not an interval: write a number and a unit (d, w or m), e.g. 4w", shown(t), t->s);
    if (d + 1 != t->n || !strchr("dwm", t->s[d]))
        return fail(P, "unknown unit in \"%.*s\": use d, w or m", shown(t), t->s);
    if (!interval_parse(t->s, t->n, out))
        return fail(P, "\"%.*s\": the number must be from 1 to %d", shown(t), t->s, INTERVAL_MAX_N);
    return true;
}

static bool valid_id(const Tok *t)
{
    if (t->quoted || t->n < 1 || t->n > MAX_ID) return false;
    for (size_t i = 0; i < t->n; i++) {
        char c = t->s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                  c == '.';
        if (!ok) return false;
    }
    return true;
}

/* The shortest and longest an interval can be in days, over every start date.
 * Days and weeks are exact. n months from a date last between the shortest
 * and the longest run of n consecutive calendar months: exactly such a run
 * from the 1st of a month, and clamping to a month's end only moves the result
 * within those bounds. The calendar repeats every 400 years (4800 months,
 * 146097 days), so trying each starting month of one cycle is exact. */
typedef struct {
    int64_t lo, hi;
} DaySpan;

static int cycle_month_days(int64_t i) /* month i of the cycle from 2000-01, i < 9600 */
{
    return date_days_in_month(2000 + (int)(i / 12), (int)(i % 12) + 1);
}

static DaySpan interval_days(Interval iv)
{
    if (iv.unit == UNIT_DAY) return (DaySpan){iv.n, iv.n};
    if (iv.unit == UNIT_WEEK) return (DaySpan){7LL * iv.n, 7LL * iv.n};
    int64_t base = (int64_t)(iv.n / 4800) * 146097, rem = iv.n % 4800;
    if (rem == 0) return (DaySpan){base, base};
    int64_t sum = 0;
    for (int64_t k = 0; k < rem; k++) sum += cycle_month_days(k);
    DaySpan r = {sum, sum};
    for (int64_t s = 1; s < 4800; s++) {
        sum += cycle_month_days(s + rem - 1) - cycle_month_days(s - 1);
        if (sum < r.lo) r.lo = sum;
        if (sum > r.hi) r.hi = sum;
    }
    return (DaySpan){base + r.lo, base + r.hi};
}

/* Whether a is shorter than b (or, with or_equal, no longer) whatever the
 * start date. Months against months compare by count, since adding more
 * months always lands in a later month. */
static bool always_shorter(Interval a, Interval b, bool or_equal)
{
    if (a.unit == UNIT_MONTH && b.unit == UNIT_MONTH) return or_equal ? a.n <= b.n : a.n < b.n;
    int64_t a_hi = interval_days(a).hi, b_lo = interval_days(b).lo;
    return or_equal ? a_hi <= b_lo : a_hi < b_lo;
}

/* "28 days" or "28 to 31 days", for messages about mixed units. */
static const char *days_text(Interval iv, char out[48])
{
    DaySpan d = interval_days(iv);
    if (d.lo == d.hi) return strfmt(out, 48, "%lld day%s", (long long)d.lo, d.lo == 1 ? "" : "s");
    return strfmt(out, 48, "%lld to %lld days", (long long)d.lo, (long long)d.hi);
}

/* ---- retention ---- */

static const char *const retain_kind_words[RETAIN_KINDS] = {
    [RETAIN_RECORDS] = "records",
    [RETAIN_CASE_DISCUSSIONS] = "case-discussions",
};
static const char *const retain_anchor_words[] = {
    [RETAIN_AFTER_LEAVING] = "leaving",
    [RETAIN_AFTER_SIGNING] = "signing",
    [RETAIN_AFTER_CLOSING] = "closing",
};
#define NANCHORS (sizeof retain_anchor_words / sizeof retain_anchor_words[0])

const char *policy_retain_kind_word(RetainKind k) { return retain_kind_words[k]; }
const char *policy_retain_anchor_word(RetainAnchor a) { return retain_anchor_words[a]; }

/* The anchors a kind's period may run from: a record belongs to its
 * supervisee's employment, a case discussion to the child's case. */
static bool anchor_fits(RetainKind k, RetainAnchor a)
{
    if (k == RETAIN_RECORDS) return a == RETAIN_AFTER_LEAVING || a == RETAIN_AFTER_SIGNING;
    return a == RETAIN_AFTER_CLOSING;
}

bool policy_retain_until(const Policy *p, RetainKind k, Date from, Date *until)
{
    const Retention *r = &p->retain[k];
    if (!r->set || r->never) return false;
    *until = interval_add(from, r->period);
    return true;
}

/* ---- blocks ---- */

/* Checks the role or category that has just ended. */
static bool close_block(Parser *P)
{
    if (P->ctx == CTX_ROLE) {
        const Role *r = &P->p->roles[P->p->nroles - 1];
        if (r->nphases == 0)
            return fail_at(P, P->block_line, "role \"%s\" has no \"every\" line: a role needs at least one", r->id);
        const Phase *last = &r->phases[r->nphases - 1];
        if (last->has_until) {
            char u[16];
            interval_format(last->until, u);
            return fail_at(P, P->phase_line,
                           "role \"%s\": the last phase has \"until %s\"; the last phase must have no until, "
                           "it applies from then on",
                           r->id, u);
        }
    }
    if (P->ctx == CTX_PROMPTS) {
        const PromptSet *ps = &P->p->prompt_sets[P->p->nprompt_sets - 1];
        if (ps->nitems == 0)
            return fail_at(P, P->block_line, "prompt set \"%s\" has no \"ask\" line: a prompt set needs at least one",
                           ps->id);
    }
    return true;
}

/* Shared by role and category: id, optional label, duplicate check. */
static bool block_head(Parser *P, const Tok *a, size_t na, StrMap *ids, const char *what, char **id, char **label)
{
    if (na == 0) return usage(P);
    if (!valid_id(&a[0]))
        return fail(P, "bad %s id %s\"%.*s\": ids are 1-%d letters, digits, -, _ or .", what,
                    a[0].quoted ? "(quoted) " : "", shown(&a[0]), a[0].s, MAX_ID);
    if (na > 1 && !a[1].quoted)
        return fail(P, "label \"%.*s\" must be in double quotes: %s", shown(&a[1]), a[1].s, P->kw->usage);
    if (na > 1 && a[1].n == 0) return fail(P, "empty label: leave the label out to use the id");
    if (na > 2) return unexpected(P, &a[2]);
    int64_t old;
    if (!strmap_put(ids, a[0].s, a[0].n, (int64_t)P->line, &old))
        return fail(P, "%s \"%.*s\" is already defined on line %lld", what, (int)a[0].n, a[0].s, (long long)old);
    if (!close_block(P)) return false;
    *id = xstrndup(a[0].s, a[0].n);
    *label = na > 1 ? unquote(&a[1]) : xstrdup(*id);
    P->block_line = P->line;
    P->items_cap = 0;
    strmap_free(P->item_ids);
    P->item_ids = strmap_new();
    return true;
}

/* Shared by "ask" and "checklist": ID "Text", unique within its block, at
 * most max of them. what names one item in messages. */
static bool block_item(Parser *P, const Tok *a, size_t na, const char *what, const char *block, size_t max,
                       PolicyItem **items, size_t *nitems)
{
    if (na == 0) return usage(P);
    if (!valid_id(&a[0]))
        return fail(P, "bad %s id %s\"%.*s\": ids are 1-%d letters, digits, -, _ or .", what,
                    a[0].quoted ? "(quoted) " : "", shown(&a[0]), a[0].s, MAX_ID);
    if (na == 1) return fail(P, "%s \"%.*s\" has no text; usage: %s", what, (int)a[0].n, a[0].s, P->kw->usage);
    if (!a[1].quoted) return fail(P, "text \"%.*s\" must be in double quotes: %s", shown(&a[1]), a[1].s, P->kw->usage);
    if (a[1].n == 0) return fail(P, "%s \"%.*s\" has empty text", what, (int)a[0].n, a[0].s);
    if (na > 2) return unexpected(P, &a[2]);
    if (*nitems == max) return fail(P, "%s already has %zu %ss, the most allowed", block, max, what);
    int64_t old;
    if (!strmap_put(P->item_ids, a[0].s, a[0].n, (int64_t)P->line, &old))
        return fail(P, "%s \"%.*s\" is already in %s (line %lld)", what, (int)a[0].n, a[0].s, block, (long long)old);
    xgrow((void **)items, &P->items_cap, *nitems + 1, sizeof **items);
    (*items)[(*nitems)++] = (PolicyItem){.id = xstrndup(a[0].s, a[0].n), .text = unquote(&a[1])};
    return true;
}

/* ---- keyword handlers ---- */

static bool kw_policy(Parser *P, const Tok *a, size_t na)
{
    if (na == 0) return usage(P);
    if (!a[0].quoted) return fail(P, "the policy name must be in double quotes: %s", P->kw->usage);
    if (a[0].n == 0) return fail(P, "empty policy name");
    if (na > 1) return unexpected(P, &a[1]);
    free(P->p->name);
    P->p->name = unquote(&a[0]);
    return true;
}

static bool kw_due_soon(Parser *P, const Tok *a, size_t na)
{
    Interval iv;
    if (na == 0) return usage(P);
    if (na > 1) return unexpected(P, &a[1]);
    if (!get_interval(P, &a[0], &iv)) return false;
    if (iv.unit == UNIT_MONTH) return fail(P, "due-soon \"%.*s\": use days or weeks (d or w)", shown(&a[0]), a[0].s);
    P->p->due_soon_days = iv.unit == UNIT_WEEK ? 7 * iv.n : iv.n;
    return true;
}

static bool kw_part_time(Parser *P, const Tok *a, size_t na)
{
    if (na == 0) return usage(P);
    if (na > 1) return unexpected(P, &a[1]);
    if (tok_is(&a[0], "pro-rata"))
        P->p->pro_rata = true;
    else if (tok_is(&a[0], "none"))
        P->p->pro_rata = false;
    else
        return fail(P, "part-time \"%.*s\": use pro-rata or none", shown(&a[0]), a[0].s);
    return true;
}

static bool kw_every_case(Parser *P, const Tok *a, size_t na)
{
    if (na == 0) return usage(P);
    if (na > 1) return unexpected(P, &a[1]);
    if (!get_interval(P, &a[0], &P->p->every_case)) return false;
    P->p->has_every_case = true;
    return true;
}

/* sign-within, agreement-review, escalation-response: one interval each. */
static bool one_interval(Parser *P, const Tok *a, size_t na, Interval *out)
{
    if (na == 0) return usage(P);
    if (na > 1) return unexpected(P, &a[1]);
    return get_interval(P, &a[0], out);
}

static bool kw_sign_within(Parser *P, const Tok *a, size_t na) { return one_interval(P, a, na, &P->p->sign_within); }

static bool kw_agreement_review(Parser *P, const Tok *a, size_t na)
{
    return one_interval(P, a, na, &P->p->agreement_review);
}

static bool kw_escalation_response(Parser *P, const Tok *a, size_t na)
{
    return one_interval(P, a, na, &P->p->escalation_response);
}

static bool kw_workload_response(Parser *P, const Tok *a, size_t na)
{
    return one_interval(P, a, na, &P->p->workload_response);
}

/* A count of cases in a caseload line: a whole number, 1..POLICY_CASELOAD_MAX. */
static bool caseload_count(Parser *P, const Tok *t, int *out)
{
    size_t d = 0;
    while (d < t->n && t->s[d] >= '0' && t->s[d] <= '9') d++;
    int n = 0;
    for (size_t i = 0; i < d && n <= POLICY_CASELOAD_MAX; i++) n = n * 10 + (t->s[i] - '0');
    if (t->quoted || d == 0 || d != t->n || n < 1 || n > POLICY_CASELOAD_MAX)
        return fail(P, "caseload \"%.*s\": write a whole number of cases from 1 to %d, e.g. caseload 18 max 22",
                    shown(t), t->s, POLICY_CASELOAD_MAX);
    *out = n;
    return true;
}

/* caseload N max M: at the top, for every role; in a role, for it. */
static bool kw_caseload(Parser *P, const Tok *a, size_t na)
{
    if (na < 3) return usage(P);
    if (na > 3) return unexpected(P, &a[3]);
    if (P->caseload_line) return fail(P, "\"caseload\" is given twice here (first on line %zu)", P->caseload_line);
    Caseload c = {.set = true};
    if (!caseload_count(P, &a[0], &c.watch)) return false;
    if (!tok_is(&a[1], "max")) return unexpected(P, &a[1]);
    if (!caseload_count(P, &a[2], &c.max)) return false;
    if (c.watch > c.max) return fail(P, "caseload %d max %d: the level to watch is above the maximum", c.watch, c.max);
    if (P->ctx == CTX_ROLE)
        P->p->roles[P->p->nroles - 1].caseload = c;
    else
        P->p->caseload = c;
    P->caseload_line = P->line;
    return true;
}

static bool kw_role(Parser *P, const Tok *a, size_t na)
{
    char *id, *label;
    if (!block_head(P, a, na, P->role_ids, "role", &id, &label)) return false;
    Policy *p = P->p;
    xgrow((void **)&p->roles, &P->roles_cap, p->nroles + 1, sizeof *p->roles);
    p->roles[p->nroles++] =
        (Role){.id = id, .label = label, .session_minutes = POLICY_SESSION_DEFAULT, .caseload = p->caseload};
    P->phases_cap = 0;
    P->minutes_line = 0;
    P->caseload_line = 0;
    P->ctx = CTX_ROLE;
    return true;
}

static bool kw_prompts(Parser *P, const Tok *a, size_t na)
{
    char *id, *label;
    if (!block_head(P, a, na, P->prompt_set_ids, "prompt set", &id, &label)) return false;
    Policy *p = P->p;
    xgrow((void **)&p->prompt_sets, &P->prompt_sets_cap, p->nprompt_sets + 1, sizeof *p->prompt_sets);
    p->prompt_sets[p->nprompt_sets++] = (PromptSet){.id = id, .label = label};
    P->ctx = CTX_PROMPTS;
    return true;
}

static bool kw_ask(Parser *P, const Tok *a, size_t na)
{
    PromptSet *ps = &P->p->prompt_sets[P->p->nprompt_sets - 1];
    char block[MAX_ID + 16];
    strfmt(block, sizeof block, "prompt set \"%s\"", ps->id);
    return block_item(P, a, na, "prompt", block, POLICY_PROMPTS_MAX, &ps->items, &ps->nitems);
}

static bool kw_checklist(Parser *P, const Tok *a, size_t na)
{
    Category *c = &P->p->categories[P->p->ncategories - 1];
    char block[MAX_ID + 16];
    strfmt(block, sizeof block, "category \"%s\"", c->id);
    return block_item(P, a, na, "checklist topic", block, POLICY_CHECKLIST_MAX, &c->checklist, &c->nchecklist);
}

/* How often the category's checklist topics must each come up, once. */
static bool kw_checklist_every(Parser *P, const Tok *a, size_t na)
{
    Category *c = &P->p->categories[P->p->ncategories - 1];
    if (c->has_checklist_every) return fail(P, "category \"%s\" has a second \"checklist-every\" line", c->id);
    if (!one_interval(P, a, na, &c->checklist_every)) return false;
    c->has_checklist_every = true;
    return true;
}

/* A whole number of minutes. Minutes get their own keyword because in an
 * interval "m" means calendar months. */
static bool kw_session_minutes(Parser *P, const Tok *a, size_t na)
{
    Role *r = &P->p->roles[P->p->nroles - 1];
    if (na == 0) return usage(P);
    if (na > 1) return unexpected(P, &a[1]);
    if (P->minutes_line)
        return fail(P, "role \"%s\" already has \"session-minutes %d\" (line %zu)", r->id, r->session_minutes,
                    P->minutes_line);
    size_t d = 0;
    while (d < a[0].n && a[0].s[d] >= '0' && a[0].s[d] <= '9') d++;
    if (a[0].quoted || d == 0 || d != a[0].n)
        return fail(P, "session-minutes \"%.*s\": write a whole number of minutes, e.g. session-minutes 90",
                    shown(&a[0]), a[0].s);
    int minutes = 0;
    for (size_t i = 0; i < d && minutes <= POLICY_SESSION_MAX; i++) minutes = minutes * 10 + (a[0].s[i] - '0');
    if (minutes < POLICY_SESSION_MIN || minutes > POLICY_SESSION_MAX)
        return fail(P, "session-minutes \"%.*s\": must be from %d to %d minutes", shown(&a[0]), a[0].s,
                    POLICY_SESSION_MIN, POLICY_SESSION_MAX);
    r->session_minutes = minutes;
    P->minutes_line = P->line;
    return true;
}

static bool kw_category(Parser *P, const Tok *a, size_t na)
{
    char *id, *label;
    if (!block_head(P, a, na, P->category_ids, "category", &id, &label)) return false;
    Policy *p = P->p;
    xgrow((void **)&p->categories, &P->categories_cap, p->ncategories + 1, sizeof *p->categories);
    p->categories[p->ncategories++] = (Category){.id = id, .label = label};
    P->every_line = P->session_line = 0;
    P->ctx = CTX_CATEGORY;
    return true;
}

static bool every_in_category(Parser *P, const Tok *a, size_t na)
{
    Category *c = &P->p->categories[P->p->ncategories - 1];
    if (na > 1) {
        if (tok_is(&a[1], "until") || tok_is(&a[1], "target"))
            return fail(P, "\"%.*s\" is only for roles, not case categories", (int)a[1].n, a[1].s);
        return unexpected(P, &a[1]);
    }
    if (tok_is(&a[0], "session")) {
        if (P->session_line)
            return fail(P, "category \"%s\" already has \"every session\" (line %zu)", c->id, P->session_line);
        c->every_session = true;
        P->session_line = P->line;
        return true;
    }
    if (P->every_line) {
        char e[16];
        interval_format(c->every, e);
        return fail(P, "category \"%s\" already has \"every %s\" (line %zu)", c->id, e, P->every_line);
    }
    if (!get_interval(P, &a[0], &c->every)) return false;
    c->has_every = true;
    P->every_line = P->line;
    return true;
}

static bool every_in_role(Parser *P, const Tok *a, size_t na)
{
    Role *r = &P->p->roles[P->p->nroles - 1];
    Phase ph = {0};
    bool has_target = false;
    Interval target;
    if (tok_is(&a[0], "session"))
        return fail(P, "\"every session\" is only for case categories; a role needs an interval, e.g. every 4w");
    if (!get_interval(P, &a[0], &ph.every)) return false;
    for (size_t i = 1; i < na; i += 2) {
        bool is_until = tok_is(&a[i], "until");
        if (!is_until && !tok_is(&a[i], "target")) return unexpected(P, &a[i]);
        if (is_until ? ph.has_until : has_target)
            return fail(P, "\"%s\" is given twice", is_until ? "until" : "target");
        if (i + 1 == na)
            return fail(P, "\"%s\" needs an interval; usage: %s", is_until ? "until" : "target", P->kw->usage);
        if (!get_interval(P, &a[i + 1], is_until ? &ph.until : &target)) return false;
        if (is_until)
            ph.has_until = true;
        else
            has_target = true;
    }
    char x[16], y[16], dx[48], dy[48];
    if (r->nphases > 0) {
        const Phase *prev = &r->phases[r->nphases - 1];
        if (!prev->has_until)
            return fail(
                P, "a phase after the one on line %zu, which has no \"until\": only the last phase may leave out until",
                P->phase_line);
        if (ph.has_until) {
            interval_format(ph.until, x);
            interval_format(prev->until, y);
            if (always_shorter(ph.until, prev->until, true))
                return fail(P,
                            "\"until %s\" is not later than the previous \"until %s\" (line %zu): "
                            "until is counted from the start date, not from the previous phase",
                            x, y, P->phase_line);
            if (!always_shorter(prev->until, ph.until, false))
                return fail(P,
                            "\"until %s\" (%s) is not always later than the previous \"until %s\" (%s, line %zu); "
                            "write both in the same unit",
                            x, days_text(ph.until, dx), y, days_text(prev->until, dy), P->phase_line);
        }
    }
    if (has_target) {
        if (ph.has_until) return fail(P, "\"target\" is only for the last phase, the one without \"until\"");
        interval_format(target, x);
        interval_format(ph.every, y);
        if (always_shorter(ph.every, target, false))
            return fail(P, "\"target %s\" is looser than \"every %s\": the target must not be longer", x, y);
        if (!always_shorter(target, ph.every, true))
            return fail(P, "\"target %s\" (%s) can be longer than \"every %s\" (%s); write both in the same unit", x,
                        days_text(target, dx), y, days_text(ph.every, dy));
        r->has_target = true;
        r->target = target;
    }
    xgrow((void **)&r->phases, &P->phases_cap, r->nphases + 1, sizeof *r->phases);
    r->phases[r->nphases++] = ph;
    P->phase_line = P->line;
    return true;
}

/* retain KIND never | retain KIND N(d|w|m) after ANCHOR */
static bool kw_retain(Parser *P, const Tok *a, size_t na)
{
    if (na == 0) return usage(P);
    size_t k = 0;
    while (k < RETAIN_KINDS && !tok_is(&a[0], retain_kind_words[k])) k++;
    if (k == RETAIN_KINDS)
        return fail(P, "retain \"%.*s\": the kinds are records and case-discussions", shown(&a[0]), a[0].s);
    Retention *r = &P->p->retain[k];
    if (r->set) return fail(P, "\"retain %s\" is given twice (first on line %zu)", retain_kind_words[k], r->line);
    if (na < 2) return usage(P);
    Retention got = {.set = true, .line = P->line};
    char text[96];
    if (tok_is(&a[1], "never")) {
        if (na > 2) return unexpected(P, &a[2]);
        got.never = true;
        strfmt(text, sizeof text, "retain %s never", retain_kind_words[k]);
    } else {
        if (!get_interval(P, &a[1], &got.period)) return false;
        const char *fits = k == RETAIN_RECORDS ? "leaving or signing" : "closing";
        if (na < 4 || !tok_is(&a[2], "after"))
            return fail(P, "retain %s %.*s: say from when, \"after %s\"", retain_kind_words[k], shown(&a[1]), a[1].s,
                        fits);
        size_t w = 0;
        while (w < NANCHORS && !tok_is(&a[3], retain_anchor_words[w])) w++;
        if (w == NANCHORS || !anchor_fits((RetainKind)k, (RetainAnchor)w))
            return fail(P, "retain %s ... after \"%.*s\": %s are kept from %s", retain_kind_words[k], shown(&a[3]),
                        a[3].s, retain_kind_words[k], fits);
        if (na > 4) return unexpected(P, &a[4]);
        got.after = (RetainAnchor)w;
        char iv[16];
        interval_format(got.period, iv);
        strfmt(text, sizeof text, "retain %s %s after %s", retain_kind_words[k], iv, retain_anchor_words[w]);
    }
    got.text = xstrdup(text);
    *r = got;
    return true;
}

/* audit-sample records|case-files N */
static bool kw_audit_sample(Parser *P, const Tok *a, size_t na)
{
    if (na < 2) return usage(P);
    if (na > 2) return unexpected(P, &a[2]);
    size_t k = tok_is(&a[0], "records") ? 0 : tok_is(&a[0], "case-files") ? 1 : 2;
    if (k == 2) return fail(P, "audit-sample \"%.*s\": the kinds are records and case-files", shown(&a[0]), a[0].s);
    if (P->audit_sample_line[k])
        return fail(P, "\"audit-sample %.*s\" is given twice (first on line %zu)", (int)a[0].n, a[0].s,
                    P->audit_sample_line[k]);
    int v = 0;
    bool digits = !a[1].quoted && a[1].n > 0 && a[1].n <= 3;
    for (size_t i = 0; digits && i < a[1].n; i++) {
        if (a[1].s[i] < '0' || a[1].s[i] > '9') digits = false;
        v = v * 10 + (a[1].s[i] - '0');
    }
    if (!digits || v > POLICY_AUDIT_SAMPLE_MAX)
        return fail(P, "audit-sample %.*s \"%.*s\": a whole number from 0 to %d (per auditor per quarter)", (int)a[0].n,
                    a[0].s, shown(&a[1]), a[1].s, POLICY_AUDIT_SAMPLE_MAX);
    *(k == 0 ? &P->p->audit_records : &P->p->audit_case_files) = v;
    P->audit_sample_line[k] = P->line;
    return true;
}

/* audit-question ID "Text" and audit-grade ID "Label": unique ids, in file
 * order, at most max. */
static bool audit_item(Parser *P, const Tok *a, size_t na, size_t k, const char *what, size_t max, PolicyItem **items,
                       size_t *nitems)
{
    if (na == 0) return usage(P);
    if (!valid_id(&a[0]))
        return fail(P, "bad %s id %s\"%.*s\": ids are 1-%d letters, digits, -, _ or .", what,
                    a[0].quoted ? "(quoted) " : "", shown(&a[0]), a[0].s, MAX_ID);
    if (na == 1) return fail(P, "%s \"%.*s\" has no text; usage: %s", what, (int)a[0].n, a[0].s, P->kw->usage);
    if (!a[1].quoted) return fail(P, "text \"%.*s\" must be in double quotes: %s", shown(&a[1]), a[1].s, P->kw->usage);
    if (a[1].n == 0) return fail(P, "%s \"%.*s\" has empty text", what, (int)a[0].n, a[0].s);
    if (na > 2) return unexpected(P, &a[2]);
    if (*nitems == max) return fail(P, "the policy already has %zu %ss, the most allowed", max, what);
    if (!P->audit_ids[k]) P->audit_ids[k] = strmap_new();
    int64_t old;
    if (!strmap_put(P->audit_ids[k], a[0].s, a[0].n, (int64_t)P->line, &old))
        return fail(P, "%s \"%.*s\" is already defined on line %lld", what, (int)a[0].n, a[0].s, (long long)old);
    xgrow((void **)items, &P->audit_items_cap[k], *nitems + 1, sizeof **items);
    (*items)[(*nitems)++] = (PolicyItem){.id = xstrndup(a[0].s, a[0].n), .text = unquote(&a[1])};
    return true;
}

static bool kw_audit_question(Parser *P, const Tok *a, size_t na)
{
    return audit_item(P, a, na, 0, "audit question", POLICY_AUDIT_QUESTIONS_MAX, &P->p->audit_questions,
                      &P->p->naudit_questions);
}

static bool kw_audit_grade(Parser *P, const Tok *a, size_t na)
{
    return audit_item(P, a, na, 1, "audit grade", POLICY_AUDIT_GRADES_MAX, &P->p->audit_grades, &P->p->naudit_grades);
}

/* The rubric and scale of a policy that gives none: the questions issue
 * 16 and the sources ask of a record (003: reflective, how decisions were
 * reached, the child's voice; 000: departures recorded), and Ofsted's four
 * grades. */
static const char *const default_questions[][2] = {
    {"reflective", "Is the supervision reflective: does it explore the worker's thinking, feelings and analysis?"},
    {"decisions", "Are decisions and their rationale clear?"},
    {"child-voice", "Is the child's voice and lived experience heard?"},
    {"risk", "Are risks identified and addressed?"},
    {"actions", "Are actions specific, with owners and dates, and followed up?"},
    {"departures", "Are departures from procedure recorded and justified?"},
};
static const char *const default_grades[][2] = {
    {"outstanding", "Outstanding"},
    {"good", "Good"},
    {"requires-improvement", "Requires improvement"},
    {"inadequate", "Inadequate"},
};

static void audit_defaults(Policy *p)
{
    if (!p->naudit_questions) {
        size_t n = sizeof default_questions / sizeof default_questions[0];
        p->audit_questions = xcalloc(n, sizeof *p->audit_questions);
        for (size_t i = 0; i < n; i++)
            p->audit_questions[i] =
                (PolicyItem){.id = xstrdup(default_questions[i][0]), .text = xstrdup(default_questions[i][1])};
        p->naudit_questions = n;
    }
    if (!p->naudit_grades) {
        size_t n = sizeof default_grades / sizeof default_grades[0];
        p->audit_grades = xcalloc(n, sizeof *p->audit_grades);
        for (size_t i = 0; i < n; i++)
            p->audit_grades[i] =
                (PolicyItem){.id = xstrdup(default_grades[i][0]), .text = xstrdup(default_grades[i][1])};
        p->naudit_grades = n;
    }
}

static bool kw_every(Parser *P, const Tok *a, size_t na)
{
    if (na == 0) return usage(P);
    return P->ctx == CTX_ROLE ? every_in_role(P, a, na) : every_in_category(P, a, na);
}

/* In this order in "unknown keyword" messages: the settings, what goes in
 * the block at hand, then the lines that start a block. */
static const Keyword keywords[] = {
    {"policy", CTX_TOP, true, kw_policy, "policy \"Name of the policy\""},
    {"due-soon", CTX_TOP, true, kw_due_soon, "due-soon Nd or Nw (e.g. due-soon 7d)"},
    {"part-time", CTX_TOP, true, kw_part_time, "part-time pro-rata or part-time none"},
    {"every-case", CTX_TOP, true, kw_every_case, "every-case N(d|w|m) (e.g. every-case 6m)"},
    {"sign-within", CTX_TOP, true, kw_sign_within, "sign-within N(d|w|m) (e.g. sign-within 7d)"},
    {"agreement-review", CTX_TOP, true, kw_agreement_review, "agreement-review N(d|w|m) (e.g. agreement-review 12m)"},
    {"escalation-response", CTX_TOP, true, kw_escalation_response,
     "escalation-response N(d|w|m) (e.g. escalation-response 10d)"},
    {"workload-response", CTX_TOP, true, kw_workload_response,
     "workload-response N(d|w|m) (e.g. workload-response 5d)"},
    {"caseload", CTX_TOP | CTX_ROLE, false, kw_caseload, "caseload N max M (e.g. caseload 18 max 22)"},
    {"retain", CTX_TOP, false, kw_retain,
     "retain records|case-discussions N(d|w|m) after leaving|signing|closing, or retain KIND never"},
    {"audit-sample", CTX_TOP, false, kw_audit_sample,
     "audit-sample records|case-files N (each auditor's sample a quarter, e.g. audit-sample records 2)"},
    {"audit-question", CTX_TOP, false, kw_audit_question, "audit-question ID \"Question\""},
    {"audit-grade", CTX_TOP, false, kw_audit_grade, "audit-grade ID \"Label\" (best first)"},
    {"every", CTX_ROLE | CTX_CATEGORY, false, kw_every,
     "every N(d|w|m) [until N(d|w|m)] [target N(d|w|m)], or in a category: every session"},
    {"session-minutes", CTX_ROLE, false, kw_session_minutes, "session-minutes N (e.g. session-minutes 90)"},
    {"checklist", CTX_CATEGORY, false, kw_checklist, "checklist ID \"Topic\""},
    {"checklist-every", CTX_CATEGORY, false, kw_checklist_every, "checklist-every N(d|w|m) (e.g. checklist-every 1m)"},
    {"ask", CTX_PROMPTS, false, kw_ask, "ask ID \"Question\""},
    {"role", CTX_ANY, false, kw_role, "role ID \"Label\" (the label is optional)"},
    {"category", CTX_ANY, false, kw_category, "category ID \"Label\" (the label is optional)"},
    {"prompts", CTX_ANY, false, kw_prompts, "prompts ID \"Label\" (the label is optional)"},
};
#define NKEYWORDS (sizeof keywords / sizeof keywords[0])
_Static_assert(NKEYWORDS <= MAX_KEYWORDS, "Parser.seen_line has one slot per keyword");

/* The kinds of block, for messages about where a keyword belongs. */
static const struct {
    unsigned ctx;
    const char *noun, *keyword; /* "prompt set" is started by a "prompts" line */
} blocks[] = {{CTX_ROLE, "role", "role"},
              {CTX_CATEGORY, "category", "category"},
              {CTX_PROMPTS, "prompt set", "prompts"}};
#define NBLOCKS (sizeof blocks / sizeof blocks[0])

/* "role or category" (nouns), or "\"role\" or \"category\"" (the keywords
 * that start them), for the blocks in where. */
static void where_text(Buf *b, unsigned where, bool as_keywords)
{
    size_t n = 0, total = 0;
    for (size_t i = 0; i < NBLOCKS; i++) total += (where & blocks[i].ctx) != 0;
    for (size_t i = 0; i < NBLOCKS; i++) {
        if (!(where & blocks[i].ctx)) continue;
        if (n++) buf_adds(b, n == total ? " or " : ", ");
        if (as_keywords)
            buf_addf(b, "\"%s\"", blocks[i].keyword);
        else
            buf_adds(b, blocks[i].noun);
    }
}

/* The keyword kw is known but not allowed here: say where it goes. */
static bool misplaced(Parser *P, const Keyword *kw)
{
    if (kw->where == CTX_TOP)
        return fail(P, "\"%s\" must come before the first role, category or prompt set", kw->name);
    Buf lines = {0};
    where_text(&lines, kw->where, true);
    if (P->ctx == CTX_TOP) {
        Buf nouns = {0};
        where_text(&nouns, kw->where, false);
        fail(P, "\"%s\" outside a %s: put it under a %s line", kw->name, buf_str(&nouns), buf_str(&lines));
        buf_free(&nouns);
    } else {
        const char *kind = "", *id;
        for (size_t i = 0; i < NBLOCKS; i++)
            if (P->ctx == blocks[i].ctx) kind = blocks[i].noun;
        if (P->ctx == CTX_ROLE)
            id = P->p->roles[P->p->nroles - 1].id;
        else if (P->ctx == CTX_CATEGORY)
            id = P->p->categories[P->p->ncategories - 1].id;
        else
            id = P->p->prompt_sets[P->p->nprompt_sets - 1].id;
        fail(P, "\"%s\" cannot go in %s \"%s\": put it under a %s line", kw->name, kind, id, buf_str(&lines));
    }
    buf_free(&lines);
    return false;
}

static bool parse_line(Parser *P, const char *s, size_t n)
{
    Tok t[MAX_WORDS];
    size_t nt;
    if (!check_bytes(P, s, n) || !tokenize(P, s, n, t, &nt)) return false;
    if (nt == 0) return true;
    if (t[0].quoted) return fail(P, "a line must start with a keyword, not quoted text");
    size_t k = 0;
    while (k < NKEYWORDS && !tok_is(&t[0], keywords[k].name)) k++;
    if (k == NKEYWORDS) { /* name the keywords allowed here */
        Buf names = {0};
        size_t allowed = 0, listed = 0;
        for (size_t i = 0; i < NKEYWORDS; i++) allowed += (keywords[i].where & P->ctx) != 0;
        for (size_t i = 0; i < NKEYWORDS; i++) {
            if (!(keywords[i].where & P->ctx)) continue;
            listed++;
            buf_addf(&names, "%s%s", listed == 1 ? "" : listed == allowed ? " or " : ", ", keywords[i].name);
        }
        fail(P, "unknown keyword \"%.*s\": expected %s", shown(&t[0]), t[0].s, buf_str(&names));
        buf_free(&names);
        return false;
    }
    const Keyword *kw = &keywords[k];
    if (!(kw->where & P->ctx)) return misplaced(P, kw);
    if (kw->once) {
        if (P->seen_line[k]) return fail(P, "\"%s\" is given twice (first on line %zu)", kw->name, P->seen_line[k]);
        P->seen_line[k] = P->line;
    }
    P->kw = kw;
    return kw->handle(P, t + 1, nt - 1);
}

/* The file name without its folders, for a policy without a "policy" line. */
static char *base_name(const char *file)
{
    const char *slash = strrchr(file, '/');
    return xstrdup(slash && slash[1] ? slash + 1 : file);
}

Policy *policy_parse(const char *text, size_t len, const char *filename, char *err, size_t errlen)
{
    Parser P = {.file = filename ? filename : "policy", .err = err, .errlen = errlen, .ctx = CTX_TOP};
    if (err && errlen) err[0] = 0;
    P.p = xcalloc(1, sizeof *P.p);
    P.p->due_soon_days = 7;
    P.p->pro_rata = true;
    P.p->sign_within = (Interval){7, UNIT_DAY};
    P.p->agreement_review = (Interval){12, UNIT_MONTH};
    P.p->escalation_response = (Interval){10, UNIT_DAY};
    P.p->audit_records = POLICY_AUDIT_DEFAULT_RECORDS;
    P.p->audit_case_files = POLICY_AUDIT_DEFAULT_CASE_FILES;
    P.p->workload_response = (Interval){5, UNIT_DAY};
    P.role_ids = strmap_new();
    P.category_ids = strmap_new();
    P.prompt_set_ids = strmap_new();
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) pos = 3; /* editors on Windows add one */
    bool ok = true;
    while (ok && pos < len) {
        P.line++;
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t n = end - pos;
        if (n > 0 && text[pos + n - 1] == '\r') n--; /* CRLF files are fine */
        ok = parse_line(&P, text + pos, n);
        pos = nl ? end + 1 : len;
    }
    if (ok) ok = close_block(&P);
    if (ok && P.p->nroles == 0) ok = fail_at(&P, P.line ? P.line : 1, "no roles: a policy needs at least one \"role\"");
    if (ok && P.p->naudit_grades == 1)
        ok = fail_at(&P, P.line, "one \"audit-grade\": a scale needs at least %d grades", POLICY_AUDIT_GRADES_MIN);
    if (ok) audit_defaults(P.p);
    strmap_free(P.audit_ids[0]);
    strmap_free(P.audit_ids[1]);
    strmap_free(P.role_ids);
    strmap_free(P.category_ids);
    strmap_free(P.prompt_set_ids);
    strmap_free(P.item_ids);
    if (!ok) {
        policy_free(P.p);
        return NULL;
    }
    if (!P.p->name) P.p->name = base_name(P.file);
    return P.p;
}

static void free_items(PolicyItem *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].id);
        free(items[i].text);
    }
    free(items);
}

void policy_free(Policy *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->nroles; i++) {
        free(p->roles[i].id);
        free(p->roles[i].label);
        free(p->roles[i].phases);
    }
    for (size_t i = 0; i < p->ncategories; i++) {
        free(p->categories[i].id);
        free(p->categories[i].label);
        free_items(p->categories[i].checklist, p->categories[i].nchecklist);
    }
    for (size_t i = 0; i < p->nprompt_sets; i++) {
        free(p->prompt_sets[i].id);
        free(p->prompt_sets[i].label);
        free_items(p->prompt_sets[i].items, p->prompt_sets[i].nitems);
    }
    free(p->roles);
    free(p->categories);
    free(p->prompt_sets);
    for (size_t k = 0; k < RETAIN_KINDS; k++) free(p->retain[k].text);
    free_items(p->audit_questions, p->naudit_questions);
    free_items(p->audit_grades, p->naudit_grades);
    free(p->name);
    free(p);
}

const Role *policy_role(const Policy *p, const char *id, size_t n)
{
    for (size_t i = 0; i < p->nroles; i++)
        if (strlen(p->roles[i].id) == n && memcmp(p->roles[i].id, id, n) == 0) return &p->roles[i];
    return NULL;
}

const Category *policy_category(const Policy *p, const char *id, size_t n)
{
    for (size_t i = 0; i < p->ncategories; i++)
        if (strlen(p->categories[i].id) == n && memcmp(p->categories[i].id, id, n) == 0) return &p->categories[i];
    return NULL;
}

const PromptSet *policy_prompt_set(const Policy *p, const char *id, size_t n)
{
    for (size_t i = 0; i < p->nprompt_sets; i++)
        if (strlen(p->prompt_sets[i].id) == n && memcmp(p->prompt_sets[i].id, id, n) == 0) return &p->prompt_sets[i];
    return NULL;
}

static const PolicyItem *find_item(const PolicyItem *items, size_t n, const char *id)
{
    for (size_t i = 0; id && i < n; i++)
        if (strcmp(items[i].id, id) == 0) return &items[i];
    return NULL;
}

const PolicyItem *policy_audit_grade(const Policy *p, const char *id)
{
    return find_item(p->audit_grades, p->naudit_grades, id);
}

const PolicyItem *policy_audit_question(const Policy *p, const char *id)
{
    return find_item(p->audit_questions, p->naudit_questions, id);
}

/* Phase k spans [start + until(k-1), start + until(k)); dates before the
 * start fall in the first phase, so a session booked before someone's start
 * date is still measured by the rule they begin under. */
const Phase *policy_phase_on(const Role *r, Date start, Date t)
{
    for (size_t k = 0; k + 1 < r->nphases; k++)
        if (!r->phases[k].has_until || t < interval_add(start, r->phases[k].until)) return &r->phases[k];
    return &r->phases[r->nphases - 1];
}
