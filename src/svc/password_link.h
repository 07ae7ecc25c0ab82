/* password_link.h: one-time links on which a person chooses their own
 * password. An admin never learns or sets another person's password: a new
 * account, or a reset, gives the person a link (shown to the admin to pass
 * on) that works once, for a short time, and only while the account is
 * enabled. The database keeps only the BLAKE2b hash of the link's token,
 * like a session's; one live link per account, a new one replacing it.
 *
 * Using a link does not sign anyone in: the person then signs in with the
 * password they chose, and with their second factor when they have one, so
 * that whoever else saw the link cannot pass for someone who has two-factor
 * sign-in. */
#ifndef OV_SVC_PASSWORD_LINK_H
#define OV_SVC_PASSWORD_LINK_H

#include "svc/accounts.h"
#include "svc/svc.h"

/* How long a link works: a day for a new account (it may have to travel),
 * an hour after a reset (the person is waiting for it). */
#define PASSWORD_LINK_NEW_SECONDS (24 * 3600)
#define PASSWORD_LINK_RESET_SECONDS 3600

/* The path of a link ("/password/TOKEN"): the web serves it there. */
#define PASSWORD_LINK_PATH "/password/"

/* Issues a link for the account user_ref inside the caller's transaction,
 * working from now for valid_for seconds, ending any earlier one: token is
 * what the link carries, to be shown once. true on success. */
bool password_link_issue(Store *st, int64_t user_ref, int64_t now, int64_t valid_for, char token[TOKEN_CHARS + 1]);

/* Ends the account's link, if any, inside the caller's transaction. */
bool password_link_end(Store *st, int64_t user_ref);

/* Whether token is a live link at now (not used, not expired, of an
 * enabled account): SVC_OK with the account's username, SVC_NOT_FOUND
 * otherwise (the same answer for all three: a link that does not work),
 * SVC_FAILED. */
SvcResult password_link_check(Store *st, const char *token, int64_t now, char username[USERNAME_MAX + 1]);

/* The person sets password (checked against the rules) through the live
 * link token, at now, in one transaction: the link ends, the account's
 * sessions end, a notice and an audit row record it. SVC_OK; SVC_NOT_FOUND
 * (the link does not work); SVC_INVALID (e->field "password"); SVC_FAILED. */
SvcResult password_link_use(Store *st, const char *token, const char *password, int64_t now, SvcError *e);

#endif
