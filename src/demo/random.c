/* random.c: seeding and shuffling for the demo's generator (random.h). */
#include "demo/random.h"

void rng_seed(Rng *r, uint64_t seed, uint64_t stream, uint64_t purpose)
{
    uint64_t x = seed * 0x9E3779B97F4A7C15ull + stream * 0xD1B54A32D192ED03ull + purpose * 0x8CB92BA72F3D8DD7ull;
    for (int i = 0; i < 4; i++) r->s[i] = rng_splitmix64(&x);
    r->one = false;
}

void rng_seed_one(Rng *r, uint64_t state) { *r = (Rng){.s = {state}, .one = true}; }

void rng_shuffle(Rng *r, int32_t *idx, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = rng_below(r, (uint32_t)i);
        int32_t t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
}
