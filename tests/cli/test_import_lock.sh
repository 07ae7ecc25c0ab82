#!/usr/bin/env bash
# Imports and the write lock: an import reads and checks its whole file
# before it takes the database's write lock, so a long file (here one fed
# slowly through standard input) never keeps anyone else from writing; and
# only a regular file or standard input (said as -) is imported: a FIFO, a
# directory or a device is refused at once, never waited on.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

fresh_db
ov init >/dev/null || bail_out "init failed"

# staff_rows FROM TO: staff rows S<FROM>..S<TO>, each supervised by S1.
staff_rows() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        for (i = a; i <= b; i++)
            printf "S%d,Staff Member %d,social-worker,Team %d,%s,2024-01-0%d,1\n", i, i, i % 40, i == 1 ? "" : "S1", 1 + i % 9
    }'
}
header='id,name,role,team,supervisor,start_date,fte'
ROWS=50000

# ---- a write while a long import is read ----
# The first half of the file, a pause longer than a writer waits for the
# lock (10 s), then the rest: all the while the import is reading.
{
    echo "$header"
    staff_rows 1 $((ROWS / 2))
    sleep 12
    staff_rows $((ROWS / 2 + 1)) $ROWS
} | ov import staff - >"$T/import.out" 2>"$T/import.err" &
import_pid=$!
background_pids="$background_pids $import_pid"
sleep 3
started=$(date +%s)
run timeout 9 "$OVERSIGHT" --db "$DB" user add carer-1 --role admin
took=$(($(date +%s) - started))
check "a user is added while a long import is being read" 0
if [ "$took" -le 3 ]; then pass "without waiting for the import (${took}s)"; else fail "without waiting for the import" "took ${took}s"; fi
printf '%s\nB1,Bea Small,manager,Team B,,2024-02-01,1\n' "$header" >"$T/small.csv"
run timeout 9 "$OVERSIGHT" --db "$DB" import staff "$T/small.csv"
check "a second import finishes while the first is being read" 0 "imported 1 staff rows"
wait $import_pid
status=$?
ERR=$(cat "$T/import.err")
check "the long import finishes" 0
if grep -qF -- "-: imported $ROWS staff rows" "$T/import.out"; then
    pass "the long import says how many rows it imported"
else
    fail "the long import says how many rows it imported" "stdout: $(cat "$T/import.out")"
fi
check_count() {
    local got
    got=$(sql "$1")
    if [ "$got" = "$2" ]; then pass "$3"; else fail "$3" "got $got, want $2"; fi
}
check_count "SELECT count(*) FROM staff" $((ROWS + 1)) "every staff row and the other import's row are there"
check_count "SELECT count(*) FROM users WHERE username = 'carer-1'" 1 "the user added meanwhile is there"

# ---- only regular files ----
mkfifo "$T/fifo"
snapshot "$T/before"
run timeout 5 "$OVERSIGHT" --db "$DB" import staff "$T/fifo"
check "a FIFO is refused at once" 1 "$T/fifo: is a named pipe (FIFO)"
check "the refusal says to use standard input" 1 "give the file as -"
unchanged "a FIFO: nothing changed"
mkdir "$T/dir"
run timeout 5 "$OVERSIGHT" --db "$DB" import staff "$T/dir"
check "a directory is refused" 1 "$T/dir: is a directory"
run timeout 5 "$OVERSIGHT" --db "$DB" import staff /dev/zero
check "a device is refused, not read for ever" 1 "/dev/zero: is not a regular file"
run timeout 5 "$OVERSIGHT" --db "$DB" import staff - </dev/null
check "an empty standard input is an empty file" 1 "-: "
printf '%s\nB1,Bea Small,manager,Team C,,2024-02-01,1\n' "$header" >"$T/c.csv"
run timeout 5 "$OVERSIGHT" --db "$DB" import staff - <"$T/c.csv"
check "standard input, said as -, is imported" 0 "-: imported 1 staff rows"
check_count "SELECT t.name FROM staff s JOIN teams t ON t.ref = s.team_ref WHERE s.id = 'B1'" "Team C" "what came from standard input was saved"

# ---- a write that cannot have the lock: busy, try again ----
# Another program holds the write lock (as a long write would) for longer
# than a writer waits: the web application answers 503 with Retry-After,
# never a server error, and the same request succeeds once the lock is free.
start_server
sign_in_each admin
csrf=$(csrf_of "$T/jar.admin")
printf '%s\nL1,Lou Lock,manager,Team L,,2024-02-01,1\n' "$header" >"$T/l.csv"
upload() { req -b "$T/jar.admin" -F "csrf=$csrf" -F "kind=staff" -F "file=@$T/l.csv;type=text/csv" "$B/admin/imports"; }
if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
    { echo "BEGIN; SELECT pg_advisory_xact_lock(4242000001);"; sleep 14; echo "ROLLBACK;"; } | psql -q "$DB" >/dev/null &
else
    { echo "BEGIN IMMEDIATE;"; sleep 14; echo "ROLLBACK;"; } | sqlite3 "$DB" &
fi
holder=$!
background_pids="$background_pids $holder"
sleep 1
upload
if [ "$code" = 503 ]; then pass "a write waiting too long for the lock is answered 503"; else fail "a write waiting too long for the lock is answered 503" "status $code"; fi
if has_header "Retry-After: 5"; then pass "with Retry-After"; else fail "with Retry-After" "$(cat "$T/h")"; fi
if grep -q "The service is busy" "$T/b" && grep -q "Nothing you sent has been saved" "$T/b"; then
    pass "the page says the service is busy and nothing was saved"
else
    fail "the page says the service is busy and nothing was saved"
fi
check_count "SELECT count(*) FROM staff WHERE id = 'L1'" 0 "nothing was imported while busy"
wait $holder
upload
if [ "$code" = 200 ] || [ "$code" = 303 ]; then pass "the same upload succeeds once the lock is free"; else fail "the same upload succeeds once the lock is free" "status $code"; fi
check_count "SELECT count(*) FROM staff WHERE id = 'L1'" 1 "and its row is saved"

done_testing
