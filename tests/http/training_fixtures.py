"""training_fixtures.py — a training programme made for a test, at a given site (issue 6):
partner, agreement with a phase-1 quota, a trade with units, the programme (optionally
with instructors), and participants placed in it. Everything goes through the API except
the enrolments, which placement (issue 5) creates; they are inserted directly, as
"ditempatkan", the status placement leaves them in.

Used by test_training.py and by test_matrix.py (the id:TABLE fixtures of the training
routes at both sites)."""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402


def _ok(r, status=201):
    if r.status != status:
        raise AssertionError("fixture: want %s, got %r" % (status, r))
    return r.json()


def day(offset=0):
    return H.day(offset)


def make_programme(client, site, start, end, units=((20, "K3"), (20, "Dasar"), (40, "Praktik")), people=3,
                   instructors=(), total_jp=None, phase_quota=30):
    """A programme at `site` (the client's only site, or named) running start..end with the
    units given as (JP, title); total_jp defaults to their sum. Returns a dict: program,
    agreement, kejuruan, units (ids in order), enrolments (ids, by wbp id), wbp (ids)."""
    tag = H.uniq()
    total = total_jp if total_jp is not None else sum(u[0] for u in units)
    partner = _ok(client.api("POST", "/api/v1/partners", {"name": "BLK Uji " + tag, "kind": "blk", "site": site}))
    kj = _ok(client.api("POST", "/api/v1/kejuruan", {"code": H.uniq("T"), "name": "Kejuruan Uji " + tag,
                                                    "standard_jp": total, "days": 30, "site": site}))
    unit_ids = []
    for i, (jp, title) in enumerate(units, 1):
        u = _ok(client.api("POST", "/api/v1/kejuruan/%d/units" % kj["id"], {"seq": i, "title": title, "jp": jp}))
        unit_ids.append(u["id"])
    y0 = min(start, end)[:4]
    ag = _ok(client.api("POST", "/api/v1/agreements", {
        "title": "PKS Uji " + tag, "partner_id": partner["id"], "provider_id": partner["id"],
        "number_site": H.uniq("PKS/"), "signed_date": "%s-01-01" % y0, "signed_place": "Kota Uji",
        "valid_from": "%s-01-01" % y0, "valid_to": "%d-12-31" % (int(end[:4]) + 1), "status": "aktif", "site": site}))
    _ok(client.api("POST", "/api/v1/agreements/%d/quotas" % ag["id"], {"phase": 1, "quota_min": 0,
                                                                       "quota_max": phase_quota}))
    _ok(client.api("POST", "/api/v1/agreements/%d/trades" % ag["id"], {"kejuruan_id": kj["id"]}))
    _ok(client.api("POST", "/api/v1/agreements/%d/parties" % ag["id"], {
        "role": "penandatangan", "side": "lapas", "name": "Kalapas Uji " + tag, "position": "Kepala Lapas Uji"}))
    _ok(client.api("POST", "/api/v1/agreements/%d/parties" % ag["id"], {
        "role": "penandatangan", "side": "mitra", "name": "Kepala BLK Uji " + tag, "position": "Kepala BLK Uji"}))
    prog = _ok(client.api("POST", "/api/v1/programs", {
        "name": "Program Uji " + tag, "agreement_id": ag["id"], "phase": 1, "kejuruan_id": kj["id"],
        "provider_id": partner["id"], "start_date": start, "end_date": end, "total_jp": total, "days": 30,
        "capacity_min": 0, "capacity_max": max(people, 1), "status": "berjalan", "site": site}))
    for name in instructors:
        uid = int(H.db_one("SELECT id FROM app_user WHERE name = ?", (name,)))
        _ok(client.api("POST", "/api/v1/programs/%d/instructors" % prog["id"], {"user_id": uid}))
    site_id = int(H.db_one("SELECT id FROM site WHERE code = ?", (site,)))
    wbp = [int(r[0]) for r in H.db_query(
        "SELECT id FROM wbp WHERE site_id = ? AND status = 'ditahan' ORDER BY id LIMIT ?", (site_id, people))]
    now = H.now_iso()
    enrol = []
    for w in wbp:
        H.db_exec("INSERT INTO enrolment(site_id, wbp_id, agreement_id, phase, program_id, status, reason, status_at, "
                  "created_at, updated_at) VALUES (?, ?, ?, 1, ?, 'ditempatkan', 'ditempatkan (uji)', ?, ?, ?)",
                  (site_id, w, ag["id"], prog["id"], now, now, now))
        enrol.append(int(H.db_one("SELECT id FROM enrolment WHERE wbp_id = ? AND agreement_id = ?", (w, ag["id"]))))
    return {"program": prog["id"], "agreement": ag["id"], "kejuruan": kj["id"], "units": unit_ids,
            "enrolments": enrol, "wbp": wbp, "site": site, "site_id": site_id, "partner": partner["id"]}


def start_training(client, prog):
    """POST /programs/{id}/start (placed -> enrolled) with a session client of admin/staf."""
    r = client.post_form("/programs/%d/start" % prog["program"], {"confirm": "1"})
    if r.status != 303:
        raise AssertionError("start: %r" % r)


def generate(client, prog, **fields):
    """POST /programs/{id}/sessions/generate; returns the sessions (API list)."""
    body = {"confirm": "1", "jp_per_day": 8, "day_start": "08:00", "break_after_jp": 0, "break_minutes": 0}
    body.update(fields)
    items = list(body.items())
    if "weekday" not in body:
        items += [("weekday", w) for w in ("senin", "selasa", "rabu", "kamis", "jumat")]
    r = client.post_form("/programs/%d/sessions/generate" % prog["program"], items)
    if r.status != 303:
        raise AssertionError("generate: %r" % r)
    return sessions(client, prog)


def sessions(client, prog):
    r = client.api("GET", "/api/v1/programs/%d/sessions" % prog["program"])
    return _ok(r, 200)["items"]


def complete_programme(client_page, client_api, prog, statuses=None):
    """Runs a programme whose dates are past to the end: start, generate, attendance for
    every session (statuses[k](i) for participant k, default hadir), every unit kompeten,
    and the completion (confirmed).
    client_page: a logged-in admin/staf session; client_api: any client of such a user."""
    ss = run_programme(client_page, client_api, prog, statuses)
    r = client_page.post_form("/programs/%d/complete" % prog["program"], {"confirm": "1"})
    if r.status != 303:
        raise AssertionError("complete: %r" % r)
    return ss


def run_programme(client_page, client_api, prog, statuses=None):
    """complete_programme without the completion itself."""
    start_training(client_page, prog)
    ss = generate(client_page, prog)
    for i, s in enumerate(ss):
        ents = [{"enrolment_id": e, "status": (statuses[k](i) if statuses else "hadir")}
                for k, e in enumerate(prog["enrolments"])]
        _ok(client_api.api("POST", "/api/v1/sessions/%d/attendance" % s["id"], {"entries": ents}), 200)
    for u in prog["units"]:
        for e in prog["enrolments"]:
            _ok(client_api.api("POST", "/api/v1/enrolments/%d/results" % e, {
                "unit_id": u, "result": "kompeten", "assessed_on": prog_end(prog), "assessor": "Asesor Uji"}))
    return ss


def prog_end(prog):
    return H.db_one("SELECT end_date FROM program WHERE id = ?", (prog["program"],))


def matrix_fixture(server, site, admin, instructors=()):
    """For test_matrix (and any test that needs one row of each training table at a
    site): a programme that ended last month with four participants: the first
    completed with a valid certificate, the second completed without one yet, the
    third still enrolled (attendance missing), the fourth placed but not started; so
    every action of the programme's pages has a form to show. Its sessions have
    attendance, so regenerating the schedule is refused and the rows stay. Also a
    holiday. Returns {table: id} for the id:TABLE rows of the training routes:
    program, training_session, enrolment (the second participant), certificate
    (the first's), holiday."""
    tok = server.client(token=H.token_for(admin))
    pg = server.client()
    pg.login(admin)
    start = H.TODAY - datetime.timedelta(days=60)
    start -= datetime.timedelta(days=start.weekday())
    prog = make_programme(tok, site, start.isoformat(), (start + datetime.timedelta(days=11)).isoformat(), people=4,
                          instructors=instructors)
    late = prog["enrolments"][3]
    H.db_exec("UPDATE enrolment SET program_id = NULL, status = 'kandidat' WHERE id = ?", (late,))
    start_training(pg, prog)
    ss = generate(pg, prog)
    e0, e1, e2 = prog["enrolments"][:3]
    for i, s in enumerate(ss):
        ents = [{"enrolment_id": e0, "status": "hadir"}, {"enrolment_id": e1, "status": "hadir"}]
        if i == 0:
            ents.append({"enrolment_id": e2, "status": "hadir"})
        _ok(tok.api("POST", "/api/v1/sessions/%d/attendance" % s["id"], {"entries": ents}), 200)
    for u in prog["units"]:
        for e in (e0, e1):
            _ok(tok.api("POST", "/api/v1/enrolments/%d/results" % e, {
                "unit_id": u, "result": "kompeten", "assessed_on": prog_end(prog), "assessor": "Asesor Matriks"}))
    r = pg.post_form("/programs/%d/complete" % prog["program"], {"confirm": "1"})
    r2 = pg.post_form("/enrolments/%d/certificate" % e0, {"confirm": "1"})
    if r.status != 303 or r2.status != 303:
        raise AssertionError("fixture complete/certificate: %r %r" % (r, r2))
    H.db_exec("UPDATE enrolment SET program_id = ?, status = 'ditempatkan' WHERE id = ?", (prog["program"], late))
    cert = int(H.db_one("SELECT id FROM certificate WHERE enrolment_id = ?", (e0,)))
    hol = _ok(tok.api("POST", "/api/v1/holidays", {"holiday_date": day(400), "name": "Libur matriks " + H.uniq(),
                                                   "site": site}))
    return {"program": prog["program"], "training_session": ss[0]["id"], "enrolment": e1, "certificate": cert,
            "holiday": hol["id"]}
