/* view_mine.c: the views of view_mine.h. */
#include "svc/view_mine.h"

#include <string.h>

#include "svc/staff.h"

/* The viewer's own staff record: SVC_NOT_FOUND when the account has none. */
static SvcResult own_record(Store *st, const SvcActor *a, Staff *me)
{
    if (!a->viewer->staff_ref) return SVC_NOT_FOUND;
    int got = staff_load(st, a->viewer->staff_ref, me);
    if (got < 0) return SVC_FAILED;
    return got == 1 ? SVC_OK : SVC_NOT_FOUND;
}

SvcResult view_mine(Store *st, const SvcActor *a, int sessions, MyView *out)
{
    memset(out, 0, sizeof *out);
    Staff me;
    SvcResult rc = own_record(st, a, &me);
    if (rc != SVC_OK) return rc;
    out->id = arena_strndup(&out->strings, me.id, strlen(me.id));
    out->name = arena_strndup(&out->strings, me.name, strlen(me.name));
    DueFilter f = {.asof = a->today, .worker = out->id};
    rc = view_due(st, a, &f, &out->due);
    if (rc == SVC_OK) rc = view_person_sessions(st, me.ref, sessions, &out->strings, &out->sessions);
    if (rc != SVC_OK) view_mine_free(out);
    return rc;
}

void view_mine_free(MyView *v)
{
    due_list_free(&v->due);
    view_history_free(&v->sessions);
    arena_free(&v->strings);
    memset(v, 0, sizeof *v);
}

SvcResult view_my_team(Store *st, const SvcActor *a, MyTeamView *out)
{
    memset(out, 0, sizeof *out);
    Staff me;
    SvcResult rc = own_record(st, a, &me);
    if (rc != SVC_OK) return rc;
    out->id = arena_strndup(&out->strings, me.id, strlen(me.id));
    out->manages = a->viewer->manages;
    out->due = (DueFilter){.asof = a->today, .manager = out->id};
    return SVC_OK;
}

void view_my_team_free(MyTeamView *v)
{
    arena_free(&v->strings);
    memset(v, 0, sizeof *v);
}
