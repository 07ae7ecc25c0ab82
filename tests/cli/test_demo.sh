#!/usr/bin/env bash
# oversight demo holds what it promises (src/demo/demo_supervision.h): after the
# imported council and the accounts, supervision written through the
# services, in every state a newcomer should see, with dates that hang
# together; its summary tells the truth about the database; the same seed
# makes the same council; and small councils work too.
. "$(dirname "$0")/lib.sh"

today=2026-06-01
DEMO=(demo --staff 60 --cases 900 --seed 3 --today "$today")
fresh_db
ov init >/dev/null
run ov "${DEMO[@]}" --accounts
check "the demo with accounts" 0 "supervision"
summary=$(grep -A1 '^  supervision' "$T/out")
# number WORDS: the number the summary gives before WORDS.
number() { grep -o "[0-9]* $1" <<<"$summary" | head -n 1 | cut -d' ' -f1; }
# same NAME WANT GOT
same() { if [ "$2" = "$3" ]; then pass "$1 ($2)"; else fail "$1" "want $2, got $3"; fi; }
# some NAME N: passes when N > 0.
some() { if [ "${2:-0}" -gt 0 ] 2>/dev/null; then pass "$1 ($2)"; else fail "$1" "got ${2:-nothing}"; fi; }

latest="FROM records r JOIN record_versions v ON v.record_ref = r.ref AND v.version = r.latest_version"
week_ago=$(date -d "$today -7 days" +%F)

# The summary is what the database holds.
same "agreements current" "$(number agreements)" "$(sql "SELECT count(*) FROM agreements WHERE superseded_at IS NULL")"
same "agreements waiting for the supervisee" "$(number 'waiting to be agreed')" \
    "$(sql "SELECT count(*) FROM agreements WHERE superseded_at IS NULL AND agreed_date IS NULL")"
same "records" "$(number records)" "$(sql "SELECT count(*) FROM records")"
for state in signed:signed sent:'waiting to be signed' disputed:disputed draft:'being written'; do
    same "records ${state#*:}" "$(number "${state#*:}")" "$(sql "SELECT count(*) $latest WHERE v.state = '${state%%:*}'")"
done
same "records overdue for signing" "$(grep -o 'of which [0-9]* overdue' <<<"$summary" | cut -d' ' -f3)" \
    "$(sql "SELECT count(*) $latest WHERE v.state = 'sent' AND v.sent_date < '$week_ago'")"
same "open actions" "$(number 'open actions')" "$(sql "SELECT count(*) FROM actions WHERE status = 'open'")"
same "escalations" "$(number escalations)" "$(sql "SELECT count(*) FROM escalations")"
same "sessions booked ahead" "$(number 'sessions booked ahead')" \
    "$(sql "SELECT count(*) FROM bookings WHERE status = 'booked' AND date >= '$today'")"
same "bookings cancelled" "$(number 'bookings cancelled')" "$(sql "SELECT count(*) FROM bookings WHERE status = 'cancelled'")"

# Agreements: most supervisees, some due for review within the month, a few
# waiting, a few people with none.
supervisees=$(sql "SELECT count(*) FROM staff WHERE supervisor_ref IS NOT NULL AND left_date IS NULL AND start_date <= '$today'")
in_force=$(sql "SELECT count(*) FROM agreements WHERE superseded_at IS NULL AND agreed_date IS NOT NULL")
[ $((in_force * 2)) -gt "$supervisees" ] && pass "most supervisees have an agreement in force ($in_force of $supervisees)" ||
    fail "most supervisees have an agreement in force" "$in_force of $supervisees"
some "agreements due for review within a month" "$(sql "SELECT count(*) FROM agreements WHERE superseded_at IS NULL
    AND agreed_date > '$(date -d "$today -12 months" +%F)' AND agreed_date <= '$(date -d "$today +1 month -12 months" +%F)'")"
some "agreements replaced at their review" "$(sql "SELECT count(*) FROM agreements WHERE superseded_at IS NOT NULL AND agreed_date IS NOT NULL")"
some "supervisees with no agreement" "$(sql "SELECT count(*) FROM staff s WHERE s.supervisor_ref IS NOT NULL
    AND s.left_date IS NULL AND NOT EXISTS (SELECT 1 FROM agreements a WHERE a.supervisee_ref = s.ref)")"

# The demo worker: a signed record, an open action, a session booked with their supervisor.
worker=$(sql "SELECT staff_ref FROM users WHERE username = 'worker'")
supervisor=$(sql "SELECT supervisor_ref FROM staff WHERE ref = $worker")
manager=$(sql "SELECT staff_ref FROM users WHERE username = 'manager'")
some "the worker has a signed record" "$(sql "SELECT count(*) $latest WHERE r.supervisee_ref = $worker AND v.state = 'signed'")"
some "the worker has an open action" "$(sql "SELECT count(*) FROM actions WHERE supervisee_ref = $worker AND status = 'open'")"
some "the worker has a session booked with their supervisor" "$(sql "SELECT count(*) FROM bookings
    WHERE supervisee_ref = $worker AND supervisor_ref = $supervisor AND status = 'booked' AND date >= '$today'")"
some "the worker's next session has an agenda" "$(sql "SELECT count(*) FROM agenda_items i JOIN bookings b ON b.ref = i.booking_ref
    WHERE b.supervisee_ref = $worker AND b.status = 'booked'")"
some "everyone the manager supervises has records" "$(sql "SELECT CASE WHEN count(*) > 0 AND count(*) = sum(CASE WHEN EXISTS
    (SELECT 1 FROM records r WHERE r.supervisee_ref = s.ref) THEN 1 ELSE 0 END) THEN count(*) ELSE 0 END FROM staff s
    WHERE s.supervisor_ref = $manager AND s.left_date IS NULL AND s.start_date <= '$(date -d "$today -60 days" +%F)'")"

# Disputes: one escalated, answered by the line manager and signed again;
# one escalated and unanswered past its date; disagreements in the worker's words.
some "a disputed record with the supervisee's disagreement" "$(sql "SELECT count(*) $latest JOIN disagreements d
    ON d.record_ref = r.ref AND d.by_ref = r.supervisee_ref WHERE v.state = 'disputed' AND d.text <> ''")"
some "an escalation answered by the supervisor's line manager" "$(sql "SELECT count(*) FROM escalations e
    JOIN escalation_events x ON x.escalation_ref = e.ref AND x.kind = 'response'
    JOIN staff sup ON sup.ref = e.supervisor_ref WHERE x.by_ref = sup.line_manager_ref")"
some "then a second version, signed" "$(sql "SELECT count(*) $latest WHERE r.latest_version = 2 AND v.state = 'signed'")"
some "an escalation open past its respond-by date" "$(sql "SELECT count(*) FROM escalations WHERE status = 'open' AND respond_by < '$today'")"

# What records hold.
some "confidential record items, marked by both" "$(sql "SELECT count(*) FROM record_items WHERE confidential_supervisor = 1 AND confidential_supervisee = 1")"
some "confidential agenda items, marked by both" "$(sql "SELECT count(*) FROM agenda_items WHERE confidential_supervisor = 1 AND confidential_supervisee = 1")"
some "case discussions answering a prompt set" "$(sql "SELECT count(DISTINCT n.ref) FROM case_notes n JOIN case_note_answers a ON a.note_ref = n.ref WHERE n.prompts <> ''")"
some "family placement discussions covering checklist topics" "$(sql "SELECT count(*) FROM case_notes n JOIN cases c ON c.ref = n.case_ref
    WHERE c.category = 'family-placement' AND n.checklist <> ''")"
some "decisions departing from procedure, with the reason" "$(sql "SELECT count(*) FROM case_notes WHERE departs = 1 AND departure <> ''")"
some "actions done, followed up at a later session" "$(sql "SELECT count(*) FROM action_updates u JOIN actions a ON a.ref = u.action_ref
    JOIN records r ON r.ref = u.record_ref WHERE u.status = 'done' AND r.ref <> a.record_ref")"
some "open actions past their due date" "$(sql "SELECT count(*) FROM actions WHERE status = 'open' AND due_date < '$today'")"
some "a cancellation with its reason" "$(sql "SELECT count(*) FROM booking_events WHERE kind = 'cancelled' AND reason <> ''")"
some "informal discussions through the service" "$(sql "SELECT count(*) FROM sessions s JOIN case_notes n ON n.session_ref = s.ref
    WHERE s.type = 'informal' AND s.id LIKE 'ov-%'")"
some "group sessions through the service" "$(sql "SELECT count(*) FROM sessions s JOIN case_notes n ON n.session_ref = s.ref
    WHERE s.type = 'group' AND s.id LIKE 'ov-%'")"
some "an incident still open on a family placement case" "$(sql "SELECT count(*) FROM case_concerns WHERE resolved_date IS NULL")"
some "inbox messages, some read" "$(sql "SELECT count(*) FROM inbox WHERE read_at IS NOT NULL")"

# Dates that hang together: all in the past, sent on or after the session,
# signed after sending, no one supervised twice on one day.
same "records dated before the demo's day" 0 "$(sql "SELECT count(*) FROM records WHERE date >= '$today'")"
same "records sent on or after their session" 0 "$(sql "SELECT count(*) FROM record_versions v JOIN records r ON r.ref = v.record_ref
    WHERE v.sent_date < r.date")"
same "records signed after they were sent" 0 "$(sql "SELECT count(*) FROM record_versions WHERE supervisee_signed_at < sent_at")"
same "nothing written on or after the demo's day" 0 "$(sql "SELECT count(*) FROM inbox WHERE at >= $(date -d "$today" +%s)")"
same "nobody has two individual sessions on one day" 0 "$(sql "SELECT count(*) FROM (SELECT a.staff_ref, a.date FROM attendees a
    JOIN sessions s ON s.ref = a.session_ref WHERE s.type = 'individual' AND s.status = 'held'
    GROUP BY a.staff_ref, a.date HAVING count(*) > 1) x")"

# The due list stays a mix: not everyone within policy, not everyone overdue.
ov due --as-of "$today" --format csv | awk -F, '$1 == "staff" { print $7 }' | sort | uniq -c >"$T/mix"
over=$(awk '$2 == "overdue" { print $1 }' "$T/mix")
ok=$(awk '$2 == "ok" { print $1 }' "$T/mix")
[ "${over:-0}" -gt 0 ] && [ "${ok:-0}" -gt "${over:-0}" ] && pass "supervision due: $over overdue, $ok within policy" ||
    fail "supervision due is a mix" "$(cat "$T/mix")"

# The same seed makes the same council: the same summary, the same counts.
counts() {
    sql "SELECT (SELECT count(*) FROM agreements), (SELECT count(*) FROM bookings), (SELECT count(*) FROM agenda_items),
        (SELECT count(*) FROM record_items), (SELECT count(*) FROM case_notes), (SELECT count(*) FROM case_note_answers),
        (SELECT count(*) FROM actions), (SELECT count(*) FROM action_updates), (SELECT count(*) FROM inbox),
        (SELECT count(*) FROM sessions), (SELECT count(*) FROM discussions)"
}
first=$(counts)
fresh_db
ov init >/dev/null
run ov "${DEMO[@]}" --accounts
check "the same demo again" 0 "supervision"
[ "$summary" = "$(grep -A1 '^  supervision' "$T/out")" ] && pass "the same summary" ||
    fail "the same summary" "$(diff <(echo "$summary") <(grep -A1 '^  supervision' "$T/out"))"
same "the same rows" "$first" "$(counts)"
# Last quarter is audited, as its auditors would (with their roles), and
# this quarter is left to draw.
done_audits=$(sed -n 's/^  audits *\([0-9]*\) audits of .* completed.*/\1/p' "$T/out")
[ "${done_audits:-0}" -gt 0 ] && [ "$(sql "SELECT count(*) FROM audits WHERE state = 'completed'")" = "$done_audits" ] &&
    pass "the demo completes last quarter's audits ($done_audits)" || fail "the demo's audits" "$(grep audits "$T/out")"

# Councils too small for a team, or with no one to supervise.
for size in 2 5 12; do
    fresh_db
    ov init >/dev/null
    run ov demo --staff "$size" --cases $((size * 15)) --seed 2 --today "$today"
    check "a council of $size staff" 0 "supervision"
done
done_testing
