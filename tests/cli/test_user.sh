#!/usr/bin/env bash
# oversight user: accounts for the web application. Passwords are stored as
# Argon2id hashes only; a new account or a reset prints a one-time link for
# the person to choose their password, never a password; nobody gives their
# own account a role or a staff record; every refusal names the problem and
# changes nothing.
. "$(dirname "$0")/lib.sh"

fresh_db
ov init >/dev/null
ov import staff "$EXAMPLES/due/council-1/staff.csv" >/dev/null 2>&1

run ov user add alice --staff S001 --role admin
check "add prints a one-time link" 0 "link: /password/"
grep -qi "^password" "$T/out" && fail "add prints a password" || pass "add prints no password"
token=$(sed -n 's|^link: /password/||p' "$T/out")
[ "${#token}" = 43 ] && pass "the link carries a 256-bit token" || fail "link token: '$token'"
grep -q "within 24 hours" "$T/out" && pass "a new account's link works for 24 hours" || fail "link lifetime: $OUT"
hash=$(sql "SELECT password_hash FROM users WHERE username = 'alice'")
case $hash in
'$argon2id$'*) pass "the account's password is an Argon2id hash nobody knows" ;;
*) fail "stored as: ${hash:0:20}" ;;
esac
if sql "SELECT token_hash FROM password_links" | grep -qF -- "$token"; then fail "the link's token is stored"; else pass "only the link's hash is stored"; fi
[ "$(sql "SELECT role FROM user_roles")" = admin ] && pass "role granted" || fail "roles: $(sql 'SELECT role FROM user_roles')"
[ "$(sql "SELECT count(*) FROM account_notices n JOIN users u ON u.ref = n.user_ref WHERE u.username = 'alice'")" = 2 ] &&
    pass "alice will be told of her account and its role" || fail "notices for alice: $(sql 'SELECT what FROM account_notices')"

run ov user add bob --password-stdin --role senior-manager:Children <<<"correct horse battery staple"
check "add with a password on stdin" 0 "account added"
if grep -q "password:" "$T/out"; then fail "a given password is echoed"; else pass "a given password is not echoed"; fi
[ "$(sql "SELECT scope FROM user_roles WHERE role = 'senior-manager'")" = Children ] && pass "a senior manager's service" || fail "scope missing"

# refused NAME STDIN MESSAGE ARGS...: `oversight user ARGS` exits 1 with the
# message, and nothing changed.
refused() {
    local name=$1 input=$2 want=$3
    shift 3
    changes_nothing "$name" 1 "$want" ov user "$@" <<<"$input"
}
refused "a second alice" "" 'An account "alice" exists already: choose another username' add alice
refused "a short password" "short" "at least 12 characters" add carol --password-stdin
refused "a staff member with an account" "" 'Staff member "S001" has an account already' add dave --staff S001
refused "no such staff" "" 'There is no staff member "NOPE": check the id, or import the staff file first' add dave --staff NOPE
refused "an unknown role" "" 'role "boss"' add eve --role boss
refused "a senior manager without a service" "" "give the service as --role senior-manager:SERVICE" add eve --role senior-manager
refused "a bad username" "" "username" add 'eve smith'
refused "no such account" "" 'no account "nobody"' disable nobody

run ov user reset-password alice --password-stdin <<<"another long password"
check "reset a password given at the machine" 0 "password reset"
[ "$(sql "SELECT password_hash FROM users WHERE username = 'alice'")" != "$hash" ] && pass "the hash changed" || fail "the hash is the same"
[ "$(sql "SELECT count(*) FROM password_links")" = 0 ] && pass "a password given ends the link" || fail "the link is still live"
run ov user reset-password alice
check "a reset prints a one-time link" 0 "link: /password/"
grep -qi "^password" "$T/out" && fail "a reset prints a password" || pass "a reset prints no password"
grep -q "within 1 hours" "$T/out" && pass "a reset's link works for an hour" || fail "reset link lifetime: $OUT"
[ "$(sql "SELECT count(*) FROM account_notices n JOIN users u ON u.ref = n.user_ref WHERE u.username = 'alice' AND n.what LIKE 'Your password was reset%'")" = 2 ] &&
    pass "alice will be told of each reset" || fail "reset notices for alice"

# The operator's own account is the one named as their unix user: the
# command line grants it no role and links it to no staff record (the
# first admin excepted), as the admin pages refuse an admin their own.
me=$(id -un)
run ov user add "$me"
check "the operator may have an account" 0 "account added"
refused "granting the operator's own account a role" "" "You cannot give your own account a role: another admin must" grant "$me" --role auditor
refused "linking the operator's own account" "" "You cannot give your own account a staff record: another admin must" link "$me" --staff S003

run ov user disable bob
check "disable" 0 "account disabled"
[ "$(sql "SELECT disabled FROM users WHERE username = 'bob'")" = 1 ] && pass "bob is disabled" || fail "bob is not disabled"
run ov user list
check "list" 0 "bob"
grep -q "alice *S001 *active" "$T/out" && pass "list shows alice's staff id" || fail "list: $OUT"

run ov user add
check "add without a username" 2 "give its username: oversight user add USERNAME"
run ov user frobnicate x
check "an unknown action" 2 "unknown action"
done_testing
