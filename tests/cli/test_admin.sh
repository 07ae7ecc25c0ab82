#!/usr/bin/env bash
# The admin pages and "your account" over real HTTP: CSV uploads with the
# command line's validation and messages (nothing written on a bad file),
# accounts and roles, teams, the policy check, changing a password; and the
# audit log of every change.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server
sign_in admin "$T/admin"
csrf=$(csrf_of "$T/admin")
[ -n "$csrf" ] || { echo "Bail out! no form token for the admin"; exit 1; }

# upload KIND FILE [JAR] [CSRF]: posts the file as the import form does.
upload() {
    req -b "${3:-$T/admin}" -F "csrf=${4:-$csrf}" -F "kind=$1" -F "file=@$2;type=text/csv" "$B/admin/imports"
}

# A bad file: a 400 with the GOV.UK error summary naming file, line and column; nothing written.
printf 'id,name,role,start_date\nW900,A B,social-worker,2026-01-01\nW901,C D,wizard,2026-01-01\n' >"$T/staff.csv"
snapshot "$T/before"
upload staff "$T/staff.csv"
[ "$code" = 400 ] && pass "a bad file is refused (400)" || fail "a bad file gave $code"
grep -q 'govuk-error-summary' "$T/b" && grep -q 'staff.csv:3: role &quot;wizard&quot;: not a role in the policy' "$T/b" &&
    pass "the error summary names file, line and column" || fail "the error summary names file, line and column" "$(grep -o 'staff.csv:[^<]*' "$T/b" | head -3)"
grep -q 'Nothing was imported' "$T/b" && pass "the page says nothing was imported" || fail "the page says nothing was imported"
unchanged "a bad upload changes nothing"
grep -q 'value="staff" checked' "$T/b" && pass "the chosen kind is kept" || fail "the chosen kind is kept"

# Same messages as the command line.
cp "$T/staff.csv" "$T/cli-staff.csv"
run ov import staff "$T/staff.csv"
grep -q 'staff.csv:3: role "wizard": not a role in the policy' "$T/err" && pass "the command line says the same" || fail "the command line says the same"

req -b "$T/admin" -F "csrf=$csrf" -F "kind=staff" "$B/admin/imports"
[ "$code" = 400 ] && grep -q "Select a CSV file" "$T/b" && pass "no file: asked to select one" || fail "no file gave $code"
req -b "$T/admin" -F "csrf=$csrf" -F "file=@$T/staff.csv;type=text/csv" "$B/admin/imports"
[ "$code" = 400 ] && grep -q "Select what is in the file" "$T/b" && pass "no kind: asked to choose one" || fail "no kind gave $code"
upload staff "$T/staff.csv" "$T/admin" "not-the-token"
[ "$code" = 403 ] && pass "an upload without the form token is refused" || fail "an upload without the form token gave $code"

# A good file: imported, reported and audited.
team=$(sql "SELECT name FROM teams ORDER BY name LIMIT 1")
printf 'name,service,manager\n"%s",Audited Service,S00001\n' "$team" >"$T/teams.csv"
upload teams "$T/teams.csv"
[ "$code" = 200 ] && grep -q "1 row was imported" "$T/b" && pass "a good file is imported (1 row, not 1 rows)" || fail "a good file gave $code"
[ "$(sql "SELECT v.name FROM teams t JOIN services v ON v.ref = t.service_ref WHERE t.name = '$team'")" = "Audited Service" ] &&
    pass "the upload reached the database" || fail "the upload reached the database"
[ "$(sql "SELECT count(*) FROM audit_log a JOIN users u ON u.ref = a.user_ref WHERE u.username = 'admin' AND a.action = 'import' AND a.detail LIKE 'teams file teams.csv%'")" = 1 ] &&
    pass "the import is in the audit log" || fail "the import is in the audit log"

# The import form's body built by hand, so that a field may hold any byte:
# import_body KIND FILE, KIND a printf format (\001 is a byte).
import_body() {
    {
        printf -- '--XYZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n%s\r\n' "$csrf"
        printf -- '--XYZ\r\nContent-Disposition: form-data; name="kind"\r\n\r\n'
        printf -- "$1"
        printf -- '\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="teams.csv"\r\nContent-Type: text/csv\r\n\r\n'
        cat "$2"
        printf -- '\r\n--XYZ--\r\n'
    } >"$T/body"
}
post_body() { req -b "$T/admin" --data-binary @"$T/body" -H 'Content-Type: multipart/form-data; boundary=XYZ' "$B/admin/imports"; }
import_body teams "$T/teams.csv"
post_body
[ "$code" = 200 ] && grep -q "1 row was imported" "$T/b" && pass "a multipart body built by hand is read as curl's is" || fail "a hand-built upload gave $code"
snapshot "$T/before"
import_body 'teams\000' "$T/teams.csv"
post_body
[ "$code" = 400 ] && grep -q "could not be read" "$T/b" && pass "a NUL in a multipart field: 400" || fail "a NUL in a multipart field gave $code"
import_body 'te\000ams' "$T/teams.csv"
post_body
[ "$code" = 400 ] && grep -q "could not be read" "$T/b" && pass "a NUL inside a multipart field: 400, not a value cut short" || fail "a NUL inside a multipart field gave $code"
import_body 'teams\001' "$T/teams.csv"
post_body
[ "$code" = 400 ] && grep -q "could not be read" "$T/b" && pass "a control character in a multipart field: 400" || fail "a control character in a multipart field gave $code"
import_body 'teams\377' "$T/teams.csv"
post_body
[ "$code" = 400 ] && grep -q "could not be read" "$T/b" && pass "a multipart field that is not UTF-8: 400" || fail "a multipart field not UTF-8 gave $code"
import_body 'teams%%00' "$T/teams.csv"
post_body
[ "$code" = 400 ] && grep -q "Select what is in the file" "$T/b" &&
    pass "%00 in a multipart field is text, not an escape: read whole and judged by the page" || fail "%00 in a multipart field gave $code"
unchanged "refused multipart fields change nothing"
# A file's bytes are anything: a NUL in the file reaches the CSV reader.
printf 'name,service,manager\n"%s",Audited\000Service,S00001\n' "$team" >"$T/nul.csv"
import_body teams "$T/nul.csv"
post_body
[ "$code" = 400 ] && grep -q "govuk-error-summary" "$T/b" && pass "a NUL in an uploaded file is the CSV reader's to refuse" || fail "a NUL in a file gave $code"
unchanged "and it changes nothing"
# A field arriving in two pieces, the first too short to tell whether the
# delimiter follows: libmicrohttpd reports the part before its bytes.
import_body teams "$T/teams.csv"
head=$(grep -abo 'name="kind"' "$T/body" | cut -d: -f1)
head=$((head + 15 + 2)) # name="kind", the blank line, "te"
port=${B##*:}
cookie=$(awk '$6 == "ov_session" { print $7 }' "$T/admin")
{
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'POST /admin/imports HTTP/1.1\r\nHost: x\r\nCookie: ov_session=%s\r\nContent-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: %d\r\nConnection: close\r\n\r\n' \
        "$cookie" "$(wc -c <"$T/body")" >&3
    head -c "$head" "$T/body" >&3
    sleep 0.5
    tail -c +"$((head + 1))" "$T/body" >&3
    cat <&3 >"$T/b"
    exec 3<&-
}
head -n 1 "$T/b" | grep -q ' 200 ' && grep -q "1 row was imported" "$T/b" &&
    pass "a field sent in two pieces is read whole" || fail "a field sent in two pieces" "$(head -n 1 "$T/b")"

# Only an admin may send a large body: anyone else is cut off at 1 MB.
sign_in worker "$T/worker"
wcsrf=$(csrf_of "$T/worker")
head -c 3000000 /dev/zero | tr '\0' 'a' >"$T/big.csv"
upload staff "$T/big.csv" "$T/worker" "$wcsrf"
[ "$code" = 413 ] && pass "a worker's 3 MB upload is refused (413)" || fail "a worker's 3 MB upload gave $code"
upload staff "$T/big.csv"
[ "$code" = 400 ] && pass "an admin's 3 MB upload is read and checked" || fail "an admin's 3 MB upload gave $code"

# choose LINK PASSWORD: opens the one-time link as a browser would and
# chooses PASSWORD on it; $code and $T/b are the post's.
choose() {
    rm -f "$T/linkjar"
    req -c "$T/linkjar" "$B$1"
    local form
    form=$(grep -o 'name="form" value="[^"]*"' "$T/b" | cut -d'"' -f4)
    req -b "$T/linkjar" -c "$T/linkjar" --data-urlencode "form=$form" --data-urlencode "password=$2" \
        --data-urlencode "confirm=$2" "$B$1"
}
# link_on_page: the one-time link on the last page.
link_on_page() { grep -o '/password/[A-Za-z0-9_-]\{43\}' "$T/b" | head -n 1; }

# Accounts: add one; the admin is shown a one-time link, never a password;
# the person chooses their own on it. Then grant and remove a role, disable it.
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "username=newbie" --data-urlencode "staff=S00010" "$B/admin/users"
link=$(link_on_page)
[ "$code" = 200 ] && [ -n "$link" ] && pass "an account is added with a one-time link" || fail "adding an account gave $code"
grep -qF "$B$link<" "$T/b" && pass "the link is shown whole, with the service's public address" ||
    fail "the link is not shown with the public address $B"
grep -qi "password is" "$T/b" && fail "the admin is shown the new account's password" || pass "the admin is shown no password for a new account"
req "$B$link"
grep -q '<input [^>]*id="password"[^>]* aria-describedby="password-hint"' "$T/b" && ! grep -q '&quot;password-hint' "$T/b" &&
    pass "the new password's hint is announced with it (aria-describedby, not escaped)" ||
    fail "the new password field does not point at its hint: $(grep -o 'aria-describedby=[^>]*' "$T/b")"
choose "$link" "newbie's own password"
[ "$code" = 200 ] && grep -q "Your password is saved" "$T/b" && pass "the person chooses their password on the link" ||
    fail "choosing a password on the link gave $code"
sign_in newbie "$T/newbie" "newbie's own password"
[ "$code" = 303 ] && pass "the chosen password signs in" || fail "the chosen password gave $code"
req "$B$link"
[ "$code" = 404 ] && grep -q "This link does not work" "$T/b" && pass "a used link is refused with a clear page (404)" ||
    fail "a used link gave $code"
choose "$link" "someone else's password"
[ "$code" = 404 ] && pass "a used link cannot set a password again" || fail "posting to a used link gave $code"
sign_in newbie "$T/newbie-again" "someone else's password"
[ "$code" = 401 ] && pass "and its password stays the person's" || fail "the second choice signed in: $code"

# The person is told what was done to their account: a banner on the pages
# after signing in until they acknowledge it, and a list on their account page.
req -b "$T/newbie" "$B/account"
grep -q '<input [^>]*id="new"[^>]* aria-describedby="new-hint"' "$T/b" && ! grep -q '&quot;new-hint' "$T/b" &&
    pass "the account page's new password points at its hint (aria-describedby, not escaped)" ||
    fail "the new password field does not point at its hint: $(grep -o 'aria-describedby=[^>]*' "$T/b")"
grep -q 'id="account-notices"' "$T/b" && grep -q "Your account was made, for staff record S00010" "$T/b" &&
    pass "the new account's person sees the change after signing in" || fail "no notice after signing in ($code)"
grep -q 'id="changes"' "$T/b" && grep -q "<td class=\"govuk-table__cell\">admin</td>" "$T/b" &&
    pass "their account page lists the change and who made it" || fail "the account page lists no change"
upto=$(grep -o 'name="upto" value="[0-9]*"' "$T/b" | cut -d'"' -f4)
req -b "$T/newbie" --data-urlencode "csrf=$(form_token)" --data-urlencode "upto=$upto" "$B/account/notices"
[ "$code" = 303 ] && pass "the notices are acknowledged" || fail "acknowledging gave $code"
req -b "$T/newbie" "$B/account"
! grep -q 'id="account-notices"' "$T/b" && grep -q "Your account was made" "$T/b" &&
    pass "acknowledged: the banner goes, the account page keeps the list" || fail "after acknowledging"

# A reset: the admin sees a link, not a password; the old password and the
# person's sessions end; they are told at their next sign-in.
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "action=reset-password" "$B/admin/users/newbie"
link=$(link_on_page)
[ "$code" = 200 ] && [ -n "$link" ] && pass "a reset gives the admin a one-time link" || fail "a reset gave $code"
grep -qi "password of newbie is\|new password is" "$T/b" && fail "the admin is shown the reset password" ||
    pass "the admin is shown no password on a reset"
req -b "$T/newbie" "$B/account"
[ "$code" = 303 ] && pass "a reset ends the person's sessions" || fail "after a reset the session gave $code"
sign_in newbie "$T/newbie" "newbie's own password"
[ "$code" = 401 ] && pass "a reset ends the old password" || fail "the old password after a reset gave $code"
choose "$link" "newbie's second password"
sign_in newbie "$T/newbie" "newbie's second password"
[ "$code" = 303 ] && pass "the person chooses a new password on the reset link" || fail "after the reset link: $code"
req -b "$T/newbie" "$B/account"
grep -q "Your password was reset" "$T/b" && grep -q "You chose your password through a link" "$T/b" &&
    pass "the reset and the link's use are shown to the person" || fail "the reset is not shown to the person"
# An expired link is refused.
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "action=reset-password" "$B/admin/users/newbie"
link=$(link_on_page)
sql "UPDATE password_links SET expires_at = created_at - 1" >/dev/null
req "$B$link"
[ "$code" = 404 ] && grep -q "This link does not work" "$T/b" && pass "an expired link is refused with a clear page" ||
    fail "an expired link gave $code"
choose "$link" "newbie's third password"
[ "$code" = 404 ] && pass "an expired link sets no password" || fail "posting to an expired link gave $code"
sql "UPDATE password_links SET expires_at = created_at + 3600" >/dev/null
choose "$link" "newbie's own password"
sign_in newbie "$T/newbie" "newbie's own password"

# Nobody grants their own account a role or links it to a staff record.
snapshot "$T/before"
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "action=grant" --data-urlencode "role=auditor" "$B/admin/users/admin"
[ "$code" = 400 ] && grep -q "You cannot give your own account a role" "$T/b" && pass "an admin cannot grant themselves a role" ||
    fail "granting oneself a role gave $code"
free=$(sql "SELECT s.id FROM staff s WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.staff_ref = s.ref) ORDER BY s.id LIMIT 1")
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "action=link" --data-urlencode "staff=$free" "$B/admin/users/admin"
[ "$code" = 400 ] && grep -q "You cannot give your own account a staff record" "$T/b" &&
    pass "an admin cannot link their own account to a staff record" || fail "linking oneself gave $code"
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "username=another" --data-urlencode "staff=S00010" "$B/admin/users"
[ "$code" = 400 ] && grep -q "has an account already" "$T/b" && pass "a second account for a staff record is refused" ||
    fail "a second account for a staff record gave $code"
unchanged "the refused account changes changed nothing"

# Disabling an account ends its calendar feed (404, as an unknown feed) and its sessions at once.
sign_in manager "$T/manager"
req -b "$T/manager" --data-urlencode "csrf=$(csrf_of "$T/manager")" "$B/account/calendar"
feed=$(grep -o '/calendar/[A-Za-z0-9_-]\{43\}\.ics' "$T/b" | head -n 1)
req "$B$feed"
[ "$code" = 200 ] && grep -q "BEGIN:VCALENDAR" "$T/b" && pass "the manager's feed answers" || fail "the manager's feed gave $code"
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "action=disable" "$B/admin/users/manager"
req "$B$feed"
[ "$code" = 404 ] && pass "a disabled account's feed answers 404" || fail "a disabled account's feed gave $code"
req -b "$T/manager" "$B/account"
[ "$code" = 303 ] && pass "a disabled account's session has ended" || fail "a disabled account's session gave $code"
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "action=enable" "$B/admin/users/manager"
req "$B$feed"
[ "$code" = 404 ] && pass "enabling the account again does not bring the old feed back" || fail "the feed after enabling gave $code"
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "username=newbie" "$B/admin/users"
[ "$code" = 400 ] && grep -q "govuk-error-summary" "$T/b" && pass "a taken username is refused" || fail "a taken username gave $code"
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "action=grant" --data-urlencode "role=senior-manager" "$B/admin/users/newbie"
[ "$code" = 400 ] && grep -q "Enter the service" "$T/b" && pass "a senior manager needs a service" || fail "senior manager without service gave $code"
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "action=grant" --data-urlencode "role=senior-manager" --data-urlencode "scope=Audited Service" "$B/admin/users/newbie"
[ "$(sql "SELECT count(*) FROM user_roles r JOIN users u ON u.ref = r.user_ref WHERE u.username = 'newbie' AND r.role = 'senior-manager' AND r.scope = 'Audited Service'")" = 1 ] &&
    pass "a role is granted" || fail "a role is granted ($code)"
req -b "$T/newbie" "$B/services/Audited%20Service"
[ "$code" = 200 ] && pass "the new senior manager sees their service" || fail "the new senior manager's service gave $code"
req -b "$T/newbie" "$B/services"
grep -q 'Audited Service</a> (1 team)</li>' "$T/b" && pass "a service of one team says \"(1 team)\", not \"(1 teams)\"" ||
    fail "the services list says: $(grep -o 'Audited Service</a> ([^)]*)' "$T/b")"
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "action=revoke" --data-urlencode "role=senior-manager" --data-urlencode "scope=Audited Service" "$B/admin/users/newbie"
req -b "$T/newbie" "$B/services/Audited%20Service"
[ "$code" = 403 ] && pass "a removed role takes effect at once" || fail "after removing the role: $code"
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "action=disable" "$B/admin/users/newbie"
req -b "$T/newbie" "$B/"
[ "$code" = 303 ] && pass "disabling an account ends its session" || fail "a disabled account's session gave $code"
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "action=disable" "$B/admin/users/admin"
[ "$code" = 400 ] && pass "an admin cannot disable their own account" || fail "self-disable gave $code"

# Teams: a manager who does not exist is refused with the typed values kept.
enc_team=$(enc "$team")
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "service=Typed Service" --data-urlencode "manager=NOBODY" "$B/admin/teams/$enc_team"
[ "$code" = 400 ] && grep -q "There is no staff member with this id" "$T/b" && grep -q 'value="Typed Service"' "$T/b" &&
    pass "a team change with an unknown manager is refused, keeping what was typed" || fail "unknown manager gave $code"
[ "$(sql "SELECT count(*) FROM services WHERE name = 'Typed Service'")" = 0 ] && pass "and nothing was written" || fail "a refused team change wrote a service"
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "service=Typed Service" --data-urlencode "manager=S00002" "$B/admin/teams/$enc_team"
[ "$code" = 303 ] && [ "$(sql "SELECT m.id FROM teams t JOIN staff m ON m.ref = t.manager_ref WHERE t.name = '$team'")" = S00002 ] &&
    pass "a team's service and manager are changed" || fail "team change gave $code"

# The policy check: a bad policy names its line; nothing changes.
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "policy=name: x
role nqsw every 1 fortnight" "$B/admin/policy"
[ "$code" = 400 ] && grep -q "govuk-error-summary" "$T/b" && grep -q "policy:[0-9]" "$T/b" && pass "a bad policy is reported with its line" ||
    fail "a bad policy gave $code" "$(grep -o 'policy:[^<]*' "$T/b" | head -2)"
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "policy=$(ov policy show --builtin national)" "$B/admin/policy"
[ "$code" = 200 ] && grep -q "The policy is valid: <strong>National" "$T/b" && grep -q "Check the new policy" "$T/b" &&
    pass "a good policy is reported valid" || fail "a good policy gave $code"

# The policy page shows the lifecycle settings, escaped like everything else.
req -b "$T/admin" "$B/admin/policy"
[ "$code" = 200 ] && grep -q "Signed within 7 days of being sent" "$T/b" && grep -q "Reviewed 12 months after they were agreed" "$T/b" &&
    grep -q "Answered within 10 days" "$T/b" && pass "the policy page shows the timings" || fail "the policy page's timings ($code)"
grep -q ">90 minutes<" "$T/b" && grep -q ">60 minutes<" "$T/b" && pass "the policy page shows session lengths" ||
    fail "the policy page shows no session lengths"
grep -q "Checklist: Family placement (foster carers and adopters)" "$T/b" && grep -q "Carers&#39; requests for respite" "$T/b" &&
    pass "the policy page shows the family placement checklist" || fail "the policy page shows no checklist"
grep -q "Prompt set: Three questions: worries" "$T/b" && grep -q "What are we worried about?" "$T/b" &&
    pass "the policy page shows the prompt sets" || fail "the policy page shows no prompt sets"

# Changing your own password.
req -b "$T/worker" --data-urlencode "csrf=$wcsrf" --data-urlencode "current=wrong password" --data-urlencode "new=a brand new password" --data-urlencode "confirm=a brand new password" "$B/account/password"
[ "$code" = 400 ] && grep -q "not right" "$T/b" && pass "a wrong current password is refused" || fail "wrong current password gave $code"
req -b "$T/worker" --data-urlencode "csrf=$wcsrf" --data-urlencode "current=$PASSWORD" --data-urlencode "new=short" --data-urlencode "confirm=short" "$B/account/password"
[ "$code" = 400 ] && grep -q "govuk-error-message" "$T/b" && pass "a short new password is refused" || fail "short password gave $code"
req -b "$T/worker" --data-urlencode "csrf=$wcsrf" --data-urlencode "current=$PASSWORD" --data-urlencode "new=a brand new password" --data-urlencode "confirm=a brand new passwort" "$B/account/password"
[ "$code" = 400 ] && grep -q "not the same" "$T/b" && pass "two different new passwords are refused" || fail "mismatch gave $code"
req -b "$T/worker" --data-urlencode "csrf=$wcsrf" --data-urlencode "current=$PASSWORD" --data-urlencode "new=a brand new password" --data-urlencode "confirm=a brand new password" "$B/account/password"
[ "$code" = 303 ] && pass "the password is changed" || fail "password change gave $code"
req -b "$T/worker" "$B/"
[ "$code" = 303 ] && pass "changing the password ends the session" || fail "the old session gave $code"
sign_in worker "$T/worker" "a brand new password"
[ "$code" = 303 ] && pass "the new password signs in" || fail "the new password gave $code"

# ---- Both doors: the admin pages and `oversight user` make each change
# through the same service, so they leave the same audit row (action and
# detail, naming the same account); only the actor differs: the admin's
# username, or the operator at the command line.
operator="command line (unix user $(id -un))"
last_audit() {
    sql "SELECT a.action || '|' || a.detail || '|' || COALESCE(u.username, a.actor) FROM audit_log a
         LEFT JOIN users u ON u.ref = a.user_ref ORDER BY a.ref DESC LIMIT 1"
}
audit_count() { sql "SELECT count(*) FROM audit_log"; }
# same_row NAME CLI_ROW WEB_ROW: action and detail equal; actors as designed.
same_row() {
    local cli=$2 web=$3
    if [ "${cli%|*}" = "${web%|*}" ] && [ "${cli##*|}" = "$operator" ] && [ "${web##*|}" = admin ]; then
        pass "$1: the same audit row from both doors (${cli%|*})"
    else
        fail "$1: the same audit row from both doors" "command line: $cli" "admin page:   $web"
    fi
}
# web_user ACCOUNT FIELD=VALUE...: the admin page's form for that account.
web_user() {
    local who=$1
    shift
    local args=(--data-urlencode "csrf=$csrf")
    for f in "$@"; do args+=(--data-urlencode "$f"); done
    req -b "$T/admin" "${args[@]}" "$B/admin/users/$who"
}

# Adding an account: the same row but for the username.
run ov user add viacli
cli_row=$(last_audit)
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "username=viaweb" "$B/admin/users"
web_row=$(last_audit)
same_row "adding an account" "${cli_row//viacli/NAME}" "${web_row//viaweb/NAME}"

# Each reversible change, once through each door on the same account.
run ov user grant viacli --role "senior-manager:Audited Service"
cli_row=$(last_audit)
run ov user revoke viacli --role "senior-manager:Audited Service"
cli_row2=$(last_audit)
web_user viacli action=grant role=senior-manager "scope=Audited Service"
web_row=$(last_audit)
web_user viacli action=revoke role=senior-manager "scope=Audited Service"
web_row2=$(last_audit)
same_row "granting a role" "$cli_row" "$web_row"
same_row "removing a role" "$cli_row2" "$web_row2"

run ov user disable viacli
cli_row=$(last_audit)
run ov user enable viacli
cli_row2=$(last_audit)
web_user viacli action=disable
web_row=$(last_audit)
web_user viacli action=enable
web_row2=$(last_audit)
same_row "disabling an account" "$cli_row" "$web_row"
same_row "enabling an account" "$cli_row2" "$web_row2"

run ov user reset-password viacli
cli_row=$(last_audit)
web_user viacli action=reset-password
web_row=$(last_audit)
same_row "resetting a password" "$cli_row" "$web_row"

free_staff=$(sql "SELECT s.id FROM staff s WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.staff_ref = s.ref) ORDER BY s.id LIMIT 1")
run ov user link viacli --staff "$free_staff"
cli_row=$(last_audit)
run ov user unlink viacli
cli_row2=$(last_audit)
web_user viacli action=link "staff=$free_staff"
web_row=$(last_audit)
web_user viacli action=unlink
web_row2=$(last_audit)
same_row "linking a staff record" "$cli_row" "$web_row"
same_row "unlinking a staff record" "$cli_row2" "$web_row2"

# Requiring two-factor sign-in cannot be undone: one account through each door.
run ov user require-two-factor viacli
cli_row=$(last_audit)
web_user viaweb action=require-two-factor
web_row=$(last_audit)
same_row "requiring two-factor sign-in" "${cli_row//viacli/NAME}" "${web_row//viaweb/NAME}"

# An import: the same file, by the same name, through each door (the
# command line names the file as it is given, the page as the browser sends
# it). A refused file adds no row through either.
cd "$T" || exit 1
run ov import teams teams.csv
cd - >/dev/null || exit 1
check "the command line imports the teams file" 0 "teams.csv: imported 1 teams rows"
cli_row=$(last_audit)
upload teams "$T/teams.csv"
web_row=$(last_audit)
same_row "importing a file" "$cli_row" "$web_row"
rows_before=$(audit_count)
run ov import staff "$T/staff.csv"
check "the command line refuses the bad staff file" 1 "nothing was imported"
upload staff "$T/staff.csv"
[ "$code" = 400 ] && [ "$(audit_count)" = "$rows_before" ] && pass "a refused import adds no audit row, through either door" ||
    fail "a refused import gave $code and $(audit_count) audit rows (was $rows_before)"

# A change made twice, as when two admins click at once: the second is a
# conflict (409 with the reason; exit 1), never a failure, and adds no row.
web_user viacli action=disable
rows_before=$(audit_count)
web_user viacli action=disable
[ "$code" = 409 ] && grep -q "is disabled already" "$T/b" && pass "a lost race to disable an account is a conflict (409)" ||
    fail "a second disable gave $code"
run ov user disable viacli
check "the command line says the same" 1 "The account viacli is disabled already. Nothing changed."
web_user viacli action=revoke role=auditor
[ "$code" = 409 ] && grep -q "does not have the role auditor" "$T/b" && pass "removing a role it no longer has is a conflict (409)" ||
    fail "removing a missing role gave $code"
[ "$(audit_count)" = "$rows_before" ] && pass "a conflict adds no audit row" || fail "a conflict added an audit row"
# A team saved from a page shown before someone else changed it.
req -b "$T/admin" --data-urlencode "csrf=$csrf" --data-urlencode "service=Stale Service" --data-urlencode "manager=" \
    --data-urlencode "shown_service=Not What It Is" --data-urlencode "shown_manager=" "$B/admin/teams/$enc_team"
[ "$code" = 409 ] && grep -q "Someone else changed this team meanwhile" "$T/b" && grep -q 'value="Stale Service"' "$T/b" &&
    pass "a team changed meanwhile is a conflict (409), keeping what was typed" || fail "a stale team form gave $code"
[ "$(sql "SELECT count(*) FROM services WHERE name = 'Stale Service'")" = 0 ] && pass "and nothing was written" ||
    fail "a stale team form wrote a service"

# The lock-out rules, through both doors. The demo has one admin: "admin".
snapshot "$T/before"
run ov user revoke admin --role admin
check "the command line cannot remove the last admin's role" 1 "admin is the last active admin and cannot lose the admin role"
run ov user disable admin
check "the command line cannot disable the last admin" 1 "admin is the last active admin and cannot be disabled"
web_user admin action=revoke role=admin
[ "$code" = 400 ] && grep -q "You cannot remove your own admin role" "$T/b" && pass "an admin cannot remove their own admin role" ||
    fail "removing one's own admin role gave $code"
web_user admin action=disable
[ "$code" = 400 ] && grep -q "You cannot disable your own account" "$T/b" && pass "an admin cannot disable themselves" ||
    fail "self-disable gave $code"
unchanged "the refused changes changed nothing"
# With a second admin, one may remove the other's role; then the second is the last.
run ov user add admin2 --role admin --password-stdin <<<"$PASSWORD"
sign_in admin2 "$T/admin2"
csrf2=$(csrf_of "$T/admin2")
req -b "$T/admin2" --data-urlencode "csrf=$csrf2" --data-urlencode "action=revoke" --data-urlencode "role=admin" "$B/admin/users/admin"
[ "$code" = 200 ] && [ "$(last_audit)" = "role|removed admin from admin|admin2" ] && pass "a second admin removes the first's admin role" ||
    fail "a second admin removing the first's role gave $code: $(last_audit)"
req -b "$T/admin" "$B/admin/users"
[ "$code" = 403 ] && pass "the removed role takes effect at once" || fail "the former admin's admin page gave $code"
run ov user revoke admin2 --role admin
check "the last admin keeps the role, whoever asks" 1 "admin2 is the last active admin"
run ov user disable admin2
check "and stays enabled" 1 "admin2 is the last active admin and cannot be disabled"
run ov user grant admin --role admin
check "the command line grants the role back" 0 "role granted"
run ov user grant admin --role admin
check "granting a role held is refused" 1 "admin has the role admin already"

req -b "$T/admin" "$B/admin"
grep -q "Recent changes" "$T/b" && grep -q "granted senior-manager:Audited Service to viacli" "$T/b" &&
    grep -qF "$operator" "$T/b" && pass "the admin page shows the audit log, the command line's changes too" ||
    fail "the admin page shows the audit log"
done_testing
