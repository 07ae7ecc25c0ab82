#!/usr/bin/env bash
# A database that refuses a row in the middle of an import (a trigger
# standing in for a full disk or a lost connection): the import fails, says
# why, and leaves every row as it was, however many statements were already
# sent ahead (PostgreSQL pipelines them). The same when it refuses the
# import's audit row, the last write before the commit.
. "$(dirname "$0")/lib.sh"

csv=$T/csv
"$OVERSIGHT" demo --csv "$csv" --staff 60 --cases 700 --years 3 --seed 5 >/dev/null
rows=$(($(wc -l <"$csv/discussions.csv") - 1))
[ "$rows" -gt 2000 ] && pass "a demo with $rows discussions" || fail "the demo is too small ($rows discussions)"
# The case of the file's last row: refused only near its end.
last_case=$(tail -n 1 "$csv/discussions.csv" | awk -F, '{print $2}' | tr -d '\r"')
last_session=$(tail -n 1 "$csv/sessions.csv" | awk -F, '{print $1}' | tr -d '\r"')

# refuse TABLE CONDITION: a trigger that refuses matching inserts.
refuse() {
    local table=$1 cond=$2
    if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
        psql -q -v ON_ERROR_STOP=1 "$DB" >/dev/null <<SQL
CREATE FUNCTION refuse_$table() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
    IF $cond THEN RAISE EXCEPTION 'refused by the test'; END IF;
    RETURN NEW;
END \$\$;
CREATE TRIGGER refuse_$table BEFORE INSERT ON $table FOR EACH ROW EXECUTE FUNCTION refuse_$table();
SQL
    else
        sqlite3 "$DB" "CREATE TRIGGER refuse_$table BEFORE INSERT ON $table WHEN $cond
                       BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
    fi
}

# expect_refused NAME KIND: the import fails, saying why, and changes nothing.
expect_refused() {
    local name=$1 kind=$2
    snapshot "$T/before"
    run ov import "$kind" "$csv/$kind.csv"
    if [ "$status" != 1 ] && [ "$status" != 3 ]; then
        fail "$name: refused" "exit status $status, want 1 or 3" "stderr: ${ERR:0:300}"
    elif ! grep -q "refused by the test" "$T/err" || ! grep -q "nothing was imported" "$T/err"; then
        fail "$name: refused" "stderr: ${ERR:0:300}"
    else
        pass "$name: refused, saying why"
    fi
    unchanged "$name: nothing changed"
}

fresh_db
ov init >/dev/null
ov import staff "$csv/staff.csv" >/dev/null 2>&1
ov import cases "$csv/cases.csv" >/dev/null 2>&1
refuse attendees "NEW.session_ref = (SELECT ref FROM sessions WHERE id = '$last_session')"
expect_refused "sessions, refused at the last row" sessions

fresh_db
ov init >/dev/null
for kind in staff cases sessions; do ov import "$kind" "$csv/$kind.csv" >/dev/null 2>&1; done
refuse discussions "NEW.case_ref = (SELECT ref FROM cases WHERE id = '$last_case')"
expect_refused "discussions, refused near the end" discussions

# Without the trigger the same file goes in whole.
if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
    psql -q "$DB" -c 'DROP TRIGGER refuse_discussions ON discussions' >/dev/null
else
    sqlite3 "$DB" 'DROP TRIGGER refuse_discussions'
fi
run ov import discussions "$csv/discussions.csv"
check "then imported whole" 0 "imported $rows discussions rows"

# Every row written, then the audit row refused: the rows are not kept.
fresh_db
ov init >/dev/null
for kind in staff cases sessions; do ov import "$kind" "$csv/$kind.csv" >/dev/null 2>&1; done
refuse audit_log "NEW.action = 'import'"
expect_refused "discussions, the audit row refused" discussions
[ "$(sql "SELECT count(*) FROM discussions")" = 0 ] && [ "$(sql "SELECT count(*) FROM imports WHERE kind = 'discussions'")" = 0 ] &&
    pass "no discussion and no import log entry without the audit row" || fail "discussions kept without their audit row"
done_testing
