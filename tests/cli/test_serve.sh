#!/usr/bin/env bash
# oversight serve over real HTTP on loopback: sign-in, sessions, CSRF,
# throttling, timeouts, limits, security headers, and a clean stop.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

fresh_db
ov init >/dev/null
ov import staff "$EXAMPLES/due/council-1/staff.csv" >/dev/null 2>&1
ov import cases "$EXAMPLES/due/council-1/cases.csv" >/dev/null 2>&1
ov user add alice --staff S005 --password-stdin <<<"correct horse battery" >/dev/null
ov user add mallory --password-stdin <<<"another good password" >/dev/null
ov user add carol --password-stdin <<<"carol's first password" >/dev/null

serve serve
pid=$server_pid
[ -n "$port" ] && pass "serving on port $port" || { fail "did not start" "$(cat "$T/serve.err")"; done_testing; exit 1; }
B=http://127.0.0.1:$port

req "$B/"
[ "$code" = 303 ] && has_header "Location: /sign-in" && pass "signed out: / sends to the sign-in page" || fail "GET / gave $code"
for h in "Content-Security-Policy: default-src 'self'; script-src 'self'" "X-Content-Type-Options: nosniff" \
    "X-Frame-Options: DENY" "Referrer-Policy: no-referrer" "Cache-Control: no-store"; do
    has_header "$h" && pass "header $h" || fail "missing header $h"
done
if grep -i "^Content-Security-Policy" "$T/h" | grep -q "unsafe-inline"; then fail "CSP allows inline code"; else pass "CSP without inline code"; fi

sign_in alice "$T/jar" "wrong password here"
[ "$code" = 401 ] && pass "a wrong password is refused (401)" || fail "wrong password gave $code"
grep -q "govuk-error-summary" "$T/b" && grep -q "not right" "$T/b" && pass "with an error summary" || fail "no error summary"
grep -q 'value="alice"' "$T/b" && pass "the username typed is kept" || fail "username lost"
[ "$(sql "SELECT count(*) FROM sign_in_failures WHERE username = 'pair alice 127.0.0.1'")" = 1 ] && pass "the failure is counted" || fail "failure not counted"

sign_in '<script>alert(1)</script>' "$T/jar" "whatever password"
if grep -q '<script>alert' "$T/b"; then fail "a username is echoed unescaped"; else pass "an echoed username is escaped"; fi

rm -f "$T/jar"
req --data-urlencode "username=alice" --data-urlencode "password=correct horse battery" "$B/sign-in"
[ "$code" = 400 ] && pass "a sign-in without its form token is refused" || fail "no form token gave $code"

sign_in alice "$T/jar" "correct horse battery"
[ "$code" = 303 ] && pass "right password: signed in" || fail "sign-in gave $code"
grep -i '^Set-Cookie: ov_session=' "$T/h" | grep -q 'HttpOnly; SameSite=Strict' && pass "session cookie HttpOnly, SameSite=Strict" || fail "cookie flags: $(grep -i set-cookie "$T/h")"
token=$(awk '$6 == "ov_session" {print $7}' "$T/jar")
[ "${#token}" = 43 ] && pass "a 256-bit session token" || fail "token '$token'"
if sql "SELECT token_hash FROM web_sessions" | grep -qF "$token"; then fail "the token is stored"; else pass "only the token's hash is stored"; fi
[ "$(sql "SELECT count(*) FROM sign_in_failures WHERE username = 'pair alice 127.0.0.1'")" = 0 ] && pass "failures cleared on success" || fail "failures kept"

req -b "$T/jar" "$B/"
[ "$code" = 200 ] && grep -q "My supervision" "$T/b" && pass "My supervision page" || fail "GET / gave $code"
grep -q "C0045" "$T/b" && pass "shows alice's own cases" || fail "no cases"
req -H "Cookie: theme=dark; ov_session=\"$token\"; other=\"q r\"" "$B/"
[ "$code" = 200 ] && grep -q "My supervision" "$T/b" && pass "the session cookie is found among others, quoted or not" || fail "cookies among others gave $code"
want=$(ov due --worker S005 --format csv --status overdue | grep -c '^case,')
got=$(grep -o 'govuk-tag--red">Overdue' "$T/b" | wc -l)
[ "$got" = $((want + 1)) ] && pass "overdue items agree with oversight due ($want cases and alice)" || fail "overdue: page $got, due $want + 1"

csrf=$(form_token)
req -b "$T/jar" -X POST "$B/sign-out"
[ "$code" = 403 ] && pass "sign-out without the form token is refused" || fail "sign-out without token gave $code"
grep -q "form token" "$T/serve.err" && pass "the refusal is logged" || fail "refusal not logged"
req -b "$T/jar" -c "$T/jar2" --data-urlencode "csrf=$csrf" "$B/sign-out"
[ "$code" = 303 ] && pass "sign-out with the form token" || fail "sign-out gave $code"
req -b "ov_session=$token" "$B/"
[ "$code" = 303 ] && pass "the old session no longer works" || fail "old session gave $code"

# Two requests change the same password at once: one wins, the other changes
# nothing (409 when it lost the race after checking, 400 when it checked
# the password already changed, 403 when its session had already ended).
sign_in carol "$T/carol" "carol's first password"
ccsrf=$(csrf_of "$T/carol")
racers=""
for racer in 1 2; do
    curl -s -o /dev/null -w '%{http_code}' -b "$T/carol" --data-urlencode "csrf=$ccsrf" \
        --data-urlencode "current=carol's first password" --data-urlencode "new=carol's new password $racer" \
        --data-urlencode "confirm=carol's new password $racer" "$B/account/password" >"$T/race$racer" &
    racers="$racers $!"
done
wait $racers
codes="$(cat "$T/race1") $(cat "$T/race2")"
case $codes in
"303 409" | "409 303" | "303 400" | "400 303" | "303 403" | "403 303") pass "two password changes at once: one wins ($codes)" ;;
*) fail "two password changes at once gave $codes" ;;
esac
[ "$(cat "$T/race1")" = 303 ] && won=1 lost=2 || won=2 lost=1
sign_in carol "$T/carol" "carol's new password $lost"
[ "$code" = 401 ] && pass "the loser's password was not set" || fail "the loser's password gave $code"
sign_in carol "$T/carol" "carol's new password $won"
[ "$code" = 303 ] && pass "the winner's password signs in" || fail "the winner's password gave $code"

# Idle timeout, and a disabled account losing its session.
sign_in alice "$T/jar" "correct horse battery"
sql "UPDATE web_sessions SET last_seen_at = last_seen_at - 1900 WHERE ended_at IS NULL" >/dev/null
req -b "$T/jar" "$B/"
[ "$code" = 303 ] && pass "an idle session expires" || fail "idle session gave $code"
sign_in alice "$T/jar" "correct horse battery"
sql "UPDATE web_sessions SET created_at = created_at - 13 * 3600 WHERE ended_at IS NULL" >/dev/null
req -b "$T/jar" "$B/"
[ "$code" = 303 ] && pass "a session expires 12 hours after signing in, however busy" || fail "old busy session gave $code"
sign_in alice "$T/jar" "correct horse battery"
ov user disable alice >/dev/null
req -b "$T/jar" "$B/"
[ "$code" = 303 ] && pass "disabling an account ends its session" || fail "disabled account gave $code"

# Throttling: after 5 failures even the right password waits.
for _ in 1 2 3 4 5; do sign_in mallory "$T/jar" "not the password"; done
sign_in mallory "$T/jar" "another good password"
[ "$code" = 429 ] && has_header "Retry-After" && pass "throttled after 5 failures (429)" || fail "6th attempt gave $code"

# ... and by address: many accounts tried from one place pause them all.
before=$(sql "SELECT count(*) FROM sign_in_failures WHERE username = 'address 127.0.0.1'")
sign_in 'address 127.0.0.1' "$T/jar" "whatever password"
[ "$(sql "SELECT count(*) FROM sign_in_failures WHERE username = 'address 127.0.0.1'")" = $((before + 1)) ] &&
    pass "a failure counts against the address, and a username that is not one counts only there" ||
    fail "address failures" "$(sql "SELECT username, count(*) FROM sign_in_failures GROUP BY username")"
now=$(date +%s)
for i in $(seq 50); do echo "INSERT INTO sign_in_failures (username, at) VALUES ('address 127.0.0.1', $now);"; done >"$T/fail.sql"
sql <"$T/fail.sql" >/dev/null
sign_in alice "$T/jar" "correct horse battery"
[ "$code" = 401 ] && pass "50 failures from one address pause no name that has not failed there: it is checked (alice is disabled)" ||
    fail "address throttle gave $code"
sql "DELETE FROM sign_in_failures" >/dev/null

# Limits and unknown routes.
head -c 2000000 /dev/zero | tr '\0' a >"$T/big"
req --data-binary @"$T/big" -H 'Content-Type: application/x-www-form-urlencoded' "$B/sign-in"
[ "$code" = 413 ] && pass "a 2 MB body: 413" || fail "big body gave $code"
req -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' a)" "$B/"
[ "$code" = 431 ] && pass "40 kB of headers: 431" || fail "big headers gave $code"
req "$B/no/such/page"
[ "$code" = 404 ] && pass "unknown page: 404" || fail "unknown page gave $code"
req -X DELETE "$B/sign-in"
[ "$code" = 405 ] && pass "wrong method: 405" || fail "DELETE gave $code"
req --data-binary 'pre=%zz' -H 'Content-Type: application/x-www-form-urlencoded' "$B/sign-in"
[ "$code" = 400 ] && pass "a malformed form: 400" || fail "bad escape gave $code"
req --data-binary $'pre=a\x01b' -H 'Content-Type: application/x-www-form-urlencoded' "$B/sign-in"
[ "$code" = 400 ] && pass "a control character in a form: 400" || fail "control character gave $code"
req "$B/sign-in?x=%ff%fe"
[ "$code" = 400 ] && pass "a query that is not UTF-8: 400" || fail "bad query gave $code"
req "$B/sign-in?x=a%00b"
[ "$code" = 400 ] && pass "a query holding %00: 400, not a value cut short" || fail "%00 in a query gave $code"
req "$B/sign-in?x%00y=1"
[ "$code" = 400 ] && pass "a query name holding %00: 400" || fail "%00 in a query name gave $code"
req "$B/sign-in?x=a%01b"
[ "$code" = 400 ] && pass "a control character in a query: 400" || fail "%01 in a query gave $code"
req "$B/sign-in?x=a%09b%0D%0A"
[ "$code" = 200 ] && pass "tab and line breaks in a query are text" || fail "%09 in a query gave $code"
req --data-binary $'--XYZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nabc' -H 'Content-Type: multipart/form-data; boundary=XYZ' "$B/sign-out"
[ "$code" = 400 ] && pass "a truncated multipart body is refused (400)" || fail "truncated multipart gave $code"
req --data-binary @"$T/big" -H 'Content-Type: multipart/form-data; boundary=XYZ' "$B/admin/imports"
[ "$code" = 413 ] && pass "a 2 MB multipart body from someone signed out: 413" || fail "big multipart gave $code"

kill -TERM "$pid"
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
    fail "still running 10 s after SIGTERM"
    kill -KILL "$pid"
else
    wait "$pid"
    rc=$?
    [ "$rc" = 0 ] && pass "SIGTERM: a clean exit" || fail "exit status $rc after SIGTERM" "$(tail -n 20 "$T/serve.err")"
fi

# HTTPS: served directly with a certificate, cookies are Secure and HSTS is sent.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 -subj /CN=localhost 2>/dev/null
serve tls --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
req -k "https://127.0.0.1:$port/sign-in"
[ "$code" = 200 ] && pass "HTTPS with --tls-cert and --tls-key" || fail "HTTPS gave $code" "$(cat "$T/tls.err")"
grep -i '^Set-Cookie:' "$T/h" | grep -q '; Secure' && pass "over HTTPS cookies are Secure" || fail "over HTTPS cookies are Secure"
has_header "Strict-Transport-Security: max-age=" && pass "over HTTPS: Strict-Transport-Security" || fail "no HSTS over HTTPS"
kill -TERM "$server_pid"
wait "$server_pid"
run ov serve --tls-cert "$T/cert.pem"
check "--tls-cert without --tls-key is a usage error" 2 "go together"
run ov serve --max-per-address many
check "--max-per-address takes a number" 2 "max-per-address"
run ov serve --max-per-address -1
check "--max-per-address is not negative" 2 "max-per-address"

# Behind a TLS-terminating proxy: --secure-cookies.
serve sc --secure-cookies
req "http://127.0.0.1:$port/sign-in"
grep -i '^Set-Cookie:' "$T/h" | grep -q '; Secure' && pass "--secure-cookies marks cookies Secure" || fail "--secure-cookies marks cookies Secure"
kill -TERM "$server_pid"
wait "$server_pid"

# The per-address limit, set to one: a second connection from the same
# address is refused while the first is open, and accepted once it closes.
serve pa --max-per-address 1
exec 3<>"/dev/tcp/127.0.0.1/$port"
req --max-time 5 "http://127.0.0.1:$port/sign-in"
[ "$code" = 000 ] && pass "--max-per-address 1: a second connection is refused" || fail "--max-per-address 1: a second connection is refused ($code)"
exec 3>&-
for _ in $(seq 30); do # the server sees the close within moments
    req --max-time 5 "http://127.0.0.1:$port/sign-in"
    [ "$code" = 200 ] && break
    sleep 0.1
done
[ "$code" = 200 ] && pass "and accepted once the first closes" || fail "and accepted once the first closes ($code)"
kill -TERM "$server_pid"
wait "$server_pid"

# Connections opened at once, as a browser or a proxy opens several, are
# spread over the server's threads (at least 2), not all taken by the one
# thread that woke first: a connection is answered in turn with the others
# of its thread, so a thread holding most of them answered several times
# slower than another. Each thread waits on its own epoll set; 16 connections
# from 16 addresses, held open, must be in more than one (all in one by
# chance: 1 in 2^15 with two threads).
serve threads
spread=$(python3 - "$server_pid" "$port" <<'PY'
import os, socket, sys, time
pid, port = sys.argv[1], int(sys.argv[2])
def sets():
    n = {}
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == "anon_inode:[eventpoll]":
                n[fd] = sum(line.startswith("tfd:") for line in open(f"/proc/{pid}/fdinfo/{fd}"))
        except OSError:
            pass
    return n
before = sets()
conns = []
for i in range(16):
    c = socket.socket()
    c.bind((f"127.0.0.{i + 2}", 0))
    c.connect(("127.0.0.1", port))
    conns.append(c)
time.sleep(0.5)
after = sets()
print(" ".join(str(after[fd] - before.get(fd, 0)) for fd in sorted(after) if after[fd] > before.get(fd, 0)))
PY
)
if [ "$(wc -w <<<"$spread")" -ge 2 ]; then pass "16 connections opened at once are spread over the threads ($spread)"; else
    fail "16 connections opened at once are spread over the threads" "connections per thread: $spread"
fi
kill -TERM "$server_pid"
wait "$server_pid"
done_testing
