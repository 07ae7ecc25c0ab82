#!/usr/bin/env bash
# oversight export person, and "Download my supervision file" on the web:
# the archive holds the person's records that were sent (no drafts, nobody
# else's), and checks with none of oversight's code: Python's hashlib for
# every entry hash, part commitment (docs/record-format.md) and inclusion
# proof (RFC 9162) against the checkpoint's root, and Node's crypto for
# the checkpoint's signature by the key in key.txt. A sentence changed in
# the database afterwards is found in the next copy: exactly that part no
# longer matches. Without the log's key, a copy the latest checkpoint does
# not cover is refused, saying what to do.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

fresh_db
if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
    export OVERSIGHT_LOG_KEY=$T/log.key
    KEY=$OVERSIGHT_LOG_KEY
else
    unset OVERSIGHT_LOG_KEY
    KEY=$DB.log-key
fi
ov init >/dev/null
ov demo --staff 20 --cases 200 --years 1 --seed 5 --accounts >"$T/demo.out" 2>&1 ||
    bail_out "cannot make a demo council: $(cat "$T/demo.out")"
ov log init --origin example.org/supervision >/dev/null || bail_out "log init failed"
worker=$(staff_of worker)
manager=$(staff_of manager)
[ -n "$worker" ] && [ -n "$manager" ] || bail_out "the demo has no worker or manager account"

records_of() { # records_of ID: the refs of the records ID is party to that the log holds, in order
    sql "SELECT DISTINCT r.ref FROM records r JOIN staff s ON s.ref IN (r.supervisor_ref, r.supervisee_ref)
         JOIN log_leaves l ON l.record_ref = r.ref WHERE s.id = '$1' ORDER BY r.ref"
}
want_records=$(records_of "$worker" | tr '\n' ' ')
[ -n "$want_records" ] && pass "the worker has records in the log ($want_records)" || bail_out "the worker has no records"
# A record being written (a draft: never logged), and its supervisee.
IFS='|' read -r draft draft_of <<<"$(sql "SELECT r.ref, s.id FROM records r JOIN staff s ON s.ref = r.supervisee_ref
    WHERE NOT EXISTS (SELECT 1 FROM log_leaves l WHERE l.record_ref = r.ref) ORDER BY r.ref LIMIT 1")"
[ -n "$draft" ] || bail_out "the demo has no record being written"

# The checker: none of oversight's code. Prints "FOR id", "RECORDS r ...",
# a line per problem, then "OK n" when there is none.
cat >"$T/check.py" <<'EOF'
import base64, hashlib, json, sys, zipfile

z = zipfile.ZipFile(sys.argv[1])
copy = json.loads(z.read("copy.json"))
cp = z.read("checkpoint.txt").decode()
lines = cp.split("\n\n")[0].split("\n")
origin, size, root = lines[0], int(lines[1]), base64.b64decode(lines[2])
sha = lambda *b: hashlib.sha256(b"".join(b)).digest()
problems = []
if copy["format"] != "oversight-copy/1":
    problems.append("format " + copy["format"])
if copy["checkpoint"] != cp:
    problems.append("the copy's checkpoint is not checkpoint.txt")
if copy["origin"] != origin:
    problems.append("origin")
if copy["key"] not in z.read("key.txt").decode().split("\n"):
    problems.append("the copy's key is not in key.txt")


def root_from(index, size, leaf, proof):  # RFC 9162 2.1.3.2
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = sha(b"\x01", p, r)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            r = sha(b"\x01", r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


records = set()
for e in copy["entries"]:
    h = bytes.fromhex(e["hash"])
    entry = e["entry"].encode()
    doc = json.loads(entry)
    records.add(doc["record"])
    where = "record %s version %s (%s entry, leaf %d)" % (doc["record"], doc.get("version"), doc["type"], e["index"])
    if sha(entry) != h:
        problems.append("ENTRY " + where)
    if json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode() != entry:
        problems.append("NOT CANONICAL " + where)
    if root_from(e["index"], size, sha(b"\x00", h), [bytes.fromhex(p) for p in e["proof"]]) != root:
        problems.append("PROOF " + where)
    parts = doc.get("parts", {})
    for o in e["openings"]:
        c = sha(b"oversight/part/1\x00", bytes.fromhex(o["salt"]), o["content"].encode())
        if parts.get(o["id"]) != c.hex():
            problems.append("MISMATCH %s part %s" % (where, o["id"]))
print("FOR " + copy["for"]["id"])
print("RECORDS " + " ".join(str(r) for r in sorted(records)))
print("FILES " + " ".join(sorted(n for n in z.namelist() if not n.startswith("records/"))))
# A PDF sheet for each version sent, and nothing else under records/.
want_sheets = sorted("records/record-%d-v%d.pdf" % (e["record"], e["version"])
                     for e in (json.loads(x["entry"]) for x in copy["entries"] if "entry" in x) if e["type"] == "version")
got_sheets = sorted(n for n in z.namelist() if n.startswith("records/"))
print("SHEETS %d" % len(got_sheets))
if want_sheets != got_sheets:
    problems.append("sheets %s, want %s" % (got_sheets, want_sheets))
for n in got_sheets:
    if not z.read(n).startswith(b"%PDF-"):
        problems.append(n + " is not a PDF")
for p in problems:
    print(p)
if not problems:
    print("OK %d" % len(copy["entries"]))
sys.exit(1 if problems else 0)
EOF

# Node: the checkpoint's signature by the key in key.txt.
cat >"$T/sig.js" <<'EOF'
const crypto = require("crypto"), fs = require("fs");
const [vkey, notePath] = [fs.readFileSync(process.argv[2], "utf8").trim().split("\n")[0], process.argv[3]];
const fail = (m) => { console.error(m); process.exit(1); };
const [name, idHex, ...rest] = vkey.split("+");
const key = Buffer.from(rest.join("+"), "base64");
if (key.length !== 33 || key[0] !== 1) fail("not an Ed25519 verifier key");
const id = crypto.createHash("sha256").update(Buffer.concat([Buffer.from(name + "\n"), key])).digest().subarray(0, 4);
if (id.toString("hex") !== idHex) fail("key ID");
const note = fs.readFileSync(notePath);
const split = note.indexOf("\n\n");
const text = note.subarray(0, split + 1);
const line = note.subarray(split + 2).toString().split("\n").find((l) => l.startsWith("\u2014 " + name + " "));
if (!line) fail("no signature by " + name);
const sig = Buffer.from(line.split(" ")[2], "base64");
if (!sig.subarray(0, 4).equals(id)) fail("the signature's key ID");
const pk = crypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: key.subarray(1).toString("base64url") }, format: "jwk" });
if (!crypto.verify(null, text, pk, sig.subarray(4))) fail("the signature does not verify");
EOF

# check_zip NAME FILE: the checker and Node on FILE; leaves the checker's
# output in $T/check.
check_zip() {
    rm -rf "$T/unz" && mkdir "$T/unz"
    python3 "$T/check.py" "$2" >"$T/check" 2>&1
    local rc=$?
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$2" "$T/unz"
    if node "$T/sig.js" "$T/unz/key.txt" "$T/unz/checkpoint.txt" 2>"$T/node.err"; then
        pass "$1: Node verifies the checkpoint's signature with key.txt"
    else
        fail "$1: Node verifies the checkpoint's signature with key.txt" "$(cat "$T/node.err")"
    fi
    return $rc
}

# The command line: usage and refusals first.
run ov export
check "export with nothing says what to give" 2 "person STAFF_ID --out FILE"
run ov export person "$worker"
check "export without --out says to give it" 2 "give --out FILE"
run ov export person NOBODY --out "$T/x.zip"
check "an unknown staff id is refused, saying so" 1 "there is no person with staff id NOBODY"
[ -e "$T/x.zip" ] && fail "nothing is written for nobody" || pass "nothing is written for nobody"

run ov export person "$worker" --out "$T/w.zip"
check "export person writes the file" 0
[ -z "$OUT" ] && pass "quiet in a script" || fail "quiet in a script" "$OUT"
check_zip "the worker's file" "$T/w.zip" && pass "every hash, commitment and inclusion proof checks" ||
    fail "every hash, commitment and inclusion proof checks" "$(head -n 8 "$T/check")"
grep -qx "FOR $worker" "$T/check" && pass "the file is the worker's" || fail "the file is the worker's" "$(head -n 1 "$T/check")"
grep -qx "RECORDS ${want_records% }" "$T/check" && pass "exactly the worker's records that were sent" ||
    fail "exactly the worker's records that were sent" "want ${want_records}" "$(grep RECORDS "$T/check")"
grep -qx "FILES README.txt checkpoint.txt copy.json key.txt" "$T/check" && pass "README, checkpoint, copy and key" ||
    fail "README, checkpoint, copy and key" "$(grep FILES "$T/check")"
sheet=$(ls "$T/unz/records/" | head -n 1)
read -r rec ver < <(echo "$sheet" | sed 's/record-\([0-9]*\)-v\([0-9]*\).pdf/\1 \2/')
h=$(sql "SELECT hash FROM log_leaves WHERE record_ref = $rec AND version = $ver AND type = 'version'")
name=$(sql "SELECT name FROM staff WHERE id = '$worker'")
pdftotext "$T/unz/records/$sheet" - | tr -d '\n' >"$T/sheet.txt"
grep -qF "$name" "$T/sheet.txt" && grep -qF "$h" "$T/sheet.txt" &&
    pass "a sheet reads back with the worker's name and the version's hash ($sheet)" ||
    fail "a sheet reads back with the worker's name and the version's hash ($sheet)" "$(head -c 300 "$T/sheet.txt")"
cmp -s "$T/unz/key.txt" <(ov log key) && pass "key.txt is the key oversight log key prints" ||
    fail "key.txt is the key oversight log key prints"
grep -q "oversight verify" "$T/unz/README.txt" && grep -q "publishes" "$T/unz/README.txt" &&
    pass "the README says how to check it and to compare the key" || fail "the README says how to check it"
run ov export person "$draft_of" --out "$T/d.zip"
check "export of a person with a record being written" 0
python3 "$T/check.py" "$T/d.zip" >"$T/check" 2>&1
want=$(records_of "$draft_of" | tr '\n' ' ')
grep -qx "RECORDS ${want% }" "$T/check" && ! grep '^RECORDS' "$T/check" | tr ' ' '\n' | grep -qx "$draft" &&
    pass "the record being written ($draft) is not in $draft_of's file; the ones sent are" ||
    fail "the record being written is not in the file" "draft $draft; want $want" "$(grep RECORDS "$T/check")"
# Another pair's confidential text is not in the worker's file.
other=$(sql "SELECT i.text FROM record_items i JOIN records r ON r.ref = i.record_ref
             JOIN staff a ON a.ref = r.supervisor_ref JOIN staff b ON b.ref = r.supervisee_ref
             WHERE i.confidential_supervisor = 1 AND i.confidential_supervisee = 1 AND i.text <> ''
             AND a.id <> '$worker' AND b.id <> '$worker' ORDER BY i.record_ref LIMIT 1")
[ -n "$other" ] || bail_out "the demo has no confidential item between two others"
if [ -n "$other" ]; then
    python3 -c 'import json, sys, zipfile
copy = zipfile.ZipFile(sys.argv[1]).read("copy.json").decode()
sys.exit(1 if json.dumps(sys.argv[2])[1:-1] in copy or sys.argv[2] in copy else 0)' "$T/w.zip" "$other" &&
        pass "another pair's confidential item is not in the file" || fail "another pair's confidential item is in the file"
fi

# A sentence changed in the database: the next copy shows exactly that part.
target=$(sql "SELECT i.record_ref || '|' || i.version || '|' || i.topic FROM record_items i
              JOIN log_leaves l ON l.record_ref = i.record_ref AND l.version = i.version AND l.type = 'version'
              JOIN records r ON r.ref = i.record_ref JOIN staff s ON s.ref = r.supervisee_ref
              WHERE s.id = '$worker' AND i.text <> '' ORDER BY i.record_ref, i.version, i.topic LIMIT 1")
IFS='|' read -r t_rec t_ver t_topic <<<"$target"
[ -n "$t_topic" ] || bail_out "no item of the worker's to change"
kept=$(sql "SELECT text FROM record_items WHERE record_ref = $t_rec AND version = $t_ver AND topic = '$t_topic'")
sql "UPDATE record_items SET text = 'Nothing of note was discussed.' WHERE record_ref = $t_rec AND version = $t_ver
     AND topic = '$t_topic'" >/dev/null
run ov export person "$worker" --out "$T/w2.zip"
check "export again after the change" 0
check_zip "the changed file" "$T/w2.zip"
grep -c -e '^MISMATCH' -e '^ENTRY' -e '^PROOF' "$T/check" | grep -qx 1 &&
    grep -qx "MISMATCH record $t_rec version $t_ver (version entry, leaf [0-9]*) part item/$t_topic" "$T/check" &&
    pass "the checker finds exactly the changed part (record $t_rec version $t_ver item/$t_topic)" ||
    fail "the checker finds exactly the changed part" "$(grep -v '^FOR\|^RECORDS\|^FILES' "$T/check" | head -n 5)"
# oversight verify, with the organisation's key: the copy kept from before
# verifies; the new one, checked against it, names the record, the
# version, the part and since when.
ov log key >"$T/org.key"
run "$OVERSIGHT" verify "$T/w.zip" --key "$T/org.key"
check "the worker's earlier copy verifies" 0 "Verified"
run "$OVERSIGHT" verify "$T/w2.zip" --since "$T/w.zip" --key "$T/org.key"
check "the new copy does not, since the earlier one" 4 \
    "record $t_rec, version $t_ver: the text of item '$t_topic' is not what was logged when version $t_ver was sent on"
grep -q "changed since your copy of [0-9-]* [0-9:]* UTC" "$T/out" && pass "verify says since when" ||
    fail "verify says since when" "$OUT"
[ "$(grep -c '^  FAILS' "$T/out")" = 1 ] && pass "and nothing else fails" || fail "and nothing else fails" "$OUT"
# A child's file (subject access): every decision about the child, only
# that case's notes opened, and it verifies.
child=$(sql "SELECT c.id FROM case_notes n JOIN cases c ON c.ref = n.case_ref JOIN log_leaves l
             ON l.record_ref = n.record_ref AND l.type = 'version' GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1")
[ -n "$child" ] || bail_out "no case discussed in a record"
run ov export child "$child" --out "$T/child.zip"
check "export child writes the child's file" 0
python3 - "$T/child.zip" "$child" >"$T/child.check" 2>&1 <<'PY'
import json, sys, zipfile
copy = json.loads(zipfile.ZipFile(sys.argv[1]).read("copy.json"))
opened = [o for e in copy["entries"] for o in e["openings"]]
cases = {json.loads(o["content"]).get("case") for o in opened}
ids = {o["id"].split("/")[0] for o in opened}
print("OPENED %d IDS %s CASES %s" % (len(opened), ",".join(sorted(ids)), ",".join(sorted(cases))))
PY
grep -qx "OPENED [1-9][0-9]* IDS note CASES $child" "$T/child.check" &&
    pass "only the child's case notes are opened, and some are" || fail "only the child's case notes are opened" "$(cat "$T/child.check")"
python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("README.txt").decode())' "$T/child.zip" \
    >"$T/child.readme"
grep -q "every decision about" "$T/child.readme" && pass "the child's file says what it is" || fail "the child's file says what it is"
run "$OVERSIGHT" verify "$T/child.zip" --key "$T/org.key"
check "the child's file verifies" 0 "Verified"
run ov export child NO-SUCH-CASE --out "$T/none.zip"
check "an unknown case is refused" 1 "there is no case NO-SUCH-CASE"
# Put back (the text as it was, quotes doubled for SQL).
printf "UPDATE record_items SET text = '%s' WHERE record_ref = %s AND version = %s AND topic = '%s';\n" \
    "${kept//\'/\'\'}" "$t_rec" "$t_ver" "$t_topic" | sql >/dev/null

# The web: the worker downloads their own file from My supervision.
serve serve
[ -n "$port" ] || bail_out "the server did not start: $(cat "$T/serve.err")"
B=http://127.0.0.1:$port
sign_in_each worker manager
get worker /
grep -q 'href="/supervision-file"' "$T/b" && grep -q "Download my supervision file" "$T/b" &&
    pass "My supervision offers the download" || fail "My supervision offers the download"
get worker /supervision-file
[ "$code" = 200 ] && pass "the download answers 200" || fail "the download answers 200" "got $code: $(head -c 300 "$T/b")"
has_header "Content-Type: application/zip" && pass "as a zip" || fail "as a zip" "$(cat "$T/h")"
has_header "Content-Disposition: attachment; filename=\"supervision-file-$worker-[0-9-]*.zip\"" &&
    pass "as an attachment named for the worker and the day" || fail "as an attachment named for the worker and the day" "$(grep -i disposition "$T/h")"
cp "$T/b" "$T/web.zip"
check_zip "the web file" "$T/web.zip" && pass "the web file checks" || fail "the web file checks" "$(head -n 8 "$T/check")"
grep -qx "FOR $worker" "$T/check" && grep -qx "RECORDS ${want_records% }" "$T/check" &&
    grep -qx "FILES README.txt checkpoint.txt copy.json key.txt" "$T/check" &&
    pass "the web file has the same records and files" || fail "the web file has the same records and files" "$(head -n 3 "$T/check")"
# Each copy made is in the read trail: the command line's as the operator's,
# the download as the worker's own. (The web's rows are written in batches:
# wait for the writer, up to 10 s.)
wref=$(sql "SELECT ref FROM staff WHERE id = '$worker'")
for _ in $(seq 100); do
    [ "$(sql "SELECT count(*) FROM read_trail WHERE kind = 'export' AND ref = $wref AND account = 'worker'")" = 0 ] || break
    sleep 0.1
done
rows=$(sql "SELECT account || '|' || role || '|' || address FROM read_trail WHERE kind = 'export' AND ref = $wref ORDER BY seq")
echo "$rows" | grep -q '^command line (unix user [^)]*)|admin|command line$' &&
    pass "the command line's copy is in the read trail" || fail "the command line's copy is in the read trail" "$rows"
echo "$rows" | grep -q '^worker|self|127.0.0.1$' && pass "the download is in the read trail, as the worker's own" ||
    fail "the download is in the read trail, as the worker's own" "$rows"
# Someone else gets their own file, never the worker's; nobody signed in gets none.
get manager /supervision-file
python3 "$T/check.py" "$T/b" >"$T/check" 2>&1
grep -qx "FOR $manager" "$T/check" && pass "the manager downloads the manager's file" ||
    fail "the manager downloads the manager's file" "$code $(head -n 2 "$T/check")"
req "$B/supervision-file"
[ "$code" != 200 ] && ! grep -q "copy.json" "$T/b" && pass "nobody signed in downloads nothing ($code)" ||
    fail "nobody signed in downloads nothing" "$code"

# Without the log's key, a copy the latest checkpoint does not cover is
# refused, saying what to do: an entry logged on one of the worker's
# records since (made up here), and the key put away.
mv "$KEY" "$KEY.away"
first=${want_records%% *}
size=$(sql "SELECT max(idx) + 1 FROM log_leaves")
if [ $(((size + 1) % 16)) != 0 ]; then
    sql "INSERT INTO log_leaves (idx, hash, type, record_ref, version, at)
         VALUES ($size, '$(printf 'made up' | sha256sum | cut -c1-64)', 'signed', $first, 1, 1800000000)" >/dev/null
    run ov export person "$worker" --out "$T/w3.zip"
    check "without the key, a file the checkpoint does not cover is refused" 1 "run \`oversight log checkpoint\`"
    get worker /supervision-file
    [ "$code" = 409 ] && grep -q "oversight log checkpoint" "$T/b" && pass "the web says the same (409)" ||
        fail "the web says the same (409)" "$code"
    # With the key back, the server signs a checkpoint of the whole log for the download.
    mv "$KEY.away" "$KEY"
    get worker /supervision-file
    signed=$(python3 -c 'import sys, zipfile
print(zipfile.ZipFile(sys.argv[1]).read("checkpoint.txt").decode().split("\n")[1])' "$T/b" 2>/dev/null)
    # (and anchors the read trail in it first, when the trail has grown since its last anchor)
    anchored=$(sql "SELECT count(*) FROM log_leaves WHERE type = 'read-trail' AND idx > $size")
    [ "$code" = 200 ] && [ "$signed" = $((size + 1 + anchored)) ] && pass "with the key, the server signs a checkpoint for it" ||
        fail "with the key, the server signs a checkpoint for it" "$code: size $signed, want $((size + 1 + anchored))"
fi
[ -e "$KEY.away" ] && mv "$KEY.away" "$KEY"

done_testing
