/* test_backup.c: store_backup and store_restore (store.h). On SQLite a
 * backup taken while another connection commits between its steps finishes
 * and holds exactly what was committed before it began; a backup that
 * cannot be written or is stopped leaves nothing (not even its temporary
 * file) and an older FILE as it was; restore puts a backup's state back,
 * refuses a file that is not a whole Oversight database or is newer, and
 * refuses while another connection writes. PostgreSQL refuses both, naming
 * pg_dump and pg_restore. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/util.h"
#include "store/store.h"
#include "test.h"

enum { ROWS = 1500 }; /* of 4 KB each: several steps of STORE_BACKUP_STEP pages */

static void put(Store *s, const char *key, const char *value)
{
    CHECK_INT(store_begin(s), STORE_OK);
    Param p[] = {P_STR(key), P_STR(value)};
    CHECK_INT(store_exec(s, STMT_SETTING_PUT, p, 2, NULL), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
}

/* The value of a setting, or "(none)". */
static void get(Store *s, const char *key, char *out, size_t n)
{
    Param p[] = {P_STR(key)};
    StoreRows *r = store_query(s, STMT_SETTING_GET, p, 1);
    CHECK(r != NULL);
    strfmt(out, n, "(none)");
    if (r && store_next(r) == 1) strfmt(out, n, "%.60s", store_col_text(r, 0, NULL));
    if (r) store_rows_close(r);
}

static void fill(Store *s)
{
    static char big[4001];
    memset(big, 'x', sizeof big - 1);
    CHECK_INT(store_begin(s), STORE_OK);
    for (int i = 0; i < ROWS; i++) {
        char key[32];
        strfmt(key, sizeof key, "row %d", i);
        Param p[] = {P_STR(key), P_STR(big)};
        CHECK_INT(store_exec(s, STMT_SETTING_PUT, p, 2, NULL), STORE_OK);
    }
    CHECK_INT(store_commit(s), STORE_OK);
}

/* Files in dir other than . and ..; names into out (space-separated). */
static int files_in(const char *dir, char *out, size_t n)
{
    int count = 0;
    out[0] = 0;
    DIR *d = opendir(dir);
    if (!d) return -1;
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        size_t len = strlen(out);
        strfmt(out + len, n - len, "%s ", e->d_name);
        count++;
    }
    closedir(d);
    return count;
}

static void scratch(char *dir, size_t n)
{
    const char *tmp = getenv("TMPDIR");
    strfmt(dir, n, "%s/oversight-backup-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    CHECK(mkdtemp(dir) != NULL);
}

static void remove_scratch(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    for (struct dirent *e; (e = readdir(d));) {
        char path[1200];
        strfmt(path, sizeof path, "%s/%s", dir, e->d_name);
        if (e->d_name[0] != '.') unlink(path);
    }
    closedir(d);
    chmod(dir, 0700);
    rmdir(dir);
}

typedef struct {
    Store *writer;
    int steps, writes;
    int stop_after; /* 0: never */
} Steps;

/* Between steps another connection commits a row. */
static bool write_between(void *ctx, int64_t done, int64_t total)
{
    Steps *s = ctx;
    CHECK(done <= total);
    s->steps++;
    if (s->writer && done < total) {
        char key[32];
        strfmt(key, sizeof key, "during %d", s->writes++);
        put(s->writer, key, "written during the backup");
    }
    if (s->stop_after && s->steps >= s->stop_after) return false;
    return s->steps < 1000; /* a backup started again at every commit never ends */
}

/* PostgreSQL: refused, saying what to use. */
static bool refused_on_postgresql(Store *st)
{
    if (!test_db.pg) return false;
    char dir[512], path[600], names[512];
    scratch(dir, sizeof dir);
    strfmt(path, sizeof path, "%s/copy.db", dir);
    CHECK_INT(store_backup(st, path, NULL, NULL, NULL), STORE_ENV);
    CHECK_HAS(store_error(st), "pg_dump");
    CHECK_HAS(store_error(st), "docs/deploy.md");
    CHECK_INT(store_restore(st, path, NULL, NULL, NULL), STORE_ENV);
    CHECK_HAS(store_error(st), "pg_restore");
    CHECK_INT(files_in(dir, names, sizeof names), 0);
    remove_scratch(dir);
    return true;
}

static void test_backup_while_another_writes(Store *st)
{
    if (refused_on_postgresql(st)) return;
    fill(st);
    put(st, "before", "committed before the backup");
    char dir[512], path[600], names[512], v[64];
    scratch(dir, sizeof dir);
    strfmt(path, sizeof path, "%s/copy.db", dir);
    Steps steps = {.writer = test_store_open()};
    StoreCopyInfo info;
    CHECK_INT(store_backup(st, path, write_between, &steps, &info), STORE_OK);
    CHECK(steps.steps >= 2 && steps.steps < 1000);
    CHECK(steps.writes >= 1);
    CHECK(info.pages > STORE_BACKUP_STEP);
    CHECK_INT(info.version, store_expected_version());
    CHECK(info.bytes >= info.pages * 512);
    /* One file, the owner's alone, nothing left beside it. */
    CHECK_INT(files_in(dir, names, sizeof names), 1);
    CHECK_STR(names, "copy.db ");
    struct stat sb;
    CHECK_INT(stat(path, &sb), 0);
    CHECK_INT((int)(sb.st_mode & 0777), 0600);
    store_close(steps.writer);

    /* The copy opens and has what was committed before, not after. */
    Store *copy = NULL;
    char err[512];
    CHECK_INT(store_open(path, false, &copy, err, sizeof err), STORE_OK);
    if (copy) {
        int version = 0;
        CHECK_INT(store_schema_version(copy, &version), STORE_OK);
        CHECK_INT(version, store_expected_version());
        get(copy, "before", v, sizeof v);
        CHECK_STR(v, "committed before the backup");
        get(copy, "row 0", v, sizeof v);
        CHECK_HAS(v, "xxxx");
        get(copy, "row 1499", v, sizeof v);
        CHECK_HAS(v, "xxxx");
        get(copy, "during 0", v, sizeof v);
        CHECK_STR(v, "(none)");
        store_close(copy);
    }
    get(st, "during 0", v, sizeof v);
    CHECK_STR(v, "written during the backup");
    remove_scratch(dir);
}

static void test_backup_fails_cleanly(Store *st)
{
    if (refused_on_postgresql(st)) return;
    fill(st);
    char dir[512], path[600], names[512];
    scratch(dir, sizeof dir);

    /* A folder that is not there. */
    strfmt(path, sizeof path, "%s/missing/copy.db", dir);
    CHECK_INT(store_backup(st, path, NULL, NULL, NULL), STORE_ENV);
    CHECK_HAS(store_error(st), "nothing was written");

    /* A folder nobody may write in (root may write anywhere: not tested as root). */
    if (geteuid() != 0) {
        char locked[600];
        strfmt(locked, sizeof locked, "%s/locked", dir);
        CHECK_INT(mkdir(locked, 0500), 0);
        strfmt(path, sizeof path, "%s/copy.db", locked);
        CHECK_INT(store_backup(st, path, NULL, NULL, NULL), STORE_ENV);
        CHECK_HAS(store_error(st), "nothing was written");
        CHECK_INT(files_in(locked, names, sizeof names), 0);
        rmdir(locked);
    }

    /* Stopped half-way: an older backup at FILE stays as it was, and no
     * temporary file is left. */
    strfmt(path, sizeof path, "%s/copy.db", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("yesterday's backup", f);
        fclose(f);
    }
    Steps steps = {.stop_after = 1};
    CHECK_INT(store_backup(st, path, write_between, &steps, NULL), STORE_ENV);
    CHECK_HAS(store_error(st), "nothing was written");
    CHECK_INT(files_in(dir, names, sizeof names), 1);
    CHECK_STR(names, "copy.db ");
    char old[64] = "";
    f = fopen(path, "r");
    if (f) {
        CHECK(fgets(old, sizeof old, f) != NULL);
        fclose(f);
    }
    CHECK_STR(old, "yesterday's backup");

    /* The database itself is not a place for its backup. */
    CHECK_INT(store_backup(st, test_db.where, NULL, NULL, NULL), STORE_ERROR);
    CHECK_HAS(store_error(st), "the database itself");
    remove_scratch(dir);
}

/* Runs sql on the SQLite file path. */
static void file_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void test_restore(Store *st)
{
    if (refused_on_postgresql(st)) return;
    put(st, "kept", "as backed up");
    char dir[512], path[600], other[600], v[64];
    scratch(dir, sizeof dir);
    strfmt(path, sizeof path, "%s/copy.db", dir);
    StoreCopyInfo info;
    CHECK_INT(store_backup(st, path, NULL, NULL, NULL), STORE_OK);
    put(st, "later", "after the backup");

    /* Refused while another connection writes: nothing restored. */
    Store *writer = test_store_open();
    CHECK_INT(store_begin(writer), STORE_OK);
    CHECK_INT(store_restore(st, path, NULL, NULL, NULL), STORE_ENV);
    CHECK(store_busy(st));
    CHECK_HAS(store_error(st), "stop the servers");
    store_rollback(writer);
    get(st, "later", v, sizeof v);
    CHECK_STR(v, "after the backup");

    /* Put back: the state of the backup, seen by this connection and another. */
    CHECK_INT(store_restore(st, path, NULL, NULL, &info), STORE_OK);
    CHECK_INT(info.version, store_expected_version());
    CHECK(info.pages > 0);
    get(st, "later", v, sizeof v);
    CHECK_STR(v, "(none)");
    get(st, "kept", v, sizeof v);
    CHECK_STR(v, "as backed up");
    get(writer, "later", v, sizeof v);
    CHECK_STR(v, "(none)");
    store_close(writer);
    /* The backup itself is not changed by restoring from it. */
    Store *copy = NULL;
    char err[512];
    CHECK_INT(store_open(path, false, &copy, err, sizeof err), STORE_OK);
    store_close(copy);

    /* Not an Oversight database; not SQLite at all; newer than this program. */
    strfmt(other, sizeof other, "%s/other.db", dir);
    file_exec(other, "CREATE TABLE t (x)");
    CHECK_INT(store_restore(st, other, NULL, NULL, NULL), STORE_ERROR);
    CHECK_HAS(store_error(st), "not an Oversight database");
    FILE *f = fopen(other, "w");
    if (f) {
        fputs("name,team\nAda,North\n", f);
        fclose(f);
    }
    CHECK_INT(store_restore(st, other, NULL, NULL, NULL), STORE_ERROR);
    CHECK_HAS(store_error(st), "not a SQLite database");
    file_exec(path, "INSERT INTO schema_migrations (version, applied_at) VALUES (999, 'later')");
    CHECK_INT(store_restore(st, path, NULL, NULL, NULL), STORE_ERROR);
    CHECK_HAS(store_error(st), "newer than this program's");
    get(st, "kept", v, sizeof v);
    CHECK_STR(v, "as backed up");
    remove_scratch(dir);
}

int main(void)
{
    RUN_STORES(test_backup_while_another_writes);
    RUN_STORES(test_backup_fails_cleanly);
    RUN_STORES(test_restore);
    TEST_DONE();
}
