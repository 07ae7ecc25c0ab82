#!/usr/bin/env bash
# Downloads of a page's tables (docs/web.md, "Downloads"): each list offers
# "Download this table: CSV | XLSX" at the page's own address
# (?table=NAME&format=csv|xlsx), answered with the same rows the page shows,
# through the same view service: refused where the page is, its read
# recorded on the read trail where the page's is. The CSV is RFC 4180 with
# CRLF and a byte-order mark, text a spreadsheet would run as a formula
# neutralised; the XLSX (read back with openpyxl) has a bold, frozen row of
# headings, dates as dates, numbers as numbers and every text a string.
# Both open in LibreOffice (headless) with the page's rows, names with
# accents, Welsh, Arabic and Chinese included, and a name beginning with
# "=" stays text.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"
command -v soffice >/dev/null || bail_out "soffice is not installed (tools/deps.sh build test)"
# Debian's python3, whose python3-openpyxl this reads with (not another
# python3 earlier on the PATH).
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import openpyxl' 2>/dev/null || bail_out "python3-openpyxl is not installed (tools/deps.sh build test)"
CHECK="$PY $ROOT/tests/cli/table_check.py"

start_server
demo_worker
sign_in_each worker manager senior
enc() { "$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
team_path="/teams/$(enc "$team")"
service_path="/services/$(enc "$service")"
today=$(date +%F)

# Names in many scripts, and two a spreadsheet would run, for people of the
# worker's team (before any page is kept: the server has shown none yet).
names=("Zoë Łukasiewicz-Brontë" "Gwenllïan ap Ŵyn" "فاطمة الزهراء" "王小明" '=HYPERLINK("http://evil.example","Click")' "@SUM(1+1)")
i=0
for ref in $(sql "SELECT s.ref FROM staff s JOIN teams t ON t.ref = s.team_ref WHERE t.name = '$team' AND s.left_date IS NULL AND s.id <> '$worker' ORDER BY s.ref LIMIT ${#names[@]}"); do
    sql "UPDATE staff SET name = '$(printf '%s' "${names[$i]}" | sed "s/'/''/g")' WHERE ref = $ref" >/dev/null
    i=$((i + 1))
done
[ "$i" = "${#names[@]}" ] || bail_out "the worker's team has too few people ($i)"

# ---- The team page's tables ----
get manager "$team_path"
[ "$code" = 200 ] || bail_out "the manager's team page: $code"
cp "$T/b" "$T/team.html"
links=$(grep -o 'Download this table: <a class="govuk-link" href="?table=[a-z]*&amp;format=csv" download>CSV</a> | <a class="govuk-link" href="?table=[a-z]*&amp;format=xlsx" download>XLSX</a>' "$T/team.html" | wc -l)
[ "$links" = 3 ] && pass "the team page offers each of its three tables as CSV and XLSX" ||
    fail "the team page offers each of its three tables as CSV and XLSX" "$links link pairs"

get manager "$team_path?table=supervision&format=csv"
[ "$code" = 200 ] && has_header "Content-Type: text/csv; charset=utf-8" &&
    has_header "Content-Disposition: attachment; filename=\"team-$(printf '%s' "$team" | tr -c 'A-Za-z0-9._\n-' '-')-supervision-$today.csv\"" &&
    pass "the CSV is an attachment named after the table and the date" ||
    fail "the CSV is an attachment named after the table and the date" "$code" "$(cat "$T/h")"
cp "$T/b" "$T/supervision.csv"
run $CHECK page-vs-csv "$T/team.html" Supervision "$T/supervision.csv"
check "the CSV has the page's rows and words (byte-order mark, CRLF)" 0
for name in "${names[@]}"; do grep -qF -- "$(printf '%s' "$name" | sed 's/"/""/g')" "$T/supervision.csv" || fail "the CSV lacks $name"; done
grep -qF "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\"" "$T/supervision.csv" &&
    grep -qF "'@SUM(1+1)" "$T/supervision.csv" &&
    pass "a name beginning with = or @ has a quote mark put before it" ||
    fail "a name beginning with = or @ has a quote mark put before it" "$(grep -F 'HYPERLINK' "$T/supervision.csv")"

get manager "$team_path?table=supervision&format=xlsx"
[ "$code" = 200 ] && has_header "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" &&
    has_header "Content-Disposition: attachment; filename=\"team-.*-supervision-$today.xlsx\"" &&
    pass "the XLSX is an attachment named after the table and the date" ||
    fail "the XLSX is an attachment named after the table and the date" "$code"
cp "$T/b" "$T/supervision.xlsx"
run $CHECK page-vs-xlsx "$T/team.html" Supervision "$T/supervision.xlsx"
check "the XLSX has the page's rows: headings bold and frozen, dates as dates, no formula" 0

for t in cases other; do
    caption=$([ $t = cases ] && echo "Cases due or overdue for discussion" || echo "Agreements, records, actions and escalations due")
    get manager "$team_path?table=$t&format=csv"
    cp "$T/b" "$T/$t.csv"
    run $CHECK page-vs-csv "$T/team.html" "$caption" "$T/$t.csv"
    check "the team's $t table as CSV has the page's rows" 0
    get manager "$team_path?table=$t&format=xlsx"
    cp "$T/b" "$T/$t.xlsx"
    run $CHECK page-vs-xlsx "$T/team.html" "$caption" "$T/$t.xlsx"
    check "the team's $t table as XLSX has the page's rows" 0
done

# ---- The same access decision as the page ----
get worker "$team_path"
page=$code
get worker "$team_path?table=supervision&format=csv"
[ "$page" = 403 ] && [ "$code" = 403 ] && ! grep -qF "${names[0]}" "$T/b" &&
    pass "a team the worker may not see: its download is refused as its page is" ||
    fail "a team the worker may not see: its download is refused as its page is" "page $page, download $code"
get manager "$team_path?table=supervision&format=pdf"
[ "$code" = 400 ] && pass "a format other than csv or xlsx: 400" || fail "a format other than csv or xlsx: 400" "$code"
get manager "$team_path?format=csv"
[ "$code" = 400 ] && pass "no table named: 400" || fail "no table named: 400" "$code"
get manager "$team_path?table=secrets&format=csv"
[ "$code" = 404 ] && pass "a table the page does not have: 404" || fail "a table the page does not have: 404" "$code"

# ---- The services and a service's teams ----
get senior /services
cp "$T/b" "$T/services.html"
get senior "/services?table=services&format=csv"
[ "$code" = 200 ] && grep -qF "$service" "$T/b" && [ "$(grep -c '' "$T/b")" = "$(($(grep -c '<li><a class="govuk-link" href="/services/' "$T/services.html") + 1))" ] &&
    pass "the services list as CSV: each service the page lists" ||
    fail "the services list as CSV: each service the page lists" "$code" "$(cat "$T/b")"
get senior "$service_path"
cp "$T/b" "$T/service.html"
grep -qF 'href="?table=teams&amp;format=xlsx"' "$T/service.html" && pass "the service page offers its teams table" ||
    fail "the service page offers its teams table"
get senior "$service_path?table=teams&format=csv"
cp "$T/b" "$T/teams.csv"
run $CHECK page-vs-csv "$T/service.html" "Compliance by team" "$T/teams.csv"
check "the service's teams as CSV: the page's rows and shares" 0
get senior "$service_path?table=teams&format=xlsx"
cp "$T/b" "$T/teams.xlsx"
run $CHECK page-vs-xlsx "$T/service.html" "Compliance by team" "$T/teams.xlsx"
check "the service's teams as XLSX: shares as per cent, counts as numbers" 0
$CHECK types "$T/teams.xlsx" 2 >"$T/types"
sed -n 3p "$T/types" | grep -q '^n:0%:' && sed -n 4p "$T/types" | grep -q '^n:0:' &&
    pass "a share is a number shown as per cent, a count a number" || fail "the types of a row" "$(cat "$T/types")"

# ---- A person's page records its read; so does its download ----
reads() { sql "SELECT count(*) FROM read_trail WHERE account = 'manager' AND kind = 'person'"; }
wait_reads() { for _ in $(seq 100); do [ "$(reads)" -ge "$1" ] && break; sleep 0.1; done; }
get manager "/people/$worker"
cp "$T/b" "$T/person.html"
wait_reads 1
before=$(reads)
get manager "/people/$worker?table=sessions&format=csv"
cp "$T/b" "$T/sessions.csv"
wait_reads $((before + 1))
[ "$code" = 200 ] && [ "$(reads)" = $((before + 1)) ] && pass "a person's table downloaded is a read on the trail, as the page is" ||
    fail "a person's table downloaded is a read on the trail, as the page is" "$code, reads $before then $(reads)"
run $CHECK page-vs-csv "$T/person.html" Sessions "$T/sessions.csv"
check "a person's sessions as CSV: the page's rows" 0
get manager "/people/$worker?table=sessions&format=doc"
sleep 0.3
[ "$code" = 400 ] && [ "$(reads)" = $((before + 1)) ] && pass "a bad download is no read" || fail "a bad download is no read" "$code $(reads)"
get manager "/cases/$case_id?table=discussions&format=csv"
[ "$code" = 200 ] && grep -q '^Date,Type,Status,Supervisor' <(tail -c +4 "$T/b") &&
    pass "a case's discussions as CSV" || fail "a case's discussions as CSV" "$code"
get worker "/?table=sessions&format=xlsx"
[ "$code" = 200 ] && pass "My supervision's sessions as XLSX" || fail "My supervision's sessions as XLSX" "$code"
get manager "/team?table=supervision&format=csv"
[ "$code" = 200 ] && grep -qF "${names[0]}" "$T/b" && pass "My team's supervision as CSV" ||
    fail "My team's supervision as CSV" "$code"

get worker "/records?table=records&format=csv"
[ "$code" = 200 ] && [ "$(grep -c '' "$T/b")" -gt 1 ] && grep -q '^Date,With,Your part,State,Version' <(tail -c +4 "$T/b") &&
    pass "My records as CSV" || fail "My records as CSV" "$code" "$(head -3 "$T/b")"

# ---- Search results: the search repeated, and recorded as the page's is ----
q=$(enc "${names[0]}")
get manager "/search?q=$q"
grep -qF "href=\"?q=$(printf '%s' "$q" | sed 's/%2D/-/g')&amp;table=people&amp;format=csv\"" "$T/b" &&
    pass "the search page offers what it found, the search in the download's address" ||
    fail "the search page offers what it found, the search in the download's address" "$(grep -o 'href="?q=[^"]*"' "$T/b" | head -2)"
searches() { sql "SELECT count(*) FROM read_trail WHERE account = 'manager' AND kind = 'search'"; }
for _ in $(seq 100); do [ "$(searches)" -ge 1 ] && break; sleep 0.1; done
before=$(searches)
get manager "/search?q=$q&table=people&format=xlsx"
cp "$T/b" "$T/found.xlsx"
for _ in $(seq 100); do [ "$(searches)" -gt "$before" ] && break; sleep 0.1; done
[ "$code" = 200 ] && [ "$(searches)" = $((before + 1)) ] && "$PY" -c '
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
names = [r[0].value for r in ws.iter_rows(min_row=2)]
sys.exit(0 if sys.argv[2] in names else 1)' "$T/found.xlsx" "${names[0]}" &&
    pass "search results as XLSX: the person found, the search on the trail" ||
    fail "search results as XLSX: the person found, the search on the trail" "$code, searches $before then $(searches)"
get manager "/search?table=people&format=csv"
[ "$code" = 400 ] && pass "a search download with nothing to search for: 400" || fail "a search download with nothing to search for: 400" "$code"

# ---- LibreOffice reads them as the page shows them ----
# In a UTF-8 locale, as a person's desktop is (lib.sh sets C).
lo() { LC_ALL=C.UTF-8 soffice --headless "-env:UserInstallation=file://$T/lo" "$@" >>"$T/lo.out" 2>&1; }
mkdir -p "$T/lo-xlsx" "$T/lo-csv"
lo --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir "$T/lo-xlsx" "$T/supervision.xlsx" "$T/teams.xlsx"
run $CHECK page-vs-lo "$T/team.html" Supervision "$T/lo-xlsx/supervision.csv"
check "LibreOffice opens the supervision XLSX with the page's rows and names" 0
run $CHECK page-vs-lo "$T/service.html" "Compliance by team" "$T/lo-xlsx/teams.csv"
check "LibreOffice opens the teams XLSX with the page's figures" 0
grep -qF '=HYPERLINK(""http://evil.example"",""Click"")' "$T/lo-xlsx/supervision.csv" &&
    ! grep -q '^Click,' "$T/lo-xlsx/supervision.csv" && pass "in the XLSX a name beginning with = stays text" ||
    fail "in the XLSX a name beginning with = stays text" "$(grep -i click "$T/lo-xlsx/supervision.csv")"
# The CSV as a person opens it: comma-separated, quoted with ", the
# character set left to LibreOffice.
lo --infilter=CSV:44,34 --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir "$T/lo-csv" "$T/supervision.csv"
missing=""
for name in "${names[@]:0:4}"; do grep -qF "$name" "$T/lo-csv/supervision.csv" || missing="$missing $name"; done
[ -s "$T/lo-csv/supervision.csv" ] && [ -z "$missing" ] && pass "LibreOffice reads the CSV's accents, Welsh, Arabic and Chinese" ||
    fail "LibreOffice reads the CSV's accents, Welsh, Arabic and Chinese" "missing:$missing" "$(head -c 300 "$T/lo.out")"
head -c 5 "$T/lo-csv/supervision.csv" | grep -q '^Name,' && pass "the byte-order mark is taken as one, not as text of the first heading" ||
    fail "the byte-order mark is taken as one, not as text of the first heading" "$(head -c 20 "$T/lo-csv/supervision.csv" | od -c | head -2)"
grep -qF "'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")" "$T/lo-csv/supervision.csv" &&
    grep -qF "'@SUM(1+1)" "$T/lo-csv/supervision.csv" && ! grep -q '^2,' "$T/lo-csv/supervision.csv" &&
    pass "in the CSV a name beginning with = or @ is text, never run" ||
    fail "in the CSV a name beginning with = or @ is text, never run" "$(grep -iE 'click|sum' "$T/lo-csv/supervision.csv")"
run $CHECK page-vs-csv "$T/team.html" Supervision <(printf '\xef\xbb\xbf'; sed 's/$/\r/' "$T/lo-csv/supervision.csv")
check "LibreOffice's reading of the CSV has the page's rows" 0

done_testing
