/* password_link.c: the one-time links of password_link.h. */
#include "svc/password_link.h"

#include <string.h>

#include "core/util.h"
#include "svc/notice.h"

bool password_link_issue(Store *st, int64_t user_ref, int64_t now, int64_t valid_for, char token[TOKEN_CHARS + 1])
{
    char hash[65];
    account_new_token(token);
    account_token_hash(token, hash);
    Param p[] = {P_INT(user_ref), P_STR(hash), P_INT(now), P_INT(now + valid_for)};
    return store_exec(st, STMT_PASSWORD_LINK_SET, p, 4, NULL) == STORE_OK;
}

bool password_link_end(Store *st, int64_t user_ref)
{
    Param p[] = {P_INT(user_ref)};
    return store_exec(st, STMT_PASSWORD_LINK_END, p, 1, NULL) == STORE_OK;
}

/* The live link of token: 1 (*ref, username), 0 none, -1 the store failed. */
static int find(Store *st, const char *token, int64_t now, int64_t *ref, char username[USERNAME_MAX + 1])
{
    if (!token || strlen(token) != TOKEN_CHARS) return 0;
    char hash[65];
    account_token_hash(token, hash);
    Param p[] = {P_STR(hash), P_INT(now)};
    StoreRows *r = store_query(st, STMT_PASSWORD_LINK_FIND, p, 2);
    if (!r) return -1;
    int got = store_next(r);
    if (got == 1) {
        *ref = store_col_int(r, 0);
        svc_col_copy(r, 1, username, USERNAME_MAX + 1);
    }
    store_rows_close(r);
    return got;
}

SvcResult password_link_check(Store *st, const char *token, int64_t now, char username[USERNAME_MAX + 1])
{
    int64_t ref = 0;
    int got = find(st, token, now, &ref, username);
    return got < 0 ? SVC_FAILED : got == 0 ? SVC_NOT_FOUND : SVC_OK;
}

SvcResult password_link_use(Store *st, const char *token, const char *password, int64_t now, SvcError *e)
{
    char hash[PASSWORD_HASH_MAX], err[256], username[USERNAME_MAX + 1], detail[160];
    AccountResult ar = account_checked_hash(password, hash, err, sizeof err);
    if (ar != ACCOUNT_OK) return svc_fail(e, ar == ACCOUNT_ENV ? SVC_FAILED : SVC_INVALID, "password", "%s", err);
    /* Read inside the transaction: of two uses at once, one finds the link gone. */
    if (store_begin(st) != STORE_OK) return svc_finish(st, SVC_FAILED, false);
    int64_t ref = 0;
    int got = find(st, token, now, &ref, username);
    if (got <= 0) {
        svc_finish(st, SVC_FAILED, false);
        return got < 0 ? svc_fail(e, SVC_FAILED, "", "The database could not be read: %s", store_error(st))
                       : svc_fail(e, SVC_NOT_FOUND, "", "This link does not work");
    }
    strfmt(detail, sizeof detail, "password of %s chosen through a link", username);
    Param pw[] = {P_INT(ref), P_STR(hash), P_INT(now)}, s[] = {P_INT(ref), P_INT(now)};
    Param audit[] = {P_INT(now), P_INT(ref), P_STR("account"), P_STR(detail), P_NULL};
    bool ok = password_link_end(st, ref) && store_exec(st, STMT_USER_SET_PASSWORD, pw, 3, NULL) == STORE_OK &&
              store_exec(st, STMT_WEB_SESSIONS_END_FOR_USER, s, 2, NULL) == STORE_OK &&
              store_exec(st, STMT_ADMIN_AUDIT_ADD, audit, 5, NULL) == STORE_OK &&
              notice_add(st, ref, now, "You chose your password through a link", 0, NULL);
    SvcResult rc = svc_finish(st, SVC_OK, ok);
    if (rc != SVC_OK) svc_fail(e, rc, "", "The database could not be written: %s", store_error(st));
    return rc;
}
