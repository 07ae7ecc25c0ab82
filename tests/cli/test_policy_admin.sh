#!/usr/bin/env bash
# Changing the policy from the admin page over real HTTP: a bad policy is
# refused naming its line and nothing changes; a good one is checked and
# previewed (whose due dates change, in words), applied only as previewed,
# and the policy it replaced is kept with its dates; another admin's change
# in between is a conflict (409) that writes nothing; only admins; and
# `oversight policy apply --dry-run | history` say the same.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server
echo "another long password" | ov user add admin2 --role admin --password-stdin >/dev/null 2>&1 ||
    bail_out "cannot add a second admin"
sign_in_each admin worker
sign_in admin2 "$T/jar.admin2" "another long password"
[ "$code" = 303 ] || bail_out "admin2 could not sign in ($code)"
csrf=$(csrf_of "$T/jar.admin")

# upload FILE [JAR]: the policy form with a file, as a browser sends it.
upload() {
    local jar=${2:-$T/jar.admin}
    req -b "$jar" -F "csrf=$(csrf_of "$jar")" -F "file=@$1;type=text/plain" -F "policy=" "$B/admin/policy"
}
# field NAME: the value of the hidden field NAME on the last page.
field() { grep -o "name=\"$1\" value=\"[^\"]*\"" "$T/b" | head -n 1 | cut -d'"' -f4; }

# The policy page says every frequency in words.
get admin /admin/policy
[ "$code" = 200 ] && grep -q "every week for the first 6 weeks, then every 2 weeks until 52 weeks from start, then every 4 weeks" "$T/b" &&
    pass "the policy page says a role's phases in words" || fail "the policy page's role in words ($code)"
grep -q '<th scope="row" class="govuk-table__header">Child protection plan</th><td class="govuk-table__cell">every 2 months</td>' "$T/b" &&
    pass "the policy page says a category's frequency in words, by its label" || fail "the policy page's category in words"
grep -Eq '>[^<"]*\b[0-9]+[dwm]\b[^<"]*<' "$T/b" && fail "the policy page shows interval codes" "$(grep -Eo '>[^<"]*\b[0-9]+[dwm]\b[^<"]*<' "$T/b" | head -2)" ||
    pass "the policy page shows no interval codes"
grep -q "has not been changed since the database was created" "$T/b" && pass "no earlier policies yet" ||
    fail "no earlier policies yet"

# A bad policy file: its line, and nothing changes.
printf 'policy "Broken"\nrole social-worker "Social worker"\n  every 4 weeks\n' >"$T/bad.policy"
snapshot "$T/before"
upload "$T/bad.policy"
[ "$code" = 400 ] && grep -q "govuk-error-summary" "$T/b" && grep -q "bad.policy:3: " "$T/b" &&
    pass "a bad policy file is refused with its file and line" || fail "a bad policy file gave $code" "$(grep -o 'bad.policy:[^<]*' "$T/b" | head -2)"
unchanged "a bad policy changes nothing"
# A policy that leaves out a role the staff have.
grep -v '^role residential\|^  every 1m  \|formal supervision at least monthly' "$ROOT/policy/default.policy" >"$T/norole.policy"
ov policy show --builtin default | awk '/^role residential/{skip=1; next} skip && /^  /{next} {skip=0; print}' >"$T/norole.policy"
if [ -n "$(sql "SELECT id FROM staff WHERE role = 'residential' LIMIT 1")" ]; then
    upload "$T/norole.policy"
    [ "$code" = 400 ] && grep -q "does not fit this policy" "$T/b" && pass "a policy the staff do not fit is refused, naming who" ||
        fail "a policy without a role in use gave $code"
fi
req -b "$T/jar.admin" --data-urlencode "csrf=$csrf" --data-urlencode "policy=" "$B/admin/policy"
[ "$code" = 400 ] && grep -q "Choose a policy file or paste the policy text" "$T/b" && pass "nothing chosen: asked for a policy" ||
    fail "an empty policy gave $code"

# A good policy: social workers every 2 weeks, children in need monthly.
ov policy show --builtin default | sed -e 's/^policy ".*"/policy "Stricter policy"/' \
    -e '/^role social-worker/{n;s/every 4w target 3w/every 2w/}' -e '/^category child-in-need/{n;s/every 3m/every 1m/}' >"$T/ours.policy"
grep -q "every 2w$\|every 2w " "$T/ours.policy" || bail_out "the test policy was not made"
upload "$T/ours.policy"
[ "$code" = 200 ] && grep -q "Check the new policy" "$T/b" && grep -q "The policy is valid: <strong>Stricter policy</strong>" "$T/b" &&
    pass "a good policy is checked" || fail "a good policy gave $code"
grep -q "People&#39;s supervision\|People's supervision" "$T/b" && grep -q "Case discussions" "$T/b" &&
    pass "the preview counts people and cases that change" || fail "the preview counts"
sw=$(ov due --format csv | grep '^staff,.*,role social-worker every 4w' | cut -d, -f2 | sort | head -n 1)
grep -q "href=\"/people/$sw\"" "$T/b" && pass "the preview names a social worker whose date changes, linked" ||
    fail "the preview does not name social worker $sw"
cin=$(ov due --format csv | grep '^case,.*,category child-in-need every 3m' | cut -d, -f2 | sort | head -n 1)
grep -q "href=\"/cases/$cin\"" "$T/b" && pass "the preview names a child-in-need case, linked" ||
    fail "the preview does not name case $cin"
nqsw=$(sql "SELECT id FROM staff WHERE role = 'manager' ORDER BY id LIMIT 1")
grep -q "href=\"/people/$nqsw\"" "$T/b" && fail "the preview lists a manager whose rule did not change" ||
    pass "the preview leaves out those whose dates do not change"
grep -q "Apply this policy from" "$T/b" && pass "the preview offers to apply it" || fail "no apply button"
unchanged "a preview changes nothing"
in_force=$(field in_force) checked=$(field checked)
[ -n "$checked" ] && [ -n "$in_force" ] || bail_out "the preview has no apply form"

# The same from a pasted text (line ends as a browser sends them) checks the same.
sed 's/$/\r/' "$T/ours.policy" >"$T/crlf.policy"
req -b "$T/jar.admin" --data-urlencode "csrf=$csrf" --data-urlencode "policy@$T/crlf.policy" "$B/admin/policy"
[ "$code" = 200 ] && [ "$(field checked)" = "$checked" ] && pass "a pasted policy is the same policy as the file" ||
    fail "a pasted policy gave $code, hash $(field checked)"

# Applying something other than what was checked is refused.
post admin /admin/policy/apply "policy=$(ov policy show --builtin national)" "in_force=$in_force" "checked=$checked"
[ "$code" = 400 ] && grep -q "This is not the policy that was checked" "$T/b" && pass "only the policy checked is applied" ||
    fail "a different policy under the checked hash gave $code"
unchanged "applying another text changes nothing"

# Only admins.
post worker /admin/policy/apply "policy@$T/ours.policy" "in_force=$in_force" "checked=$checked"
[ "$code" = 403 ] && pass "a worker cannot apply a policy" || fail "a worker applying a policy gave $code"
unchanged "a worker's apply changes nothing"

# Apply: in force, audited, and the default kept in the history.
req -b "$T/jar.admin" --data-urlencode "csrf=$csrf" --data-urlencode "policy@$T/crlf.policy" \
    --data-urlencode "in_force=$in_force" --data-urlencode "checked=$checked" "$B/admin/policy/apply"
[ "$code" = 200 ] && grep -q "The policy was applied" "$T/b" && grep -q "In force: <strong>Stricter policy</strong>" "$T/b" &&
    pass "the policy is applied and the page shows it in force" || fail "apply gave $code"
grep -q '<th scope="row" class="govuk-table__header">Social worker</th><td class="govuk-table__cell">every 2 weeks</td>' "$T/b" &&
    pass "the running server uses the new policy at once" || fail "the page still shows the old social worker rule"
run ov policy show
cmp -s "$T/out" "$T/ours.policy" && pass "the database's policy is the file, byte for byte" ||
    fail "the stored policy differs from the file" "$(diff "$T/out" "$T/ours.policy" | head -3)"
[ "$(sql "SELECT count(*) FROM audit_log a JOIN users u ON u.ref = a.user_ref WHERE u.username = 'admin' AND a.action = 'policy' AND a.detail LIKE 'policy \"Stricter policy\" put in force%'")" = 1 ] &&
    pass "the change is in the audit log" || fail "the change is not in the audit log"
grep -q "Policies in force before" "$T/b" && grep -q "Default policy: children&#39;s social care" "$T/b" &&
    pass "the history shows the policy replaced" || fail "the history does not show the default"
href=$(grep -o 'href="/admin/policy/history/[0-9]*"' "$T/b" | head -n 1 | cut -d'"' -f2)
get admin "$href"
[ "$code" = 200 ] && grep -q "An earlier policy" "$T/b" && grep -q "In force from .* until " "$T/b" &&
    grep -q "every 4 weeks, aiming for every 3 weeks" "$T/b" && pass "an earlier policy is viewable with its dates, in words" ||
    fail "the earlier policy page gave $code"
get worker "$href"
[ "$code" = 403 ] && pass "a worker cannot read the policy history" || fail "a worker reading the history gave $code"
get admin /admin/policy/history/99999
[ "$code" = 404 ] && pass "no such earlier policy: 404" || fail "an unknown history row gave $code"

# Another admin changes the policy between a preview and its apply: 409.
upload "$T/bad.policy" >/dev/null
ov policy show --builtin national >"$T/national.policy"
upload "$T/national.policy"
[ "$code" = 200 ] || fail "previewing the national policy gave $code"
in_force=$(field in_force) checked=$(field checked)
upload "$T/ours.policy" "$T/jar.admin2"
sed -e 's/^policy ".*"/policy "Admin two'"'"'s policy"/' "$T/ours.policy" >"$T/two.policy"
upload "$T/two.policy" "$T/jar.admin2"
req -b "$T/jar.admin2" --data-urlencode "csrf=$(csrf_of "$T/jar.admin2")" --data-urlencode "policy@$T/two.policy" \
    --data-urlencode "in_force=$(field in_force)" --data-urlencode "checked=$(field checked)" "$B/admin/policy/apply"
[ "$code" = 200 ] && pass "a second admin applies a policy" || fail "the second admin's apply gave $code"
snapshot "$T/before"
req -b "$T/jar.admin" --data-urlencode "csrf=$csrf" --data-urlencode "policy@$T/national.policy" \
    --data-urlencode "in_force=$in_force" --data-urlencode "checked=$checked" "$B/admin/policy/apply"
[ "$code" = 409 ] && grep -q "The policy changed since you checked it: check again" "$T/b" &&
    pass "applying over another admin's change is a conflict (409)" || fail "the stale apply gave $code"
unchanged "the stale apply changes nothing"
[ "$(sql "SELECT count(*) FROM policy_history")" = 3 ] && pass "the history holds the three policies in force" ||
    fail "policy_history has $(sql "SELECT count(*) FROM policy_history") rows"

# The command line: the same preview, and the history.
run ov policy apply "$T/ours.policy" --dry-run
check "policy apply --dry-run previews" 0 "would change"
unchanged "a dry run changes nothing"
run ov policy apply "$T/bad.policy"
check "policy apply of a bad file names its line" 1 "bad.policy:3: "
run ov policy history
check "policy history lists the policies in force" 0 "Admin two's policy"
grep -q "Default policy: children's social care" "$T/out" && grep -q "in force at install" "$T/out" &&
    pass "policy history includes the policy at install" || fail "policy history: $OUT"

done_testing
