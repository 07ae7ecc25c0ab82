/* audit_sample.c: the draw of audit_sample.h. */
#include "core/audit_sample.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* splitmix64: small, well mixed, and the same on every platform. */
static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* A uniform integer below n (n >= 1), by rejection so that no value is
 * favoured. */
static size_t below(uint64_t *s, size_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do x = next(s);
    while (x >= limit);
    return (size_t)(x % n);
}

static bool party_to(const SampleCandidate *c, const SampleAuditor *a)
{
    for (int i = 0; i < AUDIT_SAMPLE_PARTIES; i++)
        if (a->staff_ref && c->party[i] == a->staff_ref) return true;
    return false;
}

size_t audit_sample_draw(uint64_t seed, const SampleCandidate *cand, size_t ncand, const SampleAuditor *aud,
                         size_t naud, size_t per_auditor, SamplePick *out)
{
    if (!ncand || !naud || !per_auditor) return 0;
    size_t *order = xcalloc(ncand, sizeof *order);
    bool *taken = xcalloc(ncand, sizeof *taken);
    size_t n = 0;
    for (size_t i = 0; i < ncand; i++)
        if (!cand[i].confidential) order[n++] = i;
    uint64_t s = seed;
    for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
        size_t j = below(&s, i);
        size_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    size_t picked = 0;
    for (size_t round = 0; round < per_auditor; round++) {
        bool any = false;
        for (size_t a = 0; a < naud; a++)
            for (size_t k = 0; k < n; k++) {
                if (taken[k] || party_to(&cand[order[k]], &aud[a])) continue;
                taken[k] = true;
                out[picked++] = (SamplePick){.candidate = order[k], .auditor = a};
                any = true;
                break;
            }
        if (!any) break;
    }
    free(order);
    free(taken);
    return picked;
}

bool audit_quarter_parse(const char *s, char first[11], char last[11])
{
    if (!s || strlen(s) != 7 || s[4] != '-' || s[5] != 'Q' || s[6] < '1' || s[6] > '4') return false;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        y = y * 10 + (s[i] - '0');
    }
    if (y < 1900 || y > 2099) return false;
    int q = s[6] - '0';
    static const char *const ends[] = {"03-31", "06-30", "09-30", "12-31"};
    strfmt(first, 11, "%04d-%02d-01", y, 3 * q - 2);
    strfmt(last, 11, "%04d-%s", y, ends[q - 1]);
    return true;
}
