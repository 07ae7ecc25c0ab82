#!/usr/bin/env bash
# Development recorded in supervision (svc/development.h): a worker's page
# gathers the development area of their records sent in a period (the
# twelve months to today by default) and gives it as a PDF for renewing
# registration; a confidential item's text is shown to the two people in
# it only; the team's page shows each person's latest needs and training;
# access as the person's page (a worker sees only their own), every read on
# the read trail, and a bad period is refused naming the field.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server
demo_worker
sign_in_each worker manager auditor
today=$(date +%F)
year_ago=$(date -d "$today -12 months +1 day" +%F)
sent="EXISTS (SELECT 1 FROM record_versions v WHERE v.record_ref = r.ref AND v.state <> 'draft')"
latest="(SELECT max(v.version) FROM record_versions v WHERE v.record_ref = r.ref AND v.state <> 'draft')"
# The worker's records sent within the year, and the latest of them (the
# team's page shows its needs and training).
nrecords=$(sql "SELECT count(*) FROM records r WHERE r.supervisee_ref = $worker_ref AND r.date >= '$year_ago' AND r.date <= '$today' AND $sent")
record=$(sql "SELECT r.ref FROM records r WHERE r.supervisee_ref = $worker_ref AND $sent ORDER BY r.date DESC, r.ref DESC LIMIT 1")
[ -n "$record" ] && [ "$nrecords" -gt 1 ] ||
    bail_out "the demo's worker has no records sent this year ($record, $nrecords)"
version=$(sql "SELECT $latest FROM records r WHERE r.ref = $record")
supervisor=$(sql "SELECT s.id FROM records r JOIN staff s ON s.ref = r.supervisor_ref WHERE r.ref = $record")
# Texts written for this test, with what HTML must escape and names in
# other scripts, put on the worker's latest version sent.
needs='Wants to learn <motivational> interviewing & family group conferencing (Łódź, Dŵr, نور, 李)'
training='Completed the course on "court skills" in March'
q() { printf "'%s'" "${1//\'/\'\'}"; }
for item in "needs:$needs" "training:$training"; do
    sql "INSERT INTO record_items (record_ref, version, topic, text) VALUES ($record, $version, '${item%%:*}', $(q "${item#*:}"))
         ON CONFLICT (record_ref, version, topic) DO UPDATE SET text = excluded.text"
done
name=$(sql "SELECT name FROM staff WHERE id = '$worker'")
# shows TEXT: the last page has TEXT, once HTML's escapes are undone.
shows() { python3 -c 'import html,sys; sys.exit(sys.argv[1] not in html.unescape(open(sys.argv[2]).read()))' "$1" "$T/b"; }

get worker "/people/$worker/development"
[ "$code" = 200 ] && shows "$needs" && shows "$training" &&
    pass "the worker's development page shows what their record says under needs and training" ||
    fail "the worker's page: $code"
grep -qF '&lt;motivational&gt; interviewing &amp; family' "$T/b" && ! grep -qF '<motivational>' "$T/b" &&
    pass "what was typed is escaped, never read as HTML" || fail "not escaped"
shown=$(grep -o 'href="/records/[0-9]*?version=[0-9]*"' "$T/b" | sort -u | wc -l)
nwith=$(sql "SELECT count(*) FROM records r WHERE r.supervisee_ref = $worker_ref AND r.date >= '$year_ago' AND r.date <= '$today' AND $sent AND EXISTS (SELECT 1 FROM record_items i WHERE i.record_ref = r.ref AND i.version = $latest AND i.topic IN ('needs', 'training', 'first-year', 'registration') AND i.text <> '')")
[ "$shown" = "$nwith" ] && pass "every record of the year with something under development is there ($shown of $nrecords records)" ||
    fail "records shown: $shown, with development written: $nwith"
grep -q "href=\"/records/$record?version=$version\"" "$T/b" && pass "each links to the version it quotes" || fail "no link to record $record version $version"
grep -q 'The twelve months before' "$T/b" && ! grep -q 'The twelve months after' "$T/b" &&
    pass "the twelve months before can be opened; after today there is nothing" || fail "period links"

# The period: an earlier year shows none of this record's; bad dates named.
get worker "/people/$worker/development?from=2001-01-01&to=2001-12-31"
[ "$code" = 200 ] && grep -q "Nothing was recorded under development in this period" "$T/b" &&
    pass "a period with no records says so" || fail "an empty period: $code"
get worker "/people/$worker/development?from=2026-13-01"
[ "$code" = 400 ] && grep -q "start of the period (from)" "$T/b" && pass "a from that is not a date is refused, naming from" || fail "bad from: $code"
get worker "/people/$worker/development?to=yesterday"
[ "$code" = 400 ] && grep -q "end of the period (to)" "$T/b" && pass "a to that is not a date is refused, naming to" || fail "bad to: $code"
get worker "/people/$worker/development?from=2026-06-01&to=2026-01-01"
[ "$code" = 400 ] && grep -q "before its start" "$T/b" && pass "a period that ends before it starts is refused" || fail "reversed: $code"

# The PDF: the same texts, read back.
get worker "/people/$worker/development.pdf"
has_header "Content-Type: application/pdf" && has_header "Content-Disposition: attachment; filename=\"development-$worker-$today.pdf\"" &&
    pass "the PDF downloads as development-ID-DATE.pdf" || fail "PDF headers: $(head -c 300 "$T/h")"
pdftotext -layout "$T/b" "$T/dev.txt" 2>/dev/null
flat=$(tr -s ' \n' ' ' <"$T/dev.txt")
for want in "$name" "Łódź" "Dŵr" "نور" "李" "motivational" "court skills" "Development recorded in supervision"; do
    grep -qF "$want" <<<"$flat" || fail "the PDF lacks \"$want\""
done
pass "the PDF reads back with the worker's name and the texts in every script"

# A confidential item: the worker and the supervisor see it, nobody else.
sql "INSERT INTO record_confidential (record_ref, topic, since) VALUES ($record, 'needs', 1700000000)"
get auditor "/people/$worker/development"
[ "$code" = 200 ] && ! shows "$needs" && grep -q "Confidential between the supervisor and the supervisee" "$T/b" &&
    shows "$training" && pass "an auditor sees that there is a confidential item, not its text" ||
    fail "the auditor's view: $code"
get worker "/people/$worker/development"
shows "$needs" && pass "the worker still sees their confidential item" || fail "the worker lost their own item"
get auditor "/teams/$(enc "$team")/development"
[ "$code" = 200 ] && ! shows "$needs" && shows "$training" && grep -q "Confidential between" "$T/b" &&
    pass "the team's page shows an auditor the latest training, not the confidential needs" || fail "team page: $code"
get manager "/teams/$(enc "$team")/development"
[ "$code" = 200 ] && shows "$training" && pass "the team's manager sees it too" || fail "the manager's team page: $code"
grep -q "href=\"/people/$worker/development\"" "$T/b" && pass "the team's page links to each person's development" || fail "no link"

# Access: another worker's development and team are refused.
other=$(sql "SELECT s.id FROM staff s WHERE s.ref <> $worker_ref AND s.team_ref <> (SELECT team_ref FROM staff WHERE ref = $worker_ref) ORDER BY s.ref LIMIT 1")
other_team=$(sql "SELECT t.name FROM teams t WHERE t.ref <> (SELECT team_ref FROM staff WHERE ref = $worker_ref) ORDER BY t.ref LIMIT 1")
get worker "/people/$other/development"
[ "$code" = 403 ] && ! grep -q "Development recorded" "$T/b" && pass "a worker may not read another's development" || fail "another's: $code"
get worker "/people/$other/development.pdf"
[ "$code" = 403 ] && pass "nor their PDF" || fail "another's PDF: $code"
get worker "/teams/$(enc "$other_team")/development"
[ "$code" = 403 ] && pass "nor another team's" || fail "another team: $code"
get worker "/people/nobody-here/development"
[ "$code" = 403 ] && pass "nobody is answered as refused, as for a person's page" || fail "nobody: $code"

# The read trail: each page and PDF read is a row; refused ones are not.
for _ in $(seq 100); do
    [ "$(sql "SELECT count(*) FROM read_trail WHERE detail = 'development'")" -ge 6 ] && break
    sleep 0.1
done
reads=$(sql "SELECT count(*) FROM read_trail WHERE kind = 'person' AND detail = 'development' AND ref = $worker_ref")
[ "$reads" = 5 ] && pass "every read of the development page and PDF is on the read trail (5)" || fail "trail rows: $reads"
reads=$(sql "SELECT count(*) FROM read_trail WHERE kind = 'person' AND detail = 'development' AND ref <> $worker_ref")
[ "$reads" = 0 ] && pass "refused reads leave no row" || fail "refused reads recorded: $reads"
ov audit verify >/dev/null && pass "the trail verifies" || fail "audit verify"
done_testing
