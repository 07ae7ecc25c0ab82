#!/usr/bin/env bash
# oversight user: accounts for the web application. Passwords are stored as
# Argon2id hashes only; every refusal names the problem and changes nothing.
. "$(dirname "$0")/lib.sh"

fresh_db
ov init >/dev/null
ov import staff "$EXAMPLES/due/council-1/staff.csv" >/dev/null 2>&1

run ov user add alice --staff S001 --role admin
check "add with a made-up password" 0 "password: "
pw=$(grep '^password: ' "$T/out" | cut -d' ' -f2)
[ "${#pw}" = 20 ] && pass "the made-up password has 20 characters" || fail "made-up password: '$pw'"
hash=$(sql "SELECT password_hash FROM users WHERE username = 'alice'")
case $hash in
'$argon2id$'*) pass "stored as an Argon2id hash" ;;
*) fail "stored as: ${hash:0:20}" ;;
esac
if sql "SELECT password_hash FROM users" | grep -qF -- "$pw"; then fail "the password is stored"; else pass "the password itself is not stored"; fi
[ "$(sql "SELECT role FROM user_roles")" = admin ] && pass "role granted" || fail "roles: $(sql 'SELECT role FROM user_roles')"

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
check "reset a password" 0 "password changed"
[ "$(sql "SELECT password_hash FROM users WHERE username = 'alice'")" != "$hash" ] && pass "the hash changed" || fail "the hash is the same"

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
