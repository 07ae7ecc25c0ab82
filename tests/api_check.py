"""api_check.py OPENAPI BASE JAR METHOD PATH STATUS: fetches PATH with the
session in curl's cookie file JAR ("-" for none) and checks the answer: the
status must be STATUS and described in the OpenAPI document for that path,
and the JSON body must match the response's schema. Prints nothing and
exits 0 when it does; else says why and exits 1."""
import json
import re
import sys
import urllib.error
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
try:
    answer = urllib.request.urlopen(urllib.request.Request(base + path, method=method, headers=headers))
except urllib.error.HTTPError as e:
    answer = e
status = str(answer.status if hasattr(answer, "status") else answer.code)
body = answer.read()
if status != expected:
    sys.exit(f"{method} {path}: status {status}, expected {expected}")
ctype = answer.headers.get("Content-Type", "")

prefix = spec["servers"][0]["url"]
if not path.startswith(prefix):
    sys.exit(f"{path}: not under {prefix}")
rest = path[len(prefix):]
operation = None
for template, item in spec["paths"].items():
    pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
    if re.match(pattern, rest) and method.lower() in item:
        operation = item[method.lower()]
if operation is None:
    sys.exit(f"{method} {path}: not described in {spec_path}")
response = operation["responses"].get(status)
if response is None:
    sys.exit(f"{method} {path}: status {status} is not described")
if "$ref" in response:
    response = spec["components"]["responses"][response["$ref"].split("/")[-1]]
if not ctype.startswith("application/json"):
    sys.exit(f"{method} {path}: Content-Type {ctype}, not application/json")
schema = response["content"]["application/json"]["schema"]
try:
    document = json.loads(body)
except ValueError as e:
    sys.exit(f"{method} {path}: not JSON: {e}")
resolver = jsonschema.RefResolver(base_uri="", referrer=spec)
validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
if errors:
    e = errors[0]
    sys.exit(f"{method} {path} ({status}): {'/'.join(map(str, e.path))}: {e.message}")
