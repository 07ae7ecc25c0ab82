#!/usr/bin/env bash
# The team pages keep their due lists between requests (page_cache.h), and
# never show one older than the data: a session imported by another process
# (the command line, while the server runs) shows on the next request. A
# write about one team's people leaves the other teams' kept lists (and
# their part of the organisation's figures) standing, on every server of
# the database; an import empties everything.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

fresh_db
ov init >/dev/null
ov demo --staff 60 --cases 900 --accounts >"$T/demo.out" 2>&1 || bail_out "demo failed: $(cat "$T/demo.out")"
serve one --cost-header
[ -n "$port" ] || bail_out "the server did not start: $(cat "$T/one.err")"
B=http://127.0.0.1:$port
B1=$B
sign_in manager "$T/jar"
manager=$(staff_of manager)
team=$(sql "SELECT t.name FROM teams t JOIN staff m ON m.ref = t.manager_ref WHERE m.id = '$manager' ORDER BY t.name LIMIT 1")
today=$(date +%F)
# Someone of the manager's whose supervision is overdue today.
late=$(ov due --supervisor "$manager" --status overdue --format csv | awk -F, '$1 == "staff" { print $2; exit }')
if [ -z "$late" ]; then
    # None overdue in the demo's draw: make one, before the first request.
    late=$(sql "SELECT id FROM staff WHERE supervisor_ref = (SELECT ref FROM staff WHERE id = '$manager') AND left_date IS NULL ORDER BY id LIMIT 1")
    sql "UPDATE attendees SET held_individual = 0 WHERE staff_ref = (SELECT ref FROM staff WHERE id = '$late')" >/dev/null
    sql "UPDATE staff SET start_date = '2020-01-01' WHERE id = '$late'" >/dev/null
    sql "UPDATE data_generation SET n = n + 1, whole = 0" >/dev/null
fi
[ -n "$late" ] || bail_out "no supervisee of $manager"

# tag_of PERSON: the status tag on the last page's row for PERSON.
tag_of() { grep -o "people/$1\">[^<]*</a></td><td class=\"govuk-table__cell\"><strong class=\"govuk-tag[^>]*>[^<]*" "$T/b" | head -n 1 | sed 's/.*>//'; }

for page in /team "/teams/$(enc "$team")"; do
    req -b "$T/jar" "$B$page"
    [ "$code" = 200 ] && [ "$(tag_of "$late")" = Overdue ] && pass "$page: $late is overdue" || fail "$page: $late is overdue (got $code, '$(tag_of "$late")')"
    req -b "$T/jar" "$B$page"
    [ "$code" = 200 ] && [ "$(tag_of "$late")" = Overdue ] && pass "$page again (from the cache): the same" || fail "$page again: the same"
done

# A session held today, imported by the command line while the server runs.
printf 'id,date,supervisor,supervisee\nPC-1,%s,%s,%s\n' "$today" "$manager" "$late" >"$T/s.csv"
run ov import sessions "$T/s.csv"
check "the session imports" 0 ""
for page in /team "/teams/$(enc "$team")"; do
    req -b "$T/jar" "$B$page"
    [ "$code" = 200 ] && [ "$(tag_of "$late")" = "Within policy" ] &&
        pass "$page after the import: $late is within policy" ||
        fail "$page after the import: $late is within policy (got '$(tag_of "$late")')"
done

# statements: how many statements the last answer ran (--cost-header).
statements() { sed -n 's/^X-Oversight-Cost: *statements=\([0-9]*\).*/\1/Ip' "$T/h" | tr -d '\r'; }

# Another team, with a manager of its own who supervises a worker with an
# open case; that manager's account.
other=$(sql "SELECT m.id FROM teams t JOIN staff m ON m.ref = t.manager_ref WHERE t.name <> '$team'
    AND m.id <> '$manager' AND EXISTS (SELECT 1 FROM staff w JOIN cases c ON c.worker_ref = w.ref
    WHERE w.supervisor_ref = m.ref AND w.team_ref = t.ref AND c.closed_date IS NULL) ORDER BY t.name LIMIT 1")
[ -n "$other" ] || bail_out "no other team with a manager"
other_case=$(sql "SELECT c.id FROM staff w JOIN cases c ON c.worker_ref = w.ref JOIN staff m ON m.ref = w.supervisor_ref
    WHERE m.id = '$other' AND w.team_ref = m.team_ref AND c.closed_date IS NULL ORDER BY c.id LIMIT 1")
ov user add othermgr --staff "$other" --password-stdin <<<"$PASSWORD" >/dev/null || bail_out "cannot add othermgr"
sign_in_each manager othermgr auditor senior
service=$(sql "SELECT v.name FROM teams t JOIN services v ON v.ref = t.service_ref WHERE t.name = '$team'")
# service_figures FILE: the service page's figures (totals and each team's row).
service_figures() { grep -o '<h1 class="govuk-heading-l">.*</table>' "$T/b" >"$1"; }

# Kept: each team's list, and the organisation's figures.
get manager /team
get manager /team
kept=$(statements)
get othermgr /team
get auditor /
get auditor /
kept_audit=$(statements)
get senior "/services/$(enc "$service")"
computed_service=$(statements)
get senior "/services/$(enc "$service")"
kept_service=$(statements)
[ "$kept_service" -lt "$computed_service" ] &&
    pass "a service's figures are kept ($kept_service statements, computed: $computed_service)" ||
    fail "a service's figures are kept" "$kept_service statements, computed: $computed_service"
[ -n "$kept" ] && [ "$kept" -lt 10 ] && pass "a kept team list runs few statements ($kept)" || fail "a kept team list runs few statements (got '$kept')"

# A second server on the same database, its own cache filled too.
serve two --cost-header
[ -n "$port" ] || bail_out "the second server did not start: $(cat "$T/two.err")"
B2=http://127.0.0.1:$port
for B in "$B2" "$B2"; do get manager /team; get othermgr /team; get auditor /; done

# The other manager records a discussion of a case of their team's, four
# days late, through the first server.
four_days_ago=$(date -d '-4 days' +%F)
B=$B1
post othermgr /discussions case="$other_case" date="$four_days_ago" decision="Keep the plan" rationale="Seen"
[ "$code" = 303 ] && pass "a discussion in another team is recorded" || fail "a discussion in another team is recorded ($code)"
for B in "$B1" "$B2"; do
    at="the server written through" i=1
    [ "$B" = "$B1" ] || at="the other server" i=2
    get manager /team
    [ "$code" = 200 ] && [ "$(statements)" = "$kept" ] &&
        pass "$at: the manager's team list is still the kept one ($kept statements)" ||
        fail "$at: the manager's team list is still the kept one" "$(statements) statements, want $kept"
    get othermgr /team
    [ "$code" = 200 ] && grep -q "cases/$other_case\">Late entry</a>" "$T/b" && grep -q "entered 4 days late" "$T/b" &&
        pass "$at: the other team's list shows the discussion at once" ||
        fail "$at: the other team's list shows the discussion at once"
    get auditor /
    grep -o '<h2 class="govuk-heading-m">The organisation[^ ]*s figures today</h2>.*escalations\?: [^<]*<[^<]*</strong>[^<]*</p>' "$T/b" >"$T/figures.$i"
    s=$(statements)
    [ "$code" = 200 ] && [ "$s" -gt "$kept_audit" ] && pass "$at: the organisation's figures count the other team again" ||
        fail "$at: the organisation's figures count the other team again" "$s statements"
    get auditor /
    [ "$(statements)" = "$kept_audit" ] && pass "$at: and keep them" || fail "$at: and keep them" "$(statements) statements"
    get senior "/services/$(enc "$service")"
    get senior "/services/$(enc "$service")"
    [ "$code" = 200 ] && [ "$(statements)" = "$kept_service" ] && pass "$at: the service's figures are kept again" ||
        fail "$at: the service's figures are kept again" "$code, $(statements) statements, want $kept_service"
    service_figures "$T/service.$i"
done
cmp -s "$T/figures.1" "$T/figures.2" && [ -s "$T/figures.1" ] &&
    pass "both servers show the same figures" || fail "both servers show the same figures"
# The figures added up from the teams' parts are what one list of the
# whole organisation gives: a third server, its cache empty.
serve three --cost-header
[ -n "$port" ] || bail_out "the third server did not start: $(cat "$T/three.err")"
B=http://127.0.0.1:$port
get auditor /
grep -o '<h2 class="govuk-heading-m">The organisation[^ ]*s figures today</h2>.*escalations\?: [^<]*<[^<]*</strong>[^<]*</p>' "$T/b" >"$T/figures.fresh"
cmp -s "$T/figures.fresh" "$T/figures.1" &&
    pass "the kept figures, added up by team, are the whole organisation's" ||
    fail "the kept figures, added up by team, are the whole organisation's" "$(diff "$T/figures.fresh" "$T/figures.1")"

get senior "/services/$(enc "$service")"
service_figures "$T/service.fresh"
cmp -s "$T/service.fresh" "$T/service.1" && [ -s "$T/service.1" ] &&
    pass "the service's kept figures, by team and in all, are its whole list's" ||
    fail "the service's kept figures, by team and in all, are its whole list's" "$(diff "$T/service.fresh" "$T/service.1")"

# An import empties everything, on every server.
B=$B2
printf 'id,date,supervisor,supervisee\nPC-3,%s,%s,%s\n' "$today" "$manager" "$late" >"$T/s3.csv"
run ov import sessions "$T/s3.csv"
check "another session imports" 0 ""
get manager /team
[ "$(statements)" -gt "$kept" ] && pass "after an import the team list is computed again" || fail "after an import the team list is computed again"
get othermgr /team
[ "$(statements)" -gt "$kept" ] && pass "and the other team's too" || fail "and the other team's too"

# A write that fails changes nothing, the generation included.
gen=$(sql "SELECT n FROM data_generation")
printf 'id,date,supervisor,supervisee\nPC-2,not-a-date,%s,%s\n' "$manager" "$late" >"$T/bad.csv"
run ov import sessions "$T/bad.csv"
check "a bad import is refused" 1 "bad.csv:2"
[ "$(sql "SELECT n FROM data_generation")" = "$gen" ] && pass "a refused import leaves the generation as it was" || fail "a refused import leaves the generation as it was"
done_testing
