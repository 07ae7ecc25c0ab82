/* Two-factor codes: RFC 6238's SHA-1 test vectors, the window, replays,
 * malformed codes, the otpauth URI and the QR code. */
#include "test.h"
#include "svc/totp.h"

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

int main(void)
{
    RUN(test_rfc6238_vectors);
    RUN(test_window_and_replay);
    RUN(test_malformed);
    RUN(test_secrets);
    RUN(test_uri_and_qr);
    TEST_DONE();
}
