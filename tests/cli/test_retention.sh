#!/usr/bin/env bash
# oversight retention run: a record with a distinctive sentence, its
# supervisee gone and its cases closed long enough, is purged so that the
# sentence is in neither the database file nor its WAL afterwards (it was in
# both before, the WAL held open by another connection as a server's would
# be); --dry-run lists it and changes nothing; the record log still signs a
# checkpoint; a record of someone still employed keeps its text; bad usage
# is refused. On PostgreSQL the same, but for the files.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

SENTENCE="Retention sentence: the owl of Minerva flies only at dusk over Ashford Road"
LATE="Late sentence: a second thought about the allotments, written after the last checkpoint"
KEPT="Kept sentence: the heron waits by the weir at Ashford Road"
count_in() { # count_in FILE [TEXT]: how many lines of FILE hold TEXT (the sentence); 0 when there is no FILE
    if [ -e "$1" ]; then grep -c -a -F -- "${2:-$SENTENCE}" "$1"; else echo 0; fi
}

fresh_db
if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then export OVERSIGHT_LOG_KEY=$T/log.key; fi
run ov demo --staff 30 --cases 200 --seed 1 --accounts
check "a small demo council" 0
run ov log init --origin example.org/supervision
check "its log named, with a key" 0

run ov retention
check "retention without an action names it" 2 "which action? run"
run ov retention frob
check "an unknown action is refused" 2 "unknown action \"frob\""
run ov retention run --as-of 2026-02-30
check "a bad --as-of is refused" 2 "not a valid date"
run ov retention run --help
check "retention run --help describes --dry-run" 0 "--dry-run"

# The record of the first supervisee with a record; another supervisee's record is kept.
REC=$(sql "SELECT min(ref) FROM records")
SEE=$(sql "SELECT supervisee_ref FROM records WHERE ref = $REC")
OTHER=$(sql "SELECT min(ref) FROM records WHERE supervisee_ref <> $SEE")
ITEM=$(sql "SELECT min(topic) FROM record_items WHERE record_ref = $REC")
ITEMB=$(sql "SELECT max(topic) FROM record_items WHERE record_ref = $REC")
ITEM2=$(sql "SELECT min(topic) FROM record_items WHERE record_ref = $OTHER")
[ -n "$REC" ] && [ -n "$OTHER" ] && [ -n "$ITEM" ] && [ -n "$ITEM2" ] || bail_out "the demo made no records to purge"

run ov retention run --as-of 2200-01-01 --dry-run
check "nobody has left: nothing expires" 0 "0 records and 0 discussions outside a record would be purged"

# Nothing expires on its own: the supervisee leaves, the cases close.
sql "UPDATE staff SET left_date = '2026-01-31' WHERE ref = $SEE" >/dev/null
sql "UPDATE cases SET closed_date = '2026-02-01' WHERE ref IN (SELECT n.case_ref FROM case_notes n
     JOIN records r ON r.ref = n.record_ref WHERE r.supervisee_ref = $SEE)" >/dev/null

if [ -z "${OVERSIGHT_TEST_PG:-}" ]; then
    # Another connection keeps the database open, as a running server
    # would: the WAL then outlives each command, pages and all.
    (
        echo "SELECT count(*) FROM staff;"
        echo ".shell touch '$T/holding'"
        while [ ! -e "$T/release" ]; do sleep 0.1; done
        echo ".quit"
    ) | sqlite3 "$DB" >/dev/null &
    holder=$!
    background_pids="$background_pids $holder"
    for _ in $(seq 1 100); do
        [ -e "$T/holding" ] && break
        sleep 0.1
    done
    [ -e "$T/holding" ] || bail_out "the sqlite3 shell did not open the database"
fi
sql "UPDATE record_items SET text = '$SENTENCE' WHERE record_ref = $REC AND topic = '$ITEM';
     UPDATE record_items SET text = '$KEPT' WHERE record_ref = $OTHER AND topic = '$ITEM2'" >/dev/null
run ov log checkpoint
check "a checkpoint before the purge" 0
if [ -z "${OVERSIGHT_TEST_PG:-}" ]; then
    sql "PRAGMA wal_checkpoint(PASSIVE)" >/dev/null # copied into the database, still in the WAL
    # and one in the WAL only, whose frames no checkpoint has copied yet
    sql "UPDATE record_items SET text = '$LATE' WHERE record_ref = $REC AND topic = '$ITEMB'" >/dev/null
    [ "$(count_in "$DB-wal" "$LATE")" -ge 1 ] && pass "before: the late sentence is in the WAL" ||
        fail "before: the late sentence is in the WAL"
    [ "$(count_in "$DB")" -ge 1 ] && pass "before: the sentence is in the database file" ||
        fail "before: the sentence is in the database file"
    [ "$(count_in "$DB-wal")" -ge 1 ] && pass "before: the sentence is in the WAL" ||
        fail "before: the sentence is in the WAL" "$(ls -l "$DB"*)"
fi

snapshot "$T/before"
run ov retention run --as-of 2200-01-01 --dry-run
check "--dry-run lists the record" 0 "would purge record $REC of "
check "--dry-run names the rule" 0 "under \"retain case-discussions 900m after closing\""
unchanged "--dry-run changes nothing"

run ov retention run --as-of 2200-01-01
check "run purges the record" 0 "purged record $REC of "
case $OUT in *"purged record $OTHER "*) fail "a record of someone employed is kept" ;; *) pass "a record of someone employed is kept" ;; esac
[ "$(sql "SELECT count(*) FROM record_items WHERE text = '$KEPT'")" = 1 ] &&
    pass "the kept record's text is as it was" || fail "the kept record's text is as it was"
[ "$(sql "SELECT count(*) FROM purges WHERE record_ref = $REC")" = 1 ] && pass "the purge is recorded" ||
    fail "the purge is recorded"
[ "$(sql "SELECT count(*) FROM records WHERE ref = $REC AND commit_key IS NULL")" = 1 ] &&
    pass "the record's commitment key is deleted" || fail "the record's commitment key is deleted"
[ "$(sql "SELECT count(*) FROM log_leaves WHERE type = 'purged' AND record_ref = $REC")" = 1 ] &&
    pass "a purged entry is in the log" || fail "a purged entry is in the log"

if [ -z "${OVERSIGHT_TEST_PG:-}" ]; then
    [ "$(count_in "$DB")" = 0 ] && pass "after: the sentence is not in the database file" ||
        fail "after: the sentence is not in the database file" "found $(count_in "$DB") times"
    [ "$(count_in "$DB" "$KEPT")" -ge 1 ] && pass "after: the kept record's sentence is in the database file" ||
        fail "after: the kept record's sentence is in the database file"
    [ "$(count_in "$DB-wal")" = 0 ] && pass "after: the sentence is not in the WAL" ||
        fail "after: the sentence is not in the WAL" "found $(count_in "$DB-wal") times"
    [ "$(count_in "$DB-wal" "$LATE")$(count_in "$DB" "$LATE")" = 00 ] &&
        pass "after: the late sentence is in neither file" || fail "after: the late sentence is in neither file"
    touch "$T/release"
    wait "$holder"
fi

run ov log checkpoint
check "after the purge the log signs a checkpoint consistent with the one before" 0
run ov log check
check "after the purge oversight log check finds everything holds" 0

# The record's page says what happened, rather than failing.
serve serve
[ -n "$port" ] || bail_out "the server did not start: $(cat "$T/serve.err")"
B=http://127.0.0.1:$port
sign_in_each auditor
get auditor "/records/$REC"
[ "$code" = 200 ] && grep -q "The texts of this record were deleted on .* under the" "$T/b" &&
    pass "the purged record's page says its texts were deleted under the retention policy" ||
    fail "the purged record's page says its texts were deleted" "status $code"
get auditor "/records/$OTHER"
[ "$code" = 200 ] && ! grep -q "were deleted on" "$T/b" && pass "a kept record's page says nothing of it" ||
    fail "a kept record's page says nothing of it" "status $code"
get auditor "/api/v1/records/$REC"
[ "$code" = 200 ] && grep -q '"purged_date": "[0-9-]*"' "$T/b" && pass "the API gives the day it was purged" ||
    fail "the API gives the day it was purged" "status $code: $(head -c 300 "$T/b")"
get auditor "/api/v1/records/$OTHER"
[ "$code" = 200 ] && grep -q '"purged_date": null' "$T/b" && pass "and null for a kept record" ||
    fail "and null for a kept record" "status $code"
CASE=$(sql "SELECT min(c.id) FROM case_notes n JOIN cases c ON c.ref = n.case_ref WHERE n.record_ref = $REC")
if [ -n "$CASE" ]; then
    get auditor "/cases/$(enc "$CASE")"
    [ "$code" = 200 ] && grep -q "Deleted under the retention policy" "$T/b" &&
        pass "the case page says the purged discussion was deleted" ||
        fail "the case page says the purged discussion was deleted" "status $code"
fi
kill "$server_pid" && wait "$server_pid" 2>/dev/null

run ov retention run --as-of 2200-01-01
check "again: nothing left to purge" 0 "0 records and 0 discussions outside a record purged"

# The supervisee's file after the purge: the purged record's entries stand
# with nothing to open, and the copy verifies.
SEE=$(sql "SELECT s.id FROM records r JOIN staff s ON s.ref = r.supervisee_ref WHERE r.ref = $REC")
run ov export person "$SEE" --out "$T/after.zip"
check "the file of the purged record's supervisee is made" 0
run ov verify "$T/after.zip"
check "and verifies" 0 "Verified"

done_testing
