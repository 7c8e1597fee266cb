"""Walks the role × action table in docs/permissions.md: every page and API endpoint a row names,
as every role (and the admin's and the auditor's at the city's and the region's level) and
anonymously, on an object of the user's own community, on one of another community of the same
county and on one of another county, checking the exact status, what a list shows, and that a
refused POST writes nothing.

Change the table and this test holds the code to it; add a URL or an API operation and the table
must name it (test_every_url_and_api_operation_has_a_row)."""

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver
from openpyxl import load_workbook
from permission_probes import FULL_ID, PROBES, Probe, Thing, World, build_world

from jianzheng.accounts.roles import Role
from jianzheng.api.main import api
from jianzheng.regions.models import Region

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
ENDPOINT = re.compile(r"`((?:GET|POST)(?:, (?:GET|POST))*) (/[^`\s]*)`")

# ------------------------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Row:
    action: str
    cells: dict[str, str]  # role (or role@level) → ✓ / own / sub / ✗
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

SHORT = {
    "anonymous": "anon",
    "community_clerk": "clerk",
    "township_officer": "township",
    "department_officer": "dept",
    "civil_affairs_admin": "admin",
    "credit_officer": "credit",
    "auditor": "auditor",
    "civil_affairs_admin@city": "city-admin",
    "civil_affairs_admin@region": "region-admin",
    "auditor@region": "region-auditor",
}
# The same roles at a scope level above the county (a column `role@level`): their unit's region
# is the city or the region, so their subtree holds every county below it.
LEVELS = {"city": Region.Level.CITY, "region": Region.Level.PROVINCE}
ABOVE_COUNTY = ("civil_affairs_admin@city", "civil_affairs_admin@region", "auditor@region")
# Users of a county department or bureau: their subtree is the whole county, 李俊 included.
COUNTY_WIDE = {"department_officer", "civil_affairs_admin", "credit_officer", "auditor"}
# Objects that belong to a community, so to a county: these also run as "other-county".
IN_A_COUNTY = {
    "certificate",
    "refusal",
    "community",
    "complaint",
    "verified",
    "followup",
    "venue",
    "sigtask",
    "sigdone",
    "sigphoto",
    "sigplaque",
}


# A cell for staff above county level on the catalogue's own pages: they act on the region's list
# and record the region's approval of a county's new proof, which the matrix world (built on
# 永宁县's list) does not hold; catalogue/tests/test_catalogue_layers.py tests those rules.
LIST_OF_THEIR_OWN = "†"


def allows(cell: str, role: str, scope: str | None) -> bool:
    """scope "own": the object is of 杨和第一社区 (the clerk's, under the township officer);
    "other": of 李俊第一社区, outside both but in the same county; "other-county": of 贺兰县's
    习岗第一社区; None: the action names no object."""
    if cell == "✓":
        return True
    if cell == "✗":
        return False
    if cell == "own":
        return scope not in ("other", "other-county")
    if cell == "sub":
        if scope == "other-county":
            return role in ABOVE_COUNTY
        return scope != "other" or role in COUNTY_WIDE or role in ABOVE_COUNTY
    raise AssertionError(f"unknown cell {cell!r} in docs/permissions.md")


# Which row says whether a role sees an object at all: unseen is 404, seen but refused is 403.
SEEN_BY = {
    "certificate": "record",
    "refusal": "record",
    "change": "changes",
    "reviewed": "changes",
    "sharing": "sharing-read",
    "inbox": "sharing-read",
    "complaint": "complaints-read",
    "verified": "complaints-read",
    "commitment": "commitment-read",
    "postcheck": "postcheck-read",
    "untrue": "postcheck-read",
    "notified": "postcheck-read",
    "credit": "credit-read",
    "wirequest": "work-request-read",
    "agreement": "work-agreements",
    "push": "work-pushes-read",
    "followup": "eval-followups",
    "venue": "signage-read",
    "sigtask": "signage-read",
    "sigdone": "signage-read",
    "sigphoto": "signage-read",
    "sigplaque": "signage-read",
}


def sees(role: str, kind: str, scope: str) -> bool:
    if kind == "community":  # a unit is seen within the user's subtree
        return allows("sub", role, scope)
    return allows(TABLE[SEEN_BY[kind]].cells[role], role, scope)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once; every case's own transaction (the `db` fixture) is rolled back after it.
    Two counties: the portal and the catalogue API answer for the default one (永宁县) when a
    call names none, as a region's platform configured with JIANZHENG_DEFAULT_COUNTY does."""
    data = tmp_path_factory.mktemp("data")
    # The catalogue is read back at once after each write here, as every test does (conftest).
    settings = override_settings(DATA_DIR=data, DEFAULT_COUNTY="640121", SEARCH_INDEX_TTL=0)
    with django_db_blocker.unblock(), settings, transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def scopes(key: str) -> tuple[str | None, ...]:
    kinds = {kind for p in PROBES[key] for kind in (p.target, *p.lists) if kind}
    if not kinds:
        return (None,)
    # Change requests are not yet a county's (the layered catalogue gives them one).
    return ("own", "other", "other-county") if kinds <= IN_A_COUNTY else ("own", "other")


def runs_in(probe: Probe, scope: str | None) -> bool:
    # A page that names no object (the issue form: always the clerk's own community) has no
    # "other" case; lists run in all, looking for the other communities' rows.
    return scope in (None, "own") or bool(probe.target or probe.lists)


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


def _send(client: Client, probe: Probe, url: str, body, world: World):
    headers = probe.headers(world) if probe.headers else None
    if probe.method == "GET":
        return client.get(url, probe.query, headers=headers)
    if probe.api:
        return client.post(url, body or {}, content_type="application/json", headers=headers)
    return client.post(url, body or {}, headers=headers)


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
    response = _send(client, probe, url, body, world)
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
    if TABLE[key].cells[role] == LIST_OF_THEIR_OWN:
        pytest.skip(
            "staff above county level work on the region's own list; the world's items and "
            "changes are 永宁县's (catalogue/tests/test_catalogue_layers.py covers the region's)"
        )
    problems = []
    for probe in PROBES[key]:
        if runs_in(probe, scope):
            # Each probe meets the world as built, not what its siblings wrote.
            with transaction.atomic():
                problems += check(probe, world, key, role, scope)
                transaction.set_rollback(True)
    assert not problems, f"{TABLE[key].action} as {role}:\n" + "\n".join(problems)


# ------------------------------------------------------------------------------------ coverage

# Paths no role decides (docs/permissions.md says so below the table).
PUBLIC = {
    "/healthz",
    "/readyz",
    "/display",
    "/staff/login/",
    "/staff/logout/",
    "/api/v1/",
    "/api/v1/openapi.json",
    "/api/v1/docs",
    # A resident's own report: the number and the secret decide, not a role (issue 11).
    "/report/track",
    "/report/track/{number}",
    "/report/track/{number}/join",
    # A resident's own rating and its answer: the case's secret decides (issue 14).
    "/rate/{number}",
}
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
    assert ROLES == ["anonymous", *Role.values, *ABOVE_COUNTY]
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


def test_each_column_is_a_person_of_that_role_at_that_level(world, db):
    for column, person in world.people.items():
        role, _, level = column.partition("@")
        assert person.membership.role == role, column
        region = person.membership.unit.region
        assert region.level == LEVELS.get(level, region.level), column
        assert (region.level in LEVELS.values()) == (column in ABOVE_COUNTY), column


def _wrong_methods():
    """A probe of each path, with each of GET and POST that no row lists for that path."""
    by_path: dict[tuple[bool, str], list[Probe]] = {}
    for probe in (p for probes in PROBES.values() for p in probes):
        by_path.setdefault((probe.api, probe.path), []).append(probe)
    return [
        pytest.param(found[0], method, id=f"{method}-{'/api/v1' if api_call else ''}{path}")
        for (api_call, path), found in sorted(by_path.items())
        for method in sorted({"GET", "POST"} - {p.method for p in found})
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


# ------------------------------------------------------------------------------ guessed ids

# Every id-taking endpoint of the later areas (issue 16, item 9), the model its id names and
# where that row's unit is; GET unless a POST is the only door. The guesser walks every id of the
# table and a few past its end: an object outside the caller's scope answers exactly as one that
# does not exist, and a POST at one writes nothing.
GUESSED = [
    ("GET", "/staff/signage/venues/{id}/", "signage.Venue", "community"),
    ("POST", "/staff/signage/venues/{id}/plaques/", "signage.Venue", "community"),
    ("POST", "/staff/signage/venues/{id}/rooms/", "signage.Venue", "community"),
    ("POST", "/staff/signage/tasks/{id}/rectify/", "signage.RectificationTask", "venue__community"),
    (
        "POST",
        "/staff/signage/tasks/{id}/sign-off/",
        "signage.RectificationTask",
        "venue__community",
    ),
    ("GET", "/staff/signage/photos/{id}", "signage.Photo", "venue__community"),
    ("GET", "/api/v1/plaques?venue={id}", "signage.Venue", "community"),
    ("GET", "/api/v1/wall-postings?venue={id}", "signage.Venue", "community"),
    ("GET", "/staff/evaluation/follow-ups/{id}/", "evaluation.FollowUp", "rating__unit"),
    ("POST", "/staff/evaluation/follow-ups/{id}/contact/", "evaluation.FollowUp", "rating__unit"),
    # Every staff member of the county reads its campaign, the evidence with it (campaign/permissions.py).
    (
        "GET",
        "/staff/campaign/evidence/{id}",
        "campaign.ProgressEvidence",
        "report__task__campaign__county",
    ),
    ("GET", "/staff/campaign/tasks/{id}/", "campaign.Task", "campaign__county"),
    ("GET", "/staff/campaign/{id}/", "campaign.Campaign", "county"),
    ("GET", "/api/v1/campaigns/{id}/tasks", "campaign.Campaign", "county"),
    ("POST", "/api/v1/tasks/{id}/progress", "campaign.Task", "campaign__county"),
]


def _outside(person, owner) -> bool:
    """Whether `owner` (a Unit, or a county Region) lies outside what `person` may reach."""
    from jianzheng.accounts.permissions import counties_in_scope, unit_in_scope

    if owner is None:
        return False  # a complaint's follow-up: no unit, the matrix decides those
    if isinstance(owner, Region):
        return owner not in counties_in_scope(person)
    return not unit_in_scope(person, owner)


def _guess(client: Client, method: str, url: str, problems: list, role: str) -> int:
    if method == "GET":
        return client.get(url).status_code
    api_call = url.startswith("/api/")
    body = {"state": "under_way", "summary": "猜"} if api_call else {"note": "猜"}
    with transaction.atomic():
        before = snapshot()
        if api_call:
            status = client.post(url, json.dumps(body), content_type="application/json")
        else:
            status = client.post(url, body)
        if snapshot() != before and status.status_code not in (200, 201, 302):
            problems.append(f"{role} POST {url}: {status.status_code} but wrote")
        transaction.set_rollback(True)
    return status.status_code


@pytest.mark.pdf
def test_guessed_ids_outside_the_callers_scope_answer_as_missing_ones(world, db):
    problems, tried = [], 0
    for method, template, label, owner_path in GUESSED:
        model = apps.get_model(label)
        rows = list(model.objects.order_by("pk"))
        missing = (rows[-1].pk if rows else 0) + 7
        api_call = template.startswith("/api/")
        for role, person in world.people.items():
            client = _client(world, role, api_call)

            absent = _guess(client, method, template.format(id=missing), problems, role)
            for row in rows:
                owner = row
                for part in owner_path.split("__"):
                    owner = getattr(owner, part)
                if not _outside(person, owner):
                    continue
                tried += 1
                got = _guess(client, method, template.format(id=row.pk), problems, role)
                if got != absent:
                    problems.append(
                        f"{role} {method} {template.format(id=row.pk)}: {got}, "
                        f"a missing id answers {absent}"
                    )
    print(f"\n{tried} guessed ids outside the caller's scope over {len(GUESSED)} endpoints")
    assert tried > 0
    assert not problems, "\n".join(problems)
