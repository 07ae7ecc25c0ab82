/* totp.c: see totp.h. */
#include "svc/totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <qrencode.h>
#include <sodium.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void start(void) { oath_init(); }

void totp_new_secret(char out[TOTP_SECRET_CHARS + 1])
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    unsigned char raw[20];
    randombytes_buf(raw, sizeof raw);
    /* 20 bytes are 160 bits: exactly 32 groups of 5. */
    for (int i = 0; i < TOTP_SECRET_CHARS; i++) {
        int bit = i * 5, byte = bit / 8, shift = bit % 8;
        unsigned v = (unsigned)raw[byte] << 8 | (byte + 1 < 20 ? raw[byte + 1] : 0);
        out[i] = alphabet[(v >> (11 - shift)) & 31];
    }
    out[TOTP_SECRET_CHARS] = 0;
    sodium_memzero(raw, sizeof raw);
}

/* The raw secret; caller frees with free_secret. */
static char *decode(const char *base32, size_t *len)
{
    pthread_once(&once, start);
    char *out = NULL;
    if (oath_base32_decode(base32, strlen(base32), &out, len) != OATH_OK || !out || *len == 0) {
        free(out);
        return NULL;
    }
    return out;
}

static void free_secret(char *s, size_t len)
{
    sodium_memzero(s, len);
    free(s);
}

static bool code_at(const char *secret, size_t len, int64_t step, char out[TOTP_DIGITS + 1])
{
    return oath_totp_generate(secret, len, (time_t)(step * TOTP_STEP), TOTP_STEP, 0, TOTP_DIGITS, out) == OATH_OK;
}

bool totp_code(const char *base32_secret, int64_t unix_time, char out[TOTP_DIGITS + 1])
{
    size_t len;
    char *secret = decode(base32_secret, &len);
    if (!secret) return false;
    bool ok = code_at(secret, len, unix_time / TOTP_STEP, out);
    free_secret(secret, len);
    return ok;
}

bool totp_verify(const char *base32_secret, const char *code, int64_t unix_time, int64_t last_used_step,
                 int64_t *matched_step)
{
    char given[TOTP_DIGITS + 1];
    size_t n = 0;
    for (const char *p = code; *p; p++) {
        if (*p == ' ') continue;
        if (*p < '0' || *p > '9' || n == TOTP_DIGITS) return false;
        given[n++] = *p;
    }
    if (n != TOTP_DIGITS) return false;
    given[n] = 0;
    size_t len;
    char *secret = decode(base32_secret, &len);
    if (!secret) return false;
    int64_t now = unix_time / TOTP_STEP;
    bool found = false;
    /* Every candidate is computed and compared, so the time taken does not
     * say which one matched. */
    for (int64_t step = now - 1; step <= now + 1; step++) {
        char want[TOTP_DIGITS + 1];
        if (!code_at(secret, len, step, want)) continue;
        bool same = sodium_memcmp(want, given, TOTP_DIGITS) == 0;
        if (same && step > last_used_step && !found) {
            found = true;
            *matched_step = step;
        }
    }
    free_secret(secret, len);
    return found;
}

void totp_uri(Buf *b, const char *issuer, const char *account, const char *base32_secret)
{
    buf_adds(b, "otpauth://totp/");
    buf_add_percent(b, issuer);
    buf_adds(b, ":");
    buf_add_percent(b, account);
    buf_addf(b, "?secret=%s&issuer=", base32_secret);
    buf_add_percent(b, issuer);
    buf_addf(b, "&algorithm=SHA1&digits=%d&period=%d", TOTP_DIGITS, TOTP_STEP);
}

bool totp_qr_svg(Buf *b, const char *text)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) return false;
    const int quiet = 4, size = qr->width + 2 * quiet;
    buf_addf(b,
             "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
             " role=\"img\" aria-labelledby=\"qr-title\" shape-rendering=\"crispEdges\">"
             "<title id=\"qr-title\">QR code for your authenticator app</title>"
             "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
             size, size, size * 5, size * 5, size, size);
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
            if (qr->data[y * qr->width + x] & 1) buf_addf(b, "M%d %dh1v1h-1z", x + quiet, y + quiet);
    buf_adds(b, "\"/></svg>");
    QRcode_free(qr);
    return true;
}
