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
#include "svc/sealed.h"
#include "svc/svc.h"
#include "svc/totp.h"

#define SESSION_IDLE_TIMEOUT (30 * 60)          /* seconds without a request */
#define SESSION_ABSOLUTE_TIMEOUT (12 * 60 * 60) /* seconds since signing in */
#define SESSION_CODE_TIMEOUT (5 * 60)           /* seconds to enter the two-factor code */
#define SESSION_SEEN_EVERY 60                   /* seconds between writes of "last seen" */

/* The throttle (docs/security.md): failed attempts are counted per account
 * and address together, per address, and (second-factor codes) per
 * account, in the database, so that every app server sees them. */
#define THROTTLE_MEMORY (24 * 60 * 60)    /* seconds a failed password is remembered */
#define THROTTLE_PAIR_FREE 3              /* failures of one account from one address before a pause */
#define THROTTLE_PAIR_CAP (15 * 60)       /* the longest pause for an account and address */
#define THROTTLE_ADDRESS_WINDOW (60 * 60) /* seconds over which an address's failures count */
#define THROTTLE_ADDRESS_FREE 100         /* failures from one address before its failed names pause */
#define THROTTLE_ADDRESS_CAP (5 * 60)     /* the longest pause for an address */
#define THROTTLE_CODE_MAX 5               /* wrong second-factor codes for an account ... */
#define THROTTLE_CODE_WINDOW (15 * 60)    /* ... in this many seconds lock the second factor */

#define SESSION_OFFER_TIMEOUT (60 * 60) /* seconds a two-factor set-up form stays good */
#define RECOVERY_CODES 10               /* given when two-factor sign-in is turned on */
#define RECOVERY_CODE_CHARS 19          /* xxxx-xxxx-xxxx-xxxx: about 79 random bits */

/* An attempt at something the throttle counts: where it comes from and
 * when; on SVC_REFUSED, retry_after is how many seconds to wait. */
typedef struct {
    const char *client; /* the address */
    int64_t now;
    int64_t retry_after;
} SessionAttempt;

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
    /* setting_policy_version, read by the same statement: a server learns
     * whether another applied a policy without a statement of its own. */
    int64_t policy_version;
} Session;

/* The session of a cookie's token (any text; NULL for none). SVC_OK and *s
 * when it is live; SVC_NOT_FOUND when there is none, or it has ended or
 * expired (idle, too old, or a second factor not entered in time: it is
 * then ended); SVC_FAILED only when the session cannot be read. A live
 * full session's "last seen" is written at most once every
 * SESSION_SEEN_EVERY seconds, not once per request; that write (and
 * ending an expired session) failing never fails the find: it is logged,
 * and the idle timeout runs from the last "seen" that was written. */
SvcResult session_find(Store *st, const char *token, int64_t now, Session *s);

/* The username of the account whose session a cookie's token was, whether
 * the session is live or has ended (a form typed under it is theirs).
 * SVC_OK and out; SVC_NOT_FOUND when the token is no session's; SVC_FAILED. */
SvcResult session_username(Store *st, const char *token, char *out, size_t n);

/* A session just opened: its token is for the cookie, once. */
typedef struct {
    char token[TOKEN_CHARS + 1];
    bool code_due;      /* half open: ask for the second factor next */
    bool recovery_used; /* the second factor was a recovery code (now spent) */
} SessionStarted;

/* Signs in with a password. The throttle (docs/security.md) pauses an
 * account and address pair after THROTTLE_PAIR_FREE failures, for 2^k
 * seconds (capped), and pauses names that have failed from an address
 * that has failed more than THROTTLE_ADDRESS_FREE times; a right password
 * from an address that has not failed for that account is never paused.
 * SVC_OK: a session is open, half open when the account has a second
 * factor, and the pair's failures are cleared; SVC_INVALID: the username or
 * password is not right (counted against the pair and the address);
 * SVC_REFUSED: paused (nothing checked, nothing counted; a->retry_after);
 * SVC_FAILED. e says why for INVALID and REFUSED. */
SvcResult session_sign_in(Store *st, const char *username, const char *password, SessionAttempt *a, SessionStarted *out,
                          SvcError *e);

/* Completes the half-open session whose token hash is half (the second
 * factor due) with a code from the account's app or one of its recovery
 * codes: the code's step is taken or the recovery code spent (never
 * accepted twice), the half session ends and a full one opens with a fresh
 * token, all in one transaction. Wrong codes are counted per account,
 * whichever half session sends them: THROTTLE_CODE_MAX in
 * THROTTLE_CODE_WINDOW lock the second factor until the window has passed
 * (only someone who knows the password gets this far); a right code clears
 * the count. SVC_OK; SVC_INVALID: no code or not right (counted);
 * SVC_REFUSED: locked (a->retry_after); SVC_CONFLICT: another request used
 * this code or ended this half session first; SVC_FAILED. */
SvcResult session_second_factor(Store *st, const char *half, const char *code, SessionAttempt *a, SessionStarted *out,
                                SvcError *e);

/* Ends a session (sign-out). Ending one that has already ended is not an
 * error. SVC_OK or SVC_FAILED. */
SvcResult session_end(Store *st, const char *token_hash, int64_t now);

/* Changes the account's own password: the current one must be right
 * (throttled as signing in is), the new one meet the rules (accounts.h) and
 * be typed twice the same. Every session of the account ends with it.
 * SVC_OK; SVC_INVALID with e.field "current", "new" or "confirm";
 * SVC_REFUSED: paused (a->retry_after); SVC_CONFLICT: the password was
 * changed by another request meanwhile (nothing changed); SVC_FAILED. */
SvcResult session_change_password(Store *st, const char *username, const char *current, const char *fresh,
                                  const char *confirm, SessionAttempt *a, SvcError *e);

/* A new secret offered to an account setting up two-factor sign-in, and
 * the same sealed for the set-up form (bound to the account and the time;
 * good for SESSION_OFFER_TIMEOUT): nothing is written until a code proves
 * the app holds it. SVC_OK (forget the secret after use, account_forget);
 * SVC_FAILED with e (no key for sealing). */
SvcResult session_totp_offer(int64_t user_ref, int64_t now, char secret[TOTP_SECRET_CHARS + 1], char offer[SEALED_MAX],
                             SvcError *e);

/* The secret in a set-up form's offer for the account. SVC_OK;
 * SVC_INVALID: not an offer to this account, or too old; SVC_FAILED. */
SvcResult session_totp_offered(int64_t user_ref, const char *offer, int64_t now, char secret[TOTP_SECRET_CHARS + 1],
                               SvcError *e);

/* The recovery codes given when two-factor sign-in is turned on: shown
 * once, kept only as hashes. */
typedef struct {
    char code[RECOVERY_CODES][RECOVERY_CODE_CHARS + 1];
} RecoveryCodes;

/* Turns two-factor sign-in on with the offer of the set-up form and a code
 * from the app, or off with a code (or a recovery code); either takes the
 * account's password (throttled as signing in is) and is audited. Turning
 * it on gives new recovery codes (*codes; the old ones are spent), turning
 * it off spends them. SVC_OK; SVC_INVALID: e.field "password" or "code"
 * (wrong, missing, an offer too old, or turning off what an admin
 * requires); SVC_REFUSED: paused (a->retry_after); SVC_CONFLICT: it was
 * turned on or off by another request meanwhile; SVC_FAILED. */
SvcResult session_two_factor_on(Store *st, const char *username, const char *password, const char *offer,
                                const char *code, SessionAttempt *a, RecoveryCodes *codes, SvcError *e);
SvcResult session_two_factor_off(Store *st, const char *username, const char *password, const char *code,
                                 SessionAttempt *a, SvcError *e);

/* Seals every two-factor secret again under the key file's first key
 * (those still in the clear from before sealing too): for rotating the
 * key. *count: how many were sealed. SVC_OK; SVC_FAILED with e (a secret
 * that opens under no key of the file is named). */
SvcResult session_reseal_secrets(Store *st, int64_t *count, SvcError *e);

#endif
