#!/usr/bin/env bash
# Search's indexes (schema 11) after `oversight migrate`: they are not
# copied (derived, transfer_not_copied) but made again by the target's
# triggers as staff and cases arrive, so a name found in the source is found
# in the copy (PostgreSQL, or another SQLite file) and in a copy back to a
# new SQLite file, by an auditor (through the indexes) and by a manager
# (within their share); a child's name changed after the copy is found by
# its new name only.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

src=$T/src.sqlite
"$OVERSIGHT" --db "$src" init >/dev/null
"$OVERSIGHT" --db "$src" demo --staff 60 --cases 900 --accounts >/dev/null 2>&1 || bail_out "demo failed"
worker=$(sqlite3 "$src" "SELECT s.id FROM users u JOIN staff s ON s.ref = u.staff_ref WHERE u.username = 'worker'")
worker_name=$(sqlite3 "$src" "SELECT name FROM staff WHERE id = '$worker'")
case_id=$(sqlite3 "$src" "SELECT c.id FROM cases c JOIN staff w ON w.ref = c.worker_ref WHERE w.id = '$worker'
                          AND c.closed_date IS NULL ORDER BY c.id LIMIT 1")
sqlite3 "$src" "UPDATE cases SET name = 'Zoë Quentin-Hale' WHERE id = '$case_id'"
[ -n "$worker" ] && [ -n "$case_id" ] || bail_out "the demo has no worker with a case"

# found USER QUERY WHAT: the search page for USER lists a link to WHAT.
found() {
    get "$1" "/search?q=$(enc "$2")"
    [ "$code" = 200 ] && grep -qF "href=\"$3\"" "$T/b"
}

# searches NAME CHILD: the server on $DB finds the worker by name and the
# case by the child's name CHILD, as an auditor and as the manager.
searches() {
    serve "serve-$1"
    [ -n "$port" ] || bail_out "the server did not start: $(cat "$T/serve-$1.err")"
    B=http://127.0.0.1:$port
    sign_in_each auditor manager
    for u in auditor manager; do
        found $u "$worker_name" "/people/$worker" && pass "$1: $u finds the worker by name" ||
            fail "$1: $u finds the worker by name" "$(grep -o 'Nothing[^<]*' "$T/b")"
        found $u "$2" "/cases/$(enc "$case_id")" && pass "$1: $u finds the case by the child's name" ||
            fail "$1: $u finds the case by the child's name"
    done
    kill "$server_pid" && wait "$server_pid" 2>/dev/null
}

DB=$src
searches "the source" "zoe quentin"

fresh_db
run "$OVERSIGHT" migrate --from "$src" --to "$DB"
check "migrate" 0 "900 cases"
searches "the copy" "ZOE Quentin-Hale"

# Renamed in the copy: found by the new name, not the old.
sql "UPDATE cases SET name = 'Ada Brook' WHERE id = '$case_id'"
serve serve-renamed
B=http://127.0.0.1:$port
sign_in_each auditor
found auditor "quentin" "/cases/$(enc "$case_id")" && fail "the old name still finds the renamed case" ||
    pass "the old name no longer finds the renamed case"
found auditor "ada bro" "/cases/$(enc "$case_id")" && pass "the new name finds it" || fail "the new name finds it"
kill "$server_pid" && wait "$server_pid" 2>/dev/null

back=$T/back.sqlite
run "$OVERSIGHT" migrate --from "$DB" --to "$back"
check "migrate back to a new SQLite file" 0 "900 cases"
DB=$back
searches "the copy back" "brook ada"
for t in search_staff search_cases; do
    sqlite3 "$back" "INSERT INTO $t ($t) VALUES ('integrity-check')" 2>"$T/err" &&
        pass "the copy back's $t index agrees with its table" || fail "$t integrity-check" "$(cat "$T/err")"
done

done_testing
