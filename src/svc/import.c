/* import.c: the CSV imports of the contract (import.h).
 *
 * The file is read whole into memory first (import_read), so that nothing
 * is read from a disk, a pipe or a slow upload while the database's write
 * lock is held. It is then checked without the lock (import_check): each
 * record through format/import_rows.h, asking the database through an
 * ImportLookup whether ids exist, writing nothing. Only a good file takes
 * the lock (import_into): the same pass runs again from memory, now
 * writing each good row, so that anything changed in the database in
 * between is still caught and the import stays all or nothing. Any problem
 * stops the writing (the rest of the file is still checked, so that people
 * see up to IMPORT_MAX_ERRORS problems at once) and the transaction is
 * rolled back by whoever began it. Staff may name supervisors further down
 * the same file, so staff links are written after the last row. Before
 * each pass the ids the file names are asked about all at once (prefetch),
 * and staff, cases, sessions and discussions are written in bulk
 * (store_bulk_*): on PostgreSQL a few COPYs and set statements per file
 * instead of a round trip per row. The one validator still makes every
 * message, so they are the same on both backends. */
#include "svc/import.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/date.h"

/* The answers for the ids of one kind a file names: id -> index into facts,
 * whose ref is 0 for an id not in the database (staff and cases use only
 * the ref). */
typedef struct {
    StrMap *ids;
    ImportSession *facts;
    ImportText *idv; /* each id, in the file's records, by index */
    size_t n, cap, idv_cap;
} Known;

/* A staff row to write: its texts copied (the validator's are valid only
 * for its row), its team as a ref. */
typedef struct {
    char *id, *name, *email, *role; /* email NULL when none */
    int64_t team_ref;               /* 0 for none */
    char start[11], left[11];       /* left "" when none */
    int64_t fte;
    long link;
} StaffRow;

typedef struct {
    Store *st;
    const char *file;
    ImportReport *rep;
    long line;       /* of the record being read, for messages; 0 after the last */
    int env;         /* a store failure that ends the import */
    bool check_only; /* import_check: nothing is written */
    StrMap *refs;    /* cache: id -> ref (staff, cases); team and service names with a prefix */
    StaffRow *staff; /* a staff file's good rows, written in bulk after the last */
    size_t nstaff, staff_cap;
    Known *known;                /* by ImportRefKind: what the database said of the ids the records name (theirs) */
    StoreBulk *bulk;             /* the rows being written, for the kinds written in bulk */
    Buf json;                    /* a session's supervisees, for its row */
    const char *last_session_id; /* the last session found (in the file's records) */
    size_t last_session_n;
    ImportSession last_session;
} Import;

static void add_error(ImportReport *rep, char *msg)
{
    rep->errors = xrealloc(rep->errors, (rep->nerrors + 1) * sizeof *rep->errors);
    rep->errors[rep->nerrors++] = msg;
}

/* Rows are written while nothing has gone wrong. */
static bool writing(const Import *im) { return !im->check_only && im->rep->nerrors == 0 && !im->env; }

/* Records a store failure: one that ends the import, or one about this row. */
static bool store_ok(Import *im, int rc)
{
    if (rc >= 0) return true;
    if (rc == STORE_ENV)
        im->env = rc;
    else
        import_error(im->rep, im->file, im->line, "could not be saved: %s", store_error(im->st));
    return false;
}

/* ---- the file, in memory ---- */

/* Every record of a file: the bytes of its fields one after the other,
 * each NUL-terminated, and where each record's fields start. */
typedef struct {
    size_t off, len;
} Field;

typedef struct {
    size_t first, n; /* its fields */
    long line;
} Record;

struct ImportRecords {
    Buf text;
    Field *fields;
    size_t nfields, fields_cap;
    Record *recs;
    size_t nrecs, recs_cap;
    const CsvReader *reader; /* stopped at a syntax error, else NULL */
    CsvField scratch[CSV_MAX_FIELDS];
    Known known[3]; /* the ids they name, by ImportRefKind, and the database's answers (prefetch) */
};

ImportRecords *import_read(CsvReader *reader)
{
    ImportRecords *r = xcalloc(1, sizeof *r);
    r->text.max = SIZE_MAX / 2; /* no more than the file it came from, which is capped */
    CsvRecord rec;
    int got;
    while ((got = csv_next(reader, &rec)) > 0) {
        xgrow((void **)&r->recs, &r->recs_cap, r->nrecs + 1, sizeof *r->recs);
        r->recs[r->nrecs++] = (Record){r->nfields, rec.nfields, rec.line};
        xgrow((void **)&r->fields, &r->fields_cap, r->nfields + rec.nfields, sizeof *r->fields);
        for (size_t f = 0; f < rec.nfields; f++) {
            r->fields[r->nfields++] = (Field){r->text.len, rec.fields[f].len};
            buf_add(&r->text, rec.fields[f].data, rec.fields[f].len);
            buf_add(&r->text, "", 1);
        }
    }
    if (got < 0) r->reader = reader;
    return r;
}

void import_records_free(ImportRecords *r)
{
    if (!r) return;
    for (int t = 0; t < 3; t++) {
        strmap_free(r->known[t].ids);
        free(r->known[t].facts);
        free(r->known[t].idv);
    }
    buf_free(&r->text);
    free(r->fields);
    free(r->recs);
    free(r);
}

/* Record i as the CSV reader gave it; valid until the next call. */
static void record_at(ImportRecords *r, size_t i, CsvRecord *rec)
{
    const Record *c = &r->recs[i];
    for (size_t f = 0; f < c->n; f++) {
        const Field *k = &r->fields[c->first + f];
        r->scratch[f] = (CsvField){r->text.data + k->off, k->len};
    }
    *rec = (CsvRecord){r->scratch, c->n, c->line};
}

/* ---- what the checking asks ---- */

/* What the database said of an id when the file's ids were asked about all
 * at once (prefetch): 1 found (*out set), 0 not there, -1 not asked. */
static int known(const Import *im, ImportRefKind kind, const char *s, size_t n, ImportSession *out)
{
    if (!im->known) return -1;
    const Known *k = &im->known[kind];
    int64_t i;
    if (!k->ids || !strmap_get(k->ids, s, n, &i)) return -1;
    *out = k->facts[i];
    return out->ref != 0;
}

/* An id's ref through the caches, then the database: 1 found, 0 not, <0 failed (recorded). */
static int find(Import *im, ImportRefKind kind, StmtId stmt, const char *s, size_t n, int64_t *ref)
{
    ImportSession f;
    int rc = known(im, kind, s, n, &f);
    if (rc >= 0) {
        *ref = f.ref;
        return rc;
    }
    if (strmap_get(im->refs, s, n, ref)) return 1;
    Param p[] = {P_TEXT(s, n)};
    rc = store_query_int(im->st, stmt, p, 1, ref);
    if (rc == 1) strmap_put(im->refs, s, n, *ref, NULL);
    if (rc < 0) store_ok(im, rc);
    return rc;
}

static int find_staff(void *ctx, const char *id, size_t n, int64_t *ref)
{
    return find(ctx, IMPORT_REF_STAFF, STMT_STAFF_FIND, id, n, ref);
}

static int find_case(void *ctx, const char *id, size_t n, int64_t *ref)
{
    return find(ctx, IMPORT_REF_CASE, STMT_CASE_FIND, id, n, ref);
}

/* A session's facts from a row of SESSION_FIND or IMPORT_SESSION_FACTS,
 * whose columns from first on are ref, date, status, type, recorded. */
static ImportSession session_facts(StoreRows *r, int first)
{
    ImportSession f = {.ref = store_col_int(r, first)};
    snprintf(f.date, sizeof f.date, "%.10s", store_col_text(r, first + 1, NULL));
    f.held = strcmp(store_col_text(r, first + 2, NULL), "held") == 0;
    f.recorded = store_col_int(r, first + 4) != 0;
    return f;
}

static int find_session(void *ctx, const char *id, size_t n, ImportSession *out)
{
    Import *im = ctx;
    /* Discussions list a session's cases together. */
    if (im->last_session_n == n && memcmp(im->last_session_id, id, n) == 0) {
        *out = im->last_session;
        return 1;
    }
    int rc = known(im, IMPORT_REF_SESSION, id, n, out);
    if (rc == 1) {
        im->last_session_id = id;
        im->last_session_n = n;
        im->last_session = *out;
    }
    if (rc >= 0) return rc;
    Param p[] = {P_TEXT(id, n)};
    StoreRows *r = store_query(im->st, STMT_SESSION_FIND, p, 1);
    if (!r) {
        store_ok(im, STORE_ENV);
        return STORE_ENV;
    }
    rc = store_next(r);
    if (rc == 1) *out = session_facts(r, 0);
    store_rows_close(r);
    if (rc < 0) store_ok(im, rc);
    return rc;
}

/* ---- asking about a file's ids all at once ----
 *
 * Before each pass, every id the file names is sent to the database in one
 * bulk lookup per kind (store_bulk_*: on PostgreSQL one COPY and one join,
 * not a round trip per id), and the checking then answers from memory. An
 * id it missed is still asked about alone (find). */

typedef struct {
    Import *im;
    ImportRefKind kind;
    const char *last; /* the last id given (files list rows of one session together) */
    size_t last_n;
} Prefetch;

static const StmtId prefetch_stmt[] = {
    [IMPORT_REF_STAFF] = STMT_IMPORT_STAFF_REFS,
    [IMPORT_REF_CASE] = STMT_IMPORT_CASE_REFS,
    [IMPORT_REF_SESSION] = STMT_IMPORT_SESSION_FACTS,
};

/* Which kinds of id each file's checking asks about. Staff files are left
 * out: their links point at rows the same import writes. */
static const bool prefetched[IMPORT_KIND_COUNT][3] = {
    [IMPORT_CASES] = {[IMPORT_REF_STAFF] = true},
    [IMPORT_SESSIONS] = {[IMPORT_REF_STAFF] = true, [IMPORT_REF_SESSION] = true},
    [IMPORT_DISCUSSIONS] = {[IMPORT_REF_CASE] = true, [IMPORT_REF_SESSION] = true},
    [IMPORT_TEAMS] = {[IMPORT_REF_STAFF] = true},
};

static void prefetch_answer(void *ctx, StoreRows *r)
{
    Prefetch *p = ctx;
    Known *k = &p->im->known[p->kind];
    size_t n;
    const char *id = store_col_text(r, 0, &n);
    int64_t i;
    if (!strmap_get(k->ids, id, n, &i)) return;
    if (p->kind == IMPORT_REF_SESSION)
        k->facts[i] = session_facts(r, 1);
    else
        k->facts[i].ref = store_col_int(r, 1);
}

static void prefetch_want(void *ctx, ImportRefKind kind, const char *id, size_t n)
{
    Prefetch *p = ctx;
    if (kind != p->kind || (n == p->last_n && memcmp(id, p->last, n) == 0)) return;
    p->last = id;
    p->last_n = n;
    Known *k = &p->im->known[kind];
    if (!strmap_put(k->ids, id, n, (int64_t)k->n, NULL)) return;
    xgrow((void **)&k->facts, &k->cap, k->n + 1, sizeof *k->facts);
    xgrow((void **)&k->idv, &k->idv_cap, k->n + 1, sizeof *k->idv);
    k->idv[k->n] = (ImportText){id, n};
    k->facts[k->n++] = (ImportSession){0};
}

/* The first pass lists the file's ids (import_rows_refs); the second,
 * under the write lock, asks about the same ids again. */
static void prefetch(Import *im, const ImportRows *v, ImportKind kind, ImportRecords *recs)
{
    im->known = recs->known;
    im->last_session_n = 0;
    for (int t = 0; t < 3 && !im->env; t++) {
        Known *k = &im->known[t];
        if (!prefetched[kind][t]) continue;
        Prefetch p = {im, (ImportRefKind)t, NULL, 0};
        if (!k->ids) {
            k->ids = strmap_new();
            CsvRecord rec;
            for (size_t i = 1; i < recs->nrecs; i++) {
                record_at(recs, i, &rec);
                import_rows_refs(v, &rec, prefetch_want, &p);
            }
        }
        if (!k->n) continue;
        memset(k->facts, 0, k->n * sizeof *k->facts);
        StoreBulk *b = store_bulk_begin(im->st, &prefetch_stmt[t], 1, 1, prefetch_answer, &p);
        for (size_t i = 0; i < k->n; i++) {
            Param row[] = {P_TEXT(k->idv[i].s, k->idv[i].n)};
            store_bulk_add(b, row);
        }
        store_ok(im, store_bulk_end(b, true));
    }
}

/* ---- writing ---- */

static void add_param_date(Param *p, Date d, bool present, char buf[11])
{
    if (present) {
        date_format(d, buf);
        *p = P_TEXT(buf, 10);
    } else {
        *p = P_NULL;
    }
}

/* The ref of a team or service by name, added when new; -1 after a store
 * failure (recorded). Names share the cache with ids; a prefix keeps them apart. */
static int64_t named_ref(Import *im, const char *prefix, StmtId find_stmt, StmtId add, ImportText name)
{
    Buf key = {0};
    buf_adds(&key, prefix);
    buf_add(&key, name.s, name.n);
    int64_t ref;
    if (!strmap_get(im->refs, key.data, key.len, &ref)) {
        Param p[] = {P_TEXT(name.s, name.n)};
        int rc = store_query_int(im->st, find_stmt, p, 1, &ref);
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

static int64_t team_ref(Import *im, ImportText name)
{
    return named_ref(im, "team\n", STMT_TEAM_FIND, STMT_TEAM_ADD, name);
}

/* Staff rows wait for the last (a team is looked up or added by name, a
 * round trip each, which a bulk under way cannot share its connection with). */
static void write_staff(Import *im, const ImportStaffRow *r)
{
    int64_t tref = r->team.n ? team_ref(im, r->team) : 0;
    if (tref < 0) return;
    xgrow((void **)&im->staff, &im->staff_cap, im->nstaff + 1, sizeof *im->staff);
    StaffRow *w = &im->staff[im->nstaff++];
    *w = (StaffRow){.id = xstrndup(r->id.s, r->id.n),
                    .name = xstrndup(r->name.s, r->name.n),
                    .email = r->email.n ? xstrndup(r->email.s, r->email.n) : NULL,
                    .role = xstrndup(r->role.s, r->role.n),
                    .team_ref = tref,
                    .fte = r->fte,
                    .link = r->link};
    date_format(r->start, w->start);
    if (r->has_left) date_format(r->left, w->left);
}

static void staff_rows_free(Import *im)
{
    for (size_t i = 0; i < im->nstaff; i++) {
        free(im->staff[i].id);
        free(im->staff[i].name);
        free(im->staff[i].email);
        free(im->staff[i].role);
    }
    free(im->staff);
    im->staff = NULL;
    im->nstaff = 0;
}

/* The staff rows in one bulk, then every row's links in another, by id:
 * a link may name a row further down the file. Every link was found when
 * the file was checked, in the file or the database, under the same lock. */
static void write_staff_rows(Import *im, const ImportStaffLinks *links)
{
    static const StmtId upsert[] = {STMT_IMPORT_STAFF_UPSERT}, set_links[] = {STMT_IMPORT_STAFF_LINKS};
    StoreBulk *b = store_bulk_begin(im->st, upsert, 1, 8, NULL, NULL);
    for (size_t i = 0; i < im->nstaff; i++) {
        const StaffRow *w = &im->staff[i];
        Param p[8] = {P_STR(w->id),
                      P_STR(w->name),
                      w->email ? P_STR(w->email) : P_NULL,
                      P_STR(w->role),
                      w->team_ref ? P_INT(w->team_ref) : P_NULL,
                      P_TEXT(w->start, 10),
                      P_INT(w->fte),
                      w->left[0] ? P_TEXT(w->left, 10) : P_NULL};
        store_bulk_add(b, p);
    }
    if (!store_ok(im, store_bulk_end(b, true))) return;
    b = store_bulk_begin(im->st, set_links, 1, 3, NULL, NULL);
    for (size_t i = 0; i < im->nstaff; i++) {
        const StaffRow *w = &im->staff[i];
        const ImportStaffLinks *l = w->link >= 0 ? &links[w->link] : NULL;
        Param p[3] = {P_STR(w->id), l && l->supervisor ? P_STR(l->supervisor) : P_NULL,
                      l && l->line_manager ? P_STR(l->line_manager) : P_NULL};
        store_bulk_add(b, p);
    }
    store_ok(im, store_bulk_end(b, true));
}

/* Cases, sessions and discussions are written in bulk (store_bulk_*): one
 * row each, through these statements in this order. Their rows never
 * depend on one another: ids are unique in a file, and a discussion named
 * twice is one discussion. */
static const StmtId case_writes[] = {STMT_IMPORT_CASE_UPSERT};
static const StmtId session_writes[] = {STMT_IMPORT_SESSION_UPSERT, STMT_IMPORT_ATTENDEES_CLEAR,
                                        STMT_IMPORT_ATTENDEES_ADD, STMT_IMPORT_DISCUSSIONS_RESYNC};
static const StmtId discussion_writes[] = {STMT_IMPORT_DISCUSSION_ADD};

static StoreBulk *open_writes(Store *st, ImportKind kind)
{
    switch (kind) {
    case IMPORT_CASES: return store_bulk_begin(st, case_writes, 1, 7, NULL, NULL);
    case IMPORT_SESSIONS: return store_bulk_begin(st, session_writes, 4, 8, NULL, NULL);
    case IMPORT_DISCUSSIONS: return store_bulk_begin(st, discussion_writes, 1, 4, NULL, NULL);
    default: return NULL;
    }
}

static void write_case(Import *im, const ImportCaseRow *r)
{
    char abuf[11], cbuf[11];
    Param p[7] = {P_TEXT(r->id.s, r->id.n), P_TEXT(r->category.s, r->category.n), P_INT(r->worker_ref)};
    add_param_date(&p[3], r->allocated, true, abuf);
    add_param_date(&p[4], r->closed, r->has_closed, cbuf);
    p[5] = r->every.n ? P_TEXT(r->every.s, r->every.n) : P_NULL;
    p[6] = r->name.n ? P_TEXT(r->name.s, r->name.n) : P_NULL;
    store_ok(im, store_bulk_add(im->bulk, p));
}

static void write_session(Import *im, const ImportSessionRow *r)
{
    char dbuf[11];
    date_format(r->date, dbuf);
    buf_clear(&im->json);
    buf_addc(&im->json, '[');
    for (size_t k = 0; k < r->nsupervisees; k++)
        buf_addf(&im->json, "%s%lld", k ? "," : "", (long long)r->supervisees[k]);
    buf_addc(&im->json, ']');
    Param p[] = {P_TEXT(r->id.s, r->id.n),
                 P_TEXT(dbuf, 10),
                 P_INT(r->held),
                 P_INT(r->held && r->individual),
                 P_TEXT(im->json.data, im->json.len),
                 P_INT(r->supervisor_ref),
                 P_STR(r->type),
                 P_STR(r->status)};
    store_ok(im, store_bulk_add(im->bulk, p));
}

static void write_discussion(Import *im, const ImportDiscussionRow *r)
{
    Param p[] = {P_INT(r->session.ref), P_INT(r->case_ref), P_TEXT(r->session.date, 10), P_INT(r->session.held)};
    store_ok(im, store_bulk_add(im->bulk, p));
}

/* A team's service and manager; teams not in the file are left as they are. */
static void write_team(Import *im, const ImportTeamRow *r)
{
    int64_t tref = team_ref(im, r->name);
    int64_t sref = r->service.n ? named_ref(im, "service\n", STMT_SERVICE_FIND, STMT_SERVICE_ADD, r->service) : 0;
    if (tref < 0 || sref < 0) return;
    Param p[] = {P_INT(tref), r->service.n ? P_INT(sref) : P_NULL, r->manager_ref ? P_INT(r->manager_ref) : P_NULL};
    store_ok(im, store_exec(im->st, STMT_TEAM_SET, p, 3, NULL));
}

static void write_row(Import *im, const ImportRow *row)
{
    switch (row->kind) {
    case IMPORT_STAFF: write_staff(im, &row->staff); break;
    case IMPORT_CASES: write_case(im, &row->case_); break;
    case IMPORT_SESSIONS: write_session(im, &row->session); break;
    case IMPORT_DISCUSSIONS: write_discussion(im, &row->discussion); break;
    case IMPORT_TEAMS: write_team(im, &row->team); break;
    default: break;
    }
}

/* One pass over the records: checked, and written unless im->check_only. */
static int run(Import *im, const Policy *pol, ImportKind kind, ImportRecords *recs, int64_t now)
{
    ImportReport *report = im->rep;
    ImportLookup lookup = {im, find_staff, find_case, find_session};
    ImportRows *v = import_rows_new(kind, pol, im->file, &lookup, report);
    CsvRecord rec;
    bool header = false;
    if (recs->nrecs > 0) {
        record_at(recs, 0, &rec);
        header = import_rows_header(v, &rec);
    } else if (!recs->reader) {
        import_rows_empty(v);
    }
    if (header) {
        prefetch(im, v, kind, recs);
        if (writing(im)) im->bulk = open_writes(im->st, kind);
        for (size_t i = 1; i < recs->nrecs && !im->env; i++) {
            ImportRow row;
            record_at(recs, i, &rec);
            im->line = rec.line;
            if (import_rows_check(v, &rec, &row) && writing(im)) write_row(im, &row);
        }
        im->line = 0;
        if (im->bulk) {
            bool apply = writing(im);
            int rc = store_bulk_end(im->bulk, apply);
            if (apply) store_ok(im, rc);
            im->bulk = NULL;
        }
    }
    /* The reader cannot go on after a syntax error: this is the last message. */
    if (recs->reader) import_rows_syntax(v, recs->reader);
    if (!im->env && kind == IMPORT_STAFF && import_rows_finish(v) && writing(im)) {
        size_t n;
        write_staff_rows(im, import_rows_links(v, &n));
    }
    if (writing(im)) {
        char at[32];
        time_t t = (time_t)now;
        struct tm tm;
        strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
        Param p[] = {P_STR(import_kind_name(kind)), P_STR(im->file), P_INT(report->rows), P_STR(at)};
        store_ok(im, store_exec(im->st, STMT_IMPORT_LOG, p, 4, NULL));
    }
    import_report_in_order(report, im->file);
    import_rows_free(v);
    staff_rows_free(im);
    strmap_free(im->refs);
    buf_free(&im->json);
    if (im->env) return IMPORT_ENV;
    return report->nerrors ? IMPORT_BAD_INPUT : IMPORT_OK;
}

int import_check(Store *st, const Policy *pol, ImportKind kind, ImportRecords *recs, const char *name,
                 ImportReport *report)
{
    memset(report, 0, sizeof *report);
    Import im = {.st = st, .file = name, .rep = report, .refs = strmap_new(), .check_only = true};
    return run(&im, pol, kind, recs, 0);
}

int import_into(Store *st, const Policy *pol, ImportKind kind, ImportRecords *recs, const char *name, int64_t now,
                ImportReport *report)
{
    memset(report, 0, sizeof *report);
    /* An import may change any part of the organisation: the database-wide
     * generation moves once, first, and the team triggers of the rows it
     * writes have nothing left to do (store.h). */
    if (store_generation_whole(st) != STORE_OK) return IMPORT_ENV;
    Import im = {.st = st, .file = name, .rep = report, .refs = strmap_new()};
    return run(&im, pol, kind, recs, now);
}

void import_unwritten(ImportReport *report, const char *name, const Store *st)
{
    add_error(report,
              xasprintf("%s: the database could not be written: %s; nothing was imported", name, store_error(st)));
}

int import_run(Store *st, const Policy *pol, ImportKind kind, CsvReader *reader, const char *name, ImportReport *report)
{
    ImportRecords *recs = import_read(reader);
    int rc = import_check(st, pol, kind, recs, name, report);
    if (rc == IMPORT_OK) {
        import_report_free(report);
        rc = IMPORT_ENV;
        if (store_begin(st) == STORE_OK) rc = import_into(st, pol, kind, recs, name, (int64_t)time(NULL), report);
        if (rc == IMPORT_OK && store_commit(st) != STORE_OK) rc = IMPORT_ENV;
        store_rollback(st);
    }
    if (rc == IMPORT_ENV) import_unwritten(report, name, st);
    import_records_free(recs);
    return rc;
}

/* ---- the file on disk ---- */

bool import_file_open(ImportFile *file, const char *path, ImportReport *report)
{
    *file = (ImportFile){0};
    bool from_stdin = strcmp(path, "-") == 0;
    /* O_NONBLOCK: opening a FIFO with no writer would wait for one. */
    int fd = from_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        add_error(report, xasprintf("%s: cannot read: %s", path, strerror(errno)));
        return false;
    }
    struct stat sb = {0};
    if (!from_stdin && (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))) {
        const char *what = S_ISDIR(sb.st_mode)    ? "a directory"
                           : S_ISFIFO(sb.st_mode) ? "a named pipe (FIFO)"
                                                  : "not a regular file";
        add_error(report, xasprintf("%s: is %s: import reads a regular file; to import from a pipe, send it to"
                                    " standard input and give the file as -",
                                    path, what));
        close(fd);
        return false;
    }
    if (!from_stdin) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    file->data.max = IMPORT_MAX_FILE;
    char chunk[65536];
    ssize_t got;
    while ((got = read(fd, chunk, sizeof chunk)) != 0 && !file->data.overflow) {
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) break;
        buf_add(&file->data, chunk, (size_t)got);
    }
    int err = errno;
    if (!from_stdin) close(fd);
    if (got < 0 || file->data.overflow) {
        if (got < 0)
            add_error(report, xasprintf("%s: cannot read: %s", path, strerror(err)));
        else
            add_error(report, xasprintf("%s: is larger than %zu MiB: split it into smaller files", path,
                                        IMPORT_MAX_FILE >> 20));
        buf_free(&file->data);
        return false;
    }
    file->csv = csv_new_mem(file->data.data ? file->data.data : "", file->data.len);
    return true;
}

void import_file_close(ImportFile *file)
{
    csv_free(file->csv);
    buf_free(&file->data);
    *file = (ImportFile){0};
}

int import_file(Store *st, const Policy *pol, ImportKind kind, const char *path, ImportReport *report)
{
    memset(report, 0, sizeof *report);
    ImportFile file;
    if (!import_file_open(&file, path, report)) return IMPORT_BAD_INPUT;
    int rc = import_run(st, pol, kind, file.csv, path, report);
    import_file_close(&file);
    return rc;
}
