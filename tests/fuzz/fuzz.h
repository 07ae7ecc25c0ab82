/* fuzz.h: what the fuzz drivers share. Each tests/fuzz/fuzz_NAME.c defines
 * LLVMFuzzerTestOneInput (libFuzzer's convention) and is built two ways:
 * `make fuzz` links it with libFuzzer (clang) and runs it on the seeds in
 * tests/fuzz/corpus/NAME/; `make unit` links it with replay.c, which feeds
 * it every seed once, so tests/run.sh checks that the drivers still build
 * and that no seed fails, plain and under the sanitizers.
 *
 * A driver checks what must hold for any input with FUZZ_ASSERT: a broken
 * promise aborts, and the fuzzer keeps the input that caused it. */
#ifndef OV_FUZZ_H
#define OV_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                                  \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: FUZZ_ASSERT(%s) failed\n", __FILE__, __LINE__, #cond); \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

#endif
