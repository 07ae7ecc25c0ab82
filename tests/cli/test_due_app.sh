#!/usr/bin/env bash
# Figures that cannot be gamed, over real HTTP and `oversight due`: a
# session booked after its date, held, nothing written, moves nothing (the
# person stays overdue, listed "held, record not sent", and the unsent
# draft falls overdue); its record sent, it counts from the session's date
# as a late entry, in the CSV, the JSON, the API and the pages alike. And
# `due` naming a team, supervisor or worker that does not exist is an error.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"
PY=/usr/bin/python3

start_server
sign_in_each manager
manager=$(staff_of manager)
team=$(sql "SELECT t.name FROM staff s JOIN teams t ON t.ref = s.team_ref WHERE s.id = '$manager'")
# A supervisee of the manager with no supervision since starting 130 days ago.
start=$(date -d '-130 days' +%F)
sql "INSERT INTO staff (id, name, role, team_ref, supervisor_ref, line_manager_ref, start_date, fte_ppm)
     SELECT 'Z9', 'Zed Newcomer', 'social-worker', team_ref, ref, ref, '$start', 1000000 FROM staff WHERE id = '$manager'" >/dev/null
ref=$(sql "SELECT ref FROM staff WHERE id = 'Z9'")
[ -n "$ref" ] || bail_out "could not add the supervisee"
due0=$(date -d "$start +28 days" +%F)
late0=$(( ($(date +%s) - $(date -d "$due0" +%s)) / 86400 ))

expect() { # expect DESCRIPTION CODE [TEXT]: the last response
    if [ "$code" = "$2" ] && { [ -z "${3:-}" ] || grep -qF -- "$3" "$T/b"; }; then pass "$1"; else
        fail "$1 (got $code$( [ -n "${3:-}" ] && ! grep -qF -- "$3" "$T/b" && echo ", no \"$3\""))"
    fi
}
# has_line DESCRIPTION PATTERN FILE: a line of FILE matches the extended regex.
has_line() { if grep -qE -- "$2" "$3"; then pass "$1"; else fail "$1" "$(cat "$3")"; fi; }
no_line() { if grep -qE -- "$2" "$3"; then fail "$1" "$(grep -E -- "$2" "$3")"; else pass "$1"; fi; }

ov due --worker Z9 --format csv >"$T/due.csv"
has_line "before: overdue, never supervised" "^staff,Z9,$manager,role social-worker every 4w,,$due0,overdue,$late0\$" "$T/due.csv"

# Booked ten days after its date, held, nothing written.
past=$(date -d '-10 days' +%F)
post manager /bookings supervisee="$ref" date="$past" start-time=10:00 place="Room 2"
expect "the manager books a session ten days ago" 303
booking=$(echo "$location" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$')
post manager "/bookings/$booking/record"
expect "and says it was held" 303
record=$(echo "$location" | grep -o '/records/[0-9]*' | grep -o '[0-9]*$')
[ -n "$record" ] || bail_out "no record was started: $location"

sent_by=$(date -d "$past +7 days" +%F)
late_draft=$(( ($(date +%s) - $(date -d "$sent_by" +%s)) / 86400 ))
ov due --worker Z9 --format csv >"$T/due.csv"
has_line "held, record not sent: still overdue, from the same date" \
    "^staff,Z9,$manager,role social-worker every 4w,,$due0,overdue,$late0\$" "$T/due.csv"
has_line "the record to send is listed, overdue 7 days after the session" \
    "^record,record-$record,$manager,record sent within 7d of the session,$past,$sent_by,overdue,$late_draft\$" "$T/due.csv"
no_line "no late entry while it counts for nothing" "^late-entry," "$T/due.csv"
head -n 1 "$T/due.csv" | grep -qx "kind,id,owner,rule,last,due,status,days_overdue" &&
    pass "the CSV header is the contract's" || fail "the CSV header is the contract's" "$(head -n 1 "$T/due.csv")"
ov due --worker Z9 --format json >"$T/due.json"
"$PY" - "$T/due.json" "$record" <<'EOF' && pass "JSON: the staff row unmoved and the record to send" || fail "JSON: the staff row unmoved and the record to send"
import json, sys
rows = json.load(open(sys.argv[1]))
staff = [r for r in rows if r["kind"] == "staff"]
rec = [r for r in rows if r["kind"] == "record"]
assert len(staff) == 1 and staff[0]["last"] is None and staff[0]["status"] == "overdue", staff
assert len(rec) == 1 and rec[0]["id"] == "record-" + sys.argv[2] and rec[0]["status"] == "overdue", rec
EOF
get manager /people/Z9
expect "the person's page shows the record not sent" 200 "record not sent"
get manager "/teams/$(enc "$team")"
expect "the team page shows it held, record not sent" 200 "record not sent"
get manager /api/v1/people/Z9
"$PY" - "$T/b" <<'EOF' && pass "API: the person still overdue, the record to send listed" || fail "API: the person still overdue, the record to send listed" "$(head -c 600 "$T/b")"
import json, sys
due = json.load(open(sys.argv[1]))["due"]
assert [r["status"] for r in due if r["kind"] == "staff"] == ["overdue"], due
assert [r["kind"] for r in due if r["kind"] == "record"] == ["record"], due
EOF

# Sent: it counts from the session's date, shown as a late entry.
post manager "/records/$record/send"
expect "the manager sends the empty record" 303
next=$(date -d "$past +28 days" +%F)
ov due --worker Z9 --format csv >"$T/due.csv"
has_line "sent: the session counts from its own date" "^staff,Z9,$manager,role social-worker every 4w,$past,$next,(ok|due-soon),0\$" "$T/due.csv"
has_line "and is a late entry of 10 days" "^late-entry,Z9,$manager,session entered 10 days after its date,$past,$past,overdue,10\$" "$T/due.csv"
no_line "no record left to send" "^record," "$T/due.csv"
ov due --worker Z9 --format json >"$T/due.json"
"$PY" - "$T/due.json" "$past" <<'EOF' && pass "JSON: the late entry with its days" || fail "JSON: the late entry with its days" "$(cat "$T/due.json")"
import json, sys
rows = json.load(open(sys.argv[1]))
late = [r for r in rows if r["kind"] == "late-entry"]
assert len(late) == 1 and late[0]["days_overdue"] == 10 and late[0]["last"] == sys.argv[2], late
EOF
get manager /api/v1/people/Z9
"$PY" - "$T/b" <<'EOF' && pass "API: the late entry on the person" || fail "API: the late entry on the person" "$(head -c 600 "$T/b")"
import json, sys
due = json.load(open(sys.argv[1]))["due"]
assert [r["days_overdue"] for r in due if r["kind"] == "late-entry"] == [10], due
EOF
get manager /people/Z9
expect "the person's page shows the late entry" 200 "entered 10 days late"
get manager "/teams/$(enc "$team")"
expect "the team page shows it too" 200 "entered 10 days late"
get manager /api/v1/team/due
"$PY" - "$T/b" <<'EOF' && pass "API: the team's due list agrees" || fail "API: the team's due list agrees" "$(head -c 600 "$T/b")"
import json, sys
due = json.load(open(sys.argv[1]))["due"]
assert any(r["kind"] == "late-entry" and r["id"] == "Z9" and r["days_overdue"] == 10 for r in due), due
EOF

# An informal discussion entered after its date counts for its case at once
# (its note is written as it is entered), and the case shows as a late entry
# with its worker for as long as its discussion counts from it.
sql "INSERT INTO cases (id, category, worker_ref, allocated_date) VALUES ('ZC1', 'child-protection', $ref, '$start')" >/dev/null
ov due --worker Z9 --format csv >"$T/due.csv"
has_line "a case never discussed is overdue" "^case,ZC1,Z9,category child-protection every 2m,,[0-9-]+,overdue," "$T/due.csv"
past3=$(date -d '-12 days' +%F)
post manager /discussions case=ZC1 date="$past3" decision="Keep the plan" rationale="Seen this week"
expect "the manager records an informal discussion 12 days ago" 303
ov due --worker Z9 --format csv >"$T/due.csv"
has_line "the case counts from the discussion" "^case,ZC1,Z9,category child-protection every 2m,$past3," "$T/due.csv"
has_line "and is a late entry of 12 days, with the worker, by who recorded it" \
    "^case-late-entry,ZC1,$manager,.*,$past3,$past3,overdue,12\$" "$T/due.csv"
get manager "/people/Z9"
expect "the worker's page shows the case's late entry" 200 "entered 12 days late"

# A database from before schema 9, where starting a record made the session
# count at once: opened, the session held with its record never sent stops
# counting, and its lateness is worked out from when it was booked.
past2=$(date -d '-5 days' +%F)
post manager /bookings supervisee="$ref" date="$past2" start-time=10:00 place="Room 2"
booking2=$(echo "$location" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$')
post manager "/bookings/$booking2/record"
expect "a second session, held, record not sent" 303
session2=$(sql "SELECT session_ref FROM bookings WHERE ref = $booking2")
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
sql "DROP INDEX sessions_late" >/dev/null
sql "DROP INDEX record_versions_draft" >/dev/null
sql "ALTER TABLE sessions DROP COLUMN late_days" >/dev/null
sql "ALTER TABLE bookings DROP COLUMN late_days" >/dev/null
# Schema 10 and on, undone too: what each later migration made, dropped in
# the reverse order, and the indexes it dropped made again as the migration
# that first made them did, read from the migrations themselves.
dialect=sqlite
[ -n "${OVERSIGHT_TEST_PG:-}" ] && dialect=postgresql
undo=$("$PY" - "$(dirname "$0")/../../sql/$dialect" <<'EOF'
import glob, os, re, sys
out = []
paths = sorted(glob.glob(os.path.join(sys.argv[1], "*.sql")))
every = re.sub(r"--[^\n]*", "", "".join(open(p).read() for p in paths))
for path in reversed(paths):
    if int(os.path.basename(path)[:3]) < 10:
        continue
    sql = re.sub(r"--[^\n]*", "", open(path).read())
    drops = {"TRIGGER": [], "INDEX": [], "TABLE": [], "COLUMN": [], "FUNCTION": []}
    for m in re.finditer(r"CREATE\s+(?:VIRTUAL\s+)?(TRIGGER|INDEX|TABLE|FUNCTION)\s+(\w+(?:\([^)]*\))?)(?![%\w])", sql, re.I):
        name = m.group(2)
        if m.group(1).upper() == "TRIGGER" and "postgresql" in sys.argv[1]:
            name += " ON " + re.match(r"[^;]*?\bON\s+(\w+)", sql[m.end():], re.I).group(1)  # PostgreSQL names the table
        drops[m.group(1).upper()].append(name)
    # Triggers made in a loop over tables (PostgreSQL's 017): one per table.
    loop = re.search(r"FOREACH\s+t\s+IN\s+ARRAY\s+ARRAY\[([^\]]*)\]", sql, re.I)
    for m in re.finditer(r"format\('CREATE\s+TRIGGER\s+(\w*)%s(\w*)\s", sql, re.I):
        for t in re.findall(r"'(\w+)'", loop.group(1)):
            drops["TRIGGER"].append("%s%s%s ON %s" % (m.group(1), t, m.group(2), t))
    for m in re.finditer(r"ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)", sql, re.I):
        drops["COLUMN"].append(m.groups())
    # IF EXISTS: a later migration may have dropped what an earlier one made.
    out += ["DROP TRIGGER IF EXISTS %s" % n for n in drops["TRIGGER"]]
    out += ["DROP INDEX IF EXISTS %s" % n for n in drops["INDEX"]]
    # Newest table first: a later one may refer to an earlier one (audits to audit_draws).
    out += ["DROP TABLE IF EXISTS %s" % n for n in reversed(drops["TABLE"])]
    out += ["ALTER TABLE %s DROP COLUMN %s" % c for c in drops["COLUMN"]]
    out += ["DROP FUNCTION IF EXISTS %s" % n for n in drops["FUNCTION"]]
    for m in re.finditer(r"DROP\s+INDEX\s+(\w+)", sql, re.I):
        made = re.search(r"CREATE\s+(?:UNIQUE\s+)?INDEX\s+%s\b[^;]*" % m.group(1), every, re.I)
        out.append(" ".join(made.group(0).split()))
print("\n".join(out))
EOF
)
while IFS= read -r stmt; do
    [ -n "$stmt" ] && { sql "$stmt" >/dev/null || bail_out "could not undo a later schema: $stmt"; }
done <<<"$undo"
sql "UPDATE attendees SET held_individual = 1 WHERE session_ref = $session2" >/dev/null
sql "DELETE FROM schema_migrations WHERE version >= 9" >/dev/null
[ "$(sql "SELECT max(version) FROM schema_migrations")" = 8 ] || bail_out "could not make a schema 8 database"
ov due --worker Z9 --format csv >"$T/due.csv"
[ "$(sql "SELECT max(version) FROM schema_migrations")" -ge 9 ] && pass "opened, the database is brought to schema 9 and on" ||
    fail "opened, the database is brought to schema 9 and on"
has_line "migrated: the unsent session counts for nothing, the sent one still counts" \
    "^staff,Z9,$manager,role social-worker every 4w,$past,$next,(ok|due-soon),0\$" "$T/due.csv"
has_line "migrated: its record is listed to send" "^record,record-[0-9]+,$manager,.*,$past2," "$T/due.csv"
has_line "migrated: the sent late entry keeps its 10 days" "^late-entry,Z9,$manager,.*,$past,$past,overdue,10\$" "$T/due.csv"
[ "$(sql "SELECT late_days FROM sessions WHERE ref = $session2")" = 5 ] &&
    pass "migrated: the unsent session is a late entry of 5 days, from its booking" ||
    fail "migrated: the unsent session is a late entry of 5 days, from its booking" "$(sql "SELECT late_days FROM sessions WHERE ref = $session2")"

# Naming nobody is an error that says what to do.
for opt in --worker --supervisor --team; do
    run ov due "$opt" NOSUCH
    check "due $opt NOSUCH is an error" 1 "\"NOSUCH\""
    echo "$ERR" | grep -q "leave $opt out" && pass "due $opt NOSUCH says what to do" || fail "due $opt NOSUCH says what to do" "$OUT"
done
run ov due --worker Z9 --format csv
check "due --worker of someone who exists is fine" 0 "staff,Z9"
done_testing
