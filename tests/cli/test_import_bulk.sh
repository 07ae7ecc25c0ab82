#!/usr/bin/env bash
# Large files, as the bulk path takes them (on PostgreSQL the file's ids are
# looked up, and its rows written, with COPY into a staging table and set
# statements): an id that names nothing, in the middle of a large file, is
# reported at its own line with the same words on both backends, and
# nothing is written; ids named twice inside one file.
. "$(dirname "$0")/lib.sh"

fresh_db
ov init >/dev/null
# 40 staff, 2,000 cases, 5,000 sessions, 20,000 discussions.
awk 'BEGIN { print "id,name,role,supervisor,start_date"; print "M1,Ann Lee,manager,,2020-01-06"
    for (i = 1; i < 40; i++) printf "W%d,Worker %d,social-worker,M1,2021-03-01\n", i, i }' >"$T/staff.csv"
awk 'BEGIN { print "id,category,worker,allocated_date"
    for (i = 1; i <= 2000; i++) printf "C%d,child-in-need,W%d,2024-01-10\n", i, i % 39 + 1 }' >"$T/cases.csv"
awk 'BEGIN { print "id,date,supervisor,supervisee"
    for (i = 1; i <= 5000; i++) printf "X%d,2025-%02d-%02d,M1,W%d\n", i, i % 12 + 1, i % 28 + 1, i % 39 + 1 }' >"$T/sessions.csv"
awk 'BEGIN { print "session,case"
    for (i = 1; i <= 5000; i++) for (k = 0; k < 4; k++) printf "X%d,C%d\n", i, (i + 500 * k) % 2000 + 1 }' >"$T/discussions.csv"
for k in staff cases sessions discussions; do
    run ov import $k "$T/$k.csv"
    check "import $k" 0 "imported"
done
counts() { sql "SELECT (SELECT count(*) FROM sessions) || ' ' || (SELECT count(*) FROM attendees) || ' ' || (SELECT count(*) FROM discussions)"; }
[ "$(counts)" = "5000 5000 20000" ] && pass "every row is there" || fail "every row is there" "$(counts)"

# bad NAME KIND FILE EXPECTED: exit 1, stderr exactly EXPECTED (its lines in
# this order), and the database as it was.
bad() {
    local name=$1 kind=$2 file=$3 want=$4
    snapshot "$T/before"
    run ov import "$kind" "$file"
    want="$want
$file: nothing was imported"
    if [ "$status" = 1 ] && [ "$ERR" = "$want" ]; then
        pass "$name"
    else
        fail "$name" "exit status $status" "stderr: ${ERR:0:600}" "want: ${want:0:600}"
    fi
    unchanged "$name: nothing was written"
}

# New discussions (each session with a fifth case), two of them naming
# nothing, far into the file.
f=$T/more-discussions.csv
awk 'BEGIN { print "session,case"
    for (i = 1; i <= 5000; i++) {
        s = "X" i; c = "C" ((i + 1700) % 2000 + 1)
        if (i == 2345) s = "X99999"
        if (i == 4000) c = "C99999"
        printf "%s,%s\n", s, c } }' >"$f"
bad "discussions: an unknown session and an unknown case at their lines" discussions "$f" \
    "$f:2346: session \"X99999\": no such session in the database (import the sessions file first)
$f:4001: case \"C99999\": no such case in the database (import the cases file first)"

f=$T/more-sessions.csv
awk 'BEGIN { print "id,date,supervisor,supervisee,type"
    for (i = 1; i <= 5000; i++) {
        sup = "M1"; see = "W" (i % 39 + 1)
        if (i == 2500) see = "W1;NOBODY"
        if (i == 3999) sup = "NOBODY2"
        printf "Y%d,2026-02-%02d,%s,%s,%s\n", i, i % 28 + 1, sup, see, i == 2500 ? "group" : "individual" } }' >"$f"
bad "sessions: an unknown supervisee and supervisor at their lines" sessions "$f" \
    "$f:2501: supervisee \"NOBODY\": no such staff member in the database
$f:4000: supervisor \"NOBODY2\": no such staff member in the database (import the staff file first)"

f=$T/more-cases.csv
awk 'BEGIN { print "id,category,worker,allocated_date"
    for (i = 1; i <= 3000; i++) printf "D%d,child-in-need,%s,2025-01-10\n", i, i == 1500 ? "W404" : "W" (i % 39 + 1) }' >"$f"
bad "cases: an unknown worker at its line" cases "$f" \
    "$f:1501: worker \"W404\": no such staff member in the database (import the staff file first)"

# More than twenty: the first twenty by line, then the note.
f=$T/many-bad.csv
awk 'BEGIN { print "session,case"
    for (i = 1; i <= 5000; i++) printf "X%d,%s\n", i, i % 200 == 0 ? "NONE" i : "C1" }' >"$f"
want=$(for i in $(seq 200 200 4000); do
    echo "$f:$((i + 1)): case \"NONE$i\": no such case in the database (import the cases file first)"
done
echo "$f: more than 20 problems; fix these and import again")
bad "discussions: more than twenty unknown cases" discussions "$f" "$want"

# Keys named twice inside one file.
f=$T/twice-sessions.csv
awk 'BEGIN { print "id,date,supervisor,supervisee"
    for (i = 1; i <= 4000; i++) printf "Z%d,2026-03-01,M1,W1\n", i == 3000 ? 7 : i }' >"$f"
bad "sessions: an id twice in the file" sessions "$f" "$f:3001: id \"Z7\": is already on line 8 of this file"

f=$T/twice-cases.csv
awk 'BEGIN { print "id,category,worker,allocated_date"
    for (i = 1; i <= 3000; i++) printf "E%d,child-in-need,W1,2025-01-10\n", i == 2999 ? 5 : i }' >"$f"
bad "cases: an id twice in the file" cases "$f" "$f:3000: id \"E5\": is already on line 6 of this file"

# A discussion named twice is one discussion: imported once, and again changes nothing.
f=$T/twice-discussions.csv
awk 'BEGIN { print "session,case"
    for (i = 1; i <= 3000; i++) printf "X%d,C%d\n", i, (i + 250) % 2000 + 1
    for (i = 1; i <= 3000; i++) printf "X%d,C%d\n", i, (i + 250) % 2000 + 1 }' >"$f"
run ov import discussions "$f"
check "discussions: a pair twice in the file is imported" 0 "imported 6000 discussions rows"
[ "$(counts)" = "5000 5000 23000" ] && pass "each pair once" || fail "each pair once" "$(counts)"
sum() { sql "SELECT count(*) || ' ' || sum(session_ref * 7919 + case_ref) FROM discussions"; }
before=$(sum)
run ov import discussions "$f"
check "discussions: imported again" 0 "imported 6000 discussions rows"
[ "$(sum)" = "$before" ] && pass "discussions: importing again changes nothing" ||
    fail "discussions: importing again changes nothing" "$before" "$(sum)"

# A large sessions file re-imported with changes: the sessions moved or
# cancelled carry their discussions, their attendees are replaced.
f=$T/changed-sessions.csv
awk 'BEGIN { print "id,date,supervisor,supervisee,type,status"
    for (i = 1; i <= 5000; i++) {
        if (i % 1000 == 0) printf "X%d,2026-06-01,M1,W1;W2,group,cancelled\n", i
        else printf "X%d,2025-%02d-%02d,M1,W%d,individual,held\n", i, i % 12 + 1, i % 28 + 1, i % 39 + 1 } }' >"$f"
run ov import sessions "$f"
check "sessions: re-imported with changes" 0 "imported 5000 sessions rows"
moved=$(sql "SELECT count(*) FROM discussions d JOIN sessions s ON s.ref = d.session_ref
    WHERE s.id IN ('X1000', 'X2000', 'X3000', 'X4000', 'X5000') AND d.date = '2026-06-01' AND d.held = 0")
[ "$moved" = 23 ] && pass "moved and cancelled sessions carry their discussions" ||
    fail "moved and cancelled sessions carry their discussions" "$moved"
[ "$(counts)" = "5000 5005 23000" ] && pass "group sessions have both supervisees" || fail "group sessions have both supervisees" "$(counts)"
done_testing
