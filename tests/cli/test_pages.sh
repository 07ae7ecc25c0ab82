#!/usr/bin/env bash
# Pages that speak in words, not codes, over real HTTP on the demo council:
# sessions shown by their dates and linked to their records, never by
# internal ids; a case's child named on its page and in the API; a worker's
# "My records"; an auditor's landing page; dates entered as day, month and
# year with GOV.UK's error messages; people chosen from lists, and found by
# name or staff id on the admin pages, a page at a time.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server
demo_worker
sign_in_each worker manager auditor admin
manager=$(staff_of manager)

# A record of the worker's, made as people make it: booked, written, sent.
post manager /bookings supervisee="$worker_ref" date="$(date +%F)" start-time=09:00 place="Room 2"
booking=$(echo "$location" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$')
post manager "/bookings/$booking/record"
record=$(echo "$location" | grep -o '[0-9]*$')
post manager "/records/$record/send"
[ -n "$booking" ] && [ -n "$record" ] || bail_out "could not make a booking and a record ($booking|$record)"

# ---- sessions are their dates, linked to their records ----
get worker "/people/$worker"
grep -q '>ov-[0-9a-f]' "$T/b" && fail "the person page shows an internal session id: $(grep -o '>ov-[0-9a-f]*' "$T/b" | head -n 1)" ||
    pass "the person page shows no internal session id"
linked=$(sql "SELECT r.ref FROM records r JOIN bookings b ON b.ref = r.booking_ref JOIN sessions s ON s.ref = b.session_ref
              WHERE r.supervisee_ref = $worker_ref ORDER BY s.date DESC LIMIT 1")
if [ -n "$linked" ]; then
    grep -q "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/records/$linked\">" "$T/b" &&
        pass "a held session with a record links to it by its date" || fail "no link to record $linked from its session"
else
    fail "the demo has a held session with a record for the worker"
fi
get worker "/cases/$case_id"
grep -q '>ov-[0-9a-f]' "$T/b" && fail "the case page shows an internal session id" || pass "the case page shows no internal session id"
req -b "$T/jar.worker" "$B/api/v1/people/$worker"
grep -qE "\"record\": *$linked[,}]" "$T/b" && pass "the API's sessions name their records" || fail "the API's sessions lack record $linked"

# ---- a case's child, by name or initials ----
printf 'id,category,worker,allocated_date,closed_date,every,name\n' >"$T/cases.csv"
sql "SELECT c.id || ',' || c.category || ',' || w.id || ',' || CAST(c.allocated_date AS TEXT) || ',' || coalesce(CAST(c.closed_date AS TEXT), '') || ','
     || coalesce(c.every, '') || ',Zoë <J.>' FROM cases c JOIN staff w ON w.ref = c.worker_ref WHERE c.id = '$case_id'" >>"$T/cases.csv"
ov import cases "$T/cases.csv" >/dev/null || bail_out "could not import the case's name"
get worker "/cases/$case_id"
grep -q '<dt class="govuk-summary-list__key">Child</dt><dd class="govuk-summary-list__value[^"]*">Zoë &lt;J.&gt;</dd>' "$T/b" &&
    pass "the case page names the child (escaped)" || fail "the case page does not name the child"
get worker /
grep -q "href=\"/cases/$case_id\">$case_id</a> (Zoë &lt;J.&gt;)</td>" "$T/b" &&
    pass "the case lists name the child beside the case id" || fail "My supervision's case list does not name the child"
req -b "$T/jar.worker" "$B/api/v1/cases/$case_id"
grep -q '"name": *"Zoë <J.>"' "$T/b" && pass "the case API gives the child's name" || fail "the case API: $(head -c 300 "$T/b")"

# ---- My records ----
get worker /records
[ "$code" = 200 ] && grep -q "<a class=\"govuk-link\" href=\"/records/$record\">" "$T/b" &&
    grep -q "Sent, waiting to be signed" "$T/b" && grep -q '>Supervisee<' "$T/b" &&
    pass "My records lists the worker's record, linked, with its state and their part" || fail "My records ($code)"
grep -q 'href="/records"' "$T/b" && pass "My records is in the navigation" || fail "My records is not in the navigation"
get manager /records
grep -q "<a class=\"govuk-link\" href=\"/records/$record\">" "$T/b" && grep -q '>Supervisor<' "$T/b" &&
    pass "the supervisor's My records lists it too" || fail "the manager's My records lacks record $record"
dates=$(grep -o 'href="/records/[0-9]*">[^<]*' "$T/b" | sed 's/.*">//' | while read -r d m y; do date -d "$d $m $y" +%F; done)
[ "$dates" = "$(printf '%s\n' "$dates" | sort -r)" ] && pass "My records is newest first" || fail "My records is not newest first"

# ---- the auditor's landing page ----
get auditor /
[ "$code" = 200 ] && grep -q '<h1 class="govuk-heading-l">Audit</h1>' "$T/b" && grep -q "The organisation's figures" "$T/b" &&
    grep -q 'href="/services/' "$T/b" && ! grep -q "My supervision</h1>" "$T/b" &&
    pass "the auditor lands on the organisation's figures and its services" || fail "the auditor's landing page ($code)"
grep -qE "<p class=\"govuk-body\">[0-9]+ (person|people): <strong>" "$T/b" && pass "with the people due, counted" ||
    fail "no count of people on the auditor's page"
get worker /
grep -q "My supervision</h1>" "$T/b" && pass "a worker still lands on My supervision" || fail "the worker's landing page"

# ---- dates as day, month and year, with GOV.UK's messages ----
get manager /supervision
grep -q 'id="date-day" name="date-day"' "$T/b" && grep -q 'id="date-month" name="date-month"' "$T/b" &&
    grep -q 'id="date-year" name="date-year"' "$T/b" && pass "the booking form asks for the date as day, month and year" ||
    fail "the booking form has no date input"
# date_post PARTS... : a booking posted with the date's parts as given.
date_post() { post manager /bookings supervisee="$worker_ref" start-time=09:00 place="Room 2" "$@"; }
date_post date-day= date-month= date-year=
[ "$code" = 400 ] && grep -q "Enter the date the session is booked for" "$T/b" && grep -q 'href="#date-day"' "$T/b" &&
    pass "no date: \"Enter the date the session is booked for\", linked to the day" || fail "no date gave $code"
date_post date-day=3 date-month= date-year=2026
[ "$code" = 400 ] && grep -q "Date must include a month" "$T/b" && grep -q 'href="#date-month"' "$T/b" &&
    grep -q 'govuk-input--error" id="date-month"' "$T/b" && ! grep -q 'govuk-input--error" id="date-day"' "$T/b" &&
    grep -q 'id="date-day" name="date-day" type="text" inputmode="numeric" value="3"' "$T/b" &&
    pass "no month: \"Date must include a month\", only the month marked, the day kept" || fail "no month gave $code"
date_post date-day=30 date-month=2 date-year=2026
[ "$code" = 400 ] && grep -q "Date must be a real date" "$T/b" && grep -q 'govuk-input--error" id="date-day"' "$T/b" &&
    grep -q 'govuk-form-group--error"><fieldset class="govuk-fieldset" role="group" id="date" aria-describedby="date-hint date-error"' "$T/b" &&
    pass "30 February: \"Date must be a real date\", the day marked" || fail "30 February gave $code"
date_post date-day=1 date-month=2 date-year=26
[ "$code" = 400 ] && grep -q "Year must include 4 numbers" "$T/b" && pass "a 2-digit year is refused" || fail "year 26 gave $code"
d=$(date -d '+10 days' +%F)
date_post date-day="${d:8:2}" date-month="${d:5:2}" date-year="${d:0:4}"
[ "$code" = 303 ] && [ "$(sql "SELECT count(*) FROM bookings WHERE date = '$d'")" -ge 1 ] &&
    pass "a good date in parts books the session on it" || fail "a good date gave $code"
get manager /discussions/new
grep -q 'id="date-day"' "$T/b" && pass "the informal discussion form asks for the date in parts" || fail "informal discussion: no date input"
get manager /group-sessions/new
grep -q 'id="date-day"' "$T/b" && pass "the group session form asks for the date in parts" || fail "group session: no date input"
post manager "/cases/$case_id/concerns" concern-kind=incident concern-date-day=31 concern-date-month=4 concern-date-year=2026 concern-text=x
[ "$code" = 400 ] && grep -q "Date must be a real date" "$T/b" && grep -q 'id="concern-date-day"' "$T/b" &&
    pass "31 April on the incident form: \"Date must be a real date\"" ||
    fail "31 April on the incident form gave $code"

# ---- an informal discussion a worker records is not "with" themselves ----
wname=$(sql "SELECT name FROM staff WHERE id = '$worker'")
t=$(date +%F)
post worker /discussions case="$case_id" date-day="${t:8:2}" date-month="${t:5:2}" date-year="${t:0:4}" decision="Keep the plan"
[ "$code" = 303 ] || fail "the worker could not record an informal discussion ($code)"
get worker "/cases/$case_id"
grep -qF "in an informal discussion recorded by $wname</h3>" "$T/b" && ! grep -qF "in an informal discussion with $wname</h3>" "$T/b" &&
    pass "a worker's informal discussion says it was recorded by them, not \"with\" them" ||
    fail "the informal discussion's heading: $(grep -o 'in an informal discussion[^<]*' "$T/b" | head -n 1)"

# ---- people and cases chosen from lists, never typed as ids ----
get manager /group-sessions/new
supervisees=$(sql "SELECT id FROM staff WHERE supervisor_ref = (SELECT ref FROM staff WHERE id = '$manager') AND left_date IS NULL ORDER BY id")
first=$(echo "$supervisees" | sed -n 1p)
second=$(echo "$supervisees" | sed -n 2p)
fname=$(sql "SELECT name FROM staff WHERE id = '$first'")
grep -q "name=\"attendee-$first\" type=\"checkbox\"" "$T/b" && grep -qF ">$fname</label>" "$T/b" &&
    ! grep -q 'name="attendees"' "$T/b" && pass "the group session form offers the manager's people by name, as checkboxes" ||
    fail "the group session form does not offer $first by name"
grep -q "name=\"attendee-$manager\"" "$T/b" && fail "the leader is offered as an attendee" || pass "the leader is not offered"
t=$(date +%F)
post manager /group-sessions date-day="${t:8:2}" date-month="${t:5:2}" date-year="${t:0:4}" "attendee-$first=yes" cases=
[ "$code" = 400 ] && grep -q "Choose at least two people who attended" "$T/b" && grep -q 'href="#attendees"' "$T/b" &&
    grep -q "name=\"attendee-$first\" type=\"checkbox\" value=\"yes\" checked" "$T/b" &&
    pass "one person ticked: \"Choose at least two\", the tick kept" || fail "a group of one gave $code"
post manager /group-sessions date-day="${t:8:2}" date-month="${t:5:2}" date-year="${t:0:4}" "attendee-$first=yes" "attendee-$second=yes" cases=
[ "$code" = 303 ] && [ "$(sql "SELECT count(*) FROM sessions se JOIN attendees a ON a.session_ref = se.ref JOIN staff s ON s.ref = a.staff_ref
                              WHERE se.type = 'group' AND se.date = '$t' AND s.id IN ('$first', '$second')")" = 2 ] &&
    pass "two people ticked: the group session is recorded with them" || fail "a group of two gave $code"
get worker /discussions/new
grep -q '<select class="govuk-select" id="case" name="case"' "$T/b" && grep -q "<option value=\"$case_id\">$case_id (Zoë &lt;J.&gt;), " "$T/b" &&
    pass "the informal discussion form offers the worker's cases, with the child's name" || fail "the informal discussion form has no list of cases"
# ---- an admin finds people by name or staff id, a page at a time ----
# No page offers the whole staff to choose from: the accounts page, an
# account's and a team's find the person asked for.
wname=$(sql "SELECT name FROM staff WHERE id = '$worker'")
while read -r free fname; do # a name of plain letters, to find as typed
    [[ $fname =~ ^[A-Za-z\ ]+$ ]] && break
done < <(sql "SELECT s.id || ' ' || s.name FROM staff s WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.staff_ref = s.ref)
              ORDER BY s.id")
[ -n "$free" ] && [ -n "$fname" ] || bail_out "the demo has no member of staff without an account and with a plain name"
get admin /admin/users
grep -q '<select' "$T/b" && fail "the accounts page offers a list of every member of staff" ||
    pass "the accounts page offers no list of every member of staff"
get admin "/admin/users?q=$(enc "$fname")"
[ "$code" = 200 ] && grep -qF "<td class=\"govuk-table__cell\">$free</td>" "$T/b" &&
    grep -qF "href=\"/admin/users?staff=$free#add\">Add an account" "$T/b" &&
    pass "an admin finds a person by name, to add an account for" || fail "searching for $fname gave $code"
get admin "/admin/users?q=$(echo "$worker" | tr '[:upper:]' '[:lower:]')"
[ "$code" = 200 ] && grep -qF "<td class=\"govuk-table__cell\">$worker</td>" "$T/b" &&
    grep -qF '<a class="govuk-link" href="/admin/users/worker">worker</a>' "$T/b" &&
    ! grep -qF "?staff=$worker#add" "$T/b" &&
    pass "an admin finds a person by staff id in any case, with their account, not offered another" ||
    fail "searching for ${worker,,} gave $code"
get admin "/admin/users?q=Zzqxv"
[ "$code" = 200 ] && grep -qF 'Nobody matches &ldquo;Zzqxv&rdquo;' "$T/b" && ! grep -q 'People found' "$T/b" &&
    pass "a search that matches nobody says so" || fail "searching for Zzqxv gave $code"
get admin "/admin/users?q=a"
[ "$code" = 400 ] && grep -q 'Enter at least 2 letters or numbers' "$T/b" && grep -q 'href="#q"' "$T/b" &&
    pass "a search of one letter is refused with a message (400)" || fail "searching for 'a' gave $code"
# More than a page: the ids all begin alike.
prefix=$(echo "${worker:0:2}" | tr '[:upper:]' '[:lower:]')
many=$(sql "SELECT count(*) FROM staff WHERE lower(id) LIKE '$prefix%'")
get admin "/admin/users?q=$prefix"
rows=$(grep -o '<tr class="govuk-table__row"><td class="govuk-table__cell">[^<]*</td><td class="govuk-table__cell">[^<]*</td>' "$T/b" | grep -ci "<td class=\"govuk-table__cell\">$prefix")
[ "$many" -gt 25 ] && [ "$rows" = 25 ] && grep -qF "href=\"/admin/users?q=$prefix&amp;page=2\" rel=\"next\"" "$T/b" &&
    pass "many found: a page of 25 and a link to the next" || fail "$many found by '$prefix': $rows shown"
last=$(((many + 24) / 25))
get admin "/admin/users?q=$prefix&page=$last"
rows=$(grep -o '<tr class="govuk-table__row"><td class="govuk-table__cell">[^<]*</td><td class="govuk-table__cell">[^<]*</td>' "$T/b" | grep -ci "<td class=\"govuk-table__cell\">$prefix")
[ "$rows" = $((many - (last - 1) * 25)) ] && grep -q 'rel="prev"' "$T/b" && ! grep -q 'rel="next"' "$T/b" &&
    pass "the last page: the rest, and a link back" || fail "page $last of '$prefix' shows $rows"
get admin "/admin/users?staff=$free"
grep -qF "<input type=\"hidden\" name=\"staff\" value=\"$free\">" "$T/b" && grep -qF "For $fname ($free)" "$T/b" &&
    pass "the person chosen is the one the account is added for" || fail "choosing $free to add an account"
# The accounts, found by username, by their person's name, and not.
get admin "/admin/users?account=work"
grep -qF 'href="/admin/users/worker">Change' "$T/b" && ! grep -qF 'href="/admin/users/manager">Change' "$T/b" &&
    pass "an account is found by the beginning of its username" || fail "searching the accounts for 'work'"
get admin "/admin/users?account=$(enc "$wname")"
grep -qF 'href="/admin/users/worker">Change' "$T/b" && pass "an account is found by its person's name" ||
    fail "searching the accounts for $wname"
get admin "/admin/users?account=Zzqxv"
grep -qF 'No account matches &ldquo;Zzqxv&rdquo;' "$T/b" && pass "an account search that matches nothing says so" ||
    fail "searching the accounts for Zzqxv"
# An account's staff record and a team's manager: found, then chosen.
get admin /admin/users/worker
grep -qF "Linked to $wname ($worker)" "$T/b" && pass "an account's page names the person it is linked to" ||
    fail "the account's page does not name $wname"
get admin "/admin/users/worker?q=$free"
grep -qF "href=\"/admin/users/worker?staff=$free#link\">Choose" "$T/b" &&
    pass "an account's staff record is found by id and chosen" || fail "finding $free on the account's page"
get admin "/admin/users/worker?staff=$free"
grep -qF "<input type=\"hidden\" name=\"staff\" value=\"$free\">" "$T/b" && grep -q 'value="link"' "$T/b" &&
    pass "the person chosen is offered to link" || fail "choosing $free on the account's page"
tname=$(sql "SELECT name FROM teams ORDER BY name LIMIT 1")
get admin "/admin/teams/$(enc "$tname")?q=$(enc "$fname")"
grep -qF "?manager=$free#manager\">Choose" "$T/b" && ! grep -q '<select' "$T/b" &&
    pass "a team's manager is found by name, not chosen from every member of staff" || fail "finding $fname on the team's page"
get admin "/admin/teams/$(enc "$tname")?manager=$free"
grep -qF "<input type=\"hidden\" name=\"manager\" value=\"$free\">" "$T/b" && grep -qF "$fname ($free)" "$T/b" &&
    pass "the manager chosen is the one the form saves" || fail "choosing $free as manager"
# The teams: a page of them by name, found by their name or their service's.
nteams=$(sql "SELECT count(*) FROM teams")
get admin /admin/teams
[ "$code" = 200 ] && [ "$(grep -o 'href="/admin/teams/[^"?]*">Change' "$T/b" | wc -l)" = "$nteams" ] &&
    grep -q 'Teams, by name' "$T/b" && pass "the teams page lists the $nteams teams, by name" ||
    fail "the teams page ($code) does not list the $nteams teams"
tservice=$(sql "SELECT v.name FROM teams t JOIN services v ON v.ref = t.service_ref WHERE t.name = '$tname'")
in_service=$(sql "SELECT count(*) FROM teams t JOIN services v ON v.ref = t.service_ref WHERE v.name = '$tservice'")
get admin "/admin/teams?q=$(enc "$(echo "${tname:1}" | tr '[:upper:]' '[:lower:]')")"
grep -qF "href=\"/admin/teams/$(enc "$tname")\">Change" "$T/b" && grep -q 'Teams found' "$T/b" &&
    pass "a team is found by part of its name, in any case" || fail "finding the team ${tname:1}"
get admin "/admin/teams?q=$(enc "$tservice")"
[ "$(grep -o 'href="/admin/teams/[^"?]*">Change' "$T/b" | wc -l)" = "$in_service" ] &&
    pass "teams are found by their service's name" || fail "finding the teams of $tservice"
get admin "/admin/teams?q=Zzqxv"
[ "$code" = 200 ] && grep -qF 'No team matches &ldquo;Zzqxv&rdquo;' "$T/b" && pass "a team search that matches nothing says so" ||
    fail "searching the teams for Zzqxv gave $code"

# ---- an agreement's frequency in words: a number and days, weeks or months ----
get manager "/people/$worker/agreement"
grep -q 'id="every-count" name="every-count"' "$T/b" && grep -q '<option value="w"[^>]*>weeks</option>' "$T/b" &&
    ! grep -q 'For example 3w' "$T/b" && pass "the agreement asks how often as a number and a unit in words" ||
    fail "the agreement's frequency is not asked in words"
agree() { post manager "/people/$worker/agreement" "$@" minutes=90 place="Room 2" record-keeping=Copies content=All \
    confidentiality=Private disagreements=Escalate; }
agree every-count=x every-unit=w
[ "$code" = 400 ] && grep -q "How often must be a whole number of days, weeks or months" "$T/b" && grep -q 'href="#every"' "$T/b" &&
    pass "a frequency that is not a number is refused in words" || fail "every x weeks gave $code"
agree every-count=9 every-unit=m
[ "$code" = 400 ] && grep -qE "at least every [0-9]+ (days?|weeks?|months?): agree" "$T/b" &&
    grep -q '<option value="m" selected>months</option>' "$T/b" &&
    pass "looser than the policy: the policy's frequency in words, what was chosen kept" ||
    fail "every 9 months gave $code: $(grep -o 'at least every [^:]*' "$T/b" | head -n 1)"
agree every-count=3 every-unit=w
get manager "/people/$worker/agreement"
grep -q '<dd class="govuk-summary-list__value[^"]*">every 3 weeks</dd>' "$T/b" && pass "the agreement says \"every 3 weeks\"" ||
    fail "the agreement does not say every 3 weeks"

done_testing
