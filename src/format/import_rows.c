/* import_rows.c: the rows of the import files, checked (import_rows.h).
 *
 * One function per kind of file checks a record column by column, in the
 * order of the columns, and reports every problem it finds, so that people
 * see up to IMPORT_MAX_ERRORS problems at once. Staff may name supervisors
 * further down the same file, so staff links are checked after the last
 * row. */
#include "format/import_rows.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

typedef struct {
    const char *name;
    bool required;
} ColumnSpec;

enum { ST_ID, ST_NAME, ST_EMAIL, ST_ROLE, ST_TEAM, ST_SUPERVISOR, ST_LINE_MANAGER, ST_START, ST_FTE, ST_LEFT };
static const ColumnSpec staff_columns[] = {
    {"id", true},          {"name", true},          {"email", false},     {"role", true}, {"team", false},
    {"supervisor", false}, {"line_manager", false}, {"start_date", true}, {"fte", false}, {"left_date", false},
};

enum { CA_ID, CA_CATEGORY, CA_WORKER, CA_ALLOCATED, CA_CLOSED, CA_EVERY, CA_NAME };
static const ColumnSpec case_columns[] = {
    {"id", true},           {"category", true}, {"worker", true}, {"allocated_date", true},
    {"closed_date", false}, {"every", false},   {"name", false},
};

enum { SE_ID, SE_DATE, SE_SUPERVISOR, SE_SUPERVISEE, SE_TYPE, SE_STATUS };
static const ColumnSpec session_columns[] = {
    {"id", true}, {"date", true}, {"supervisor", true}, {"supervisee", true}, {"type", false}, {"status", false},
};

enum { DI_SESSION, DI_CASE };
static const ColumnSpec discussion_columns[] = {{"session", true}, {"case", true}};

enum { TE_NAME, TE_SERVICE, TE_MANAGER };
static const ColumnSpec team_columns[] = {{"name", true}, {"service", false}, {"manager", false}};

#define MAX_COLUMNS 10
#define MAX_NAME_BYTES 200
#define MAX_EMAIL_BYTES 254
#define MAX_TEAM_BYTES 100

typedef bool (*RowFn)(ImportRows *v, ImportRow *row);

typedef struct {
    const char *name;
    const ColumnSpec *columns;
    size_t ncolumns;
    RowFn row;
} KindSpec;

struct ImportRows {
    const Policy *pol;
    const char *file;
    const ImportLookup *lookup;
    ImportReport *rep;
    const KindSpec *kind;
    int field_of[MAX_COLUMNS]; /* column spec -> field index, -1 when absent */
    size_t header_fields;
    const CsvRecord *rec;
    StrMap *seen; /* ids (or team names) in this file -> line */
    ImportStaffLinks *links;
    size_t nlinks, links_cap;
};

static void add_message(char ***list, size_t *n, char *msg)
{
    *list = xrealloc(*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = msg;
}

void import_error(ImportReport *rep, const char *file, long line, const char *fmt, ...)
{
    if (rep->nerrors > IMPORT_MAX_ERRORS) return;
    if (rep->nerrors == IMPORT_MAX_ERRORS) {
        add_message(&rep->errors, &rep->nerrors,
                    xasprintf("%s: more than %d problems; fix these and import again", file, IMPORT_MAX_ERRORS));
        return;
    }
    Buf b = {0};
    if (line > 0)
        buf_addf(&b, "%s:%ld: ", file, line);
    else
        buf_addf(&b, "%s: ", file);
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    add_message(&rep->errors, &rep->nerrors, b.data);
}

/* The line a message of file names ("FILE:LINE: ..."), 0 when none. */
static long message_line(const char *msg, const char *file)
{
    size_t n = strlen(file);
    if (strncmp(msg, file, n) != 0 || msg[n] != ':' || msg[n + 1] < '0' || msg[n + 1] > '9') return 0;
    return strtol(msg + n + 1, NULL, 10);
}

void import_report_in_order(ImportReport *rep, const char *file)
{
    /* At most IMPORT_MAX_ERRORS: an insertion sort, stable. The one after
     * them says there are more, and stays where it is. */
    size_t n = rep->nerrors < IMPORT_MAX_ERRORS ? rep->nerrors : IMPORT_MAX_ERRORS;
    for (size_t i = 1; i < n; i++) {
        char *m = rep->errors[i];
        long line = message_line(m, file);
        size_t j = i;
        for (; j > 0 && message_line(rep->errors[j - 1], file) > line; j--) rep->errors[j] = rep->errors[j - 1];
        rep->errors[j] = m;
    }
}

void import_report_free(ImportReport *r)
{
    for (size_t i = 0; i < r->nerrors; i++) free(r->errors[i]);
    for (size_t i = 0; i < r->nwarnings; i++) free(r->warnings[i]);
    free(r->errors);
    free(r->warnings);
    memset(r, 0, sizeof *r);
}

/* A value as shown in a message: at most 40 characters, never a control
 * character, never cut inside a UTF-8 sequence. */
static void show_value(Buf *b, const char *s, size_t n)
{
    size_t i = 0, chars = 0;
    while (i < n && chars < 40) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        if (i + len > n) break;
        if (c < 0x20 || c == 0x7f)
            buf_addc(b, '?');
        else
            buf_add(b, s + i, len);
        i += len;
        chars++;
    }
    if (i < n) buf_adds(b, "...");
}

static const char *field(const ImportRows *v, int col, size_t *len)
{
    int f = v->field_of[col];
    if (f < 0) {
        *len = 0;
        return "";
    }
    *len = v->rec->fields[f].len;
    return v->rec->fields[f].data;
}

/* "FILE:LINE: column "value": problem" for the current record. */
static void bad(ImportRows *v, int col, const char *problem, ...) __attribute__((format(printf, 3, 4)));
static void bad(ImportRows *v, int col, const char *problem, ...)
{
    Buf b = {0};
    size_t n;
    const char *s = field(v, col, &n);
    buf_addf(&b, "%s \"", v->kind->columns[col].name);
    show_value(&b, s, n);
    buf_adds(&b, "\": ");
    va_list ap;
    va_start(ap, problem);
    buf_vaddf(&b, problem, ap);
    va_end(ap);
    import_error(v->rep, v->file, v->rec->line, "%s", b.data);
    buf_free(&b);
}

/* A warning about the current record: the row is still imported. Used for
 * data that is odd but that the contract allows. */
static void odd(ImportRows *v, int col, const char *problem, ...) __attribute__((format(printf, 3, 4)));
static void odd(ImportRows *v, int col, const char *problem, ...)
{
    if (v->rep->nwarnings >= IMPORT_MAX_ERRORS) return;
    Buf b = {0};
    size_t n;
    const char *s = field(v, col, &n);
    buf_addf(&b, "%s:%ld: %s \"", v->file, v->rec->line, v->kind->columns[col].name);
    show_value(&b, s, n);
    buf_adds(&b, "\": ");
    va_list ap;
    va_start(ap, problem);
    buf_vaddf(&b, problem, ap);
    va_end(ap);
    add_message(&v->rep->warnings, &v->rep->nwarnings, b.data);
}

bool import_valid_id(const char *s, size_t n)
{
    if (n < 1 || n > 64) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.'))
            return false;
    }
    return true;
}

#define ID_RULE "must be 1-64 letters, digits, '-', '_' or '.'"

/* Validators: each checks one field and reports it; true when it is good. */

static bool want_id(ImportRows *v, int col, ImportText *t)
{
    t->s = field(v, col, &t->n);
    if (t->n == 0) {
        bad(v, col, "is required");
        return false;
    }
    if (!import_valid_id(t->s, t->n)) {
        bad(v, col, ID_RULE);
        return false;
    }
    return true;
}

static bool want_unique_id(ImportRows *v, int col, ImportText *t)
{
    if (!want_id(v, col, t)) return false;
    int64_t first;
    if (!strmap_put(v->seen, t->s, t->n, v->rec->line, &first)) {
        bad(v, col, "is already on line %lld of this file", (long long)first);
        return false;
    }
    return true;
}

static bool want_date(ImportRows *v, int col, bool required, Date *d, bool *present)
{
    size_t n;
    const char *s = field(v, col, &n);
    *present = n > 0;
    if (n == 0) {
        if (required) bad(v, col, "is required");
        return !required;
    }
    if (!date_parse(s, n, d)) {
        bad(v, col, "not a valid date: use YYYY-MM-DD, e.g. 2026-03-31");
        return false;
    }
    return true;
}

static bool want_text(ImportRows *v, int col, bool required, size_t max, ImportText *t)
{
    t->s = field(v, col, &t->n);
    if (t->n == 0 && required) {
        bad(v, col, "is required");
        return false;
    }
    if (t->n > max) {
        bad(v, col, "is longer than %zu bytes", max);
        return false;
    }
    for (size_t i = 0; i < t->n; i++)
        if ((unsigned char)t->s[i] < 0x20 || t->s[i] == 0x7f) {
            bad(v, col, "contains a control character or line break");
            return false;
        }
    return true;
}

/* A staff id (valid in form) that must already be in the database. */
static bool want_staff(ImportRows *v, int col, ImportText id, int64_t *ref)
{
    int rc = v->lookup->staff(v->lookup->ctx, id.s, id.n, ref);
    if (rc < 0) return false;
    if (rc == 0) {
        bad(v, col, "no such staff member in the database (import the staff file first)");
        return false;
    }
    return true;
}

/* ---- staff ---- */

static bool staff_row(ImportRows *v, ImportRow *row)
{
    ImportStaffRow *r = &row->staff;
    ImportText sup, lm, role;
    Date start = 0;
    bool has_start, ok = true;
    r->fte = FTE_FULL;
    r->link = -1;

    ok &= want_unique_id(v, ST_ID, &r->id);
    ok &= want_text(v, ST_NAME, true, MAX_NAME_BYTES, &r->name);
    if (want_text(v, ST_EMAIL, false, MAX_EMAIL_BYTES, &r->email)) {
        if (r->email.n && (!memchr(r->email.s, '@', r->email.n) || memchr(r->email.s, ' ', r->email.n))) {
            bad(v, ST_EMAIL, "not an email address");
            ok = false;
        }
    } else {
        ok = false;
    }
    role.s = field(v, ST_ROLE, &role.n);
    r->role = role;
    if (role.n == 0) {
        bad(v, ST_ROLE, "is required");
        ok = false;
    } else if (!policy_role(v->pol, role.s, role.n)) {
        bad(v, ST_ROLE, "not a role in the policy \"%s\" (see: oversight policy show)", v->pol->name);
        ok = false;
    }
    ok &= want_text(v, ST_TEAM, false, MAX_TEAM_BYTES, &r->team);
    sup.s = field(v, ST_SUPERVISOR, &sup.n);
    if (sup.n && !import_valid_id(sup.s, sup.n)) {
        bad(v, ST_SUPERVISOR, ID_RULE);
        ok = false;
    } else if (sup.n && sup.n == r->id.n && memcmp(sup.s, r->id.s, r->id.n) == 0) {
        odd(v, ST_SUPERVISOR, "is the person themselves");
    }
    lm.s = field(v, ST_LINE_MANAGER, &lm.n);
    if (lm.n && !import_valid_id(lm.s, lm.n)) {
        bad(v, ST_LINE_MANAGER, ID_RULE);
        ok = false;
    } else if (lm.n && lm.n == r->id.n && memcmp(lm.s, r->id.s, r->id.n) == 0) {
        odd(v, ST_LINE_MANAGER, "is the person themselves");
    }
    ok &= want_date(v, ST_START, true, &start, &has_start);
    r->start = start;
    ImportText fte;
    fte.s = field(v, ST_FTE, &fte.n);
    if (fte.n) {
        const char *why = fte_parse(fte.s, fte.n, &r->fte);
        if (why) {
            bad(v, ST_FTE, "%s", why);
            ok = false;
        }
    }
    if (want_date(v, ST_LEFT, false, &r->left, &r->has_left)) {
        if (r->has_left && has_start && r->left < start) {
            char s[11];
            date_format(start, s);
            odd(v, ST_LEFT, "is before start_date %s: the person is never listed as due", s);
        }
    } else {
        ok = false;
    }
    /* Links are checked after the last row, whether or not this row is good,
     * so that one pass reports every dangling reference. */
    bool sup_ok = sup.n && import_valid_id(sup.s, sup.n), lm_ok = lm.n && import_valid_id(lm.s, lm.n);
    if (sup_ok || lm_ok) {
        xgrow((void **)&v->links, &v->links_cap, v->nlinks + 1, sizeof *v->links);
        v->links[v->nlinks] = (ImportStaffLinks){
            .line = v->rec->line,
            .supervisor = sup_ok ? xstrndup(sup.s, sup.n) : NULL,
            .line_manager = lm_ok ? xstrndup(lm.s, lm.n) : NULL,
        };
        r->link = (long)v->nlinks++;
    }
    return ok;
}

/* A linked staff member must be in this file or the database: 1 found, 0
 * reported missing, <0 the lookup failed. */
static int link_found(ImportRows *v, long line, const char *column, const char *id)
{
    size_t n = strlen(id);
    int64_t first, ref;
    if (strmap_get(v->seen, id, n, &first)) return 1;
    int rc = v->lookup->staff(v->lookup->ctx, id, n, &ref);
    if (rc == 0)
        import_error(v->rep, v->file, line, "%s \"%s\": no such staff member in this file or the database", column, id);
    return rc;
}

bool import_rows_finish(ImportRows *v)
{
    for (size_t i = 0; i < v->nlinks; i++) {
        const ImportStaffLinks *l = &v->links[i];
        int rs = l->supervisor ? link_found(v, l->line, "supervisor", l->supervisor) : 1;
        if (rs < 0) return false;
        int rl = l->line_manager ? link_found(v, l->line, "line_manager", l->line_manager) : 1;
        if (rl < 0) return false;
    }
    return true;
}

const ImportStaffLinks *import_rows_links(const ImportRows *v, size_t *n)
{
    *n = v->nlinks;
    return v->links;
}

/* ---- cases ---- */

static bool case_row(ImportRows *v, ImportRow *row)
{
    ImportCaseRow *r = &row->case_;
    ImportText worker;
    bool has_alloc, ok = true;
    Interval every;

    ok &= want_unique_id(v, CA_ID, &r->id);
    r->category.s = field(v, CA_CATEGORY, &r->category.n);
    if (r->category.n == 0) {
        bad(v, CA_CATEGORY, "is required");
        ok = false;
    } else if (!policy_category(v->pol, r->category.s, r->category.n)) {
        bad(v, CA_CATEGORY, "not a case category in the policy \"%s\" (see: oversight policy show)", v->pol->name);
        ok = false;
    }
    if (want_id(v, CA_WORKER, &worker))
        ok &= want_staff(v, CA_WORKER, worker, &r->worker_ref);
    else
        ok = false;
    ok &= want_date(v, CA_ALLOCATED, true, &r->allocated, &has_alloc);
    if (want_date(v, CA_CLOSED, false, &r->closed, &r->has_closed)) {
        if (r->has_closed && has_alloc && r->closed < r->allocated) {
            char a[11];
            date_format(r->allocated, a);
            odd(v, CA_CLOSED, "is before allocated_date %s: the case is never listed as due", a);
        }
    } else {
        ok = false;
    }
    r->every.s = field(v, CA_EVERY, &r->every.n);
    if (r->every.n && !interval_parse(r->every.s, r->every.n, &every)) {
        bad(v, CA_EVERY, "not an interval: use a whole number and d, w or m, e.g. 2w");
        ok = false;
    }
    /* The child's name or initials: any Unicode (the reader checked UTF-8),
     * on one line, as a staff member's name. */
    ok &= want_text(v, CA_NAME, false, MAX_NAME_BYTES, &r->name);
    return ok;
}

/* ---- sessions ---- */

static const char *const session_types[] = {"individual", "group", "informal"};
static const char *const session_statuses[] = {"held", "cancelled"};

static int one_of(const char *s, size_t n, const char *const *names, int count)
{
    for (int i = 0; i < count; i++)
        if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0) return i;
    return -1;
}

static bool session_row(ImportRows *v, ImportRow *row)
{
    ImportSessionRow *r = &row->session;
    ImportText sup, type, status, list;
    bool has_date, ok = true;

    if (want_unique_id(v, SE_ID, &r->id)) {
        ImportSession was;
        int rc = v->lookup->session(v->lookup->ctx, r->id.s, r->id.n, &was);
        if (rc < 0) return false;
        if (rc == 1 && was.recorded) {
            bad(v, SE_ID,
                "was recorded in the application and a supervision record stands on it, so an import"
                " cannot change it (give imported sessions ids of their own)");
            ok = false;
        }
    } else {
        ok = false;
    }
    ok &= want_date(v, SE_DATE, true, &r->date, &has_date);
    if (want_id(v, SE_SUPERVISOR, &sup))
        ok &= want_staff(v, SE_SUPERVISOR, sup, &r->supervisor_ref);
    else
        ok = false;
    type.s = field(v, SE_TYPE, &type.n);
    int t = type.n ? one_of(type.s, type.n, session_types, 3) : 0;
    if (t < 0) {
        bad(v, SE_TYPE, "must be individual, group or informal");
        ok = false;
    }
    status.s = field(v, SE_STATUS, &status.n);
    int s = status.n ? one_of(status.s, status.n, session_statuses, 2) : 0;
    if (s < 0) {
        bad(v, SE_STATUS, "must be held or cancelled");
        ok = false;
    }

    /* Supervisees: "S1" or, for group sessions, "S1;S2;S3". */
    r->nsupervisees = 0;
    list.s = field(v, SE_SUPERVISEE, &list.n);
    if (list.n == 0) {
        bad(v, SE_SUPERVISEE, "is required");
        ok = false;
    }
    for (size_t i = 0; i < list.n && ok;) {
        size_t j = i;
        while (j < list.n && list.s[j] != ';') j++;
        size_t a = i, b = j;
        while (a < b && list.s[a] == ' ') a++;
        while (b > a && list.s[b - 1] == ' ') b--;
        int64_t ref;
        if (!import_valid_id(list.s + a, b - a)) {
            bad(v, SE_SUPERVISEE, "each supervisee %s, separated by ';'", ID_RULE);
            ok = false;
        } else if (r->nsupervisees == IMPORT_MAX_SUPERVISEES) {
            bad(v, SE_SUPERVISEE, "more than %d supervisees", IMPORT_MAX_SUPERVISEES);
            ok = false;
        } else if (v->lookup->staff(v->lookup->ctx, list.s + a, b - a, &ref) != 1) {
            import_error(v->rep, v->file, v->rec->line, "supervisee \"%.*s\": no such staff member in the database",
                         (int)(b - a), list.s + a);
            ok = false;
        } else {
            for (size_t k = 0; k < r->nsupervisees; k++)
                if (r->supervisees[k] == ref) {
                    import_error(v->rep, v->file, v->rec->line, "supervisee \"%.*s\": named twice", (int)(b - a),
                                 list.s + a);
                    ok = false;
                }
            r->supervisees[r->nsupervisees++] = ref;
        }
        i = j + 1;
    }
    if (ok && t >= 0 && t != 1 && r->nsupervisees != 1) {
        bad(v, SE_SUPERVISEE, "an %s session has exactly one supervisee (only group sessions have several)",
            session_types[t]);
        ok = false;
    }
    if (!ok) return false;
    r->type = session_types[t];
    r->individual = t == 0;
    r->status = session_statuses[s];
    r->held = s == 0;
    return true;
}

/* ---- discussions ---- */

static bool discussion_row(ImportRows *v, ImportRow *row)
{
    ImportDiscussionRow *r = &row->discussion;
    ImportText sid, cid;
    bool ok = true;
    if (want_id(v, DI_SESSION, &sid)) {
        int rc = v->lookup->session(v->lookup->ctx, sid.s, sid.n, &r->session);
        if (rc < 0) return false;
        if (rc == 0) {
            bad(v, DI_SESSION, "no such session in the database (import the sessions file first)");
            ok = false;
        } else if (r->session.recorded) {
            bad(v, DI_SESSION,
                "was recorded in the application and a supervision record stands on it, so an"
                " import cannot add discussions to it");
            ok = false;
        }
    } else {
        ok = false;
    }
    if (want_id(v, DI_CASE, &cid)) {
        int rc = v->lookup->case_(v->lookup->ctx, cid.s, cid.n, &r->case_ref);
        if (rc < 0) return false;
        if (rc == 0) {
            bad(v, DI_CASE, "no such case in the database (import the cases file first)");
            ok = false;
        }
    } else {
        ok = false;
    }
    return ok;
}

/* ---- teams ---- */

/* A team's service and manager. The file describes each team whole: an
 * empty service or manager clears the old one. */
static bool team_row(ImportRows *v, ImportRow *row)
{
    ImportTeamRow *r = &row->team;
    ImportText manager;
    r->manager_ref = 0;
    bool ok = want_text(v, TE_NAME, true, MAX_TEAM_BYTES, &r->name);
    int64_t first;
    if (ok && !strmap_put(v->seen, r->name.s, r->name.n, v->rec->line, &first)) {
        bad(v, TE_NAME, "is already on line %lld of this file", (long long)first);
        ok = false;
    }
    ok &= want_text(v, TE_SERVICE, false, MAX_TEAM_BYTES, &r->service);
    manager.s = field(v, TE_MANAGER, &manager.n);
    if (manager.n && !import_valid_id(manager.s, manager.n)) {
        bad(v, TE_MANAGER, ID_RULE);
        ok = false;
    } else if (manager.n) {
        ok &= want_staff(v, TE_MANAGER, manager, &r->manager_ref);
    }
    return ok;
}

/* ---- the file ---- */

#define KIND(name, cols, row)                       \
    {                                               \
        name, cols, sizeof cols / sizeof *cols, row \
    }
static const KindSpec kinds[IMPORT_KIND_COUNT] = {
    [IMPORT_STAFF] = KIND("staff", staff_columns, staff_row),
    [IMPORT_CASES] = KIND("cases", case_columns, case_row),
    [IMPORT_SESSIONS] = KIND("sessions", session_columns, session_row),
    [IMPORT_DISCUSSIONS] = KIND("discussions", discussion_columns, discussion_row),
    [IMPORT_TEAMS] = KIND("teams", team_columns, team_row),
};

const char *import_kind_name(ImportKind k) { return kinds[k].name; }

bool import_kind_parse(const char *name, ImportKind *out)
{
    for (int k = 0; k < IMPORT_KIND_COUNT; k++)
        if (strcmp(name, kinds[k].name) == 0) {
            *out = (ImportKind)k;
            return true;
        }
    return false;
}

ImportRows *import_rows_new(ImportKind kind, const Policy *pol, const char *file, const ImportLookup *lookup,
                            ImportReport *rep)
{
    ImportRows *v = xcalloc(1, sizeof *v);
    *v = (ImportRows){.pol = pol, .file = file, .lookup = lookup, .rep = rep, .kind = &kinds[kind]};
    for (size_t c = 0; c < MAX_COLUMNS; c++) v->field_of[c] = -1;
    v->seen = strmap_new();
    return v;
}

void import_rows_free(ImportRows *v)
{
    if (!v) return;
    for (size_t i = 0; i < v->nlinks; i++) {
        free(v->links[i].supervisor);
        free(v->links[i].line_manager);
    }
    free(v->links);
    strmap_free(v->seen);
    free(v);
}

void import_rows_empty(ImportRows *v)
{
    Buf b = {0};
    buf_addf(&b, "the file is empty: the first line must name the columns (");
    for (size_t c = 0; c < v->kind->ncolumns; c++) buf_addf(&b, "%s%s", c ? ", " : "", v->kind->columns[c].name);
    buf_adds(&b, ")");
    import_error(v->rep, v->file, 0, "%s", b.data);
    buf_free(&b);
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')) (*n)--;
}

bool import_rows_header(ImportRows *v, const CsvRecord *rec)
{
    const KindSpec *k = v->kind;
    size_t before = v->rep->nerrors;
    v->header_fields = rec->nfields;
    for (size_t f = 0; f < rec->nfields; f++) {
        const char *h = rec->fields[f].data;
        size_t n = rec->fields[f].len;
        trim(&h, &n);
        size_t c = 0;
        while (c < k->ncolumns && !(strlen(k->columns[c].name) == n && strncasecmp(k->columns[c].name, h, n) == 0)) c++;
        if (c == k->ncolumns) {
            Buf b = {0};
            buf_addf(&b, "%s:%ld: column \"", v->file, rec->line);
            show_value(&b, h, n);
            buf_adds(&b, "\" is not a column of a ");
            buf_addf(&b, "%s file and is ignored", k->name);
            add_message(&v->rep->warnings, &v->rep->nwarnings, b.data);
        } else if (v->field_of[c] >= 0) {
            import_error(v->rep, v->file, rec->line, "column \"%s\" appears twice in the header", k->columns[c].name);
        } else {
            v->field_of[c] = (int)f;
        }
    }
    for (size_t c = 0; c < k->ncolumns; c++)
        if (k->columns[c].required && v->field_of[c] < 0)
            import_error(v->rep, v->file, rec->line, "missing required column \"%s\"", k->columns[c].name);
    return v->rep->nerrors == before;
}

bool import_rows_check(ImportRows *v, const CsvRecord *rec, ImportRow *row)
{
    if (rec->nfields == 1 && rec->fields[0].len == 0) return false; /* a blank line */
    v->rep->rows++;
    if (rec->nfields != v->header_fields) {
        import_error(v->rep, v->file, rec->line, "%zu fields, but the header has %zu", rec->nfields, v->header_fields);
        return false;
    }
    memset(row, 0, sizeof *row);
    row->kind = (ImportKind)(v->kind - kinds);
    row->line = rec->line;
    v->rec = rec;
    bool ok = v->kind->row(v, row);
    v->rec = NULL;
    return ok;
}

/* A field of rec by column spec, as field() gives the current record's. */
static ImportText rec_field(const ImportRows *v, const CsvRecord *rec, int col)
{
    int f = v->field_of[col];
    return f < 0 ? (ImportText){"", 0} : (ImportText){rec->fields[f].data, rec->fields[f].len};
}

static void give_ref(ImportRefFn fn, void *ctx, ImportRefKind kind, ImportText id)
{
    if (import_valid_id(id.s, id.n)) fn(ctx, kind, id.s, id.n);
}

void import_rows_refs(const ImportRows *v, const CsvRecord *rec, ImportRefFn fn, void *ctx)
{
    if (rec->nfields != v->header_fields) return;
    switch ((ImportKind)(v->kind - kinds)) {
    case IMPORT_STAFF:
        give_ref(fn, ctx, IMPORT_REF_STAFF, rec_field(v, rec, ST_SUPERVISOR));
        give_ref(fn, ctx, IMPORT_REF_STAFF, rec_field(v, rec, ST_LINE_MANAGER));
        break;
    case IMPORT_CASES: give_ref(fn, ctx, IMPORT_REF_STAFF, rec_field(v, rec, CA_WORKER)); break;
    case IMPORT_SESSIONS: {
        give_ref(fn, ctx, IMPORT_REF_SESSION, rec_field(v, rec, SE_ID));
        give_ref(fn, ctx, IMPORT_REF_STAFF, rec_field(v, rec, SE_SUPERVISOR));
        /* Supervisees as session_row reads them: ';' between, spaces trimmed. */
        ImportText list = rec_field(v, rec, SE_SUPERVISEE);
        for (size_t i = 0; i < list.n;) {
            size_t j = i;
            while (j < list.n && list.s[j] != ';') j++;
            size_t a = i, b = j;
            while (a < b && list.s[a] == ' ') a++;
            while (b > a && list.s[b - 1] == ' ') b--;
            give_ref(fn, ctx, IMPORT_REF_STAFF, (ImportText){list.s + a, b - a});
            i = j + 1;
        }
        break;
    }
    case IMPORT_DISCUSSIONS:
        give_ref(fn, ctx, IMPORT_REF_SESSION, rec_field(v, rec, DI_SESSION));
        give_ref(fn, ctx, IMPORT_REF_CASE, rec_field(v, rec, DI_CASE));
        break;
    case IMPORT_TEAMS: give_ref(fn, ctx, IMPORT_REF_STAFF, rec_field(v, rec, TE_MANAGER)); break;
    default: break;
    }
}

void import_rows_syntax(ImportRows *v, const CsvReader *r)
{
    long col = csv_error_column(r);
    char where[48];
    if (col > 0)
        strfmt(where, sizeof where, "%ld:%ld", csv_error_line(r), col);
    else
        strfmt(where, sizeof where, "%ld", csv_error_line(r));
    add_message(&v->rep->errors, &v->rep->nerrors, xasprintf("%s:%s: %s", v->file, where, csv_error(r)));
}
