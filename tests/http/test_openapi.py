"""test_openapi.py — GET /api/v1/openapi.json (issue 27).

* It is a valid OpenAPI 3.1 document: checked by an OpenAPI validator from npm,
  @seriousme/openapi-schema-validator (the official OpenAPI JSON schemas through ajv,
  then every $ref resolved; tests/openapi/, installed there by `npm ci` when missing;
  Debian 12 packages no OpenAPI 3.1 validator), and by a structural check of the
  parts Bekal writes. No validator is a failure, not a skip; and the validator must
  refuse broken copies of the document, so the check is known to bite.
  openapi-spec-validator (Python) also runs when the machine has it.
* It describes every API route of `bekal routes` (same methods, same paths, nothing
  more), with the path parameter of every {id}, the roles (x-roles) of the table,
  and `bekal routes --format openapi` prints the same document.
* The record schemas come from the field tables: each record kind's fields, required
  ones and allowed values; and real answers of the list and show routes of every
  record kind validate against the schemas the document gives them (JSON Schema
  2020-12 through jsonschema when installed).
* It needs a login like the rest of the API.
"""
import json
import os
import re
import subprocess
import tempfile

import harness as H

try:
    from openapi_spec_validator import validate as validate_spec
except ImportError:  # pragma: no cover - depends on the machine
    validate_spec = None
try:
    import jsonschema
except ImportError:  # pragma: no cover
    jsonschema = None


CHECKER = os.path.join(H.ROOT, "tests", "openapi")


def npm_validate(docs):
    """Runs tests/openapi/validate.mjs over the documents; returns (exit code, output)."""
    mods = os.path.join(CHECKER, "node_modules", "@seriousme", "openapi-schema-validator")
    lock = os.path.join(CHECKER, "package-lock.json")
    stamp = os.path.join(CHECKER, "node_modules", ".package-lock.json")
    if not os.path.isdir(mods) or not os.path.exists(stamp) or os.path.getmtime(lock) > os.path.getmtime(stamp):
        r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                           cwd=CHECKER, capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            raise AssertionError("npm ci in tests/openapi failed (the validator is needed):\n"
                                 + r.stdout + r.stderr)
    with tempfile.TemporaryDirectory(prefix="bekal-openapi.") as tmp:
        files = []
        for i, doc in enumerate(docs):
            files.append(os.path.join(tmp, "doc%d.json" % i))
            with open(files[-1], "w") as f:
                json.dump(doc, f)
        r = subprocess.run(["node", os.path.join(CHECKER, "validate.mjs")] + files,
                           capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout + r.stderr


def tearDownModule():
    H.stop_servers()


def structural_check(doc):
    """The parts of OpenAPI 3.1 that Bekal writes, checked by hand."""
    assert doc["openapi"].startswith("3.1"), doc["openapi"]
    assert doc["info"]["title"] and doc["info"]["version"]
    schemas = doc["components"]["schemas"]
    for path, item in doc["paths"].items():
        assert path.startswith("/"), path
        for method, op in item.items():
            assert method in ("get", "post", "put", "patch", "delete"), method
            assert op["responses"], (method, path)
            names = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert names == set(re.findall(r"{(\w+)}", path)), (method, path, names)
            for p in op.get("parameters", []):
                assert p["in"] != "path" or p["required"] is True
            text = json.dumps(op)
            for ref in re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text):
                assert ref in schemas, ref


class OpenApi(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        H.setup_db()
        cls.server = H.start_server()
        cls.token = H.token_for("admin")
        cls.c = cls.server.client(token=cls.token)
        r = cls.c.get("/api/v1/openapi.json")
        if r.status != 200:
            raise AssertionError(repr(r))
        cls.doc = r.json()
        cls.routes = json.loads(H.cli("routes", "--format", "json", db=None).out)

    def test_valid_openapi(self):
        structural_check(self.doc)
        code, out = npm_validate([self.doc])
        self.assertEqual(code, 0, out)
        self.assertIn(": valid 3.1", out)
        if validate_spec is not None:
            validate_spec(self.doc)

    def test_the_validator_refuses_broken_documents(self):
        """Each broken copy must be refused, so a pass above means something."""
        path = "/api/v1/partners/{id}"
        broken = []
        d = json.loads(json.dumps(self.doc))
        del d["info"]["title"]  # a required field gone
        broken.append(d)
        d = json.loads(json.dumps(self.doc))
        d["paths"][path]["get"]["parameters"][0]["in"] = "body"  # not an OpenAPI 3 location
        broken.append(d)
        d = json.loads(json.dumps(self.doc))
        d["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
            "$ref": "#/components/schemas/no_such_schema"}  # a reference to nothing
        broken.append(d)
        d = json.loads(json.dumps(self.doc))
        d["openapi"] = "3.1"  # the version must be x.y.z
        broken.append(d)
        code, out = npm_validate(broken)
        self.assertEqual(code, 1, out)
        self.assertEqual(out.count(": invalid"), len(broken), out)
        self.assertNotIn(": valid", out)

    def test_every_api_route_is_described_and_nothing_else(self):
        want = {(r["method"].lower(), r["pattern"]) for r in self.routes if "api" in r["flags"]}
        got = {(m, p) for p, item in self.doc["paths"].items() for m in item}
        self.assertEqual(got - want, set(), "described but not in the route table")
        self.assertEqual(want - got, set(), "API routes missing from openapi.json")
        self.assertGreater(len(want), 100)
        for r in self.routes:
            if "api" in r["flags"]:
                op = self.doc["paths"][r["pattern"]][r["method"].lower()]
                self.assertEqual(op["x-roles"], r["roles"], r)

    def test_cli_prints_the_same_document(self):
        r = H.cli("routes", "--format", "openapi", db=None)
        self.assertEqual(r.code, 0, r)
        self.assertEqual(json.loads(r.out), self.doc)

    def test_schemas_follow_the_field_tables(self):
        s = self.doc["components"]["schemas"]
        wbp = s["wbp"]["properties"]
        for f in ("regno", "name", "sex", "crime_category", "detention_start"):
            self.assertIn(f, s["wbp_input"]["required"], f)
        self.assertEqual(wbp["sex"]["enum"][:2], ["L", "P"])
        self.assertEqual(wbp["detention_start"]["format"], "date")
        self.assertIn("disnakertrans", s["partners"]["properties"]["kind"]["enum"])
        body = self.doc["paths"]["/api/v1/partners"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        self.assertEqual(body, {"$ref": "#/components/schemas/partners_input"})
        self.assertEqual(self.doc["paths"]["/api/v1/partners/{id}"]["get"]["parameters"][0]["name"], "id")

    def test_real_answers_match_their_schemas(self):
        if jsonschema is None:
            self.skipTest("jsonschema is not installed")
        comps = {"components": self.doc["components"]}
        checked = 0
        for path, item in self.doc["paths"].items():
            op = item.get("get")
            if not op or "{" in path:
                continue
            schema = op["responses"].get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
            if not schema.get("properties", {}).get("items"):
                continue
            r = self.c.get(path)
            self.assertStatus(r, 200, path)
            body = r.json()
            jsonschema.validate(body, dict(schema, **comps), cls=jsonschema.Draft202012Validator)
            checked += 1
            one = item and body.get("items") and self.doc["paths"].get(path + "/{id}", {}).get("get")
            if one:
                r1 = self.c.get("%s/%d" % (path, body["items"][0]["id"]))
                self.assertStatus(r1, 200, path)
                s1 = one["responses"]["200"]["content"]["application/json"]["schema"]
                jsonschema.validate(r1.json(), dict(s1, **comps), cls=jsonschema.Draft202012Validator)
                checked += 1
        self.assertGreater(checked, 10)

    def test_needs_a_login(self):
        r = self.server.client().get("/api/v1/openapi.json")
        self.assertApiError(r, 401, "unauthorized")


if __name__ == "__main__":
    H.main()
