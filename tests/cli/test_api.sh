#!/usr/bin/env bash
# The JSON API against its description, docs/openapi.yaml: every answer of
# every endpoint, for every kind of user, must be a status the document lists
# with a body that matches its schema (checked with python3-jsonschema).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

SPEC=$ROOT/docs/openapi.yaml
PY=/usr/bin/python3
start_server

demo_worker
worker_name=$(sql "SELECT name FROM staff WHERE id = '$worker'")
closed=$(sql "SELECT c.id FROM cases c WHERE c.closed_date IS NOT NULL ORDER BY c.id LIMIT 1")

sign_in_each worker manager senior auditor admin

# A record of the worker's with a case discussion, an action, a disagreement
# and a confidential item, made through the pages.
post manager /bookings supervisee="$worker_ref" date="$(date +%F)" start-time=09:00 place="Room 2"
post manager "$(echo "$location" | grep -o '/bookings/[0-9]*')/record"
record=$(echo "$location" | grep -o '[0-9]*$')
# The training item holds what JSON must escape: quotes, backslashes, a tab and a line break.
odd=$(printf 'Said "no" \\ then\ttabbed,\r\nnew line <b>&amp; caf\xc3\xa9')
post manager "/records/$record/save" wellbeing="A private worry" confidential-wellbeing=yes workload="Heavy" \
    training="$odd"
post manager "/records/$record/case-notes" case="$case_id" prompts=three-questions "answer-worries=Missed visits" \
    decision="Visit weekly" rationale="Risk rose"
post manager "/records/$record/actions" action="Book training" owner="$worker" due="$(date -d '+9 days' +%F)"
post manager "/records/$record/send"
post worker "/records/$record/confidential" topic=wellbeing on=yes
post worker "/records/$record/disagree" disagreement="I disagree"
[ -n "$record" ] || bail_out "could not make a record"

# METHOD PATH  then the status for: anonymous worker manager senior auditor admin
while read -r m p statuses; do
    set -- $statuses
    for u in anonymous worker manager senior auditor admin; do
        jar=-
        [ "$u" != anonymous ] && jar=$T/jar.$u
        if out=$("$PY" "$ROOT/tests/api_check.py" "$SPEC" "$B" "$jar" "$m" "$p" "$1" 2>&1); then
            pass "$u: $m $p is $1 and matches the OpenAPI document"
        else
            fail "$u: $m $p is $1 and matches the OpenAPI document" "$out"
        fi
        shift
    done
done <<LIST
GET /api/v1/me 401 200 200 200 200 200
GET /api/v1/me/due 401 200 200 200 404 404
GET /api/v1/team/due 401 200 200 200 404 404
GET /api/v1/teams/$(enc "$team") 401 403 200 200 200 403
GET /api/v1/teams/no-such-team 401 403 403 403 403 403
GET /api/v1/services 401 403 403 200 200 403
GET /api/v1/services/$(enc "$service") 401 403 403 200 200 403
GET /api/v1/services/no-such-service 401 403 403 403 403 403
GET /api/v1/people/$worker 401 200 200 200 200 403
GET /api/v1/people/NOBODY 401 403 403 403 403 403
GET /api/v1/cases/$case_id 401 200 200 200 200 404
GET /api/v1/cases/$closed 401 404 404 404 200 404
GET /api/v1/cases/NOBODY 401 404 404 404 404 404
GET /api/v1/cases/$case_id/decisions 401 200 200 200 200 404
GET /api/v1/cases/NOBODY/decisions 401 404 404 404 404 404
GET /api/v1/records/$record 401 200 200 200 200 404
GET /api/v1/records/$record?version=1 401 200 200 200 200 404
GET /api/v1/records/999999 401 404 404 404 404 404
GET /api/v1/search?q=$worker 401 200 200 200 200 200
GET /api/v1/search?q=$(enc "$worker_name") 401 200 200 200 200 200
GET /api/v1/search?q=$(date +%F) 401 200 200 200 200 200
GET /api/v1/search?q=$case_id 401 200 200 200 200 200
GET /api/v1/search?q=a 401 400 400 400 400 400
GET /api/v1/search?q= 401 400 400 400 400 400
GET /api/v1/search 401 400 400 400 400 400
HEAD /api/v1/search?q=$worker 401 200 200 200 200 200
HEAD /api/v1/me 401 200 200 200 200 200
HEAD /api/v1/me/due 401 200 200 200 404 404
HEAD /api/v1/teams/$(enc "$team") 401 403 200 200 200 403
HEAD /api/v1/records/$record 401 200 200 200 200 404
HEAD /api/v1/nosuch 404 404 404 404 404 404
GET /api/v1/records/$record?version=0 401 400 400 400 400 400
GET /api/v1/records/$record?version=-1 401 400 400 400 400 400
GET /api/v1/records/$record?version=abc 401 400 400 400 400 400
GET /api/v1/records/$record?version=1x 401 400 400 400 400 400
GET /api/v1/records/$record?version= 401 400 400 400 400 400
GET /api/v1/records/$record?version=99999999999 401 400 400 400 400 400
GET /api/v1/records/$record?version=%FF 400 400 400 400 400 400
GET /api/v1/records/$record?version=1%00 400 400 400 400 400 400
GET /api/v1/records/$record?version=9 401 404 404 404 404 404
GET /api/v1/teams/a%2Fb 404 404 404 404 404 404
GET /api/v1/nosuch 404 404 404 404 404 404
GET /api/v1 404 404 404 404 404 404
GET /api/v1/ 404 404 404 404 404 404
GET /api/v1/me%00 400 400 400 400 400 400
GET /api/v1/people/$worker%00x 400 400 400 400 400 400
POST /api/v1/me 405 405 405 405 405 405
DELETE /api/v1/records/$record 405 405 405 405 405 405
PUT /api/v1/teams/$(enc "$team") 405 405 405 405 405 405
LIST

# Search: the worker's record found by their name, today's date or their id;
# for the admin (no record content), nothing.
for u in worker manager senior auditor; do
    get $u "/api/v1/search?q=$(date +%F)"
    grep -q "\"id\": $record," "$T/b" && grep -q '"match": "date"' "$T/b" &&
        pass "$u finds the worker's record by its date in the API" || fail "$u finds the record by date in the API" "$(head -c 400 "$T/b")"
    get $u "/api/v1/search?q=$worker"
    grep -q "\"id\": \"$worker\"" "$T/b" && grep -q '"match": "id"' "$T/b" &&
        pass "$u finds the worker by id in the API" || fail "$u finds the worker by id in the API"
done
get admin "/api/v1/search?q=$worker"
[ "$code" = 200 ] && grep -q '"people": \[\]' "$T/b" && grep -q '"records": \[\]' "$T/b" &&
    pass "an admin finds no one and no record in the API" || fail "an admin's search in the API" "$(head -c 400 "$T/b")"

# The confidential item: its text reaches the two, never the auditor or a manager above.
for u in worker manager; do
    get $u "/api/v1/records/$record"
    grep -q "A private worry" "$T/b" && pass "$u reads the confidential item in the API" || fail "$u reads the confidential item in the API"
done
for u in senior auditor; do
    get $u "/api/v1/records/$record"
    [ "$code" = 200 ] && ! grep -q "A private worry" "$T/b" && grep -q '"withheld": true' "$T/b" && grep -q '"Heavy"' "$T/b" &&
        pass "$u reads the record in the API without the confidential item" || fail "$u reads the record in the API without the confidential item"
done
get auditor "/api/v1/cases/$case_id/decisions"
grep -q '"decision": "Visit weekly"' "$T/b" && grep -q '"worries": "Missed visits"' "$T/b" &&
    pass "the case's decisions, with the prompts answered, in the API" || fail "the case's decisions in the API"

# What people wrote comes back from the API exactly as written (the form keeps
# a line break as CR LF).
get manager "/api/v1/records/$record"
got=$("$PY" -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
sys.stdout.write([i["text"] for i in d["items"] if i["topic"] == "training"][0])' "$T/b")
[ "$got" = "$odd" ] && pass "text with quotes, backslashes and control characters survives the JSON" ||
    fail "text with quotes, backslashes and control characters survives the JSON" "got: $got"

# The check can fail: a document that asks for a field the API never sends.
sed 's/required: \[username, staff_id/required: [no_such_field, username, staff_id/' "$SPEC" >"$T/wrong.yaml"
if "$PY" "$ROOT/tests/api_check.py" "$T/wrong.yaml" "$B" "$T/jar.worker" GET /api/v1/me 200 >/dev/null 2>&1; then
    fail "a response that breaks the document is caught"
else
    pass "a response that breaks the document is caught"
fi

# The same facts as the pages: the worker's case is in their due list, with its rule.
get worker /api/v1/me/due
grep -q "\"id\": \"$case_id\"" "$T/b" && grep -q '"rule": "' "$T/b" && pass "the worker's due list holds their case and its rule" ||
    fail "the worker's due list holds their case"
get manager /api/v1/team/due
grep -q "\"id\": \"$worker\"" "$T/b" && pass "the manager's team list holds the worker" || fail "the manager's team list holds the worker"
has_header "Cache-Control: no-store" && pass "API answers are not cached" || fail "API answers are not cached"
done_testing
