#!/usr/bin/env bash
# oversight verify: copies written by the unit test's fixture writer
# (build/tests/test_bundle --fixtures DIR, beside the binary under test),
# checked offline. A whole copy verifies (exit 0), as JSON or inside a zip
# archive, and says whose key it used; a changed text, a rewritten log and
# a checkpoint signed by another key do not (exit 4), naming the record,
# the version, the part and since when; malformed input is bad input
# (exit 1), a missing file an environment error (3). No database is
# opened: --db names one that cannot exist. Node's crypto checks the same
# copies from docs/record-format.md alone, as anyone could.
. "$(dirname "$0")/lib.sh"

FIXTURES=${FIXTURES:-$(dirname "$OVERSIGHT")/tests/test_bundle}
[ -x "$FIXTURES" ] || bail_out "no fixture writer at $FIXTURES (make unit builds it)"
F=$T/fx
mkdir -p "$F"
"$FIXTURES" --fixtures "$F" || bail_out "the fixture writer failed"
DB=$T/no-such-folder/never.db
verify() { ov verify "$@"; }

run verify --help
check "verify --help says what to give it" 0 "--since OLD"

run verify "$F/copy1.json" --key "$F/key.txt"
check "a whole copy verifies" 0 "Verified: everything in this copy"
echo "$OUT" | grep -qF "record 812, version 1: sent on 2026-09-21" && pass "it names each record version" ||
    fail "it names each record version" "$OUT"
echo "$OUT" | grep -qF "amended record 812, version 2: an amendment, not a change" &&
    pass "an amendment is reported as one" || fail "an amendment is reported as one" "$OUT"
[ ! -e "$T/no-such-folder" ] && pass "no database was made or opened" || fail "no database was made or opened"

# The same copy checked by another implementation, from docs/record-format.md
# alone (Node's crypto): the digest over the canonical JSON, each entry's
# hash, each opening's commitment, each inclusion proof (RFC 9162 2.1.3.2)
# and the checkpoint's Ed25519 signature by the key in key.txt.
node_check() {
    node - "$1" "$(cat "$F/key.txt")" <<'JS'
const crypto = require("crypto"), fs = require("fs");
const [path, vkey] = process.argv.slice(2);
const fail = (m) => { console.error(m); process.exit(1); };
const sha = (...b) => crypto.createHash("sha256").update(Buffer.concat(b.map((x) => Buffer.from(x)))).digest();
const copy = JSON.parse(fs.readFileSync(path, "utf8"));
/* RFC 8785 for objects, arrays, strings and integers: sorted keys, no spaces. */
const canon = (v) => Array.isArray(v) ? "[" + v.map(canon).join(",") + "]"
    : v !== null && typeof v === "object" ? "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canon(v[k])).join(",") + "}"
    : JSON.stringify(v);
const { digest, ...rest } = copy;
if (sha(canon(rest)).toString("hex") !== digest) fail("the digest does not match");
const [name, idHex, ...k] = vkey.split("+");
const key = Buffer.from(k.join("+"), "base64");
const note = Buffer.from(copy.checkpoint);
const text = note.subarray(0, note.indexOf("\n\n") + 1);
const line = note.subarray(text.length + 1).toString().split("\n").find((l) => l.startsWith("\u2014 " + name + " "));
if (!line) fail("no signature by " + name);
const sig = Buffer.from(line.split(" ")[2], "base64");
if (sig.subarray(0, 4).toString("hex") !== idHex) fail("another key's signature");
const pk = crypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: key.subarray(1).toString("base64url") }, format: "jwk" });
if (!crypto.verify(null, text, pk, sig.subarray(4))) fail("the checkpoint's signature does not verify");
const [origin, sizeText, rootB64] = text.toString().split("\n");
const size = Number(sizeText), root = Buffer.from(rootB64, "base64");
if (origin !== copy.origin) fail("origin");
for (const e of copy.entries) {
    if (sha(e.entry).toString("hex") !== e.hash) fail("entry " + e.index + ": its hash");
    const entry = JSON.parse(e.entry);
    if (canon(entry) !== e.entry) fail("entry " + e.index + ": not canonical");
    for (const o of e.openings) {
        const c = sha("oversight/part/1\0", Buffer.from(o.salt, "hex"), o.content).toString("hex");
        if (entry.parts[o.id] !== c) fail("record " + entry.record + ", version " + entry.version + ": " + o.id + " is not what was logged");
    }
    let fn = e.index, sn = size - 1, r = sha(Buffer.from([0]), Buffer.from(e.hash, "hex"));
    for (const h of e.proof.map((x) => Buffer.from(x, "hex"))) {
        if (sn === 0) fail("entry " + e.index + ": proof too long");
        if (fn % 2 === 1 || fn === sn) {
            r = sha(Buffer.from([1]), h, r);
            while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
        } else r = sha(Buffer.from([1]), r, h);
        fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    if (sn !== 0 || !r.equals(root)) fail("entry " + e.index + ": not in the checkpoint's tree");
}
JS
}
node_check "$F/copy1.json" 2>"$T/node.err" && pass "Node checks a whole copy from the documented format alone" ||
    fail "Node checks a whole copy from the documented format alone" "$(cat "$T/node.err")"
node_check "$F/changed2.json" 2>"$T/node.err"
[ $? = 1 ] && grep -qF "record 812, version 1: item/wellbeing is not what was logged" "$T/node.err" &&
    pass "Node finds the changed text too" || fail "Node finds the changed text too" "$(cat "$T/node.err")"

run verify "$F/copy1.json"
check "without --key, the copy's own key is used, and said so" 0 "came from the copy itself"

run verify "$F/copy1.json" --key "$F/other-key.txt"
check "another organisation's key: does not verify" 4 "is not signed by the key you gave"

(cd "$F" && cp copy1.json copy.json && python3 -c '
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.write("copy.json")
    z.writestr("record-812.pdf", b"%PDF-1.7 not read")
' copy1.zip && rm copy.json) || bail_out "cannot make a zip archive"
run verify "$F/copy1.zip" --key "$F/key.txt"
check "the zip archive of a supervision file verifies" 0 "Verified"

run verify "$F/changed2.json" --key "$F/key.txt"
check "a text changed since it was logged: does not verify, naming it" 4 \
    "record 812, version 1: the text of item 'wellbeing' is not what was logged when version 1 was sent on 2026-09-21"

run verify "$F/changed2.json" --since "$F/copy1.zip" --key "$F/key.txt"
check "--since an earlier copy says since when" 4 "changed since your copy of 2026-09-27 09:06 UTC"

run verify "$F/copy2.json" --since "$F/copy1.json" --key "$F/key.txt"
check "--since an earlier copy: a log that only grew verifies" 0 "The log only grew since your copy of"
run verify "$F/copy2.json" --since "$F/checkpoint1.txt" --key "$F/key.txt"
check "--since a saved checkpoint verifies" 0 "The log only grew since your checkpoint"

run verify "$F/rewritten.json" --key "$F/key.txt"
check "a rewritten log signed again verifies on its own" 0 "Verified"
run verify "$F/rewritten.json" --since "$F/copy1.json" --key "$F/key.txt"
check "--since an earlier copy names the rewritten entry's record" 4 \
    "The log's entry 1 (record 812 version 1) was rewritten since your copy of 2026-09-27 09:06 UTC"
echo "$OUT" | grep -qF "no proof from the log of 6 entries" && pass "and says the copy cannot prove the log only grew" ||
    fail "and says the copy cannot prove the log only grew" "$OUT"
run verify "$F/rewritten.json" --since "$F/checkpoint1.txt" --key "$F/key.txt"
check "--since a saved checkpoint: the rewrite is found" 4 "no proof from the log of 6 entries"

run verify "$F/changed2.json" --key "$F/key.txt" --format json
check "--format json: verdicts as JSON" 4 '"kind": "fail", "entry": 0, "record": 812, "version": 1, "part": "item/wellbeing"'
echo "$OUT" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);process.exit(j.ok===false&&j.failures===1?0:1)})' &&
    pass "the JSON parses and says how many failed" || fail "the JSON parses and says how many failed" "$OUT"

# Bad input: not a copy; a copy with a byte changed; a bad key file.
echo '{"format": "oversight-copy/1", "origin": "x"}' >"$F/short.json"
run verify "$F/short.json"
check "a file missing fields is bad input, naming the field" 1 "has no \"key\""
sed 's/"index": 3,/"index": 3, "extra": 1,/' "$F/copy1.json" >"$F/extra.json"
run verify "$F/extra.json"
check "an unknown key is refused, naming the entry" 1 "entries[2] (index 3): the entry has the key \"extra\""
sed 's/Caseload of 14/Caseload of 15/' "$F/copy1.json" >"$F/edited.json"
run verify "$F/edited.json" --key "$F/key.txt"
check "a text edited in the file: does not verify, naming the part" 4 "the text of item 'workload' is not what was logged"
sed 's/"name": "Zofia Kowalska"/"name": "Zofia\\u001b[2J\\u0085"/' "$F/copy1.json" >"$F/escape.json"
run verify "$F/escape.json" --key "$F/key.txt"
check "a name edited in the file: does not verify (the digest)" 4 "digest does not match"
grep -q "$(printf '\033')" "$T/out" && fail "no control character reaches the terminal" ||
    { grep -qF "Zofia$(printf '\357\277\275')[2J" "$T/out" && pass "no control character reaches the terminal" ||
        fail "no control character reaches the terminal" "$OUT"; }
echo "not a key" >"$F/bad-key.txt"
run verify "$F/copy1.json" --key "$F/bad-key.txt"
check "a bad key file is bad input, naming the line" 1 "bad-key.txt, line 1: not a verifier key"
echo "PK" >"$F/bad.zip" && printf 'PK\003\004junk' >"$F/bad.zip"
run verify "$F/bad.zip"
check "a damaged zip is bad input" 1 "bad.zip"

run verify "$F/none.json"
check "a missing file is an environment error" 3 "none.json: cannot read it"
run verify
check "no FILE is a usage error" 2 "verify needs FILE"
run verify "$F/copy1.json" --format xml
check "an unknown format is a usage error" 2 "--format is text or json"

done_testing
