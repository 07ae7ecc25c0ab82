/* fuzz_note.c: the readers of core/note.h on any bytes: a signed note
 * opened with a known key, a checkpoint, a verifier key. A note that opens
 * has a text that is note text; a checkpoint read writes back to the same
 * lines; a key read writes back to the same string. */
#include <string.h>

#include "core/note.h"
#include "fuzz.h"

#define VKEY "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    static NoteVerifier key;
    static bool have_key;
    char why[200];
    if (!have_key) FUZZ_ASSERT(have_key = note_verifier_parse(VKEY, &key, why, sizeof why));

    size_t text_len = 0;
    bool signed_by = false;
    NoteResult r = note_open(s, size, &key, 1, &text_len, &signed_by, why, sizeof why);
    FUZZ_ASSERT(r == NOTE_OK || r == NOTE_MALFORMED || r == NOTE_UNVERIFIED || r == NOTE_BAD_SIGNATURE);
    FUZZ_ASSERT((r == NOTE_OK) == signed_by);
    if (r == NOTE_OK) FUZZ_ASSERT(text_len < size && note_text_ok(s, text_len));

    Checkpoint c;
    if (checkpoint_parse(s, size, &c, why, sizeof why)) {
        Buf back = {0};
        checkpoint_text(&c, &back);
        FUZZ_ASSERT(back.len <= size && memcmp(back.data, s, back.len) == 0);
        buf_free(&back);
    }

    char *text = xstrndup(s, size);
    NoteVerifier v;
    if (strlen(text) == size && note_verifier_parse(text, &v, why, sizeof why)) {
        Buf back = {0};
        note_verifier_text(&v, &back);
        FUZZ_ASSERT(strcmp(buf_str(&back), text) == 0);
        buf_free(&back);
    }
    free(text);
    return 0;
}
