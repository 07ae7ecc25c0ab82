/* svc.c: the helpers of svc.h. */
#include "svc/svc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

SvcResult svc_fail(SvcError *e, SvcResult code, const char *field, const char *fmt, ...)
{
    if (!e) return code;
    strfmt(e->field, sizeof e->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return code;
}

char *svc_trim(char *s)
{
    if (!s) return s;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    size_t i = 0;
    while (s[i] && isspace((unsigned char)s[i])) i++;
    if (i) memmove(s, s + i, n - i + 1);
    return s;
}

SvcResult svc_text(SvcError *e, const char *field, const char *label, const char *s, size_t max, bool required)
{
    size_t n = s ? strlen(s) : 0;
    if (required && n == 0) return svc_fail(e, SVC_INVALID, field, "Enter %s", label);
    if (n > max) {
        char first = (char)toupper((unsigned char)label[0]);
        return svc_fail(e, SVC_INVALID, field, "%c%s must be %zu characters or fewer", first, label + 1, max);
    }
    return SVC_OK;
}

void svc_col_copy(StoreRows *r, int col, char *dst, size_t size)
{
    strfmt(dst, size, "%s", store_col_text(r, col, NULL));
}

char *svc_col_dup(Arena *a, StoreRows *r, int col)
{
    size_t n;
    const char *s = store_col_text(r, col, &n);
    return arena_strndup(a, s, n);
}

int64_t svc_col_int0(StoreRows *r, int col) { return store_col_null(r, col) ? 0 : store_col_int(r, col); }

SvcResult svc_past_date(SvcError *e, const char *field, const char *what, const char *date, Date today,
                        int max_days_back)
{
    Date d;
    if (!date || !*date) return svc_fail(e, SVC_INVALID, field, "Enter %s", what);
    if (!date_parse(date, strlen(date), &d))
        return svc_fail(e, SVC_INVALID, field, "The date must be a real date, like 2026-12-01");
    if (d > today) return svc_fail(e, SVC_INVALID, field, "The date must be today or in the past");
    if (max_days_back > 0 && d < today - max_days_back)
        return svc_fail(e, SVC_INVALID, field, "The date must be within the last year");
    return SVC_OK;
}

SvcResult svc_finish(Store *st, SvcResult rc, bool ok)
{
    if (rc == SVC_OK && !(ok && store_commit(st) == STORE_OK)) rc = SVC_FAILED;
    store_rollback(st);
    return rc;
}
