/* import.c: the CSV imports of the contract.
 *
 * One pass over the file: each record is validated; while no error has been
 * found it is also written, inside one transaction. Any error stops the
 * writing (the rest of the file is still checked, so that people see up to
 * IMPORT_MAX_ERRORS problems at once) and the transaction is rolled back.
 * Staff may name supervisors further down the same file, so staff links are
 * resolved after the last row. */
#include "svc/import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/date.h"

typedef struct {
    const char *name;
    bool required;
} ColumnSpec;

enum { ST_ID, ST_NAME, ST_EMAIL, ST_ROLE, ST_TEAM, ST_SUPERVISOR, ST_LINE_MANAGER, ST_START, ST_FTE, ST_LEFT };
static const ColumnSpec staff_columns[] = {
    {"id", true},          {"name", true},          {"email", false},      {"role", true},
    {"team", false},       {"supervisor", false},   {"line_manager", false}, {"start_date", true},
    {"fte", false},        {"left_date", false},
};

enum { CA_ID, CA_CATEGORY, CA_WORKER, CA_ALLOCATED, CA_CLOSED, CA_EVERY };
static const ColumnSpec case_columns[] = {
    {"id", true}, {"category", true}, {"worker", true}, {"allocated_date", true}, {"closed_date", false}, {"every", false},
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
#define MAX_SUPERVISEES 100

/* A staff row's links, resolved once the whole file has been read. */
typedef struct {
    int64_t ref;
    long line;
    char *supervisor;
    char *line_manager;
} StaffLinks;

typedef struct Import Import;
typedef void (*RowFn)(Import *im);

typedef struct {
    const char *name;
    const ColumnSpec *columns;
    size_t ncolumns;
    RowFn row;
    RowFn finish;
} KindSpec;

struct Import {
    Store *st;
    const Policy *pol;
    const char *file;
    ImportReport *rep;
    const KindSpec *kind;
    int field_of[MAX_COLUMNS]; /* column spec -> field index, -1 when absent */
    size_t header_fields;
    const CsvRecord *rec;
    bool writing; /* no error yet: rows are being written */
    int env;      /* a store failure that ends the import */
    StrMap *seen; /* ids in this file -> line */
    StrMap *refs; /* cache: id -> ref (staff, cases, teams) */
    StaffLinks *links;
    size_t nlinks, links_cap;
    /* discussions: the last session looked up */
    char last_session[65];
    int64_t last_session_ref;
    char last_session_date[11];
    bool last_session_held;
};

static void add_message(char ***list, size_t *n, char *msg)
{
    *list = xrealloc(*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = msg;
}

static void error_at(Import *im, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void error_at(Import *im, long line, const char *fmt, ...)
{
    im->writing = false;
    if (im->rep->nerrors > IMPORT_MAX_ERRORS) return;
    if (im->rep->nerrors == IMPORT_MAX_ERRORS) {
        add_message(&im->rep->errors, &im->rep->nerrors,
                    xasprintf("%s: more than %d problems; fix these and import again", im->file,
                              IMPORT_MAX_ERRORS));
        return;
    }
    Buf b = {0};
    if (line > 0)
        buf_addf(&b, "%s:%ld: ", im->file, line);
    else
        buf_addf(&b, "%s: ", im->file);
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    add_message(&im->rep->errors, &im->rep->nerrors, b.data);
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

/* "FILE:LINE: column "value": problem" for the current record. */
static void bad(Import *im, int col, const char *problem, ...) __attribute__((format(printf, 3, 4)));
static void bad(Import *im, int col, const char *problem, ...)
{
    Buf b = {0};
    int f = im->field_of[col];
    const CsvField *fld = f >= 0 ? &im->rec->fields[f] : NULL;
    buf_addf(&b, "%s \"", im->kind->columns[col].name);
    if (fld) show_value(&b, fld->data, fld->len);
    buf_adds(&b, "\": ");
    va_list ap;
    va_start(ap, problem);
    buf_vaddf(&b, problem, ap);
    va_end(ap);
    error_at(im, im->rec->line, "%s", b.data);
    buf_free(&b);
}

static const char *field(const Import *im, int col, size_t *len)
{
    int f = im->field_of[col];
    if (f < 0) {
        *len = 0;
        return "";
    }
    *len = im->rec->fields[f].len;
    return im->rec->fields[f].data;
}

/* A warning about the current record: the row is still imported. Used for
 * data that is odd but that the contract allows. */
static void odd(Import *im, int col, const char *problem, ...) __attribute__((format(printf, 3, 4)));
static void odd(Import *im, int col, const char *problem, ...)
{
    if (im->rep->nwarnings >= IMPORT_MAX_ERRORS) return;
    Buf b = {0};
    size_t n;
    const char *v = field(im, col, &n);
    buf_addf(&b, "%s:%ld: %s \"", im->file, im->rec->line, im->kind->columns[col].name);
    show_value(&b, v, n);
    buf_adds(&b, "\": ");
    va_list ap;
    va_start(ap, problem);
    buf_vaddf(&b, problem, ap);
    va_end(ap);
    add_message(&im->rep->warnings, &im->rep->nwarnings, b.data);
}

static bool store_ok(Import *im, int rc)
{
    if (rc >= 0) return true;
    if (rc == STORE_ENV) {
        im->env = rc;
        im->writing = false;
        return false;
    }
    error_at(im, im->rec ? im->rec->line : 0, "could not be saved: %s", store_error(im->st));
    return false;
}

bool import_valid_id(const char *s, size_t n)
{
    if (n < 1 || n > 64) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.'))
            return false;
    }
    return true;
}

#define ID_RULE "must be 1-64 letters, digits, '-', '_' or '.'"

/* Validators: each checks one field and reports it; true when it is good. */

static bool want_id(Import *im, int col, const char **s, size_t *n)
{
    *s = field(im, col, n);
    if (*n == 0) {
        bad(im, col, "is required");
        return false;
    }
    if (!import_valid_id(*s, *n)) {
        bad(im, col, ID_RULE);
        return false;
    }
    return true;
}

static bool want_unique_id(Import *im, int col, const char **s, size_t *n)
{
    if (!want_id(im, col, s, n)) return false;
    int64_t first;
    if (!strmap_put(im->seen, *s, *n, im->rec->line, &first)) {
        bad(im, col, "is already on line %lld of this file", (long long)first);
        return false;
    }
    return true;
}

static bool want_date(Import *im, int col, bool required, Date *d, bool *present)
{
    size_t n;
    const char *s = field(im, col, &n);
    *present = n > 0;
    if (n == 0) {
        if (required) bad(im, col, "is required");
        return !required;
    }
    if (!date_parse(s, n, d)) {
        bad(im, col, "not a valid date: use YYYY-MM-DD, e.g. 2026-03-31");
        return false;
    }
    return true;
}

static bool want_text(Import *im, int col, bool required, size_t max, const char **s, size_t *n)
{
    *s = field(im, col, n);
    if (*n == 0 && required) {
        bad(im, col, "is required");
        return false;
    }
    if (*n > max) {
        bad(im, col, "is longer than %zu bytes", max);
        return false;
    }
    for (size_t i = 0; i < *n; i++)
        if ((unsigned char)(*s)[i] < 0x20 || (*s)[i] == 0x7f) {
            bad(im, col, "contains a control character or line break");
            return false;
        }
    return true;
}

/* Looks up an id's ref through the cache, then the database. 1 found, 0 not, <0 store error. */
static int lookup(Import *im, StmtId stmt, const char *s, size_t n, int64_t *ref)
{
    if (strmap_get(im->refs, s, n, ref)) return 1;
    Param p[] = {P_TEXT(s, n)};
    int rc = store_query_int(im->st, stmt, p, 1, ref);
    if (rc == 1) strmap_put(im->refs, s, n, *ref, NULL);
    return rc;
}

/* A staff id that must already be in the database. */
static bool want_staff(Import *im, int col, const char *s, size_t n, int64_t *ref)
{
    int rc = lookup(im, STMT_STAFF_FIND, s, n, ref);
    if (rc < 0) return store_ok(im, rc);
    if (rc == 0) {
        bad(im, col, "no such staff member in the database (import the staff file first)");
        return false;
    }
    return true;
}

static void add_param_date(Param *p, Date d, bool present, char buf[11])
{
    if (present) {
        date_format(d, buf);
        *p = P_TEXT(buf, 10);
    } else {
        *p = P_NULL;
    }
}

/* ---- staff ---- */

/* The ref of a team or service by name, added when new; -1 after a store
 * failure (reported). Names share the cache with ids; a prefix keeps them apart. */
static int64_t named_ref(Import *im, const char *prefix, StmtId find, StmtId add, const char *name, size_t n)
{
    Buf key = {0};
    buf_adds(&key, prefix);
    buf_add(&key, name, n);
    int64_t ref;
    if (!strmap_get(im->refs, key.data, key.len, &ref)) {
        Param p[] = {P_TEXT(name, n)};
        int rc = store_query_int(im->st, find, p, 1, &ref);
        if (rc == 0) rc = store_query_int(im->st, add, p, 1, &ref);
        if (rc != 1) {
            store_ok(im, rc < 0 ? rc : STORE_ERROR);
            ref = -1;
        } else {
            strmap_put(im->refs, key.data, key.len, ref, NULL);
        }
    }
    buf_free(&key);
    return ref;
}

static int64_t team_ref(Import *im, const char *name, size_t n)
{
    return named_ref(im, "team\n", STMT_TEAM_FIND, STMT_TEAM_ADD, name, n);
}

static void staff_row(Import *im)
{
    const char *id, *name, *email, *role, *team, *sup, *lm;
    size_t idn, namen, emailn, rolen, teamn, supn, lmn;
    Date start, left;
    bool has_start, has_left, ok = true;
    Fte fte = FTE_FULL;

    ok &= want_unique_id(im, ST_ID, &id, &idn);
    ok &= want_text(im, ST_NAME, true, MAX_NAME_BYTES, &name, &namen);
    if (want_text(im, ST_EMAIL, false, MAX_EMAIL_BYTES, &email, &emailn)) {
        if (emailn && (!memchr(email, '@', emailn) || memchr(email, ' ', emailn))) {
            bad(im, ST_EMAIL, "not an email address");
            ok = false;
        }
    } else {
        ok = false;
    }
    role = field(im, ST_ROLE, &rolen);
    if (rolen == 0) {
        bad(im, ST_ROLE, "is required");
        ok = false;
    } else if (!policy_role(im->pol, role, rolen)) {
        bad(im, ST_ROLE, "not a role in the policy \"%s\" (see: oversight policy show)", im->pol->name);
        ok = false;
    }
    ok &= want_text(im, ST_TEAM, false, MAX_TEAM_BYTES, &team, &teamn);
    sup = field(im, ST_SUPERVISOR, &supn);
    if (supn && !import_valid_id(sup, supn)) {
        bad(im, ST_SUPERVISOR, ID_RULE);
        ok = false;
    } else if (supn && supn == idn && memcmp(sup, id, idn) == 0) {
        odd(im, ST_SUPERVISOR, "is the person themselves");
    }
    lm = field(im, ST_LINE_MANAGER, &lmn);
    if (lmn && !import_valid_id(lm, lmn)) {
        bad(im, ST_LINE_MANAGER, ID_RULE);
        ok = false;
    } else if (lmn && lmn == idn && memcmp(lm, id, idn) == 0) {
        odd(im, ST_LINE_MANAGER, "is the person themselves");
    }
    ok &= want_date(im, ST_START, true, &start, &has_start);
    size_t ften;
    const char *ftes = field(im, ST_FTE, &ften);
    if (ften) {
        const char *why = fte_parse(ftes, ften, &fte);
        if (why) {
            bad(im, ST_FTE, "%s", why);
            ok = false;
        }
    }
    if (want_date(im, ST_LEFT, false, &left, &has_left)) {
        if (has_left && has_start && left < start) {
            char s[11];
            date_format(start, s);
            odd(im, ST_LEFT, "is before start_date %s: the person is never listed as due", s);
        }
    } else {
        ok = false;
    }
    /* Links are checked after the last row, whether or not this row is good,
     * so that one pass reports every dangling reference. */
    bool sup_ok = supn && import_valid_id(sup, supn), lm_ok = lmn && import_valid_id(lm, lmn);
    StaffLinks *link = NULL;
    if (sup_ok || lm_ok) {
        xgrow((void **)&im->links, &im->links_cap, im->nlinks + 1, sizeof *im->links);
        link = &im->links[im->nlinks++];
        *link = (StaffLinks){
            .line = im->rec->line,
            .supervisor = sup_ok ? xstrndup(sup, supn) : NULL,
            .line_manager = lm_ok ? xstrndup(lm, lmn) : NULL,
        };
    }
    if (!ok || !im->writing) return;

    int64_t tref = teamn ? team_ref(im, team, teamn) : 0;
    if (tref < 0) return;
    char startbuf[11], leftbuf[11];
    Param p[8] = {P_TEXT(id, idn), P_TEXT(name, namen), emailn ? P_TEXT(email, emailn) : P_NULL,
                  P_TEXT(role, rolen), teamn ? P_INT(tref) : P_NULL};
    add_param_date(&p[5], start, true, startbuf);
    p[6] = P_INT(fte);
    add_param_date(&p[7], left, has_left, leftbuf);
    int64_t ref;
    int rc = store_query_int(im->st, STMT_STAFF_UPSERT, p, 8, &ref);
    if (rc != 1) {
        store_ok(im, rc < 0 ? rc : STORE_ERROR);
        return;
    }
    strmap_put(im->refs, id, idn, ref, NULL);
    if (link) {
        link->ref = ref;
    } else {
        /* No links given: clear any old ones, as the file describes the row whole. */
        Param q[] = {P_INT(ref), P_NULL, P_NULL};
        store_ok(im, store_exec(im->st, STMT_STAFF_SET_MANAGERS, q, 3, NULL));
    }
}

/* Finds a linked staff member in this file or the database. 1 found (*ref
 * set while rows are being written), 0 reported missing, <0 store error. */
static int resolve_link(Import *im, long line, const char *column, const char *id, int64_t *ref)
{
    size_t n = strlen(id);
    int64_t first;
    if (!im->writing && strmap_get(im->seen, id, n, &first)) return 1;
    int rc = lookup(im, STMT_STAFF_FIND, id, n, ref);
    if (rc == 0) error_at(im, line, "%s \"%s\": no such staff member in this file or the database", column, id);
    return rc;
}

static void staff_finish(Import *im)
{
    for (size_t i = 0; i < im->nlinks && !im->env; i++) {
        const StaffLinks *l = &im->links[i];
        int64_t sref = 0, lref = 0;
        int rs = l->supervisor ? resolve_link(im, l->line, "supervisor", l->supervisor, &sref) : 1;
        int rl = l->line_manager ? resolve_link(im, l->line, "line_manager", l->line_manager, &lref) : 1;
        if (rs < 0 || rl < 0) {
            store_ok(im, rs < 0 ? rs : rl);
            break;
        }
        if (!im->writing) continue;
        Param p[] = {P_INT(l->ref), l->supervisor ? P_INT(sref) : P_NULL, l->line_manager ? P_INT(lref) : P_NULL};
        store_ok(im, store_exec(im->st, STMT_STAFF_SET_MANAGERS, p, 3, NULL));
    }
}

/* ---- cases ---- */

static void case_row(Import *im)
{
    const char *id, *cat, *worker;
    size_t idn, catn, workern, everyn;
    Date alloc, closed;
    bool has_alloc, has_closed, ok = true;
    Interval every;

    ok &= want_unique_id(im, CA_ID, &id, &idn);
    cat = field(im, CA_CATEGORY, &catn);
    if (catn == 0) {
        bad(im, CA_CATEGORY, "is required");
        ok = false;
    } else if (!policy_category(im->pol, cat, catn)) {
        bad(im, CA_CATEGORY, "not a case category in the policy \"%s\" (see: oversight policy show)",
            im->pol->name);
        ok = false;
    }
    int64_t wref = 0;
    if (want_id(im, CA_WORKER, &worker, &workern))
        ok &= want_staff(im, CA_WORKER, worker, workern, &wref);
    else
        ok = false;
    ok &= want_date(im, CA_ALLOCATED, true, &alloc, &has_alloc);
    if (want_date(im, CA_CLOSED, false, &closed, &has_closed)) {
        if (has_closed && has_alloc && closed < alloc) {
            char a[11];
            date_format(alloc, a);
            odd(im, CA_CLOSED, "is before allocated_date %s: the case is never listed as due", a);
        }
    } else {
        ok = false;
    }
    const char *everys = field(im, CA_EVERY, &everyn);
    if (everyn && !interval_parse(everys, everyn, &every)) {
        bad(im, CA_EVERY, "not an interval: use a whole number and d, w or m, e.g. 2w");
        ok = false;
    }
    if (!ok || !im->writing) return;

    char abuf[11], cbuf[11];
    Param p[6] = {P_TEXT(id, idn), P_TEXT(cat, catn), P_INT(wref)};
    add_param_date(&p[3], alloc, true, abuf);
    add_param_date(&p[4], closed, has_closed, cbuf);
    p[5] = everyn ? P_TEXT(everys, everyn) : P_NULL;
    store_ok(im, store_exec(im->st, STMT_CASE_UPSERT, p, 6, NULL));
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

static void session_row(Import *im)
{
    const char *id, *sup, *type, *status, *list;
    size_t idn, supn, typen, statusn, listn;
    Date date;
    bool has_date, ok = true;

    ok &= want_unique_id(im, SE_ID, &id, &idn);
    ok &= want_date(im, SE_DATE, true, &date, &has_date);
    int64_t supref = 0;
    if (want_id(im, SE_SUPERVISOR, &sup, &supn))
        ok &= want_staff(im, SE_SUPERVISOR, sup, supn, &supref);
    else
        ok = false;
    type = field(im, SE_TYPE, &typen);
    int t = typen ? one_of(type, typen, session_types, 3) : 0;
    if (t < 0) {
        bad(im, SE_TYPE, "must be individual, group or informal");
        ok = false;
    }
    status = field(im, SE_STATUS, &statusn);
    int held = statusn ? one_of(status, statusn, session_statuses, 2) : 0;
    if (held < 0) {
        bad(im, SE_STATUS, "must be held or cancelled");
        ok = false;
    }
    held = held == 0;

    /* Supervisees: "S1" or, for group sessions, "S1;S2;S3". */
    int64_t refs[MAX_SUPERVISEES];
    size_t nrefs = 0;
    list = field(im, SE_SUPERVISEE, &listn);
    if (listn == 0) {
        bad(im, SE_SUPERVISEE, "is required");
        ok = false;
    }
    for (size_t i = 0; i < listn && ok;) {
        size_t j = i;
        while (j < listn && list[j] != ';') j++;
        size_t a = i, b = j;
        while (a < b && list[a] == ' ') a++;
        while (b > a && list[b - 1] == ' ') b--;
        int64_t ref;
        if (!import_valid_id(list + a, b - a)) {
            bad(im, SE_SUPERVISEE, "each supervisee %s, separated by ';'", ID_RULE);
            ok = false;
        } else if (nrefs == MAX_SUPERVISEES) {
            bad(im, SE_SUPERVISEE, "more than %d supervisees", MAX_SUPERVISEES);
            ok = false;
        } else if (lookup(im, STMT_STAFF_FIND, list + a, b - a, &ref) != 1) {
            error_at(im, im->rec->line, "supervisee \"%.*s\": no such staff member in the database",
                     (int)(b - a), list + a);
            ok = false;
        } else {
            for (size_t k = 0; k < nrefs; k++)
                if (refs[k] == ref) {
                    error_at(im, im->rec->line, "supervisee \"%.*s\": named twice", (int)(b - a), list + a);
                    ok = false;
                }
            refs[nrefs++] = ref;
        }
        i = j + 1;
    }
    if (ok && t >= 0 && t != 1 && nrefs != 1) {
        bad(im, SE_SUPERVISEE, "an %s session has exactly one supervisee (only group sessions have several)",
            session_types[t]);
        ok = false;
    }
    if (!ok || !im->writing) return;

    char dbuf[11];
    date_format(date, dbuf);
    Param p[] = {P_TEXT(id, idn), P_TEXT(dbuf, 10), P_INT(supref), P_STR(session_types[t]),
                 P_STR(session_statuses[held ? 0 : 1])};
    if (!store_ok(im, store_exec(im->st, STMT_SESSION_UPSERT, p, 5, NULL))) return;
    Param c[] = {P_TEXT(id, idn)};
    if (!store_ok(im, store_exec(im->st, STMT_ATTENDEES_CLEAR, c, 1, NULL))) return;
    for (size_t k = 0; k < nrefs; k++) {
        Param a[] = {P_TEXT(id, idn), P_INT(refs[k]), P_TEXT(dbuf, 10), P_INT(held && t == 0)};
        if (!store_ok(im, store_exec(im->st, STMT_ATTENDEE_ADD, a, 4, NULL))) return;
    }
    /* A session that moved or was cancelled moves its discussions with it. */
    Param r[] = {P_TEXT(id, idn), P_TEXT(dbuf, 10), P_INT(held)};
    store_ok(im, store_exec(im->st, STMT_DISCUSSIONS_RESYNC, r, 3, NULL));
}

/* ---- discussions ---- */

static void discussion_row(Import *im)
{
    const char *sid, *cid;
    size_t sidn, cidn;
    bool ok = true;
    if (want_id(im, DI_SESSION, &sid, &sidn)) {
        /* Files list a session's discussions together: remember the last one. */
        if (!(strlen(im->last_session) == sidn && memcmp(im->last_session, sid, sidn) == 0)) {
            im->last_session[0] = 0;
            Param p[] = {P_TEXT(sid, sidn)};
            StoreRows *r = store_query(im->st, STMT_SESSION_FIND, p, 1);
            if (!r) {
                store_ok(im, STORE_ENV);
                return;
            }
            int rc = store_next(r);
            if (rc == 1) {
                memcpy(im->last_session, sid, sidn);
                im->last_session[sidn] = 0;
                im->last_session_ref = store_col_int(r, 0);
                size_t n;
                const char *d = store_col_text(r, 1, &n);
                snprintf(im->last_session_date, sizeof im->last_session_date, "%.10s", d);
                im->last_session_held = strcmp(store_col_text(r, 2, NULL), "held") == 0;
            }
            store_rows_close(r);
            if (rc < 0) {
                store_ok(im, rc);
                return;
            }
            if (rc == 0) {
                bad(im, DI_SESSION, "no such session in the database (import the sessions file first)");
                ok = false;
            }
        }
    } else {
        ok = false;
    }
    int64_t cref = 0;
    if (want_id(im, DI_CASE, &cid, &cidn)) {
        int rc = lookup(im, STMT_CASE_FIND, cid, cidn, &cref);
        if (rc < 0) {
            store_ok(im, rc);
            return;
        }
        if (rc == 0) {
            bad(im, DI_CASE, "no such case in the database (import the cases file first)");
            ok = false;
        }
    } else {
        ok = false;
    }
    if (!ok || !im->writing) return;
    Param p[] = {P_INT(im->last_session_ref), P_INT(cref), P_TEXT(im->last_session_date, 10),
                 P_INT(im->last_session_held)};
    store_ok(im, store_exec(im->st, STMT_DISCUSSION_ADD, p, 4, NULL));
}

/* ---- teams ---- */

/* A team's service and manager. The file describes each team whole: an
 * empty service or manager clears the old one. Teams not in the file are
 * left as they are. */
static void team_row(Import *im)
{
    const char *name, *service, *manager;
    size_t namen, servicen, managern;
    int64_t mref = 0;
    bool ok = want_text(im, TE_NAME, true, MAX_TEAM_BYTES, &name, &namen);
    int64_t first;
    if (ok && !strmap_put(im->seen, name, namen, im->rec->line, &first)) {
        bad(im, TE_NAME, "is already on line %lld of this file", (long long)first);
        ok = false;
    }
    ok &= want_text(im, TE_SERVICE, false, MAX_TEAM_BYTES, &service, &servicen);
    manager = field(im, TE_MANAGER, &managern);
    if (managern && !import_valid_id(manager, managern)) {
        bad(im, TE_MANAGER, ID_RULE);
        ok = false;
    } else if (managern) {
        ok &= want_staff(im, TE_MANAGER, manager, managern, &mref);
    }
    if (!ok || !im->writing) return;
    int64_t tref = team_ref(im, name, namen);
    int64_t sref = servicen ? named_ref(im, "service\n", STMT_SERVICE_FIND, STMT_SERVICE_ADD, service, servicen) : 0;
    if (tref < 0 || sref < 0) return;
    Param p[] = {P_INT(tref), servicen ? P_INT(sref) : P_NULL, managern ? P_INT(mref) : P_NULL};
    store_ok(im, store_exec(im->st, STMT_TEAM_SET, p, 3, NULL));
}

/* ---- the file ---- */

#define KIND(name, cols, row, finish) {name, cols, sizeof cols / sizeof *cols, row, finish}
static const KindSpec kinds[IMPORT_KIND_COUNT] = {
    [IMPORT_STAFF] = KIND("staff", staff_columns, staff_row, staff_finish),
    [IMPORT_CASES] = KIND("cases", case_columns, case_row, NULL),
    [IMPORT_SESSIONS] = KIND("sessions", session_columns, session_row, NULL),
    [IMPORT_DISCUSSIONS] = KIND("discussions", discussion_columns, discussion_row, NULL),
    [IMPORT_TEAMS] = KIND("teams", team_columns, team_row, NULL),
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

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')) (*n)--;
}

static bool read_header(Import *im, const CsvRecord *rec)
{
    const KindSpec *k = im->kind;
    for (size_t c = 0; c < k->ncolumns; c++) im->field_of[c] = -1;
    im->header_fields = rec->nfields;
    for (size_t f = 0; f < rec->nfields; f++) {
        const char *h = rec->fields[f].data;
        size_t n = rec->fields[f].len;
        trim(&h, &n);
        size_t c = 0;
        while (c < k->ncolumns && !(strlen(k->columns[c].name) == n && strncasecmp(k->columns[c].name, h, n) == 0))
            c++;
        if (c == k->ncolumns) {
            Buf b = {0};
            buf_addf(&b, "%s:%ld: column \"", im->file, rec->line);
            show_value(&b, h, n);
            buf_adds(&b, "\" is not a column of a ");
            buf_addf(&b, "%s file and is ignored", k->name);
            add_message(&im->rep->warnings, &im->rep->nwarnings, b.data);
        } else if (im->field_of[c] >= 0) {
            error_at(im, rec->line, "column \"%s\" appears twice in the header", k->columns[c].name);
        } else {
            im->field_of[c] = (int)f;
        }
    }
    for (size_t c = 0; c < k->ncolumns; c++)
        if (k->columns[c].required && im->field_of[c] < 0)
            error_at(im, rec->line, "missing required column \"%s\"", k->columns[c].name);
    return im->rep->nerrors == 0;
}

static void list_columns(Buf *b, const KindSpec *k)
{
    for (size_t c = 0; c < k->ncolumns; c++) buf_addf(b, "%s%s", c ? ", " : "", k->columns[c].name);
}

int import_run(Store *st, const Policy *pol, ImportKind kind, CsvReader *reader, const char *name,
               ImportReport *report)
{
    memset(report, 0, sizeof *report);
    Import im = {.st = st, .pol = pol, .file = name, .rep = report, .kind = &kinds[kind], .writing = true};
    im.seen = strmap_new();
    im.refs = strmap_new();
    int rc = store_begin(st);
    if (rc) {
        im.env = rc;
        goto done;
    }
    CsvRecord rec;
    int got = csv_next(reader, &rec);
    if (got == 0) {
        Buf b = {0};
        buf_addf(&b, "the file is empty: the first line must name the columns (");
        list_columns(&b, im.kind);
        buf_adds(&b, ")");
        error_at(&im, 0, "%s", b.data);
        buf_free(&b);
    } else if (got > 0 && read_header(&im, &rec)) {
        while ((got = csv_next(reader, &rec)) > 0 && !im.env) {
            if (rec.nfields == 1 && rec.fields[0].len == 0) continue; /* blank line */
            im.rec = &rec;
            report->rows++;
            if (rec.nfields != im.header_fields) {
                error_at(&im, rec.line, "%zu fields, but the header has %zu", rec.nfields, im.header_fields);
                continue;
            }
            im.kind->row(&im);
        }
        im.rec = NULL;
    }
    if (got < 0) {
        /* The reader cannot go on after a syntax error: this is the last message. */
        long col = csv_error_column(reader);
        char where[48];
        if (col > 0)
            strfmt(where, sizeof where, "%ld:%ld", csv_error_line(reader), col);
        else
            strfmt(where, sizeof where, "%ld", csv_error_line(reader));
        im.writing = false;
        add_message(&report->errors, &report->nerrors, xasprintf("%s:%s: %s", name, where, csv_error(reader)));
    }
    if (!im.env && im.kind->finish) im.kind->finish(&im);
    if (!im.env && im.writing) {
        char now[32];
        time_t t = time(NULL);
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
        Param p[] = {P_STR(im.kind->name), P_STR(name), P_INT(report->rows), P_STR(now)};
        if (store_ok(&im, store_exec(st, STMT_IMPORT_LOG, p, 4, NULL))) {
            rc = store_commit(st);
            if (rc) im.env = rc;
        }
    }
done:
    store_rollback(st);
    for (size_t i = 0; i < im.nlinks; i++) {
        free(im.links[i].supervisor);
        free(im.links[i].line_manager);
    }
    free(im.links);
    strmap_free(im.seen);
    strmap_free(im.refs);
    if (im.env) {
        add_message(&report->errors, &report->nerrors,
                    xasprintf("%s: the database could not be written: %s; nothing was imported", name,
                              store_error(st)));
        return IMPORT_ENV;
    }
    return report->nerrors ? IMPORT_BAD_INPUT : IMPORT_OK;
}

typedef struct {
    FILE *f;
} FileSource;

static long read_from_file(void *ctx, char *buf, size_t n)
{
    FileSource *src = ctx;
    size_t got = fread(buf, 1, n, src->f);
    if (got == 0 && ferror(src->f)) return -1;
    return (long)got;
}

int import_file(Store *st, const Policy *pol, ImportKind kind, const char *path, ImportReport *report)
{
    memset(report, 0, sizeof *report);
    FileSource src = {.f = fopen(path, "rb")};
    if (!src.f) {
        add_message(&report->errors, &report->nerrors, xasprintf("%s: cannot read: %s", path, strerror(errno)));
        return IMPORT_BAD_INPUT;
    }
    CsvReader *r = csv_new(read_from_file, &src);
    ImportReport tmp;
    int rc = import_run(st, pol, kind, r, path, &tmp);
    *report = tmp;
    csv_free(r);
    fclose(src.f);
    return rc;
}

void import_report_free(ImportReport *r)
{
    for (size_t i = 0; i < r->nerrors; i++) free(r->errors[i]);
    for (size_t i = 0; i < r->nwarnings; i++) free(r->warnings[i]);
    free(r->errors);
    free(r->warnings);
    memset(r, 0, sizeof *r);
}
