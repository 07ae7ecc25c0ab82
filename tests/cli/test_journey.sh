#!/usr/bin/env bash
# The supervision journey over real HTTP, as the demo's worker and their
# manager live it: an agreement, a booking, the agenda from both sides, the
# record with two case discussions and an action, sending it, the worker
# disagreeing, the escalation and the line manager's response, a new
# version both sign, the decisions on each child's record, the action
# carried to the next agenda; and the confidential item nobody else sees.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server
sign_in_each worker manager senior auditor
demo_worker
manager=$(staff_of manager)
read -r case1 case2 < <(sql "SELECT c.id FROM cases c WHERE c.worker_ref = $worker_ref AND c.closed_date IS NULL ORDER BY c.id LIMIT 2" | tr '\n' ' ')
[ -n "$case1" ] && [ -n "$case2" ] || bail_out "the worker has fewer than two open cases"
# The second is a foster placement, whose incidents stay open until resolved.
sql "UPDATE cases SET category = 'family-placement' WHERE id = '$case2'" >/dev/null
today=$(date +%F)
soon=$(date -d '+14 days' +%F)

expect() { # expect DESCRIPTION CODE [TEXT]: the last response
    if [ "$code" = "$2" ] && { [ -z "${3:-}" ] || grep -qF -- "$3" "$T/b"; }; then pass "$1"; else
        fail "$1 (got $code$( [ -n "${3:-}" ] && ! grep -qF -- "$3" "$T/b" && echo ", no \"$3\""))"
    fi
}

# The agreement: the manager writes it, the worker agrees.
post manager "/people/$worker/agreement" every=9w minutes=90 place="Room 2" record-keeping="Both keep a copy" \
    content="All three areas" confidentiality="Private, not confidential" disagreements="Escalate to the line manager"
expect "an agreement looser than the policy is refused, with what was typed kept" 400 "at least every"
grep -qF 'value="Room 2"' "$T/b" && pass "the form keeps the place typed" || fail "the form keeps the place typed"
post manager "/people/$worker/agreement" every=3w minutes=90 place="Room 2" record-keeping="Both keep a copy" \
    content="All three areas" confidentiality="Private, not confidential" disagreements="Escalate to the line manager"
expect "the manager writes the agreement" 303
get worker "/people/$worker/agreement"
expect "the worker sees it waiting for them" 200 "Waiting for the supervisee to agree"
agreement=$(grep -o 'action="/agreements/[0-9]*/agree"' "$T/b" | grep -o '[0-9]*')
post worker "/agreements/$agreement/agree"
expect "the worker agrees it" 303
get manager "/people/$worker/agreement"
expect "the agreement is in force" 200 "In force"
review=$(date -d '+12 months' +%F)
ov due --worker "$worker" --format csv >"$T/due.csv"
grep -q "^agreement,$worker,$manager,agreement review every 12m,$today,$review,ok,0\$" "$T/due.csv" &&
    pass "oversight due lists the agreement's review" || fail "oversight due lists the agreement's review" "$(grep agreement "$T/due.csv")"

# Booking: a bad date first, then today.
post manager /bookings supervisee="$worker_ref" date=2026-02-30 start-time=10:00 place="Room 2"
expect "an impossible date is refused, naming the field" 400 'href="#date"'
post manager /bookings supervisee="$worker_ref" date="$today" start-time=10:00 place="Room 2"
expect "the manager books a session today" 303
booking=$(echo "$location" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$')
[ -n "$booking" ] && pass "the booking has a page ($location)" || fail "the booking has a page"

# The session in calendars: its .ics for the two, and each person's feed.
get manager "/bookings/$booking/calendar.ics"
[ "$code" = 200 ] && has_header 'Content-Type: text/calendar' && grep -q '^BEGIN:VEVENT' "$T/b" &&
    grep -q "^DTSTART;TZID=Europe/London:$(date +%Y%m%d)T100000" "$T/b" && pass "the booking downloads as an .ics" ||
    fail "the booking downloads as an .ics ($code)"
uid=$(sed -n 's/^UID:\(.*\)\r$/\1/p' "$T/b")
get auditor "/bookings/$booking/calendar.ics"
expect "only the two download it" 404
post worker /account/calendar
expect "the worker makes a calendar address" 200 "/calendar/"
feed=$(grep -o '/calendar/[A-Za-z0-9_-]*\.ics' "$T/b" | head -n1)
req "$B$feed"
[ "$code" = 200 ] && grep -q "^UID:$uid" "$T/b" && pass "the feed, without signing in, lists the session" ||
    fail "the feed lists the session ($code)"
post worker /account/calendar
old_feed=$feed
feed=$(grep -o '/calendar/[A-Za-z0-9_-]*\.ics' "$T/b" | head -n1)
req "$B$old_feed"
expect "a new address ends the old one" 404

# The agenda from both sides: the worker's worry comes first.
post manager "/bookings/$booking/agenda" kind=topic text="Caseload allocation this month"
expect "the manager adds an item" 303
post worker "/bookings/$booking/agenda" kind=worry text="I am worried about the Smith family's housing"
expect "the worker adds a worry" 303
post worker "/bookings/$booking/agenda" kind=worry text=""
expect "an empty worry is refused" 400 "There is a problem"
post manager "/bookings/$booking/sample" count=1
expect "the manager draws a random case" 303
get worker "/bookings/$booking"
expect "the agenda shows the worry" 200 "Smith family"
worry_at=$(grep -bo "Smith family" "$T/b" | head -n1 | cut -d: -f1)
topic_at=$(grep -bo "Caseload allocation" "$T/b" | head -n1 | cut -d: -f1)
[ "$worry_at" -lt "$topic_at" ] && pass "the worker's worry comes first" || fail "the worker's worry comes first"
grep -q "Case drawn at random" "$T/b" && pass "the sampled case is on the agenda" || fail "the sampled case is on the agenda"
grep -q "Cases due for discussion" "$T/b" && pass "cases due are proposed" || fail "cases due are proposed"
req "$B$feed"
[ "$code" = 200 ] && grep -q "^UID:$uid" "$T/b" && ! grep -q "Smith family" "$T/b" && ! grep -q "Caseload allocation" "$T/b" &&
    pass "the calendar feed carries no agenda" || fail "the calendar feed carries no agenda" "$code $(head -c 300 "$T/b")"

# The record.
post worker "/bookings/$booking/record"
expect "only the supervisor starts the record" 404
post manager "/bookings/$booking/record"
expect "the manager starts the record" 303
record=$(echo "$location" | grep -o '[0-9]*$')
post manager "/records/$record/save" workload="Twenty cases; two court reports due" wellbeing="Stress at home, talked through" \
    confidential-wellbeing=yes needs="Court skills training"
expect "the manager writes the areas" 303
post manager "/records/$record/case-notes" case="$case1" prompts=three-questions decision="" rationale=""
expect "a case discussion without a decision is refused" 400 'href="#decision"'
grep -q 'name="prompts" value="three-questions"' "$T/b" && pass "the prompt set chosen is kept" || fail "the prompt set chosen is kept"
post manager "/records/$record/case-notes" case="$case1" prompts=three-questions "answer-worries=Missed appointments" \
    synopsis="Two visits this month" decision="Increase visits to weekly" rationale="Risk has risen since the school report"
expect "the first case discussion" 303
post manager "/records/$record/case-notes" case="$case2" decision="Close the case next month" \
    rationale="Goals met" departs=yes departure="Closing before the review, agreed with the family"
expect "the second case discussion, departing from procedure" 303
post manager "/records/$record/actions" action="Book court skills training" owner="$worker" due="$soon"
expect "an action for the worker" 303
post worker "/records/$record/send"
expect "only the supervisor sends" 404
post manager "/records/$record/send"
expect "the manager signs and sends" 303
ov due --worker "$worker" --format csv >"$T/due.csv"
grep -q "^sign-off,record-$record,$worker,record version 1 signed within 7d of sending,$today,$(date -d '+7 days' +%F),due-soon,0\$" "$T/due.csv" &&
    pass "oversight due lists the record waiting to be signed" || fail "oversight due lists the record waiting to be signed" "$(grep sign-off "$T/due.csv")"
grep -q "^action,action-[0-9]*,$worker,action agreed in supervision,,$soon,ok,0\$" "$T/due.csv" &&
    pass "oversight due lists the open action" || fail "oversight due lists the open action" "$(grep ^action "$T/due.csv")"
ov due --worker "$worker" --as-of "$(date -d '+20 days' +%F)" --status overdue --format csv | grep -q "^sign-off,record-$record," &&
    pass "an unsigned record is overdue after a week" || fail "an unsigned record is overdue after a week"

# The worker disagrees, and escalates.
get worker "/records/$record"
expect "the worker reads the record" 200 "Increase visits to weekly"
grep -q "Missed appointments" "$T/b" && grep -q "What are we worried about" "$T/b" &&
    pass "the prompt's answer is shown with its question" || fail "the prompt's answer is shown with its question"
# The version sent is in the record log: its entry and hash on the page,
# and a checkpoint to save once one is signed.
IFS='|' read -r idx hash < <(sql "SELECT idx, hash FROM log_leaves WHERE record_ref = $record AND version = 1 AND type = 'version'")
grep -qF "as entry $idx of the organisation's record log" "$T/b" && grep -qF "<code>$hash</code>" "$T/b" &&
    pass "the record page shows the version's entry and hash" || fail "the record page shows the version's entry and hash"
grep -qF "No checkpoint signed yet includes it" "$T/b" && pass "no checkpoint yet: the page says so" ||
    fail "no checkpoint yet: the page says so"
get worker /log/checkpoint
expect "no checkpoint to save yet" 404
[ -n "${OVERSIGHT_TEST_PG:-}" ] && export OVERSIGHT_LOG_KEY=$T/log.key
ov log init --origin journey.example/supervision >/dev/null || bail_out "cannot set the record log up"
ov log checkpoint >"$T/cp" || bail_out "cannot sign a checkpoint"
get worker "/records/$record"
grep -qF 'href="/log/checkpoint" download>Save the checkpoint' "$T/b" && pass "the page offers the checkpoint that includes it" ||
    fail "the page offers the checkpoint that includes it"
get worker /log/checkpoint
expect "the checkpoint is saved as signed" 200 "journey.example/supervision"
cmp -s "$T/b" "$T/cp" && pass "the saved checkpoint is the one signed" || fail "the saved checkpoint is the one signed"
post worker "/records/$record/disagree" disagreement=""
expect "an empty disagreement is refused" 400 'href="#disagreement"'
post worker "/records/$record/disagree" disagreement="The record leaves out that I asked for a reduced caseload."
expect "the worker disagrees in their own words" 303
post worker "/records/$record/sign"
expect "a disputed version cannot be signed" 409
post worker "/records/$record/escalate" text="Please look at my caseload request."
expect "the worker escalates" 303
escalation=$(echo "$location" | grep -o '[0-9]*$')
ov due --worker "$worker" --format csv | grep -q "^escalation,escalation-$escalation,$(sql "SELECT id FROM staff WHERE ref = (SELECT line_manager_ref FROM staff WHERE id = '$manager')")," &&
    pass "oversight due lists the escalation, with the line manager" || fail "oversight due lists the escalation, with the line manager"
get senior "/escalations/$escalation"
expect "the line manager sees the escalation" 200 "Please look at my caseload request."
post worker "/escalations/$escalation/respond" response="I respond to myself"
expect "the worker cannot answer their own escalation" 404
post senior "/escalations/$escalation/respond" response="Caseload reduced to eighteen from Monday." resolved=yes
expect "the line manager responds and resolves it" 303
get worker "/escalations/$escalation"
expect "the worker sees the response" 200 "Caseload reduced to eighteen"

# A new version, signed by both; the first kept.
post manager "/records/$record/amend" reason="Add the caseload request and its outcome"
expect "the manager starts version 2" 303
post manager "/records/$record/save" workload="Twenty cases; the worker asked for fewer; reduced to eighteen"
expect "the manager changes the workload" 303
post manager "/records/$record/send"
expect "version 2 is sent" 303
post worker "/records/$record/confidential" topic=wellbeing on=yes
expect "the worker marks their wellbeing confidential too" 303
# The worker's other tab still shows version 1: its signature is not put
# on a version they have not read.
post worker "/records/$record/sign" version=1
expect "signing version 1 once version 2 is out is a conflict, saying why" 409 "since you opened version 1"
get worker "/records/$record"
grep -q 'name="version" value="2"' "$T/b" && pass "the sign form names the version shown" ||
    fail "the sign form names the version shown"
post worker "/records/$record/sign" version=2
expect "the worker signs version 2" 303
post worker "/records/$record/sign" version=2
expect "signing again (a second tab) is a conflict, not a failure" 409 "was signed by both"
grep -q "Error: Supervision record" "$T/b" && pass "the conflict shows the record again, with the problem" ||
    fail "the conflict shows the record again, with the problem"
get worker "/records/$record"
expect "version 2 is signed by both" 200 "Signed by both"
get worker "/records/$record?version=1"
expect "version 1 is kept as it was" 200 "Twenty cases; two court reports due"
grep -q "The record leaves out" "$T/b" && pass "the disagreement stays with the record" || fail "the disagreement stays with the record"
post manager "/records/$record/save" workload="Changed after signing"
expect "a signed record cannot be changed" 409

# Confidentiality: the auditor and the line manager read the record but not the item.
for u in auditor senior; do
    get $u "/records/$record"
    [ "$code" = 200 ] && ! grep -q "Stress at home" "$T/b" && grep -q "Confidential between" "$T/b" &&
        pass "$u reads the record without the confidential item" || fail "$u reads the record without the confidential item"
done
get manager "/records/$record"
expect "the supervisor still reads it" 200 "Stress at home"

# The decisions are on each child's record; the worker was told.
get worker "/cases/$case1"
expect "case 1 shows its decision" 200 "Increase visits to weekly"
get auditor "/cases/$case2"
expect "case 2 shows the departure from procedure" 200 "Departs"
get worker /inbox
expect "the worker's inbox has the decisions" 200 "A decision on case $case1"

# An allegation on the placement stays open, on the case and the next agenda, until resolved.
post worker "/cases/$case2/concerns" concern-kind=allegation concern-date="$today" concern-text=""
expect "an allegation needs what happened" 400 'href="#concern-text"'
post worker "/cases/$case2/concerns" concern-kind=allegation concern-date="$today" concern-text="A neighbour reported shouting"
expect "the worker records an allegation" 303
get auditor "/cases/$case2"
expect "the case shows it open" 200 "Open until resolved"
concern=$(grep -o 'action="/concerns/[0-9]*/resolve"' "$T/b" | head -n1 | grep -o '[0-9]*')
[ -z "$concern" ] && pass "the auditor is not offered to resolve it" || fail "the auditor is not offered to resolve it"
get manager "/cases/$case2"
concern=$(grep -o 'action="/concerns/[0-9]*/resolve"' "$T/b" | head -n1 | grep -o '[0-9]*')

# The next session's agenda carries the open action.
post manager /bookings supervisee="$worker_ref" date="$soon" start-time=14:00 place="Room 2"
expect "the next session is booked" 303
next=$(echo "$location" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$')
get manager "/bookings/$next"
expect "its agenda carries the open action" 200 "Book court skills training"
grep -q "A neighbour reported shouting" "$T/b" && pass "and the open allegation" || fail "and the open allegation"
post manager "/concerns/$concern/resolve" concern-date="$today" resolution="Unfounded after a visit"
expect "the manager records it resolved" 303
get worker "/cases/$case2"
expect "the case shows it resolved, kept" 200 "Unfounded after a visit"

# The held session counts: the worker's supervision is within policy today.
[ "$(ov due --worker "$worker" --format csv | awk -F, '$1 == "staff" { print $7 }')" = ok ] &&
    pass "the held session resets the worker's due date" || fail "the held session resets the worker's due date"
last=$(ov due --worker "$worker" --format csv | awk -F, -v c="$case1" '$1 == "case" && $2 == c { print $5 }')
[ "$last" = "$today" ] && pass "case 1 counts as discussed today" || fail "case 1 counts as discussed today (last: $last)"

# Cancelling keeps the booking, with who and why.
post worker "/bookings/$next/cancel" cancel-reason=""
expect "a cancellation needs a reason" 400 'href="#cancel-reason"'
post worker "/bookings/$next/cancel" cancel-reason="Court hearing moved to that afternoon"
expect "the worker cancels" 303
get manager "/bookings/$next"
expect "the cancellation is kept with its reason" 200 "Court hearing moved"
get senior "/people/$worker"
expect "the person's page reports the cancellation, with who and why" 200 "Court hearing moved to that afternoon"
[ "$(sql "SELECT count(*) FROM sessions se JOIN attendees a ON a.session_ref = se.ref WHERE a.staff_ref = $worker_ref AND se.status = 'cancelled' AND se.date = '$soon'")" = 1 ] &&
    pass "a cancelled session is in the history" || fail "a cancelled session is in the history"
done_testing
