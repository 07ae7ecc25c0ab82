#!/usr/bin/env bash
# Who may see what, over real HTTP: every route of `oversight serve --routes`
# for every kind of user. The matrix below must cover every route, so a new
# route without a decision here fails this test.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server

# The demo's accounts: worker, their manager, the service's senior manager,
# an auditor and an admin; and an outsider, a worker of another service.
demo_worker
other_service=$(sql "SELECT name FROM services WHERE name <> '$service' AND name <> 'Directorate' ORDER BY name LIMIT 1")
outsider=$(sql "SELECT s.id FROM staff s JOIN teams t ON t.ref = s.team_ref JOIN services v ON v.ref = t.service_ref
                WHERE v.name = '$other_service' AND s.role = 'social-worker' ORDER BY s.id LIMIT 1")
[ -n "$worker" ] && [ -n "$team" ] && [ -n "$service" ] && [ -n "$other_service" ] && [ -n "$outsider" ] && [ -n "$case_id" ] ||
    bail_out "the demo lacks a worker, team, service or case ($worker|$team|$service|$other_service|$outsider|$case_id)"
ov user add outsider --staff "$outsider" --password-stdin <<<"$PASSWORD" >/dev/null

users="worker manager senior auditor admin outsider"
sign_in_each $users

# A booking, a record, an escalation and an agreement of the worker's, made
# the way people make them, for the routes that show one.
post manager "/people/$worker/agreement" every=3w minutes=90 place="Room 2" record-keeping=Copies content=All \
    confidentiality=Private disagreements=Escalate
post manager /bookings supervisee="$worker_ref" date="$(date +%F)" start-time=09:00 place="Room 2"
booking=$(echo "$location" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$')
post manager "/bookings/$booking/record"
record=$(echo "$location" | grep -o '[0-9]*$')
post manager "/records/$record/actions" action="Read the plan" owner="$worker" due="$(date -d '+9 days' +%F)"
action=$(sql "SELECT ref FROM actions WHERE record_ref = $record")
post manager "/records/$record/send"
post worker "/records/$record/disagree" disagreement="Not what was said"
post worker "/records/$record/escalate" text="Please look"
escalation=$(echo "$location" | grep -o '[0-9]*$')
post worker /workload text="Too many cases"
concern=$(echo "$location" | grep -o '[0-9]*$')
[ -n "$concern" ] || bail_out "could not raise a workload concern ($code)"
[ -n "$booking" ] && [ -n "$record" ] && [ -n "$escalation" ] && [ -n "$action" ] ||
    bail_out "could not make a booking, record, action and escalation ($booking|$record|$action|$escalation)"
# The record log set up and signed over all of that, so that everyone's
# supervision file can be made (with the log's key on PostgreSQL too).
[ -n "${OVERSIGHT_TEST_PG:-}" ] && export OVERSIGHT_LOG_KEY=$T/log.key
{ ov log init --origin example.org/supervision && ov log checkpoint; } >/dev/null || bail_out "cannot sign the log"
# This quarter's audit sample of the worker's service, for the audit routes.
ov audits sample --service "$service" --quarter "$(date +%Y)-Q$(((10#$(date +%m) + 2) / 3))" >/dev/null ||
    bail_out "cannot draw an audit sample"
audit=$(sql "SELECT a.ref FROM audits a JOIN users u ON u.ref = a.auditor_ref WHERE u.username = 'senior'
                AND a.draw_ref = (SELECT max(ref) FROM audit_draws) ORDER BY a.ref LIMIT 1")
[ -n "$audit" ] || bail_out "the senior manager has no audit"

# ROUTE  PATH  anonymous worker manager senior auditor admin outsider
# (posts are sent without a form token: every one must be refused)
matrix=$(cat <<MATRIX
GET /healthz|/healthz|200 200 200 200 200 200 200
GET /sign-in|/sign-in|200 303 303 303 303 303 303
POST /sign-in|/sign-in|400 400 400 400 400 400 400
GET /sign-in/code|/sign-in/code|303 303 303 303 303 303 303
POST /sign-in/code|/sign-in/code|403 403 403 403 403 403 403
POST /sign-out|/sign-out|403 403 403 403 403 403 403
GET /password/*|/password/not-a-link|404 404 404 404 404 404 404
POST /password/*|/password/not-a-link|404 404 404 404 404 404 404
GET /|/|303 200 200 200 200 200 200
GET /team|/team|303 200 200 200 200 200 200
GET /records|/records|303 200 200 200 200 200 200
GET /services|/services|303 403 403 200 200 403 403
GET /services/*|/services/$(enc "$service")|303 403 403 200 200 403 403
GET /services/*|/services/$(enc "$other_service")|303 403 403 403 200 403 403
GET /services/*|/services/no-such-service|303 403 403 403 403 403 403
GET /teams/*|/teams/$(enc "$team")|303 403 200 200 200 403 403
GET /teams/*|/teams/no-such-team|303 403 403 403 403 403 403
GET /services/*/trends|/services/$(enc "$service")/trends|303 403 403 200 200 403 403
GET /services/*/trends|/services/$(enc "$other_service")/trends|303 403 403 403 200 403 403
GET /services/*/trends|/services/no-such-service/trends|303 403 403 403 403 403 403
GET /services/*/trends|/services/$(enc "$service")/trends?from=2026-13|303 403 403 400 400 403 403
GET /services/*/trends/list|/services/$(enc "$service")/trends/list?month=$(date +%Y-%m)&list=cases-overdue|303 403 403 200 200 403 403
GET /services/*/trends/list|/services/$(enc "$other_service")/trends/list?month=$(date +%Y-%m)&list=cases-overdue|303 403 403 403 200 403 403
GET /services/*/trends/list|/services/$(enc "$service")/trends/list?month=$(date +%Y-%m)&list=nothing|303 403 403 400 400 403 403
GET /teams/*/trends|/teams/$(enc "$team")/trends|303 403 200 200 200 403 403
GET /teams/*/trends|/teams/no-such-team/trends|303 403 403 403 403 403 403
GET /teams/*/trends/list|/teams/$(enc "$team")/trends/list?month=$(date +%Y-%m)&list=staff-overdue|303 403 200 200 200 403 403
GET /people/*/trends|/people/$worker/trends|303 200 200 200 200 403 403
GET /people/*/trends|/people/$outsider/trends|303 403 403 403 200 403 200
GET /people/*/trends/list|/people/$worker/trends/list?month=$(date +%Y-%m)&list=held|303 200 200 200 200 403 403
GET /people/*|/people/$worker|303 200 200 200 200 403 403
GET /people/*|/people/$outsider|303 403 403 403 200 403 200
GET /people/*|/people/NOBODY|303 403 403 403 403 403 403
GET /people/*/development|/people/$worker/development|303 200 200 200 200 403 403
GET /people/*/development|/people/$outsider/development|303 403 403 403 200 403 200
GET /people/*/development|/people/NOBODY/development|303 403 403 403 403 403 403
GET /people/*/development.pdf|/people/$worker/development.pdf|303 200 200 200 200 403 403
GET /people/*/development.pdf|/people/$outsider/development.pdf|303 403 403 403 200 403 200
GET /teams/*/development|/teams/$(enc "$team")/development|303 403 200 200 200 403 403
GET /teams/*/development|/teams/no-such-team/development|303 403 403 403 403 403 403
GET /cases/*|/cases/$case_id|303 200 200 200 200 404 404
GET /cases/*|/cases/NO-SUCH-CASE|303 404 404 404 404 404 404
GET /search|/search?q=$worker|303 200 200 200 200 200 200
GET /search|/search?q=|303 200 200 200 200 200 200
GET /search|/search?q=%25|303 400 400 400 400 400 400
GET /supervision|/supervision|303 200 200 200 200 200 200
POST /bookings|/bookings|403 403 403 403 403 403 403
GET /bookings/*|/bookings/$booking|303 200 200 200 200 404 404
GET /bookings/*|/bookings/999999|303 404 404 404 404 404 404
GET /bookings/*|/bookings/x|303 404 404 404 404 404 404
POST /bookings/*/move|/bookings/$booking/move|403 403 403 403 403 403 403
POST /bookings/*/cancel|/bookings/$booking/cancel|403 403 403 403 403 403 403
POST /bookings/*/agenda|/bookings/$booking/agenda|403 403 403 403 403 403 403
POST /bookings/*/sample|/bookings/$booking/sample|403 403 403 403 403 403 403
POST /bookings/*/record|/bookings/$booking/record|403 403 403 403 403 403 403
POST /agenda/*/confidential|/agenda/1/confidential|403 403 403 403 403 403 403
GET /people/*/agreement|/people/$worker/agreement|303 200 200 200 200 404 404
GET /people/*/agreement|/people/$outsider/agreement|303 404 404 404 200 404 200
POST /people/*/agreement|/people/$worker/agreement|403 403 403 403 403 403 403
POST /agreements/*/agree|/agreements/1/agree|403 403 403 403 403 403 403
GET /records/*|/records/$record|303 200 200 200 200 404 404
GET /records/*|/records/999999|303 404 404 404 404 404 404
GET /actions/*|/actions/$action|303 200 200 200 200 404 404
GET /actions/*|/actions/999999|303 404 404 404 404 404 404
POST /actions/*/done|/actions/$action/done|403 403 403 403 403 403 403
POST /actions/*/confirm|/actions/$action/confirm|403 403 403 403 403 403 403
POST /records/*/save|/records/$record/save|403 403 403 403 403 403 403
POST /records/*/case-notes|/records/$record/case-notes|403 403 403 403 403 403 403
POST /records/*/actions|/records/$record/actions|403 403 403 403 403 403 403
POST /records/*/follow-up|/records/$record/follow-up|403 403 403 403 403 403 403
POST /records/*/send|/records/$record/send|403 403 403 403 403 403 403
POST /records/*/sign|/records/$record/sign|403 403 403 403 403 403 403
POST /records/*/disagree|/records/$record/disagree|403 403 403 403 403 403 403
POST /records/*/confidential|/records/$record/confidential|403 403 403 403 403 403 403
POST /records/*/amend|/records/$record/amend|403 403 403 403 403 403 403
POST /records/*/escalate|/records/$record/escalate|403 403 403 403 403 403 403
GET /audits|/audits|303 200 200 200 200 200 200
GET /audits/*|/audits/$audit|303 404 404 200 404 404 404
GET /audits/*|/audits/999999|303 404 404 404 404 404 404
POST /audits/*/save|/audits/$audit/save|403 403 403 403 403 403 403
POST /audits/*/actions|/audits/$audit/actions|403 403 403 403 403 403 403
POST /audit-actions/*/done|/audit-actions/1/done|403 403 403 403 403 403 403
POST /audit-actions/*/close|/audit-actions/1/close|403 403 403 403 403 403 403
GET /services/*/audits|/services/$(enc "$service")/audits|303 403 403 200 200 403 403
GET /services/*/audits|/services/$(enc "$other_service")/audits|303 403 403 403 200 403 403
POST /services/*/audits|/services/$(enc "$service")/audits|403 403 403 403 403 403 403
GET /escalations|/escalations|303 200 200 200 200 200 200
GET /records/*/feedback|/records/$record/feedback|303 404 404 404 404 404 404
POST /records/*/feedback|/records/$record/feedback|403 403 403 403 403 403 403
GET /teams/*/feedback|/teams/$(enc "$team")/feedback|303 403 200 200 200 403 403
GET /teams/*/feedback|/teams/no-such-team/feedback|303 403 403 403 403 403 403
GET /services/*/feedback|/services/$(enc "$service")/feedback|303 403 403 200 200 403 403
GET /services/*/feedback|/services/$(enc "$other_service")/feedback|303 403 403 403 200 403 403
GET /workload|/workload|303 200 200 200 200 200 200
POST /workload|/workload|403 403 403 403 403 403 403
GET /workload/*|/workload/$concern|303 200 200 200 200 404 404
POST /workload/*/respond|/workload/$concern/respond|403 403 403 403 403 403 403
POST /escalations|/escalations|403 403 403 403 403 403 403
GET /escalations/*|/escalations/$escalation|303 200 200 200 200 404 404
POST /escalations/*/respond|/escalations/$escalation/respond|403 403 403 403 403 403 403
POST /escalations/*/escalate|/escalations/$escalation/escalate|403 403 403 403 403 403 403
POST /cases/*/concerns|/cases/$case_id/concerns|403 403 403 403 403 403 403
POST /concerns/*/resolve|/concerns/1/resolve|403 403 403 403 403 403 403
GET /inbox|/inbox|303 200 200 200 200 200 200
POST /inbox/read|/inbox/read|403 403 403 403 403 403 403
GET /discussions/new|/discussions/new|303 200 200 200 200 200 200
POST /discussions|/discussions|403 403 403 403 403 403 403
GET /group-sessions/new|/group-sessions/new|303 200 200 200 200 200 200
POST /group-sessions|/group-sessions|403 403 403 403 403 403 403
GET /bookings/*/calendar.ics|/bookings/$booking/calendar.ics|303 200 200 404 404 404 404
GET /supervision-file|/supervision-file|303 200 200 200 404 404 200
GET /supervision/reads|/supervision/reads|303 200 200 200 404 404 200
GET /log/checkpoint|/log/checkpoint|303 200 200 200 200 200 200
GET /calendar/*|/calendar/not-a-feed.ics|404 404 404 404 404 404 404
POST /account/calendar|/account/calendar|403 403 403 403 403 403 403
GET /account|/account|303 200 200 200 200 200 200
POST /account/password|/account/password|403 403 403 403 403 403 403
POST /account/notices|/account/notices|403 403 403 403 403 403 403
POST /account/reminders|/account/reminders|403 403 403 403 403 403 403
GET /account/two-factor|/account/two-factor|303 200 200 200 200 200 200
POST /account/two-factor|/account/two-factor|403 403 403 403 403 403 403
GET /admin|/admin|303 403 403 403 403 200 403
GET /admin/imports|/admin/imports|303 403 403 403 403 200 403
POST /admin/imports|/admin/imports|403 403 403 403 403 403 403
GET /admin/users|/admin/users|303 403 403 403 403 200 403
POST /admin/users|/admin/users|403 403 403 403 403 403 403
GET /admin/users/*|/admin/users/worker|303 403 403 403 403 200 403
GET /admin/users/*|/admin/users/nobody|303 403 403 403 403 404 403
POST /admin/users/*|/admin/users/worker|403 403 403 403 403 403 403
GET /admin/teams|/admin/teams|303 403 403 403 403 200 403
GET /admin/teams/*|/admin/teams/$(enc "$team")|303 403 403 403 403 200 403
POST /admin/teams/*|/admin/teams/$(enc "$team")|403 403 403 403 403 403 403
GET /admin/policy|/admin/policy|303 403 403 403 403 200 403
POST /admin/policy|/admin/policy|403 403 403 403 403 403 403
POST /admin/policy/apply|/admin/policy/apply|403 403 403 403 403 403 403
GET /admin/policy/history/*|/admin/policy/history/1|303 403 403 403 403 404 403
GET /api/v1/me|/api/v1/me|401 200 200 200 200 200 200
GET /api/v1/me/due|/api/v1/me/due|401 200 200 200 404 404 200
GET /api/v1/team/due|/api/v1/team/due|401 200 200 200 404 404 200
GET /api/v1/teams/*|/api/v1/teams/$(enc "$team")|401 403 200 200 200 403 403
GET /api/v1/services|/api/v1/services|401 403 403 200 200 403 403
GET /api/v1/services/*|/api/v1/services/$(enc "$service")|401 403 403 200 200 403 403
GET /api/v1/services/*|/api/v1/services/$(enc "$other_service")|401 403 403 403 200 403 403
GET /api/v1/services/*|/api/v1/services/no-such-service|401 403 403 403 403 403 403
GET /api/v1/people/*|/api/v1/people/$worker|401 200 200 200 200 403 403
GET /api/v1/people/*|/api/v1/people/$outsider|401 403 403 403 200 403 200
GET /api/v1/cases/*|/api/v1/cases/$case_id|401 200 200 200 200 404 404
GET /api/v1/cases/*|/api/v1/cases/NO-SUCH-CASE|401 404 404 404 404 404 404
GET /api/v1/cases/*/decisions|/api/v1/cases/$case_id/decisions|401 200 200 200 200 404 404
GET /api/v1/records/*|/api/v1/records/$record|401 200 200 200 200 404 404
GET /api/v1/search|/api/v1/search?q=$worker|401 200 200 200 200 200 200
MATRIX
)

# Every route has at least one row.
while read -r method path who _; do
    if grep -qF "$method $path|" <<<"$matrix"; then
        pass "route $method $path ($who) is in the access matrix"
    else
        fail "route $method $path ($who) is not in the access matrix"
    fi
done < <(ov serve --routes)

while IFS='|' read -r route path expected; do
    method=${route%% *}
    set -- $expected
    for who in anonymous $users; do
        want=$1
        shift
        args=()
        [ "$who" != anonymous ] && args=(-b "$T/jar.$who")
        [ "$method" = POST ] && args+=(-X POST --data "x=1")
        req "${args[@]}" "$B$path"
        [ "$code" = "$want" ] && pass "$who: $method $path is $want" || fail "$who: $method $path gave $code, want $want"
    done
done <<<"$matrix"

# Refusals are logged with the user and what was refused.
grep -q "refused: user \"admin\" .*: person \"$worker\"" "$T/serve.err" &&
    pass "a refusal is logged" || fail "a refusal is logged" "$(tail -n 3 "$T/serve.err")"
grep -q "refused: user \"outsider\" .*: case \"$case_id\"" "$T/serve.err" &&
    pass "a refused case is logged though answered 404" || fail "a refused case is logged"

# What the lists hold: a worker's own cases; the manager's whole team; never another team's.
get worker /
grep -q "/cases/$case_id\"" "$T/b" && pass "the worker's page lists their case" || fail "the worker's page lists their case"
get manager /team
grep -q "/people/$worker\"" "$T/b" && pass "My team lists the worker" || fail "My team lists the worker"
grep -q "/people/$outsider\"" "$T/b" && fail "My team lists someone of another service" || pass "My team lists nobody of another service"
get senior "/services/$(enc "$service")"
grep -qF "/teams/$(enc "$team")\"" "$T/b" &&
    pass "the service page links the team" || fail "the service page links the team"
grep -q "Compliance by team" "$T/b" && grep -q "%</td>" "$T/b" && pass "the service page shows shares within policy" ||
    fail "the service page shows shares within policy"

# Search finds only what the searcher may read: by id, by name, a case, a record.
worker_name=$(sql "SELECT name FROM staff WHERE id = '$worker'")
outsider_name=$(sql "SELECT name FROM staff WHERE id = '$outsider'")
found() { grep -qF "href=\"$1\"" "$T/b"; }
for u in worker manager senior auditor admin outsider; do
    get $u "/search?q=$(enc "$worker")"
    want=no
    case $u in worker | manager | senior | auditor) want=yes ;; esac
    found "/people/$worker" && got=yes || got=no
    [ "$got" = "$want" ] && pass "$u: searching the worker's id finds them: $got" ||
        fail "$u: searching the worker's id finds them: $got, want $want"
    found "/records/$record" && got=yes || got=no
    [ "$got" = "$want" ] && pass "$u: and finds the worker's record: $got" || fail "$u: and the record: $got, want $want"
    get $u "/search?q=$(enc "$worker_name")"
    found "/people/$worker" && got=yes || got=no
    [ "$got" = "$want" ] && pass "$u: searching the worker's name finds them: $got" ||
        fail "$u: searching the worker's name finds them: $got, want $want"
    get $u "/search?q=$(enc "$case_id")"
    found "/cases/$(enc "$case_id")" && got=yes || got=no
    [ "$got" = "$want" ] && pass "$u: searching the case id finds it: $got" ||
        fail "$u: searching the case id finds it: $got, want $want"
    get $u "/search?q=$(enc "$outsider_name")"
    want=no
    case $u in auditor | outsider) want=yes ;; esac
    found "/people/$outsider" && got=yes || got=no
    [ "$got" = "$want" ] && pass "$u: searching another service's worker finds them: $got" ||
        fail "$u: searching another service's worker finds them: $got, want $want"
done
get worker "/search?q=a"
[ "$code" = 400 ] && grep -q "Enter at least 2 letters or numbers" "$T/b" && grep -q 'govuk-error-summary' "$T/b" &&
    pass "a search too short to be useful is answered with what to type" || fail "too short a search ($code)"
get worker /
grep -q 'action="/search"' "$T/b" && pass "every signed-in page has the search box" || fail "no search box on the worker's page"

# With its form token, a post from someone without the right is still refused.
csrf=$(csrf_of "$T/jar.auditor")
req -b "$T/jar.auditor" --data-urlencode "csrf=$csrf" --data-urlencode "service=X" "$B/admin/teams/$(enc "$team")"
[ "$code" = 403 ] && pass "an auditor cannot change a team, even with a form token" || fail "auditor team change gave $code"
[ "$(sql "SELECT count(*) FROM services WHERE name = 'X'")" = 0 ] && pass "and nothing changed" || fail "a refused post changed data"

# With a form token, the supervision forms refuse anyone but the two.
for u in auditor senior outsider; do
    post $u "/records/$record/amend" reason="not mine to change"
    [ "$code" = 404 ] && pass "$u cannot change the worker's record" || fail "$u changed the worker's record ($code)"
    post $u "/bookings/$booking/cancel" cancel-reason="not mine"
    [ "$code" = 404 ] && pass "$u cannot cancel the worker's session" || fail "$u cancelled the worker's session ($code)"
done
post outsider "/people/$worker/agreement" every=3w minutes=90 place=X record-keeping=X content=X confidentiality=X disagreements=X
[ "$code" = 404 ] && pass "an outsider cannot write someone's agreement (404, as for nobody)" ||
    fail "an outsider wrote an agreement ($code)"

# Navigation offers only what the user may open.
get worker /
grep -q 'href="/services"' "$T/b" && fail "a worker is offered Services" || pass "a worker is not offered Services"
grep -q 'href="/team"' "$T/b" && fail "a worker is offered My team" || pass "a worker is not offered My team"
get admin /account
grep -q 'href="/admin"' "$T/b" && pass "an admin is offered Admin" || fail "an admin is offered Admin"
done_testing
