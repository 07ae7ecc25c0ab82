/* fuzz_policy.c: the policy parser (core/policy.h) on any bytes, from
 * memory. It either gives a policy, which is freed, or none and a message
 * that names the file and line, never both or neither. */
#include <string.h>

#include "core/policy.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512] = "(untouched)";
    Policy *p = policy_parse((const char *)data, size, "fuzz.policy", err, sizeof err);
    FUZZ_ASSERT(memchr(err, 0, sizeof err) != NULL);
    if (p) {
        policy_free(p);
    } else {
        FUZZ_ASSERT(strncmp(err, "fuzz.policy:", 12) == 0);
    }
    return 0;
}
