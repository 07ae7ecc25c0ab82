/* fuzz_bundle.c: a person's copy (format/bundle.h) read from any bytes and,
 * when it reads, checked (format/bundle_check.h) with its own key and
 * against itself as the earlier copy. What reads writes back to bytes that
 * read to the same copy (the same bytes again); the check's answer agrees
 * with its count of failures, and every verdict has words. */
#include <string.h>

#include "format/bundle.h"
#include "format/bundle_check.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Bundle b;
    char why[300];
    if (!bundle_parse((const char *)data, size, &b, why, sizeof why)) {
        FUZZ_ASSERT(why[0]);
        return 0;
    }
    Buf once = {0}, twice = {0};
    bool wrote = bundle_write(&b, &once);
    if (wrote) {
        Bundle again;
        FUZZ_ASSERT(bundle_parse(once.data, once.len, &again, why, sizeof why));
        FUZZ_ASSERT(bundle_write(&again, &twice));
        FUZZ_ASSERT(once.len == twice.len && memcmp(once.data, twice.data, once.len) == 0);
        bundle_free(&again);
    }

    BundleCheckOptions o = {.since_copy = &b};
    BundleReport r;
    bool ok = bundle_check(&b, &o, &r);
    FUZZ_ASSERT(ok == (r.failures == 0));
    FUZZ_ASSERT(!ok || wrote); /* a copy that verifies has a digest, so it can be written */
    for (size_t i = 0; i < r.n; i++) FUZZ_ASSERT(r.v[i].text && r.v[i].text[0]);
    bundle_report_free(&r);
    buf_free(&once);
    buf_free(&twice);
    bundle_free(&b);
    return 0;
}
