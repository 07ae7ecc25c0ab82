#!/usr/bin/env bash
# The read trail (svc/trail.h): a journey through the web application (a
# worker opens a record, their person page, a case and a search, and the
# record through the API; an auditor opens the worker's page) leaves
# exactly one row per read, saying who, what, under which role and from
# which address, and none for a read refused; `oversight audit verify`
# holds over it, and names the row when one is deleted or changed with the
# database's own shell, or when rows are cut from the end past a head kept
# before, or past the head the record log anchored at its latest checkpoint
# (with none kept apart); and a trail that cannot be written refuses reads (503) rather
# than show them unrecorded, and takes them again once it can.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server
demo_worker
sign_in_each worker auditor
record=$(sql "SELECT ref FROM records WHERE supervisee_ref = $worker_ref ORDER BY ref LIMIT 1")
versions=$(sql "SELECT latest_version FROM records WHERE ref = $record")
case_ref=$(sql "SELECT ref FROM cases WHERE id = '$case_id'")
other=$(sql "SELECT id FROM staff WHERE ref <> $worker_ref AND ref NOT IN (SELECT supervisor_ref FROM staff WHERE ref = $worker_ref AND supervisor_ref IS NOT NULL) ORDER BY ref LIMIT 1")
[ -n "$record" ] && [ -n "$case_ref" ] && [ -n "$other" ] || bail_out "the demo lacks a record or case of the worker's ($record|$case_ref|$other)"

rows() { sql "SELECT count(*) FROM read_trail"; }
[ "$(rows)" = 0 ] && pass "signing in reads nothing into the trail" || fail "rows after sign-in: $(rows)"

get worker "/records/$record"
[ "$code" = 200 ] || fail "the worker's record: $code"
get worker "/people/$worker"
[ "$code" = 200 ] || fail "the worker's page: $code"
get worker "/cases/$case_id"
[ "$code" = 200 ] || fail "the worker's case: $code"
get worker "/search?q=$worker"
[ "$code" = 200 ] || fail "a search: $code"
get worker "/api/v1/records/$record"
[ "$code" = 200 ] || fail "the record through the API: $code"
get worker "/people/$other"
[ "$code" = 403 ] && pass "a page the worker may not see is refused" || fail "another's page: $code"
get worker "/search"
[ "$code" = 200 ] || fail "the search form: $code"
get auditor "/people/$worker"
[ "$code" = 200 ] || fail "the auditor reads the worker's page: $code"
# The worker sees who else read their records: the auditor, not themself
# (once the writer has written the auditor's read: up to 10 s).
for _ in $(seq 100); do
    [ "$(sql "SELECT count(*) FROM read_trail WHERE account = 'auditor'")" = 0 ] || break
    sleep 0.1
done
get worker /supervision/reads
[ "$code" = 200 ] && grep -q '<td class="govuk-table__cell">auditor</td>' "$T/b" && grep -q "Your page" "$T/b" &&
    pass "the worker's page of who read their records names the auditor" ||
    fail "the worker's page of who read their records names the auditor" "$code"
[ "$(grep -c '<tr class="govuk-table__row">' "$T/b")" = 1 ] && pass "and lists none of the worker's own reads" ||
    fail "and lists none of the worker's own reads" "$(grep -c '<tr class="govuk-table__row">' "$T/b") rows"

# A stop writes what the trail still holds.
kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null

want="1|worker|$worker_ref|supervisee|127.0.0.1|record|$record|version $versions of $versions
2|worker|$worker_ref|self|127.0.0.1|person|$worker_ref|$worker
3|worker|$worker_ref|worker|127.0.0.1|case|$case_ref|$case_id
4|worker|$worker_ref|worker|127.0.0.1|search|0|
5|worker|$worker_ref|supervisee|127.0.0.1|record|$record|version $versions of $versions
6|auditor||auditor|127.0.0.1|person|$worker_ref|$worker"
got=$(sql "SELECT seq, account, staff_ref, role, address, kind, ref, CASE kind WHEN 'search' THEN '' ELSE detail END
           FROM read_trail ORDER BY seq")
[ "$got" = "$want" ] && pass "one row per read, none for the refused one or the empty search form: who, what, role, address" ||
    fail "the trail" "got:" "$got" "want:" "$want"
detail=$(sql "SELECT detail FROM read_trail WHERE seq = 4")
case $detail in "\"$worker\" "*"people $worker"*) pass "a search's row says what was asked and what was shown" ;;
*) fail "the search's detail: $detail" ;; esac
now=$(date +%s)
sql "SELECT count(*) FROM read_trail WHERE at BETWEEN $((now - 600)) AND $now" | grep -qx 6 &&
    pass "each row says when" || fail "times: $(sql 'SELECT at FROM read_trail')"

run ov audit verify
check "audit verify: the trail holds" 0 "The read trail holds: 6 rows, 1 to 6"
head=$(sed -n 's/^Head: //p' "$T/out")
[ -n "$head" ] && pass "verify prints the head" || fail "no head in: $OUT"

# Deleted with the sqlite3 shell (psql): named; put back as it was: holds again.
sql "CREATE TABLE kept AS SELECT * FROM read_trail WHERE seq = 3"
sql "DELETE FROM read_trail WHERE seq = 3"
run ov audit verify
check "a row deleted: verify fails, naming it" 1 "broken at row 3: row 3 is missing: row 2 is followed by row 4"
grep -q "Rows 1 to 2 hold" "$T/err" && pass "and says which rows still hold" || fail "stderr: $ERR"
sql "INSERT INTO read_trail SELECT * FROM kept"
sql "DROP TABLE kept"
run ov audit verify
check "the row put back as it was: the trail holds again" 0 "The read trail holds: 6 rows"

# Edited: the account, then the address.
sql "UPDATE read_trail SET account = 'someone' WHERE seq = 2"
run ov audit verify
check "a row's reader changed: verify fails, naming it" 1 "broken at row 2: row 2 was changed"
sql "UPDATE read_trail SET account = 'worker' WHERE seq = 2"
sql "UPDATE read_trail SET address = '198.51.100.1' WHERE seq = 5"
run ov audit verify
check "a row's address changed: verify fails, naming it" 1 "broken at row 5: row 5 was changed"
sql "UPDATE read_trail SET address = '127.0.0.1' WHERE seq = 5"

# Two rows swapped.
sql "UPDATE read_trail SET seq = 100 WHERE seq = 4"
sql "UPDATE read_trail SET seq = 4 WHERE seq = 5"
sql "UPDATE read_trail SET seq = 5 WHERE seq = 100"
run ov audit verify
check "two rows swapped: verify fails at the first" 1 "broken at row 4: row 4 does not follow row 3"
sql "UPDATE read_trail SET seq = 100 WHERE seq = 4"
sql "UPDATE read_trail SET seq = 4 WHERE seq = 5"
sql "UPDATE read_trail SET seq = 5 WHERE seq = 100"

# The last row cut: the chain left holds, but not past the head kept before.
run ov audit verify --since "$head"
check "verify --since the current head holds" 0 "the head given still in it"
sql "DELETE FROM read_trail WHERE seq = 6"
run ov audit verify
check "the last row deleted: the shorter chain holds by itself" 0 "5 rows, 1 to 5"
run ov audit verify --since "$head"
check "the last row deleted: verify --since the head kept fails" 1 "rows 6 to 6 were deleted"

# The record log anchors the trail's head at each checkpoint: the last row
# cut then shows with no head kept apart (before, the shorter chain held).
[ -n "${OVERSIGHT_TEST_PG:-}" ] && export OVERSIGHT_LOG_KEY=$T/log.key
run ov log init --origin example.org/supervision
check "the record log is set up" 0 "is set up"
anchors() { sql "SELECT count(*) || ' ' || coalesce(max(ref), 0) FROM log_leaves WHERE type = 'read-trail'"; }
[ "$(anchors)" = "0 0" ] && pass "no anchor before a checkpoint" || fail "anchors: $(anchors)"
run ov log checkpoint
check "a checkpoint is signed" 0 ""
[ "$(anchors)" = "1 5" ] && pass "the checkpoint anchors the trail's head, row 5" || fail "anchors: $(anchors)"
run ov audit verify
check "audit verify: the trail holds up to the anchor" 0 "Row 5 is the head the record log anchored, in the checkpoint of"
run ov log checkpoint
check "a checkpoint with no new reads" 0 ""
[ "$(anchors)" = "1 5" ] && pass "a checkpoint with no new reads appends no anchor" || fail "anchors: $(anchors)"
sql "CREATE TABLE kept AS SELECT * FROM read_trail WHERE seq = 5"
sql "DELETE FROM read_trail WHERE seq = 5"
run ov audit verify
check "the last row deleted after a checkpoint: verify fails, naming the anchor" 1 \
    "broken at row 5: the trail ends at row 4, but row 5 was anchored in the record log: rows 5 to 5 were deleted"
grep -q "The record log anchored row 5 at leaf [0-9]*, in the checkpoint of [0-9]* entries signed on" "$T/err" &&
    pass "and names the checkpoint that signed the anchor" || fail "stderr: $ERR"
run ov log checkpoint
check "a checkpoint after the cut" 0 ""
[ "$(anchors)" = "1 5" ] && pass "a head behind the anchored one is not anchored" || fail "anchors: $(anchors)"
sql "INSERT INTO read_trail SELECT * FROM kept"
sql "DROP TABLE kept"
run ov audit verify
check "the row put back: the trail holds again" 0 "The read trail holds: 5 rows"

run ov audit verify --since 6:zz
check "a --since that is no head is a usage error" 2 "is not a head"
run ov audit frobnicate
check "audit with an unknown action" 2 "unknown action"

# Fail closed: a trail that refuses writes (a trigger) refuses reads.
if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
    sql "CREATE FUNCTION trail_refuse() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN RAISE EXCEPTION 'no'; END\$\$;
         CREATE TRIGGER trail_refuse BEFORE INSERT ON read_trail FOR EACH ROW EXECUTE FUNCTION trail_refuse()" >/dev/null
else
    sql "CREATE TRIGGER trail_refuse BEFORE INSERT ON read_trail BEGIN SELECT RAISE(ABORT, 'no'); END"
fi
serve serve2
[ -n "$port" ] || bail_out "the server did not start again: $(cat "$T/serve2.err")"
B=http://127.0.0.1:$port
sign_in_each worker
# The first read is queued (and shown); its batch fails; reads are refused from then on.
refused=""
for _ in $(seq 100); do
    get worker "/records/$record"
    [ "$code" = 503 ] && refused=yes && break
    sleep 0.1
done
[ -n "$refused" ] && pass "a trail that cannot be written: the record is refused (503)" || fail "never refused: $code"
grep -q "cannot be written just now" "$T/b" && has_header "Retry-After" &&
    pass "the refusal says why, and when to try again" || fail "the 503: $(head -c 300 "$T/b")"
grep -q "Case supervision" "$T/b" && fail "the refusal shows nothing of the record" ||
    pass "the refusal shows nothing of the record"
get worker "/api/v1/people/$worker"
[ "$code" = 503 ] && grep -q '"status": 503' "$T/b" && pass "the API refuses too, as a problem document" ||
    fail "API: $code $(head -c 200 "$T/b")"
if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
    sql "DROP TRIGGER trail_refuse ON read_trail; DROP FUNCTION trail_refuse()" >/dev/null
else
    sql "DROP TRIGGER trail_refuse"
fi
back=""
for _ in $(seq 100); do
    get worker "/records/$record"
    [ "$code" = 200 ] && back=yes && break
    sleep 0.1
done
[ -n "$back" ] && pass "once the trail can be written, reads are shown again" || fail "still refused: $code"
kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null
run ov audit verify
check "the reads kept while the trail failed are written: the chain holds" 0 "The read trail holds"
# Rows 6 on: the read shown before the failure was seen (and any made at
# the same moment), kept on the queue and written once it could be, then
# the one shown after; never the ones refused.
shown=$(sql "SELECT count(*) FROM read_trail WHERE seq >= 6 AND kind = 'record' AND account = 'worker'")
[ "$(rows)" -ge 7 ] && [ "$shown" = $(($(rows) - 5)) ] && pass "the reads shown are all in the trail, the refused ones not" ||
    fail "rows 6 on: $(sql 'SELECT seq, kind, account FROM read_trail WHERE seq >= 6')"

done_testing
