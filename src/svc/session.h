/* session.h: signing in to the web application and what an account does to
 * itself: sessions, the throttle on failed sign-ins, the password check, the
 * second factor (codes at sign-in, turning it on and off) and changing one's
 * own password. Each use case is one transaction; the callers (the sign-in
 * and account pages, the router) name no statement.
 *
 * Session and form tokens are made and hashed by accounts.h; the database
 * keeps only a token's hash. now is the Unix time of the request: nothing
 * here reads the clock, so tests can set it. */
#ifndef OV_SESSION_H
#define OV_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "svc/accounts.h"
#include "svc/svc.h"
#include "svc/totp.h"

#define SESSION_IDLE_TIMEOUT (30 * 60)          /* seconds without a request */
#define SESSION_ABSOLUTE_TIMEOUT (12 * 60 * 60) /* seconds since signing in */
#define SESSION_CODE_TIMEOUT (5 * 60)           /* seconds to enter the two-factor code */
#define SESSION_SEEN_EVERY 60                   /* seconds between writes of "last seen" */
#define SESSION_MAX_FAILURES 5                  /* failed sign-ins per account ... */
#define SESSION_FAILURE_WINDOW (15 * 60)        /* ... in this many seconds, then a pause */
#define SESSION_MAX_ADDRESS_FAILURES 50         /* failed sign-ins from one address in the window */

/* Makes the password hash checked when no such account exists, so that an
 * unknown username costs the time a wrong password does. Call once before
 * serving (later calls do nothing); false when there is not memory enough.
 * session_sign_in and session_change_password call it too. */
bool session_init(void);

/* A live session, as its cookie finds it. */
typedef struct {
    char token_hash[65];
    char csrf[TOKEN_CHARS + 1]; /* the form token of its pages */
    bool code_due;              /* half open: password right, the second factor still to come */
    int64_t user_ref;
    char username[USERNAME_MAX + 1];
    int64_t staff_ref; /* 0 when the account is not linked to a staff record */
    char staff_id[65];
    char staff_name[256];
    bool totp_enabled;  /* the account signs in with a second factor */
    bool totp_required; /* an admin requires it of the account */
} Session;

/* The session of a cookie's token (any text; NULL for none). SVC_OK and *s
 * when it is live; SVC_NOT_FOUND when there is none, or it has ended or
 * expired (idle, too old, or a second factor not entered in time: it is
 * then ended); SVC_FAILED. A live full session's "last seen" is written
 * at most once every SESSION_SEEN_EVERY seconds, not once per request. */
SvcResult session_find(Store *st, const char *token, int64_t now, Session *s);

/* A session just opened: its token is for the cookie, once. */
typedef struct {
    char token[TOKEN_CHARS + 1];
    bool code_due; /* half open: ask for the second factor next */
} SessionStarted;

/* Signs in with a password, from client (an address, for the throttle).
 * SVC_OK: a session is open, half open when the account has a second factor,
 * and the username's failures are cleared; SVC_INVALID: the username or
 * password is not right (counted against both username and address);
 * SVC_REFUSED: paused by too many recent failures for the username or the
 * address (nothing checked, nothing counted); SVC_FAILED. e says why for
 * INVALID and REFUSED. */
SvcResult session_sign_in(Store *st, const char *username, const char *password, const char *client, int64_t now,
                          SessionStarted *out, SvcError *e);

/* Completes the half-open session whose token hash is half (the second
 * factor due) with a code from the account's app: the code's step is taken
 * (never accepted twice), the half session ends and a full one opens with a
 * fresh token, all in one transaction. SVC_OK; SVC_INVALID: no code or not
 * right (counted as a failed sign-in); SVC_REFUSED: paused, as for
 * session_sign_in; SVC_CONFLICT: another request used this code or ended
 * this half session first; SVC_FAILED. */
SvcResult session_second_factor(Store *st, const char *half, const char *code, const char *client, int64_t now,
                                SessionStarted *out, SvcError *e);

/* Ends a session (sign-out). Ending one that has already ended is not an
 * error. SVC_OK or SVC_FAILED. */
SvcResult session_end(Store *st, const char *token_hash, int64_t now);

/* Changes the account's own password: the current one must be right, the
 * new one meet the rules (accounts.h) and be typed twice the same. Every
 * session of the account ends with it. SVC_OK; SVC_INVALID with e.field
 * "current", "new" or "confirm"; SVC_CONFLICT: the password was changed by
 * another request meanwhile (nothing changed); SVC_FAILED. */
SvcResult session_change_password(Store *st, const char *username, const char *current, const char *fresh,
                                  const char *confirm, int64_t now, SvcError *e);

/* The secret an account with two-factor sign-in off is setting up: the one
 * waiting in the account, or a new one stored there until a first code
 * proves the app holds it. SVC_OK and secret (forget it after use,
 * account_forget); SVC_CONFLICT: two-factor sign-in is on (turned on
 * meanwhile); SVC_NOT_FOUND: no such account; SVC_FAILED. */
SvcResult session_totp_secret(Store *st, int64_t user_ref, char secret[TOTP_SECRET_CHARS + 1]);

/* Turns two-factor sign-in on (turn_on: with the secret set up above) or
 * off, with a code from the app; audited. SVC_OK; SVC_INVALID: no code, a
 * code that is not right, or turning off what an admin requires (e says
 * which); SVC_CONFLICT: it was turned on or off by another request
 * meanwhile; SVC_FAILED. */
SvcResult session_two_factor_switch(Store *st, int64_t user_ref, bool turn_on, const char *code, int64_t now,
                                    SvcError *e);

#endif
