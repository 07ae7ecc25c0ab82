#!/usr/bin/env bash
# The print stylesheet (web/app.scss, @media print): a team's page printed
# to PDF by Chromium (headless) and read back with pdftotext has its title,
# the day it was made, and its tables whole (every column, every row's
# name), and none of what is for the screen: the skip link, the header's
# sign-out, the navigation and search, the download links, the footer, or
# links' addresses.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || bail_out "Chromium is not installed at $CHROMIUM (tools/deps.sh build test)"
command -v pdftotext >/dev/null || bail_out "pdftotext is not installed (tools/deps.sh build test: poppler-utils)"

start_server
demo_worker
sign_in_each manager
team_path="/teams/$(printf '%s' "$team" | sed 's/ /%20/g')"
get manager "$team_path"
[ "$code" = 200 ] || bail_out "the team page: $code"
# The page as the browser had it, its assets from the server.
sed "s|<head>|<head><base href=\"$B/\">|" "$T/b" >"$T/page.html"
grep -q 'app-print-only' "$T/page.html" || fail "the page has a line for its printed copy"
"$CHROMIUM" --headless --no-sandbox --disable-gpu --no-pdf-header-footer "--user-data-dir=$T/chromium" \
    "--print-to-pdf=$T/page.pdf" "file://$T/page.html" >"$T/chromium.out" 2>&1
[ -s "$T/page.pdf" ] || bail_out "Chromium printed nothing: $(tail -5 "$T/chromium.out")"
pdftotext -layout "$T/page.pdf" "$T/page.txt"
pdftotext "$T/page.pdf" "$T/flow.txt"
squeeze() { tr -s ' \n' '  ' <"$1"; }

today=$(LC_ALL=C date "+%-d %B %Y")
squeeze "$T/flow.txt" | grep -qF "Oversight: $team. Printed from the page of $today." &&
    pass "the printed page says what it is and the day it was made" ||
    fail "the printed page says what it is and the day it was made" "$(head -5 "$T/flow.txt")"
grep -qF "$team" "$T/page.txt" && pass "its heading is printed" || fail "its heading is printed"
for gone in "Skip to main content" "Sign out" "Search" "Download this table" "professional supervision in social care" "My team"; do
    grep -qF "$gone" "$T/page.txt" && fail "the printed page has no \"$gone\"" "$(grep -F "$gone" "$T/page.txt" | head -2)" ||
        pass "the printed page has no \"$gone\""
done
grep -qE '\((/|https?:)[^)]*\)' "$T/page.txt" && fail "links are printed without their addresses" "$(grep -E '\(/' "$T/page.txt" | head -3)" ||
    pass "links are printed without their addresses"
# Every column of the supervision table, and every person in it, is on paper.
for head in Name Status "Due by" "Last supervision" Supervisor Rule; do
    squeeze "$T/flow.txt" | grep -qF "$head" || fail "the table's column \"$head\" is printed"
done
# (Compared without spaces and hyphens: a name may wrap in its cell, and
# pdftotext joins a word broken at a hyphen without it.)
tr -d ' \n-' <"$T/flow.txt" >"$T/flat.txt"
missing=""
while IFS= read -r name; do
    grep -qF "$(printf '%s' "$name" | tr -d ' -')" "$T/flat.txt" || missing="$missing|$name"
done < <(grep -o '<a class="govuk-link" href="/people/[^"]*">[^<]*</a>' "$T/page.html" | sed 's/.*">//; s/<.*//; s/&#39;/'"'"'/g' | sort -u)
[ -z "$missing" ] && pass "every person in the tables is printed: no table is cut off" ||
    fail "every person in the tables is printed: no table is cut off" "missing: $missing"
# The screen still has it all.
grep -q 'Download this table' "$T/page.html" && grep -q 'Skip to main content' "$T/page.html" &&
    pass "on screen the page is as before" || fail "on screen the page is as before"

done_testing
