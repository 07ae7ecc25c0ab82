#!/usr/bin/env bash
# Imports through the real binary: the CSV forms RFC 4180 allows, forward
# references, idempotent re-import, and every kind of bad input, each of which
# must exit 1 with a message naming file, line and column, and leave the
# database exactly as it was; and no import, by the command line or the
# admin page, changes a session that supervision made.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

# A small organisation to start from.
base() {
    fresh_db
    ov init >/dev/null
    cat >"$T/staff.csv" <<'CSV'
id,name,role,team,supervisor,start_date,fte
M1,Ade Okafor,manager,Assessment 1,,2020-01-06,1
W1,"Jo O'Neil, Jr.",social-worker,Assessment 1,M1,2021-03-01,0.8
W2,Zoë Brontë,nqsw,Assessment 1,M1,2026-01-05,
CSV
    cat >"$T/cases.csv" <<'CSV'
id,category,worker,allocated_date
C1,child-protection,W1,2026-01-10
C2,child-in-need,W2,2026-02-01
CSV
    cat >"$T/sessions.csv" <<'CSV'
id,date,supervisor,supervisee,type,status
X1,2026-03-02,M1,W1,individual,held
X2,2026-03-09,M1,W1;W2,group,held
CSV
    printf 'session,case\nX1,C1\nX2,C2\n' >"$T/discussions.csv"
    for k in staff cases sessions discussions; do
        ov import $k "$T/$k.csv" >/dev/null || { echo "Bail out! base import of $k failed"; exit 1; }
    done
}

# bad NAME KIND FILE MESSAGE: the import must fail with MESSAGE and change nothing.
bad() {
    local name=$1 kind=$2 file=$3 msg=$4
    snapshot "$T/before"
    run ov import "$kind" "$file"
    check "$name: exit 1 and message" 1 "$msg"
    unchanged "$name: database unchanged"
}

base
f=$T/bad.csv

printf 'id,name,role,start_date\nW9,A B,social-worker,2026-01-01\nW8,C D,wizard,2026-01-01\n' >"$f"
bad "unknown role" staff "$f" "$f:3: role \"wizard\": not a role in the policy"

printf 'id,category,worker,allocated_date\nC9,witchcraft,W1,2026-01-01\n' >"$f"
bad "unknown category" cases "$f" "$f:2: category \"witchcraft\": not a case category"

printf 'id,name,role,start_date\nW9,A B,social-worker,2026-13-01\n' >"$f"
bad "bad date" staff "$f" "$f:2: start_date \"2026-13-01\": not a valid date"

printf 'id,name,role,start_date\nW9,A B,social-worker,2026-02-31\n' >"$f"
bad "31 February" staff "$f" "$f:2: start_date \"2026-02-31\": not a valid date"

printf 'id,name,role,start_date,fte\nW9,A B,social-worker,2026-01-01,0\n' >"$f"
bad "fte 0" staff "$f" "$f:2: fte \"0\": must be greater than 0 and at most 1"

printf 'id,name,role,start_date,fte\nW9,A B,social-worker,2026-01-01,1.5\n' >"$f"
bad "fte 1.5" staff "$f" "$f:2: fte \"1.5\": must be greater than 0 and at most 1"

printf 'id,name,role,start_date\nW9,A B,social-worker,2026-01-01\nW9,C D,social-worker,2026-01-01\n' >"$f"
bad "duplicate id in the file" staff "$f" "$f:3: id \"W9\": is already on line 2"

printf 'id,name,role,start_date,supervisor\nW9,A B,social-worker,2026-01-01,NOBODY\n' >"$f"
bad "dangling supervisor" staff "$f" "$f:2: supervisor \"NOBODY\": no such staff member"

printf 'id,category,worker,allocated_date\nC9,child-in-need,NOBODY,2026-01-01\n' >"$f"
bad "dangling case worker" cases "$f" "$f:2: worker \"NOBODY\": no such staff member"

printf 'id,date,supervisor,supervisee\nX9,2026-01-01,M1,NOBODY\n' >"$f"
bad "dangling supervisee" sessions "$f" "$f:2: supervisee \"NOBODY\": no such staff member"

printf 'session,case\nX1,C1\nX404,C1\n' >"$f"
bad "dangling session" discussions "$f" "$f:3: session \"X404\": no such session"

printf 'session,case\nX1,C404\n' >"$f"
bad "dangling case" discussions "$f" "$f:2: case \"C404\": no such case"

printf 'id,name,start_date\nW9,A B,2026-01-01\n' >"$f"
bad "missing required column" staff "$f" "$f:1: missing required column \"role\""

: >"$f"
bad "empty file" staff "$f" "$f: the file is empty"

printf 'id,name,role,start_date\nW9,Zo\xeb,social-worker,2026-01-01\n' >"$f"
bad "wrong encoding (Latin-1)" staff "$f" "$f:2:"
check "wrong encoding names the encoding" 1 "UTF-8"

{ printf 'id,name,role,start_date\nW9,"'; head -c 10485760 /dev/zero | tr '\0' 'a'; printf '",social-worker,2026-01-01\n'; } >"$f"
bad "a 10 MB field" staff "$f" "$f:2:"
check "a 10 MB field is named as too long" 1 "longer than"

printf 'id,name,role,start_date\nW9,A B,social-worker,2026-01-01\nW10,C D,social-worker,2026-01-01,extra\n' >"$f"
bad "a row with too many fields" staff "$f" "$f:3: 5 fields, but the header has 4"

printf 'id,name,role,start_date\nW9,"A ""quoted\n name",social-worker,2026-01-01\nW10,C D,social-worker,2026-99-01\n' >"$f"
bad "line numbers after a quoted line break" staff "$f" "$f:4: start_date \"2026-99-01\""

printf 'id,name,role,start_date\nW9,"unterminated,social-worker,2026-01-01\n' >"$f"
bad "unterminated quote" staff "$f" "$f:2"

printf 'id,date,supervisor,supervisee,type\nX9,2026-01-01,M1,W1;W2,individual\n' >"$f"
bad "individual session with two supervisees" sessions "$f" "$f:2: supervisee \"W1;W2\": an individual session has exactly one supervisee"


printf 'id,category,worker,allocated_date,every\nC9,child-in-need,W1,2026-02-01,2x\n' >"$f"
bad "bad case interval" cases "$f" "$f:2: every \"2x\": not an interval"

printf 'id,name,role,start_date\n1 2,A B,social-worker,2026-01-01\n' >"$f"
bad "bad id" staff "$f" "$f:2: id \"1 2\": must be 1-64 letters"

printf 'name,service,manager\nAssessment 1,Children in Need,NOBODY\n' >"$f"
bad "dangling team manager" teams "$f" "$f:2: manager \"NOBODY\": no such staff member in the database"

printf 'name,service,manager\nAssessment 1,North,M1\nAssessment 1,South,M1\n' >"$f"
bad "a team named twice" teams "$f" "$f:3: name \"Assessment 1\": is already on line 2"

printf 'name,service,manager\n,North,M1\n' >"$f"
bad "a team without a name" teams "$f" "$f:2: name \"\": is required"

printf 'service,manager\nNorth,M1\n' >"$f"
bad "teams without a name column" teams "$f" "$f:1: missing required column \"name\""

# Several problems are all reported, each on its own line.
printf 'id,name,role,start_date,fte\nW9,A,wizard,2026-01-01,1\nW10,B,social-worker,2026-02-30,1\nW11,C,social-worker,2026-01-01,2\n' >"$f"
run ov import staff "$f"
if [ "$status" = 1 ] && grep -q ":2: role" "$T/err" && grep -q ":3: start_date" "$T/err" && grep -q ":4: fte" "$T/err"; then
    pass "every bad row is reported"
else
    fail "every bad row is reported" "$ERR"
fi

# Problems come in line order, whenever they were found: a supervisor that
# no row defines is found after the last row, but is listed at its line.
printf 'id,name,role,start_date,supervisor,fte\nW9,A,social-worker,2026-01-01,NOBODY,1\nW10,B,social-worker,2026-01-01,,2\n' >"$f"
run ov import staff "$f"
lines=$(grep -o "^$f:[0-9][0-9]*" "$T/err" | sed "s|^$f:||" | tr '\n' ' ')
[ "$status" = 1 ] && [ "$lines" = "2 3 " ] && pass "import problems are listed in line order" ||
    fail "import problems are listed in line order" "lines: $lines" "$ERR"

# A case's name: one line of any Unicode, at most 200 bytes.
printf 'id,category,worker,allocated_date,name\nC9,child-in-need,W1,2026-02-01,"J.\nS."\n' >"$f"
bad "a case name on two lines" cases "$f" "$f:2: name \"J.?S.\": contains a control character or line break"
printf 'id,category,worker,allocated_date,name\nC9,child-in-need,W1,2026-02-01,%s\n' "$(printf 'N%.0s' $(seq 201))" >"$f"
bad "a case name too long" cases "$f" "$f:2: name \"NNNN"

check_missing_file() {
    run ov import staff "$T/no-such-file.csv"
    check "a missing file is bad input" 1 "no-such-file.csv: cannot read"
}
check_missing_file

run ov import people "$f"
check "an unknown kind is a usage error" 2 "unknown kind"

# Good input: RFC 4180's forms, forward references, unknown columns.
base
printf '\xef\xbb\xbfid,name,role,start_date,supervisor,line_manager,nickname\r\nW5,"Siobhán ""Shiv"" Ní Bhriain",senior-practitioner,2024-05-01,W6,W6,x\r\nW6,"Łukasz, Nowak",manager,2019-01-01,,,y\r\n' >"$f"
run ov import staff "$f"
check "BOM, CRLF, quotes, commas and a forward reference" 0 "imported 2 staff rows"
check "an unknown column is a warning" 0 "column \"nickname\" is not a column"
run ov due --as-of 2026-06-01 --worker W5
check "names come back whole" 0 "Siobhán \"Shiv\" Ní Bhriain"
check "the forward reference was kept" 0 "Łukasz, Nowak"

# Odd but allowed by the contract: imported, with a warning.
printf 'id,category,worker,allocated_date,closed_date\nC9,child-in-need,W1,2026-02-01,2026-01-01\n' >"$f"
run ov import cases "$f"
check "closed before allocated is imported" 0 "imported 1 cases rows"
check "closed before allocated is warned about" 0 "$f:2: closed_date \"2026-01-01\": is before allocated_date 2026-02-01"

# A child's name or initials on a case: imported, and a re-import updates it.
printf 'id,category,worker,allocated_date,name\nC1,child-protection,W1,2026-01-10,Zoë O'"'"'Brien\nC2,child-in-need,W2,2026-02-01,\n' >"$f"
run ov import cases "$f"
check "cases with a name column" 0 "imported 2 cases rows"
[ "$(sql "SELECT id || '|' || coalesce(name, '(none)') FROM cases WHERE id IN ('C1', 'C2') ORDER BY id")" = "C1|Zoë O'Brien
C2|(none)" ] && pass "a case's name is stored as written; an empty one is none" ||
    fail "a case's name is stored" "$(sql "SELECT id, name FROM cases")"
printf 'id,category,worker,allocated_date,name\nC1,child-protection,W1,2026-01-10,Z.O.\n' >"$f"
run ov import cases "$f"
[ "$(sql "SELECT name FROM cases WHERE id = 'C1'")" = "Z.O." ] && pass "re-importing a case updates its name" ||
    fail "re-importing a case updates its name" "$(sql "SELECT id, name FROM cases")"
# The file describes each case whole, as for every: without the column, no name.
run ov import cases "$T/cases.csv"
[ "$(sql "SELECT count(*) FROM cases WHERE name IS NOT NULL")" = 0 ] && pass "a cases file without names leaves none" ||
    fail "a cases file without names leaves none" "$(sql "SELECT id, name FROM cases")"

# Teams: services are created as named; the file describes each team whole.
printf 'name,service,manager\nAssessment 1,North Locality,M1\nDuty Team,North Locality,W6\n' >"$f"
run ov import teams "$f"
check "teams: a service and managers" 0 "imported 2 teams rows"
[ "$(sql "SELECT t.name || '|' || s.name || '|' || m.id FROM teams t JOIN services s ON s.ref = t.service_ref JOIN staff m ON m.ref = t.manager_ref ORDER BY t.name")" = "Assessment 1|North Locality|M1
Duty Team|North Locality|W6" ] && pass "teams: service and manager stored" || fail "teams: service and manager stored" "$(sql "SELECT * FROM teams")"
printf 'name,service,manager\nDuty Team,,\n' >"$f"
run ov import teams "$f"
[ "$(sql "SELECT count(*) FROM teams WHERE name = 'Duty Team' AND service_ref IS NULL AND manager_ref IS NULL")" = 1 ] &&
    [ "$(sql "SELECT count(*) FROM teams WHERE name = 'Assessment 1' AND manager_ref IS NOT NULL")" = 1 ] &&
    pass "teams: empty fields clear; unnamed teams are left alone" || fail "teams: empty fields clear" "$(sql "SELECT * FROM teams")"

# Re-importing the same files changes nothing but the import log and the
# audit log (and the data generation, which every committed write moves on).
snapshot "$T/before"
for k in staff cases sessions discussions; do ov import $k "$T/$k.csv" >/dev/null; done
snapshot "$T/after"
if diff <(grep -vE 'INTO (public\.)?"?(imports|audit_log|data_generation)' "$T/before") <(grep -vE 'INTO (public\.)?"?(imports|audit_log|data_generation)' "$T/after") >/dev/null; then
    pass "re-import is idempotent"
else
    fail "re-import is idempotent" "$(diff "$T/before" "$T/after" | head)"
fi

# Re-importing a row with an existing id updates it.
printf 'id,category,worker,allocated_date,closed_date\nC2,child-in-need,W2,2026-02-01,2026-03-01\n' >"$f"
run ov import cases "$f"
check "update: re-import with a closed date" 0 "imported 1 cases rows"
run ov due --as-of 2026-06-01 --format csv
if echo "$OUT" | grep -q '^case,C2,'; then fail "update: closed case no longer listed"; else pass "update: closed case no longer listed"; fi

# A cancelled session stops counting, and its discussions with it.
run ov due --as-of 2026-04-01 --format csv --worker W1
before=$(echo "$OUT" | grep '^case,C1,')
printf 'id,date,supervisor,supervisee,status\nX1,2026-03-02,M1,W1,cancelled\n' >"$f"
run ov import sessions "$f"
check "a session re-imported as cancelled" 0
run ov due --as-of 2026-04-01 --format csv --worker W1
after=$(echo "$OUT" | grep '^case,C1,')
if [ "$before" != "$after" ] && echo "$after" | grep -q '^case,C1,W1,[^,]*,,2026-03-10,'; then
    pass "the cancelled session's discussion no longer counts"
else
    fail "the cancelled session's discussion no longer counts" "before: $before" "after: $after"
fi

# A session the application made, under a record both signed: a sessions
# file naming it (new date, supervisor, status and attendee) and a
# discussions file adding to it are refused with their line, by the command
# line and by the admin page, and nothing of either file is written.
start_server
row=$(sql "SELECT s.id || ',' || sup.id || ',' || see.id FROM records r
    JOIN record_versions v ON v.record_ref = r.ref AND v.version = r.latest_version AND v.state = 'signed'
    JOIN bookings b ON b.ref = r.booking_ref JOIN sessions s ON s.ref = b.session_ref
    JOIN staff sup ON sup.ref = r.supervisor_ref JOIN staff see ON see.ref = r.supervisee_ref
    ORDER BY r.ref LIMIT 1")
IFS=, read -r sid sup see <<<"$row"
[ -n "$sid" ] || bail_out "the demo has no signed record"
case_id=$(sql "SELECT id FROM cases ORDER BY id LIMIT 1")
printf 'id,date,supervisor,supervisee,status\nIMP1,2026-01-05,%s,%s,held\n%s,2020-01-01,%s,%s,cancelled\n' \
    "$sup" "$see" "$sid" "$see" "$sup" >"$T/app-sessions.csv"
printf 'session,case\n%s,%s\n' "$sid" "$case_id" >"$T/app-discussions.csv"
changes_nothing "command line: a session supervision made is not changed" 1 \
    "$T/app-sessions.csv:3: id \"$sid\": was recorded in the application" ov import sessions "$T/app-sessions.csv"
changes_nothing "command line: nor discussions added to it" 1 \
    "$T/app-discussions.csv:2: session \"$sid\": was recorded in the application" \
    ov import discussions "$T/app-discussions.csv"
sign_in admin "$T/admin"
csrf=$(csrf_of "$T/admin")
for k in sessions discussions; do
    snapshot "$T/before"
    req -b "$T/admin" -F "csrf=$csrf" -F "kind=$k" -F "file=@$T/app-$k.csv;type=text/csv" "$B/admin/imports"
    if [ "$code" = 400 ] && grep -q "app-$k.csv:[23]: [a-z]* &quot;$sid&quot;: was recorded in the application" "$T/b"; then
        pass "admin page: the $k file is refused with its line"
    else
        fail "admin page: the $k file is refused with its line" "status $code" "$(grep -o "app-$k.csv:[^<]*" "$T/b" | head -3)"
    fi
    unchanged "admin page: the $k file wrote nothing"
done
done_testing
