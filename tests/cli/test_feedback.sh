#!/usr/bin/env bash
# How supervision feels and workload, over real HTTP: the four questions
# after a signed record (once, optional, bad answers naming their field),
# figures that show nothing under five people and never a name, a worker's
# workload concern reaching their supervisor and being answered by them
# alone, and caseloads on the pages.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server
demo_worker
other_service=$(sql "SELECT name FROM services WHERE name <> '$service' AND name <> 'Directorate' ORDER BY name LIMIT 1")
outsider=$(sql "SELECT s.id FROM staff s JOIN teams t ON t.ref = s.team_ref JOIN services v ON v.ref = t.service_ref
                WHERE v.name = '$other_service' AND s.role = 'social-worker' ORDER BY s.id LIMIT 1")
[ -n "$worker" ] && [ -n "$team" ] && [ -n "$service" ] && [ -n "$outsider" ] || bail_out "the demo lacks a worker or outsider"
ov user add outsider --staff "$outsider" --password-stdin <<<"$PASSWORD" >/dev/null
sign_in_each worker manager senior auditor outsider
worker_name=$(sql "SELECT name FROM staff WHERE id = '$worker'")
# The demo's own answers and workload concerns left out: the figures below count this test's.
sql "DELETE FROM feedback_answers; DELETE FROM feedback_marks; DELETE FROM workload_concerns" >/dev/null

# A record of the worker's, sent by their supervisor and signed by them.
post manager /bookings supervisee="$worker_ref" date="$(date +%F)" start-time=09:00 place="Room 2"
booking=$(echo "$location" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$')
post manager "/bookings/$booking/record"
record=$(echo "$location" | grep -o '[0-9]*$')
post manager "/records/$record/send"
get worker "/records/$record"
version=$(grep -o 'name="version" value="[0-9]*"' "$T/b" | head -n 1 | grep -o '[0-9]*')
post worker "/records/$record/sign" version="$version"
[ -n "$record" ] && [ "$code" = 303 ] || bail_out "could not make a signed record ($booking|$record|$code)"

get worker "/records/$record"
if grep -q 'How did this supervision' "$T/b" && grep -q "/records/$record/feedback" "$T/b"; then
    pass "the supervisee is asked on the signed record"
else fail "the supervisee is asked on the signed record" "$(grep -c feedback "$T/b")"; fi
get manager "/records/$record"
if ! grep -q 'How did this supervision' "$T/b"; then pass "the supervisor is not asked"; else fail "the supervisor is not asked"; fi
get manager "/records/$record/feedback"
[ "$code" = 404 ] && pass "the questions are the supervisee's alone (404)" || fail "the supervisor's GET is 404" "$code"
post manager "/records/$record/feedback" q1=5 q2=5 q3=5 q4=5
[ "$code" = 404 ] && pass "the supervisor cannot answer (404)" || fail "the supervisor cannot answer" "$code"

# "Not now": asked no more, still offered quietly.
post worker "/records/$record/feedback" not-now=yes
[ "$code" = 303 ] && pass "not now" || fail "not now" "$code"
get worker "/records/$record"
if ! grep -q 'How did this supervision' "$T/b" && grep -q "/records/$record/feedback" "$T/b"; then
    pass "after not now the record no longer asks, and still offers"
else fail "after not now the record no longer asks, and still offers"; fi

# Bad answers name their field and change nothing.
snapshot "$T/before"
post worker "/records/$record/feedback" q1=6 q2=5 q3=4 q4=4 comment="x"
if [ "$code" = 400 ] && grep -q 'href="#q1"' "$T/b" && grep -q 'id="q1-error"' "$T/b"; then
    pass "an answer out of range names q1"
else fail "an answer out of range names q1" "$code"; fi
post worker "/records/$record/feedback" q1=3 q2=5 q4=4
if [ "$code" = 400 ] && grep -q 'href="#q3"' "$T/b"; then pass "a missing answer names q3"; else fail "a missing answer names q3" "$code"; fi
unchanged "bad answers changed nothing"

post worker "/records/$record/feedback" q1=4 q2=3 q3=4 q4=5 comment="Space to think, at last"
[ "$code" = 303 ] && pass "the answers are taken" || fail "the answers are taken" "$code $(grep -o 'govuk-error-message[^<]*<[^<]*<[^<]*' "$T/b" | head -n 2)"
post worker "/records/$record/feedback" q1=1 q2=1 q3=1 q4=1
[ "$code" = 409 ] && pass "a second answer is refused (409)" || fail "a second answer is refused" "$code"
[ "$(sql "SELECT count(*) FROM feedback_answers")" = 1 ] && pass "one answer kept" || fail "one answer kept"
[ "$(sql "SELECT answered FROM feedback_marks WHERE record_ref = $record")" = 1 ] && pass "the mark says answered, and nothing else" ||
    fail "the mark"

# The figures: the quarter that has ended is shown, and only over five people.
sql "UPDATE feedback_answers SET quarter = '2020-Q1'; UPDATE feedback_marks SET quarter = '2020-Q1'" >/dev/null
get senior "/teams/$(enc "$team")/feedback?quarter=2020-Q1"
if [ "$code" = 200 ] && grep -q 'Fewer than 5 people answered' "$T/b" && ! grep -q 'Space to think' "$T/b"; then
    pass "one person's answer shows nothing"
else fail "one person's answer shows nothing" "$code"; fi
# Four more people of the team answered that quarter (written as the service writes them).
team_ref=$(sql "SELECT ref FROM teams WHERE name = '$team'")
service_ref=$(sql "SELECT service_ref FROM teams WHERE ref = $team_ref")
others=$(sql "SELECT ref FROM staff WHERE team_ref = $team_ref AND ref <> $worker_ref ORDER BY ref LIMIT 4")
[ "$(echo "$others" | wc -w)" = 4 ] || bail_out "the team has fewer than five people"
i=0
for s in $others; do
    i=$((i + 1))
    rec=$(sql "SELECT ref FROM records WHERE ref NOT IN (SELECT record_ref FROM feedback_marks) ORDER BY ref LIMIT 1")
    [ -n "$rec" ] || bail_out "no record left to mark"
    sql "INSERT INTO feedback_marks (record_ref, staff_ref, team_ref, service_ref, quarter, answered)
         VALUES ($rec, $s, $team_ref, $service_ref, '2020-Q1', 1);
         INSERT INTO feedback_answers (id, team_ref, service_ref, quarter, q1, q2, q3, q4, comment)
         VALUES ('t$i$RANDOM', $team_ref, $service_ref, '2020-Q1', 3, 3, 3, 3, '')" >/dev/null
    if [ $i = 3 ]; then
        get senior "/teams/$(enc "$team")/feedback?quarter=2020-Q1"
        grep -q 'Fewer than 5 people answered' "$T/b" && pass "four people's answers show nothing" ||
            fail "four people's answers show nothing"
    fi
done
get senior "/teams/$(enc "$team")/feedback?quarter=2020-Q1"
if [ "$code" = 200 ] && grep -q '5 people gave 5 answers' "$T/b" && grep -q 'Space to think' "$T/b"; then
    pass "five people's answers are shown, added up"
else fail "five people's answers are shown, added up" "$code"; fi
if ! grep -qF "$worker_name" "$T/b" && ! grep -qF "$worker" "$T/b"; then
    pass "the figures name nobody"
else fail "the figures name nobody"; fi
get senior "/services/$(enc "$service")/feedback?quarter=2020-Q1"
[ "$code" = 200 ] && grep -q '5 people gave 5 answers' "$T/b" && pass "the service's figures" || fail "the service's figures" "$code"
get worker "/teams/$(enc "$team")/feedback?quarter=2020-Q1"
[ "$code" = 403 ] && pass "a worker sees no figures (403)" || fail "a worker sees no figures" "$code"
get outsider "/services/$(enc "$service")/feedback"
[ "$code" = 403 ] && pass "another service's worker sees no figures (403)" || fail "outsider" "$code"
get senior "/teams/$(enc "$team")/feedback?quarter=2020-Q9"
[ "$code" = 400 ] && grep -q 'Quarter must be' "$T/b" && pass "a bad quarter is a 400 that says so" || fail "a bad quarter" "$code"
get senior "/teams/$(enc "$team")/feedback?quarter=$(date +%Y)-Q$(( ($(date +%-m) - 1) / 3 + 1 ))"
grep -q 'until it has ended' "$T/b" && pass "the quarter under way shows nothing" || fail "the quarter under way"
cur="$(date +%Y)-Q$(( ($(date +%-m) - 1) / 3 + 1 ))"
# Someone of the team answers this quarter, and one person answered in 2019-Q4.
for q in "$cur" 2019-Q4; do
    rec=$(sql "SELECT ref FROM records WHERE ref NOT IN (SELECT record_ref FROM feedback_marks) ORDER BY ref LIMIT 1")
    sql "INSERT INTO feedback_marks (record_ref, staff_ref, team_ref, service_ref, quarter, answered)
         VALUES ($rec, $worker_ref, $team_ref, $service_ref, '$q', 1)" >/dev/null
done
get senior "/teams/$(enc "$team")/feedback?quarter=2020-Q1"
grep -q '<strong>2020-Q1</strong>' "$T/b" && ! grep -q "quarter=$cur\|<strong>$cur</strong>\|2019-Q4" "$T/b" &&
    pass "the quarters offered are those ended with five people: never the one under way, which would show who just answered, nor one of one person" ||
    fail "the quarters offered"

# ---- workload ----
get worker /
if grep -q 'Your workload' "$T/b" && grep -q 'open cases' "$T/b" && grep -q 'action="/workload"' "$T/b"; then
    pass "My supervision shows the caseload and the form"
else fail "My supervision shows the caseload and the form"; fi
snapshot "$T/before"
post worker /workload text="   "
[ "$code" = 400 ] && grep -q 'href="#text"' "$T/b" && pass "an empty workload concern names text" || fail "empty concern" "$code"
unchanged "an empty concern changed nothing"
post worker /workload text="Twenty-six cases, three in court this month"
concern=$(echo "$location" | grep -o '[0-9]*$')
[ "$code" = 303 ] && [ -n "$concern" ] && pass "a worker says their workload is unmanageable" || fail "raise" "$code"
supervisor_ref=$(sql "SELECT supervisor_ref FROM staff WHERE ref = $worker_ref")
[ "$(sql "SELECT link FROM inbox WHERE staff_ref = $supervisor_ref ORDER BY ref DESC LIMIT 1")" = "/workload/$concern" ] &&
    pass "it reaches the supervisor's inbox" || fail "it reaches the supervisor's inbox"
get outsider "/workload/$concern"
[ "$code" = 404 ] && pass "another worker cannot read it (404)" || fail "outsider read" "$code"
post outsider "/workload/$concern/respond" response="No"
[ "$code" = 404 ] && pass "another worker cannot answer it (404)" || fail "outsider answer" "$code"
post worker "/workload/$concern/respond" response="Myself"
[ "$code" = 404 ] && pass "the worker cannot answer their own (404)" || fail "worker answer" "$code"
get senior "/services/$(enc "$service")"
grep -q 'id="workload-figures"' "$T/b" && grep -q '1 open' "$T/b" && pass "the service's figures count it" ||
    fail "the service's figures count it"
post manager "/workload/$concern/respond" response=""
[ "$code" = 400 ] && grep -q 'href="#response"' "$T/b" && pass "an empty answer names response" || fail "empty answer" "$code"
post manager "/workload/$concern/respond" response="Two cases move to a colleague this week"
[ "$code" = 303 ] && pass "the supervisor answers" || fail "the supervisor answers" "$code"
post manager "/workload/$concern/respond" response="Again"
[ "$code" = 409 ] && pass "a second answer is a conflict (409)" || fail "second answer" "$code"
get worker "/workload/$concern"
grep -q 'Two cases move' "$T/b" && pass "the worker reads the answer" || fail "the worker reads the answer"
[ "$(sql "SELECT link FROM inbox WHERE staff_ref = $worker_ref ORDER BY ref DESC LIMIT 1")" = "/workload/$concern" ] &&
    pass "the worker is told" || fail "the worker is told"

# Unanswered past twice the response time, a concern is with the service's
# senior managers: one answers, and a second answer is a conflict (decided
# while the concern read is still held).
post worker /workload text="Still twenty-six cases"
late=$(echo "$location" | grep -o '[0-9]*$')
sql "UPDATE workload_concerns SET raised_date = '$(date -d '-30 days' +%F)', raised_at = raised_at - 30 * 86400 WHERE ref = $late"
post senior "/workload/$late/respond" response="A second worker joins the team"
[ "$code" = 303 ] && pass "past its time, a senior manager answers" || fail "the senior manager answers" "$code"
post senior "/workload/$late/respond" response="Again"
[ "$code" = 409 ] && pass "and a second answer is a conflict (409)" || fail "second senior answer" "$code"

# Caseloads on the team page.
get senior "/teams/$(enc "$team")"
grep -q 'id="caseloads"' "$T/b" && grep -q 'Open cases per worker' "$T/b" && pass "the team page shows caseloads" ||
    fail "the team page shows caseloads"

done_testing
