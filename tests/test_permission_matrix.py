"""Walks the role × action table in docs/permissions.md: every page and API endpoint a row names,
as every role and anonymously, on an object of the user's own community and on one of another's,
checking the exact status, what a list shows, and that a refused POST writes nothing.

Change the table and this test holds the code to it; add a URL or an API operation and the table
must name it (test_every_url_and_api_operation_has_a_row)."""

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from openpyxl import load_workbook

from jianzheng.accounts.demo import create_demo_users
from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_api_token
from jianzheng.api.main import api
from jianzheng.catalogue.forms import ProposalForm
from jianzheng.catalogue.payload import item_to_payload
from jianzheng.catalogue.reference import load_reference_catalogue
from jianzheng.catalogue.selectors import get_item
from jianzheng.catalogue.services import decide_change, propose_change, review_change
from jianzheng.catalogue.tests.conftest import new_item_payload
from jianzheng.certificates.refusals import record_refusal
from jianzheng.certificates.services import issue_certificate
from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS
from jianzheng.documents.services import create_signing_key
from jianzheng.regions.models import Unit
from jianzheng.regions.reference import load_reference_regions

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
ENDPOINT = re.compile(r"`((?:GET|POST)(?:, (?:GET|POST))*) (/[^`\s]*)`")

# ------------------------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Row:
    action: str
    cells: dict[str, str]  # role → ✓ / own / sub / ✗
    html: frozenset[tuple[str, str]]  # (method, path) as the table writes them
    api: frozenset[tuple[str, str]]  # paths under /api/v1


def _endpoints(cell: str) -> frozenset[tuple[str, str]]:
    return frozenset(
        (method, path) for methods, path in ENDPOINT.findall(cell) for method in methods.split(", ")
    )


def read_table() -> tuple[list[str], dict[str, Row]]:
    block = DOC.read_text().split("<!-- matrix:start -->")[1].split("<!-- matrix:end -->")[0]
    lines = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in block.strip().splitlines()
        if line.startswith("|")
    ]
    header, body = lines[0], lines[2:]
    assert header[:2] == ["case", "action"] and header[-2:] == ["HTML", "API"], header
    roles = header[2:-2]
    rows = {
        cells[0].strip("`"): Row(
            action=cells[1],
            cells=dict(zip(roles, cells[2:-2], strict=True)),
            html=_endpoints(cells[-2]),
            api=_endpoints(cells[-1]),
        )
        for cells in body
    }
    return roles, rows


ROLES, TABLE = read_table()

# The conftest.py people, as accounts/demo.py creates them under the same names: built once for
# the module (each case then runs in its own rolled-back transaction).
PERSONAS = {
    "community_clerk": "yanghe_clerk",  # 杨和第一社区
    "township_officer": "yanghe_officer",  # 杨和镇: 杨和's communities, not 李俊's
    "department_officer": "police_officer",  # 公安局
    "civil_affairs_admin": "civil_affairs_admin",  # 民政局
    "credit_officer": "credit_officer",  # 发改局
    "auditor": "auditor",  # 纪检
}
SHORT = {
    "anonymous": "anon",
    "community_clerk": "clerk",
    "township_officer": "township",
    "department_officer": "dept",
    "civil_affairs_admin": "admin",
    "credit_officer": "credit",
    "auditor": "auditor",
}
# Users of a county department or bureau: their subtree is the whole county, 李俊 included.
COUNTY_WIDE = {"department_officer", "civil_affairs_admin", "credit_officer", "auditor"}


def allows(cell: str, role: str, scope: str | None) -> bool:
    """scope "own": the object is of 杨和第一社区 (the clerk's, under the township officer);
    "other": of 李俊第一社区, outside both; None: the action names no object."""
    if cell == "✓":
        return True
    if cell == "✗":
        return False
    if cell == "own":
        return scope != "other"
    if cell == "sub":
        return scope != "other" or role in COUNTY_WIDE
    raise AssertionError(f"unknown cell {cell!r} in docs/permissions.md")


# Which row says whether a role sees an object at all: unseen is 404, seen but refused is 403.
SEEN_BY = {"certificate": "record", "refusal": "record", "change": "changes", "reviewed": "changes"}


def sees(role: str, kind: str, scope: str) -> bool:
    if kind == "community":  # a unit is seen within the user's subtree
        return allows("sub", role, scope)
    return allows(TABLE[SEEN_BY[kind]].cells[role], role, scope)


# ------------------------------------------------------------------------------------ the world

FULL_ID = RESIDENCE_FACTS["holder_id_number"]
OWN_BANK, OTHER_BANK = "杨和矩阵测试银行", "李俊矩阵测试银行"


@dataclass(frozen=True)
class Thing:
    obj: object
    marker: str  # the text a list shows for it
    values: dict  # what it fills into a path


@dataclass
class World:
    people: dict
    tokens: dict
    things: dict  # kind → {"own"/"other" or "police"/"town": Thing}
    token: str  # the own certificate's verification token
    change_form: dict

    def thing(self, kind: str, role: str, scope: str) -> Thing:
        found = self.things[kind]
        if kind in ("change", "reviewed"):
            # A change request is "own" to the unit that proposed it: 杨和镇's for the township
            # officer, 公安局's for everyone else (the only other proposer here).
            mine, theirs = ("town", "police") if role == "township_officer" else ("police", "town")
            return found[mine if scope == "own" else theirs]
        return found[scope]


def _proposal_form(kind: str, payload: dict) -> dict:
    """The proposal form filled in as the page pre-fills it from a payload."""
    initial = ProposalForm(kind=kind, payload=payload).initial
    body = {k: v for k, v in initial.items() if v not in (None, False, "None")}
    return {**body, "reason": "矩阵测试", "legal_basis": "矩阵测试"}


def build_world() -> World:
    load_reference_regions(demo=True)
    load_reference_catalogue()
    create_signing_key(actor=None)
    create_demo_users()
    users = {u.username: u for u in get_user_model().objects.all()}
    yanghe = Unit.objects.get(code="640121100001")
    lijun = Unit.objects.get(code="640121101001")

    def certificate(clerk, community):
        made = issue_certificate(
            actor=users[clerk],
            community=community,
            item="YN-B03",
            facts=RESIDENCE_FACTS,
            checks=CHECKS,
            purpose="办理居住证",
            requester="派出所",
        )
        return Thing(made, made.serial, {"serial": made.serial})

    def refusal(clerk, community, bank):
        made = record_refusal(
            actor=users[clerk], community=community, item="健在证明", demanded_by=bank
        )
        return Thing(made, bank, {"pk": made.pk})

    def change(proposer, code, *, reviewed=False):
        made = propose_change(
            actor=users[proposer],
            kind="add",
            payload=new_item_payload(code=code, name=f"矩阵测试证明{code[-1]}"),
            reason="矩阵测试",
            legal_basis="矩阵测试",
        )
        if reviewed:
            made = review_change(actor=users["second_admin"], change=made, accept=True)
        return Thing(made, code, {"pk": made.pk})

    approved = change("police_officer", "YN-M5", reviewed=True).obj  # for publishing
    decide_change(
        actor=users["zzb_admin"], change=approved, approve=True, approval_reference="宁政函1号"
    )
    own = certificate("yanghe_clerk", yanghe)
    changed = item_to_payload(get_item("YN-B03"))
    changed["time_limit_days"] += 1
    return World(
        people={role: users[name] for role, name in PERSONAS.items()},
        tokens={
            role: create_api_token(actor=None, user=users[name])[1]
            for role, name in PERSONAS.items()
        },
        things={
            "certificate": {"own": own, "other": certificate("lijun_clerk", lijun)},
            "refusal": {
                "own": refusal("yanghe_clerk", yanghe, OWN_BANK),
                "other": refusal("lijun_clerk", lijun, OTHER_BANK),
            },
            "community": {
                "own": Thing(yanghe, yanghe.name, {}),
                "other": Thing(lijun, lijun.name, {}),
            },
            "change": {
                "police": change("police_officer", "YN-M1"),
                "town": change("yanghe_officer", "YN-M2"),
            },
            "reviewed": {
                "police": change("police_officer", "YN-M3", reviewed=True),
                "town": change("yanghe_officer", "YN-M4", reviewed=True),
            },
        },
        token=own.obj.document.token,
        change_form=_proposal_form("change", changed),
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once; every case's own transaction (the `db` fixture) is rolled back after it."""
    with django_db_blocker.unblock(), override_settings(DATA_DIR=tmp_path_factory.mktemp("data")):
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)


# ----------------------------------------------------------------------------------- the probes


@dataclass(frozen=True)
class Probe:
    method: str
    path: str  # exactly as the table writes it
    api: bool = False
    target: str = ""  # the object the path or body names (its scope decides 404 or 403)
    lists: tuple[str, ...] = ()  # kinds a list shows: only those the user sees
    query: dict = field(default_factory=dict)
    body: Callable | dict | None = None  # a minimal valid body: only the permission can refuse
    fill: Callable | None = None  # path values that are not the target's
    ok: int = 200
    full_id: bool = False  # shows the holder's ID: in full only where `full-id` allows

    @property
    def endpoint(self) -> tuple[str, str]:
        return (self.method, self.path)


def page(path, **kw):
    return Probe("GET", path, **kw)


def form(path, body, **kw):
    return Probe("POST", path, body=body, ok=302, **kw)


def api_get(path, **kw):
    return Probe("GET", path, api=True, **kw)


def api_post(path, body, ok=201, **kw):
    return Probe("POST", path, api=True, body=body, ok=ok, **kw)


HOLDER = {"holder_name": RESIDENCE_FACTS["holder_name"], "holder_id_number": FULL_ID}
ISSUE_FORM = {
    **{f"fact_{name}": value for name, value in RESIDENCE_FACTS.items()},
    "purpose": "办理居住证",
    "requester": "永宁县公安局杨和派出所",
    "checks": ["home_visit"],
    "check_note": "入户查看",
    "action": "issue",
}
ALIVE_FACTS = {**HOLDER, "fact": "本人健在"}
HANDOVER_FORM = {
    **{f"fact_{name}": value for name, value in ALIVE_FACTS.items()},
    "purpose": "办理养老金领取",
    "requester": "永宁县农村商业银行",
    "checks": ["home_visit"],
    "handover_reason": "entity_demand",
    "handover_within_duties": "on",
    "handover_verifiable": "on",
    "action": "issue",
}


def _issue_json(item, facts, **extra):
    def body(world, community):
        return {
            "item": item,
            "community": community.obj.code,
            "facts": facts,
            "checks": [{"method": "home_visit", "note": "入户查看"}],
            "purpose": "办理居住证",
            "requester": "永宁县农村商业银行",
            **extra,
        }

    return body


HANDOVER_JSON = {
    "reason": "entity_demand",
    "demanded_by": "永宁县农村商业银行",
    "within_duties": True,
    "verifiable": True,
}


def upper_token(world):  # the QR code carries the token in upper case
    return {"token": world.token.upper()}


NEW_ITEM = new_item_payload(code="YN-M9", name="矩阵测试证明九")
CERT = "/staff/certificates"

PROBES: dict[str, list[Probe]] = {
    "portal": [
        page("/"),
        page("/list"),
        page("/history"),
        page("/history/{number}"),
        page("/policy"),
        page("/report"),
    ],
    "search": [
        page("/search", query={"q": "居住"}),
        api_get("/catalogue/items", query={"q": "居住"}),
    ],
    "item": [page("/items/{code}"), api_get("/catalogue/items/{code}")],
    "check": [api_get("/catalogue/check", query={"name": "居住证明"})],
    "sample": [page("/items/{code}/sample.pdf")],
    "verify": [
        page("/v/{token}"),
        Probe("POST", "/v/{token}", body=HOLDER),
        page("/V/{token}", fill=upper_token),
        Probe("POST", "/V/{token}", body=HOLDER, fill=upper_token),
        api_post("/verify", lambda w, _: {"token": w.token}, ok=200),
    ],
    "lists": [
        page("/.well-known/jianzheng/keys.json"),
        page("/.well-known/jianzheng/revoked.json"),
    ],
    "home": [page("/staff/")],
    "catalogue": [page("/staff/catalogue/"), page("/staff/catalogue/items/{code}/")],
    "propose": [
        page("/staff/catalogue/new/"),
        form("/staff/catalogue/new/", _proposal_form("add", NEW_ITEM)),
        page("/staff/catalogue/items/{code}/change/"),
        form("/staff/catalogue/items/{code}/change/", lambda w, _: w.change_form),
        page("/staff/catalogue/items/{code}/remove/"),
        form("/staff/catalogue/items/{code}/remove/", {"reason": "矩阵", "legal_basis": "矩阵"}),
    ],
    "changes": [
        page("/staff/catalogue/changes/", lists=("change",)),
        page("/staff/catalogue/changes/{pk}/", target="change"),
    ],
    "review": [
        form(
            "/staff/catalogue/changes/{pk}/review/",
            {"decision": "accept", "note": "同意"},
            target="change",
        )
    ],
    "decide": [
        form(
            "/staff/catalogue/changes/{pk}/decide/",
            {"decision": "approve", "approval_reference": "宁政函2号"},
            target="reviewed",
        )
    ],
    "publish": [
        page("/staff/catalogue/publish/"),
        form(
            "/staff/catalogue/publish/",
            lambda w, _: {"effective_date": timezone.localdate().isoformat(), "summary": "矩阵"},
        ),
    ],
    "issue": [
        page(f"{CERT}/issue/"),
        page(f"{CERT}/issue/{{code}}/"),
        form(f"{CERT}/issue/{{code}}/", ISSUE_FORM),
        api_post("/certificates", _issue_json("YN-B03", RESIDENCE_FACTS), target="community"),
    ],
    "handover": [
        page(f"{CERT}/issue/{{code}}/handover/", fill=lambda w: {"code": "GJ1-10"}),
        form(f"{CERT}/issue/{{code}}/handover/", HANDOVER_FORM, fill=lambda w: {"code": "GJ1-10"}),
        api_post(
            "/certificates",
            _issue_json("GJ1-10", ALIVE_FACTS, handover=HANDOVER_JSON),
            target="community",
        ),
    ],
    "refuse": [
        form(f"{CERT}/issue/refuse/", {"item": "GJ1-10", "requester": "矩阵测试银行"}),
        page(f"{CERT}/refusals/new/"),
        form(f"{CERT}/refusals/new/", {"item": "健在证明", "demanded_by": "矩阵测试银行"}),
        api_post(
            "/refusals",
            lambda w, c: {"community": c.obj.code, "item": "健在证明", "demanded_by": "矩阵测试"},
            target="community",
        ),
    ],
    "ledger": [
        page(f"{CERT}/", lists=("certificate",)),
        page(f"{CERT}/refusals/", lists=("refusal",)),
        page(f"{CERT}/export.xlsx", lists=("certificate", "refusal")),
        api_get("/certificates", lists=("certificate",)),
        api_get("/refusals", lists=("refusal",)),
    ],
    "record": [
        page(f"{CERT}/{{serial}}/", target="certificate", full_id=True),
        page(f"{CERT}/refusals/{{pk}}/", target="refusal"),
        api_get("/certificates/{serial}", target="certificate", full_id=True),
    ],
    "full-id": [
        page(f"{CERT}/{{serial}}/pdf", target="certificate"),
        api_get("/certificates/{serial}/pdf", target="certificate"),
    ],
    "revoke": [
        form(
            f"{CERT}/{{serial}}/revoke",
            {"reason": "矩阵测试", "confirm": "on"},
            target="certificate",
        ),
        api_post(
            "/certificates/{serial}/revoke", {"reason": "矩阵测试"}, ok=200, target="certificate"
        ),
    ],
    "switch": [
        page(f"{CERT}/handover/"),
        form(f"{CERT}/handover/", {"item": "*", "enabled": "off", "reason": "矩阵测试"}),
    ],
}


def scopes(key: str) -> tuple[str | None, ...]:
    scoped = any(p.target or p.lists for p in PROBES[key])
    return ("own", "other") if scoped else (None,)


def runs_in(probe: Probe, scope: str | None) -> bool:
    # A page that names no object (the issue form: always the clerk's own community) has no
    # "other" case; lists run in both, looking for the other community's rows.
    return scope != "other" or bool(probe.target or probe.lists)


# ---------------------------------------------------------------------------------- the calling


def _client(world: World, role: str, api_call: bool) -> Client:
    if role == "anonymous":
        return Client()
    if api_call:
        return Client(headers={"authorization": f"Bearer {world.tokens[role]}"})
    client = Client()
    client.force_login(world.people[role])
    return client


def _url(probe: Probe, world: World, thing: Thing | None) -> str:
    values = {"code": "YN-B03", "number": 1, "token": world.token}
    values.update(thing.values if thing else {})
    values.update(probe.fill(world) if probe.fill else {})
    return ("/api/v1" if probe.api else "") + probe.path.format(**values)


def _send(client: Client, probe: Probe, url: str, body):
    if probe.method == "GET":
        return client.get(url, probe.query)
    if probe.api:
        return client.post(url, body or {}, content_type="application/json")
    return client.post(url, body or {})


def _text(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        return " ".join(
            str(value)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def snapshot() -> dict:
    """Rows per table of ours, and per status where a table has one (revoked, reviewed, …)."""
    counts = {}
    for model in apps.get_models():
        if not model.__module__.startswith("jianzheng."):
            continue
        counts[model._meta.label] = model.objects.count()
        if any(f.name == "status" for f in model._meta.fields):
            by_status = model.objects.values_list("status").annotate(n=Count("pk")).order_by()
            counts.update({(model._meta.label, status): n for status, n in by_status})
    return counts


def decided(probe: Probe, cell: str, role: str, scope: str | None) -> bool:
    """A page or endpoint naming an object is decided for that object; a list for the role
    (what it shows is then narrowed to what the user sees)."""
    return allows(cell, role, scope if probe.target else None)


def expected_status(probe: Probe, cell: str, role: str, scope: str | None) -> int:
    if decided(probe, cell, role, scope):
        return probe.ok
    if role == "anonymous":
        return 401 if probe.api else 302
    if probe.target and not sees(role, probe.target, scope):
        return 404
    return 403


def check(probe: Probe, world: World, key: str, role: str, scope: str | None) -> list[str]:
    """What is wrong with this probe for this role and scope (nothing, if the table holds)."""
    thing = world.thing(probe.target, role, scope) if probe.target else None
    body = probe.body(world, thing) if callable(probe.body) else probe.body
    url = _url(probe, world, thing)
    client = _client(world, role, probe.api)
    before = snapshot() if probe.method == "POST" else None
    response = _send(client, probe, url, body)
    allowed = decided(probe, TABLE[key].cells[role], role, scope)
    want = expected_status(probe, TABLE[key].cells[role], role, scope)
    where = f"{probe.method} {url}"
    if response.status_code != want:
        return [f"{where}: got {response.status_code}, the table says {want}"]
    problems = []
    if want == 302 and not allowed and not response["Location"].startswith("/staff/login/"):
        problems.append(f"{where}: sent to {response['Location']}, not to the login page")
    if before is not None and (snapshot() != before) != allowed:
        problems.append(f"{where}: {'wrote' if not allowed else 'did not write'} to the database")
    if allowed and response.status_code == 200:
        text = _text(response) if probe.lists or probe.full_id else ""
        for kind in probe.lists:
            listed = world.thing(kind, role, scope).marker in text
            if listed != sees(role, kind, scope):
                problems.append(f"{where}: {'lists' if listed else 'omits'} the {scope} {kind}")
        full = allows(TABLE["full-id"].cells[role], role, scope)
        if probe.full_id and (FULL_ID in text) != full:
            problems.append(f"{where}: the ID number is {'' if full else 'not '}masked")
    return problems


CASES = [
    pytest.param(key, role, scope, id="-".join(filter(None, [SHORT[role], key, scope])))
    for key in TABLE
    for role in ROLES
    for scope in scopes(key)
]


@pytest.mark.pdf  # issues certificates, so draws PDFs
@pytest.mark.parametrize(("key", "role", "scope"), CASES)
def test_each_role_gets_what_the_table_says(key, role, scope, world, db):
    problems = []
    for probe in PROBES[key]:
        if runs_in(probe, scope):
            with (
                transaction.atomic()
            ):  # each probe sees the world as built, not its siblings' writes
                problems += check(probe, world, key, role, scope)
                transaction.set_rollback(True)
    assert not problems, f"{TABLE[key].action} as {role}:\n" + "\n".join(problems)


# ------------------------------------------------------------------------------------ coverage

# Paths no role decides (docs/permissions.md says so below the table).
PUBLIC = {"/healthz", "/staff/login/", "/staff/logout/", "/api/v1/", "/api/v1/openapi.json"}
PUBLIC |= {"/api/v1/docs"}
PUBLIC_PREFIX = "/django-admin/"


def url_paths(resolver=None, prefix="/"):
    """Every path Django routes, with `<str:serial>` written `{serial}` as the table does."""
    for pattern in (resolver or get_resolver()).url_patterns:
        path = prefix + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from url_paths(pattern, path)
        else:
            yield path


def api_operations() -> set[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, operations in paths.items()
        for method in operations
    }


def test_the_table_has_every_role_and_a_probe_for_every_endpoint_it_names():
    assert ROLES == ["anonymous", *Role.values]
    assert set(TABLE) == set(PROBES)
    for key, row in TABLE.items():
        assert {p.endpoint for p in PROBES[key] if not p.api} == row.html, key
        assert {p.endpoint for p in PROBES[key] if p.api} == row.api, key


def test_every_url_and_api_operation_has_a_row():
    routed = {p for p in url_paths() if not p.startswith(PUBLIC_PREFIX)}
    operations = api_operations()
    api_paths = {"/api/v1" + path for _, path in operations}
    in_table = {path for row in TABLE.values() for _, path in row.html}
    missing = routed - api_paths - PUBLIC - in_table
    assert not missing, f"add a row (or a public path) to docs/permissions.md for {missing}"
    assert not in_table - routed, "the table names pages that do not exist"
    api_in_table = set().union(*(row.api for row in TABLE.values()))
    assert not operations - api_in_table, "add these API operations to docs/permissions.md"
    assert not api_in_table - operations, "the table names API operations that do not exist"
    text = DOC.read_text().split("<!-- matrix:end -->")[1]
    assert all(f"`{path}`" in text for path in PUBLIC | {PUBLIC_PREFIX})


def _wrong_methods():
    listed: dict[tuple[bool, str], set[str]] = {}
    probes: dict[tuple[bool, str], Probe] = {}
    for key, row in TABLE.items():
        for method, path in row.html:
            listed.setdefault((False, path), set()).add(method)
        for method, path in row.api:
            listed.setdefault((True, path), set()).add(method)
    for key in PROBES:
        for probe in PROBES[key]:
            probes.setdefault((probe.api, probe.path), probe)
    return [
        pytest.param(probes[where], method, id=f"{method}-{'api' if where[0] else ''}{where[1]}")
        for where, methods in sorted(listed.items())
        for method in sorted({"GET", "POST"} - methods)
    ]


@pytest.mark.pdf
@pytest.mark.parametrize(("probe", "method"), _wrong_methods())
def test_a_method_the_table_does_not_list_is_refused(probe, method, world, db):
    thing = world.thing(probe.target, "civil_affairs_admin", "own") if probe.target else None
    client = _client(world, "civil_affairs_admin", probe.api)
    before = snapshot()
    response = getattr(client, method.lower())(_url(probe, world, thing))
    assert response.status_code == 405
    assert snapshot() == before
