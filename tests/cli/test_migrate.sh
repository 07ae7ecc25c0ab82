#!/usr/bin/env bash
# oversight migrate: a SQLite organisation copied into the database under test
# (PostgreSQL, or another SQLite file) gives the same `due` row for row, on
# the worked councils and on a demo council; a target that is not empty is
# refused and left as it was; the copy can be imported into afterwards; every
# table of supervision itself (schema 4) comes back exactly, keys and NULLs
# included, when copied there and back to a new SQLite file, and new rows
# are numbered after the copied ones.
. "$(dirname "$0")/lib.sh"

# same_due NAME SRC DST ARGS...: both databases print the same due list.
same_due() {
    local name=$1 src=$2 dst=$3
    shift 3
    "$OVERSIGHT" --db "$src" due --format csv "$@" >"$T/src.csv" 2>&1
    "$OVERSIGHT" --db "$dst" due --format csv "$@" >"$T/dst.csv" 2>&1
    if [ "$(wc -l <"$T/src.csv")" -lt 2 ]; then
        fail "$name: the source's due list is empty" "$(head -n 3 "$T/src.csv")"
    elif cmp -s "$T/src.csv" "$T/dst.csv"; then
        pass "$name: same due list, row for row ($(($(wc -l <"$T/src.csv") - 1)) rows)"
    else
        fail "$name: due lists differ" "$(diff "$T/src.csv" "$T/dst.csv" | head -n 10)"
    fi
}

for dir in "$EXAMPLES"/due/council-*; do
    name=$(basename "$dir")
    src=$T/$name.sqlite
    "$OVERSIGHT" --db "$src" init >/dev/null
    for kind in staff cases sessions discussions; do
        "$OVERSIGHT" --db "$src" import "$kind" "$dir/$kind.csv" >/dev/null
    done
    fresh_db
    run "$OVERSIGHT" migrate --from "$src" --to "$DB"
    check "$name: migrate" 0 "copied"
    same_due "$name" "$src" "$DB" --as-of "$(cat "$dir/asof")"
done

# A demo council: teams, group and informal sessions, cancellations, leavers.
src=$T/demo.sqlite
"$OVERSIGHT" --db "$src" init >/dev/null
"$OVERSIGHT" --db "$src" demo --staff 80 --cases 900 --years 3 --seed 11 >/dev/null
"$OVERSIGHT" --db "$src" user add auditor1 --role auditor >/dev/null
fresh_db
run "$OVERSIGHT" migrate --from "$src" --to "$DB"
check "demo: migrate" 0 "80 staff, 900 cases"
check "demo: accounts and their roles travel too" 0 "1 users, 1 user roles"
for asof in 2025-02-28 2026-11-01; do
    same_due "demo as of $asof" "$src" "$DB" --as-of "$asof"
done
team=$("$OVERSIGHT" --db "$src" due --format csv --as-of 2026-11-01 --status overdue | awk -F, 'NR == 2 {print $2}')
worker_team=$(sqlite3 "$src" "SELECT t.name FROM staff s JOIN teams t ON t.ref = s.team_ref WHERE s.id = '$team'")
same_due "demo, one team" "$src" "$DB" --as-of 2026-11-01 --team "$worker_team"
same_due "demo, one supervisor" "$src" "$DB" --as-of 2026-11-01 \
    --supervisor "$(sqlite3 "$src" "SELECT sup.id FROM staff s JOIN staff sup ON sup.ref = s.supervisor_ref LIMIT 1")"

# The policy travels with the organisation.
policy=$T/strict.policy
"$OVERSIGHT" policy show >"$policy"
sed -i 's/^policy .*/policy "Strict test policy"/' "$policy"
src2=$T/policy.sqlite
"$OVERSIGHT" --db "$src2" init --policy "$policy" >/dev/null
snapshot "$T/before"
run "$OVERSIGHT" migrate --from "$src2" --to "$DB"
check "a target that is not empty is refused" 1 "the target is not empty"
unchanged "the refused target is unchanged"

fresh_db
run "$OVERSIGHT" migrate --from "$src2" --to "$DB"
check "migrate the policy" 0 "1 settings"
grep -qF "1 policy history" "$T/out" && pass "migrate copies the policy history" || fail "migrate copies the policy history" "$OUT"
run "$OVERSIGHT" --db "$DB" init
check "the target uses the source's policy" 0 'policy "Strict test policy"'

# New rows are numbered after the copied ones.
fresh_db
"$OVERSIGHT" migrate --from "$src" --to "$DB" >/dev/null
printf 'id,name,role,team,start_date\nNEW1,New Worker,social-worker,A brand new team,2026-01-05\n' >"$T/new.csv"
run "$OVERSIGHT" --db "$DB" import staff "$T/new.csv"
check "import into the copy" 0 "imported 1"
run "$OVERSIGHT" --db "$DB" due --format csv --as-of 2026-11-01 --worker NEW1
check "the new worker is listed" 0 "staff,NEW1"

# Supervision itself (schema 4): a row or more in every table, with NULLs,
# empty text, text that looks like a number, non-ASCII text, newlines and
# composite keys, and keys with gaps. Copied to the database under test and
# from there to a new SQLite file, every table must come back as it was.
# The organisation is a small demo council's files, imported: `oversight
# demo` itself would add supervision of its own, and these rows are ours.
sup=$T/supervision.sqlite
"$OVERSIGHT" --db "$sup" init >/dev/null
"$OVERSIGHT" demo --csv "$T/sup-csv" --staff 20 --cases 60 --years 1 --seed 5 >/dev/null
for kind in staff teams cases sessions discussions; do
    "$OVERSIGHT" --db "$sup" import "$kind" "$T/sup-csv/$kind.csv" >/dev/null
done
"$OVERSIGHT" --db "$sup" user add sup-admin --role admin >/dev/null
pick() { sqlite3 "$sup" "SELECT ref FROM $1 ORDER BY ref LIMIT 1 OFFSET $2"; }
s1=$(pick staff 0) s2=$(pick staff 1) s3=$(pick staff 2) s4=$(pick staff 3)
c1=$(pick cases 0) c2=$(pick cases 1) se1=$(pick sessions 0) se2=$(pick sessions 1) v1=$(pick services 0)
if ! sqlite3 "$sup" >"$T/fill.out" 2>&1 <<EOF; then
PRAGMA foreign_keys = ON;
BEGIN;
INSERT INTO audit_log (ref, at, user_ref, action, detail) VALUES
  (8, 1767225600, NULL, 'user.add', 'Added sup-admin – role admin');
INSERT INTO agreements (ref, supervisee_ref, supervisor_ref, every, minutes, place, record_keeping,
    content, confidentiality, disagreements, written_by_ref, written_at, supervisor_agreed_at,
    supervisee_agreed_at, agreed_date, superseded_at) VALUES
  (4, $s2, $s1, '4w', 90, 'Room 2, Tŷ Hywel', 'The supervisor writes the record within 5 working days; both sign it.',
   'Casework and decisions
Wellbeing – how are you, really?
Learning and development', 'What is said stays between us, unless someone is at risk.',
   'Say so in the record; then to the line manager.', $s1, 1767225600, 1767229200, 1767315600, '2026-01-02', 1769904000),
  (9, $s2, $s3, '1m', 60, 'Teams call', '', 'Cases first.', 'As before.', 'As before.', $s3, 1769904000,
   NULL, NULL, NULL, NULL);
INSERT INTO bookings (ref, uid, supervisor_ref, supervisee_ref, date, start_time, minutes, place, status,
    sequence, session_ref, created_by_ref, created_at) VALUES
  (3, 'booking-3@oversight.test', $s1, $s2, '2026-01-14', '10:00', 90, 'Room 2, Tŷ Hywel', 'held', 1, $se1, $s1, 1767225600),
  (8, 'booking-8@oversight.test', $s3, $s2, '2026-02-11', '14:30', 60, 'Teams call', 'held', 0, $se2, $s3, 1769904000),
  (15, 'booking-15@oversight.test', $s3, $s2, '2026-03-11', '09:15', 60, '', 'cancelled', 2, NULL, $s2, 1772323200),
  (21, 'booking-21@oversight.test', $s3, $s4, '2100-01-04', '11:00', 45, 'Café Zoë', 'booked', 0, NULL, $s3, 4102444800);
INSERT INTO booking_events (ref, booking_ref, at, by_ref, kind, old_date, old_start_time, reason) VALUES
  (2, 3, 1767225600, $s1, 'booked', NULL, NULL, ''),
  (5, 3, 1767312000, $s1, 'moved', '2026-01-13', '09:00', 'Court hearing moved – sorry!'),
  (6, 15, 1772409600, $s2, 'cancelled', NULL, NULL, 'Off sick.
Back next week, I hope.'),
  (11, 3, 1768381200, $s1, 'held', NULL, NULL, '');
INSERT INTO agenda_items (ref, booking_ref, author_ref, kind, text, case_ref, confidential_supervisor,
    confidential_supervisee, added_at) VALUES
  (1, 3, $s2, 'worry', 'Caseload is 31 – too many?', NULL, 1, 1, 1767300000),
  (7, 3, $s1, 'case', '42', $c1, 0, 1, 1767300100),
  (8, 21, $s4, 'sample', '', $c2, 0, 0, 1767300200);
INSERT INTO records (ref, booking_ref, supervisor_ref, supervisee_ref, date, latest_version) VALUES
  (5, 3, $s1, $s2, '2026-01-14', 2),
  (11, 8, $s3, $s2, '2026-02-11', 1);
INSERT INTO record_versions (record_ref, version, state, reason, written_at, sent_at, sent_date,
    supervisor_signed_at, supervisee_signed_at) VALUES
  (5, 1, 'disputed', '', 1768390000, 1768400000, '2026-01-14', 1768400000, NULL),
  (5, 2, 'signed', 'Corrected the date of the visit; added the supervisee''s view.', 1768900000, 1768900100,
   '2026-01-20', 1768900100, 1768990000),
  (11, 1, 'draft', '', 1770800000, NULL, NULL, NULL, NULL);
INSERT INTO record_items (record_ref, version, topic, text, confidential_supervisor, confidential_supervisee) VALUES
  (5, 1, 'workload', 'Thirty-one cases; two in proceedings.', 0, 0),
  (5, 1, 'wellbeing', 'Tired.
"Not sleeping well" – agreed to talk to occupational health.', 1, 1),
  (5, 2, 'workload', 'Thirty-one cases; two in proceedings (court on 13 January).', 0, 0),
  (5, 2, 'wellbeing', 'Tired; agreed to talk to occupational health. 😴', 1, 0),
  (11, 1, 'notes', '', 0, 0);
INSERT INTO record_confidential (record_ref, topic, since, lift_proposed_by_ref, lift_proposed_at, lifted_at) VALUES
  (5, 'wellbeing', 1768400000, $s1, 1768900000, NULL);
INSERT INTO record_confidential_events (ref, record_ref, topic, at, by_ref, kind) VALUES
  (3, 5, 'wellbeing', 1768400000, $s2, 'confidential'),
  (8, 5, 'wellbeing', 1768900000, $s1, 'lift-proposed');
INSERT INTO case_notes (ref, case_ref, session_ref, record_ref, version, date, written_by_ref, written_at,
    prompts, synopsis, analysis, decision, rationale, tasks, departs, departure, checklist) VALUES
  (6, $c1, $se1, 5, 2, '2026-01-14', $s1, 1768900000, 'reflective-4', 'Mother engaging; school attendance 92%.',
   'Risk reducing; father''s role unclear.', 'Step down to child in need.', 'Protective factors outweigh risks.',
   '1. Review in 6 weeks
2. Speak to school	(tab) and C:\temp\notes', 0, '', ''),
  (13, $c2, $se2, NULL, NULL, '2026-02-11', $s3, 1770800000, '', '', '', 'Placement continues.', '', '', 1,
   'Visits every 8 weeks, not 6: the carers asked, the IRO agreed.', 'safer-caring,training,de-registration');
INSERT INTO case_note_answers (note_ref, prompt, text) VALUES
  (6, 'what-is-working', 'Mum is open with us.'),
  (6, 'what-are-we-worried-about', 'Dad''s return; the older sibling.
Also: nursery place.'),
  (13, 'next-steps', '');
INSERT INTO case_concerns (ref, case_ref, kind, text, raised_date, raised_by_ref, resolved_date, resolution) VALUES
  (2, $c2, 'allegation', 'Allegation by the child about a carer; LADO informed.', '2026-02-01', $s3, NULL, ''),
  (4, $c2, 'incident', 'Missing for 4 hours; returned safe.', '2025-12-12', $s3, '2025-12-20', 'Safety plan updated.');
INSERT INTO actions (ref, supervisee_ref, owner_ref, record_ref, case_ref, text, due_date, status, created_at,
    closed_at) VALUES
  (3, $s2, $s2, 5, $c1, 'Book occupational health – ☎ 0300 123 4567', '2026-01-28', 'done', 1768900000, 1769500000),
  (10, $s2, $s3, NULL, NULL, 'Find a course on giving evidence in court', '2026-03-31', 'open', 1770800000, NULL);
INSERT INTO action_updates (ref, action_ref, record_ref, at, by_ref, status, note) VALUES
  (1, 3, NULL, 1769500000, $s2, 'done', 'Booked for 3 February.'),
  (4, 10, 11, 1770800000, $s3, 'open', '');
INSERT INTO record_drafts (record_ref, version, name, value, saved_at) VALUES
  (5, 2, 'decision', 'Half a thought – not added yet', 1770800000);
INSERT INTO disagreements (ref, record_ref, version, by_ref, at, text) VALUES
  (7, 5, 1, $s2, 1768450000, 'The record says I refused the visit. I didn''t – the family cancelled.
Please correct it.');
INSERT INTO escalations (ref, subject, supervisee_ref, supervisor_ref, record_ref, raised_by_ref, raised_at,
    level, assignee_ref, service_ref, respond_by, status) VALUES
  (2, 'disagreement', $s2, $s1, 5, $s2, 1768450000, 1, $s3, NULL, '2026-01-28', 'resolved'),
  (6, 'no-supervision', $s4, NULL, NULL, $s4, 1772323200, 2, NULL, $v1, '2026-03-15', 'open');
INSERT INTO escalation_events (ref, escalation_ref, at, by_ref, kind, text) VALUES
  (3, 2, 1768450000, $s2, 'raised', 'See my disagreement.'),
  (4, 2, 1768800000, $s3, 'response', 'Agreed: the record will be corrected.'),
  (9, 2, 1768900000, $s3, 'resolved', ''),
  (10, 6, 1772323200, $s4, 'raised', 'No supervision since November.');
INSERT INTO inbox (ref, staff_ref, at, text, link, read_at) VALUES
  (12, $s2, 1768400000, 'A record to sign: 14 January', '/records/5', 1768410000),
  (20, $s3, 1768450000, 'Escalation: Zoë Ŵyn disagrees with a record', '/escalations/2', NULL);
INSERT INTO calendar_feeds (staff_ref, token_hash, created_at) VALUES
  ($s1, '9f2c4e0b7a1d5e3f8c6b2a9d0e4f7c1b', 1767225600),
  ($s3, '0a1b2c3d4e5f60718293a4b5c6d7e8f9', 1767225601);
COMMIT;
EOF
    fail "supervision: fill the source" "$(head -n 5 "$T/fill.out")"
fi
# Every table of the schema but those not copied on purpose.
tables=$(sqlite3 "$sup" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'
    AND name NOT IN ('schema_migrations', 'data_generation', 'team_generation', 'web_sessions', 'sign_in_failures', 'password_links') ORDER BY name")
empty=""
for t in agreements bookings booking_events agenda_items records record_versions record_items record_confidential \
    record_confidential_events case_notes \
    case_note_answers case_concerns actions action_updates record_drafts disagreements escalations escalation_events inbox \
    calendar_feeds; do
    [ "$(sqlite3 "$sup" "SELECT count(*) FROM $t")" -gt 0 ] || empty="$empty $t"
done
if [ -z "$empty" ]; then pass "supervision: every table of schema 4 holds rows"; else fail "supervision: empty:$empty"; fi

fresh_db
run "$OVERSIGHT" migrate --from "$sup" --to "$DB"
# 8 audit rows: the five imports' and user add's two (the account, its
# role), all made by the command line, so with an actor and no account; and
# the one inserted above.
check "supervision: migrate, every table counted" 0 "8 audit log, 0 policy history, 2 account notices, 2 agreements, 4 bookings, 4 booking events,\
 3 agenda items, 2 records, 3 record versions, 5 record items, 1 record confidential, 2 record confidential events,\
 2 case notes, 3 case note answers, 2 case concerns, 2 actions, 2 action updates, 1 record drafts, 1 disagreements, 2 escalations, 4 escalation events, 2 inbox, 2 calendar feeds"
back=$T/back.sqlite
run "$OVERSIGHT" migrate --from "$DB" --to "$back"
check "supervision: and back to a new SQLite file" 0 "copied to sqlite database"

# dump FILE TABLE: the table's rows as SQL literals (NULL, 'text', 42), in
# order. imports.imported_at keeps its moment but not its spelling through
# PostgreSQL (a timestamptz there: 2026-11-23 09:46:12+00 for
# 2026-11-23T09:46:12Z), so it is compared to the second.
dump() {
    local cols order
    cols='*'
    [ "$2" = imports ] && cols="ref, kind, file_name, rows, replace(substr(imported_at, 1, 19), 'T', ' ')"
    order=$(sqlite3 "$1" "SELECT group_concat(cid + 1, ', ') FROM pragma_table_info('$2')")
    sqlite3 -quote "$1" "SELECT $cols FROM $2 ORDER BY $order"
}
for t in $tables; do
    dump "$sup" "$t" >"$T/a.txt" 2>"$T/dump.err"
    dump "$back" "$t" >"$T/b.txt" 2>>"$T/dump.err"
    if [ -s "$T/dump.err" ]; then
        fail "supervision: $t cannot be read" "$(head -n 3 "$T/dump.err")"
    elif cmp -s "$T/a.txt" "$T/b.txt"; then
        pass "supervision: $t is the same there and back ($(sqlite3 "$sup" "SELECT count(*) FROM $t") rows)"
    else
        fail "supervision: $t differs there and back" "$(diff "$T/a.txt" "$T/b.txt" | head -n 8)"
    fi
done

# New rows in every table keyed by an identity ref are numbered after the
# copied keys (the PostgreSQL sequences were moved on).
clashes=""
while IFS='|' read -r t insert; do
    want=$(($(sqlite3 "$sup" "SELECT coalesce(max(ref), 0) FROM $t") + 1))
    got=$(sql "INSERT INTO $t $insert RETURNING ref" 2>&1)
    [ "$got" = "$want" ] || clashes="$clashes $t: got ${got:0:200}, want $want;"
done <<EOF
imports|(kind, file_name, rows, imported_at) VALUES ('staff', 'new.csv', 1, '2026-11-23T10:00:00Z')
services|(name) VALUES ('A new service')
teams|(name) VALUES ('A newer team')
staff|(id, name, role, start_date, fte_ppm) VALUES ('NEW9', 'New Person', 'social-worker', '2026-01-05', 1000000)
cases|(id, category, worker_ref, allocated_date) VALUES ('NEWCASE', 'child-in-need', $s1, '2026-01-05')
sessions|(id, date, supervisor_ref, type, status) VALUES ('NEWSESSION', '2026-01-05', $s1, 'individual', 'held')
users|(username, password_hash, created_at, password_changed_at) VALUES ('new.user', 'x', 1, 1)
audit_log|(at, action, detail) VALUES (1, 'test', 'new')
agreements|(supervisee_ref, supervisor_ref, every, minutes, place, record_keeping, content, confidentiality, disagreements, written_by_ref, written_at) VALUES ($s4, $s3, '4w', 60, 'x', 'x', 'x', 'x', 'x', $s3, 1)
bookings|(uid, supervisor_ref, supervisee_ref, date, start_time, minutes, place, status, created_by_ref, created_at) VALUES ('new@oversight.test', $s3, $s4, '2026-12-02', '10:00', 60, 'x', 'booked', $s3, 1)
booking_events|(booking_ref, at, by_ref, kind) VALUES (21, 1, $s3, 'booked')
agenda_items|(booking_ref, author_ref, kind, added_at) VALUES (21, $s4, 'topic', 1)
records|(booking_ref, supervisor_ref, supervisee_ref, date) VALUES (15, $s3, $s2, '2026-03-11')
case_notes|(case_ref, session_ref, date, written_by_ref, written_at, decision) VALUES ($c1, $se1, '2026-01-14', $s1, 1, 'x')
case_concerns|(case_ref, kind, text, raised_date, raised_by_ref) VALUES ($c1, 'incident', 'x', '2026-01-01', $s1)
actions|(supervisee_ref, owner_ref, text, due_date, status, created_at) VALUES ($s2, $s2, 'x', '2026-01-01', 'open', 1)
action_updates|(action_ref, at, by_ref, status) VALUES (10, 1, $s3, 'open')
disagreements|(record_ref, version, by_ref, at, text) VALUES (11, 1, $s2, 1, 'x')
escalations|(subject, supervisee_ref, raised_by_ref, raised_at, level, respond_by, status) VALUES ('no-supervision', $s2, $s2, 1, 1, '2026-01-01', 'open')
escalation_events|(escalation_ref, at, by_ref, kind, text) VALUES (6, 1, $s4, 'response', 'x')
inbox|(staff_ref, at, text, link) VALUES ($s1, 1, 'x', '/')
EOF
if [ -z "$clashes" ]; then
    pass "supervision: new rows follow the copied keys in every table with an identity key"
else
    fail "supervision: new rows clash with copied keys" "$clashes"
fi

# Bad calls.
run "$OVERSIGHT" migrate --from "$src"
check "--to is required" 2 "both --from and --to"
run "$OVERSIGHT" migrate --from "$T/missing.sqlite" --to "$T/other.sqlite"
check "a missing source" 3 "the source"
if [ ! -e "$T/other.sqlite" ]; then pass "no target is created for a missing source"; else fail "a target was created"; fi
run "$OVERSIGHT" migrate --from "$src" --to "$src"
check "the same database twice" 2 "the same database"
done_testing
