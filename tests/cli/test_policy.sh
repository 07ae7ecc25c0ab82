#!/usr/bin/env bash
# `oversight policy show | check` through the real binary: the shipped
# policies as the files in policy/, their lifecycle settings counted, a
# policy written before those settings existed still valid, a misplaced
# setting refused naming its line, and a database keeping the policy it was
# created with.
. "$(dirname "$0")/lib.sh"

for name in default national; do
    run "$OVERSIGHT" policy show --builtin "$name"
    [ "$status" = 0 ] && cmp -s "$T/out" "$ROOT/policy/$name.policy" && pass "policy show --builtin $name prints policy/$name.policy" ||
        fail "policy show --builtin $name" "exit $status" "$(diff "$T/out" "$ROOT/policy/$name.policy" | head -n 3)"
    run "$OVERSIGHT" policy check "$ROOT/policy/$name.policy"
    check "policy check counts the $name policy's prompt sets" 0 "is valid: 7 roles, 6 case categories, 3 prompt sets"
done

# A policy from before timings, session lengths, prompts and checklists.
cat >"$T/old.policy" <<'POLICY'
policy "Written before the lifecycle settings"
due-soon 7d
role social-worker "Social worker"
  every 4w
category child-protection
  every 2m
POLICY
run "$OVERSIGHT" policy check "$T/old.policy"
check "a policy without the new settings is still valid" 0 "is valid: 1 roles, 1 case categories, 0 prompt sets"

cat >"$T/bad.policy" <<'POLICY'
role social-worker "Social worker"
  every 4w
  checklist approval "Changes to approval"
POLICY
run "$OVERSIGHT" policy check "$T/bad.policy"
check "a checklist in a role is refused with its line" 1 \
    "$T/bad.policy:3: \"checklist\" cannot go in role \"social-worker\": put it under a \"category\" line"

printf 'role a\n  every 4w\n  session-minutes 500\n' >"$T/long.policy"
run "$OVERSIGHT" policy check "$T/long.policy"
check "a session longer than 8 hours is refused" 1 "$T/long.policy:3: session-minutes \"500\": must be from 15 to 480 minutes"

# The policy in force travels with the database, prompts and all.
cat >"$T/ours.policy" <<'POLICY'
policy "Ours"
sign-within 5d
role social-worker
  every 4w
  session-minutes 75
prompts ours "Our questions"
  ask first "What matters most to the child?"
POLICY
fresh_db
run ov init --policy "$T/ours.policy"
check "init with a policy that has prompts" 0
run ov policy show
[ "$status" = 0 ] && cmp -s "$T/out" "$T/ours.policy" && pass "policy show prints the database's policy" ||
    fail "policy show after init" "exit $status" "$(head -n 3 "$T/out")"

done_testing
