#!/usr/bin/env bash
# Quality audits (svc/audit.h) through the web application and the command
# line: a senior manager draws the quarter's sample of their service (once:
# again, the same sample; the command line shows it too), within the
# policy's size per auditor and with no confidential record; audits it
# (a missing grade is named), completes it (then it never changes); the
# record's supervisor is told and reads the findings, marks a remedial
# action done, and the auditor closes it; the results show by quarter. Every
# write by someone else (another auditor, the worker, a senior manager of
# another service) is refused as not found, and changes nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server
demo_worker
other_service=$(sql "SELECT name FROM services WHERE name <> '$service' ORDER BY name LIMIT 1")
ov user add seniorx --role "senior-manager:$other_service" --password-stdin <<<"$PASSWORD" >/dev/null ||
    bail_out "cannot add seniorx"
sign_in_each senior auditor worker seniorx
svc=$(enc "$service")
month=$(date +%m)
quarter="$(date +%Y)-Q$(((10#$month + 2) / 3))"
# (The demo audited last quarter; this quarter is to be drawn.)
audits() { sql "SELECT count(*) FROM audits a JOIN audit_draws d ON d.ref = a.draw_ref WHERE d.quarter = '$quarter'"; }

get senior "/services/$svc/audits"
[ "$code" = 200 ] && grep -q "Draw the sample" "$T/b" && pass "the service's audits page offers the draw" ||
    fail "the service's audits page offers the draw" "$code"
get senior "/services/$svc"
grep -q "/services/$svc/audits" "$T/b" && pass "the service page links to its audits" ||
    fail "the service page links to its audits"

post worker "/services/$svc/audits" "quarter=$quarter"
[ "$code" = 404 ] && [ "$(audits)" = 0 ] && pass "the worker cannot draw a sample" || fail "the worker draws" "$code"
post worker "/services/$svc/audits" "quarter=2026-Q9"
[ "$code" = 404 ] && pass "with a bad quarter too, as if the service were not there" || fail "the worker's bad quarter" "$code"
post seniorx "/services/$svc/audits" "quarter=$quarter"
[ "$code" = 404 ] && [ "$(audits)" = 0 ] && pass "another service's senior manager cannot draw it" ||
    fail "another service's senior manager draws" "$code"
draws_before=$(sql "SELECT count(*) FROM audit_draws")
post senior "/services/$svc/audits" "quarter=2026-Q9"
[ "$code" = 400 ] && grep -q 'href="#quarter"' "$T/b" && grep -q "like 2026-Q4" "$T/b" && [ "$(audits)" = 0 ] &&
    pass "a bad quarter is refused, naming the field" || fail "a bad quarter" "$code"
post senior "/services/$svc/audits" "quarter=$(($(date +%Y) + 1))-Q1"
[ "$code" = 400 ] && grep -q 'href="#quarter"' "$T/b" && grep -q "has not begun" "$T/b" && [ "$(audits)" = 0 ] &&
    [ "$(sql "SELECT count(*) FROM audit_draws")" = "$draws_before" ] &&
    pass "a quarter not yet begun is refused (drawn, it would stay empty for good)" || fail "a future quarter" "$code"

post senior "/services/$svc/audits" "quarter=$quarter"
drawn=$(audits)
[ "$code" = 303 ] && [ "$drawn" -gt 0 ] && pass "the senior manager draws the sample ($drawn audits)" ||
    fail "the senior manager draws the sample" "$code $drawn"
seed=$(sql "SELECT seed FROM audit_draws WHERE quarter = '$quarter'")
post senior "/services/$svc/audits" "quarter=$quarter"
[ "$code" = 303 ] && [ "$(audits)" = "$drawn" ] && [ "$(sql "SELECT seed FROM audit_draws WHERE quarter = '$quarter'")" = "$seed" ] &&
    pass "drawing again keeps the sample drawn" || fail "drawing again" "$code $(audits)"
run ov audits sample --service "$service" --quarter "$quarter"
check "the command line shows the stored sample, not a new one" 0 "It was drawn before"
grep -qF "seed $seed" "$T/out" && pass "with its seed" || fail "the seed" "$OUT"
run ov audits sample --service "$service" --quarter "2026Q4"
check "the command line names a bad quarter" 1 "like 2026-Q4"
get senior "/services/$svc/audits?quarter=$quarter"
grep -q "seed $seed" "$T/b" && pass "the page shows the draw's seed" || fail "the page shows the draw's seed"

over=$(sql "SELECT count(*) FROM (SELECT draw_ref, auditor_ref, kind, count(*) AS n FROM audits GROUP BY draw_ref, auditor_ref, kind) x WHERE n > 2")
[ "$over" = 0 ] && pass "no auditor has more of a kind than the policy's 2" || fail "sizes per auditor" "$over"
both=$(sql "SELECT count(DISTINCT u.username) FROM audits a JOIN users u ON u.ref = a.auditor_ref WHERE u.username IN ('senior', 'auditor')")
[ "$both" = 2 ] && pass "the senior manager and the QA auditor are both given audits" || fail "auditors" "$both"
conf=$(sql "SELECT count(*) FROM audits a JOIN record_confidential k ON k.record_ref = a.record_ref WHERE k.lifted_at IS NULL")
[ "$conf" = 0 ] && pass "no record with a confidential item is drawn" || fail "confidential drawn" "$conf"

# The senior manager's first record audit, its supervisor and supervisee.
a=$(sql "SELECT a.ref FROM audits a JOIN users u ON u.ref = a.auditor_ref JOIN audit_draws d ON d.ref = a.draw_ref WHERE d.quarter = '$quarter' AND u.username = 'senior' AND a.kind = 'record' AND a.supervisor_ref IS NOT NULL ORDER BY a.ref LIMIT 1")
[ -n "$a" ] || bail_out "no record audit for the senior manager"
sup_ref=$(sql "SELECT supervisor_ref FROM audits WHERE ref = $a")
subj_ref=$(sql "SELECT subject_ref FROM audits WHERE ref = $a")
record=$(sql "SELECT record_ref FROM audits WHERE ref = $a")
account_for() {
    local ref=$1 name=$2 u
    u=$(sql "SELECT username FROM users WHERE staff_ref = $ref")
    if [ -z "$u" ]; then
        ov user add "$name" --staff "$(sql "SELECT id FROM staff WHERE ref = $ref")" --password-stdin <<<"$PASSWORD" \
            >/dev/null || bail_out "cannot add $name"
        u=$name
    fi
    echo "$u"
}
sup=$(account_for "$sup_ref" sup)
subj=$(account_for "$subj_ref" subj)
sign_in_each "$sup" "$subj"

reads() { sql "SELECT count(*) FROM read_trail WHERE kind = 'record' AND ref = $record AND account = 'senior'"; }
get senior "/audits"
[ "$code" = 200 ] && grep -q "/audits/$a\"" "$T/b" && pass "My audits lists the audit" || fail "My audits" "$code"
get senior "/audits/$a"
[ "$code" = 200 ] && grep -q "Are decisions and their rationale clear?" "$T/b" && grep -q 'name="grade-risk"' "$T/b" &&
    pass "the audit form shows the policy's rubric" || fail "the audit form" "$code"
for _ in $(seq 100); do [ "$(reads)" = 0 ] || break; sleep 0.1; done
[ "$(reads)" = 1 ] && pass "the auditor's read of the record is on the read trail" || fail "read trail" "$(reads)"
for u in auditor "$subj" seniorx; do
    get "$u" "/audits/$a"
    [ "$code" = 404 ] && pass "$u cannot open the audit before it is completed" || fail "$u opens the audit" "$code"
done

grades=()
for q in reflective decisions child-voice risk actions departures; do grades+=("grade-$q=good" "comment-$q=Fine on $q"); done
for u in auditor "$subj" seniorx "$sup"; do
    post "$u" "/audits/$a/save" "${grades[@]}" grade=good findings=x complete=yes
    [ "$code" = 404 ] && [ "$(sql "SELECT state FROM audits WHERE ref = $a")" = assigned ] &&
        pass "$u cannot write the audit" || fail "$u writes the audit" "$code"
done
post senior "/audits/$a/save" grade-reflective=good "comment-reflective=Thoughtful" complete=no
[ "$code" = 303 ] && [ "$(sql "SELECT state FROM audits WHERE ref = $a")" = draft ] &&
    pass "the auditor saves a draft" || fail "a draft" "$code"
get senior "/audits/$a"
grep -q "Thoughtful" "$T/b" && pass "the draft is shown again" || fail "the draft is shown again"
missing=()
for f in "${grades[@]}"; do case $f in grade-child-voice=*) ;; *) missing+=("$f") ;; esac; done
post senior "/audits/$a/save" "${missing[@]}" grade=good "findings=Clear decisions" complete=yes
[ "$code" = 400 ] && grep -q 'href="#grade-child-voice"' "$T/b" && grep -q "question 3 (child-voice)" "$T/b" &&
    [ "$(sql "SELECT state FROM audits WHERE ref = $a")" = draft ] &&
    pass "completing without a question's grade names the field" || fail "a missing grade" "$code"
post senior "/audits/$a/save" "${grades[@]}" complete=yes "findings=Clear decisions"
[ "$code" = 400 ] && grep -q 'href="#grade"' "$T/b" && pass "and without the overall grade" ||
    fail "a missing overall grade" "$code"
post senior "/audits/$a/save" "${grades[@]}" grade=nonsense "findings=Clear decisions" complete=yes
[ "$code" = 400 ] && grep -q "from the scale" "$T/b" && pass "a grade outside the scale is refused" ||
    fail "a grade outside the scale" "$code"
inbox() { sql "SELECT count(*) FROM inbox WHERE staff_ref = $sup_ref AND link = '/audits/$a'"; }
post senior "/audits/$a/save" "${grades[@]}" grade=requires-improvement "findings=Decisions lack rationale" complete=yes
[ "$code" = 303 ] && [ "$(sql "SELECT state || ' ' || grade FROM audits WHERE ref = $a")" = "completed requires-improvement" ] &&
    pass "the auditor completes the audit" || fail "completing" "$code"
[ "$(inbox)" = 1 ] && pass "the supervisor is told in their inbox" || fail "the inbox" "$(inbox)"
post senior "/audits/$a/save" "${grades[@]}" grade=good "findings=Changed" complete=yes
[ "$code" = 409 ] && [ "$(sql "SELECT grade FROM audits WHERE ref = $a")" = requires-improvement ] &&
    pass "a completed audit is not changed" || fail "a completed audit changed" "$code"

get "$sup" "/audits/$a"
[ "$code" = 200 ] && grep -q "Decisions lack rationale" "$T/b" && grep -q "Requires improvement" "$T/b" &&
    pass "the supervisor reads the grades and findings" || fail "the supervisor's view" "$code"
get "$sup" "/audits"
grep -q "/audits/$a\"" "$T/b" && pass "and finds them on My audits" || fail "the supervisor's list"
get "$subj" "/audits/$a"
[ "$code" = 404 ] && pass "the supervisee does not see the grades" || fail "the supervisee sees the audit" "$code"

due=$(date -d "+30 days" +%Y-%m-%d)
post "$sup" "/audits/$a/actions" "text=Record the rationale" "due=$due"
[ "$code" = 404 ] && pass "the supervisor cannot set remedial actions" || fail "the supervisor sets an action" "$code"
post senior "/audits/$a/actions" "text=Record the rationale for each decision"
[ "$code" = 400 ] && grep -q 'href="#due' "$T/b" && pass "a remedial action without a due date names the field" ||
    fail "an action without a date" "$code"
post senior "/audits/$a/actions" "text=Record the rationale for each decision" "due=$due"
x=$(sql "SELECT ref FROM audit_actions WHERE audit_ref = $a")
[ "$code" = 303 ] && [ -n "$x" ] && [ "$(sql "SELECT owner_ref FROM audit_actions WHERE ref = $x")" = "$sup_ref" ] &&
    pass "the auditor sets the supervisor a remedial action" || fail "setting an action" "$code"
post senior "/audit-actions/$x/close"
[ "$code" = 409 ] && pass "an action not yet done cannot be closed" || fail "closing an open action" "$code"
post "$subj" "/audit-actions/$x/done" "note=x"
[ "$code" = 404 ] && pass "the supervisee cannot mark it done" || fail "the supervisee marks it done" "$code"
post "$sup" "/audit-actions/$x/done" "note=Talked it through with the team"
[ "$code" = 303 ] && [ "$(sql "SELECT status FROM audit_actions WHERE ref = $x")" = done ] &&
    pass "the supervisor marks it done" || fail "marking done" "$code"
post "$sup" "/audit-actions/$x/close"
[ "$code" = 404 ] && pass "the supervisor cannot close it" || fail "the supervisor closes it" "$code"
post auditor "/audit-actions/$x/close"
[ "$code" = 404 ] && pass "another auditor cannot close it" || fail "another auditor closes it" "$code"
post senior "/audit-actions/$x/close"
[ "$code" = 303 ] && [ "$(sql "SELECT status FROM audit_actions WHERE ref = $x")" = closed ] &&
    pass "the auditor confirms it closed" || fail "closing" "$code"

get senior "/services/$svc/audits"
row=$(tr -d '\n' <"$T/b" | grep -o "<td class=\"govuk-table__cell\">$quarter</td>.*" | head -c 1200)
echo "$row" | grep -q "<td class=\"govuk-table__cell\">$drawn</td><td class=\"govuk-table__cell\">1</td><td class=\"govuk-table__cell\">0</td><td class=\"govuk-table__cell\">0</td><td class=\"govuk-table__cell\">1</td><td class=\"govuk-table__cell\">0</td><td class=\"govuk-table__cell\">0</td><td class=\"govuk-table__cell\">0</td><td class=\"govuk-table__cell\">1</td><td class=\"govuk-table__cell\">0</td>" &&
    pass "the quarter's results: drawn, completed, by grade, actions" || fail "the quarter's results" "${row:0:600}"
get seniorx "/services/$svc/audits"
[ "$code" = 403 ] && pass "another service's senior manager cannot see them" || fail "seniorx sees the results" "$code"

# A senior manager whose role is taken away keeps no right over the audits
# they were given: neither reading their grades nor writing one still open.
b=$(sql "SELECT a.ref FROM audits a JOIN users u ON u.ref = a.auditor_ref WHERE u.username = 'senior' AND a.state <> 'completed' ORDER BY a.ref LIMIT 1")
ov user revoke senior --role "senior-manager:$service" >/dev/null || bail_out "cannot revoke the senior manager's role"
get senior "/audits/$a"
[ "$code" = 404 ] && pass "with the role gone, their completed audit is not theirs to read (404)" || fail "read after revoke" "$code"
if [ -n "$b" ]; then
    post senior "/audits/$b/save" grade=good findings=x complete=no
    [ "$code" = 404 ] && [ "$(sql "SELECT state FROM audits WHERE ref = $b")" != draft ] &&
        pass "nor an open one to write (404)" || fail "write after revoke" "$code"
fi

done_testing
