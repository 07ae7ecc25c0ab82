/* choices.c: the lists of choices.h. */
#include "svc/choices.h"

#include <string.h>

/* Reads the rows of stmt for the viewer on today: an id, and a label made
 * of the columns after it by label(). */
static SvcResult read_choices(Store *st, const SvcActor *a, StmtId stmt,
                              const char *(*label)(StoreRows *q, Arena *strings), Choices *out)
{
    memset(out, 0, sizeof *out);
    if (!a->viewer->staff_ref) return SVC_OK;
    char today[11];
    date_format(a->today, today);
    Param p[] = {P_INT(a->viewer->staff_ref), P_STR(today)};
    StoreRows *q = store_query(st, stmt, p, 2);
    if (!q) return SVC_FAILED;
    size_t cap = 0;
    int got;
    while ((got = store_next(q)) == 1) {
        xgrow((void **)&out->items, &cap, out->n + 1, sizeof *out->items);
        out->items[out->n++] = (Choice){svc_col_dup(&out->strings, q, 0), label(q, &out->strings)};
    }
    store_rows_close(q);
    if (got == 0) return SVC_OK;
    choices_free(out);
    return SVC_FAILED;
}

static const char *person_label(StoreRows *q, Arena *strings) { return svc_col_dup(strings, q, 1); }

/* "C123 (J. S.), Jo Bloggs": the child's name when the case has one, and its worker. */
static const char *case_label(StoreRows *q, Arena *strings)
{
    size_t n;
    const char *id = store_col_text(q, 0, &n), *child = store_col_text(q, 1, &n), *worker = store_col_text(q, 2, &n);
    char *label = xasprintf("%s%s%s%s, %s", id, *child ? " (" : "", child, *child ? ")" : "", worker);
    const char *kept = arena_strndup(strings, label, strlen(label));
    free(label);
    return kept;
}

SvcResult choices_group_attendees(Store *st, const SvcActor *a, Choices *out)
{
    return read_choices(st, a, STMT_CHOICES_GROUP_ATTENDEES, person_label, out);
}

SvcResult choices_informal_cases(Store *st, const SvcActor *a, Choices *out)
{
    return read_choices(st, a, STMT_CHOICES_INFORMAL_CASES, case_label, out);
}

void choices_free(Choices *c)
{
    free(c->items);
    arena_free(&c->strings);
    memset(c, 0, sizeof *c);
}
