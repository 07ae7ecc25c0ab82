/* log_bench.c: the record log's figures at scale (bench/log.sh).
 *
 *   log_bench DB N
 *
 * Appends N entries to the record log of a new database DB (a SQLite path
 * or a postgresql:// URI) in transactions of 10,000, printing the rate per
 * tenth of the way so a growing cost would show; then, at N leaves:
 *   - one logged write per transaction, beside a transaction writing one
 *     row (the ratio is what logging adds to a write's commit);
 *   - inclusion and consistency proofs: time to make one from the stored
 *     tree, and its size;
 *   - the time to check one (what `oversight verify` does per entry).
 * Figures are medians; printed as "name value unit" lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/merkle.h"
#include "format/record_entry.h"
#include "store/store.h"
#include "svc/record_log.h"

#define BATCH 10000
#define SAMPLES 501

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return v[n / 2];
}

static void die(const char *what, Store *st)
{
    fprintf(stderr, "log_bench: %s: %s\n", what, st ? store_error(st) : "");
    exit(1);
}

static bool append_one(Store *st, int64_t i)
{
    uint8_t of[ENTRY_HASH_SIZE];
    memset(of, (int)(i & 0xff), sizeof of);
    Entry e = {.type = ENTRY_SIGNED, .at = 1800000000 + i, .record = i + 1, .version = 1, .of = of};
    SvcError err = {0};
    return record_log_append(st, &e, NULL, NULL, NULL, &err);
}

/* A random index below n (n < 2^62). */
static uint64_t below(uint64_t n)
{
    uint64_t r = ((uint64_t)rand() << 31) ^ (uint64_t)rand();
    return r % n;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: log_bench DB N\n", stderr);
        return 2;
    }
    long long n = atoll(argv[2]);
    Store *st = NULL;
    char err[512];
    if (store_open(argv[1], true, &st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "log_bench: %s\n", err);
        return 1;
    }
    if (store_migrate(st) != STORE_OK) die("migrate", st);
    store_fast_commits(st);
    srand(1);

    double t0 = now_s(), tenth = now_s();
    long long step = n / 10 > 0 ? n / 10 : 1;
    for (long long i = 0; i < n; i += BATCH) {
        if (store_begin(st) != STORE_OK) die("begin", st);
        for (long long j = i; j < i + BATCH && j < n; j++)
            if (!append_one(st, j)) die("append", st);
        if (store_commit(st) != STORE_OK) die("commit", st);
        long long done = i + BATCH < n ? i + BATCH : n;
        if (done % step == 0 || done == n) {
            double t = now_s();
            printf("appended %lld leaves_per_s_last_tenth %.0f\n", done, (double)step / (t - tenth));
            fflush(stdout);
            tenth = t;
        }
    }
    printf("append_total_s %.1f\n", now_s() - t0);

    /* One write per transaction, durable, beside a one-row write. */
    store_close(st);
    if (store_open(argv[1], false, &st, err, sizeof err) != STORE_OK) die(err, NULL);
    double logged[SAMPLES], plain[SAMPLES];
    for (int k = 0; k < SAMPLES; k++) {
        double a = now_s();
        if (store_begin(st) != STORE_OK || !append_one(st, n + k) || store_commit(st) != STORE_OK)
            die("logged write", st);
        double b = now_s();
        /* A row of a level the tree does not reach at this size. */
        Param p[] = {P_INT(60), P_INT(k), P_STR("0000000000000000000000000000000000000000000000000000000000000000")};
        if (store_begin(st) != STORE_OK || store_exec(st, STMT_LOG_NODE_ADD, p, 3, NULL) != STORE_OK ||
            store_commit(st) != STORE_OK)
            die("plain write", st);
        double c = now_s();
        logged[k] = b - a;
        plain[k] = c - b;
    }
    double ml = median(logged, SAMPLES), mp = median(plain, SAMPLES);
    printf("logged_write_ms %.3f\none_row_write_ms %.3f\nlogged_over_one_row %.2f\n", ml * 1e3, mp * 1e3, ml / mp);

    int64_t size = 0;
    if (record_log_size(st, &size) != 0) die("size", st);
    double mk[SAMPLES], ck[SAMPLES];
    size_t hashes = 0;
    char why[256];
    uint8_t root[MERKLE_HASH_SIZE];
    double r0 = now_s();
    if (record_log_root(st, (uint64_t)size, root, why, sizeof why) != MERKLE_OK) die(why, NULL);
    printf("size %lld\nroot_ms %.3f\n", (long long)size, (now_s() - r0) * 1e3);
    MerkleProof *proof = malloc(sizeof *proof);
    for (int k = 0; k < SAMPLES; k++) {
        uint64_t idx = below((uint64_t)size);
        double a = now_s();
        if (record_log_inclusion(st, idx, (uint64_t)size, proof, why, sizeof why) != MERKLE_OK) die(why, NULL);
        double b = now_s();
        uint8_t h[ENTRY_HASH_SIZE];
        if (record_log_entry_hash(st, (int64_t)idx, h) != 1) die("entry hash", st);
        uint8_t leaf[MERKLE_HASH_SIZE];
        const uint8_t *pp[MERKLE_PROOF_MAX];
        for (size_t i = 0; i < proof->n; i++) pp[i] = proof->hash[i];
        double c = now_s();
        merkle_leaf_hash(h, sizeof h, leaf);
        if (merkle_verify_inclusion(idx, (uint64_t)size, leaf, sizeof leaf, pp, NULL, proof->n, root, sizeof root) !=
            MERKLE_OK)
            die("inclusion does not verify", NULL);
        double d = now_s();
        mk[k] = b - a;
        ck[k] = d - c;
        hashes = proof->n;
    }
    printf("inclusion_proof_make_ms %.3f\ninclusion_proof_hashes %zu\ninclusion_proof_bytes %zu\n"
           "inclusion_verify_us %.2f\n",
           median(mk, SAMPLES) * 1e3, hashes, hashes * 32, median(ck, SAMPLES) * 1e6);
    size_t most = 0;
    for (int k = 0; k < SAMPLES; k++) {
        uint64_t old = 1 + below((uint64_t)size - 1);
        uint8_t r1[MERKLE_HASH_SIZE];
        if (record_log_root(st, old, r1, why, sizeof why) != MERKLE_OK) die(why, NULL);
        double a = now_s();
        if (record_log_consistency(st, old, (uint64_t)size, proof, why, sizeof why) != MERKLE_OK) die(why, NULL);
        double b = now_s();
        const uint8_t *pp[MERKLE_PROOF_MAX];
        for (size_t i = 0; i < proof->n; i++) pp[i] = proof->hash[i];
        if (merkle_verify_consistency(old, (uint64_t)size, r1, sizeof r1, root, sizeof root, pp, NULL, proof->n) !=
            MERKLE_OK)
            die("consistency does not verify", NULL);
        double c = now_s();
        mk[k] = b - a;
        ck[k] = c - b;
        if (proof->n > most) most = proof->n;
    }
    printf("consistency_proof_make_ms %.3f\nconsistency_proof_hashes_max %zu\nconsistency_verify_us %.2f\n",
           median(mk, SAMPLES) * 1e3, most, median(ck, SAMPLES) * 1e6);
    free(proof);
    store_close(st);
    return 0;
}
