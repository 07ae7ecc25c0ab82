/* audit_sample.h: drawing a quarter's quality audit sample, pure.
 *
 * Given the candidates (supervision records or case files, in a stable
 * order the caller reads them in), the auditors (in a stable order) and a
 * seed, the draw is a function of those alone: the same inputs give the
 * same sample, so a stored draw (seed and the candidates' count) can be
 * checked by drawing again. Confidential candidates are never drawn, and no
 * auditor is given a candidate they are a party to (their own record, their
 * own case, one of their supervisees'... as the caller lists parties). */
#ifndef OV_AUDIT_SAMPLE_H
#define OV_AUDIT_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIT_SAMPLE_PARTIES 3

typedef struct {
    int64_t ref;
    int64_t party[AUDIT_SAMPLE_PARTIES]; /* staff refs an auditor must not be (0: none) */
    bool confidential;                   /* never drawn */
} SampleCandidate;

typedef struct {
    int64_t user_ref;
    int64_t staff_ref; /* 0 when the auditor's account has no staff record */
} SampleAuditor;

typedef struct {
    size_t candidate; /* index into the candidates */
    size_t auditor;   /* index into the auditors */
} SamplePick;

/* Shuffles the eligible candidates with a generator seeded by seed
 * (splitmix64), then deals them out round by round: each auditor in turn
 * takes the next candidate they are not a party to, until each has
 * per_auditor or none is left. out holds ncand picks at most; returns how
 * many were written, in dealing order. */
size_t audit_sample_draw(uint64_t seed, const SampleCandidate *cand, size_t ncand, const SampleAuditor *aud,
                         size_t naud, size_t per_auditor, SamplePick *out);

/* A quarter, "2026-Q4": its first and last day as YYYY-MM-DD. false when
 * the text is not one (year 1900-2099, quarter 1-4). */
bool audit_quarter_parse(const char *s, char first[11], char last[11]);

#endif
