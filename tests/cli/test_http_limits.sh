#!/usr/bin/env bash
# The edges of oversight serve's HTTP, over raw sockets and curl: the whole
# body capped as it arrives (whatever its encoding) and refused before it is
# read; the security headers on every answer, refusals included; NUL in a
# path; 405 with Allow, and HEAD wherever GET; TLS 1.2 and 1.3 only; the
# public address from --public-url, never from the Host header; deadlines
# for a slow client's headers and body.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

PY=/usr/bin/python3

fresh_db
ov init >/dev/null
ov import staff "$EXAMPLES/due/council-1/staff.csv" >/dev/null 2>&1
ov user add alice --staff S005 --password-stdin <<<"correct horse battery" >/dev/null
ov user add root --role admin --password-stdin <<<"the admin's own password" >/dev/null

serve serve --public-url https://oversight.example.org/
[ -n "$port" ] || bail_out "the server did not start: $(cat "$T/serve.err")"
B=http://127.0.0.1:$port

# raw REQUEST: sends the bytes of REQUEST (printf escapes) on a new
# connection, without a body, and leaves what comes back within 3 seconds
# in $T/raw (status line first), $code the status.
raw() {
    "$PY" - "$port" "$1" >"$T/raw" <<'EOF'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
s.settimeout(3)
got = b""
try:
    while b"\r\n\r\n" not in got:
        piece = s.recv(4096)
        if not piece:
            break
        got += piece
except OSError:
    pass
sys.stdout.write(got.decode("latin-1"))
EOF
    code=$(head -n 1 "$T/raw" | cut -d' ' -f2)
    code=${code:-none}
}

# secure_headers FILE: the security headers are all in FILE.
secure_headers() {
    local h
    for h in "Content-Security-Policy: default-src 'self'" "X-Content-Type-Options: nosniff" \
        "X-Frame-Options: DENY" "Referrer-Policy: no-referrer" "Cache-Control: no-store"; do
        grep -qi "^$h" "$1" || return 1
    done
}

# ---- the whole body capped, before it is kept (finding: 63 chunked parts
# of 1 MiB to /sign-in, no closing boundary, grew the server 65 MB) ----
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status"; }
before=$(rss)
"$PY" - "$port" >"$T/attack" <<'EOF'
import socket, sys
port = int(sys.argv[1])
conns = []
for _ in range(4):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(5)
    s.sendall(b"POST /sign-in HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
              b"Content-Type: multipart/form-data; boundary=XYZ\r\n\r\n")
    conns.append([s, 0, True])
for i in range(63):
    part = b'--XYZ\r\nContent-Disposition: form-data; name="f%d"\r\n\r\n' % i + b"a" * (1 << 20) + b"\r\n"
    chunk = b"%x\r\n" % len(part) + part + b"\r\n"
    for c in conns:
        if not c[2]:
            continue
        try:
            c[0].sendall(chunk)
            c[1] += len(chunk)
        except OSError:
            c[2] = False
print(max(c[1] for c in conns) // (1 << 20))
EOF
after=$(rss)
sent=$(cat "$T/attack")
[ -n "$before" ] && [ -n "$after" ] && [ $((after - before)) -lt 16384 ] &&
    pass "4 chunked multipart bodies of 63 MiB without a closing boundary: the server grows under 16 MB ($((after - before)) kB)" ||
    fail "the server grew from ${before:-?} kB to ${after:-?} kB under 4 chunked bodies of 63 MiB"
[ -n "$sent" ] && [ "$sent" -lt 16 ] &&
    pass "a chunked body is cut off once past 1 MiB: the client sent ${sent} MiB of 63" ||
    fail "a chunked body past 1 MiB was read on (${sent:-?} MiB of 63 sent)"
grep -q "body passed 1048576 bytes" "$T/serve.err" && pass "the cut is logged" || fail "the cut is not logged"

raw 'POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000000\r\n\r\n'
[ "$code" = 413 ] && pass "a declared 2 MB body: 413 before a byte of it is sent" || fail "a declared 2 MB body unsent gave $code"
secure_headers "$T/raw" && pass "the 413 carries the security headers" || fail "the 413 lacks security headers" "$(cat "$T/raw")"
raw 'POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n'
[ "$code" = 413 ] && pass "Expect: 100-continue with 2 MB: 413, not 100 Continue" || fail "Expect: 100-continue with 2 MB gave $code"
raw 'POST /admin/imports HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n'
[ "$code" = 413 ] && pass "2 MB to the import route, signed out: 413 before the body" || fail "2 MB to the import route, signed out, gave $code"
sign_in root "$T/root" "the admin's own password"
cookie=$(awk '$6 == "ov_session" {print $7}' "$T/root")
raw "POST /admin/imports HTTP/1.1\r\nHost: x\r\nCookie: ov_session=$cookie\r\nContent-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n"
[ "$code" = 100 ] && pass "2 MB to the import route from a signed-in admin: 100 Continue (the upload limit)" ||
    fail "2 MB to the import route from an admin gave $code"
raw "POST /records/1/save HTTP/1.1\r\nHost: x\r\nCookie: ov_session=$cookie\r\nContent-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n"
[ "$code" = 413 ] && pass "2 MB to any other route, even from an admin: 413" || fail "2 MB to another route from an admin gave $code"
head -c 1100000 /dev/zero | tr '\0' a >"$T/big"
req -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @"$T/big" "$B/sign-in"
[ "$code" != 200 ] && [ "$code" != 400 ] && pass "a chunked urlencoded body over 1 MiB is not read ($code)" ||
    fail "a chunked urlencoded body over 1 MiB gave $code"

# ---- every answer with the security headers; refusals as the handler words them ----
req -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' a)" "$B/sign-in"
[ "$code" = 431 ] && secure_headers "$T/h" && pass "40 kB of headers: 431 with the security headers" ||
    fail "40 kB of headers gave $code" "$(cat "$T/h")"
head -c 2000000 /dev/zero | tr '\0' a >"$T/big2"
req --data-binary @"$T/big2" -H 'Content-Type: application/x-www-form-urlencoded' "$B/sign-in"
[ "$code" = 413 ] && secure_headers "$T/h" && pass "a 2 MB body: 413 with the security headers" || fail "a 2 MB body gave $code"
req -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' a)" "$B/api/v1/me"
[ "$code" = 431 ] && has_header "Content-Type: application/problem+json" && grep -q '"status": 431' "$T/b" &&
    pass "40 kB of headers to the API: 431 as a problem document" || fail "40 kB of headers to the API gave $code"
req --data-binary @"$T/big2" -H 'Content-Type: application/x-www-form-urlencoded' "$B/api/v1/me"
[ "$code" = 413 ] && has_header "Content-Type: application/problem+json" && grep -q '"status": 413' "$T/b" &&
    pass "a 2 MB body to the API: 413 as a problem document" || fail "a 2 MB body to the API gave $code"
req "$B/sign-in?x=%ff"
[ "$code" = 400 ] && secure_headers "$T/h" && pass "an unreadable query: 400 with the security headers" || fail "a bad query gave $code"
# A query of 1,100 pieces runs libmicrohttpd's connection memory out as it
# splits it (found by tests/fuzz/fuzz_http.c); it then neither answered nor
# closed, holding the connection until the deadline (15 s).
start=$SECONDS
curl -s -m 10 -o /dev/null "$B/sign-in?$(printf '&%.0s' $(seq 1100))"
[ $((SECONDS - start)) -le 3 ] && pass "a query of 1,100 pieces: the connection is let go within seconds" ||
    fail "a query of 1,100 pieces held the connection for $((SECONDS - start)) s"
req "$B/sign-in?$(printf 'a=1&%.0s' $(seq 300))"
[ "$code" = 400 ] && pass "a query of 300 fields: 400" || fail "a query of 300 fields gave $code"
req -X DELETE "$B/"
[ "$code" = 405 ] && secure_headers "$T/h" && pass "DELETE /: 405 with the security headers" || fail "DELETE / gave $code"
has_header "Allow: GET, HEAD" && pass "DELETE /: Allow: GET, HEAD" || fail "DELETE / has no Allow" "$(cat "$T/h")"
req -X PUT "$B/sign-in"
[ "$code" = 405 ] && has_header "Allow: GET, HEAD, POST" && pass "PUT /sign-in: 405 with Allow: GET, HEAD, POST" ||
    fail "PUT /sign-in gave $code" "$(cat "$T/h")"
has_header "Content-Type: text/plain" && pass "a page's 405 stays plain text" || fail "a page's 405 is not plain text"
req "$B/no/such/page"
[ "$code" = 404 ] && secure_headers "$T/h" && has_header "Content-Type: text/html" &&
    pass "an unknown page: a 404 HTML page with the security headers" || fail "unknown page gave $code"

# ---- NUL ----
for p in "/sign-in%00" "/sign-in%00/x" "/people/S005%00x" "/api/v1/me%00"; do
    req "$B$p"
    [ "$code" = 400 ] && secure_headers "$T/h" && pass "GET $p: 400, not served as if the NUL were absent" || fail "GET $p gave $code"
done
req --data-binary 'pre=a%00b' -H 'Content-Type: application/x-www-form-urlencoded' "$B/sign-in"
[ "$code" = 400 ] && pass "%00 in a form: 400" || fail "%00 in a form gave $code"
req --data-binary $'--XYZ\r\nContent-Disposition: form-data; name="pre"\r\n\r\na\x00b\r\n--XYZ--\r\n' -H 'Content-Type: multipart/form-data; boundary=XYZ' "$B/sign-in"
[ "$code" = 400 ] && pass "a NUL in a multipart field: 400" || fail "a NUL in a multipart field gave $code"

# ---- HEAD wherever GET ----
req "$B/sign-in"
get_type=$(grep -i '^Content-Type' "$T/h")
req -I "$B/sign-in"
[ "$code" = 200 ] && ! grep -q "<" "$T/b" && [ "$(grep -i '^Content-Type' "$T/h")" = "$get_type" ] && secure_headers "$T/h" &&
    pass "HEAD /sign-in: 200, GET's headers, no body" || fail "HEAD /sign-in gave $code"
req -I "$B/"
[ "$code" = 303 ] && has_header "Location: /sign-in" && pass "HEAD / signed out: 303 to the sign-in page, as GET" || fail "HEAD / gave $code"
req -I -b "$T/root" "$B/admin"
[ "$code" = 200 ] && ! grep -q "<" "$T/b" && pass "HEAD /admin for an admin: 200 without a body" || fail "HEAD /admin gave $code"

# Over the whole route table, as an admin: HEAD answers as GET does.
ov serve --routes | awk '$1 == "GET" {print $2}' | sed 's/\*$/1/; s|/\*/|/1/|' >"$T/gets"
differ=""
while read -r p; do
    g=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/root" "$B$p")
    h=$(curl -s -I -o "$T/head" -w '%{http_code}' -b "$T/root" "$B$p")
    [ "$g" = "$h" ] && ! grep -q "<" "$T/head" || differ="$differ $p($g/$h)"
done <"$T/gets"
[ -s "$T/gets" ] && [ -z "$differ" ] && pass "HEAD answers as GET on all $(wc -l <"$T/gets") GET routes" ||
    fail "HEAD differs from GET on:$differ"

# ---- the public address: --public-url, never the Host header ----
sign_in alice "$T/alice" "correct horse battery"
[ "$code" = 303 ] || bail_out "alice could not sign in ($code)"
csrf=$(csrf_of "$T/alice")
# (curl matches cookies to the Host header given, so the session goes as a header)
alice=$(awk '$6 == "ov_session" {print $7}' "$T/alice")
req -H "Cookie: ov_session=$alice" -H "Host: evil.example" --data-urlencode "csrf=$csrf" "$B/account/calendar"
grep -q "https://oversight.example.org/calendar/" "$T/b" && ! grep -q "evil.example" "$T/b" &&
    pass "the calendar address is --public-url's, whatever the Host header" || fail "calendar address ($code)" "$(head -c 300 "$T/b")"
feed=$(grep -o 'https://oversight.example.org/calendar/[^<]*' "$T/b" | sed 's|https://oversight.example.org||')
sql "INSERT INTO bookings (uid, supervisor_ref, supervisee_ref, date, start_time, minutes, place, status, created_by_ref, created_at)
     SELECT 'test-host@x', m.ref, s.ref, '2030-01-02', '09:00', 60, 'Room 1', 'booked', m.ref, 0
     FROM staff s, staff m WHERE s.id = 'S005' AND m.id = (SELECT min(id) FROM staff WHERE id <> 'S005')" >/dev/null
req -H "Host: evil.example" "$B$feed"
[ "$code" = 200 ] && grep -q "^URL:https://oversight.example.org/bookings/[0-9]" "$T/b" && ! grep -q "evil" "$T/b" &&
    pass "the feed's URLs are --public-url's, whatever the Host header" || fail "feed gave $code" "$(grep '^URL' "$T/b")"
kill -TERM "$server_pid"
wait "$server_pid"

run ov serve --public-url ftp://x.example
check "--public-url must be http or https" 2 "public-url"
run ov serve --public-url "https://x.example/path?q"
check "--public-url is a host and port only" 2 "public-url"
run ov serve --public-url "https://"
check "--public-url needs a host" 2 "public-url"
serve plain
grep -q "open http://127.0.0.1:$port/" "$T/plain.out" && pass "without --public-url: the address listened on" ||
    fail "default public address" "$(cat "$T/plain.out")"
kill -TERM "$server_pid"
wait "$server_pid"

# ---- slow clients: deadlines (web/watch.h), here of 2 s ----
# A request's headers are due within the deadline of the connection's start
# or of the end of its previous request; a body within it and a second per
# 500 bytes; nothing is due while the application answers.
serve deadline --client-timeout 2
B=http://127.0.0.1:$port
script=$(curl -s "$B/sign-in" | grep -o '/assets/[^"]*\.js' | head -n 1)
"$PY" - "$port" "$script" >"$T/slow" <<'PYEOF'
import socket, sys, time
port = int(sys.argv[1])

def lasted(first, drip):
    """Seconds until the server ends a connection that sends first, then
    one byte of drip every half second."""
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(0.5)
    t0 = time.monotonic()
    s.sendall(first)
    i = 0
    while time.monotonic() - t0 < 20:
        try:
            if s.recv(4096) == b"":
                break
        except socket.timeout:
            pass
        except OSError:
            break
        try:
            s.sendall(drip[i % len(drip):][:1])
        except OSError:
            break
        i += 1
    return time.monotonic() - t0

print("headers %.1f" % lasted(b"GET /sign-in HTTP/1.1\r\nHost: x\r\nX-Slow: ", b"abc"))
print("body %.1f" % lasted(b"POST /sign-in HTTP/1.1\r\nHost: x\r\n"
                           b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 4096\r\n\r\n", b"a"))
# One kept-alive connection, a request every 1.5 s for 6 s.
s = socket.create_connection(("127.0.0.1", port))
s.settimeout(5)
f = s.makefile("rb")
ok = 0
try:
    for i in range(4):
        s.sendall(b"GET /sign-in HTTP/1.1\r\nHost: x\r\n\r\n")
        status, length = f.readline(), 0
        while True:
            line = f.readline()
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        f.read(length)
        ok += b" 200 " in status
        time.sleep(1.5)
except OSError:
    pass
print("keepalive %d" % ok)
# A script of about 48 KB read at about 8 kB/s (16 times the least rate) on
# a kept-alive connection, for longer than the deadline; a second later the
# next request on the same connection.
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(("127.0.0.1", port))
s.settimeout(5)
t0, got, answers = time.monotonic(), 0, 0
try:
    for i in range(2):
        s.sendall(b"GET " + sys.argv[2].encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            piece = s.recv(1)
            if not piece:
                raise OSError("closed")
            head += piece
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        body = 0
        while body < length:
            piece = s.recv(min(1024, length - body))
            if not piece:
                raise OSError("closed")
            body += len(piece)
            if i == 0:
                time.sleep(0.125)
        got += body
        answers += b" 200 " in head.split(b"\r\n")[0]
        if i == 0:
            print("download %d %.1f" % (body, time.monotonic() - t0))
            # A pause before the next request, well within the 2 s deadline
            # even counted from when the kernel acknowledged the last bytes
            # (up to half a second before this script read them).
            time.sleep(0.2)
except OSError as e:
    print("download-error %s" % type(e).__name__)
print("downloads %d" % answers)
# A Content-Length libmicrohttpd cannot parse, five times.
for i in range(5):
    c = socket.create_connection(("127.0.0.1", port))
    c.settimeout(3)
    c.sendall(b"POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n")
    try:
        while c.recv(4096):
            pass
    except OSError:
        pass
    c.close()
PYEOF
slow() { awk -v k="$1" '$1 == k {print $2}' "$T/slow"; }
awk -v t="$(slow headers)" 'BEGIN {exit !(t >= 1.9 && t < 4.5)}' &&
    pass "headers trickled a byte every half second: the connection ended at the deadline ($(slow headers) s of 2)" ||
    fail "headers trickled: the connection lasted $(slow headers) s, deadline 2 s"
awk -v t="$(slow body)" 'BEGIN {exit !(t >= 1.9 && t < 4.5)}' &&
    pass "a body at 2 bytes a second: ended at the deadline ($(slow body) s)" ||
    fail "a body at 2 bytes a second lasted $(slow body) s, deadline 2 s"
[ "$(slow keepalive)" = 4 ] && pass "a kept-alive connection with a request every 1.5 s for 6 s is not cut" ||
    fail "a kept-alive connection was cut after $(slow keepalive) of 4 requests"
# Found: the next request's deadline ran from the answer's handing to the
# kernel, so a client reading it for longer than the deadline was overdue
# the moment it had read it all, and reset.
[ "$(slow downloads)" = 2 ] &&
    pass "a script read at 8 kB/s ($(awk '$1 == "download" {print $2 " bytes in " $3 " s"}' "$T/slow")), then the next request on that connection: answered" ||
    fail "a slow download's connection was cut before its next request" "$(grep download "$T/slow")"
[ "$(grep -c "libmicrohttpd: Failed to parse" "$T/deadline.err")" = 1 ] &&
    pass "five Content-Lengths libmicrohttpd cannot parse: its message once" ||
    fail "libmicrohttpd's message for each bad Content-Length" "$(grep -c "libmicrohttpd:" "$T/deadline.err") lines"
# A sign-in (a write) waiting 4 s for the write lock another program holds:
# answered, not cut at the deadline.
if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
    { echo "BEGIN; SELECT pg_advisory_xact_lock(4242000001);"; sleep 5; echo "ROLLBACK;"; } | psql -q "$DB" >/dev/null &
else
    { echo "BEGIN IMMEDIATE;"; sleep 5; echo "ROLLBACK;"; } | sqlite3 "$DB" &
fi
holder=$!
background_pids="$background_pids $holder"
sleep 1
started=$SECONDS
sign_in alice "$T/alice.slow" "correct horse battery"
[ "$code" = 303 ] && [ $((SECONDS - started)) -ge 2 ] &&
    pass "a sign-in answered after waiting $((SECONDS - started)) s for the lock is not cut" ||
    fail "a sign-in waiting for the lock gave $code after $((SECONDS - started)) s"
wait "$holder"
grep -q 'slow or too many connections: 1 connection cut, their headers not all sent within 2 s; .*(from 127\.0\.0\.1)$' "$T/deadline.err" &&
    pass "the cut is logged, with the address" || fail "the cut is not logged" "$(cat "$T/deadline.err")"
! grep -q 'body sent slower' "$T/deadline.err" && pass "the next cut from that address waits for the minute" ||
    fail "a second line within the minute" "$(grep 'slow or too many' "$T/deadline.err")"
kill -TERM "$server_pid"
wait "$server_pid"
grep -q 'slow or too many connections: 1 connection cut, their body sent slower than 500 bytes a second; .*(from 127\.0\.0\.1)$' "$T/deadline.err" &&
    pass "or is logged when the server stops" || fail "the second cut is never logged" "$(grep 'slow or too many' "$T/deadline.err")"
grep -q 'libmicrohttpd: 4 more like "Failed to parse.*" within a minute' "$T/deadline.err" &&
    pass "the others counted, in one line" || fail "libmicrohttpd's messages not counted" "$(grep 'libmicrohttpd' "$T/deadline.err")"
run ov serve --client-timeout 0
check "--client-timeout is at least a second" 2 "client-timeout"
run ov serve --client-timeout soon
check "--client-timeout takes a number" 2 "client-timeout"

# ---- TLS 1.2 and 1.3 only ----
if command -v openssl >/dev/null; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 -subj /CN=localhost 2>/dev/null
    serve tls --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
    tls() { openssl s_client -connect "127.0.0.1:$port" "$@" </dev/null >"$T/tls.out" 2>&1; }
    for v in tls1 tls1_1; do
        if tls -"$v" -cipher 'DEFAULT:@SECLEVEL=0'; then fail "-$v is accepted" "$(tail -n 5 "$T/tls.out")"; else pass "$v is refused"; fi
    done
    tls -tls1_2 && pass "TLS 1.2 is accepted" || fail "TLS 1.2 is refused" "$(tail -n 5 "$T/tls.out")"
    grep -Eq "Cipher *: *ECDHE-(RSA|ECDSA)-(AES(128|256)-GCM|CHACHA20)" "$T/tls.out" &&
        pass "TLS 1.2 with forward secrecy and AEAD ($(grep -Eo 'ECDHE-[A-Z0-9-]*' "$T/tls.out" | head -n 1))" ||
        fail "TLS 1.2 cipher" "$(grep -i cipher "$T/tls.out")"
    if tls -tls1_2 -cipher 'AES128-SHA:AES256-SHA:ECDHE-RSA-AES128-SHA'; then fail "CBC ciphers are accepted"; else pass "CBC ciphers are refused"; fi
    tls -tls1_3 && pass "TLS 1.3 is accepted" || fail "TLS 1.3 is refused" "$(tail -n 5 "$T/tls.out")"
    # Plain HTTP to the TLS port, five times: libmicrohttpd's message once
    # (found: a line per connection).
    for _ in 1 2 3 4 5; do curl -s -m 3 -o /dev/null "http://127.0.0.1:$port/sign-in"; done
    sleep 0.5
    said=$(grep -c "libmicrohttpd: .*handshake" "$T/tls.err")
    [ "$said" = 1 ] && pass "plain HTTP to the TLS port five times: libmicrohttpd's message once" ||
        fail "plain HTTP to the TLS port: $said lines" "$(grep libmicrohttpd "$T/tls.err")"
    kill -TERM "$server_pid"
    wait "$server_pid"
fi
done_testing
