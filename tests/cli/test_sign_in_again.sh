#!/usr/bin/env bash
# Signed out while typing (frame.h, "what was typed"): a form sent after
# the session ended gets the sign-in form carrying its fields, never a bare
# "Sign in first."; once signed in (through the second factor too) they
# come back to be sent with a fresh form token, and are saved under the
# route's normal rules. Only the route table's own state-changing paths
# are carried to; too much is not carried, and says so.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server
demo_worker
sign_in_each manager
post manager /bookings supervisee="$worker_ref" date="$(date +%F)" start-time=09:00 place="Room 2"
booking=$(echo "$location" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$')
post manager "/bookings/$booking/record"
record=$(echo "$location" | grep -o '[0-9]*$')
[ -n "$record" ] || bail_out "no record to write"
token=$(csrf_of "$T/jar.manager")
# A browser says a form was posted from the site's own page (Sec-Fetch-Site).
here=(-H "Sec-Fetch-Site: same-origin")

# The session ends on the server (as after half an hour idle).
expire() {
    sql "UPDATE web_sessions SET created_at = created_at - 7200, last_seen_at = last_seen_at - 7200
         WHERE ended_at IS NULL AND user_ref = (SELECT ref FROM users WHERE username = '$1')" >/dev/null
}
expire manager
typed="Eighteen cases & one \"court\" report"
req "${here[@]}" -b "$T/jar.manager" -c "$T/jar.manager" --data-urlencode "csrf=$token" --data-urlencode "workload=$typed" \
    --data-urlencode "do=send" "$B/records/$record/save"
[ "$code" = 403 ] && grep -q '<h1 class="govuk-heading-l">Sign in</h1>' "$T/b" && ! grep -q 'Sign in first' "$T/b" &&
    pass "a form sent after the session ended gets the sign-in form, 403" || fail "the sign-in form (got $code)"
grep -q "name=\"carried-to\" value=\"/records/$record/save\"" "$T/b" &&
    grep -qF 'name="carried-workload" value="Eighteen cases &amp; one &quot;court&quot; report"' "$T/b" &&
    grep -q 'name="carried-do" value="send"' "$T/b" && ! grep -q 'name="carried-csrf"' "$T/b" &&
    pass "it carries the fields typed, escaped, and not the old form token" || fail "the fields carried"
grep -q 'What you typed is' "$T/b" && pass "it says what was typed is kept" || fail "no word that it is kept"
grep -q 'name="typed-by" value="manager"' "$T/b" && pass "it names whose session the form was typed in" ||
    fail "no typed-by"
cp "$T/b" "$T/signin-carrying"
cp "$T/jar.manager" "$T/jar.other" # the same browser, for whoever comes to it next
[ "$(sql "SELECT count(*) FROM record_items WHERE record_ref = $record AND text = 'Eighteen cases & one \"court\" report'")" = 0 ] &&
    pass "nothing was saved while signed out" || fail "it was saved without a session"

# Signing in with the fields carried: the page that sends them.
pre=$(grep -o 'name="pre" value="[^"]*"' "$T/b" | cut -d'"' -f4)
carried=()
while IFS= read -r line; do carried+=(--data-urlencode "$line"); done < <(
    grep -o 'name="\(carried-[^"]*\|typed-by\)" value="[^"]*"' "$T/b" | sed 's/^name="\([^"]*\)" value="\(.*\)"$/\1=\2/' |
        sed 's/&amp;/\&/g; s/&quot;/"/g')
req "${here[@]}" -b "$T/jar.manager" -c "$T/jar.manager" --data-urlencode "pre=$pre" --data-urlencode "username=manager" \
    --data-urlencode "password=$PASSWORD" "${carried[@]}" "$B/sign-in"
fresh=$(form_token "$T/b")
[ "$code" = 200 ] && grep -q 'Send what you typed' "$T/b" && grep -q "action=\"/records/$record/save\"" "$T/b" &&
    [ -n "$fresh" ] && [ "$fresh" != "$token" ] && grep -q 'name="do" value="send"' "$T/b" &&
    pass "signed in: the fields come back, to send with a fresh token" || fail "the page to send them (got $code)"
req -b "$T/jar.manager" --data-urlencode "csrf=$fresh" --data-urlencode "workload=$typed" --data-urlencode "do=send" \
    "$B/records/$record/save"
[ "$code" = 303 ] && [ "$(sql "SELECT v.state FROM records r JOIN record_versions v ON v.record_ref = r.ref
    AND v.version = r.latest_version WHERE r.ref = $record")" = sent ] &&
    [ "$(sql "SELECT count(*) FROM record_items WHERE record_ref = $record AND topic = 'workload' AND text = '$(
        printf '%s' "$typed" | sed "s/'/''/g")'")" = 1 ] &&
    pass "sent: saved as typed and the record sent" || fail "not saved and sent (got $code)"

# On a shared computer, someone else signs in on that sign-in form: what the
# manager typed is not given back to them to send as theirs.
pre=$(grep -o 'name="pre" value="[^"]*"' "$T/signin-carrying" | cut -d'"' -f4)
req "${here[@]}" -b "$T/jar.other" -c "$T/jar.other" --data-urlencode "pre=$pre" --data-urlencode "username=worker" \
    --data-urlencode "password=$PASSWORD" "${carried[@]}" "$B/sign-in"
[ "$code" = 200 ] && ! grep -q 'Send what you typed' "$T/b" && ! grep -q 'Eighteen cases' "$T/b" &&
    grep -q 'typed by someone else' "$T/b" && pass "another account signing in is not given the form to send" ||
    fail "another account given the form (got $code)"

# Carried only to the route table's own state-changing paths.
for to in "https://elsewhere.example/steal" "//elsewhere.example/x" "/sign-out" "/account/password" "/admin/users" \
    "/records/$record"; do
    sign_in manager "$T/jar.m2"
    expire manager
    curl -s -c "$T/jar.m2" -b "$T/jar.m2" "$B/sign-in" -o "$T/form"
    pre=$(grep -o 'name="pre" value="[^"]*"' "$T/form" | cut -d'"' -f4)
    req "${here[@]}" -b "$T/jar.m2" --data-urlencode "pre=$pre" --data-urlencode "username=manager" \
        --data-urlencode "password=$PASSWORD" --data-urlencode "carried-to=$to" --data-urlencode "carried-x=1" "$B/sign-in"
    [ "$code" = 303 ] && ! grep -q 'Send what you typed' "$T/b" &&
        pass "nothing is carried to $to" || fail "carried to $to (got $code)"
done

# A password is never carried into a page.
expire manager
req "${here[@]}" -b "$T/jar.manager" --data-urlencode "csrf=$token" --data-urlencode "current=$PASSWORD" \
    --data-urlencode "new=another long password" "$B/account/password"
[ "$code" = 403 ] && ! grep -q 'carried-' "$T/b" && pass "a password form is not carried" || fail "a password carried (got $code)"

# Too much to carry: not carried, and the page says so.
expire manager
big=$(head -c 270000 /dev/zero | tr '\0' 'x')
printf 'csrf=%s&workload=%s' "$token" "$big" >"$T/big"
req "${here[@]}" -b "$T/jar.manager" --data-binary "@$T/big" "$B/records/$record/save"
[ "$code" = 403 ] && ! grep -q 'carried-workload' "$T/b" && grep -q 'too long to keep' "$T/b" &&
    pass "too much is not carried, and the page says so" || fail "too much (got $code)"

# Another site's page may post a form here (a signed-out visitor's browser
# sends it without the session's cookie): it is never carried, so it can
# never come back after signing in as a page that sends it with one click.
for how in "Sec-Fetch-Site: cross-site" "Sec-Fetch-Site: same-site" "Origin: https://elsewhere.example" \
    "Origin: null" "X-Nothing: said"; do
    req -H "$how" --data-urlencode "do=send" --data-urlencode "workload=Written elsewhere" "$B/records/$record/sign"
    [ "$code" = 403 ] && ! grep -q 'carried-' "$T/b" && ! grep -q 'What you typed is' "$T/b" &&
        pass "a form posted with \"$how\" is not carried" || fail "carried with \"$how\" (got $code)"
done
req -H "Origin: http://127.0.0.1:$port" --data-urlencode "do=send" --data-urlencode "workload=Typed here" \
    "$B/records/$record/save"
grep -q 'name="carried-workload" value="Typed here"' "$T/b" &&
    pass "a form whose Origin is this site is carried (no Sec-Fetch-Site)" || fail "not carried with this Origin"
# Signed in, with a wrong token: another site's form gets no page with the token.
sign_in manager "$T/jar.m3"
req -H "Sec-Fetch-Site: cross-site" -b "$T/jar.m3" --data-urlencode "csrf=wrong" --data-urlencode "do=save" \
    --data-urlencode "workload=Written elsewhere" "$B/records/$record/save"
[ "$code" = 403 ] && ! grep -q 'Send what you typed' "$T/b" && ! grep -q "$(csrf_of "$T/jar.m3")" "$T/b" &&
    pass "signed in, another site's form gets no page to send it" || fail "another site's form given back (got $code)"
# And the sign-in with fields carried must itself come from the site's page.
sign_in manager "$T/jar.m2"
expire manager
curl -s -c "$T/jar.m2" -b "$T/jar.m2" "$B/sign-in" -o "$T/form"
pre=$(grep -o 'name="pre" value="[^"]*"' "$T/form" | cut -d'"' -f4)
req -H "Sec-Fetch-Site: cross-site" -b "$T/jar.m2" --data-urlencode "pre=$pre" --data-urlencode "username=manager" \
    --data-urlencode "password=$PASSWORD" --data-urlencode "carried-to=/records/$record/save" \
    --data-urlencode "carried-do=save" "$B/sign-in"
[ "$code" = 303 ] && ! grep -q 'Send what you typed' "$T/b" &&
    pass "a sign-in posted from elsewhere gives nothing back to send" || fail "given back (got $code)"

# Through the second factor: the code form carries them on.
code() { oathtool --totp -b "$1" -N "now + ${2:-0} seconds"; }
sign_in manager "$T/jar.manager"
req -b "$T/jar.manager" "$B/account/two-factor"
key=$(grep -o 'class="app-secret">[A-Z2-7 ]*' "$T/b" | cut -d'>' -f2 | tr -d ' ')
req -b "$T/jar.manager" --data-urlencode "csrf=$(form_token)" \
    --data-urlencode "offer=$(grep -o 'name="offer" value="[^"]*"' "$T/b" | cut -d'"' -f4)" \
    --data-urlencode "code=$(code "$key")" --data-urlencode "password=$PASSWORD" "$B/account/two-factor"
grep -q 'Two-factor sign-in is on' "$T/b" || bail_out "two-factor sign-in could not be turned on"
post manager /bookings supervisee="$worker_ref" date="$(date +%F)" start-time=11:00 place="Room 2"
booking=$(echo "$location" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$')
post manager "/bookings/$booking/record"
second=$(echo "$location" | grep -o '[0-9]*$')
token=$(csrf_of "$T/jar.manager")
expire manager
req "${here[@]}" -b "$T/jar.manager" -c "$T/jar.manager" --data-urlencode "csrf=$token" --data-urlencode "training=Court skills" \
    --data-urlencode "do=save" "$B/records/$second/save"
pre=$(grep -o 'name="pre" value="[^"]*"' "$T/b" | cut -d'"' -f4)
req "${here[@]}" -b "$T/jar.manager" -c "$T/jar.manager" --data-urlencode "pre=$pre" --data-urlencode "username=manager" \
    --data-urlencode "password=$PASSWORD" --data-urlencode "carried-to=/records/$second/save" \
    --data-urlencode "carried-training=Court skills" --data-urlencode "carried-do=save" "$B/sign-in"
[ "$code" = 200 ] && grep -q 'Enter your code' "$T/b" && grep -q 'name="carried-training" value="Court skills"' "$T/b" &&
    pass "with two-factor sign-in, the code form carries them on" || fail "the code form (got $code)"
req "${here[@]}" -b "$T/jar.manager" -c "$T/jar.manager" --data-urlencode "csrf=$(form_token)" --data-urlencode "code=$(code "$key" 30)" \
    --data-urlencode "carried-to=/records/$second/save" --data-urlencode "carried-training=Court skills" \
    --data-urlencode "carried-do=save" "$B/sign-in/code"
fresh=$(form_token "$T/b")
[ "$code" = 200 ] && grep -q 'Send what you typed' "$T/b" && grep -q 'name="training" value="Court skills"' "$T/b" &&
    pass "the code entered: the fields come back to send" || fail "after the code (got $code)"
req -b "$T/jar.manager" --data-urlencode "csrf=$fresh" --data-urlencode "training=Court skills" --data-urlencode "do=save" \
    "$B/records/$second/save"
[ "$code" = 303 ] && [ "$(sql "SELECT count(*) FROM record_items WHERE record_ref = $second AND topic = 'training'
    AND text = 'Court skills'")" = 1 ] && pass "and saved" || fail "not saved after the second factor (got $code)"
done_testing
