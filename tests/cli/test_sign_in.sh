#!/usr/bin/env bash
# The attacks of the outside test on signing in, over real HTTP, each
# refused: wrong two-factor codes spread over password steps, junk sign-ins
# from a shared address locking others out, password guessing through a
# stolen session, enrolling a second factor without the password, secrets
# and files others could read, a set-up page that writes on GET, and log
# lines forged through a username.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

command -v oathtool >/dev/null || bail_out "oathtool is missing (tools/deps.sh build test)"
start_server

code() { oathtool --totp -b "$1" -N "now + ${2:-0} seconds"; }
key_on_page() { grep -o 'class="app-secret">[A-Z2-7 ]*' "$T/b" | cut -d'>' -f2 | tr -d ' '; }
offer_on_page() { grep -o 'name="offer" value="[^"]*"' "$T/b" | cut -d'"' -f4; }
# log_has TEXT: a line of the server's log has TEXT and ends with the client's address.
log_has() { grep -F "$1" "$T/serve.err" | grep -q '(from 127\.0\.0\.1)$'; }

# ---- files others could read ----
if [ -z "${OVERSIGHT_TEST_PG:-}" ]; then
    for f in "" -wal -shm; do
        m=$(stat -c %a "$DB$f" 2>/dev/null)
        [ "$m" = 600 ] && pass "the database file$f is 0600" || fail "the database file$f is ${m:-missing}"
    done
fi

# ---- the set-up page writes nothing; enrolling takes the password ----
sign_in worker "$T/worker"
snapshot "$T/before"
req -b "$T/worker" "$B/account/two-factor"
req -b "$T/worker" "$B/account/two-factor"
[ "$code" = 200 ] || fail "the set-up page gave $code"
unchanged "opening the two-factor set-up page twice changes nothing in the database"
key=$(key_on_page)
csrf=$(form_token)
offer=$(offer_on_page)
req -b "$T/worker" --data-urlencode "csrf=$csrf" --data-urlencode "offer=$offer" --data-urlencode "code=$(code "$key")" \
    "$B/account/two-factor"
[ "$code" = 400 ] && [ "$(sql "SELECT totp_enabled FROM users WHERE username = 'worker'")" = 0 ] &&
    pass "a session alone cannot enrol a phone: the password is asked" || fail "enrolling without the password gave $code"
req -b "$T/worker" --data-urlencode "csrf=$csrf" --data-urlencode "offer=$offer" --data-urlencode "code=$(code "$key")" \
    --data-urlencode "password=$PASSWORD" "$B/account/two-factor"
[ "$(sql "SELECT totp_enabled FROM users WHERE username = 'worker'")" = 1 ] &&
    pass "with the password it is turned on" || fail "enrolling with the password gave $code"
log_has 'two-factor sign-in turned on by "worker"' && pass "which is logged with the address" || fail "no log line for turning it on"

# ---- no secret in the clear ----
if [ -z "${OVERSIGHT_TEST_PG:-}" ]; then
    ! cat "$DB" "$DB-wal" 2>/dev/null | grep -a -q "$key" && pass "the two-factor key is nowhere in the database files" ||
        fail "the two-factor key is in the database in the clear"
    m=$(stat -c %a "$DB.key" 2>/dev/null)
    [ "$m" = 600 ] && pass "the key file that seals it is 0600" || fail "the key file is ${m:-missing}"
else
    ! sql "SELECT totp_secret FROM users" | grep -q "$key" && pass "the two-factor key is not in the database in the clear" ||
        fail "the two-factor key is in the database in the clear"
fi

# ---- rotating the key; sealing secrets left in the clear by an older version ----
keyfile=${OVERSIGHT_SECRET_KEY:-$DB.key}
cp "$keyfile" "$T/old.key"
before=$(sql "SELECT totp_secret FROM users WHERE username = 'worker'")
run ov secrets rotate
check "secrets rotate seals every secret under a new key" 0 "1 two-factor secret sealed under a new key; the old key is retired"
after=$(sql "SELECT totp_secret FROM users WHERE username = 'worker'")
! cmp -s "$keyfile" "$T/old.key" && [ "$(wc -l <"$keyfile")" = 1 ] && [ "$before" != "$after" ] && [ -n "$after" ] &&
    [ "$(stat -c %a "$keyfile")" = 600 ] && pass "the key file holds only the new key, still 0600" || fail "the key file after rotating"
sign_in worker "$T/w0"
req -b "$T/w0" "$B/sign-in/code"
req -b "$T/w0" --data-urlencode "csrf=$(form_token)" --data-urlencode "code=$(code "$key" 30)" "$B/sign-in/code"
[ "$code" = 303 ] && pass "the running server opens the secret under the new key" || fail "after rotating, the code gave $code"
clear=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP
sql "UPDATE users SET totp_secret = '$clear', totp_enabled = 1 WHERE username = 'admin'" >/dev/null
run ov secrets seal
check "secrets seal seals what an older version left in the clear" 0 "1 two-factor secret sealed"
[ "$(sql "SELECT count(*) FROM users WHERE totp_secret = '$clear'")" = 0 ] && pass "and it is no longer in the clear" || fail "still in the clear"
sql "UPDATE users SET totp_secret = NULL, totp_enabled = 0 WHERE username = 'admin'" >/dev/null

# ---- 16 wrong codes over four password steps ----
statuses=""
for cycle in 1 2 3 4; do
    sign_in worker "$T/w$cycle"
    [ "$code" = 303 ] || fail "password step $cycle gave $code"
    req -b "$T/w$cycle" "$B/sign-in/code"
    wcsrf=$(form_token)
    for _ in 1 2 3 4; do
        req -b "$T/w$cycle" --data-urlencode "csrf=$wcsrf" --data-urlencode "code=000000" "$B/sign-in/code"
        statuses="$statuses $code"
    done
done
[ "$(echo $statuses | tr ' ' '\n' | grep -c 401)" = 5 ] && [ "$(echo $statuses | tr ' ' '\n' | grep -c 429)" = 11 ] &&
    pass "16 wrong codes over 4 password steps: the 6th and later are refused (429)" || fail "the codes gave:$statuses"
has_header "Retry-After: [1-9]" && pass "with Retry-After" || fail "no Retry-After"
sign_in worker "$T/w5"
req -b "$T/w5" "$B/sign-in/code"
req -b "$T/w5" --data-urlencode "csrf=$(form_token)" --data-urlencode "code=$(code "$key" 30)" "$B/sign-in/code"
[ "$code" = 429 ] && pass "while locked, even the right code waits" || fail "the right code while locked gave $code"
log_has 'wrong two-factor code for "worker"' && log_has 'second factor locked for "worker" by wrong codes' &&
    pass "wrong and locked codes are logged with the address" || fail "no log lines for wrong or locked codes"

# ---- junk sign-ins from one address do not lock others out ----
for i in $(seq 50); do sign_in "junk$i" "$T/junk" "not a password"; done
[ "$code" = 401 ] && pass "50 junk sign-ins from one address are each refused (401)" || fail "the 50th junk sign-in gave $code"
sign_in manager "$T/manager"
[ "$code" = 303 ] && pass "then the right password of another account from that address signs in" ||
    fail "after 50 junk sign-ins, the manager's sign-in gave $code"
log_has 'signed in as "manager"' && log_has 'failed sign-in as "junk50"' &&
    pass "successful and failed sign-ins are logged with the address" || fail "no log lines for sign-ins"
for _ in 1 2 3; do sign_in senior "$T/senior" "a guess"; done
sign_in senior "$T/senior" "another guess"
[ "$code" = 429 ] && has_header "Retry-After: [1-9]" && pass "guessing one account's password: the guesser waits (429, Retry-After)" ||
    fail "the 4th guess gave $code"
sign_in auditor "$T/auditor"
[ "$code" = 303 ] && pass "and others at that address sign in as ever" || fail "the auditor's sign-in gave $code"

# ---- password guessing through a stolen session ----
acsrf=$(csrf_of "$T/auditor")
for _ in 1 2 3; do
    req -b "$T/auditor" --data-urlencode "csrf=$acsrf" --data-urlencode "current=a guess" \
        --data-urlencode "new=a brand new password" --data-urlencode "confirm=a brand new password" "$B/account/password"
done
[ "$code" = 400 ] && grep -q "current password is not right" "$T/b" || fail "a wrong current password gave $code"
req -b "$T/auditor" --data-urlencode "csrf=$acsrf" --data-urlencode "current=another guess" \
    --data-urlencode "new=a brand new password" --data-urlencode "confirm=a brand new password" "$B/account/password"
[ "$code" = 429 ] && has_header "Retry-After: [1-9]" && pass "guessing the current password to change it is throttled (429)" ||
    fail "the 4th guess at the current password gave $code"
log_has 'password change: wrong current password for "auditor"' && pass "and logged" || fail "no log line for a wrong current password"
sleep 3
sign_in admin "$T/admin"
dcsrf=$(csrf_of "$T/admin")
req -b "$T/admin" --data-urlencode "csrf=$dcsrf" --data-urlencode "current=$PASSWORD" \
    --data-urlencode "new=a brand new password" --data-urlencode "confirm=a brand new password" "$B/account/password"
[ "$code" = 303 ] && log_has 'password changed by "admin"' && pass "a password change is logged" || fail "changing the password gave $code"

# ---- a username cannot forge a log line ----
sign_in $'nobody\noversight serve: signed in as "admin" (from 10.0.0.1)' "$T/forge" "x"
[ "$code" = 401 ] || fail "the forged username gave $code"
! grep -q '^oversight serve: signed in as "admin" (from 10.0.0.1)' "$T/serve.err" && grep -qF 'nobody\noversight serve' "$T/serve.err" &&
    pass "a line break in a username is escaped: it forges no log line" || fail "a username forged a log line"
bad=$(grep -v '^oversight serve: .*(from 127\.0\.0\.1)$\|^oversight serve: [^(]*$\|on port' "$T/serve.err" | head -n 3)
[ -z "$bad" ] && pass "every log line is one event of the server" || fail "log lines of another form: $bad"
done_testing
