#!/usr/bin/env bash
# The front-end assets over real HTTP: every page links the content-hashed
# stylesheet and scripts, which are served with the right type, a year-long
# immutable Cache-Control and exactly the bytes the build made; the
# stylesheet uses no GOV.UK-only typeface; other /assets/ paths are 404; and
# the Content-Security-Policy still forbids inline code.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

build=$(dirname "$OVERSIGHT")
start_server

# check_links NAME: the page in $T/b links each asset by a hashed URL.
check_links() {
    css=$(grep -o '<link rel="stylesheet" href="/assets/app-[0-9a-f]\{16\}\.css">' "$T/b" | cut -d'"' -f4)
    js=$(grep -o '<script type="module" src="/assets/govuk-frontend-[0-9a-f]\{16\}\.min\.js"></script>' "$T/b" | cut -d'"' -f4)
    app=$(grep -o '<script type="module" src="/assets/app-[0-9a-f]\{16\}\.mjs"></script>' "$T/b" | cut -d'"' -f4)
    icon=$(grep -o '<link rel="icon" href="/assets/favicon-[0-9a-f]\{16\}\.svg"' "$T/b" | cut -d'"' -f4)
    [ -n "$css" ] && [ -n "$js" ] && [ -n "$app" ] && [ -n "$icon" ] &&
        pass "$1 links the hashed stylesheet, scripts and icon" ||
        fail "$1 links the hashed stylesheet, scripts and icon" "css '$css' js '$js' app '$app' icon '$icon'"
    if grep -o '<script[^>]*>' "$T/b" | grep -qv ' src="/assets/'; then
        fail "$1 has no inline script" "$(grep -o '<script[^>]*>' "$T/b")"
    else
        pass "$1 has no inline script"
    fi
    if grep -q '<style\| style="' "$T/b"; then fail "$1 has no inline style"; else pass "$1 has no inline style"; fi
}

req "$B/sign-in"
check_links "the sign-in page"
grep -i "^Content-Security-Policy" "$T/h" | grep -q "script-src 'self'" && pass "the page's CSP allows scripts only from the server" ||
    fail "CSP script-src" "$(grep -i '^Content-Security-Policy' "$T/h")"
if grep -i "^Content-Security-Policy" "$T/h" | grep -q "unsafe-inline"; then fail "CSP allows inline code"; else pass "CSP without 'unsafe-inline'"; fi
has_header "Cache-Control: no-store" && pass "the page itself is not cached" || fail "page Cache-Control" "$(grep -i '^Cache-Control' "$T/h")"
signed_out_css=$css

sign_in worker "$T/jar"
req -b "$T/jar" "$B/"
[ "$code" = 200 ] && pass "signed in: My supervision" || fail "GET / gave $code"
check_links "a signed-in page"
[ "$css" = "$signed_out_css" ] && pass "the same stylesheet URL on every page" || fail "stylesheet URLs differ: $css, $signed_out_css"

# serves URL NAME TYPE: the asset at URL is build/assets/NAME, served as TYPE.
serves() {
    req "$B$1"
    if [ "$code" != 200 ]; then
        fail "$2 is served" "GET $1 gave $code"
        return
    fi
    cmp -s "$T/b" "$build/assets/$2" && pass "$2: the bytes the build made" || fail "$2: bytes differ from $build/assets/$2"
    has_header "Content-Type: $3" && pass "$2: Content-Type $3" || fail "$2: $(grep -i '^Content-Type' "$T/h")"
    has_header "Cache-Control: public, max-age=31536000, immutable" && pass "$2: immutable for a year" ||
        fail "$2: $(grep -i '^Cache-Control' "$T/h")"
    has_header "X-Content-Type-Options: nosniff" && has_header "Content-Security-Policy: default-src 'self'" &&
        pass "$2: with the security headers" || fail "$2: security headers missing"
    [ "/assets/$("$build/embed" --name "$2" "$build/assets/$2")" = "$1" ] && pass "$2: the URL carries its content's hash" ||
        fail "$2: URL $1, content hash name $("$build/embed" --name "$2" "$build/assets/$2")"
}
serves "$css" app.css "text/css; charset=utf-8"
serves "$js" govuk-frontend.min.js "text/javascript; charset=utf-8"
serves "$app" app.mjs "text/javascript; charset=utf-8"
serves "$icon" favicon.svg "image/svg+xml"

req -I "$B$css"
[ "$code" = 200 ] && has_header "Cache-Control: public, max-age=31536000, immutable" &&
    has_header "Content-Length: $(wc -c <"$build/assets/app.css")" && pass "HEAD: the asset's headers" ||
    fail "HEAD $css gave $code" "$(cat "$T/h")"

curl -s "$B$app" -o "$T/app.mjs"
grep -q "from '\./$(basename "$js")'" "$T/app.mjs" && pass "app.mjs imports GOV.UK Frontend by its served name" ||
    fail "app.mjs imports" "$(grep import "$T/app.mjs")"
grep -q "initAll()" "$T/app.mjs" && grep -q "js-enabled" "$T/app.mjs" && grep -q "govuk-frontend-supported" "$T/app.mjs" &&
    pass "app.mjs marks the body and starts the components" || fail "app.mjs content"

curl -s "$B$css" -o "$T/app.css"
if grep -qi "GDS Transport" "$T/app.css"; then fail "the stylesheet names GDS Transport"; else pass "no GDS Transport in the stylesheet"; fi
if grep -qi "@font-face" "$T/app.css"; then fail "the stylesheet loads a web font"; else pass "no web font"; fi
grep -q "font-family:arial,sans-serif" "$T/app.css" && pass "a system font stack" || fail "no arial, sans-serif in the stylesheet"
grep -q "govuk-header" "$T/app.css" && grep -q "app-sign-out" "$T/app.css" && pass "GOV.UK Frontend's styles and our own" ||
    fail "stylesheet content"
bad=""
for u in $(grep -o 'url([^)]*)' "$T/app.css" | sed 's/^url(//; s/)$//; s/^"//; s/"$//' | grep -v '^data:' | sort -u); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$B$u")" = 200 ] || bad="$bad $u"
done
[ -z "$bad" ] && pass "everything the stylesheet refers to is served" || fail "the stylesheet refers to what is not served:$bad"

for p in /assets/app.css "/assets/app-0000000000000000.css" "/assets/" /assets/images/govuk-crest.svg \
    "/assets/fonts/bold-b542beb274-v2.woff2" "${css}x" "/assets/../sign-in"; do
    req --path-as-is "$B$p"
    [ "$code" = 404 ] && pass "unknown $p: 404" || fail "unknown $p gave $code"
done
has_header "Cache-Control: no-store" && pass "a 404 is not cached" || fail "404 Cache-Control" "$(grep -i '^Cache-Control' "$T/h")"
req -X POST "$B$css"
[ "$code" != 200 ] && ! has_header "Cache-Control: public" && pass "POST to an asset is not served ($code)" || fail "POST to an asset gave $code"
done_testing
