/* Two-factor codes: RFC 6238's SHA-1 test vectors, the window, replays,
 * malformed codes, the otpauth URI and the QR code; the secrets' sealing
 * (svc/sealed.h: the key file, purposes, tampering, rotation) and the
 * modes of the files that hold them. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "svc/sealed.h"
#include "svc/totp.h"

static char folder[] = "/tmp/test_totp.XXXXXX";

/* The mode bits of path, or -1 when it is not there. */
static int mode_of(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (int)(sb.st_mode & 0777) : -1;
}

/* RFC 6238 Appendix B: the ASCII secret "12345678901234567890". */
static const char *const rfc_secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

static void test_rfc6238_vectors(void)
{
    static const struct {
        int64_t t;
        const char *code8; /* the RFC's 8 digits; ours are the last 6 */
    } v[] = {{59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
             {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char code[TOTP_DIGITS + 1];
        CHECK(totp_code(rfc_secret, v[i].t, code));
        CHECK_STR(code, v[i].code8 + 2);
        int64_t step = 0;
        CHECK(totp_verify(rfc_secret, v[i].code8 + 2, v[i].t, 0, &step));
        CHECK_INT(step, v[i].t / 30);
    }
}

static void test_window_and_replay(void)
{
    const int64_t t = 1234567890;
    char code[TOTP_DIGITS + 1];
    int64_t step = 0;
    CHECK(totp_code(rfc_secret, t, code));
    CHECK(totp_verify(rfc_secret, code, t + 30, 0, &step)); /* a step late */
    CHECK_INT(step, t / 30);
    CHECK(totp_verify(rfc_secret, code, t - 30, 0, &step));  /* a step early */
    CHECK(!totp_verify(rfc_secret, code, t + 60, 0, &step)); /* two steps: too late */
    CHECK(!totp_verify(rfc_secret, code, t - 60, 0, &step));
    CHECK(!totp_verify(rfc_secret, code, t, t / 30, &step));    /* used already */
    CHECK(totp_verify(rfc_secret, code, t, t / 30 - 1, &step)); /* an earlier step was used */
}

static void test_malformed(void)
{
    int64_t step;
    char code[TOTP_DIGITS + 1], spaced[16];
    CHECK(totp_code(rfc_secret, 59, code));
    snprintf(spaced, sizeof spaced, "%.3s %.3s", code, code + 3);
    CHECK(totp_verify(rfc_secret, spaced, 59, 0, &step)); /* as apps show it */
    CHECK(!totp_verify(rfc_secret, "", 59, 0, &step));
    CHECK(!totp_verify(rfc_secret, "28708", 59, 0, &step));
    CHECK(!totp_verify(rfc_secret, "2870822", 59, 0, &step));
    CHECK(!totp_verify(rfc_secret, "28708a", 59, 0, &step));
    CHECK(!totp_verify("not base32!", "287082", 59, 0, &step));
    CHECK(!totp_code("not base32!", 59, code));
}

static void test_secrets(void)
{
    char a[TOTP_SECRET_CHARS + 1], b[TOTP_SECRET_CHARS + 1], code[TOTP_DIGITS + 1];
    totp_new_secret(a);
    totp_new_secret(b);
    CHECK_INT(strlen(a), TOTP_SECRET_CHARS);
    CHECK(strcmp(a, b) != 0);
    CHECK(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == TOTP_SECRET_CHARS);
    CHECK(totp_code(a, 1000000, code)); /* decodes */
}

static void test_uri_and_qr(void)
{
    Buf b = {0};
    totp_uri(&b, "Oversight", "jo smith:x@y", rfc_secret);
    CHECK_STR(buf_str(&b), "otpauth://totp/Oversight:jo%20smith%3Ax%40y?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                           "&issuer=Oversight&algorithm=SHA1&digits=6&period=30");
    Buf svg = {0};
    CHECK(totp_qr_svg(&svg, buf_str(&b)));
    CHECK(strncmp(buf_str(&svg), "<svg ", 5) == 0);
    CHECK(strstr(buf_str(&svg), "<title") != NULL);
    CHECK(strstr(buf_str(&svg), "<path fill=\"#000\" d=\"M") != NULL);
    CHECK(strcmp(buf_str(&svg) + svg.len - 6, "</svg>") == 0);
    buf_free(&b);
    buf_free(&svg);
}

static void test_sealing(void)
{
    char key[128], err[256], sealed[SEALED_MAX], clear[64];
    strfmt(key, sizeof key, "%s/db.key", folder);
    sealed_use_key_file(NULL);
    CHECK(!sealed_seal("totp 1", "SECRET", sealed, err, sizeof err));
    CHECK_HAS(err, "OVERSIGHT_SECRET_KEY");
    /* The key file is made on first need, for its owner alone, whatever the umask. */
    mode_t old = umask(0);
    sealed_use_key_file(key);
    CHECK(sealed_seal("totp 1", "JBSWY3DPEHPK3PXP", sealed, err, sizeof err));
    umask(old);
    CHECK_INT(mode_of(key), 0600);
    CHECK(sealed_is_sealed(sealed) && sealed_is_current(sealed));
    CHECK(strstr(sealed, "JBSWY3DPEHPK3PXP") == NULL);
    CHECK_INT(sealed_open("totp 1", sealed, clear, sizeof clear, err, sizeof err), 1);
    CHECK_STR(clear, "JBSWY3DPEHPK3PXP");
    /* Sealed for one purpose, it opens for no other. */
    CHECK_INT(sealed_open("totp 2", sealed, clear, sizeof clear, err, sizeof err), 0);
    CHECK_STR(clear, "");
    CHECK_INT(sealed_open("totp 11", sealed, clear, sizeof clear, err, sizeof err), 0);
    /* A changed byte does not open. */
    char bad[SEALED_MAX];
    strfmt(bad, sizeof bad, "%s", sealed);
    size_t last = strlen(bad) - 3;
    bad[last] = bad[last] == 'A' ? 'B' : 'A';
    CHECK_INT(sealed_open("totp 1", bad, clear, sizeof clear, err, sizeof err), 0);
    CHECK_INT(sealed_open("totp 1", "JBSWY3DPEHPK3PXP", clear, sizeof clear, err, sizeof err), 0);
    /* Rotation: the new key seals, the old one still opens until retired. */
    CHECK(sealed_rotate(err, sizeof err));
    CHECK_INT(mode_of(key), 0600);
    CHECK(!sealed_is_current(sealed));
    CHECK_INT(sealed_open("totp 1", sealed, clear, sizeof clear, err, sizeof err), 1);
    char fresh[SEALED_MAX];
    CHECK(sealed_seal("totp 1", "JBSWY3DPEHPK3PXP", fresh, err, sizeof err));
    CHECK(sealed_is_current(fresh));
    CHECK(sealed_retire(err, sizeof err));
    CHECK_INT(sealed_open("totp 1", sealed, clear, sizeof clear, err, sizeof err), 0);
    CHECK_INT(sealed_open("totp 1", fresh, clear, sizeof clear, err, sizeof err), 1);
    /* Another process rotating: this one reads the file again for a key it does not know. */
    CHECK(sealed_rotate(err, sizeof err));
    CHECK(sealed_seal("totp 1", "JBSWY3DPEHPK3PXP", fresh, err, sizeof err));
    sealed_use_key_file(key);
    CHECK_INT(sealed_open("totp 1", fresh, clear, sizeof clear, err, sizeof err), 1);
    /* A key file others may read is refused. */
    CHECK_INT(chmod(key, 0644), 0);
    sealed_use_key_file(key);
    CHECK_INT(sealed_open("totp 1", fresh, clear, sizeof clear, err, sizeof err), -1);
    CHECK_HAS(err, "chmod 600");
    sealed_use_key_file(NULL);
    unlink(key);
}

/* Finding: the database and its WAL were made world-readable (0644). */
static void test_database_modes(void)
{
    char db[128], file[160], err[256];
    strfmt(db, sizeof db, "%s/oversight.db", folder);
    mode_t old = umask(022);
    Store *st = NULL;
    CHECK_INT(store_open(db, true, &st, err, sizeof err), STORE_OK);
    if (st) {
        CHECK_INT(store_migrate(st), STORE_OK);
        static const char *const suffixes[] = {"", "-wal", "-shm"};
        for (size_t i = 0; i < 3; i++) {
            strfmt(file, sizeof file, "%s%s", db, suffixes[i]);
            CHECK_INT(mode_of(file), 0600);
        }
        store_close(st);
    }
    /* One made by an older version, readable by all, is narrowed when opened. */
    CHECK_INT(chmod(db, 0644), 0);
    CHECK_INT(store_open(db, false, &st, err, sizeof err), STORE_OK);
    CHECK_INT(mode_of(db), 0600);
    if (st) store_close(st);
    umask(old);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        strfmt(file, sizeof file, "%s%s", db, suffixes[i]);
        unlink(file);
    }
}

int main(void)
{
    if (!mkdtemp(folder)) {
        printf("Bail out! no scratch folder\n");
        return 1;
    }
    RUN(test_rfc6238_vectors);
    RUN(test_window_and_replay);
    RUN(test_malformed);
    RUN(test_secrets);
    RUN(test_uri_and_qr);
    RUN(test_sealing);
    RUN(test_database_modes);
    rmdir(folder);
    TEST_DONE();
}
