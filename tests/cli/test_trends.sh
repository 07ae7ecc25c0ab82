#!/usr/bin/env bash
# Compliance over time (/services/NAME/trends and the team's and person's):
# the figures of each month link to the lists behind them, and each list is
# as long as its figure; this month's figures are today's due list's; the
# pages are for those who may see the service, team or person, and a bad
# month is answered naming its field.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server
demo_worker
other_service=$(sql "SELECT name FROM services WHERE name <> '$service' AND name <> 'Directorate' ORDER BY name LIMIT 1")
other=$(sql "SELECT s.id FROM staff s JOIN teams t ON t.ref = s.team_ref JOIN services v ON v.ref = t.service_ref
             WHERE v.name = '$other_service' AND s.ref NOT IN (SELECT staff_ref FROM users WHERE staff_ref IS NOT NULL)
             ORDER BY s.id LIMIT 1")
[ -n "$other" ] || bail_out "the demo has no second service with staff"
ov user add osenior --staff "$other" --password-stdin <<<"$PASSWORD" >/dev/null
ov user grant osenior --role "senior-manager:$other_service" >/dev/null || bail_out "cannot grant the role"
sign_in_each senior worker manager auditor osenior
month=$(date +%Y-%m)

# links USER PATH: the page's figures that link to a list, one "href count" a line.
links() {
    get "$1" "$2"
    grep -o 'href="[^"]*/trends/list?month=[^"]*">[0-9]*</a>' "$T/b" | sed 's/&amp;/\&/; s/^href="\([^"]*\)">\([0-9]*\)<\/a>$/\1 \2/'
}

# count_of: how many items the last list page says it has.
count_of() { sed -n 's/.*<p class="govuk-body" id="count">\([0-9]*\) items*\..*/\1/p; s/.*<p class="govuk-body" id="count">no items\..*/0/p' "$T/b" | head -n 1; }

svc=/services/$(enc "$service")/trends
get senior "$svc"
[ "$code" = 200 ] && pass "the service's senior manager sees its trends" || fail "the service's trends: $code"
grep -q '<svg role="img" aria-labelledby="chart-staff-t chart-staff-d"' "$T/b" && grep -q '<title id="chart-staff-t">' "$T/b" &&
    grep -q '<desc id="chart-staff-d">[^<]*Latest' "$T/b" && grep -q 'viewBox="0 0 640 240" width="100%"' "$T/b" &&
    pass "the charts are SVG images with a title, a description with the latest figure, and scale" ||
    fail "the charts' SVG"
months=$(grep -o '<th scope="row" class="govuk-table__header">[0-9-]*</th>' "$T/b" | sort -u | wc -l)
[ "$months" = 12 ] && pass "twelve months by default" || fail "twelve months by default: $months"
grep -q "<th scope=\"row\" class=\"govuk-table__header\">$month</th>" "$T/b" && pass "the last is this month" ||
    fail "the last is this month"
checked=0 wrong=""
while read -r href want; do
    get senior "$href"
    got=$(count_of)
    [ "$code" = 200 ] && [ "$got" = "$want" ] || wrong="$wrong $href:$code:$got/$want"
    checked=$((checked + 1))
done < <(links senior "$svc")
[ "$checked" -gt 5 ] && [ -z "$wrong" ] && pass "each of the $checked figures' lists is as long as the figure" ||
    fail "the figures' lists ($checked):$wrong"

# This month is today's due list: the team's overdue staff and cases.
tm=/teams/$(enc "$team")/trends
due=$(ov due --team "$team" --status overdue --format csv)
for kind in staff case; do
    want=$(awk -F, -v k=$kind '$1 == k' <<<"$due" | wc -l)
    list=$([ $kind = staff ] && echo staff-overdue || echo cases-overdue)
    get manager "$tm/list?month=$month&list=$list"
    [ "$code" = 200 ] && [ "$(count_of)" = "$want" ] && pass "this month's $list is today's due list ($want)" ||
        fail "this month's $list: $code, $(count_of), want $want"
done
get manager "$tm/list?month=$month&list=cases-overdue"
case_link=$(grep -o 'href="/cases/[^"]*"' "$T/b" | head -n 1)
[ -z "$case_link" ] || { [ "$(awk -F, '$1 == "case"' <<<"$due" | wc -l)" -gt 0 ]; } && pass "the overdue cases link to each case" ||
    fail "the overdue cases link to each case"
# The list behind a figure downloads as a spreadsheet, with the page's rows.
ncases=$(awk -F, '$1 == "case"' <<<"$due" | wc -l)
grep -qF "list=cases-overdue&amp;table=items&amp;format=xlsx" "$T/b" || [ "$ncases" = 0 ] &&
    pass "the list offers its download" || fail "no download link on the list"
get manager "$tm/list?month=$month&list=cases-overdue&table=items&format=xlsx"
cp "$T/b" "$T/list.xlsx"
rows=$(/usr/bin/python3 -c 'import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1]).active; print(ws.max_row - 1, ws.cell(1,1).value, ws.cell(2,1).value if ws.max_row > 1 else "")' "$T/list.xlsx" 2>&1)
[ "$code" = 200 ] && has_header "Content-Disposition: attachment; filename=\"team-" && [ "${rows%% *}" = "$ncases" ] &&
    { [ "$ncases" = 0 ] || grep -q " What Case " <<<" $rows"; } &&
    pass "the overdue cases of this month download as XLSX, a row per case ($ncases)" || fail "XLSX: $code, $rows, want $ncases"
get manager "$tm/list?month=$month&list=cases-overdue&table=items&format=csv"
[ "$code" = 200 ] && [ "$(($(tr -d '\r' <"$T/b" | wc -l) - 1))" = "$ncases" ] && pass "and as CSV" || fail "CSV: $code"
get manager "$tm/list?month=$month&list=cases-overdue&table=other&format=csv"
[ "$code" = 404 ] && pass "a table the list does not have is 404" || fail "unknown table: $code"

# The person's trends: for them and whoever may read their supervision.
get worker "/people/$worker/trends"
[ "$code" = 200 ] && pass "the worker sees their own trends" || fail "the worker's own trends: $code"
get senior "/services/$(enc "$service")"
grep -qF "href=\"$svc\"" "$T/b" && pass "the service page links to its trends" || fail "the service page links to its trends"
get manager "/teams/$(enc "$team")"
grep -qF "href=\"$tm\"" "$T/b" && pass "the team page links to its trends" || fail "the team page links to its trends"
get worker "/people/$worker"
grep -qF "href=\"/people/$worker/trends\"" "$T/b" && pass "the person page links to their trends" ||
    fail "the person page links to their trends"

# Refused: a worker, and another service's senior manager (who sees their own).
for u in worker osenior; do
    get "$u" "$svc"
    [ "$code" = 403 ] && pass "$u is refused the service's trends" || fail "$u: the service's trends gave $code"
    get "$u" "$svc/list?month=$month&list=cases-overdue"
    [ "$code" = 403 ] && pass "$u is refused its lists" || fail "$u: its list gave $code"
done
get osenior "/services/$(enc "$other_service")/trends"
[ "$code" = 200 ] && pass "the other senior manager sees their own service's" || fail "their own service's: $code"
get auditor "$svc"
[ "$code" = 200 ] && pass "an auditor sees any service's" || fail "an auditor: $code"

# Bad months name their field.
get senior "$svc?from=2026-13"
[ "$code" = 400 ] && grep -q 'href="#from">from: give a month as YYYY-MM' "$T/b" && grep -q 'id="from-error"' "$T/b" &&
    pass "a bad ?from= is a 400 naming from" || fail "a bad ?from=: $code"
get senior "$svc?to=next"
[ "$code" = 400 ] && grep -q 'href="#to">to:' "$T/b" && pass "a bad ?to= is a 400 naming to" || fail "a bad ?to=: $code"
get senior "$svc?from=$month&to=$(date -d '-2 months' +%Y-%m)"
[ "$code" = 400 ] && grep -q 'href="#from">from: the month must be no later than to' "$T/b" &&
    pass "from after to is refused, naming from" || fail "from after to: $code"
get senior "$svc?from=2020-01"
[ "$code" = 400 ] && grep -q 'at most 36 months' "$T/b" && pass "more than 36 months is refused" || fail "too many months: $code"
get senior "$svc?from=$(date -d '-2 months' +%Y-%m)"
months=$(grep -o '<th scope="row" class="govuk-table__header">[0-9-]*</th>' "$T/b" | sort -u | wc -l)
[ "$code" = 200 ] && [ "$months" = 3 ] && pass "?from= chooses the months" || fail "?from=: $code, $months months"
get senior "$svc/list?month=$month&list=nothing"
[ "$code" = 400 ] && grep -q 'list: not one of' "$T/b" && pass "an unknown list names list" || fail "an unknown list: $code"
get senior "$svc/list?month=soon&list=held"
[ "$code" = 400 ] && grep -q 'month: give a month' "$T/b" && pass "a bad month names month" || fail "a bad month: $code"

# The lists' reads are in the read trail (written soon after, off the request).
for _ in $(seq 50); do
    [ "$(sql "SELECT count(*) FROM read_trail WHERE kind = 'trends' AND detail LIKE 'team %: cases-overdue, $month'")" -gt 0 ] && break
    sleep 0.1
done
[ "$(sql "SELECT count(*) FROM read_trail WHERE kind = 'trends' AND detail LIKE 'team %: cases-overdue, $month'")" -gt 0 ] &&
    pass "reading a figure's list is recorded in the read trail" || fail "reading a figure's list is recorded in the read trail"

done_testing
