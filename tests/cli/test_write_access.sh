#!/usr/bin/env bash
# Who may change what, over real HTTP: every state-changing route of
# `oversight serve --routes` (every route with csrf) for every kind of user,
# on the worker's things, on another service's and on things that do not
# exist, each sent WITH the user's valid form token. A refusal must leave
# the database as it was. The matrix must cover every csrf route, so a new
# state-changing route without a decision here fails this test. (Reading:
# tests/cli/test_access.sh.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server

# The demo's accounts (worker, manager: the worker's supervisor, senior: the
# service manager, auditor, admin) and three more: outsider, a worker of
# another service; audstaff, an auditor who is also a worker of that other
# service; seniorx, the other service's senior manager, who is a worker in
# the worker's service.
demo_worker
other_service=$(sql "SELECT name FROM services WHERE name <> '$service' AND name <> 'Directorate' ORDER BY name LIMIT 1")
in_service() { # SERVICE OFFSET: a social worker of SERVICE with open cases and no account
    sql "SELECT s.id FROM staff s JOIN teams t ON t.ref = s.team_ref JOIN services v ON v.ref = t.service_ref
         WHERE v.name = '$1' AND s.role = 'social-worker' AND s.left_date IS NULL AND s.supervisor_ref IS NOT NULL
         AND EXISTS (SELECT 1 FROM cases c WHERE c.worker_ref = s.ref AND c.closed_date IS NULL)
         AND NOT EXISTS (SELECT 1 FROM users u WHERE u.staff_ref = s.ref) AND s.id <> '$worker'
         ORDER BY s.id LIMIT 1 OFFSET $2"
}
outsider=$(in_service "$other_service" 0)
audstaff=$(in_service "$other_service" 1)
seniorx=$(in_service "$service" 0)
[ -n "$worker" ] && [ -n "$other_service" ] && [ -n "$outsider" ] && [ -n "$audstaff" ] && [ -n "$seniorx" ] ||
    bail_out "the demo lacks the staff this needs ($worker|$other_service|$outsider|$audstaff|$seniorx)"
ov user add outsider --staff "$outsider" --password-stdin <<<"$PASSWORD" >/dev/null
ov user add audstaff --staff "$audstaff" --role auditor --password-stdin <<<"$PASSWORD" >/dev/null
ov user add seniorx --staff "$seniorx" --role "senior-manager:$other_service" --password-stdin <<<"$PASSWORD" >/dev/null
users="worker manager senior auditor admin outsider audstaff seniorx"
sign_in_each $users
for u in $users; do eval "csrf_$u=\$(csrf_of \"\$T/jar.$u\")"; done

ref_of() { sql "SELECT ref FROM staff WHERE id = '$1'"; }
outsider_ref=$(ref_of "$outsider")
manager=$(staff_of manager)
# A second supervisee of the manager's, for a group session.
worker2=$(sql "SELECT s.id FROM staff s JOIN staff m ON m.ref = s.supervisor_ref
               WHERE m.id = '$manager' AND s.id <> '$worker' AND s.left_date IS NULL ORDER BY s.id LIMIT 1")
# Cases: the worker's open case, one of the outsider's, and a family placement
# case of the worker's (incidents and allegations are recorded on those).
ocase=$(sql "SELECT c.id FROM cases c WHERE c.worker_ref = $outsider_ref AND c.closed_date IS NULL ORDER BY c.id LIMIT 1")
fcase=$(sql "SELECT c.id FROM cases c WHERE c.worker_ref = $worker_ref AND c.closed_date IS NULL
             AND c.category LIKE 'family%' ORDER BY c.id LIMIT 1")
[ -n "$worker2" ] && [ -n "$ocase" ] && [ -n "$case_id" ] ||
    bail_out "the demo lacks a second supervisee or the cases ($worker2|$ocase|$case_id)"
if [ -z "$fcase" ]; then # the demo gave the worker none: make their case one
    sql "UPDATE cases SET category = 'family-placement' WHERE id = '$case_id'"
    fcase=$case_id
fi
today=$(date +%F)
later=$(date -d '+5 days' +%F)

# The things, made once the way people make them.
post manager "/people/$worker/agreement" every=3w minutes=90 place="Room 2" record-keeping=Copies content=All \
    confidentiality=Private disagreements=Escalate
agreement=$(sql "SELECT max(ref) FROM agreements WHERE supervisee_ref = $worker_ref")
book() { # USER SUPERVISEE_REF DATE: the new booking's ref
    post "$1" /bookings supervisee="$2" date="$3" start-time=09:00 place="Room 2"
    echo "$location" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$'
}
booking=$(book manager "$worker_ref" "$later")
obooking=$(book outsider "$outsider_ref" "$later")
rbooking=$(book manager "$worker_ref" "$today")
post worker "/bookings/$booking/agenda" kind=topic text="Caseload"
item=$(sql "SELECT max(ref) FROM agenda_items WHERE booking_ref = $booking")
post manager "/bookings/$rbooking/record"
record=$(echo "$location" | grep -o '[0-9]*$')
post manager "/records/$record/actions" owner="$worker" action="Read the plan" due="$later"
action=$(sql "SELECT max(ref) FROM actions")
# A second record, disputed and escalated, for the escalation routes.
ebooking=$(book manager "$worker_ref" "$today")
post manager "/bookings/$ebooking/record"
erecord=$(echo "$location" | grep -o '[0-9]*$')
post manager "/records/$erecord/send"
post worker "/records/$erecord/disagree" disagreement="Not what was said"
post worker "/records/$erecord/escalate" text="Please look"
escalation=$(echo "$location" | grep -o '[0-9]*$')
post worker "/cases/$fcase/concerns" concern-kind=incident concern-date="$today" concern-text="A fall"
concern=$(sql "SELECT max(k.ref) FROM case_concerns k JOIN cases c ON c.ref = k.case_ref WHERE c.id = '$fcase'")
post worker /workload text="Too many cases"
wconcern=$(echo "$location" | grep -o '[0-9]*$')
[ -n "$wconcern" ] || bail_out "could not raise a workload concern ($code)"
[ -n "$agreement" ] && [ -n "$booking" ] && [ -n "$obooking" ] && [ -n "$item" ] && [ -n "$record" ] &&
    [ -n "$action" ] && [ -n "$escalation" ] && [ -n "$concern" ] ||
    bail_out "could not make the things ($agreement|$booking|$obooking|$item|$record|$action|$escalation|$concern)"
# This quarter's audit sample of the worker's service; one of the senior
# manager's audits completed, with a remedial action for its supervisor.
quarter="$(date +%Y)-Q$(((10#$(date +%m) + 2) / 3))"
ov audits sample --service "$service" --quarter "$quarter" >/dev/null || bail_out "cannot draw an audit sample"
saudit=$(sql "SELECT a.ref FROM audits a JOIN users u ON u.ref = a.auditor_ref WHERE u.username = 'senior'
              AND a.supervisor_ref IS NOT NULL AND a.draw_ref = (SELECT max(ref) FROM audit_draws) ORDER BY a.ref LIMIT 1")
grades=()
for q in reflective decisions child-voice risk actions departures; do grades+=("grade-$q=good"); done
post senior "/audits/$saudit/save" "${grades[@]}" grade=good findings=Sound complete=yes
post senior "/audits/$saudit/actions" text="Record the rationale" due="$later"
xaction=$(sql "SELECT max(ref) FROM audit_actions WHERE audit_ref = $saudit")
[ -n "$saudit" ] && [ -n "$xaction" ] || bail_out "could not make an audit and its action ($saudit|$xaction)"
supu=$(sql "SELECT u.username FROM audits a JOIN users u ON u.staff_ref = a.supervisor_ref WHERE a.ref = $saudit")
isup() { [ "$1" = "$supu" ] && echo ok || echo 404; }
# Who the escalation is with at level 1 (the manager's line manager).
with=$(sql "SELECT u.username FROM escalations e JOIN users u ON u.staff_ref = e.assignee_ref WHERE e.ref = $escalation")

# ROUTE|PATH|FIELDS (';' between them)|anonymous worker manager senior auditor admin outsider audstaff seniorx
# ok: allowed (2xx, 3xx, or 400/409 for the form or the thing's state);
# 403, 404, 400: refused, as the route, the write rule, or the form's
# answer to a staff or case id that is not theirs; a refusal writes nothing.
# "Not yours" is 404, as "not there" (svc/access.h). The admin, auditor and
# seniorx have no staff record of their own in the worker's line; the
# auditor and the admin none at all (so no calendar feed either).
N=99999999
respond() { [ "$1" = "$with" ] && echo ok || echo 404; }
matrix=$(cat <<MATRIX
POST /sign-in/code|/sign-in/code|code=000000|403 ok ok ok ok ok ok ok ok
POST /bookings|/bookings|supervisee=$worker_ref;date=$later;start-time=10:00;place=Room|403 ok ok 404 404 404 404 404 404
POST /bookings|/bookings|supervisee=$outsider_ref;date=$later;start-time=10:00;place=Room|403 404 404 404 404 404 ok 404 404
POST /bookings|/bookings|supervisee=$N;date=$later;start-time=10:00;place=Room|403 404 404 404 404 404 404 404 404
POST /bookings/*/move|/bookings/$booking/move|date=$later;start-time=11:00;place=Room;reason=Clash|403 ok ok 404 404 404 404 404 404
POST /bookings/*/move|/bookings/$obooking/move|date=$later;start-time=11:00;place=Room;reason=Clash|403 404 404 404 404 404 ok 404 404
POST /bookings/*/move|/bookings/$N/move|date=$later;start-time=11:00;place=Room;reason=Clash|403 404 404 404 404 404 404 404 404
POST /bookings/*/agenda|/bookings/$booking/agenda|kind=topic;text=Leave|403 ok ok 404 404 404 404 404 404
POST /bookings/*/agenda|/bookings/$obooking/agenda|kind=topic;text=Leave|403 404 404 404 404 404 ok 404 404
POST /bookings/*/sample|/bookings/$booking/sample|count=1|403 404 ok 404 404 404 404 404 404
POST /bookings/*/sample|/bookings/$N/sample|count=1|403 404 404 404 404 404 404 404 404
POST /agenda/*/confidential|/agenda/$item/confidential|on=1|403 ok ok 404 404 404 404 404 404
POST /agenda/*/confidential|/agenda/$N/confidential|on=1|403 404 404 404 404 404 404 404 404
POST /bookings/*/record|/bookings/$booking/record||403 404 ok 404 404 404 404 404 404
POST /bookings/*/record|/bookings/$obooking/record||403 404 404 404 404 404 404 404 404
POST /bookings/*/cancel|/bookings/$obooking/cancel|cancel-reason=Ill|403 404 404 404 404 404 ok 404 404
POST /bookings/*/cancel|/bookings/$booking/cancel|cancel-reason=Ill|403 ok ok 404 404 404 404 404 404
POST /people/*/agreement|/people/$worker/agreement|every=3w;minutes=90;place=Room;record-keeping=C;content=A;confidentiality=P;disagreements=E|403 404 ok 404 404 404 404 404 404
POST /people/*/agreement|/people/$outsider/agreement|every=3w;minutes=90;place=Room;record-keeping=C;content=A;confidentiality=P;disagreements=E|403 404 404 404 404 404 404 404 404
POST /people/*/agreement|/people/NOBODY/agreement|every=3w;minutes=90;place=Room;record-keeping=C;content=A;confidentiality=P;disagreements=E|403 404 404 404 404 404 404 404 404
POST /agreements/*/agree|/agreements/$agreement/agree||403 ok 404 404 404 404 404 404 404
POST /agreements/*/agree|/agreements/$N/agree||403 404 404 404 404 404 404 404 404
POST /records/*/save|/records/$record/save|workload=Heavy|403 404 ok 404 404 404 404 404 404
POST /records/*/case-notes|/records/$record/case-notes|case=$case_id;synopsis=S;analysis=A;decision=Close the case;rationale=R|403 404 ok 404 404 404 404 404 404
POST /records/*/actions|/records/$record/actions|owner=$worker;action=Call;due=$later|403 404 ok 404 404 404 404 404 404
POST /actions/*/done|/actions/$action/done|note=Read it|403 ok 404 404 404 404 404 404 404
POST /actions/*/confirm|/actions/$action/confirm|done=yes|403 404 ok 404 404 404 404 404 404
POST /actions/*/done|/actions/$N/done|note=Read it|403 404 404 404 404 404 404 404 404
POST /actions/*/confirm|/actions/$N/confirm|done=yes|403 404 404 404 404 404 404 404 404
POST /records/*/follow-up|/records/$record/follow-up|action=$action;status=done;note=Done|403 404 ok 404 404 404 404 404 404
POST /records/*/confidential|/records/$record/confidential|topic=wellbeing;on=1|403 ok 404 404 404 404 404 404 404
POST /records/*/send|/records/$record/send||403 404 ok 404 404 404 404 404 404
POST /records/*/sign|/records/$record/sign||403 ok 404 404 404 404 404 404 404
POST /records/*/disagree|/records/$record/disagree|disagreement=No|403 ok 404 404 404 404 404 404 404
POST /records/*/amend|/records/$record/amend|reason=Typo|403 404 ok 404 404 404 404 404 404
POST /records/*/escalate|/records/$record/escalate|text=Help|403 ok ok 404 404 404 404 404 404
POST /records/*/save|/records/$N/save|workload=Heavy|403 404 404 404 404 404 404 404 404
POST /escalations/*/respond|/escalations/$escalation/respond|response=Seen|403 404 $(respond manager) $(respond senior) 404 404 404 404 404
POST /escalations/*/respond|/escalations/$N/respond|response=Seen|403 404 404 404 404 404 404 404 404
POST /escalations/*/escalate|/escalations/$escalation/escalate|text=Still|403 ok 404 404 404 404 404 404 404
POST /escalations|/escalations|text=No supervision for months|403 ok ok ok 404 404 ok ok ok
POST /records/*/feedback|/records/$erecord/feedback|q1=4;q2=4;q3=4;q4=4|403 ok 404 404 404 404 404 404 404
POST /records/*/feedback|/records/$N/feedback|q1=4;q2=4;q3=4;q4=4|403 404 404 404 404 404 404 404 404
POST /workload|/workload|text=Too much|403 ok ok ok 404 404 ok ok ok
POST /workload/*/respond|/workload/$wconcern/respond|response=Fewer cases|403 404 ok 404 404 404 404 404 404
POST /workload/*/respond|/workload/$N/respond|response=Fewer cases|403 404 404 404 404 404 404 404 404
POST /cases/*/concerns|/cases/$case_id/concerns|concern-kind=incident;concern-date=$today;concern-text=Fall|403 ok ok 404 404 404 404 404 404
POST /cases/*/concerns|/cases/$ocase/concerns|concern-kind=incident;concern-date=$today;concern-text=Fall|403 404 404 404 404 404 ok 404 404
POST /cases/*/concerns|/cases/NOSUCH/concerns|concern-kind=incident;concern-date=$today;concern-text=Fall|403 404 404 404 404 404 404 404 404
POST /concerns/*/resolve|/concerns/$concern/resolve|concern-date=$today;resolution=Settled|403 ok ok 404 404 404 404 404 404
POST /concerns/*/resolve|/concerns/$N/resolve|concern-date=$today;resolution=Settled|403 404 404 404 404 404 404 404 404
POST /inbox/read|/inbox/read||403 ok ok ok ok ok ok ok ok
POST /audits/*/save|/audits/$saudit/save|complete=no;grade-reflective=good|403 404 404 ok 404 404 404 404 404
POST /audits/*/save|/audits/$N/save|complete=no|403 404 404 404 404 404 404 404 404
POST /audits/*/actions|/audits/$saudit/actions|text=Do it;due=$later|403 404 404 ok 404 404 404 404 404
POST /audits/*/actions|/audits/$N/actions|text=Do it;due=$later|403 404 404 404 404 404 404 404 404
POST /audit-actions/*/close|/audit-actions/$xaction/close||403 404 404 ok 404 404 404 404 404
POST /audit-actions/*/done|/audit-actions/$xaction/done|note=Done|403 $(isup worker) $(isup manager) 404 404 404 $(isup outsider) $(isup audstaff) $(isup seniorx)
POST /audit-actions/*/done|/audit-actions/$N/done|note=Done|403 404 404 404 404 404 404 404 404
POST /audit-actions/*/close|/audit-actions/$N/close||403 404 404 404 404 404 404 404 404
POST /services/*/audits|/services/$(enc "$service")/audits|quarter=$quarter|403 404 404 ok ok 404 404 ok 404
POST /services/*/audits|/services/$(enc "$other_service")/audits|quarter=$quarter|403 404 404 404 ok 404 404 ok ok
POST /services/*/audits|/services/NOSUCH/audits|quarter=$quarter|403 404 404 404 404 404 404 404 404
POST /discussions|/discussions|case=$case_id;date=$today;decision=Close the case|403 ok ok 400 404 404 400 400 400
POST /discussions|/discussions|case=$ocase;date=$today;decision=Close the case|403 400 400 400 404 404 ok 400 400
POST /discussions|/discussions|case=NOSUCH;date=$today;decision=Close the case|403 400 400 400 404 404 400 400 400
POST /group-sessions|/group-sessions|date=$today;attendees=$worker $worker2;cases=$case_id: Close the case|403 400 ok ok 404 404 400 400 400
POST /group-sessions|/group-sessions|date=$today;attendees=$outsider $worker;cases=$ocase: Close the case|403 400 400 400 404 404 400 400 400
POST /group-sessions|/group-sessions|date=$today;attendees=$outsider $audstaff;cases=$ocase: Close the case|403 400 400 400 404 404 400 400 400
POST /account/calendar|/account/calendar||403 ok ok ok 404 404 ok ok ok
POST /account/notices|/account/notices|upto=$N|403 ok ok ok ok ok ok ok ok
POST /account/reminders|/account/reminders|delivery=digest;signature=yes|403 ok ok ok 404 404 ok ok ok
POST /account/password|/account/password|current=wrong;new=another long password;confirm=another long password|403 ok ok ok ok ok ok ok ok
POST /account/two-factor|/account/two-factor|turn=on;code=000000|403 ok ok ok ok ok ok ok ok
POST /admin/imports|/admin/imports|kind=staff|403 403 403 403 403 ok 403 403 403
POST /admin/users|/admin/users|username=;staff=|403 403 403 403 403 ok 403 403 403
POST /admin/users/*|/admin/users/worker|action=nothing|403 403 403 403 403 ok 403 403 403
POST /admin/teams/*|/admin/teams/$(enc "$team")|manager=|403 403 403 403 403 ok 403 403 403
POST /admin/policy|/admin/policy|policy=|403 403 403 403 403 ok 403 403 403
POST /admin/policy/apply|/admin/policy/apply|policy=x;in_force=x;checked=x|403 403 403 403 403 ok 403 403 403
POST /sign-out|/sign-out||403 ok ok ok ok ok ok ok ok
MATRIX
)

# Every state-changing route has at least one row.
while read -r method path who csrf; do
    [ "$csrf" = csrf ] || continue
    if grep -qF "$method $path|" <<<"$matrix"; then
        pass "route $method $path ($who) is in the write matrix"
    else
        fail "route $method $path ($who) is not in the write matrix"
    fi
done < <(ov serve --routes)

# Every row and table of the database but the sessions and the read trail
# (a refused form shows its page again, which is a read, recorded as one),
# and the count of committed changes: any write moves it.
if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
    tables=$(sql "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
else
    tables=$(sql "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
fi
fingerprint_sql="SELECT (SELECT n FROM data_generation)"
for t in $tables; do
    case $t in web_sessions | sign_in_failures | schema_migrations | data_generation | read_trail) continue ;; esac
    fingerprint_sql+=" || ',' || (SELECT count(*) FROM $t)"
done
fingerprint() { sql "$fingerprint_sql"; }

# post_as USER PATH FIELDS: a post with USER's session and form token (or
# none for anonymous), the fields split on ';'.
post_as() {
    local user=$1 path=$2 fields=$3 args=() f
    if [ "$user" != anonymous ]; then
        eval "args=(-b \"\$T/jar.$user\" --data-urlencode \"csrf=\$csrf_$user\")"
    fi
    IFS=';' read -ra fs <<<"$fields"
    for f in "${fs[@]}"; do args+=(--data-urlencode "$f"); done
    [ ${#fs[@]} -gt 0 ] || args+=(--data "x=1")
    req "${args[@]}" "$B$path"
}

before=$(fingerprint)
while IFS='|' read -r route path fields expected; do
    set -- $expected
    for who in anonymous $users; do
        want=$1
        shift
        post_as "$who" "$path" "$fields"
        after=$(fingerprint)
        case $want in
        ok)
            case $code in
            2?? | 3?? | 400 | 409) pass "$who: $route $path is allowed ($code)" ;;
            *) fail "$who: $route $path gave $code, want it allowed" "$(grep -o '<h1[^<]*>[^<]*' "$T/b" | head -n 1)" ;;
            esac
            ;;
        *)
            [ "$code" = "$want" ] && pass "$who: $route $path is $want" ||
                fail "$who: $route $path gave $code, want $want" "$(grep -o '<h1[^<]*>[^<]*' "$T/b" | head -n 1)"
            [ "$before" = "$after" ] && pass "$who: $route $path wrote nothing" ||
                fail "$who: $route $path wrote something when refused" "$before -> $after"
            ;;
        esac
        before=$after
    done
done <<<"$(grep -v '^POST /sign-out' <<<"$matrix"; grep '^POST /sign-out' <<<"$matrix")"

# The attack: an auditor with a staff record (audstaff), and a senior
# manager outside the line (seniorx, of the outsider's service), put no
# decision on a case of a worker they could only read.
decisions=$(sql "SELECT count(*) FROM case_notes n JOIN cases c ON c.ref = n.case_ref
                 WHERE c.id = '$ocase' AND n.decision = 'Close the case'")
[ "$decisions" = 1 ] && pass "only the outsider's own discussion put a decision on their case" ||
    fail "decisions on the outsider's case: $decisions, want 1 (their own informal discussion)"

# Refusals are logged: who, what and the route.
grep -q "refused: user \"audstaff\" (account [0-9]*): .*(POST /bookings/$booking/move)" "$T/serve.err" &&
    pass "a refused change is logged with the user and the route" ||
    fail "a refused change is logged" "$(grep refused "$T/serve.err" | tail -n 2)"
grep -q "refused: user \"outsider\" (account [0-9]*): .*(POST /records/$N/save)" "$T/serve.err" &&
    pass "a change to something that is not there is logged too" || fail "a not-found change is logged"

# Not yours is not there: the same status and page for a real thing of
# someone else's as for one that does not exist.
sign_in_each outsider
csrf_outsider=$(csrf_of "$T/jar.outsider")
same() { # PATH_REAL PATH_NONE FIELDS
    post_as outsider "$1" "$3"
    local c1=$code b1
    b1=$(cat "$T/b")
    post_as outsider "$2" "$3"
    [ "$c1" = "$code" ] && [ "$b1" = "$(cat "$T/b")" ] && pass "$1 answers as $2 ($code)" ||
        fail "$1 ($c1) answers unlike $2 ($code)"
}
same "/bookings/$booking/move" "/bookings/$N/move" "date=$later;start-time=11:00;place=Room;reason=x"
same "/agenda/$item/confidential" "/agenda/$N/confidential" "on=1"
same "/people/$worker/agreement" "/people/NOBODY/agreement" "every=3w;minutes=90"
same "/agreements/$agreement/agree" "/agreements/$N/agree" ""
same "/records/$record/sign" "/records/$N/sign" ""
same "/escalations/$escalation/respond" "/escalations/$N/respond" "response=x"
same "/records/$erecord/feedback" "/records/$N/feedback" "q1=4;q2=4;q3=4;q4=4"
same "/workload/$wconcern/respond" "/workload/$N/respond" "response=x"
same "/cases/$case_id/concerns" "/cases/NOSUCH/concerns" "concern-kind=incident;concern-date=$today;concern-text=x"
same "/concerns/$concern/resolve" "/concerns/$N/resolve" "concern-date=$today;resolution=x"
post_as outsider /bookings "supervisee=$worker_ref;date=$later;start-time=10:00;place=Room"
c1=$code
post_as outsider /bookings "supervisee=$N;date=$later;start-time=10:00;place=Room"
[ "$c1" = "$code" ] && pass "booking for someone else's staff record answers as for none ($code)" ||
    fail "booking for someone else answers $c1, for nobody $code"

done_testing
