/* test_note.c: signed notes and checkpoints. The known answer is the
 * example of Go's golang.org/x/mod/sumdb/note documentation (its key pair,
 * text and signature): Ed25519 signatures are deterministic, so ours must
 * be the same bytes, which is what lets other tools verify our
 * checkpoints. */
#include <sodium.h>

#include "core/note.h"
#include "core/util.h"
#include "test.h"

#define VKEY "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
#define SKEY "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
#define TEXT                                                     \
    "If you think cryptography is the answer to your problem,\n" \
    "then you don't know what your problem is.\n"
#define SIGNED                                                                                                         \
    TEXT                                                                                                               \
        "\n"                                                                                                           \
        "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6" \
        "RyyBwJnAM=\n"

static void test_known_answer(void)
{
    NoteSigner s;
    char why[200] = "";
    CHECK(note_signer_parse(SKEY, &s, why, sizeof why));
    CHECK_STR(why, "");
    Buf b = {0};
    note_verifier_text(&s.verifier, &b);
    CHECK_STR(buf_str(&b), VKEY);
    buf_clear(&b);
    note_signer_text(&s, &b);
    CHECK_STR(buf_str(&b), SKEY);
    buf_clear(&b);
    const NoteSigner *signers[] = {&s};
    note_sign(TEXT, strlen(TEXT), signers, 1, &b);
    CHECK_STR(buf_str(&b), SIGNED);
    note_signer_wipe(&s);
    buf_free(&b);

    NoteVerifier v;
    CHECK(note_verifier_parse(VKEY, &v, why, sizeof why));
    size_t text_len = 99;
    bool signed_by = false;
    CHECK_INT(note_open(SIGNED, strlen(SIGNED), &v, 1, &text_len, &signed_by, why, sizeof why), NOTE_OK);
    CHECK_INT(text_len, strlen(TEXT));
    CHECK(signed_by);
}

static NoteResult open_note(const char *note, const NoteVerifier *v, char *why, size_t why_size)
{
    size_t text_len;
    return note_open(note, strlen(note), v, 1, &text_len, NULL, why, why_size);
}

/* A changed letter of the text, or of the signature, is a bad signature;
 * a note signed by no key we know is unverified; malformed notes are said
 * to be. */
static void test_open_refuses(void)
{
    NoteVerifier v, other;
    char why[200];
    CHECK(note_verifier_parse(VKEY, &v, why, sizeof why));
    uint8_t seed[32] = {1};
    NoteSigner s2;
    CHECK(note_signer_from_seed("someone.else", seed, &s2));
    other = s2.verifier;

    char *changed = xstrdup(SIGNED);
    changed[3] = 'Y';
    CHECK_INT(open_note(changed, &v, why, sizeof why), NOTE_BAD_SIGNATURE);
    CHECK_HAS(why, "PeterNeumann");
    free(changed);
    /* One bit of every byte of the signature line's base64, in turn. */
    size_t at = strlen(TEXT) + 1 + strlen("\xE2\x80\x94 PeterNeumann ");
    int accepted = 0;
    for (size_t i = at; i < strlen(SIGNED) - 1; i++) {
        changed = xstrdup(SIGNED);
        changed[i] ^= 1;
        if (open_note(changed, &v, why, sizeof why) == NOTE_OK) accepted++;
        free(changed);
    }
    CHECK_INT(accepted, 0);

    CHECK_INT(open_note(SIGNED, &other, why, sizeof why), NOTE_UNVERIFIED);
    static const char *const malformed[] = {
        TEXT "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6"
             "KE6RyyBwJnAM=\n", /* no blank line */
        TEXT "\n",              /* no signature */
        TEXT "\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6"
             "RyyBwJnAM=\n", /* a hyphen, not an em dash */
        "a\tb\n\n\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotp"
        "RZb6KE6RyyBwJnAM=\n", /* a control character */
        TEXT "\n\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotp"
             "RZb6KE6RyyBwJnAM=", /* no final newline */
        TEXT "\n\xE2\x80\x94 PeterNeumann !!!!\n",
        "\xff\n\n\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotp"
        "RZb6KE6RyyBwJnAM=\n", /* not UTF-8 */
    };
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
        if (!test_check(open_note(malformed[i], &v, why, sizeof why) == NOTE_MALFORMED))
            fprintf(stderr, "  malformed note %zu was not refused as malformed\n", i);
    /* A NUL in a signature line's name. */
    static const char nul_name[] =
        TEXT "\n\xE2\x80\x94 PeterNeumann\0x x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1"
             "FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    size_t text_len;
    CHECK_INT(note_open(nul_name, sizeof nul_name - 1, &v, 1, &text_len, NULL, why, sizeof why), NOTE_MALFORMED);
    /* The same signature twice. */
    Buf twice = {0};
    buf_adds(&twice, SIGNED);
    buf_adds(&twice, strstr(SIGNED, "\xE2\x80\x94"));
    CHECK_INT(open_note(buf_str(&twice), &v, why, sizeof why), NOTE_MALFORMED);
    buf_free(&twice);
    note_signer_wipe(&s2);
}

/* Every part of a key string cut short, and every character changed, is
 * refused (as Go's own test of its verifier keys does). */
static void test_key_manglings(void)
{
    NoteVerifier v;
    char why[200];
    const char *key = VKEY;
    size_t n = strlen(key);
    int accepted = 0;
    char part[sizeof VKEY];
    for (size_t i = 0; i <= n; i++)
        for (size_t j = i + 1; j <= n; j++) {
            if (i == 0 && j == n) continue;
            strfmt(part, sizeof part, "%.*s", (int)(j - i), key + i);
            if (note_verifier_parse(part, &v, why, sizeof why)) accepted++;
        }
    for (size_t i = 0; i < n; i++) {
        strfmt(part, sizeof part, "%s", key);
        part[i]++;
        if (note_verifier_parse(part, &v, why, sizeof why)) accepted++;
    }
    CHECK_INT(accepted, 0);
    /* Upper-case hex, another key type, and a signer's ID that does not match. */
    CHECK(!note_verifier_parse("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &v, why,
                               sizeof why));
    CHECK(!note_verifier_parse("PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &v, why,
                               sizeof why));
    NoteSigner s;
    CHECK(!note_signer_parse("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", &s, why,
                             sizeof why));
    CHECK_HAS(why, "ID does not match");
    CHECK(!note_name_ok("two words"));
    CHECK(!note_name_ok("a+b"));
    CHECK(!note_name_ok(""));
    CHECK(!note_name_ok("no\xC2\xA0"
                        "break"));
    CHECK(note_name_ok("oversight.example-council.gov.uk/supervision"));
    CHECK(note_name_ok("Cyngor-Gwynedd/goruchwyliaeth-\xC3\xA2"));
}

/* A checkpoint signed by two keys (a key being rotated) opens with either;
 * its text reads back as written; malformed checkpoints are said to be. */
static void test_checkpoint(void)
{
    uint8_t seed1[32], seed2[32];
    for (int i = 0; i < 32; i++) seed1[i] = (uint8_t)i, seed2[i] = (uint8_t)(255 - i);
    NoteSigner a, b;
    CHECK(note_signer_from_seed("example.gov.uk/supervision", seed1, &a));
    CHECK(note_signer_from_seed("example.gov.uk/supervision-2027", seed2, &b));
    Checkpoint c = {.size = 20000000};
    strfmt(c.origin, sizeof c.origin, "example.gov.uk/supervision");
    for (int i = 0; i < 32; i++) c.root[i] = (uint8_t)(i * 3);
    Buf text = {0}, note = {0};
    checkpoint_text(&c, &text);
    CHECK(note_text_ok(text.data, text.len));
    const NoteSigner *both[] = {&a, &b};
    note_sign(text.data, text.len, both, 2, &note);
    char why[200];
    for (int k = 0; k < 2; k++) {
        size_t text_len = 0;
        CHECK_INT(note_open(note.data, note.len, &both[k]->verifier, 1, &text_len, NULL, why, sizeof why), NOTE_OK);
        CHECK_INT(text_len, text.len);
        Checkpoint back;
        CHECK(checkpoint_parse(note.data, text_len, &back, why, sizeof why));
        CHECK_STR(back.origin, c.origin);
        CHECK_INT(back.size, c.size);
        CHECK(memcmp(back.root, c.root, 32) == 0);
    }
    Checkpoint back;
    static const char *const bad[] = {
        "origin\n020\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",                  /* leading zero */
        "origin\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",                   /* not a number */
        "origin\n18446744073709551616\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", /* too big */
        "origin\n20\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n",                   /* 31 bytes */
        "origin\n20\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\n",                   /* stray bits */
        "origin\n20\nAAAAAAAAAAAAAAAAAAAAAAAA\x88\xd7"
        "AAAAAAAAAAAAAAAAA=\n",                                          /* not base64, which libsodium took */
        "origin\n20\n",                                                  /* no root */
        "two words\n20\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", /* a space */
        "\n20\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",          /* no origin */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (!test_check(!checkpoint_parse(bad[i], strlen(bad[i]), &back, why, sizeof why)))
            fprintf(stderr, "  bad checkpoint %zu was read\n", i);
    static const char nul[] = "orig\0in\n20\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    CHECK(!checkpoint_parse(nul, sizeof nul - 1, &back, why, sizeof why));
    const char *zero = "origin\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nextension line\n";
    CHECK(checkpoint_parse(zero, strlen(zero), &back, why, sizeof why));
    CHECK_INT(back.size, 0);
    buf_free(&text);
    buf_free(&note);
    note_signer_wipe(&a);
    note_signer_wipe(&b);
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    RUN(test_known_answer);
    RUN(test_open_refuses);
    RUN(test_key_manglings);
    RUN(test_checkpoint);
    TEST_DONE();
}
