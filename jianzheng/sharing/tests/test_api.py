"""The sharing checks over HTTP, exactly as issue 10 writes the paths and fields."""

import pytest

from jianzheng.accounts.services import create_api_token
from jianzheng.sharing.models import SharingCheck
from tests.openapi_contract import at_length, max_lengths

from .conftest import marital_check, residence_check

BASE = "/api/v1/sharing-checks"


@pytest.fixture
def call(client):
    tokens = {}

    def _call(user, method, path, body=None, **query):
        if user.pk not in tokens:
            tokens[user.pk] = create_api_token(actor=None, user=user)[1]
        headers = {"authorization": f"Bearer {tokens[user.pk]}"}
        if method == "get":
            return client.get(path, query, headers=headers)
        return client.post(path, body or {}, content_type="application/json", headers=headers)

    return _call


def test_a_department_system_asks_and_the_holder_answers_by_api(
    call, facts, yanghe_officer, police_officer
):
    asked = call(yanghe_officer, "post", BASE, residence_check())
    assert asked.status_code == 201, asked.content
    body = asked.json()
    assert body["state"] == "pending" and isinstance(body["id"], int)
    assert body["subject"] == {
        "name": "马小花",
        "id_number": "**************1232",
        "id_masked": True,
    }
    assert body["replaces_item"] == {"code": "YN-B03", "name": "居（租）住证明"}

    inbox = call(police_officer, "get", BASE, role="holder", state="pending").json()
    assert [c["id"] for c in inbox["items"]] == [body["id"]]
    assert inbox["items"][0]["subject"]["id_number"] == "640121199003071232"  # to look it up
    assert call(police_officer, "get", BASE, role="requester").json()["count"] == 0

    answered = call(police_officer, "post", f"{BASE}/{body['id']}/answer", {"answer": "yes"})
    assert answered.status_code == 200
    assert (answered.json()["state"], answered.json()["answer"]) == ("answered", "yes")
    again = call(police_officer, "post", f"{BASE}/{body['id']}/answer", {"answer": "no"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_answered"
    seen = call(yanghe_officer, "get", f"{BASE}/{body['id']}").json()
    assert seen["answer"] == "yes" and seen["answer_hash"]


@pytest.mark.parametrize("field", ["purpose", "case_number", "legal_basis", "replaces_item"])
def test_a_request_missing_a_required_part_is_422_naming_it(call, facts, yanghe_officer, field):
    body = residence_check()
    del body[field]
    response = call(yanghe_officer, "post", BASE, body)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert not SharingCheck.objects.exists()


def test_a_department_reading_anothers_check_gets_404(
    call, facts, yanghe_officer, hrss_officer, police_officer
):
    check_id = call(yanghe_officer, "post", BASE, residence_check()).json()["id"]
    assert call(hrss_officer, "get", f"{BASE}/{check_id}").status_code == 404
    answer = call(hrss_officer, "post", f"{BASE}/{check_id}/answer", {"answer": "yes"})
    assert answer.status_code == 404
    assert call(hrss_officer, "get", BASE).json()["items"] == []
    requester_answers = call(yanghe_officer, "post", f"{BASE}/{check_id}/answer", {"answer": "no"})
    assert requester_answers.status_code == 403
    assert SharingCheck.objects.get().state == "pending"


def test_the_certificates_avoided_are_counted_per_item_and_month(
    call, facts, yanghe_officer, police_officer, civil_affairs_admin, auditor
):
    ids = [call(yanghe_officer, "post", BASE, residence_check()).json()["id"] for _ in range(2)]
    marital = call(police_officer, "post", BASE, marital_check()).json()["id"]
    call(police_officer, "post", f"{BASE}/{ids[0]}/answer", {"answer": "yes"})
    call(police_officer, "post", f"{BASE}/{ids[1]}/answer", {"answer": "declined", "reason": "无"})
    call(
        civil_affairs_admin,
        "post",
        f"{BASE}/{marital}/answer",
        {"answer": "yes", "fields": {"marital_status": "已婚"}},
    )
    counted = call(auditor, "get", f"{BASE}/avoided", county="640121").json()
    assert counted["county"] == {"code": "640121", "name": "永宁县"}
    assert sorted((r["item"]["code"], r["count"]) for r in counted["rows"]) == [
        ("GJ1-08", 1),
        ("YN-B03", 1),  # the declined one replaced nothing
    ]
    assert counted["total"] == 2
    later = call(auditor, "get", f"{BASE}/avoided", **{"from": "2099-01-01"}).json()
    assert later["rows"] == [] and later["total"] == 0
    assert call(auditor, "get", f"{BASE}/avoided", county="999999").status_code == 400
    backwards = call(
        auditor, "get", f"{BASE}/avoided", **{"from": "2026-12-02", "to": "2026-01-01"}
    )
    assert backwards.status_code == 422


def test_another_countys_counts_are_out_of_scope(call, facts, yanghe_officer, auditor):
    from jianzheng.regions.models import Region

    city = Region.objects.get(code="6401")
    Region.objects.create(
        code="640122",
        name="贺兰县",
        level=Region.Level.COUNTY,
        parent=city,
        path=city.path + "640122/",
    )
    assert call(auditor, "get", f"{BASE}/avoided", county="640122").status_code == 404
    own = call(yanghe_officer, "get", f"{BASE}/avoided")  # a township officer: their county
    assert own.json()["county"]["code"] == "640121"


def test_each_text_is_taken_as_long_as_the_document_says_and_not_one_character_more(
    call, facts, yanghe_officer, police_officer
):
    """The document once said 400 characters for a purpose the service cut off at 200 (and 60
    for a name it cut off at 50): a body checked against the schema was still refused."""
    limits = max_lengths("SharingCheckIn")
    pads = {"subject_name": "花", "purpose": "。", "case_number": "0", "legal_basis": "。"}
    longest = residence_check()
    longest.update(
        {name: at_length(longest[name], limits[name], pad) for name, pad in pads.items()}
    )
    for name, pad in pads.items():
        answer = call(yanghe_officer, "post", BASE, {**longest, name: longest[name] + pad})
        assert answer.status_code == 422, name
        assert set(answer.json()["error"]["fields"]) == {name}
    assert not SharingCheck.objects.exists()
    asked = call(yanghe_officer, "post", BASE, longest)
    assert asked.status_code == 201, asked.content
    answer = f"{BASE}/{asked.json()['id']}/answer"
    most = max_lengths("SharingAnswerIn")["reason"]
    over = {"answer": "declined", "reason": at_length("无法核对", most + 1)}
    refused = call(police_officer, "post", answer, over)
    assert refused.status_code == 422 and set(refused.json()["error"]["fields"]) == {"reason"}
    declined = call(police_officer, "post", answer, {**over, "reason": at_length("无法核对", most)})
    assert declined.status_code == 200, declined.content
