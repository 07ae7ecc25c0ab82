/* test_policy.c: the policy file format (docs/policy.md), the shipped default
 * and national policies against ../contract, phases at their boundaries,
 * the lifecycle settings (timings, session lengths, prompt sets, checklists),
 * and every validation error with its exact FILE:LINE message. */
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "test.h"
#include "core/util.h"

extern const char policy_national_text[];
extern const size_t policy_national_text_len;

static Date ymd(int y, int m, int d) { return date_from_ymd(y, m, d); }

static Interval iv(int n, char unit) { return (Interval){n, (Unit)unit}; }

static bool iv_eq(Interval a, Interval b) { return a.n == b.n && a.unit == b.unit; }

/* Parses text that must be valid; reports the error if not. */
static Policy *parse_ok_at(int line, const char *text)
{
    char err[512];
    Policy *p = policy_parse(text, strlen(text), "t.policy", err, sizeof err);
    if (!test_check(p != NULL)) {
        fprintf(stderr, "  %s:%d: unexpected error: %s\n", __FILE__, line, err);
    }
    return p;
}
#define parse_ok(text) parse_ok_at(__LINE__, (text))

/* Parses text that must fail with exactly the message want. */
static void expect_error_at(int line, const char *file, const char *text, size_t len, const char *want)
{
    char err[512] = "(none)";
    Policy *p = policy_parse(text, len, file, err, sizeof err);
    if (!test_check(!p && strcmp(err, want) == 0)) {
        fprintf(stderr, "  %s:%d: %s\n    got:  %s\n    want: %s\n", __FILE__, line,
                p ? "parsed, want an error" : "wrong message", p ? "(a policy)" : err, want);
    }
    policy_free(p);
}
#define ERR(text, want) expect_error_at(__LINE__, "t.policy", (text), strlen(text), (want))
#define ERR_N(text, len, want) expect_error_at(__LINE__, "t.policy", (text), (len), (want))
#define ERR_FILE(file, text, want) expect_error_at(__LINE__, (file), (text), strlen(text), (want))

/* A role with the given phases and target, checked field by field. */
static void check_role(const Policy *p, const char *id, const char *label, size_t nphases, const Phase *want,
                       bool has_target, Interval target)
{
    const Role *r = policy_role(p, id, strlen(id));
    CHECK(r != NULL);
    if (!r) {
        fprintf(stderr, "    role %s missing\n", id);
        return;
    }
    CHECK_STR(r->id, id);
    CHECK_STR(r->label, label);
    CHECK_INT(r->nphases, nphases);
    for (size_t i = 0; i < nphases && i < r->nphases; i++) {
        CHECK(iv_eq(r->phases[i].every, want[i].every));
        CHECK_INT(r->phases[i].has_until, want[i].has_until);
        if (want[i].has_until) CHECK(iv_eq(r->phases[i].until, want[i].until));
    }
    CHECK_INT(r->has_target, has_target);
    if (has_target) CHECK(iv_eq(r->target, target));
}

static void check_category(const Policy *p, const char *id, bool has_every, Interval every, bool session)
{
    const Category *c = policy_category(p, id, strlen(id));
    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "    category %s missing\n", id);
        return;
    }
    CHECK_INT(c->has_every, has_every);
    if (has_every) CHECK(iv_eq(c->every, every));
    CHECK_INT(c->every_session, session);
}

/* The case categories and every-case rule both shipped policies share. */
static void check_shared_categories(const Policy *p)
{
    Interval none = {0};
    CHECK_INT(p->ncategories, 6);
    check_category(p, "child-protection", true, iv(2, 'm'), false);
    check_category(p, "child-in-need", true, iv(3, 'm'), false);
    check_category(p, "looked-after-stable", true, iv(3, 'm'), false);
    check_category(p, "looked-after", false, none, false);
    check_category(p, "family-placement", false, none, false);
    check_category(p, "residential", false, none, true);
    CHECK(p->has_every_case);
    CHECK(iv_eq(p->every_case, iv(6, 'm')));
    CHECK(p->pro_rata);
    CHECK_INT(p->due_soon_days, 7);
}

/* The lifecycle settings both shipped policies share: timings, the family
 * placement checklist and the three prompt sets. */
static void check_shared_lifecycle(const Policy *p)
{
    CHECK(iv_eq(p->sign_within, iv(7, 'd')));
    CHECK(iv_eq(p->agreement_review, iv(12, 'm')));
    CHECK(iv_eq(p->escalation_response, iv(10, 'd')));
    for (size_t i = 0; i < p->ncategories; i++)
        if (strcmp(p->categories[i].id, "family-placement") != 0) CHECK_INT(p->categories[i].nchecklist, 0);
    const Category *fp = policy_category(p, "family-placement", 16);
    const char *topics[] = {"approval", "incidents", "respite", "household", "finance", "care-plan", "circumstances"};
    CHECK(fp != NULL);
    if (fp) {
        CHECK_INT(fp->nchecklist, 7);
        for (size_t i = 0; i < 7 && i < fp->nchecklist; i++) {
            CHECK_STR(fp->checklist[i].id, topics[i]);
            CHECK(strlen(fp->checklist[i].text) > 10);
        }
        CHECK_STR(fp->checklist[0].text, "Changes to approval, including variations");
    }
    const struct {
        const char *id;
        size_t n;
        const char *first, *last;
    } sets[] = {{"gibbs", 6, "description", "action-plan"},
                {"four-functions", 4, "management", "mediation"},
                {"three-questions", 3, "worries", "next-steps"}};
    CHECK_INT(p->nprompt_sets, 3);
    for (size_t i = 0; i < 3; i++) {
        const PromptSet *ps = policy_prompt_set(p, sets[i].id, strlen(sets[i].id));
        CHECK(ps != NULL);
        if (!ps) continue;
        CHECK(ps == &p->prompt_sets[i]); /* in file order */
        CHECK_INT(ps->nitems, sets[i].n);
        if (ps->nitems != sets[i].n) continue;
        CHECK_STR(ps->items[0].id, sets[i].first);
        CHECK_STR(ps->items[ps->nitems - 1].id, sets[i].last);
        for (size_t k = 0; k < ps->nitems; k++) CHECK(strchr(ps->items[k].text, '?') != NULL); /* questions */
    }
    CHECK_STR(p->prompt_sets[0].label, "Reflective cycle (Gibbs)");
}

static void check_minutes(const Policy *p, const char *id, int want)
{
    const Role *r = policy_role(p, id, strlen(id));
    CHECK(r != NULL);
    if (r && r->session_minutes != want) {
        CHECK_INT(r->session_minutes, want);
        fprintf(stderr, "    role %s\n", id);
    }
}

static void test_default_policy(void)
{
    char err[512] = "";
    CHECK_INT(strlen(policy_default_text), policy_default_text_len);
    Policy *p = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    CHECK_STR(err, "");
    CHECK(p != NULL);
    if (!p) return;
    CHECK_STR(p->name, "Default policy: children's social care");
    CHECK_INT(p->nroles, 7);
    Interval none = {0};
    const Phase nqsw[] = {{iv(1, 'w'), true, iv(6, 'w')}, {iv(2, 'w'), true, iv(52, 'w')}, {iv(4, 'w'), false, none}};
    check_role(p, "nqsw", "Newly qualified social worker", 3, nqsw, false, none);
    const Phase w4[] = {{iv(4, 'w'), false, none}};
    const Phase w6[] = {{iv(6, 'w'), false, none}};
    const Phase m1[] = {{iv(1, 'm'), false, none}};
    check_role(p, "social-worker", "Social worker", 1, w4, true, iv(3, 'w'));
    check_role(p, "senior-practitioner", "Senior practitioner", 1, w4, true, iv(3, 'w'));
    check_role(p, "manager", "Manager", 1, w4, true, iv(3, 'w'));
    check_role(p, "service-manager", "Service manager", 1, w4, false, none);
    check_role(p, "admin", "Admin and other staff", 1, w6, true, iv(3, 'w'));
    check_role(p, "residential", "Residential care staff", 1, m1, false, none);
    check_shared_categories(p);
    check_shared_lifecycle(p);
    /* The borough's 1.5 hours is for practitioners; everyone else has an hour. */
    check_minutes(p, "nqsw", 90);
    check_minutes(p, "social-worker", 90);
    check_minutes(p, "senior-practitioner", 90);
    check_minutes(p, "manager", 60);
    check_minutes(p, "service-manager", 60);
    check_minutes(p, "admin", 60);
    check_minutes(p, "residential", 60);
    CHECK_STR(policy_category(p, "child-protection", 16)->label, "Child protection plan");
    CHECK_STR(policy_category(p, "residential", 11)->label, "Child in a residential home");
    policy_free(p);
}

static void test_national_policy(void)
{
    char err[512] = "";
    CHECK_INT(strlen(policy_national_text), policy_national_text_len);
    Policy *p = policy_parse(policy_national_text, policy_national_text_len, "national.policy", err, sizeof err);
    CHECK_STR(err, "");
    CHECK(p != NULL);
    if (!p) return;
    CHECK_STR(p->name, "National employer standard: social workers in England");
    CHECK_INT(p->nroles, 7);
    Interval none = {0};
    const Phase nqsw[] = {{iv(1, 'w'), true, iv(6, 'w')}, {iv(2, 'w'), true, iv(6, 'm')}, {iv(1, 'm'), false, none}};
    check_role(p, "nqsw", "Newly qualified social worker", 3, nqsw, false, none);
    const Phase m1[] = {{iv(1, 'm'), false, none}};
    const char *others[] = {"social-worker", "senior-practitioner", "manager", "service-manager",
                            "admin",         "residential"};
    for (size_t i = 0; i < 6; i++) {
        const Role *r = policy_role(p, others[i], strlen(others[i]));
        CHECK(r != NULL);
        if (r) check_role(p, others[i], r->label, 1, m1, false, none);
    }
    check_shared_categories(p);
    check_shared_lifecycle(p);
    /* 1.5 hours for the social work roles; admin and residential as in the default. */
    const char *social_work[] = {"nqsw", "social-worker", "senior-practitioner", "manager", "service-manager"};
    for (size_t i = 0; i < 5; i++) check_minutes(p, social_work[i], 90);
    check_minutes(p, "admin", 60);
    check_minutes(p, "residential", 60);
    /* The same ids as the default, so the same data loads under either; the
     * same checklist and prompt wording too. */
    Policy *d = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    CHECK(d != NULL);
    if (d) {
        CHECK_INT(d->nroles, p->nroles);
        for (size_t i = 0; i < d->nroles; i++) CHECK(policy_role(p, d->roles[i].id, strlen(d->roles[i].id)) != NULL);
        for (size_t i = 0; i < d->ncategories; i++) {
            const Category *c = policy_category(p, d->categories[i].id, strlen(d->categories[i].id));
            CHECK(c != NULL);
            if (!c) continue;
            CHECK_INT(c->nchecklist, d->categories[i].nchecklist);
            for (size_t k = 0; k < c->nchecklist && k < d->categories[i].nchecklist; k++)
                CHECK_STR(c->checklist[k].text, d->categories[i].checklist[k].text);
        }
        CHECK_INT(p->nprompt_sets, d->nprompt_sets);
        for (size_t i = 0; i < d->nprompt_sets && i < p->nprompt_sets; i++) {
            CHECK_STR(p->prompt_sets[i].label, d->prompt_sets[i].label);
            CHECK_INT(p->prompt_sets[i].nitems, d->prompt_sets[i].nitems);
            for (size_t k = 0; k < p->prompt_sets[i].nitems && k < d->prompt_sets[i].nitems; k++)
                CHECK_STR(p->prompt_sets[i].items[k].text, d->prompt_sets[i].items[k].text);
        }
    }
    policy_free(d);
    policy_free(p);
}

static Interval every_on(const Role *r, Date start, Date t) { return policy_phase_on(r, start, t)->every; }

static void test_phase_on_boundaries(void)
{
    Policy *p = policy_parse(policy_default_text, policy_default_text_len, "default.policy", NULL, 0);
    CHECK(p != NULL);
    if (!p) return;
    const Role *n = policy_role(p, "nqsw", 4);
    Date s = ymd(2026, 1, 5);
    CHECK(iv_eq(every_on(n, s, s - 400), iv(1, 'w'))); /* long before the start */
    CHECK(iv_eq(every_on(n, s, s - 1), iv(1, 'w')));
    CHECK(iv_eq(every_on(n, s, s), iv(1, 'w')));
    CHECK(iv_eq(every_on(n, s, s + 41), iv(1, 'w'))); /* day before 6w */
    CHECK(iv_eq(every_on(n, s, s + 42), iv(2, 'w'))); /* 6w: the second phase starts */
    CHECK(iv_eq(every_on(n, s, s + 43), iv(2, 'w')));
    CHECK(iv_eq(every_on(n, s, s + 363), iv(2, 'w'))); /* day before 52w */
    CHECK(iv_eq(every_on(n, s, s + 364), iv(4, 'w'))); /* 52w */
    CHECK(iv_eq(every_on(n, s, s + 365), iv(4, 'w')));
    CHECK(iv_eq(every_on(n, s, DATE_MAX), iv(4, 'w')));
    CHECK(policy_phase_on(n, s, s + 42) == &n->phases[1]);
    const Role *sw = policy_role(p, "social-worker", 13);
    CHECK(iv_eq(every_on(sw, s, s - 1), iv(4, 'w')));
    CHECK(iv_eq(every_on(sw, s, s + 10000), iv(4, 'w')));
    policy_free(p);

    /* Month untils follow interval_add: 2025-08-31 + 6m = 2026-02-28. */
    p = policy_parse(policy_national_text, policy_national_text_len, "national.policy", NULL, 0);
    CHECK(p != NULL);
    if (!p) return;
    n = policy_role(p, "nqsw", 4);
    s = ymd(2025, 8, 31);
    CHECK(iv_eq(every_on(n, s, s + 41), iv(1, 'w')));
    CHECK(iv_eq(every_on(n, s, s + 42), iv(2, 'w')));
    CHECK(iv_eq(every_on(n, s, ymd(2026, 2, 27)), iv(2, 'w')));
    CHECK(iv_eq(every_on(n, s, ymd(2026, 2, 28)), iv(1, 'm')));
    CHECK(iv_eq(every_on(n, s, ymd(2026, 3, 1)), iv(1, 'm')));
    policy_free(p);
}

static void test_lookups(void)
{
    Policy *p = parse_ok("role residential\n every 1m\ncategory residential\n every session\n");
    if (!p) return;
    const char buf[] = "residentialXYZ"; /* ids need not be NUL-terminated */
    const Role *r = policy_role(p, buf, 11);
    const Category *c = policy_category(p, buf, 11);
    CHECK(r != NULL && c != NULL);
    CHECK(policy_role(p, buf, 10) == NULL);
    CHECK(policy_role(p, buf, 12) == NULL);
    CHECK(policy_role(p, "Residential", 11) == NULL); /* ids are case-sensitive */
    CHECK(policy_category(p, "x", 1) == NULL);
    CHECK(policy_role(p, "", 0) == NULL);
    policy_free(p);
}

static void test_format_defaults_and_syntax(void)
{
    /* Defaults: name from the file name, due-soon 7, pro-rata, no every-case,
     * labels from ids. */
    char err[256];
    const char *t = "role a\n every 4w\n";
    Policy *p = policy_parse(t, strlen(t), "/etc/oversight/ours.policy", err, sizeof err);
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->name, "ours.policy");
        CHECK_INT(p->due_soon_days, 7);
        CHECK(p->pro_rata);
        CHECK(!p->has_every_case);
        CHECK_STR(p->roles[0].label, "a");
        CHECK(!p->roles[0].has_target);
        CHECK_INT(p->ncategories, 0);
    }
    policy_free(p);

    /* Comments anywhere after whitespace, # inside quotes, escapes, tabs,
     * CRLF, a byte-order mark, no final newline, UTF-8 labels. */
    p = parse_ok("\xEF\xBB\xBF# heading\r\n"
                 "policy \"Ours: \\\"strict\\\" \\\\ #1\" # comment\r\n"
                 "\tdue-soon 2w\t# fortnight\r\n"
                 "part-time none\n"
                 "   \n"
                 "role x.y_Z-9 \"\xC3\x89quipe d'accueil \xE2\x80\x94 \xF0\x9F\x98\x80\"#c\n"
                 "every 4w target 4w\n"
                 "category c\n"
                 "  every 2m\n"
                 "  every session\n"
                 "category d \"No rule\"\n"
                 "role two\n every 3d until 10d\n every 1m");
    if (p) {
        CHECK_STR(p->name, "Ours: \"strict\" \\ #1");
        CHECK_INT(p->due_soon_days, 14);
        CHECK(!p->pro_rata);
        CHECK_INT(p->nroles, 2);
        CHECK_STR(p->roles[0].id, "x.y_Z-9");
        CHECK_STR(p->roles[0].label, "\xC3\x89quipe d'accueil \xE2\x80\x94 \xF0\x9F\x98\x80");
        CHECK(p->roles[0].has_target);
        CHECK(iv_eq(p->roles[0].target, iv(4, 'w')));
        CHECK_INT(p->ncategories, 2);
        check_category(p, "c", true, iv(2, 'm'), true);
        check_category(p, "d", false, iv(0, 'd'), false);
        CHECK_STR(p->categories[1].label, "No rule");
        CHECK_INT(p->roles[1].nphases, 2);
        CHECK(iv_eq(p->roles[1].phases[1].every, iv(1, 'm')));
    }
    policy_free(p);

    /* 64-character ids are fine; due-soon in days. */
    p = parse_ok("due-soon 10d\nevery-case 26w\n"
                 "role aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n every 1d\n");
    if (p) {
        CHECK_INT(p->due_soon_days, 10);
        CHECK(iv_eq(p->every_case, iv(26, 'w')));
        CHECK_INT(strlen(p->roles[0].id), 64);
    }
    policy_free(p);

    /* A 1000-byte line (without its CRLF) is the longest allowed. */
    char line[1100];
    memset(line, 'x', sizeof line);
    line[0] = '#';
    memcpy(line + 1000, "\r\nrole a\n every 1w\n", 20);
    p = parse_ok(line);
    policy_free(p);
}

/* Untils compare exactly in days and weeks, months against months by count,
 * and months against days or weeks only when the order holds on every start
 * date (n months is as short or long as n consecutive calendar months). */
static void test_until_ordering(void)
{
    static const char *ok[] = {
        "role a\n every 1w until 6w\n every 2w until 43d\n every 4w\n",
        "role a\n every 1w until 6w\n every 2w until 6m\n every 1m\n", /* 42 days < 181 */
        "role a\n every 1w until 1m\n every 2w until 2m\n every 4w\n",
        "role a\n every 1w until 27d\n every 2w until 1m\n every 4w\n",     /* 1m is at least 28 days */
        "role a\n every 1w until 1m\n every 2w until 32d\n every 4w\n",     /* 1m is at most 31 days */
        "role a\n every 1w until 2m\n every 2w until 9w\n every 4w\n",      /* 2m: 59 to 62 days */
        "role a\n every 1w until 52w\n every 2w until 12m\n every 4w\n",    /* 364 < 365 */
        "role a\n every 1w until 12m\n every 2w until 367d\n every 4w\n",   /* 12m: 365 to 366 days */
        "role a\n every 1w until 3000w\n every 2w until 700m\n every 4w\n", /* 21000 days < 21303 */
        "role a\n every 1d\n",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        Policy *p = parse_ok(ok[i]);
        if (!p) fprintf(stderr, "    case %zu\n", i);
        policy_free(p);
    }
    ERR("role a\n every 1w until 6w\n every 2w until 4w\n every 4w\n",
        "t.policy:3: \"until 4w\" is not later than the previous \"until 6w\" (line 2): until is counted from "
        "the start date, not from the previous phase");
    ERR("role a\n every 1w until 6w\n every 2w until 42d\n every 4w\n",
        "t.policy:3: \"until 42d\" is not later than the previous \"until 6w\" (line 2): until is counted from "
        "the start date, not from the previous phase");
    ERR("role a\n every 1w until 2m\n every 2w until 2m\n every 4w\n",
        "t.policy:3: \"until 2m\" is not later than the previous \"until 2m\" (line 2): until is counted from "
        "the start date, not from the previous phase");
    ERR("role a\n every 1w until 2m\n every 2w until 8w\n every 4w\n",
        "t.policy:3: \"until 8w\" is not later than the previous \"until 2m\" (line 2): until is counted from "
        "the start date, not from the previous phase");
    ERR("role a\n every 1w until 4w\n every 2w until 1m\n every 4w\n",
        "t.policy:3: \"until 1m\" (28 to 31 days) is not always later than the previous \"until 4w\" (28 days, "
        "line 2); write both in the same unit");
    ERR("role a\n every 1w until 52w\n every 2w until 365d\n every 1w until 12m\n every 4w\n",
        "t.policy:4: \"until 12m\" (365 to 366 days) is not always later than the previous \"until 365d\" "
        "(365 days, line 3); write both in the same unit");
    ERR("role a\n every 1w until 1m\n every 2w until 30d\n every 4w\n",
        "t.policy:3: \"until 30d\" (30 days) is not always later than the previous \"until 1m\" (28 to 31 days, "
        "line 2); write both in the same unit");
}

static void test_structure_errors(void)
{
    /* An unknown keyword is answered with the keywords allowed where it is. */
    ERR("role a\n  every 4w\nfrobnicate 3\n",
        "t.policy:3: unknown keyword \"frobnicate\": expected caseload, every, session-minutes, role, category or prompts");
    ERR("role a\n Every 4w\n",
        "t.policy:2: unknown keyword \"Every\": expected caseload, every, session-minutes, role, category or prompts");
    ERR("frobnicate 3\n",
        "t.policy:1: unknown keyword \"frobnicate\": expected policy, due-soon, part-time, every-case, sign-within, "
        "agreement-review, escalation-response, workload-response, caseload, retain, audit-sample, audit-question, "
        "audit-grade, role, category or prompts");
    ERR("role r\n every 1w\ncategory c\n topic x \"X\"\n",
        "t.policy:4: unknown keyword \"topic\": expected every, checklist, checklist-every, role, category or prompts");
    ERR("prompts p\n question x \"Why?\"\n",
        "t.policy:2: unknown keyword \"question\": expected ask, role, category or prompts");
    ERR("\"role\" a\n", "t.policy:1: a line must start with a keyword, not quoted text");
    ERR("# phases\nevery 4w\nrole a\n every 4w\n",
        "t.policy:2: \"every\" outside a role or category: put it under a \"role\" or \"category\" line");
    ERR("role a\n every 1w\n every 2w\n",
        "t.policy:3: a phase after the one on line 2, which has no \"until\": only the last phase may leave out "
        "until");
    ERR("role a\n every 1w until 6w\nrole b\n every 1w\n",
        "t.policy:2: role \"a\": the last phase has \"until 6w\"; the last phase must have no until, it applies "
        "from then on");
    ERR("role b\n every 1w\nrole a\n every 1w until 6w\n every 2w until 8w\n\n# end\n",
        "t.policy:5: role \"a\": the last phase has \"until 8w\"; the last phase must have no until, it applies "
        "from then on");
    ERR("role a\n every 1w until 6w\ncategory c\n",
        "t.policy:2: role \"a\": the last phase has \"until 6w\"; the last phase must have no until, it applies "
        "from then on");
    ERR("role a \"A\"\nrole b\n every 1w\n", "t.policy:1: role \"a\" has no \"every\" line: a role needs at least one");
    ERR("role b\n every 1w\n\nrole a\n# nothing\n",
        "t.policy:4: role \"a\" has no \"every\" line: a role needs at least one");
    ERR("role a\n every 1w\nrole b\n every 1w\nrole a \"Again\"\n every 2w\n",
        "t.policy:5: role \"a\" is already defined on line 1");
    ERR("role r\n every 1w\ncategory c\ncategory c\n", "t.policy:4: category \"c\" is already defined on line 3");
    ERR("# nothing here\n\n", "t.policy:2: no roles: a policy needs at least one \"role\"");
    ERR("", "t.policy:1: no roles: a policy needs at least one \"role\"");
    ERR("category c\n every 1m\n", "t.policy:2: no roles: a policy needs at least one \"role\"");
    ERR("role a\n every 1w 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n",
        "t.policy:2: too many words: a line holds one setting");
}

static void test_global_key_errors(void)
{
    ERR("due-soon 7d\ndue-soon 5d\nrole a\n every 1w\n", "t.policy:2: \"due-soon\" is given twice (first on line 1)");
    ERR("policy \"A\"\n\npolicy \"B\"\nrole a\n every 1w\n", "t.policy:3: \"policy\" is given twice (first on line 1)");
    ERR("part-time none\npart-time none\n", "t.policy:2: \"part-time\" is given twice (first on line 1)");
    ERR("every-case 6m\nevery-case 3m\n", "t.policy:2: \"every-case\" is given twice (first on line 1)");
    ERR("role a\n every 1w\ndue-soon 7d\n",
        "t.policy:3: \"due-soon\" must come before the first role, category or prompt set");
    ERR("category c\nevery-case 6m\n",
        "t.policy:2: \"every-case\" must come before the first role, category or prompt set");
    ERR("due-soon 1m\n", "t.policy:1: due-soon \"1m\": use days or weeks (d or w)");
    ERR("due-soon\n", "t.policy:1: usage: due-soon Nd or Nw (e.g. due-soon 7d)");
    ERR("due-soon 7d 8d\n", "t.policy:1: unexpected \"8d\"; usage: due-soon Nd or Nw (e.g. due-soon 7d)");
    ERR("part-time half\n", "t.policy:1: part-time \"half\": use pro-rata or none");
    ERR("part-time\n", "t.policy:1: usage: part-time pro-rata or part-time none");
    ERR("every-case 6x\n", "t.policy:1: unknown unit in \"6x\": use d, w or m");
    ERR("policy Ours\n", "t.policy:1: the policy name must be in double quotes: policy \"Name of the policy\"");
    ERR("policy \"\"\n", "t.policy:1: empty policy name");
    ERR("policy \"A\" \"B\"\n", "t.policy:1: unexpected quoted text \"B\"; usage: policy \"Name of the policy\"");
}

static void test_id_and_label_errors(void)
{
    ERR("role nq$sw\n", "t.policy:1: bad role id \"nq$sw\": ids are 1-64 letters, digits, -, _ or .");
    ERR("role aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
        "t.policy:1: bad role id \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": ids are 1-64 letters, "
        "digits, -, _ or .");
    ERR("role \"a\"\n", "t.policy:1: bad role id (quoted) \"a\": ids are 1-64 letters, digits, -, _ or .");
    ERR("role r\n every 1w\ncategory \xC3\xA9t\xC3\xA9\n",
        "t.policy:3: bad category id \"\xC3\xA9t\xC3\xA9\": ids are 1-64 letters, digits, -, _ or .");
    ERR("role\n", "t.policy:1: usage: role ID \"Label\" (the label is optional)");
    ERR("category\n", "t.policy:1: usage: category ID \"Label\" (the label is optional)");
    ERR("role a Social worker\n",
        "t.policy:1: label \"Social\" must be in double quotes: role ID \"Label\" (the label is optional)");
    ERR("role a \"A\" extra\n", "t.policy:1: unexpected \"extra\"; usage: role ID \"Label\" (the label is optional)");
    ERR("role a \"\"\n", "t.policy:1: empty label: leave the label out to use the id");
    ERR("role a \"line\\nbreak\"\n",
        "t.policy:1: unknown escape \"\\n\" in quoted text: use \\\" for a quote and \\\\ for a backslash");
    ERR("role a \"trailing\\", "t.policy:1: a backslash in quoted text must be followed by \" or \\");
    ERR("role a \"Social worker\n every 1w\n",
        "t.policy:1: missing closing quote: quoted text ends at the end of its line");
    ERR("role a \"A\"B\n", "t.policy:1: missing space after the closing quote of \"A\"");
}

static void test_every_errors(void)
{
    ERR("role a\n every 4x\n", "t.policy:2: unknown unit in \"4x\": use d, w or m");
    ERR_FILE("default.policy", "# 1\n# 2\n# 3\n# 4\n# 5\n# 6\n# 7\n# 8\n# 9\n# 10\nrole social-worker\n  every 4x\n",
             "default.policy:12: unknown unit in \"4x\": use d, w or m");
    ERR("role a\n every 4 w\n", "t.policy:2: \"4\" is not an interval: write a number and a unit (d, w or m), e.g. 4w");
    ERR("role a\n every w\n", "t.policy:2: \"w\" is not an interval: write a number and a unit (d, w or m), e.g. 4w");
    ERR("role a\n every monthly\n",
        "t.policy:2: \"monthly\" is not an interval: write a number and a unit (d, w or m), e.g. 4w");
    ERR("role a\n every 4weeks\n", "t.policy:2: unknown unit in \"4weeks\": use d, w or m");
    ERR("role a\n every 0w\n", "t.policy:2: \"0w\": the number must be from 1 to 100000");
    ERR("role a\n every 100001d\n", "t.policy:2: \"100001d\": the number must be from 1 to 100000");
    ERR("role a\n every \"4w\"\n", "t.policy:2: intervals are written without quotes, e.g. 4w, not \"4w\"");
    ERR("role a\n every\n",
        "t.policy:2: usage: every N(d|w|m) [until N(d|w|m)] [target N(d|w|m)], or in a category: every session");
    ERR("role a\n every 4w 3w\n",
        "t.policy:2: unexpected \"3w\"; usage: every N(d|w|m) [until N(d|w|m)] [target N(d|w|m)], or in a "
        "category: every session");
    ERR("role a\n every 1w until\n",
        "t.policy:2: \"until\" needs an interval; usage: every N(d|w|m) [until N(d|w|m)] [target N(d|w|m)], or "
        "in a category: every session");
    ERR("role a\n every 1w until 2w until 3w\n", "t.policy:2: \"until\" is given twice");
    ERR("role a\n every 4w target 3w target 2w\n", "t.policy:2: \"target\" is given twice");
    ERR("role a\n every session\n",
        "t.policy:2: \"every session\" is only for case categories; a role needs an interval, e.g. every 4w");
    ERR("role a\n every 1w until 6w target 1w\n every 4w\n",
        "t.policy:2: \"target\" is only for the last phase, the one without \"until\"");
    ERR("role a\n every 1w until 6w\n every 4w target 5w\n",
        "t.policy:3: \"target 5w\" is looser than \"every 4w\": the target must not be longer");
    ERR("role a\n every 1m target 2m\n",
        "t.policy:2: \"target 2m\" is looser than \"every 1m\": the target must not be longer");
    ERR("role a\n every 4w target 1m\n",
        "t.policy:2: \"target 1m\" (28 to 31 days) can be longer than \"every 4w\" (28 days); write both in the "
        "same unit");
    ERR("role a\n every 4w target 29d\n",
        "t.policy:2: \"target 29d\" is looser than \"every 4w\": the target must not be longer");
    ERR("role r\n every 1w\ncategory c\n every 2m until 6m\n",
        "t.policy:4: \"until\" is only for roles, not case categories");
    ERR("role r\n every 1w\ncategory c\n every 2m target 1m\n",
        "t.policy:4: \"target\" is only for roles, not case categories");
    ERR("role r\n every 1w\ncategory c\n every session now\n",
        "t.policy:4: unexpected \"now\"; usage: every N(d|w|m) [until N(d|w|m)] [target N(d|w|m)], or in a "
        "category: every session");
    ERR("role r\n every 1w\ncategory c\n every 2m\n every session\n every 3m\n",
        "t.policy:6: category \"c\" already has \"every 2m\" (line 4)");
    ERR("role r\n every 1w\ncategory c\n every session\n every session\n",
        "t.policy:5: category \"c\" already has \"every session\" (line 4)");
    /* A target that is not looser is fine, including mixed units that hold on every calendar. */
    Policy *p = parse_ok("role a\n every 1m target 4w\nrole b\n every 4w target 4w\nrole c\n every 2m target 8w\n");
    policy_free(p);
}

/* Without the lifecycle settings a policy keeps working: the defaults the
 * header promises. */
static void test_lifecycle_defaults(void)
{
    Policy *p = parse_ok("role a\n every 4w\ncategory c\n every 2m\n");
    if (!p) return;
    CHECK(iv_eq(p->sign_within, iv(7, 'd')));
    CHECK(iv_eq(p->agreement_review, iv(12, 'm')));
    CHECK(iv_eq(p->escalation_response, iv(10, 'd')));
    CHECK_INT(p->roles[0].session_minutes, POLICY_SESSION_DEFAULT);
    CHECK_INT(POLICY_SESSION_DEFAULT, 90);
    CHECK_INT(p->categories[0].nchecklist, 0);
    CHECK(p->categories[0].checklist == NULL);
    CHECK_INT(p->nprompt_sets, 0);
    CHECK(p->prompt_sets == NULL);
    CHECK(policy_prompt_set(p, "gibbs", 5) == NULL);
    policy_free(p);
}

static void test_lifecycle_keys(void)
{
    Policy *p = parse_ok("sign-within 2w\n"
                         "agreement-review 6m\n"
                         "escalation-response 5d\n"
                         "prompts early \"Before any role\"\n"
                         "  ask one \"First?\"\n"
                         "role a\n"
                         "  session-minutes 15\n"
                         "  every 4w\n"
                         "role b \"B\"\n"
                         "  every 1w until 6w\n"
                         "  every 4w\n"
                         "  session-minutes 480\n"
                         "category c\n"
                         "  checklist approval \"Changes to approval\"\n"
                         "  every 2m\n"
                         "  checklist incidents \"Incidents \\\"and\\\" allegations # not a comment\" # a comment\n"
                         "prompts a \"Same id as a role\"\n"
                         "  ask approval \"Same id as a checklist topic?\"\n"
                         "  ask b \"\xC3\x89valuation?\"\n"
                         "category d\n"
                         "prompts later\n"
                         "  ask one \"Same id as in another set?\"\n");
    if (!p) return;
    CHECK(iv_eq(p->sign_within, iv(2, 'w')));
    CHECK(iv_eq(p->agreement_review, iv(6, 'm')));
    CHECK(iv_eq(p->escalation_response, iv(5, 'd')));
    CHECK_INT(p->nroles, 2);
    CHECK_INT(p->roles[0].session_minutes, 15);
    CHECK_INT(p->roles[1].session_minutes, 480);
    CHECK_INT(p->roles[1].nphases, 2);
    const Category *c = policy_category(p, "c", 1);
    CHECK(c != NULL);
    if (c) {
        CHECK(c->has_every);
        CHECK_INT(c->nchecklist, 2);
        if (c->nchecklist == 2) {
            CHECK_STR(c->checklist[0].id, "approval");
            CHECK_STR(c->checklist[0].text, "Changes to approval");
            CHECK_STR(c->checklist[1].id, "incidents");
            CHECK_STR(c->checklist[1].text, "Incidents \"and\" allegations # not a comment");
        }
    }
    CHECK_INT(policy_category(p, "d", 1)->nchecklist, 0);
    CHECK_INT(p->nprompt_sets, 3);
    const char buf[] = "aXYZ"; /* ids need not be NUL-terminated */
    const PromptSet *a = policy_prompt_set(p, buf, 1);
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(a->label, "Same id as a role");
        CHECK_INT(a->nitems, 2);
        CHECK_STR(a->items[1].id, "b");
        CHECK_STR(a->items[1].text, "\xC3\x89valuation?");
    }
    CHECK(policy_prompt_set(p, buf, 2) == NULL);
    CHECK(policy_prompt_set(p, "A", 1) == NULL);
    const PromptSet *later = policy_prompt_set(p, "later", 5);
    CHECK(later != NULL && strcmp(later->label, "later") == 0); /* label from the id */
    CHECK_STR(p->prompt_sets[0].id, "early");
    policy_free(p);

    /* The largest sets allowed: 20 prompts, 30 checklist topics. */
    Buf t = {0};
    buf_adds(&t, "role r\n every 1w\nprompts big\n");
    for (int i = 1; i <= POLICY_PROMPTS_MAX; i++) buf_addf(&t, " ask q%d \"Question %d?\"\n", i, i);
    buf_adds(&t, "category c\n");
    for (int i = 1; i <= POLICY_CHECKLIST_MAX; i++) buf_addf(&t, " checklist t%d \"Topic %d\"\n", i, i);
    p = parse_ok(buf_str(&t));
    if (p) {
        CHECK_INT(p->prompt_sets[0].nitems, 20);
        CHECK_STR(p->prompt_sets[0].items[19].id, "q20");
        CHECK_INT(p->categories[0].nchecklist, 30);
        CHECK_STR(p->categories[0].checklist[29].text, "Topic 30");
    }
    policy_free(p);
    /* One more of each is refused, on the line that goes over. */
    buf_clear(&t);
    buf_adds(&t, "role r\n every 1w\nprompts big\n");
    for (int i = 1; i <= POLICY_PROMPTS_MAX + 1; i++) buf_addf(&t, " ask q%d \"Question %d?\"\n", i, i);
    ERR(buf_str(&t), "t.policy:24: prompt set \"big\" already has 20 prompts, the most allowed");
    buf_clear(&t);
    buf_adds(&t, "role r\n every 1w\ncategory c\n");
    for (int i = 1; i <= POLICY_CHECKLIST_MAX + 1; i++) buf_addf(&t, " checklist t%d \"Topic %d\"\n", i, i);
    ERR(buf_str(&t), "t.policy:34: category \"c\" already has 30 checklist topics, the most allowed");
    buf_free(&t);
}

static void test_timing_errors(void)
{
    ERR("sign-within 7d\nsign-within 5d\n", "t.policy:2: \"sign-within\" is given twice (first on line 1)");
    ERR("agreement-review 12m\n# again\nagreement-review 1m\n",
        "t.policy:3: \"agreement-review\" is given twice (first on line 1)");
    ERR("escalation-response 10d\nescalation-response 10d\n",
        "t.policy:2: \"escalation-response\" is given twice (first on line 1)");
    ERR("role a\n every 1w\nsign-within 7d\n",
        "t.policy:3: \"sign-within\" must come before the first role, category or prompt set");
    ERR("prompts p\n ask x \"X?\"\nescalation-response 10d\n",
        "t.policy:3: \"escalation-response\" must come before the first role, category or prompt set");
    ERR("sign-within\n", "t.policy:1: usage: sign-within N(d|w|m) (e.g. sign-within 7d)");
    ERR("agreement-review 12m 6m\n",
        "t.policy:1: unexpected \"6m\"; usage: agreement-review N(d|w|m) (e.g. agreement-review 12m)");
    ERR("escalation-response\n", "t.policy:1: usage: escalation-response N(d|w|m) (e.g. escalation-response 10d)");
    ERR("sign-within 7x\n", "t.policy:1: unknown unit in \"7x\": use d, w or m");
    ERR("sign-within week\n",
        "t.policy:1: \"week\" is not an interval: write a number and a unit (d, w or m), e.g. 4w");
    ERR("agreement-review 0m\n", "t.policy:1: \"0m\": the number must be from 1 to 100000");
    ERR("escalation-response \"10d\"\n", "t.policy:1: intervals are written without quotes, e.g. 4w, not \"10d\"");
}

/* Retention periods: by kind, from the date their kind allows, or never;
 * a kind without a line is kept for ever; each expires the day after its
 * period ends (the service, svc/retention.h, purges from then). */
static void test_retention(void)
{
    Policy *p = parse_ok("retain records 72m after leaving\nretain case-discussions never\nrole r\n every 1w\n");
    if (!p) return;
    const Retention *r = &p->retain[RETAIN_RECORDS];
    CHECK(r->set && !r->never && iv_eq(r->period, iv(72, 'm')) && r->after == RETAIN_AFTER_LEAVING);
    CHECK_INT(r->line, 1);
    CHECK_STR(r->text, "retain records 72m after leaving");
    CHECK_STR(p->retain[RETAIN_CASE_DISCUSSIONS].text, "retain case-discussions never");
    Date until = 0;
    CHECK(policy_retain_until(p, RETAIN_RECORDS, ymd(2020, 2, 29), &until));
    CHECK_INT(until, ymd(2026, 2, 28)); /* months clamp as every interval does */
    CHECK(!policy_retain_until(p, RETAIN_CASE_DISCUSSIONS, ymd(2020, 1, 1), &until));
    policy_free(p);
    p = parse_ok("retain records 2w after signing\nrole r\n every 1w\n");
    if (p) {
        CHECK(p->retain[RETAIN_RECORDS].after == RETAIN_AFTER_SIGNING);
        CHECK(!p->retain[RETAIN_CASE_DISCUSSIONS].set);
        CHECK(!policy_retain_until(p, RETAIN_CASE_DISCUSSIONS, ymd(2020, 1, 1), &until));
    }
    policy_free(p);
    /* The shipped policies keep records 6 years after leaving, case discussions 75 years after closing. */
    char err[256];
    p = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->retain[RETAIN_RECORDS].text, "retain records 72m after leaving");
        CHECK_STR(p->retain[RETAIN_CASE_DISCUSSIONS].text, "retain case-discussions 900m after closing");
    }
    policy_free(p);
    p = policy_parse(policy_national_text, policy_national_text_len, "national.policy", err, sizeof err);
    CHECK(p != NULL);
    if (p) CHECK_STR(p->retain[RETAIN_RECORDS].text, "retain records 72m after leaving");
    policy_free(p);

    ERR("retain letters 1m after leaving\n",
        "t.policy:1: retain \"letters\": the kinds are records and case-discussions");
    ERR("retain records 1m after leaving\nretain records never\n",
        "t.policy:2: \"retain records\" is given twice (first on line 1)");
    ERR("retain records 72m\n", "t.policy:1: retain records 72m: say from when, \"after leaving or signing\"");
    ERR("retain records 72m after closing\n",
        "t.policy:1: retain records ... after \"closing\": records are kept from leaving or signing");
    ERR("retain case-discussions 1m after leaving\n",
        "t.policy:1: retain case-discussions ... after \"leaving\": case-discussions are kept from closing");
    ERR("retain records never again\n",
        "t.policy:1: unexpected \"again\"; usage: retain records|case-discussions N(d|w|m) after "
        "leaving|signing|closing, or retain KIND never");
    ERR("retain records 6y after leaving\n", "t.policy:1: unknown unit in \"6y\": use d, w or m");
    ERR("role r\n every 1w\nretain records never\n",
        "t.policy:3: \"retain\" must come before the first role, category or prompt set");
}

static void test_audits(void)
{
    /* An old policy without audit lines is valid, with the shipped defaults. */
    Policy *p = parse_ok("role r\n every 1w\n");
    if (p) {
        CHECK_INT(p->audit_records, 2);
        CHECK_INT(p->audit_case_files, 2);
        CHECK_INT(p->naudit_questions, 6);
        CHECK_INT(p->naudit_grades, 4);
        CHECK_STR(p->audit_questions[0].id, "reflective");
        CHECK_STR(p->audit_grades[0].id, "outstanding");
        CHECK_STR(p->audit_grades[3].text, "Inadequate");
        CHECK(policy_audit_grade(p, "good") == &p->audit_grades[1]);
        CHECK(policy_audit_grade(p, "bad") == NULL);
        CHECK(policy_audit_question(p, "child-voice") == &p->audit_questions[2]);
    }
    policy_free(p);
    p = parse_ok("audit-sample records 5\naudit-sample case-files 0\naudit-question q1 \"Reflective?\"\n"
                 "audit-grade yes \"Met\"\naudit-grade no \"Not met\"\nrole r\n every 1w\n");
    if (p) {
        CHECK_INT(p->audit_records, 5);
        CHECK_INT(p->audit_case_files, 0);
        CHECK_INT(p->naudit_questions, 1);
        CHECK_STR(p->audit_questions[0].text, "Reflective?");
        CHECK_INT(p->naudit_grades, 2);
        CHECK_STR(p->audit_grades[1].id, "no");
    }
    policy_free(p);
    /* The shipped policies carry the rubric as data. */
    char err[256];
    const char *texts[] = {policy_default_text, policy_national_text};
    size_t lens[] = {policy_default_text_len, policy_national_text_len};
    for (int i = 0; i < 2; i++) {
        p = policy_parse(texts[i], lens[i], "shipped.policy", err, sizeof err);
        CHECK(p != NULL);
        if (!p) continue;
        CHECK_INT(p->naudit_questions, 6);
        CHECK_STR(p->audit_questions[5].id, "departures");
        CHECK_STR(p->audit_grades[2].text, "Requires improvement");
        CHECK_INT(p->audit_records, 2);
        policy_free(p);
    }
    ERR("audit-sample letters 2\n", "t.policy:1: audit-sample \"letters\": the kinds are records and case-files");
    ERR("audit-sample records\n",
        "t.policy:1: usage: audit-sample records|case-files N (each auditor's sample a quarter, e.g. audit-sample "
        "records 2)");
    ERR("audit-sample records 51\n",
        "t.policy:1: audit-sample records \"51\": a whole number from 0 to 50 (per auditor per quarter)");
    ERR("audit-sample case-files -1\n",
        "t.policy:1: audit-sample case-files \"-1\": a whole number from 0 to 50 (per auditor per quarter)");
    ERR("audit-sample records 1\naudit-sample records 2\n",
        "t.policy:2: \"audit-sample records\" is given twice (first on line 1)");
    ERR("audit-question q \"A?\"\naudit-question q \"B?\"\n",
        "t.policy:2: audit question \"q\" is already defined on line 1");
    ERR("audit-question q A\n", "t.policy:1: text \"A\" must be in double quotes: audit-question ID \"Question\"");
    ERR("audit-question q\n", "t.policy:1: audit question \"q\" has no text; usage: audit-question ID \"Question\"");
    ERR("audit-grade \"x y\" \"X\"\n",
        "t.policy:1: bad audit grade id (quoted) \"x y\": ids are 1-64 letters, digits, -, _ or .");
    ERR("audit-grade ok \"OK\"\nrole r\n every 1w\n",
        "t.policy:3: one \"audit-grade\": a scale needs at least 2 grades");
    ERR("audit-grade a \"A\"\naudit-grade b \"B\"\naudit-grade c \"C\"\naudit-grade d \"D\"\naudit-grade e \"E\"\n"
        "audit-grade f \"F\"\naudit-grade g \"G\"\naudit-grade h \"H\"\naudit-grade i \"I\"\n",
        "t.policy:9: the policy already has 8 audit grades, the most allowed");
    ERR("role r\n every 1w\naudit-sample records 1\n",
        "t.policy:3: \"audit-sample\" must come before the first role, category or prompt set");
}

/* caseload N max M: at the top for every role, in a role for it; the
 * workload-response time with its default. */
static void test_caseload(void)
{
    Policy *p = parse_ok("caseload 10 max 12\n"
                         "role a\n  every 4w\n"
                         "role b\n  every 4w\n  caseload 18 max 22\n"
                         "role c\n  caseload 5 max 5\n  every 4w\n");
    CHECK(p != NULL);
    if (p) {
        CHECK(p->caseload.set);
        CHECK(p->roles[0].caseload.set);
        CHECK_INT(p->roles[0].caseload.watch, 10);
        CHECK_INT(p->roles[0].caseload.max, 12);
        CHECK_INT(p->roles[1].caseload.watch, 18);
        CHECK_INT(p->roles[1].caseload.max, 22);
        CHECK_INT(p->roles[2].caseload.watch, 5);
        CHECK_INT(p->workload_response.n, 5); /* the default */
        CHECK_INT(p->workload_response.unit, UNIT_DAY);
        policy_free(p);
    }
    p = parse_ok("workload-response 2w\nrole a\n  every 4w\n");
    CHECK(p != NULL);
    if (p) {
        CHECK(!p->roles[0].caseload.set); /* none given: counted, not judged */
        CHECK_INT(p->workload_response.n, 2);
        CHECK_INT(p->workload_response.unit, UNIT_WEEK);
        policy_free(p);
    }
    const char *usage = "caseload N max M (e.g. caseload 18 max 22)";
    char want[256];
    ERR("role a\n every 1w\n caseload 18\n", strfmt(want, sizeof want, "t.policy:3: usage: %s", usage));
    ERR("role a\n every 1w\n caseload 18 22\n", strfmt(want, sizeof want, "t.policy:3: usage: %s", usage));
    ERR("role a\n every 1w\n caseload 18 up 22\n",
        strfmt(want, sizeof want, "t.policy:3: unexpected \"up\"; usage: %s", usage));
    ERR("role a\n every 1w\n caseload 18 max 22 24\n",
        strfmt(want, sizeof want, "t.policy:3: unexpected \"24\"; usage: %s", usage));
    ERR("role a\n every 1w\n caseload 25 max 22\n",
        "t.policy:3: caseload 25 max 22: the level to watch is above the maximum");
    ERR("role a\n every 1w\n caseload 0 max 22\n",
        "t.policy:3: caseload \"0\": write a whole number of cases from 1 to 999, e.g. caseload 18 max 22");
    ERR("role a\n every 1w\n caseload 18 max 1000\n",
        "t.policy:3: caseload \"1000\": write a whole number of cases from 1 to 999, e.g. caseload 18 max 22");
    ERR("role a\n every 1w\n caseload 1.5 max 22\n",
        "t.policy:3: caseload \"1.5\": write a whole number of cases from 1 to 999, e.g. caseload 18 max 22");
    ERR("role a\n every 1w\n caseload \"18\" max 22\n",
        "t.policy:3: caseload \"18\": write a whole number of cases from 1 to 999, e.g. caseload 18 max 22");
    ERR("role a\n every 1w\n caseload 18 max 22\n caseload 10 max 12\n",
        "t.policy:4: \"caseload\" is given twice here (first on line 3)");
    ERR("caseload 18 max 22\ncaseload 10 max 12\nrole a\n every 1w\n",
        "t.policy:2: \"caseload\" is given twice here (first on line 1)");
    ERR("role a\n every 1w\ncategory c\n caseload 10 max 12\n",
        "t.policy:4: \"caseload\" cannot go in category \"c\": put it under a \"role\" line");
    ERR("workload-response 5x\nrole a\n every 1w\n", "t.policy:1: unknown unit in \"5x\": use d, w or m");
    ERR("role a\n every 1w\nworkload-response 5d\n",
        "t.policy:3: \"workload-response\" must come before the first role, category or prompt set");
}

static void test_session_minutes_errors(void)
{
    const char *usage = "session-minutes N (e.g. session-minutes 90)";
    char want[256];
    ERR("role a\n every 1w\n session-minutes 14\n",
        "t.policy:3: session-minutes \"14\": must be from 15 to 480 minutes");
    ERR("role a\n every 1w\n session-minutes 481\n",
        "t.policy:3: session-minutes \"481\": must be from 15 to 480 minutes");
    ERR("role a\n every 1w\n session-minutes 0\n", "t.policy:3: session-minutes \"0\": must be from 15 to 480 minutes");
    ERR("role a\n every 1w\n session-minutes 99999999999999999999999\n",
        "t.policy:3: session-minutes \"99999999999999999999999\": must be from 15 to 480 minutes");
    ERR("role a\n every 1w\n session-minutes 1.5\n",
        "t.policy:3: session-minutes \"1.5\": write a whole number of minutes, e.g. session-minutes 90");
    ERR("role a\n every 1w\n session-minutes 90m\n",
        "t.policy:3: session-minutes \"90m\": write a whole number of minutes, e.g. session-minutes 90");
    ERR("role a\n every 1w\n session-minutes -90\n",
        "t.policy:3: session-minutes \"-90\": write a whole number of minutes, e.g. session-minutes 90");
    ERR("role a\n every 1w\n session-minutes \"90\"\n",
        "t.policy:3: session-minutes \"90\": write a whole number of minutes, e.g. session-minutes 90");
    ERR("role a\n session-minutes 90\n every 1w\n session-minutes 60\n",
        "t.policy:4: role \"a\" already has \"session-minutes 90\" (line 2)");
    ERR("role a\n every 1w\n session-minutes\n", strfmt(want, sizeof want, "t.policy:3: usage: %s", usage));
    ERR("role a\n every 1w\n session-minutes 90 60\n",
        strfmt(want, sizeof want, "t.policy:3: unexpected \"60\"; usage: %s", usage));
    /* Each role has its own; a second role may set it again. */
    Policy *p = parse_ok("role a\n every 1w\n session-minutes 60\nrole b\n every 1w\n session-minutes 60\n");
    policy_free(p);
}

/* Keywords in the wrong kind of block name the block and where they go. */
static void test_misplaced_keywords(void)
{
    ERR("role a\n every 1w\n checklist approval \"Changes to approval\"\n",
        "t.policy:3: \"checklist\" cannot go in role \"a\": put it under a \"category\" line");
    ERR("role a\n every 1w\n ask x \"Why?\"\n",
        "t.policy:3: \"ask\" cannot go in role \"a\": put it under a \"prompts\" line");
    ERR("role r\n every 1w\ncategory c\n session-minutes 90\n",
        "t.policy:4: \"session-minutes\" cannot go in category \"c\": put it under a \"role\" line");
    ERR("role r\n every 1w\ncategory c\n ask x \"Why?\"\n",
        "t.policy:4: \"ask\" cannot go in category \"c\": put it under a \"prompts\" line");
    ERR("prompts p\n ask x \"Why?\"\n every 4w\n",
        "t.policy:3: \"every\" cannot go in prompt set \"p\": put it under a \"role\" or \"category\" line");
    ERR("prompts p\n ask x \"Why?\"\n checklist y \"Y\"\n",
        "t.policy:3: \"checklist\" cannot go in prompt set \"p\": put it under a \"category\" line");
    ERR("prompts p\n session-minutes 90\n",
        "t.policy:2: \"session-minutes\" cannot go in prompt set \"p\": put it under a \"role\" line");
    ERR("ask x \"Why?\"\n", "t.policy:1: \"ask\" outside a prompt set: put it under a \"prompts\" line");
    ERR("checklist x \"X\"\n", "t.policy:1: \"checklist\" outside a category: put it under a \"category\" line");
    ERR("session-minutes 90\n", "t.policy:1: \"session-minutes\" outside a role: put it under a \"role\" line");
}

static void test_prompt_set_errors(void)
{
    ERR("prompts a \"A\"\n ask x \"X?\"\nrole r\n every 1w\nprompts a \"Again\"\n ask y \"Y?\"\n",
        "t.policy:5: prompt set \"a\" is already defined on line 1");
    ERR("prompts a\n ask why \"Why?\"\n ask how \"How?\"\n ask why \"Why again?\"\n",
        "t.policy:4: prompt \"why\" is already in prompt set \"a\" (line 2)");
    ERR("prompts a \"Empty\"\nrole r\n every 1w\n",
        "t.policy:1: prompt set \"a\" has no \"ask\" line: a prompt set needs at least one");
    ERR("role r\n every 1w\nprompts a\n ask x \"X?\"\nprompts b\n# nothing\n\n",
        "t.policy:5: prompt set \"b\" has no \"ask\" line: a prompt set needs at least one");
    ERR("prompts\n", "t.policy:1: usage: prompts ID \"Label\" (the label is optional)");
    ERR("prompts a$b\n", "t.policy:1: bad prompt set id \"a$b\": ids are 1-64 letters, digits, -, _ or .");
    ERR("prompts \"a\"\n", "t.policy:1: bad prompt set id (quoted) \"a\": ids are 1-64 letters, digits, -, _ or .");
    ERR("prompts a Reflective\n",
        "t.policy:1: label \"Reflective\" must be in double quotes: prompts ID \"Label\" (the label is optional)");
    ERR("prompts a \"\"\n", "t.policy:1: empty label: leave the label out to use the id");
    ERR("prompts a\n ask\n", "t.policy:2: usage: ask ID \"Question\"");
    ERR("prompts a\n ask why\n", "t.policy:2: prompt \"why\" has no text; usage: ask ID \"Question\"");
    ERR("prompts a\n ask why Why?\n", "t.policy:2: text \"Why?\" must be in double quotes: ask ID \"Question\"");
    ERR("prompts a\n ask why \"\"\n", "t.policy:2: prompt \"why\" has empty text");
    ERR("prompts a\n ask why \"Why?\" \"How?\"\n",
        "t.policy:2: unexpected quoted text \"How?\"; usage: ask ID \"Question\"");
    ERR("prompts a\n ask \"Why?\"\n",
        "t.policy:2: bad prompt id (quoted) \"Why?\": ids are 1-64 letters, digits, -, _ or .");
    ERR("prompts a\n ask wh/y \"Why?\"\n",
        "t.policy:2: bad prompt id \"wh/y\": ids are 1-64 letters, digits, -, _ or .");
    /* A policy of prompt sets alone still needs a role. */
    ERR("prompts a\n ask x \"X?\"\n", "t.policy:2: no roles: a policy needs at least one \"role\"");
}

static void test_checklist_errors(void)
{
    ERR("role r\n every 1w\ncategory c\n checklist finance \"Money\"\n checklist respite \"Respite\"\n"
        " checklist finance \"Money again\"\n",
        "t.policy:6: checklist topic \"finance\" is already in category \"c\" (line 4)");
    ERR("role r\n every 1w\ncategory c\n checklist\n", "t.policy:4: usage: checklist ID \"Topic\"");
    ERR("role r\n every 1w\ncategory c\n checklist finance\n",
        "t.policy:4: checklist topic \"finance\" has no text; usage: checklist ID \"Topic\"");
    ERR("role r\n every 1w\ncategory c\n checklist finance Money\n",
        "t.policy:4: text \"Money\" must be in double quotes: checklist ID \"Topic\"");
    ERR("role r\n every 1w\ncategory c\n checklist finance \"\"\n",
        "t.policy:4: checklist topic \"finance\" has empty text");
    ERR("role r\n every 1w\ncategory c\n checklist a,b \"Two\"\n",
        "t.policy:4: bad checklist topic id \"a,b\": ids are 1-64 letters, digits, -, _ or .");
    /* Ids are unique within their category, not across categories. */
    Policy *p = parse_ok("role r\n every 1w\ncategory c\n checklist x \"X\"\ncategory d\n checklist x \"X\"\n");
    policy_free(p);
    /* How often each topic comes up: once per category, an interval. */
    ERR("role r\n every 1w\ncategory c\n checklist x \"X\"\n checklist-every 1m\n checklist-every 2w\n",
        "t.policy:6: category \"c\" has a second \"checklist-every\" line");
    ERR("role r\n every 1w\ncategory c\n checklist-every\n",
        "t.policy:4: usage: checklist-every N(d|w|m) (e.g. checklist-every 1m)");
    ERR("role r\n every 1w\ncategory c\n checklist-every monthly\n",
        "t.policy:4: \"monthly\" is not an interval: write a number and a unit (d, w or m), e.g. 4w");
    ERR("role r\n every 1w\n checklist-every 1m\n",
        "t.policy:3: \"checklist-every\" cannot go in role \"r\": put it under a \"category\" line");
    p = parse_ok("role r\n every 1w\ncategory c\n checklist-every 1m\n checklist x \"X\"\n");
    CHECK(p->categories[0].has_checklist_every && p->categories[0].checklist_every.n == 1 &&
          p->categories[0].checklist_every.unit == UNIT_MONTH);
    policy_free(p);
}

static void test_byte_errors(void)
{
    ERR_N("role a\n every 1w\0\n", 17, "t.policy:2: NUL byte at column 10");
    ERR("role a \"\xFF\"\n", "t.policy:1: not UTF-8: byte 0xFF at column 9");
    ERR("# ok\nrole a \"caf\xE9\"\n", "t.policy:2: not UTF-8: byte 0xE9 at column 12");   /* Latin-1 */
    ERR("role a \"\xC0\xAF\"\n", "t.policy:1: not UTF-8: byte 0xC0 at column 9");         /* overlong */
    ERR("role a \"\xED\xA0\x80\"\n", "t.policy:1: not UTF-8: byte 0xED at column 9");     /* surrogate */
    ERR("role a \"\xF4\x90\x80\x80\"\n", "t.policy:1: not UTF-8: byte 0xF4 at column 9"); /* > U+10FFFF */
    ERR("role a \"\xE2\x80\"\n", "t.policy:1: not UTF-8: byte 0xE2 at column 9");         /* cut short */
    ERR("role a\n every 1w\x01\n", "t.policy:2: control character 0x01 at column 10");
    ERR("role a\r\r\n every 1w\n", "t.policy:1: control character 0x0D at column 7");
    char line[1100];
    memset(line, 'x', sizeof line);
    line[0] = '#';
    memcpy(line + 1001, "\nrole a\n every 1w\n", 19);
    ERR(line, "t.policy:1: line is longer than 1000 bytes");
}

static void test_error_buffer(void)
{
    /* A NULL or short error buffer is safe; a short one is truncated and terminated. */
    const char *bad = "role a\n every 4x\n";
    CHECK(policy_parse(bad, strlen(bad), "t.policy", NULL, 0) == NULL);
    char small[12];
    memset(small, '!', sizeof small);
    CHECK(policy_parse(bad, strlen(bad), "t.policy", small, sizeof small) == NULL);
    CHECK_STR(small, "t.policy:2:");
    /* Success clears the buffer. */
    char err[64] = "stale";
    Policy *p = policy_parse("role a\n every 1w\n", 17, "t.policy", err, sizeof err);
    CHECK(p != NULL);
    CHECK_STR(err, "");
    policy_free(p);
    policy_free(NULL);
}

int main(void)
{
    RUN(test_default_policy);
    RUN(test_national_policy);
    RUN(test_phase_on_boundaries);
    RUN(test_lookups);
    RUN(test_format_defaults_and_syntax);
    RUN(test_until_ordering);
    RUN(test_structure_errors);
    RUN(test_global_key_errors);
    RUN(test_audits);
    RUN(test_id_and_label_errors);
    RUN(test_every_errors);
    RUN(test_lifecycle_defaults);
    RUN(test_lifecycle_keys);
    RUN(test_timing_errors);
    RUN(test_retention);
    RUN(test_session_minutes_errors);
    RUN(test_caseload);
    RUN(test_misplaced_keywords);
    RUN(test_prompt_set_errors);
    RUN(test_checklist_errors);
    RUN(test_byte_errors);
    RUN(test_error_buffer);
    TEST_DONE();
}
