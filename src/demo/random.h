/* random.h: the demo's one source of chance.
 *
 * The same seed gives the same draws on any machine: 64-bit integer
 * arithmetic only, no floating point, no clock, no system generator. One
 * type and one set of draws over two generators, chosen when seeded:
 *   - rng_seed: xoshiro256**, seeded through splitmix64, in independent
 *     streams per (seed, stream, purpose). The council (demo.c) gives each
 *     team its own streams, so a team's draws do not depend on how many
 *     draws other teams made, and a team can be replayed.
 *   - rng_seed_one: splitmix64 on its own, one stream for a whole run. The
 *     supervision plan and its playing share it, in that order.
 * Both are kept so that a seed still makes the demo it always made. */
#ifndef OV_DEMO_RANDOM_H
#define OV_DEMO_RANDOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t s[4];
    bool one; /* splitmix64 on s[0], not xoshiro256** */
} Rng;

/* xoshiro256** for (seed, stream, purpose). */
void rng_seed(Rng *r, uint64_t seed, uint64_t stream, uint64_t purpose);
/* splitmix64 from state. */
void rng_seed_one(Rng *r, uint64_t state);

/* splitmix64: the next value of the sequence at *x (which it moves on). */
static inline uint64_t rng_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline uint64_t rng_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* The next 64 random bits. Inline: the council draws millions of times. */
static inline uint64_t rng_next(Rng *r)
{
    if (r->one) return rng_splitmix64(&r->s[0]);
    uint64_t *s = r->s;
    const uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rng_rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n), 0 when n is 0, by multiply-and-shift: exact integer
 * arithmetic, and the bias (n / 2^32) does not matter for demo data. */
static inline uint32_t rng_below(Rng *r, uint32_t n) { return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32); }

/* Uniform in [lo, hi]; lo, without a draw, when hi <= lo. */
static inline int32_t rng_range(Rng *r, int32_t lo, int32_t hi)
{
    return hi <= lo ? lo : lo + (int32_t)rng_below(r, (uint32_t)(hi - lo) + 1);
}

/* True with probability permille / 1000. */
static inline bool rng_permille(Rng *r, uint32_t permille) { return rng_below(r, 1000) < permille; }

/* Puts idx[0..n) in a random order (Fisher-Yates). */
void rng_shuffle(Rng *r, int32_t *idx, size_t n);

#endif
