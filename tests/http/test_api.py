"""test_api.py — the JSON API (/api/v1) of the real `bekal serve`: Bearer and cookie
authentication, list/get/create/patch, and every error path: 400 malformed JSON,
invalid UTF-8, 401, 403, 404, 405, 409, 413, 415 and 422 with per-field messages.
A malformed body must never give a 500."""
import hashlib
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

S = None
TOK = {}


def setUpModule():
    global S
    H.setup_db()
    for name in ("admin", "staf", "kalapas", "admin.ptk"):
        TOK[name] = H.token_for(name)
    S = H.start_server()


def tearDownModule():
    H.stop_servers()


def api(name="admin"):
    return S.client(token=TOK[name])


class Auth(H.BekalTest):
    def test_bearer_me(self):
        r = api().api("GET", "/api/v1/me")
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type").startswith("application/json"))
        j = r.json()
        self.assertEqual((j["name"], j["role"]), ("admin", "admin"))
        self.assertEqual(j["full_name"], "Rudi Hartono Simbolon")
        self.assertEqual(api("kalapas").api("GET", "/api/v1/me").json()["role"], "kalapas")

    def test_unauthenticated(self):
        c = S.client()
        for method, path, body in (("GET", "/api/v1/me", None), ("GET", "/api/v1/wbp", None),
                                   ("GET", "/api/v1/wbp/1", None), ("POST", "/api/v1/wbp", {"name": "x"}),
                                   ("PATCH", "/api/v1/wbp/1", {"name": "x"}),
                                   ("GET", "/api/v1/wbp/1/remisi", None)):
            with self.subTest(method=method, path=path):
                self.assertApiError(c.api(method, path, body), 401, "unauthorized")

    def test_bad_tokens(self):
        good = TOK["staf"]
        for value in ("Bearer bk_" + "0" * 64, "Bearer " + good[:-1], "Bearer " + good + "0", "Bearer ",
                      "Bearer " + good.upper(), "Bearer " + hashlib.sha256(
                          good.encode()).hexdigest()):
            with self.subTest(auth=value[:20]):
                r = S.client().api("GET", "/api/v1/me", headers={"Authorization": value})
                self.assertApiError(r, 401, "unauthorized")
        # other schemes are not credentials
        r = S.client().api("GET", "/api/v1/me", headers={"Authorization": "Basic YWRtaW46YmVrYWwxMjM="})
        self.assertApiError(r, 401)
        # the scheme name is case-insensitive (RFC 9110 11.1)
        r = S.client().api("GET", "/api/v1/me", headers={"Authorization": "bearer " + good})
        self.assertStatus(r, 200)

    def test_revoked_token_and_inactive_user(self):
        name = H.add_user(H.uniq("tok").lower(), "staf", "LPKTP")
        tok = H.token_for(name)
        c = S.client(token=tok)
        self.assertStatus(c.api("GET", "/api/v1/me"), 200)
        H.db_exec("UPDATE api_token SET revoked = 1 WHERE token_hash = ?", (hashlib.sha256(tok.encode()).hexdigest(),))
        self.assertApiError(c.api("GET", "/api/v1/me"), 401, "unauthorized")
        tok2 = H.token_for(name)
        c2 = S.client(token=tok2)
        self.assertStatus(c2.api("GET", "/api/v1/me"), 200)
        H.db_exec("UPDATE app_user SET active = 0 WHERE name = ?", (name,))
        self.assertApiError(c2.api("GET", "/api/v1/me"), 401, "unauthorized")

    def test_bearer_needs_no_csrf_and_wins_over_cookie(self):
        c = S.client(token=TOK["staf"])
        r = c.api("POST", "/api/v1/wbp", H.valid_wbp())
        self.assertStatus(r, 201)
        # a session cookie of another user in the same request does not change who acts
        other = S.client()
        other.login("kalapas")
        c.set_sid(other.sid())
        self.assertEqual(c.api("GET", "/api/v1/me").json()["name"], "staf")
        self.assertStatus(c.api("POST", "/api/v1/wbp", H.valid_wbp()), 201)

    def test_cookie_session_works_for_reads_and_csrf_writes(self):
        c = S.client()
        c.login("staf")
        self.assertEqual(c.api("GET", "/api/v1/me").json()["name"], "staf")
        self.assertStatus(c.api("POST", "/api/v1/wbp", H.valid_wbp()), 201)
        self.assertApiError(c.api("POST", "/api/v1/wbp", H.valid_wbp(), csrf=False), 403, "csrf")


class ListAndGet(H.BekalTest):
    def test_list_shape_and_paging(self):
        c = api()
        r = c.api("GET", "/api/v1/wbp")
        self.assertStatus(r, 200)
        j = r.json()
        self.assertEqual(set(j), {"items", "page", "per_page", "total"})
        self.assertEqual((j["page"], j["per_page"]), (1, 50))
        self.assertEqual(j["total"], H.wbp_count("LPKTP"))
        self.assertEqual(len(j["items"]), 50)
        self.assertEqual({x["site"] for x in j["items"]}, {"LPKTP"})
        one = j["items"][0]
        for k in ("id", "site", "regno", "name", "birth_date", "sex", "crime_category", "sentence_kind",
                  "term_years", "term_months", "term_days", "detention_start", "fine", "fine_paid", "status",
                  "created_at", "updated_at"):
            self.assertIn(k, one)
        self.assertIsInstance(one["term_years"], int)
        self.assertIsInstance(one["fine_paid"], bool)
        p1 = c.api("GET", "/api/v1/wbp?per_page=7&page=1&sort=regno").json()
        p2 = c.api("GET", "/api/v1/wbp?per_page=7&page=2&sort=regno").json()
        self.assertEqual((len(p1["items"]), len(p2["items"]), p2["page"], p2["per_page"]), (7, 7, 2, 7))
        self.assertFalse({x["id"] for x in p1["items"]} & {x["id"] for x in p2["items"]})
        self.assertLess(p1["items"][-1]["regno"], p2["items"][0]["regno"])
        big = c.api("GET", "/api/v1/wbp?per_page=5000").json()
        self.assertEqual((big["per_page"], len(big["items"])), (200, 200))
        far = c.api("GET", "/api/v1/wbp?page=100000").json()
        self.assertEqual((far["items"], far["total"]), ([], j["total"]))
        for junk in ("page=abc", "per_page=-1", "page=1e9", "per_page=%FF", "unknown=1", "sort=1;drop"):
            with self.subTest(q=junk):
                self.assertStatus(c.api("GET", "/api/v1/wbp?" + junk), 200)

    def test_search_and_filters(self):
        c = api()
        regno = H.db_one("SELECT w.regno FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = 'LPKTP' "
                         "ORDER BY w.id LIMIT 1 OFFSET 11")
        j = c.api("GET", "/api/v1/wbp?q=" + regno.replace("/", "%2F")).json()
        self.assertIn(regno, [x["regno"] for x in j["items"]])
        j = c.api("GET", "/api/v1/wbp?status=bebas&per_page=200").json()
        self.assertEqual(j["total"], int(H.db_one(
            "SELECT count(*) FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = 'LPKTP' AND status = 'bebas'")))
        self.assertEqual({x["status"] for x in j["items"]}, {"bebas"})
        self.assertApiError(c.api("GET", "/api/v1/wbp?q=" + "a" * 101), 400)
        self.assertEqual(c.api("GET", "/api/v1/wbp?q=tidak-ada-yang-begini").json()["total"], 0)

    def test_get_one(self):
        wid = H.wbp_ids("LPKTP", 3)[2]
        r = api().api("GET", "/api/v1/wbp/%d" % wid)
        self.assertStatus(r, 200)
        j = r.json()
        regno, name, ds = H.wbp_row(wid, "regno, name, detention_start")
        self.assertEqual((j["id"], j["regno"], j["name"], j["detention_start"], j["site"]),
                         (wid, regno, name, ds, "LPKTP"))

    def test_not_found(self):
        c = api()
        for path in ("/api/v1/wbp/99999999", "/api/v1/wbp/0", "/api/v1/wbp/-1", "/api/v1/wbp/abc",
                     "/api/v1/wbp/1.5", "/api/v1/nope", "/api/v2/wbp", "/api/v1/wbp/1/nope", "/api/v1/wbp/"):
            with self.subTest(path=path):
                self.assertApiError(c.api("GET", path), 404, "not_found")
        self.assertApiError(c.api("PATCH", "/api/v1/wbp/99999999", {"name": "x"}), 404, "not_found")

    def test_method_not_allowed(self):
        c = api()
        for method, path in (("DELETE", "/api/v1/wbp/1"), ("PUT", "/api/v1/wbp/1"), ("POST", "/api/v1/me"),
                             ("PATCH", "/api/v1/wbp"), ("DELETE", "/api/v1/wbp"), ("POST", "/api/v1/wbp/1")):
            with self.subTest(method=method, path=path):
                self.assertApiError(c.api(method, path, {}), 405)
        self.assertEqual(H.wbp_row(1, "id"), ("1",))


class Create(H.BekalTest):
    def test_create(self):
        c = api("staf")
        body = H.valid_wbp(crime_detail="Pasal 362 KUHP", fine="Rp 2.500.000", fine_paid=True,
                           verdict_date="10-02-2020", religion="islam")
        audit = H.audit_count()
        r = c.api("POST", "/api/v1/wbp", body)
        self.assertStatus(r, 201)
        j = r.json()
        self.assertEqual(r.header("Location"), "/api/v1/wbp/%d" % j["id"])
        self.assertEqual((j["site"], j["regno"], j["name"], j["term_years"], j["term_months"], j["fine"],
                          j["fine_paid"], j["verdict_date"], j["religion"], j["nationality"], j["status"]),
                         ("LPKTP", body["regno"], body["name"], 2, 6, 2500000, True, "2020-02-10", "Islam", "WNI",
                          "ditahan"))
        self.assertEqual(H.wbp_row(j["id"], "regno, name, fine")[0:3], (body["regno"], body["name"], "2500000"))
        self.assertEqual(H.audit_count(), audit + 1)
        a = H.db_query("SELECT action, entity, entity_id, user_name, after_json FROM audit_log ORDER BY id DESC "
                       "LIMIT 1")[0]
        self.assertEqual(a[:4], ("create", "wbp", str(j["id"]), "staf"))
        self.assertEqual(json.loads(a[4])["regno"], body["regno"])
        self.assertEqual(api("staf").api("GET", "/api/v1/wbp/%d" % j["id"]).json(), j)

    def test_create_with_explicit_site_and_charset(self):
        r = api().api("POST", "/api/v1/wbp", H.valid_wbp(site="LPKTP"),
                      ctype="application/json; charset=utf-8")
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["site"], "LPKTP")
        r = api().api("POST", "/api/v1/wbp", H.valid_wbp(name="Ñoño Ümlaut — 王小明"))
        self.assertStatus(r, 201)
        self.assertEqual(H.wbp_row(r.json()["id"], "name")[0], "Ñoño Ümlaut — 王小明")

    def test_duplicate_regno_conflict_within_site_only(self):
        body = H.valid_wbp()
        self.assertStatus(api().api("POST", "/api/v1/wbp", body), 201)
        n = H.wbp_count()
        self.assertApiError(api().api("POST", "/api/v1/wbp", dict(body, name="Lain")), 409, "conflict")
        self.assertApiError(api("staf").api("POST", "/api/v1/wbp", dict(body, regno="  " + body["regno"] + " ")),
                            409, "conflict")
        self.assertEqual(H.wbp_count(), n)
        # the same number in another site is another inmate
        r = api("admin.ptk").api("POST", "/api/v1/wbp", body)
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["site"], "LPPTK")

    def test_unsupported_media_type(self):
        c = api()
        n = H.wbp_count()
        body = json.dumps(H.valid_wbp()).encode()
        for ctype in (None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                      "application/jsonp", "json"):
            with self.subTest(ctype=ctype):
                r = c.api("POST", "/api/v1/wbp", raw=body, ctype=ctype)
                self.assertApiError(r, 415)
        wid = H.wbp_ids("LPKTP", 1)[0]
        self.assertApiError(c.api("PATCH", "/api/v1/wbp/%d" % wid, raw=b'{"name":"x"}', ctype="text/plain"), 415)
        self.assertEqual(H.wbp_count(), n)

    def test_malformed_json(self):
        c = api()
        n, audit = H.wbp_count(), H.audit_count()
        bodies = [b"", b"{", b"}", b"[]", b"[1,2]", b"null", b"123", b'"teks"', b"true", b"{'name': 'x'}",
                  b'{"name": "x",}', b'{"name": "x"} extra', b'{"name": "x"}{"name": "y"}',
                  b'{"name":"a","name":"b"}', b'{"name": "\\x41"}', b'{"name": "\\ud800"}',
                  b'{"name": "a\\u0000b"}', b'{"term_years": 99999999999999999999999999}', b'{"term_years": NaN}',
                  b'{"term_years": 1e99999}', b"[" * 5000 + b"]" * 5000,
                  b'{"a":' * 3000 + b"1" + b"}" * 3000, b"\x00", b" " * 1000]
        for raw in bodies:
            with self.subTest(body=raw[:40]):
                r = c.api("POST", "/api/v1/wbp", raw=raw)
                self.assertApiError(r, 400)
        self.assertEqual((H.wbp_count(), H.audit_count()), (n, audit))

    def test_malformed_json_code(self):
        self.assertApiError(api().api("POST", "/api/v1/wbp", raw=b"{"), 400, "malformed_json")
        self.assertApiError(api().api("POST", "/api/v1/wbp", raw=b"[]"), 400, "malformed_json")

    def test_invalid_utf8(self):
        c = api()
        n = H.wbp_count()
        for raw in (b'{"name": "\xff\xfe"}', b'{"name": "\xc3\x28"}', b'{"name": "\xed\xa0\x80"}',
                    b'{"name": "\xf8\x88\x80\x80\x80"}', b'{"name": "\xc0\xaf"}', b'{"na\xffme": "x"}'):
            with self.subTest(body=raw):
                r = c.api("POST", "/api/v1/wbp", raw=raw)
                self.assertApiError(r, 400)
        self.assertEqual(H.wbp_count(), n)

    def test_too_large(self):
        c = api()
        n = H.wbp_count()
        big = json.dumps(H.valid_wbp(crime_detail="x" * (1 << 20))).encode()
        r = c.api("POST", "/api/v1/wbp", raw=big)
        self.assertApiError(r, 413, "too_large")
        wid = H.wbp_ids("LPKTP", 1)[0]
        self.assertApiError(c.api("PATCH", "/api/v1/wbp/%d" % wid, raw=big), 413, "too_large")
        self.assertApiError(c.api("POST", "/api/v1/wbp", raw=b" " * ((1 << 20) + 1)), 413, "too_large")
        self.assertEqual(H.wbp_count(), n)
        # just under the limit: read, then refused field by field
        r = c.api("POST", "/api/v1/wbp", H.valid_wbp(crime_detail="y" * 1000000))
        e = self.assertApiError(r, 422, "validation")
        self.assertIn("crime_detail", r.json()["error"]["fields"])
        self.assertIn("terlalu panjang", e["message"])
        # the server is fine afterwards
        self.assertStatus(c.api("GET", "/api/v1/me"), 200)

    def test_validation_errors(self):
        c = api()
        n, audit = H.wbp_count(), H.audit_count()
        r = c.api("POST", "/api/v1/wbp", {})
        e = self.assertApiError(r, 422, "validation")
        self.assertEqual(set(r.json()["error"]["fields"]) >= {"regno", "name", "sex", "crime_category",
                                                               "detention_start"}, True, r)
        self.assertIn("wajib diisi", r.json()["error"]["fields"]["name"])
        self.assertTrue(e["message"])
        cases = [
            ({"name": ["a"]}, "name"), ({"name": {"x": 1}}, "name"), ({"term_years": 1.5}, "term_years"),
            ({"term_years": "abc"}, "term_years"), ({"term_years": -1}, "term_years"),
            ({"term_years": 101}, "term_years"), ({"term_years": "2 tahun"}, "term_years"),
            ({"fine_paid": "mungkin"}, "fine_paid"), ({"fine_paid": [True]}, "fine_paid"),
            ({"fine": -5}, "fine"), ({"fine": 1.25}, "fine"), ({"sex": "X"}, "sex"), ({"sex": 1}, "sex"),
            ({"birth_date": "2020-13-01"}, "birth_date"), ({"birth_date": "31-02-1990"}, "birth_date"),
            ({"birth_date": 19900101}, "birth_date"), ({"detention_start": "2999-01-01"}, "detention_start"),
            ({"status": "kabur"}, "status"), ({"crime_category": "pencurian"}, "crime_category"),
            ({"sentence_kind": "mati"}, "term_years"), ({"name": "x" * 121}, "name"),
            ({"name": "Nama\u0007Bel"}, "name"), ({"foo": 1}, "foo"), ({"Name": "x"}, "Name"),
            ({"created_at": "2020-01-01"}, "created_at"), ({"site_id": 2}, "site_id"),
        ]
        for over, field in cases:
            with self.subTest(over=over):
                r = c.api("POST", "/api/v1/wbp", H.valid_wbp(**over))
                self.assertApiError(r, 422, "validation")
                fields = r.json()["error"].get("fields")
                self.assertIsInstance(fields, dict)
                self.assertIn(field, fields)
                self.assertTrue(fields[field])
        # a required field sent as null is missing
        r = c.api("POST", "/api/v1/wbp", H.valid_wbp(name=None))
        self.assertApiError(r, 422, "validation")
        self.assertIn("name", r.json()["error"]["fields"])
        # site must be a text code
        for site in (5, ["LPKTP"], {"code": "LPKTP"}, True):
            with self.subTest(site=site):
                self.assertApiError(c.api("POST", "/api/v1/wbp", H.valid_wbp(site=site)), 400)
        self.assertEqual((H.wbp_count(), H.audit_count()), (n, audit))

    def test_read_only_roles_forbidden(self):
        n = H.wbp_count()
        self.assertApiError(api("kalapas").api("POST", "/api/v1/wbp", H.valid_wbp()), 403, "forbidden")
        self.assertEqual(H.wbp_count(), n)


class Patch(H.BekalTest):
    def make(self, **over):
        r = api().api("POST", "/api/v1/wbp", H.valid_wbp(**over))
        self.assertStatus(r, 201)
        return r.json()

    def test_partial_update(self):
        before = self.make(crime_detail="Pasal lama", verdict_no="1/Pid/2020")
        audit = H.audit_count()
        r = api("staf").api("PATCH", "/api/v1/wbp/%d" % before["id"], {"name": "Nama Baru", "term_days": 10})
        self.assertStatus(r, 200)
        after = r.json()
        changed = {k for k in before if before[k] != after[k]}
        self.assertEqual(changed - {"updated_at"}, {"name", "term_days"})
        self.assertEqual((after["name"], after["term_days"], after["crime_detail"]), ("Nama Baru", 10, "Pasal lama"))
        self.assertEqual(H.wbp_row(before["id"], "name, term_days, verdict_no"), ("Nama Baru", "10", "1/Pid/2020"))
        self.assertEqual(H.audit_count(), audit + 1)
        a = H.db_query("SELECT action, entity_id, user_name, before_json, after_json FROM audit_log "
                       "ORDER BY id DESC LIMIT 1")[0]
        self.assertEqual(a[:3], ("update", str(before["id"]), "staf"))
        self.assertEqual(json.loads(a[3])["name"], before["name"])
        self.assertEqual(json.loads(a[4])["name"], "Nama Baru")
        self.assertEqual(api().api("GET", "/api/v1/wbp/%d" % before["id"]).json(), after)

    def test_empty_and_same_patch_changes_nothing(self):
        w = self.make()
        audit = H.audit_count()
        for body in ({}, {"name": w["name"]}, {"id": w["id"]}, {"term_years": str(w["term_years"])}):
            with self.subTest(body=body):
                r = api().api("PATCH", "/api/v1/wbp/%d" % w["id"], body)
                self.assertStatus(r, 200)
                self.assertEqual(r.json()["name"], w["name"])
        self.assertEqual(H.audit_count(), audit, "a no-op PATCH wrote audit entries")

    def test_id_in_body_is_ignored(self):
        w = self.make()
        other = H.wbp_ids("LPKTP", 1)[0]
        before_other = H.wbp_row(other, "name")
        r = api().api("PATCH", "/api/v1/wbp/%d" % w["id"], {"id": other, "name": "Nama Id"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["id"], w["id"])
        self.assertEqual(H.wbp_row(w["id"], "name")[0], "Nama Id")
        self.assertEqual(H.wbp_row(other, "name"), before_other)

    def test_clear_optional_field_with_null(self):
        w = self.make(crime_detail="Akan dihapus")
        r = api().api("PATCH", "/api/v1/wbp/%d" % w["id"], {"crime_detail": None, "birth_date": None})
        self.assertStatus(r, 200)
        self.assertIsNone(r.json()["crime_detail"])
        self.assertEqual(H.wbp_row(w["id"], "crime_detail, birth_date"), (None, None))

    def test_patch_errors_change_nothing(self):
        w = self.make()
        path = "/api/v1/wbp/%d" % w["id"]
        snap = H.wbp_row(w["id"], "*")
        audit = H.audit_count()
        c = api()
        self.assertApiError(c.api("PATCH", path, {"site": "LPPTK"}), 400)
        self.assertApiError(c.api("PATCH", path, {"site": "LPKTP", "name": "x"}), 400)
        self.assertApiError(c.api("PATCH", path, raw=b"{bad"), 400, "malformed_json")
        self.assertApiError(c.api("PATCH", path, raw=b"[1]"), 400, "malformed_json")
        self.assertApiError(c.api("PATCH", path, raw=b'{"name":"\xff"}'), 400)
        self.assertApiError(c.api("PATCH", path, raw=b'{"name":"x"}', ctype=None), 415)
        for body, field in (({"name": None}, "name"), ({"name": ""}, "name"), ({"sex": "Q"}, "sex"),
                            ({"sentence_kind": "seumur_hidup"}, "term_years"),
                            ({"detention_start": "2999-01-01"}, "detention_start"),
                            ({"birth_date": "2021-01-01"}, "birth_date"), ({"unknown": 1}, "unknown"),
                            ({"name": "Baik", "term_years": [2]}, "term_years")):
            with self.subTest(body=body):
                r = c.api("PATCH", path, body)
                self.assertApiError(r, 422, "validation")
                self.assertIn(field, r.json()["error"]["fields"])
        other = H.db_one("SELECT w.regno FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = 'LPKTP' "
                         "AND w.id <> ? LIMIT 1", (w["id"],))
        self.assertApiError(c.api("PATCH", path, {"regno": other}), 409, "conflict")
        self.assertApiError(api("kalapas").api("PATCH", path, {"name": "Kalapas"}), 403, "forbidden")
        self.assertEqual(H.wbp_row(w["id"], "*"), snap)
        self.assertEqual(H.audit_count(), audit)

    def test_sentence_kind_change_with_terms(self):
        w = self.make()
        r = api().api("PATCH", "/api/v1/wbp/%d" % w["id"],
                      {"sentence_kind": "seumur_hidup", "term_years": 0, "term_months": 0, "term_days": 0})
        self.assertStatus(r, 200)
        self.assertEqual((r.json()["sentence_kind"], r.json()["term_years"]), ("seumur_hidup", 0))


class Robustness(H.BekalTest):
    def test_no_500_on_odd_requests(self):
        c = api()
        wid = H.wbp_ids("LPKTP", 1)[0]
        odd = [
            ("POST", "/api/v1/wbp", {"Content-Type": "application/json; charset=latin-1"}, b'{"name":"\xe9"}'),
            ("POST", "/api/v1/wbp", {"Content-Type": "application/json"}, b'{"regno":"' + b"9" * 5000 + b'"}'),
            ("PATCH", "/api/v1/wbp/%d" % wid, {"Content-Type": "application/json"}, b'{"term_years": true}'),
            ("PATCH", "/api/v1/wbp/%d" % wid, {"Content-Type": "application/json"}, b'{"fine": 1e3}'),
            ("PATCH", "/api/v1/wbp/%d" % wid, {"Content-Type": "application/json"},
             b'{"fine": 9223372036854775807}'),
            ("PATCH", "/api/v1/wbp/%d" % wid, {"Content-Type": "application/json"},
             b'{"fine": -9223372036854775808}'),
            ("PATCH", "/api/v1/wbp/%d" % wid, {"Content-Type": "application/json"},
             b'{"term_days": 36501}'),
            ("GET", "/api/v1/wbp?q=%FF%FE", {}, None),
            ("GET", "/api/v1/wbp?q=%00", {}, None),
            ("GET", "/api/v1/wbp/99999999999999999999", {}, None),
            ("GET", "/api/v1/wbp/%d?x=%%ZZ" % wid, {}, None),
        ]
        for method, path, headers, body in odd:
            with self.subTest(method=method, path=path, body=(body or b"")[:30]):
                r = c.request(method, path, body, headers)
                self.assertLess(r.status, 500, r)
                if r.status >= 400:
                    self.assertApiError(r, r.status)
        self.assertStatus(c.api("GET", "/api/v1/me"), 200)


class Concurrency(H.BekalTest):
    def run_threads(self, fn, n):
        errors, threads = [], []

        def wrap(i):
            try:
                fn(i)
            except BaseException as ex:  # noqa: B902 — reported below
                errors.append("%s: %r" % (i, ex))

        for i in range(n):
            t = threading.Thread(target=wrap, args=(i,))
            threads.append(t)
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [])

    def test_concurrent_creates_keep_the_audit_chain(self):
        n0, a0 = H.wbp_count(), H.audit_count()
        statuses = []

        def worker(i):
            c = S.client(token=TOK["staf" if i % 2 else "admin"])
            for k in range(5):
                r = c.api("POST", "/api/v1/wbp", H.valid_wbp(name="Serentak %d-%d" % (i, k)))
                statuses.append((r.status, r.text[:200]))

        self.run_threads(worker, 6)
        self.assertEqual([s for s in statuses if s[0] != 201], [])
        self.assertEqual(H.wbp_count(), n0 + 30)
        self.assertEqual(H.audit_count(), a0 + 30)
        r = H.cli("check")
        self.assertEqual(r.code, 0, r)

    def test_concurrent_patches_of_different_fields_lose_nothing(self):
        # PATCH changes only the fields it names: two clients changing different
        # fields of one record at the same time must both see their change kept.
        r = api().api("POST", "/api/v1/wbp", H.valid_wbp())
        wid = r.json()["id"]
        fields = ["crime_detail", "verdict_no", "education", "nationality"]
        statuses = []

        def worker(i):
            c = S.client(token=TOK["admin"])
            for k in range(15):
                r = c.api("PATCH", "/api/v1/wbp/%d" % wid, {fields[i]: "%s-%d" % (fields[i], k)})
                statuses.append((r.status, r.text[:200]))

        self.run_threads(worker, len(fields))
        self.assertEqual([s for s in statuses if s[0] != 200], [])
        final = api().api("GET", "/api/v1/wbp/%d" % wid).json()
        self.assertEqual({f: final[f] for f in fields}, {f: "%s-14" % f for f in fields}, "a concurrent PATCH "
                         "overwrote another client's change with stale values (lost update)")

    def test_concurrent_patches_of_one_record(self):
        r = api().api("POST", "/api/v1/wbp", H.valid_wbp())
        wid = r.json()["id"]
        a0 = H.audit_count()
        statuses = []

        def worker(i):
            c = S.client(token=TOK["admin"])
            for k in range(4):
                r = c.api("PATCH", "/api/v1/wbp/%d" % wid, {"name": "Balapan %d-%d" % (i, k)})
                statuses.append((r.status, r.text[:200]))

        self.run_threads(worker, 6)
        self.assertEqual([s for s in statuses if s[0] != 200], [])
        self.assertEqual(H.audit_count(), a0 + 24)
        # every audit entry's "before" is the previous entry's "after": no lost update in the log
        log = H.db_query("SELECT before_json, after_json FROM audit_log WHERE entity = 'wbp' AND entity_id = ? "
                         "AND action = 'update' ORDER BY id", (wid,))
        for prev, cur in zip(log, log[1:]):
            self.assertEqual(json.loads(cur[0])["name"], json.loads(prev[1])["name"])
        self.assertEqual(H.wbp_row(wid, "name")[0], json.loads(log[-1][1])["name"])
        r = H.cli("check")
        self.assertEqual(r.code, 0, r)


if __name__ == "__main__":
    H.main()
