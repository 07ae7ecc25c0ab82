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

#include <stdbool.h>
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

/* Whether s (n bytes) is the text the server lets through to a page:
 * UTF-8 (RFC 3629's table, written here apart from web/http.c) without
 * NUL or another control character but tab, CR and LF. */
static inline bool fuzz_clean_text(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        if (c < 0x20) {
            if (c != '\t' && c != '\r' && c != '\n') return false;
            i++;
            continue;
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (!len || i + len > n) return false;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}

#endif
