#!/usr/bin/env bash
# The team pages keep their due lists between requests (page_cache.h), and
# never show one older than the data: a session imported by another process
# (the command line, while the server runs) shows on the next request.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server
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
    sql "UPDATE data_generation SET n = n + 1" >/dev/null
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

# A write that fails changes nothing, the generation included.
gen=$(sql "SELECT n FROM data_generation")
printf 'id,date,supervisor,supervisee\nPC-2,not-a-date,%s,%s\n' "$manager" "$late" >"$T/bad.csv"
run ov import sessions "$T/bad.csv"
check "a bad import is refused" 1 "bad.csv:2"
[ "$(sql "SELECT n FROM data_generation")" = "$gen" ] && pass "a refused import leaves the generation as it was" || fail "a refused import leaves the generation as it was"
done_testing
