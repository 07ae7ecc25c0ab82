/* setting.c: the settings of setting.h, one row per key. */
#include "svc/setting.h"

#include <string.h>

#include "core/util.h"

int setting_policy_text(Store *st, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    Param p[] = {P_STR("policy")};
    StoreRows *r = store_query(st, STMT_SETTING_GET, p, 1);
    if (!r) return STORE_ERROR;
    int got = store_next(r);
    if (got == 1) {
        const char *s = store_col_text(r, 0, len);
        *text = xstrndup(s, *len);
    }
    store_rows_close(r);
    return got;
}

bool setting_policy_put(Store *st, const char *text, size_t len)
{
    Param p[] = {P_STR("policy"), P_TEXT(text, len)};
    return store_exec(st, STMT_SETTING_PUT, p, 2, NULL) == STORE_OK;
}

int64_t setting_policy_version(Store *st)
{
    int64_t n;
    return store_query_int(st, STMT_POLICY_HISTORY_COUNT, NULL, 0, &n) < 0 ? -1 : n;
}
