import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jianzheng.complaints import services
from jianzheng.complaints.models import Complaint
from jianzheng.core.tests.test_uploads import jpeg_with_gps

FORM = {
    "unit_name": "永宁县公安局",
    "item_name": "健在证明",
    "date": "2026-12-01",
    "place": "永宁县公安局户籍窗口",
    "description": "办理户口迁移时，窗口要求到社区开具健在证明。",
    "contact_phone": "13909511234",
}


@pytest.fixture
def reported(client, catalogue, data_dir, clock):
    photo = SimpleUploadedFile("现场.jpg", jpeg_with_gps(), "image/jpeg")
    answer = client.post("/report", {**FORM, "files": [photo]})
    assert answer.status_code == 200, answer.content.decode()[:2000]
    return answer


def test_the_cancelled_items_page_leads_to_the_form_which_names_its_status(client, catalogue):
    item_page = client.get("/items/GJ1-10").content.decode()
    assert "有单位还在要这个证明？举报" in item_page
    form = client.get("/report", {"item": "GJ1-10"}).content.decode()
    assert "健在证明" in form and "社区不再出具" in form and 'value="健在证明"' in form
    assert "0951-8032053" in form


def test_a_report_shows_the_secret_once_and_never_again(client, reported):
    case = Complaint.objects.get()
    page = reported.content.decode()
    assert case.tracking_number in page and reported["Cache-Control"] == "no-store"
    secret = page.split('id="secret">')[1].split("<")[0]
    assert services.follow(case.tracking_number, secret) == case
    followed = client.get(f"/report/track/{case.tracking_number}")
    assert followed.status_code == 200 and secret not in followed.content.decode()
    assert "已收到举报" in followed.content.decode()
    assert case.evidence.count() == 1


def test_following_needs_the_secret_by_post_and_a_wrong_one_is_not_echoed(client, reported):
    case = Complaint.objects.get()
    other = client.__class__()
    assert other.get(f"/report/track/{case.tracking_number}").status_code == 302
    wrong = other.post(
        "/report/track", {"tracking_number": case.tracking_number, "secret": "ZZZZ-YYYY-XXXX-WWWW"}
    )
    assert wrong.status_code == 422 and "ZZZZ-YYYY" not in wrong.content.decode()
    assert "举报编号或查询码不正确" in wrong.content.decode()


def test_a_bad_report_is_shown_again_with_each_field_named(client, catalogue, data_dir, clock):
    exe = SimpleUploadedFile("a.jpg", b"MZ" + b"\x00" * 50, "image/jpeg")
    answer = client.post("/report", {**FORM, "unit_name": "x", "files": [exe]})
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "只能上传" in text and "单位名称" in text
    assert Complaint.objects.count() == 0


def test_the_reporter_adds_information_from_the_tracking_page(client, reported):
    case = Complaint.objects.get()
    answer = client.post(f"/report/track/{case.tracking_number}", {"text": "补充：窗口工号1024。"})
    assert answer.status_code == 302
    assert case.events.filter(kind="message").count() == 1


def test_staff_take_a_case_to_a_notice_in_the_back_office(
    client, reported, civil_affairs_admin, police_officer
):
    case = Complaint.objects.get()
    client.force_login(civil_affairs_admin)
    listing = client.get("/staff/complaints/").content.decode()
    assert case.tracking_number in listing
    detail = client.get(f"/staff/complaints/{case.pk}/").content.decode()
    assert "13909511234" in detail  # the handler sees the contact
    wrong = client.post(
        f"/staff/complaints/{case.pk}/transition", {"to": "not_accepted", "note": ""}
    )
    assert wrong.status_code == 422 and "不予受理的理由" in wrong.content.decode()
    assert (
        client.post(f"/staff/complaints/{case.pk}/transition", {"to": "accepted"}).status_code
        == 302
    )
    client.force_login(police_officer)
    detail = client.get(f"/staff/complaints/{case.pk}/").content.decode()
    assert "13909511234" not in detail and "139****1234" in detail
    client.post(f"/staff/complaints/{case.pk}/transition", {"to": "answered", "note": "已纠正"})
    client.force_login(civil_affairs_admin)
    client.post(
        f"/staff/complaints/{case.pk}/transition",
        {"to": "verified", "note": "属实，电话13909511234"},
    )
    published = client.post(
        f"/staff/complaints/{case.pk}/publish",
        {"finding": "属实，电话13909511234", "rectification": "已整改"},
    )
    assert published.status_code == 302
    public = client.get("/exposure/", {"level": "county", "county": "640121"}).content.decode()
    assert "永宁县减证通报〔2026〕1号" in public and "永宁县公安局" in public
    feed = client.get("/exposure/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    rows = list(
        csv.reader(io.StringIO(client.get("/exposure/notices.csv").content.decode("utf-8-sig")))
    )
    data = client.get("/exposure/notices.json").json()
    requests = client.get("/open311/v2/requests.json").json()
    for text in (
        feed.content.decode(),
        str(rows),
        json.dumps(data, ensure_ascii=False),
        json.dumps(requests, ensure_ascii=False),
        public,
    ):
        assert "13909511234" not in text and "户籍窗口" not in text and "户口迁移" not in text
    assert rows[1][4] == "永宁县公安局" and data["notices"][0]["item_name"] == "健在证明"
    assert requests[0]["service_request_id"] == case.tracking_number
    services_doc = client.get("/open311/v2/services.json").json()
    assert services_doc[0]["service_code"] == "unreasonable-proof"


def test_evidence_is_served_only_to_those_who_see_the_case(
    client, reported, civil_affairs_admin, hrss_officer
):
    case = Complaint.objects.get()
    evidence = case.evidence.get()
    path = f"/staff/complaints/{case.pk}/evidence/{evidence.pk}"
    assert client.get(path).status_code == 302  # to the login
    client.force_login(hrss_officer)
    assert client.get(path).status_code == 404
    client.force_login(civil_affairs_admin)
    answer = client.get(path)
    assert answer.status_code == 200 and answer["X-Content-Type-Options"] == "nosniff"
    assert b"PhoneMaker" not in b"".join(answer.streaming_content)


def test_the_refusal_ranking_opens_a_case_in_one_action(
    client, catalogue, clock, yanghe_clerk, yanghe, civil_affairs_admin
):
    import datetime as dt

    from jianzheng.certificates.demands import refuse_at_desk

    refuse_at_desk(
        actor=yanghe_clerk,
        community=yanghe,
        item="健在证明",
        requester="永宁县公安局",
        requested_on=dt.date(2026, 12, 2),
    )
    client.force_login(civil_affairs_admin)
    page = client.get("/staff/complaints/refusals/", {"month": "2026-12"}).content.decode()
    assert "永宁县公安局" in page and "立案" in page
    opened = client.post(
        "/staff/complaints/refusals/",
        {"county": "640121", "month": "2026-12", "unit": "640121-GAJ", "item_name": "健在证明"},
    )
    assert opened.status_code == 302
    case = Complaint.objects.get()
    assert case.source == "refusals" and case.evidence.filter(demand__isnull=False).count() == 1


def test_the_hotlines_page_lists_the_three_levels(client, db):
    text = client.get("/report/hotlines").content.decode()
    for phone in ("0951-5915538", "0951-6888759", "0951-8032053", "nxmzjczqc@163.com"):
        assert phone in text
