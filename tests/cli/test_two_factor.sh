#!/usr/bin/env bash
# Two-factor sign-in (RFC 6238) over real HTTP, with codes from oathtool (an
# independent implementation): setting it up (with the password), signing in
# with it, refusing wrong and replayed codes, throttling, recovery codes, an
# admin requiring it and resetting it, turning it off (with the password).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

command -v oathtool >/dev/null || bail_out "oathtool is missing (tools/deps.sh build test)"
start_server

# code KEY [SECONDS]: the code for now (or SECONDS from now).
code() { oathtool --totp -b "$1" -N "now + ${2:-0} seconds"; }
# key_on_page: the key the last page (the set-up page) shows.
key_on_page() { grep -o 'class="app-secret">[A-Z2-7 ]*' "$T/b" | cut -d'>' -f2 | tr -d ' '; }
# offer_on_page: the sealed secret the set-up form carries.
offer_on_page() { grep -o 'name="offer" value="[^"]*"' "$T/b" | cut -d'"' -f4; }
# recovery_codes: the recovery codes on the last page, one a line.
recovery_codes() { grep -o '<li><code>[a-z0-9-]*</code>' "$T/b" | sed 's/<[^>]*>//g'; }

# set_up USER: signs in and turns two-factor on with the code of now; prints the key.
set_up() {
    sign_in "$1" "$T/$1"
    req -b "$T/$1" "$B/account/two-factor"
    local key csrf offer
    key=$(key_on_page)
    csrf=$(form_token)
    offer=$(offer_on_page)
    req -b "$T/$1" --data-urlencode "csrf=$csrf" --data-urlencode "offer=$offer" --data-urlencode "code=$(code "$key")" \
        --data-urlencode "password=$PASSWORD" "$B/account/two-factor"
    echo "$key"
}

sign_in worker "$T/worker"
req -b "$T/worker" "$B/account/two-factor"
key=$(key_on_page)
[ ${#key} = 32 ] && pass "the set-up page shows a 32-character key" || fail "no key on the set-up page"
grep -q '<svg ' "$T/b" && grep -q 'QR code for your authenticator app' "$T/b" && pass "and a labelled QR code" || fail "no QR code"
grep -q 'name="turn" value="on"' "$T/b" && pass "the form says it turns it on" || fail "the set-up form does not say what it is for"
csrf=$(form_token)
offer=$(offer_on_page)
[ -n "$offer" ] && ! grep -q "$key" <<<"$offer" && pass "the form carries the key sealed" || fail "no sealed offer in the form"
[ "$(sql "SELECT coalesce(totp_secret, 'none') FROM users WHERE username = 'worker'")" = none ] &&
    pass "opening the set-up page writes no secret" || fail "the set-up page wrote a secret"
req -b "$T/worker" --data-urlencode "csrf=$csrf" --data-urlencode "offer=$offer" --data-urlencode "code=000000" \
    --data-urlencode "password=$PASSWORD" "$B/account/two-factor"
[ "$code" = 400 ] && grep -q "govuk-error-summary" "$T/b" && pass "a wrong code does not turn it on" || fail "a wrong set-up code gave $code"
[ "$(key_on_page)" = "$key" ] && pass "the form comes back with the same key" || fail "the key changed after a wrong code"
[ "$(sql "SELECT totp_enabled FROM users WHERE username = 'worker'")" = 0 ] && pass "and nothing changed" || fail "a wrong code turned it on"
first=$(code "$key") # kept: the replay below sends this very code, whatever the clock says by then
req -b "$T/worker" --data-urlencode "csrf=$csrf" --data-urlencode "offer=$offer" --data-urlencode "code=$first" "$B/account/two-factor"
[ "$code" = 400 ] && grep -q "Enter your password" "$T/b" && [ "$(sql "SELECT totp_enabled FROM users WHERE username = 'worker'")" = 0 ] &&
    pass "without the password it is not turned on" || fail "turning on without the password gave $code"
req -b "$T/worker" --data-urlencode "csrf=$csrf" --data-urlencode "offer=$offer" --data-urlencode "code=$first" \
    --data-urlencode "password=$PASSWORD" "$B/account/two-factor"
[ "$code" = 200 ] && [ "$(sql "SELECT totp_enabled FROM users WHERE username = 'worker'")" = 1 ] &&
    pass "the app's code and the password turn it on" || fail "the right set-up code gave $code"
recovery_codes >"$T/recovery"
[ "$(sort -u "$T/recovery" | wc -l)" = 10 ] && pass "ten recovery codes are shown" || fail "recovery codes: $(cat "$T/recovery")"
[ "$(sql "SELECT count(*) FROM audit_log WHERE detail = 'two-factor sign-in turned on'")" = 1 ] && pass "which is audited" || fail "not audited"
req -b "$T/worker" --data-urlencode "csrf=$csrf" --data-urlencode "turn=on" --data-urlencode "offer=$offer" \
    --data-urlencode "code=$(code "$key" 30)" --data-urlencode "password=$PASSWORD" "$B/account/two-factor"
[ "$code" = 409 ] && grep -q "turned on already" "$T/b" && [ "$(sql "SELECT totp_enabled FROM users WHERE username = 'worker'")" = 1 ] &&
    pass "the set-up form sent again from another window: 409, and it stays on" || fail "a second turn-on gave $code"

# Signing in now takes the password, then the code.
sign_in worker "$T/w2"
[ "$code" = 303 ] && has_header "Location: /sign-in/code" && pass "after the password: asked for the code" || fail "password step gave $code"
req -b "$T/w2" "$B/"
[ "$code" = 303 ] && has_header "Location: /sign-in" && pass "half signed in: no pages" || fail "half signed in, / gave $code"
req -b "$T/w2" "$B/api/v1/me"
[ "$code" = 401 ] && pass "half signed in: no API" || fail "half signed in, API gave $code"
req -b "$T/w2" "$B/sign-in/code"
wcsrf=$(form_token)
grep -q 'autocomplete="one-time-code"' "$T/b" && pass "the code form asks for a one-time code" || fail "the code form"
req -b "$T/w2" -c "$T/w2" --data-urlencode "csrf=$wcsrf" --data-urlencode "code=$first" "$B/sign-in/code"
[ "$code" = 401 ] && grep -q "not right" "$T/b" && pass "the code already used to set up is refused (no replay)" || fail "replayed code gave $code"
next=$(code "$key" 30)
req -b "$T/w2" -c "$T/w2" --data-urlencode "csrf=$wcsrf" --data-urlencode "code=${next:0:3} ${next:3}" "$B/sign-in/code"
[ "$code" = 303 ] && pass "the next code, typed with a space, signs in" || fail "the next code gave $code"
req -b "$T/w2" "$B/"
[ "$code" = 200 ] && pass "and the pages open" || fail "after the code, / gave $code"

sign_in worker "$T/w3"
req -b "$T/w3" "$B/sign-in/code"
wcsrf=$(form_token)
req -b "$T/w3" -c "$T/w3" --data-urlencode "csrf=$wcsrf" --data-urlencode "code=$next" "$B/sign-in/code"
[ "$code" = 401 ] && pass "a code used to sign in is refused the second time" || fail "a second use gave $code"
req -b "$T/w3" -c "$T/w3" --data-urlencode "code=$next" "$B/sign-in/code"
[ "$code" = 403 ] && pass "a code post without the form token is refused" || fail "no form token gave $code"

# A recovery code signs in instead of the app's code, once.
rcode=$(sed -n 2p "$T/recovery")
req -b "$T/w3" -c "$T/w3" --data-urlencode "csrf=$wcsrf" --data-urlencode "code=$rcode" "$B/sign-in/code"
[ "$code" = 303 ] && pass "a recovery code signs in" || fail "a recovery code gave $code"
grep -q 'signed in as "worker" with a recovery code' "$T/serve.err" && pass "which is logged" || fail "no log line for the recovery code"
sign_in worker "$T/w4"
req -b "$T/w4" "$B/sign-in/code"
wcsrf=$(form_token)
req -b "$T/w4" -c "$T/w4" --data-urlencode "csrf=$wcsrf" --data-urlencode "code=$rcode" "$B/sign-in/code"
[ "$code" = 401 ] && pass "a recovery code used once is refused the second time" || fail "a spent recovery code gave $code"
[ -z "$(sql "SELECT code_hash FROM recovery_codes" | grep -F -f "$T/recovery")" ] &&
    pass "recovery codes are stored hashed" || fail "a recovery code is in the database in the clear"
for _ in 1 2 3 4; do req -b "$T/w4" --data-urlencode "csrf=$wcsrf" --data-urlencode "code=123456" "$B/sign-in/code"; done
req -b "$T/w4" --data-urlencode "csrf=$wcsrf" --data-urlencode "code=123456" "$B/sign-in/code"
[ "$code" = 429 ] && has_header "Retry-After: [1-9]" && pass "the sixth wrong code locks the second factor (429, Retry-After)" ||
    fail "the 6th wrong code gave $code"
grep -q 'second factor locked for "worker" by wrong codes' "$T/serve.err" && pass "which is logged" || fail "no log line for the lock"

# An admin requires it: the senior manager must set it up before anything else.
sign_in admin "$T/admin"
acsrf=$(csrf_of "$T/admin")
req -b "$T/admin" --data-urlencode "csrf=$acsrf" --data-urlencode "action=require-two-factor" "$B/admin/users/senior"
[ "$code" = 200 ] && pass "an admin requires two-factor sign-in of an account" || fail "requiring it gave $code"
sign_in senior "$T/senior"
req -b "$T/senior" "$B/services"
[ "$code" = 303 ] && has_header "Location: /account/two-factor" && pass "until it is set up, pages lead to the set-up" || fail "required, /services gave $code"
req -b "$T/senior" "$B/api/v1/me"
[ "$code" = 403 ] && pass "and the API refuses" || fail "required, API gave $code"
skey=$(set_up senior)
req -b "$T/senior" "$B/services"
[ "$code" = 200 ] && pass "once set up, the pages open" || fail "after set-up, /services gave $code"
req -b "$T/senior" "$B/account/two-factor"
scsrf=$(form_token)
req -b "$T/senior" --data-urlencode "csrf=$scsrf" --data-urlencode "code=$(code "$skey" 30)" \
    --data-urlencode "password=$PASSWORD" "$B/account/two-factor"
[ "$code" = 400 ] && grep -q "requires two-factor" "$T/b" && pass "a required second factor cannot be turned off" || fail "turning off a required one gave $code"

# Turning it off takes the password and a code.
mkey=$(set_up manager)
req -b "$T/manager" "$B/account/two-factor"
mcsrf=$(form_token)
req -b "$T/manager" --data-urlencode "csrf=$mcsrf" --data-urlencode "code=$(code "$mkey" 30)" \
    --data-urlencode "password=not the password" "$B/account/two-factor"
[ "$code" = 400 ] && grep -q "Your password is not right" "$T/b" && pass "not with a wrong password" || fail "turning off with a wrong password gave $code"
req -b "$T/manager" --data-urlencode "csrf=$mcsrf" --data-urlencode "code=$(code "$mkey" 30)" \
    --data-urlencode "password=$PASSWORD" "$B/account/two-factor"
[ "$code" = 303 ] && [ "$(sql "SELECT totp_enabled || '/' || coalesce(totp_secret, 'none') FROM users WHERE username = 'manager'")" = "0/none" ] &&
    pass "the password and a code turn it off, and the key is forgotten" || fail "turning off gave $code"
grep -q 'two-factor sign-in turned off by "manager"' "$T/serve.err" && pass "which is logged" || fail "no log line for turning it off"
sign_in manager "$T/m2"
[ "$code" = 303 ] && tr -d '\r' <"$T/h" | grep -qi '^Location: /$' && pass "then the password alone signs in" || fail "after turning off, sign-in gave $code"

# An admin resets a lost second factor: the password alone signs in again.
req -b "$T/admin" --data-urlencode "csrf=$acsrf" --data-urlencode "action=reset-two-factor" "$B/admin/users/worker"
[ "$code" = 200 ] && [ "$(sql "SELECT totp_enabled || '/' || coalesce(totp_secret, 'none') FROM users WHERE username = 'worker'")" = "0/none" ] &&
    pass "an admin resets a lost second factor" || fail "the admin's reset gave $code"
sign_in worker "$T/w5"
[ "$code" = 303 ] && tr -d '\r' <"$T/h" | grep -qi '^Location: /$' && pass "then the password alone signs in" || fail "after the reset, sign-in gave $code"
set_up worker >/dev/null
[ "$(sql "SELECT totp_enabled FROM users WHERE username = 'worker'")" = 1 ] && [ "$(recovery_codes | wc -l)" = 10 ] && ! grep -F -q -f "$T/recovery" "$T/b" &&
    pass "setting it up again gives new recovery codes" || fail "setting up again gave $code"
done_testing
