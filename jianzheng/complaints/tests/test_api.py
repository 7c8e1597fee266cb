"""The complaints API exactly as issue 11 writes the paths and fields."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from jianzheng.accounts.services import create_api_token
from jianzheng.complaints import services
from jianzheng.complaints.models import Complaint
from jianzheng.core.models import StoredFile
from tests.openapi_contract import at_length, max_lengths

from .conftest import report

BASE = "/api/v1/complaints"


@pytest.fixture
def staff(client):
    tokens = {}

    def _call(user, method, path, body=None, **query):
        if user.pk not in tokens:
            tokens[user.pk] = create_api_token(actor=None, user=user)[1]
        headers = {"authorization": f"Bearer {tokens[user.pk]}"}
        if method == "get":
            return client.get(path, query, headers=headers)
        return client.post(path, body or {}, content_type="application/json", headers=headers)

    return _call


@pytest.fixture
def reported(client, catalogue, data_dir, clock):
    answer = client.post(BASE, report(), content_type="application/json")
    assert answer.status_code == 201, answer.content
    return answer.json()


def test_a_resident_reports_and_follows_with_the_secret_in_a_header(client, reported):
    number, secret = reported["tracking_number"], reported["secret"]
    assert reported["state"] == "received" and reported["item_status"] == "cancelled"
    shown = client.get(f"{BASE}/{number}", headers={"x-complaint-secret": secret})
    assert shown.status_code == 200
    body = shown.json()
    assert body["unit"] == "永宁县公安局" and body["handled_by"] == "永宁县民政局"
    assert secret not in shown.content.decode()
    assert body["events"][0]["text"].startswith("已收到举报")
    for headers in ({}, {"x-complaint-secret": "WRONG-SECRET-0000"}):
        assert client.get(f"{BASE}/{number}", headers=headers).status_code == 404


def test_a_message_is_added_with_the_same_header(client, reported):
    number, secret = reported["tracking_number"], reported["secret"]
    path = f"{BASE}/{number}/messages"
    added = client.post(
        path,
        {"text": "补充：同行的还有两位邻居。"},
        content_type="application/json",
        headers={"x-complaint-secret": secret},
    )
    assert added.status_code == 201 and added.json()["state"] == "received"
    empty = client.post(
        path, {"text": ""}, content_type="application/json", headers={"x-complaint-secret": secret}
    )
    assert empty.status_code == 422 and "text" in empty.json()["error"]["fields"]
    assert client.post(path, {"text": "x" * 20}, content_type="application/json").status_code == 404


def test_evidence_comes_by_multipart_on_the_same_path(client, catalogue, data_dir, clock):
    from jianzheng.core.tests.test_uploads import jpeg_with_gps

    photo = SimpleUploadedFile("现场.jpg", jpeg_with_gps(), "image/jpeg")
    answer = client.post(BASE, {**report(), "files": [photo]})
    assert answer.status_code == 201, answer.content
    assert answer.json()["evidence"] == 1
    exe = SimpleUploadedFile("more.png", b"MZ" + b"\x00" * 100, "image/png")
    refused = client.post(
        f"{BASE}/{answer.json()['tracking_number']}/messages",
        {"text": "补充一张照片", "files": [exe]},
        headers={"x-complaint-secret": answer.json()["secret"]},
    )
    assert refused.status_code == 422 and "files" in refused.json()["error"]["fields"]
    assert StoredFile.objects.count() == 1
    more = SimpleUploadedFile("回执.jpg", jpeg_with_gps(), "image/jpeg")
    added = client.post(
        f"{BASE}/{answer.json()['tracking_number']}/messages",
        {"text": "补充回执照片", "files": [more]},
        headers={"x-complaint-secret": answer.json()["secret"]},
    )
    assert added.status_code == 201 and added.json()["evidence"] == 2


def test_bad_input_names_every_field_and_writes_nothing(client, catalogue, data_dir):
    answer = client.post(
        BASE, {"unit": "NOPE", "item": "", "date": "soon"}, content_type="application/json"
    )
    assert answer.status_code == 422
    assert {"unit", "item_name", "date", "place", "description"} <= set(
        answer.json()["error"]["fields"]
    )
    assert client.post(BASE, "[1]", content_type="application/json").status_code == 422
    assert (
        client.post(BASE, {**report(), "place": 5}, content_type="application/json").status_code
        == 422
    )
    assert Complaint.objects.count() == 0


def test_a_phone_number_as_written_on_a_card_is_kept_and_a_wrong_one_is_named(
    client, catalogue, data_dir, clock
):
    wrong = client.post(BASE, report(contact_phone="12345"), content_type="application/json")
    assert wrong.status_code == 422
    assert "手机号码" in wrong.json()["error"]["fields"]["contact_phone"]
    kept = client.post(
        BASE, report(contact_phone="（0951）801 2345"), content_type="application/json"
    )
    assert kept.status_code == 201, kept.content
    assert Complaint.objects.get().contact_phone == "09518012345"


def test_a_flood_from_one_address_is_refused(client, catalogue, data_dir, clock, settings):
    settings.THROTTLE_ENABLED = True
    cache.clear()
    codes = [
        client.post(
            BASE, report(date=f"2026-11-{day:02d}"), content_type="application/json"
        ).status_code
        for day in range(1, 13)
    ]
    cache.clear()
    assert codes[:10] == [201] * 10 and codes[10:] == [429, 429]
    assert Complaint.objects.count() == 10


def test_staff_list_and_move_cases_and_a_wrong_move_is_409(
    staff, reported, civil_affairs_admin, police_officer, hrss_officer
):
    rows = staff(civil_affairs_admin, "get", BASE, state="received").json()
    assert rows["count"] == 1
    row = rows["items"][0]
    assert row["tracking_number"] == reported["tracking_number"] and row["state"] == "received"
    path = f"{BASE}/{row['id']}/transition"
    wrong = staff(civil_affairs_admin, "post", path, {"to": "closed", "note": ""})
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "transition_not_allowed"
    assert staff(police_officer, "post", path, {"to": "accepted"}).status_code == 403
    assert staff(hrss_officer, "post", path, {"to": "accepted"}).status_code == 404
    moved = staff(civil_affairs_admin, "post", path, {"to": "accepted", "note": ""})
    assert moved.status_code == 200 and moved.json()["state"] == "accepted"
    answered = staff(police_officer, "post", path, {"to": "answered", "note": "已纠正"})
    assert answered.json()["state"] == "answered"
    assert staff(civil_affairs_admin, "get", BASE, overdue="true").json()["count"] == 0
    assert staff(hrss_officer, "get", BASE).json()["count"] == 0
    assert staff(civil_affairs_admin, "get", BASE, state="nonsense").status_code == 422


def test_exposure_notices_are_public_and_carry_no_personal_data(
    client, reported, civil_affairs_admin, police_officer
):
    case = Complaint.objects.get()
    for actor, to, note in (
        (civil_affairs_admin, "accepted", ""),
        (police_officer, "answered", "已纠正"),
        (civil_affairs_admin, "verified", "举报人 ma@example.com 反映属实"),
    ):
        case = services.transition(actor=actor, complaint=case, to=to, note=note)
    services.publish_notice(actor=civil_affairs_admin, complaint=case, finding="")
    body = client.get("/api/v1/exposure-notices", {"level": "county", "county": "640121"}).json()
    assert body["count"] == 1 and body["items"][0]["unit"]["name"] == "永宁县公安局"
    assert "ma@example.com" not in str(body)
    assert client.get("/api/v1/exposure-notices", {"level": "city"}).json()["count"] == 0


def test_every_text_is_taken_as_long_as_the_document_says_and_not_one_character_more(
    client, catalogue, data_dir, clock
):
    """The document gave unit_name and item_name no maxLength while the service refused them
    past 200 and 100 characters. Each text one character over its maxLength is refused naming
    it; at its maxLength the report is taken (a code in `item` that long is named as unknown,
    not as too long)."""
    limits = max_lengths(f"POST {BASE}")
    assert {k: limits[k] for k in ("unit_name", "item", "item_name", "place", "description")} == {
        "unit_name": 200,
        "item": 100,
        "item_name": 100,
        "place": 200,
        "description": 2000,
    }
    pads = {"unit_name": "局", "item_name": "明", "place": "口", "description": "。"}
    body = report(unit="", item="")
    body.update(
        unit_name=at_length("永宁县某某公司", limits["unit_name"], pads["unit_name"]),
        item_name=at_length("单身证明", limits["item_name"], pads["item_name"]),
        place=at_length(body["place"], limits["place"], pads["place"]),
        description=at_length(body["description"], limits["description"], pads["description"]),
    )
    for name, pad in pads.items():
        answer = client.post(
            BASE, {**body, name: body[name] + pad}, content_type="application/json"
        )
        assert answer.status_code == 422, (name, answer.content)
        assert set(answer.json()["error"]["fields"]) == {name}, name
    code = {**body, "item": "GJ" * (limits["item"] // 2)}
    answer = client.post(
        BASE, {**code, "item": code["item"] + "1"}, content_type="application/json"
    )
    assert answer.status_code == 422 and "不能超过" in answer.json()["error"]["fields"]["item"]
    answer = client.post(BASE, code, content_type="application/json")
    assert answer.status_code == 422 and "不能超过" not in answer.json()["error"]["fields"]["item"]
    assert Complaint.objects.count() == 0
    made = client.post(BASE, body, content_type="application/json")
    assert made.status_code == 201, made.content
    case = Complaint.objects.get()
    assert (case.accused_text, case.item_name) == (body["unit_name"], body["item_name"])
