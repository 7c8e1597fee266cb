"""Walks the role × action table in docs/permissions.md and checks every cell as every role.

Change the table and this test holds the code to it; change the code and the table must follow."""

from pathlib import Path

import pytest

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.catalogue.permissions import can_review_change
from jianzheng.catalogue.services import propose_change
from jianzheng.catalogue.tests.conftest import new_item_payload
from jianzheng.certificates.permissions import (
    can_issue,
    can_manage_handover,
    can_revoke,
    can_see_full_id,
)
from jianzheng.certificates.selectors import get_certificate
from jianzheng.certificates.services import issue_certificate
from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS
from jianzheng.regions.models import Unit

# Issues certificates, so draws PDFs: skipped where no Chinese font is installed.
pytestmark = pytest.mark.pdf

TABLE = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
PASSWORD = "correct-horse-9"


def read_matrix() -> tuple[list[str], dict[str, list[str]]]:
    text = TABLE.read_text()
    block = text.split("<!-- matrix:start -->")[1].split("<!-- matrix:end -->")[0]
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in block.strip().splitlines()
        if line.startswith("|")
    ]
    header, body = rows[0], rows[2:]
    return header[1:], {row[0]: row[1:] for row in body}


ROLES, MATRIX = read_matrix()


@pytest.fixture
def people(county, yanghe_clerk, yanghe_officer, police_officer, civil_affairs_admin, auditor):
    credit = create_user(
        actor=None,
        username="credit",
        password=PASSWORD,
        unit=Unit.objects.get(code="640121-FGJ"),
        role=Role.CREDIT_OFFICER,
        validate=False,
    )
    return {
        "anonymous": None,
        "community_clerk": yanghe_clerk,
        "township_officer": yanghe_officer,
        "department_officer": police_officer,
        "civil_affairs_admin": civil_affairs_admin,
        "credit_officer": credit,
        "auditor": auditor,
    }


@pytest.fixture
def world(catalogue, keys, yanghe, lijun, yanghe_clerk, lijun_clerk, police_officer):
    """One certificate in 杨和 (in the township officer's subtree), one in 李俊 (outside it)."""

    def issue(clerk, community):
        return issue_certificate(
            actor=clerk,
            community=community,
            item="YN-B03",
            facts=RESIDENCE_FACTS,
            checks=CHECKS,
            purpose="办理居住证",
            requester="派出所",
        )

    change = propose_change(
        actor=police_officer,
        kind="add",
        payload=new_item_payload(),
        reason="矩阵测试",
        legal_basis="矩阵测试",
    )
    return {
        "inside": issue(yanghe_clerk, yanghe),
        "outside": issue(lijun_clerk, lijun),
        "change": change,
        "yanghe": yanghe,
        "lijun": lijun,
    }


def http_ok(client, user, method, url, **kwargs) -> bool:
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url, **kwargs)
    return response.status_code == 200


def scoped(check):
    """For own/sub cells: (allowed in the user's own community or subtree, allowed outside)."""
    return lambda user, world: (check(user, world["inside"]), check(user, world["outside"]))


PROBES = {
    "search the public catalogue, open an item, download a blank sample": lambda user, world, client: (
        http_ok(client, user, "get", "/search?q=jzzm")
        and http_ok(client, user, "get", "/items/YN-B03")
        and http_ok(client, user, "get", "/items/YN-B03/sample.pdf")
    ),
    "verify a certificate (page `/v/…`, `POST /api/v1/verify`)": lambda user, world, client: (
        http_ok(client, user, "get", f"/v/{world['inside'].document.token}")
        and http_ok(
            client,
            user,
            "post",
            "/api/v1/verify",
            data={"token": world["inside"].document.token},
            content_type="application/json",
        )
    ),
    "open the back office, browse the catalogue there": lambda user, world, client: http_ok(
        client, user, "get", "/staff/catalogue/"
    ),
    "propose a catalogue change": lambda user, world, client: http_ok(
        client, user, "get", "/staff/catalogue/new/"
    ),
    "review / approve a change (never one's own)": lambda user, world, client: (
        user is not None and can_review_change(user, world["change"])
    ),
    "publish a catalogue version": lambda user, world, client: http_ok(
        client, user, "get", "/staff/catalogue/publish/"
    ),
    "issue a certificate, record a refusal": lambda user, world, client: (
        can_issue(user, world["yanghe"]),
        can_issue(user, world["lijun"]),
    ),
    "revoke a certificate": lambda user, world, client: scoped(can_revoke)(user, world),
    "read the ledger (certificates, refusals), export it": lambda user, world, client: scoped(
        lambda u, c: get_certificate(u, c.serial) is not None
    )(user, world),
    "see a holder's full ID number": lambda user, world, client: scoped(can_see_full_id)(
        user, world
    ),
    "switch the 四(三) hand-over exception": lambda user, world, client: can_manage_handover(user),
}


def expected(cell: str, role: str) -> object:
    if cell == "✓":
        return True
    if cell == "✗":
        return False
    if cell == "own":
        return (True, False)
    if cell == "sub":
        # A township officer's subtree holds 杨和 but not 李俊; county-level users hold both.
        return (True, role != "township_officer")
    raise AssertionError(f"unknown cell {cell!r}")


def test_the_table_covers_every_probe_and_every_role():
    assert set(MATRIX) == set(PROBES)
    assert ROLES == ["anonymous", *Role.values]


@pytest.mark.parametrize("action", list(MATRIX))
def test_each_role_gets_what_the_table_says(action, people, world, client):
    results = {}
    for role, cell in zip(ROLES, MATRIX[action], strict=True):
        client.logout()
        got = PROBES[action](people[role], world, client)
        if isinstance(got, tuple) and cell in ("✓", "✗"):
            got = got[0] if cell == "✓" else any(got)
        results[role] = (got, expected(cell, role))
    wrong = {role: pair for role, pair in results.items() if pair[0] != pair[1]}
    assert not wrong, f"{action}: (got, table) {wrong}"
