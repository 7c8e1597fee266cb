"""One selector decides what a viewer sees of a certificate's holder and facts; the ledger page,
the detail page and the API show exactly that (DESIGN.md: masked everywhere but the issuing
community's clerks)."""

import json

import pytest

from jianzheng.accounts.services import create_api_token
from jianzheng.certificates.selectors import certificate_for_viewer
from jianzheng.certificates.tests.conftest import RESIDENT

# Issues certificates, so draws PDFs: skipped where no Chinese font is installed.
pytestmark = pytest.mark.pdf

BASE = "/staff/certificates/"
# 调解 with an agent: an ID number and a phone number besides the holder's.
FACTS = {
    **RESIDENT,
    "agent_name": "李四",
    "agent_id_number": "11010519491231002X",
    "agent_phone": "13912345678",
    "opponent": "王五",
}
IN_FULL = ("马小花", "640121199003071232", "11010519491231002X", "13912345678")


@pytest.fixture
def certificate(issue):
    return issue(item="YN-B02", facts=dict(FACTS))


def _pages_and_api(client, user, certificate):
    client.force_login(user)
    ledger = client.get(BASE).content.decode()
    detail = client.get(f"{BASE}{certificate.serial}/").content.decode()
    bearer = {"authorization": f"Bearer {create_api_token(actor=None, user=user)[1]}"}
    listed = client.get("/api/v1/certificates", headers=bearer).json()["items"]
    one = client.get(f"/api/v1/certificates/{certificate.serial}", headers=bearer).json()
    return ledger, detail, listed, one


def test_the_issuing_clerk_sees_holder_and_facts_in_full_on_the_pages_and_in_the_api(
    client, certificate, yanghe_clerk
):
    seen = certificate_for_viewer(yanghe_clerk, certificate)
    assert (seen.masked, seen.holder_name, seen.holder_id_number) == (
        False,
        "马小花",
        "640121199003071232",
    )
    assert dict(seen.facts) == FACTS

    ledger, detail, listed, one = _pages_and_api(client, yanghe_clerk, certificate)

    assert seen.holder_name in ledger and seen.holder_id_number in ledger
    assert all(value in detail for value in seen.facts.values())
    holder = {"name": "马小花", "id_number": "640121199003071232", "id_masked": False}
    assert listed[0]["holder"] == one["holder"] == holder
    assert one["facts"] == dict(seen.facts)


@pytest.mark.parametrize("viewer", ["yanghe_officer", "auditor", "civil_affairs_admin"])
def test_every_other_ledger_reader_sees_the_same_masked_values_on_the_pages_and_in_the_api(
    request, client, certificate, viewer
):
    user = request.getfixturevalue(viewer)
    seen = certificate_for_viewer(user, certificate)
    assert (seen.masked, seen.holder_name, seen.holder_id_number) == (
        True,
        "马*花",
        "**************1232",
    )
    assert (seen.facts["agent_id_number"], seen.facts["agent_phone"]) == (
        "**************002X",
        "139****5678",
    )

    ledger, detail, listed, one = _pages_and_api(client, user, certificate)

    assert seen.holder_name in ledger and seen.holder_id_number in ledger
    assert all(value in detail for value in seen.facts.values())
    holder = {"name": "马*花", "id_number": "**************1232", "id_masked": True}
    assert listed[0]["holder"] == one["holder"] == holder
    assert one["facts"] == dict(seen.facts)
    answers = json.dumps([listed, one], ensure_ascii=False)
    assert [v for v in IN_FULL if v in ledger or v in detail or v in answers] == []


def test_a_department_sees_the_same_shorter_mask_on_the_verification_page_and_in_the_api(
    client, certificate, police_officer
):
    seen = certificate_for_viewer(police_officer, certificate)
    assert (seen.masked, seen.holder_name, seen.holder_id_number) == (
        True,
        "马*花",
        "**************1232",
    )
    client.force_login(police_officer)
    bearer = {"authorization": f"Bearer {create_api_token(actor=None, user=police_officer)[1]}"}
    token = certificate.document.token

    page = client.get(f"/v/{token}").content.decode()
    answer = client.post(
        "/api/v1/verify", {"token": token}, content_type="application/json", headers=bearer
    ).json()

    # The certified facts under their template labels; whoever holds the token learns even less
    # of the holder than a ledger reader: two ID digits.
    assert "<th>姓名</th><td>马*花</td>" in page
    assert "<th>公民身份号码</th><td>****************32</td>" in page
    assert {"label": "姓名", "value": "马*花"} in answer["facts"]
    assert answer["holder"] == {
        "name": "马*花",
        "id_number": "****************32",
        "id_masked": True,
    }
    assert [v for v in IN_FULL if v in page] == []
    # The ledger itself stays closed to a department.
    assert client.get(f"{BASE}{certificate.serial}/").status_code == 404
    assert (
        client.get(f"/api/v1/certificates/{certificate.serial}", headers=bearer).status_code == 404
    )
