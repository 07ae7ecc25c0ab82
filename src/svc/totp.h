/* totp.h: time-based one-time codes (RFC 6238) for two-factor sign-in, as
 * authenticator apps make them: HMAC-SHA1, 6 digits, a 30-second step, a
 * 160-bit secret shared as base32. The HMAC is liboath's; the QR code that
 * carries the secret to the app is libqrencode's. */
#ifndef OV_TOTP_H
#define OV_TOTP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/util.h"

#define TOTP_SECRET_CHARS 32 /* 20 random bytes in base32, no padding */
#define TOTP_STEP 30         /* seconds */
#define TOTP_DIGITS 6

/* A new random secret. */
void totp_new_secret(char out[TOTP_SECRET_CHARS + 1]);

/* The code for unix_time; false for a secret that is not base32. */
bool totp_code(const char *base32_secret, int64_t unix_time, char out[TOTP_DIGITS + 1]);

/* Whether code (6 digits; spaces between them are ignored) is the secret's
 * code for the step of unix_time or the step either side (clocks drift),
 * and that step is later than last_used_step, so a code is never accepted
 * twice. On true, *matched_step is the step to remember as used. */
bool totp_verify(const char *base32_secret, const char *code, int64_t unix_time, int64_t last_used_step,
                 int64_t *matched_step);

/* The otpauth:// URI apps read from the QR code, label and issuer
 * percent-encoded. */
void totp_uri(Buf *b, const char *issuer, const char *account, const char *base32_secret);

/* text as a QR code in SVG (one path, a quiet zone of 4 modules, labelled
 * for screen readers); false when it is too long to encode. */
bool totp_qr_svg(Buf *b, const char *text);

#endif
