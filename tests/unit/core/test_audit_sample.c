/* audit_sample: the quarter's audit sample is a function of its inputs
 * (the same seed draws the same sample, another seed another), never holds
 * a confidential candidate, never gives an auditor what they are a party
 * to, and gives each auditor at most their share, with no candidate twice. */
#include <string.h>

#include "core/audit_sample.h"
#include "test.h"

#define N 40

static void candidates(SampleCandidate *c)
{
    for (int i = 0; i < N; i++)
        c[i] = (SampleCandidate){.ref = 100 + i, .party = {1000 + i % 5, 2000 + i % 3, 0}, .confidential = i % 7 == 0};
}

static const SampleAuditor auditors[] = {{1, 1000}, {2, 2001}, {3, 0}};

static void test_deterministic(void)
{
    SampleCandidate c[N];
    candidates(c);
    SamplePick a[N], b[N], d[N];
    size_t na = audit_sample_draw(42, c, N, auditors, 3, 4, a);
    size_t nb = audit_sample_draw(42, c, N, auditors, 3, 4, b);
    size_t nd = audit_sample_draw(43, c, N, auditors, 3, 4, d);
    CHECK_INT(na, 12);
    CHECK_INT(nb, na);
    CHECK(memcmp(a, b, na * sizeof *a) == 0);
    CHECK_INT(nd, 12);
    CHECK(memcmp(a, d, na * sizeof *a) != 0); /* another seed, another sample */
}

static void test_rules(void)
{
    SampleCandidate c[N];
    candidates(c);
    for (uint64_t seed = 1; seed < 200; seed++) {
        SamplePick p[N];
        size_t n = audit_sample_draw(seed, c, N, auditors, 3, 3, p);
        size_t per[3] = {0};
        bool seen[N] = {false}, ok = n == 9;
        for (size_t i = 0; i < n; i++) {
            const SampleCandidate *x = &c[p[i].candidate];
            const SampleAuditor *au = &auditors[p[i].auditor];
            ok = ok && !x->confidential && !seen[p[i].candidate];
            for (int k = 0; k < AUDIT_SAMPLE_PARTIES; k++) ok = ok && !(au->staff_ref && x->party[k] == au->staff_ref);
            seen[p[i].candidate] = true;
            per[p[i].auditor]++;
        }
        ok = ok && per[0] == 3 && per[1] == 3 && per[2] == 3;
        if (!ok) fprintf(stderr, "    seed %llu\n", (unsigned long long)seed);
        CHECK(ok);
        if (!ok) break;
    }
}

static void test_short_supply(void)
{
    /* Fewer eligible than asked for: everyone eligible is drawn once, dealt round by round. */
    SampleCandidate c[5] = {{.ref = 1}, {.ref = 2, .confidential = true}, {.ref = 3}, {.ref = 4}, {.ref = 5}};
    SamplePick p[5];
    size_t n = audit_sample_draw(7, c, 5, auditors, 3, 10, p);
    CHECK_INT(n, 4);
    for (size_t i = 0; i < n; i++) CHECK(c[p[i].candidate].ref != 2);
    CHECK_INT(p[0].auditor, 0);
    CHECK_INT(p[1].auditor, 1);
    CHECK_INT(p[2].auditor, 2);
    CHECK_INT(p[3].auditor, 0);
    /* All confidential, no auditors, or a share of 0: nothing. */
    for (int i = 0; i < 5; i++) c[i].confidential = true;
    CHECK_INT(audit_sample_draw(7, c, 5, auditors, 3, 2, p), 0);
    c[0].confidential = false;
    CHECK_INT(audit_sample_draw(7, c, 5, auditors, 0, 2, p), 0);
    CHECK_INT(audit_sample_draw(7, c, 5, auditors, 3, 0, p), 0);
}

static void test_quarter(void)
{
    char f[11], l[11];
    CHECK(audit_quarter_parse("2026-Q4", f, l));
    CHECK_STR(f, "2026-10-01");
    CHECK_STR(l, "2026-12-31");
    CHECK(audit_quarter_parse("2027-Q1", f, l));
    CHECK_STR(f, "2027-01-01");
    CHECK_STR(l, "2027-03-31");
    CHECK(!audit_quarter_parse("2026-Q5", f, l));
    CHECK(!audit_quarter_parse("2026Q4", f, l));
    CHECK(!audit_quarter_parse("26-Q4", f, l));
    CHECK(!audit_quarter_parse("2026-q4", f, l));
    CHECK(!audit_quarter_parse(NULL, f, l));
}

int main(void)
{
    RUN(test_deterministic);
    RUN(test_rules);
    RUN(test_short_supply);
    RUN(test_quarter);
    TEST_DONE();
}
