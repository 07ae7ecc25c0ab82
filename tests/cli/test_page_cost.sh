#!/usr/bin/env bash
# Every page costs what its viewer can see, not what the organisation holds:
# the same pages, for the same kinds of viewer, on a small demo council and
# on one ten times larger, must cost the same work in the database
# (oversight serve --cost-header: statements run, rows stepped, and on
# SQLite the steps of its virtual machine, which show a statement reading
# the whole organisation to return a few rows; PostgreSQL does not count
# those per statement, so there only statements and rows are compared),
# allowing only for a viewer's own share being a little larger in the
# larger council.
#
# The viewers are the demo's accounts (worker, manager, senior, auditor,
# admin) in each council. Their shares are not exactly equal (the demo is
# random), so each viewer's share is counted, as open cases in view: the
# worker's own, their team's for the manager, the service's for the senior
# manager, the whole organisation's for the auditor and the admin (who may
# see everything, so their pages may cost in proportion to it). The larger
# council's cost may be at most
#     small cost x max(1, large share / small share) x 1.2 + 5
# The admin's pages of accounts, of one account and of one team are held
# to the small council's cost (a share of 1): they show a page of accounts
# and the people found, never the whole staff. The list of teams is held to
# a page of teams (the share: the teams on its first page), and finding a
# team to the number of teams (it reads their names).
# A page about the worker (their person page, a booking, record or action of
# theirs) shows the worker's own cases to whoever opens it, so there the
# share is the larger of the viewer's and the worker's.
# The 1.2 is for what a page shows beside open cases (people, sessions,
# records), whose number varies by about a fifth for the same share in the
# random demo; the 5 for a few fixed lookups. A page whose cost follows the
# organisation is about ten times dearer on the larger council and fails.
#
# PostgreSQL has no count of rows read per statement, and its other
# measures follow the planner rather than the page: blocks read depend on
# where rows happen to lie, and plans on these small councils rightly scan
# small tables that an index would serve at national scale. The statements
# are the same on both backends, so SQLite's steps stand for both.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

SMALL_STAFF=60
LARGE_STAFF=600
CASES_PER_STAFF=15
viewers="worker manager senior auditor admin"

# open_cases WHERE: open cases joined to their worker (w), team (t) and
# service (v), counted under the condition WHERE.
open_cases() {
    sql "SELECT count(*) FROM cases c JOIN staff w ON w.ref = c.worker_ref JOIN teams t ON t.ref = w.team_ref
         JOIN services v ON v.ref = t.service_ref WHERE c.closed_date IS NULL AND $1"
}

# measure SIZE STAFF: a demo council of STAFF people served with
# --cost-header; each viewer's share in $T/share.SIZE and, for every page,
# a line "VIEWER PATH STATUS STATEMENTS ROWS" in $T/cost.SIZE.
measure() {
    local size=$1 staff=$2 u p
    fresh_db
    ov init >/dev/null
    ov demo --staff "$staff" --cases $((staff * CASES_PER_STAFF)) --accounts >"$T/demo.out" 2>&1 ||
        bail_out "demo failed: $(cat "$T/demo.out")"
    demo_worker
    local manager senior_service
    manager=$(staff_of manager)
    senior_service=$(sql "SELECT r.scope FROM user_roles r JOIN users u ON u.ref = r.user_ref
                          WHERE u.username = 'senior' AND r.role = 'senior-manager'")
    [ -n "$worker" ] && [ -n "$manager" ] && [ -n "$senior_service" ] && [ -n "$case_id" ] ||
        bail_out "the $size demo lacks a worker, manager, senior manager or case ($worker|$manager|$senior_service|$case_id)"
    {
        echo "worker $(open_cases "w.id = '$worker'")"
        echo "manager $(open_cases "t.name = '$team'")"
        echo "senior $(open_cases "v.name = '$senior_service'")"
        echo "auditor $(open_cases "1 = 1")"
        echo "admin $(open_cases "1 = 1")"
        echo "teams $(sql "SELECT count(*) FROM teams")" # not a viewer: the admin's list of teams
    } >"$T/share.$size"

    serve "serve.$size" --cost-header
    [ -n "$port" ] || bail_out "the server did not start: $(cat "$T/serve.$size.err")"
    B=http://127.0.0.1:$port
    sign_in_each $viewers

    # A booking, a record, an action and an escalation of the worker's, as
    # people make them, for the pages that show one.
    post manager "/people/$worker/agreement" every=3w minutes=90 place="Room 2" record-keeping=Copies content=All \
        confidentiality=Private disagreements=Escalate
    post manager /bookings supervisee="$worker_ref" date="$(date +%F)" start-time=09:00 place="Room 2"
    local booking record action escalation
    booking=$(echo "$location" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$')
    post manager "/bookings/$booking/record"
    record=$(echo "$location" | grep -o '[0-9]*$')
    post manager "/records/$record/actions" action="Read the plan" owner="$worker" due="$(date -d '+9 days' +%F)"
    action=$(sql "SELECT ref FROM actions WHERE record_ref = $record")
    post manager "/records/$record/send"
    post worker "/records/$record/disagree" disagreement="Not what was said"
    post worker "/records/$record/escalate" text="Please look"
    escalation=$(echo "$location" | grep -o '[0-9]*$')
    [ -n "$booking" ] && [ -n "$record" ] && [ -n "$action" ] && [ -n "$escalation" ] ||
        bail_out "could not make a booking, record, action and escalation ($booking|$record|$action|$escalation)"

    # Every GET route a signed-in viewer may open, at the worker's own
    # person, case, team and service (the ones every viewer here may see).
    local t s
    t=$(enc "$team")
    s=$(enc "$service")
    local pages=(/ /team /records /services "/services/*|/services/$s" "/teams/*|/teams/$t"
        "/people/*|/people/$worker" "/cases/*|/cases/$case_id" "/search?q=*|/search?q=$worker" /supervision
        "/bookings/*|/bookings/$booking" "/people/*/agreement|/people/$worker/agreement"
        "/records/*|/records/$record" "/actions/*|/actions/$action" /escalations
        "/escalations/*|/escalations/$escalation" /inbox /discussions/new /group-sessions/new
        "/bookings/*/calendar.ics|/bookings/$booking/calendar.ics" /account /account/two-factor
        /admin /admin/imports /admin/users "/admin/users?q=*|/admin/users?q=$worker"
        "/admin/users?account=*|/admin/users?account=$worker" /admin/users/worker
        "/admin/users/*?q=*|/admin/users/worker?q=$worker" /admin/teams "/admin/teams?q=*|/admin/teams?q=$t" "/admin/teams/*|/admin/teams/$t"
        "/admin/teams/*?q=*|/admin/teams/$t?q=$worker"
        /admin/policy /api/v1/me /api/v1/me/due /api/v1/team/due "/api/v1/teams/*|/api/v1/teams/$t"
        /api/v1/services "/api/v1/services/*|/api/v1/services/$s" "/api/v1/people/*|/api/v1/people/$worker"
        "/api/v1/cases/*|/api/v1/cases/$case_id" "/api/v1/cases/*/decisions|/api/v1/cases/$case_id/decisions"
        "/api/v1/records/*|/api/v1/records/$record" "/api/v1/search?q=*|/api/v1/search?q=$worker")
    : >"$T/cost.$size"
    local label cost
    for u in $viewers; do
        for p in "${pages[@]}"; do
            label=${p%%|*}
            get "$u" "${p#*|}"
            cost=$(sed -n 's/^X-Oversight-Cost: *statements=\([0-9]*\) rows=\([0-9]*\)\( steps=\([0-9]*\)\)\{0,1\}.*/\1 \2 \4/Ip' "$T/h" | tr -d '\r')
            read -r a b c <<<"$cost"
            echo "$u $label $code ${a:--} ${b:--} ${c:--}" >>"$T/cost.$size"
        done
    done
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null
}

measure small "$SMALL_STAFF"
measure large "$LARGE_STAFF"

# The header is there only when asked for.
serve plain
B=http://127.0.0.1:$port
req "$B/sign-in"
if grep -qi '^X-Oversight-Cost' "$T/h"; then fail "without --cost-header no answer carries X-Oversight-Cost"; else
    pass "without --cost-header no answer carries X-Oversight-Cost"
fi

# What every signed-in request costs before its page: the session (with
# the version of the policy in force, so that a server learns another
# applied one without a statement of its own), the viewer's roles and whom
# they manage; a page not found adds only the frame's notices banner and
# the navigation's count of unread inbox messages (one indexed count).
kill "$server_pid"
wait "$server_pid" 2>/dev/null
serve lookups --cost-header
B=http://127.0.0.1:$port
sign_in_each worker
get worker /no-such-page
cost=$(sed -n 's/^X-Oversight-Cost: *statements=\([0-9]*\).*/\1/Ip' "$T/h" | tr -d '\r')
what="a signed-in request for a page not found runs 5 statements (the session with the policy's version, roles,"
what="$what whom they manage, notices, unread messages)"
if [ "$code $cost" = "404 5" ]; then pass "$what"; else fail "$what" "got $code, $cost statements"; fi

echo "# viewer share (open cases in view), small -> large:"
paste -d' ' "$T/share.small" "$T/share.large" | awk '{ printf "#   %-8s %6d -> %6d\n", $1, $2, $4 }'
echo "# per page, small -> large: statements, rows stepped, SQLite steps (- on PostgreSQL)"
while read -r u p code s_st s_rows s_steps _ _ lcode l_st l_rows l_steps; do
    sh_small=$(awk -v u="$u" '$1 == u { print $2 }' "$T/share.small")
    sh_large=$(awk -v u="$u" '$1 == u { print $2 }' "$T/share.large")
    case $u:$p in
    admin:/admin/users* | admin:/admin/teams/*)
        # The admin's accounts, an account and a team: a page of what was
        # asked for, whatever the size of the organisation.
        sh_small=1 sh_large=1
        ;;
    admin:/admin/teams)
        # A page of teams: as many as a page holds (25, and one to know
        # another follows), the small council having fewer.
        sh_small=$(awk '$1 == "teams" { print ($2 < 26 ? $2 : 26) }' "$T/share.small")
        sh_large=$(awk '$1 == "teams" { print ($2 < 26 ? $2 : 26) }' "$T/share.large")
        ;;
    admin:/admin/teams\?q=*)
        # Finding a team reads every team's name (there is no index of them
        # folded to lower case): it costs the number of teams.
        sh_small=$(awk '$1 == "teams" { print $2 }' "$T/share.small")
        sh_large=$(awk '$1 == "teams" { print $2 }' "$T/share.large")
        ;;
    *:/people/* | *:/bookings/* | *:/records/* | *:/actions/* | *:/api/v1/people/* | *:/api/v1/records/*)
        w_small=$(awk '$1 == "worker" { print $2 }' "$T/share.small")
        w_large=$(awk '$1 == "worker" { print $2 }' "$T/share.large")
        # the worker's growth, applied to the viewer's small share
        if [ $((w_large * sh_small)) -gt $((w_small * sh_large)) ]; then
            sh_large=$((sh_small * w_large / w_small))
        fi
        ;;
    esac
    what="$u GET $p ($code): statements $s_st -> $l_st, rows $s_rows -> $l_rows, steps $s_steps -> $l_steps (share $sh_small -> $sh_large)"
    if [ "$s_st" = - ] || [ "$l_st" = - ] || [ "$code" != "$lcode" ]; then
        fail "$what: not measured alike in both (no cost header, or different answers)"
        continue
    fi
    verdict=$(awk -v sa="$sh_small" -v sb="$sh_large" -v list="statements $s_st $l_st rows $s_rows $l_rows steps $s_steps $l_steps" 'BEGIN {
        f = (sa > 0 && sb > sa) ? sb / sa : 1
        n = split(list, w, " ")
        for (i = 1; i < n; i += 3) {
            if (w[i + 1] == "-") continue
            most = int(w[i + 1] * f * 1.2) + 5
            if (w[i + 2] + 0 > most) printf " %s %.1fx (at most %d)", w[i], w[i + 1] ? w[i + 2] / w[i + 1] : w[i + 2], most
        } }')
    if [ -z "$verdict" ]; then pass "$what"; else fail "$what: grows with the organisation:$verdict"; fi
done < <(paste -d' ' "$T/cost.small" "$T/cost.large")

done_testing
