#!/usr/bin/env bash
# oversight log init | checkpoint | key: the record log set up with a key
# file made mode 0600 and refused when others may read it; checkpoints that
# another implementation (Node's crypto) verifies from the key `log key`
# prints, with the root it computes itself from the log's entry hashes;
# a checkpoint refused once a row it covered is deleted or changed; and a
# database with records from before its log brought in by init.
. "$(dirname "$0")/lib.sh"

fresh_db
if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
    unset OVERSIGHT_LOG_KEY
    ov init >/dev/null
    run ov log init --origin example.org/supervision
    check "PostgreSQL: without OVERSIGHT_LOG_KEY, init says to set it" 3 "set OVERSIGHT_LOG_KEY to its path"
    export OVERSIGHT_LOG_KEY=$T/log.key
    KEY=$OVERSIGHT_LOG_KEY
else
    unset OVERSIGHT_LOG_KEY
    ov init >/dev/null
    KEY=$DB.log-key
fi

run ov log checkpoint
check "checkpoint before init says to run init" 3 "run \`oversight log init --origin NAME\` first"
run ov log key
check "key before init says to run init" 1 "run \`oversight log init --origin NAME\` first"
run ov log init
check "init without --origin says what it needs" 2 "init needs --origin NAME"
run ov log init --origin "has space"
check "an origin with a space is refused" 1 "is not a name"
[ -e "$KEY" ] && fail "a refused init made no key file" || pass "a refused init made no key file"
run ov log frobnicate
check "an unknown action lists the actions" 2 "init, checkpoint, key, check or rotate-key"
run ov log --help
check "log --help describes the key file" 0 "OVERSIGHT_LOG_KEY"

run ov log init --origin example.org/supervision
check "init sets the log up" 0 "is set up"
[ "$(stat -c %a "$KEY")" = 600 ] && pass "the key file is made mode 0600" || fail "key file mode $(stat -c %a "$KEY")"
grep -q '^PRIVATE+KEY+example.org/supervision+' "$KEY" && pass "the key file holds the signer key" ||
    fail "key file: $(cut -c1-30 "$KEY")"
sql "SELECT count(*) FROM log_keys" | grep -qx 1 && pass "the verifier key is stored" || fail "log_keys: $(sql 'SELECT * FROM log_keys')"
grep -q PRIVATE < <(sql "SELECT vkey FROM log_keys") && fail "no private key in the database" || pass "no private key in the database"
before=$(cat "$KEY")
run ov log init --origin example.org/supervision
check "init again keeps the key" 0 "is set up"
[ "$(cat "$KEY")" = "$before" ] && pass "the key file is not written over" || fail "the key file changed"
run ov log init --origin other.example/log
check "init under another origin names the key file's" 1 "give --origin example.org/supervision"

run ov log key
check "key prints the verifier key" 0 "example.org/supervision+"
VKEY=$OUT
case $VKEY in *PRIVATE*) fail "key prints no private key" ;; *) pass "key prints no private key" ;; esac

# Node: the key ID from the name and key, the signature over the note's
# text, and the root from the leaves' entry hashes (RFC 9162), none of it
# from oversight's code.
verify() { # verify NOTE_FILE LEAVES_FILE
    node - "$VKEY" "$1" "$2" <<'EOF'
const crypto = require("crypto"), fs = require("fs");
const [vkey, notePath, leavesPath] = process.argv.slice(2);
const fail = (m) => { console.error(m); process.exit(1); };
const [name, idHex, ...rest] = vkey.split("+");
const keyB64 = rest.join("+"); /* base64 has its own + */
const key = Buffer.from(keyB64, "base64");
if (key.length !== 33 || key[0] !== 1) fail("not an Ed25519 verifier key");
const pub = key.subarray(1);
const id = crypto.createHash("sha256").update(Buffer.concat([Buffer.from(name + "\n"), key])).digest().subarray(0, 4);
if (id.toString("hex") !== idHex) fail("key ID " + idHex + " is not " + id.toString("hex"));
const note = fs.readFileSync(notePath);
const split = note.indexOf("\n\n");
if (split < 0) fail("no blank line");
const text = note.subarray(0, split + 1);
const sigs = note.subarray(split + 2).toString().split("\n").filter((l) => l);
/* Two keys of one log share its name: the key ID tells their lines apart. */
const mine = sigs.filter((l) => l.startsWith("\u2014 " + name + " ") &&
    Buffer.from(l.split(" ")[2], "base64").subarray(0, 4).equals(id));
if (mine.length !== 1) fail("no signature line by " + name + " with key ID " + idHex);
const sig = Buffer.from(mine[0].split(" ")[2], "base64");
if (sig.length !== 68 || !sig.subarray(0, 4).equals(id)) fail("the signature's key ID is not the key's");
const pk = crypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: pub.toString("base64url") }, format: "jwk" });
if (!crypto.verify(null, text, pk, sig.subarray(4))) fail("the signature does not verify");
const [origin, size, root] = text.toString().split("\n");
if (origin !== name) fail("origin " + origin);
const leaves = fs.readFileSync(leavesPath, "utf8").split("\n").filter((l) => l).map((h) => Buffer.from(h, "hex"));
if (String(leaves.length) !== size) fail("size " + size + ", " + leaves.length + " leaves");
const sha = (...b) => crypto.createHash("sha256").update(Buffer.concat(b)).digest();
const mth = (l) => {
    if (l.length === 0) return sha();
    if (l.length === 1) return sha(Buffer.from([0]), l[0]);
    let k = 1;
    while (k * 2 < l.length) k *= 2;
    return sha(Buffer.from([1]), mth(l.slice(0, k)), mth(l.slice(k)));
};
if (mth(leaves).toString("base64") !== root) fail("root " + root + " is not " + mth(leaves).toString("base64"));
EOF
}
leaves() { sql "SELECT hash FROM log_leaves ORDER BY idx" >"$T/leaves"; }

run ov log checkpoint
check "checkpoint of the empty log" 0 "example.org/supervision"
cp "$T/out" "$T/cp0"
leaves
verify "$T/cp0" "$T/leaves" 2>"$T/node.err" && pass "Node verifies the empty log's checkpoint" ||
    fail "Node verifies the empty log's checkpoint" "$(cat "$T/node.err")"

# Entries as a change appends them (their hashes made up here: the tree
# does not read them), 20 of them: past the first stored tile of 16.
for i in $(seq 0 19); do
    h=$(printf 'entry %d' "$i" | sha256sum | cut -c1-64)
    echo "INSERT INTO log_leaves (idx, hash, type, at) VALUES ($i, '$h', 'signed', 1700000000);"
    [ "$i" = 15 ] && echo "INSERT INTO log_nodes (level, idx, hash) VALUES (4, 0, '@');"
done >"$T/rows.sql"
# The node of the first 16 leaves, as a change would have stored it.
node16=$(sed -n 's/.*VALUES ([0-9]*, .\([0-9a-f]*\).*/\1/p' "$T/rows.sql" | node -e '
const crypto = require("crypto");
const l = require("fs").readFileSync(0, "utf8").split("\n").filter((x) => x).slice(0, 16).map((h) => Buffer.from(h, "hex"));
const sha = (...b) => crypto.createHash("sha256").update(Buffer.concat(b)).digest();
let level = l.map((x) => sha(Buffer.from([0]), x));
while (level.length > 1) { const up = []; for (let i = 0; i < level.length; i += 2) up.push(sha(Buffer.from([1]), level[i], level[i + 1])); level = up; }
console.log(level[0].toString("hex"));')
sed -i "s/'@'/'$node16'/" "$T/rows.sql"
sql <"$T/rows.sql" >/dev/null || bail_out "cannot add the entries"

run ov log checkpoint
check "checkpoint of 20 entries" 0 "example.org/supervision"
cp "$T/out" "$T/cp20"
sed -n 2p "$T/cp20" | grep -qx 20 && pass "the checkpoint's size is 20" || fail "size: $(sed -n 2p "$T/cp20")"
leaves
verify "$T/cp20" "$T/leaves" 2>"$T/node.err" && pass "Node verifies the signature and the root of 20 entries" ||
    fail "Node verifies the signature and the root of 20 entries" "$(cat "$T/node.err")"
run ov log checkpoint
check "nothing added: the latest again" 0 "example.org/supervision"
cmp -s "$T/out" "$T/cp20" && pass "the same checkpoint as before" || fail "a new checkpoint with nothing added"

# Rows changed or deleted under the checkpoint: refused, and nothing signed.
kept=$(sql "SELECT hash FROM log_leaves WHERE idx = 19")
sql "DELETE FROM log_leaves WHERE idx = 19" >/dev/null
changes_nothing "a deleted entry: refused" 1 "fewer than the 20 of the checkpoint signed on" ov log checkpoint
run ov log check
check "log check: the deleted entry is found" 1 "has 20 entries, but the log has only 19"
sql "INSERT INTO log_leaves (idx, hash, type, at) VALUES (19, '$kept', 'signed', 1700000000)" >/dev/null
kept18=$(sql "SELECT hash FROM log_leaves WHERE idx = 18")
sql "UPDATE log_leaves SET hash = '$(printf '0%.0s' $(seq 64))' WHERE idx = 18" >/dev/null
changes_nothing "a changed entry: refused" 1 "no longer give the root signed on" ov log checkpoint
grep -q "restore the database from a backup" "$T/err" && pass "the refusal says what to do" || fail "what to do: $ERR"
run ov log check
check "log check: the changed entry is found" 1 "the first 20 entries no longer give the root signed on"

sql "UPDATE log_leaves SET hash = '$kept18' WHERE idx = 18" >/dev/null
run ov log checkpoint
check "put back: the log gives its checkpoint again" 0 "example.org/supervision"
run ov log check
check "put back: log check finds the log whole" 0 "20 entries (0 of them kept whole), 1 stored node, 2 checkpoints: the log holds"

# Copied into another database (oversight migrate), the log keeps every
# hash: the copy gives the same checkpoint under the same key.
copy=$T/copy.sqlite
run "$OVERSIGHT" migrate --from "$DB" --to "$copy"
check "the log is copied by migrate" 0 "copied"
OVERSIGHT_LOG_KEY=$KEY run "$OVERSIGHT" --db "$copy" log checkpoint
check "the copy signs" 0 "example.org/supervision"
cmp -s "$T/out" "$T/cp20" && pass "the copy gives the same checkpoint" || fail "the copy's checkpoint differs" "$OUT"

# A key file others may read is refused.
chmod 640 "$KEY"
run ov log checkpoint
check "a key file the group may read is refused" 3 "chmod 600"
chmod 600 "$KEY"

# The key replaced: the log records it, and the checkpoint over that entry
# is signed by both keys, so each verifies it (Node again).
old_vkey=$VKEY
cp "$KEY" "$T/old.key"
run ov log rotate-key
check "rotate-key replaces the key" 0 "signed by both keys"
[ ! -e "$KEY.new" ] && [ "$(stat -c %a "$KEY")" = 600 ] && ! cmp -s "$KEY" "$T/old.key" &&
    pass "the key file holds the new key, mode 0600, nothing left beside it" || fail "key file after rotation"
[ "$(sql "SELECT type FROM log_leaves ORDER BY idx DESC LIMIT 1")" = key ] && pass "the log records the key's change" ||
    fail "the last entry: $(sql "SELECT type FROM log_leaves ORDER BY idx DESC LIMIT 1")"
run ov log key
check "log key prints the new key alone" 0 "example.org/supervision+"
VKEY=$OUT
[ "$VKEY" != "$old_vkey" ] && [ "$(printf '%s\n' "$VKEY" | wc -l)" = 1 ] && pass "the old key is retired" ||
    fail "keys in force: $VKEY"
run ov log checkpoint
check "the latest checkpoint is the one both signed" 0 "example.org/supervision"
cp "$T/out" "$T/cp-both"
[ "$(grep -c '^— ' "$T/cp-both")" = 2 ] && pass "two signature lines" || fail "signature lines: $(grep -c '^— ' "$T/cp-both")"
leaves
verify "$T/cp-both" "$T/leaves" 2>"$T/node.err" && pass "Node verifies it with the new key" ||
    fail "Node verifies it with the new key" "$(cat "$T/node.err")"
VKEY=$old_vkey verify "$T/cp-both" "$T/leaves" 2>"$T/node.err" && pass "Node verifies it with the old key" ||
    fail "Node verifies it with the old key" "$(cat "$T/node.err")"
run ov log check
check "log check: the log holds under the new key" 0 "the log holds"
cp "$T/old.key" "$T/stale.key"
OVERSIGHT_LOG_KEY=$T/stale.key run ov log rotate-key
check "the retired key cannot rotate again" 1 "is not the log's key in force"
OVERSIGHT_LOG_KEY=$T/stale.key run ov log checkpoint
check "the retired key signs no checkpoint" 1 "is not the log's key in force"
[ ! -e "$T/stale.key.new" ] && pass "a refused rotation leaves no key file behind" || fail "a .new file was left"

# A database that had records before it kept its log: changes to them are
# refused until init brings them in; the checkpoint then covers them.
fresh_db
if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
    export OVERSIGHT_LOG_KEY=$T/old.log-key
    KEY=$OVERSIGHT_LOG_KEY
else
    KEY=$DB.log-key
fi
ov init >/dev/null
ov demo --staff 12 --cases 30 --years 1 --seed 5 >/dev/null || bail_out "cannot make a demo council"
live=$(sql "SELECT count(*) FROM log_leaves")
[ "$live" -gt 20 ] && pass "the demo's records are logged as they change ($live entries)" || fail "demo entries: $live"
sql "SELECT type FROM log_leaves ORDER BY idx" >"$T/live-types"
for table in log_state log_nodes log_leaves; do sql "DELETE FROM $table" >/dev/null; done
run ov log init --origin example.org/older
check "init brings the records in" 0 "$live entries were brought in"
# The same entries; in the order of their times (changes the demo makes at
# one moment may come back in another order: versions, then answers, then
# confidentiality).
sql "SELECT type FROM log_leaves ORDER BY idx" >"$T/types"
cmp -s <(sort "$T/types") <(sort "$T/live-types") && pass "the same entries as were logged live" ||
    fail "backfilled entries differ" "$(diff <(sort "$T/live-types") <(sort "$T/types") | head -n 5)"
[ "$(sql "SELECT count(*) FROM log_leaves a JOIN log_leaves b ON b.idx = a.idx + 1 WHERE b.at < a.at")" = 0 ] &&
    pass "brought in in the order of their times" || fail "backfilled entries out of time order"
run ov log key
VKEY=$OUT
run ov log checkpoint
check "the backfilled log is signed" 0 "example.org/older"
cp "$T/out" "$T/cp-old"
leaves
verify "$T/cp-old" "$T/leaves" 2>"$T/node.err" && pass "Node verifies the checkpoint over the records brought in" ||
    fail "Node verifies the checkpoint over the records brought in" "$(cat "$T/node.err")"

# Each entry is kept whole with its leaf: log check finds one rewritten,
# naming the record, and a stored node that no longer fits its entries.
run ov log check
check "the demo's log holds" 0 "$live entries ($live of them kept whole)"
idx=$(sql "SELECT min(idx) FROM log_leaves WHERE type = 'version'")
rec=$(sql "SELECT record_ref || ', version ' || version FROM log_leaves WHERE idx = $idx")
kept=$(sql "SELECT entry FROM log_leaves WHERE idx = $idx")
sql "UPDATE log_leaves SET entry = replace(entry, '\"version\":', '\"version\": ') WHERE idx = $idx" >/dev/null
run ov log check
check "a rewritten entry is named with its record" 1 "entry $idx of the log (version, recording record $rec): the entry kept with it no longer hashes"
sql "UPDATE log_leaves SET hash = '$(printf '0%.0s' $(seq 64))' WHERE idx = 3" >/dev/null
run ov log check
check "a changed leaf: the stored node over it no longer fits" 1 "the stored node at level 4, index 0 (entries 0 to 15) is not what its entries give"

done_testing
