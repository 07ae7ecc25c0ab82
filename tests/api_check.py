"""api_check.py OPENAPI BASE JAR METHOD PATH STATUS: fetches PATH with the
session in curl's cookie file JAR ("-" for none) and checks the answer: the
status must be STATUS and described in the OpenAPI document for that path,
with the media type the document gives, and the body must match the
response's schema (JSON, or a problem document for an error).
An address the document does not list must answer as its UnknownAddress
response, a method it does not list as MethodNotAllowed (with the headers
that response requires). HEAD is checked against GET's description: the
same status and headers as a GET, and no body.
Prints nothing and exits 0 when all holds; else says why and exits 1."""
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

import jsonschema
import yaml

spec_path, base, jar_path, method, path, expected = sys.argv[1:7]
spec = yaml.safe_load(open(spec_path))

headers = {}
if jar_path != "-":
    # curl's cookie file: tab-separated, the name and value last.
    for line in open(jar_path):
        fields = line.rstrip("\n").split("\t")
        if len(fields) == 7 and fields[5] == "ov_session":
            headers["Cookie"] = "ov_session=" + fields[6]


def fetch(m):
    try:
        answer = urllib.request.urlopen(urllib.request.Request(base + path, method=m, headers=headers))
    except urllib.error.HTTPError as e:
        answer = e
    return str(answer.status if hasattr(answer, "status") else answer.code), answer.headers, answer.read()


status, answer_headers, body = fetch(method)
if status != expected:
    sys.exit(f"{method} {path}: status {status}, expected {expected}")
ctype = answer_headers.get("Content-Type", "").split(";")[0].strip()

prefix = spec["servers"][0]["url"]
if not path.startswith(prefix):
    sys.exit(f"{path}: not under {prefix}")
# Matched as the server matches it: decoded (so a%2Fb is two segments).
rest = urllib.parse.unquote(path[len(prefix):].split("?")[0])
described = method.lower() if method != "HEAD" else "get"
path_item = operation = None
for template, item in spec["paths"].items():
    pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
    if re.match(pattern, rest):
        path_item = item
        operation = item.get(described)
responses = spec["components"]["responses"]
if path_item is None:
    # An address that cannot be read at all is 400, as on any endpoint.
    response = responses["BadRequest" if status == "400" else "UnknownAddress"]
    if status not in ("400", "404"):
        sys.exit(f"{method} {path}: not described in {spec_path}, yet answered {status}, not 404")
elif operation is None:
    response = responses["MethodNotAllowed"]
    if status != "405":
        sys.exit(f"{method} {path}: method not described in {spec_path}, yet answered {status}, not 405")
else:
    response = operation["responses"].get(status)
    if response is None:
        sys.exit(f"{method} {path}: status {status} is not described")
if "$ref" in response:
    response = responses[response["$ref"].split("/")[-1]]

resolver = jsonschema.RefResolver(base_uri="", referrer=spec)
for name, header in response.get("headers", {}).items():
    value = answer_headers.get(name)
    if value is None:
        if header.get("required"):
            sys.exit(f"{method} {path}: no {name} header")
        continue
    errors = list(jsonschema.Draft202012Validator(header["schema"], resolver=resolver).iter_errors(value))
    if errors:
        sys.exit(f"{method} {path}: header {name}: {errors[0].message}")

media = response["content"]
if ctype not in media:
    sys.exit(f"{method} {path} ({status}): Content-Type {ctype}, not {' or '.join(media)}")

if method == "HEAD":
    if body:
        sys.exit(f"HEAD {path}: a body of {len(body)} bytes")
    get_status, get_headers, _ = fetch("GET")
    if get_status != status:
        sys.exit(f"HEAD {path}: status {status}, GET's {get_status}")
    for name in set(get_headers.keys()) - {"Date", "Content-Length"}:
        if get_headers.get(name) != answer_headers.get(name):
            sys.exit(f"HEAD {path}: {name} is {answer_headers.get(name)!r}, GET's {get_headers.get(name)!r}")
    sys.exit(0)

schema = media[ctype]["schema"]
try:
    document = json.loads(body)
except ValueError as e:
    sys.exit(f"{method} {path}: not JSON: {e}")
validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
if errors:
    e = errors[0]
    sys.exit(f"{method} {path} ({status}): {'/'.join(map(str, e.path))}: {e.message}")
if isinstance(document, dict) and "status" in document and "title" in document and str(document["status"]) != status:
    sys.exit(f"{method} {path}: the problem document says status {document['status']}, the answer {status}")
