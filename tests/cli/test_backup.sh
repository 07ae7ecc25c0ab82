#!/usr/bin/env bash
# oversight backup and restore. SQLite: a backup taken while another process
# writes is whole and checked, quiet in a script, the owner's alone; a change
# made after it is undone by restore, which says what it restored; a backup
# of an older schema is brought up to date; a damaged, non-SQLite,
# non-Oversight or newer FILE is refused and changes nothing, as is a restore
# while another connection writes; a backup that cannot be written leaves
# nothing. PostgreSQL: both commands refuse, naming pg_dump / pg_restore and
# docs/deploy.md, and the pg_dump and pg_restore lines docs/deploy.md gives
# do put an earlier state back. --help on both.
. "$(dirname "$0")/lib.sh"

run "$OVERSIGHT" backup --help
check "backup --help" 0 "usage: oversight [--db PATH] backup FILE"
run "$OVERSIGHT" restore --help
check "restore --help" 0 "Stop the servers first"
run "$OVERSIGHT" help
check "help lists backup and restore" 0 "oversight restore FILE"
run "$OVERSIGHT" backup
check "backup without FILE: usage" 2 "one FILE is needed"

council=$EXAMPLES/due/council-a
[ -d "$council" ] || council=$(ls -d "$EXAMPLES"/due/council-* | head -n 1)
fresh_db
ov init >/dev/null || bail_out "cannot init"
for kind in staff cases sessions discussions; do
    ov import "$kind" "$council/$kind.csv" >/dev/null 2>&1 || bail_out "cannot import $kind"
done
staff=$(sql "SELECT count(*) FROM staff")
asof=$(cat "$council/asof")
ov due --format csv --as-of "$asof" >"$T/due.before"

if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
    run ov backup "$T/copy.db"
    check "PostgreSQL: backup refused, saying to use pg_dump" 3 "pg_dump"
    check "PostgreSQL: ... and where it is explained" 3 "docs/deploy.md"
    [ ! -e "$T/copy.db" ] && pass "PostgreSQL: no FILE written" || fail "PostgreSQL: no FILE written"
    touch "$T/copy.db"
    run ov restore "$T/copy.db"
    check "PostgreSQL: restore refused, saying to use pg_restore" 3 "pg_restore"

    # The lines docs/deploy.md gives, as written there.
    run pg_dump --format=custom --file="$T/oversight.dump" "$DB"
    check "pg_dump --format=custom" 0
    ov user add later1 --role auditor >/dev/null
    [ "$(sql "SELECT count(*) FROM users WHERE username = 'later1'")" = 1 ] || bail_out "cannot add an account"
    run pg_restore --clean --if-exists --single-transaction --no-owner --dbname="$DB" "$T/oversight.dump"
    check "pg_restore --clean --if-exists --single-transaction" 0
    [ "$(sql "SELECT count(*) FROM users WHERE username = 'later1'")" = 0 ] &&
        pass "pg_restore: the change made after the dump is gone" ||
        fail "pg_restore: the change made after the dump is gone"
    ov due --format csv --as-of "$asof" >"$T/due.after"
    cmp -s "$T/due.before" "$T/due.after" && pass "pg_restore: the same due list as before" ||
        fail "pg_restore: the same due list as before" "$(diff "$T/due.before" "$T/due.after" | head -n 5)"
    done_testing
    exit
fi

# A backup while another process writes (accounts added in a loop).
(for i in $(seq 1 30); do ov user add "during$i" --role auditor >/dev/null 2>&1; done) &
writer=$!
background_pids="$background_pids $writer"
for _ in $(seq 1 100); do
    [ "$(sql "SELECT count(*) FROM users WHERE username LIKE 'during%'")" -gt 0 ] && break
    sleep 0.1
done
run ov backup "$T/copy.db"
check "backup while another process writes" 0 "checked"
wait "$writer"
[ -z "$ERR" ] && pass "backup: nothing on stderr in a script (no progress)" || fail "backup: quiet in a script" "$ERR"
[ "$(stat -c %a "$T/copy.db")" = 600 ] && pass "backup: FILE readable by its owner only" ||
    fail "backup: FILE readable by its owner only" "mode $(stat -c %a "$T/copy.db")"
[ "$(sqlite3 "$T/copy.db" "PRAGMA integrity_check")" = ok ] && pass "backup: FILE passes sqlite3's integrity check" ||
    fail "backup: FILE passes sqlite3's integrity check"
[ "$(sqlite3 "$T/copy.db" "PRAGMA journal_mode")" = delete ] && pass "backup: FILE is one file (not WAL)" ||
    fail "backup: FILE is one file (not WAL)"
ls "$T" | grep -q partial && fail "backup: no temporary file left" "$(ls "$T")" || pass "backup: no temporary file left"
in_copy=$(sqlite3 "$T/copy.db" "SELECT count(*) FROM users WHERE username LIKE 'during%'")

# Change something, then restore: the backup's state again.
ov user add later1 --role auditor >/dev/null
sql "UPDATE staff SET name = 'Changed After Backup' WHERE ref = (SELECT min(ref) FROM staff)"
run ov restore "$T/copy.db"
check "restore" 0 "schema version"
check "restore: says the staff restored" 0 ", $staff staff, "
check "restore: and the records" 0 " records"
[ "$(sql "SELECT count(*) FROM users WHERE username = 'later1'")" = 0 ] &&
    pass "restore: an account added after the backup is gone" || fail "restore: an account added after the backup is gone"
[ "$(sql "SELECT count(*) FROM staff WHERE name = 'Changed After Backup'")" = 0 ] &&
    pass "restore: a name changed after the backup is as it was" || fail "restore: a name changed after the backup"
[ "$(sql "SELECT count(*) FROM users WHERE username LIKE 'during%'")" = "$in_copy" ] &&
    [ "$in_copy" -gt 0 ] && pass "restore: the accounts the backup held ($in_copy of 30 added meanwhile)" ||
    fail "restore: the accounts the backup held"
ov due --format csv --as-of "$asof" >"$T/due.after"
cmp -s "$T/due.before" "$T/due.after" && pass "restore: the same due list as before" ||
    fail "restore: the same due list as before" "$(diff "$T/due.before" "$T/due.after" | head -n 5)"
[ "$(sql "PRAGMA journal_mode")" = wal ] && pass "restore: the database is still WAL" || fail "restore: still WAL"

# An older schema is brought up to date: the copy with the last migration
# undone (what it made dropped, read from the migration itself).
cp "$T/copy.db" "$T/old.db"
last=$(sqlite3 "$T/old.db" "SELECT max(version) FROM schema_migrations")
python3 - "$T/old.db" "$(dirname "$0")/../../sql/sqlite/$(printf %03d "$last")_"*.sql <<'PY' || bail_out "could not undo the last migration"
import re, sqlite3, sys
sql = re.sub(r"--[^\n]*", "", open(sys.argv[2]).read())
db = sqlite3.connect(sys.argv[1])
for t, c in re.findall(r"ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)", sql, re.I):
    db.execute("ALTER TABLE %s DROP COLUMN %s" % (t, c))
for kind, name in re.findall(r"CREATE\s+(?:UNIQUE\s+)?(TRIGGER|INDEX|TABLE)\s+(\w+)", sql, re.I):
    db.execute("DROP %s IF EXISTS %s" % (kind, name))
db.execute("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)")
db.commit()
PY
run ov restore "$T/old.db"
check "restore an older schema" 0 "schema version $((last - 1)), brought up to $last"
[ "$(sql "SELECT max(version) FROM schema_migrations")" = "$last" ] && pass "restore: older schema migrated" ||
    fail "restore: older schema migrated"

# Refused, changing nothing.
cp "$T/copy.db" "$T/damaged.db"
head -c 20000 /dev/urandom | dd of="$T/damaged.db" bs=1 seek=40000 conv=notrunc 2>/dev/null
changes_nothing "restore a damaged FILE" 1 "damaged" ov restore "$T/damaged.db"
changes_nothing "restore a CSV file" 1 "not a SQLite database at all" ov restore "$council/staff.csv"
sqlite3 "$T/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
changes_nothing "restore another program's SQLite database" 1 "not an Oversight database" ov restore "$T/other.db"
cp "$T/copy.db" "$T/newer.db"
sqlite3 "$T/newer.db" "INSERT INTO schema_migrations (version, applied_at) VALUES (999, 'later')"
changes_nothing "restore a newer schema" 1 "newer than this program's" ov restore "$T/newer.db"
changes_nothing "restore a missing FILE" 1 "cannot read it" ov restore "$T/missing.db"
changes_nothing "restore the database onto itself" 1 "the database itself" ov restore "$DB"
run "$OVERSIGHT" --db "$T/new.db" restore "$T/damaged.db"
check "restore a damaged FILE onto a new database" 1 "nothing was restored"
ls "$T" | grep -q '^new\.db' && fail "a refused restore leaves no new database file" "$(ls "$T")" ||
    pass "a refused restore leaves no new database file"
run "$OVERSIGHT" --db "$T/new.db" restore "$T/copy.db"
check "restore onto a new machine (no database yet)" 0 ", $staff staff, "

# Refused while another connection holds the write lock.
(
    echo "BEGIN IMMEDIATE;"
    echo "INSERT INTO settings (key, value) VALUES ('held', 'x');"
    echo ".shell touch '$T/locked'"
    sleep 8
    echo "ROLLBACK;"
) | sqlite3 "$DB" &
holder=$!
background_pids="$background_pids $holder"
# Once the shell says it holds the lock (on a busy machine that may take a while).
for _ in $(seq 1 100); do
    [ -e "$T/locked" ] && break
    sleep 0.1
done
changes_nothing "restore while another connection writes" 3 "stop the servers" ov restore "$T/copy.db"
wait "$holder"

# A backup that cannot be written leaves nothing, and an older backup as it was.
run ov backup "$T/no/such/folder/copy.db"
check "backup into a missing folder" 3 "nothing was written"
echo "yesterday" >"$T/old-backup.db"
mkdir "$T/ro" && echo "yesterday" >"$T/ro/copy.db" && chmod 0500 "$T/ro"
if [ "$(id -u)" != 0 ]; then
    run ov backup "$T/ro/copy.db"
    check "backup into a folder that cannot be written" 3 "nothing was written"
    [ "$(cat "$T/ro/copy.db")" = yesterday ] && pass "backup: the older FILE is as it was" ||
        fail "backup: the older FILE is as it was"
fi
chmod 0700 "$T/ro"
run ov backup "$DB"
check "backup onto the database itself" 1 "the database itself"
run ov backup "$T/old-backup.db"
check "backup over an older backup" 0 "checked"
[ "$(sqlite3 "$T/old-backup.db" "SELECT count(*) FROM staff")" = "$staff" ] &&
    pass "backup: the older backup replaced whole" || fail "backup: the older backup replaced whole"

fresh_db
run ov backup "$T/empty.db"
check "backup of a database that is not there" 3 "no database here"

done_testing
