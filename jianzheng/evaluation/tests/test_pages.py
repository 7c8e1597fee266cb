import re

from jianzheng.evaluation.models import FollowUp, Rating


def _rate(client, certificate, grade="dissatisfied", secret=None, comment=""):
    return client.post(
        "/rate",
        {
            "case": certificate.serial,
            "secret": secret or certificate.check_code,
            "grade": grade,
            "comment": comment,
        },
    )


def test_the_verification_page_offers_the_rating_link(client, certificate):
    page = client.get(f"/v/{certificate.document.token}").content.decode()
    assert "评价本次服务" in page and f"/rate?case={certificate.serial}" in page
    form = client.get(f"/rate?case={certificate.serial}").content.decode()
    assert f'value="{certificate.serial}"' in form


def test_a_resident_rates_from_the_page_and_reads_the_answer_later(
    client, certificate, yanghe_clerk
):
    answer = _rate(client, certificate, comment="等了很久")
    assert answer.status_code == 302 and answer["Location"] == f"/rate/{certificate.serial}"
    page = client.get(answer["Location"]).content.decode()
    assert "不满意" in page and "2026年12月24日" in page and "待联系" in page
    # the verification page now points at the rating, not at a second one
    assert "已评价" in client.get(f"/v/{certificate.document.token}").content.decode()
    follow_up = FollowUp.objects.get()
    client.force_login(yanghe_clerk)
    done = client.post(
        f"/staff/evaluation/follow-ups/{follow_up.pk}/answer/",
        {"contact_note": "电话联系", "rectification": "增加窗口", "answer": "已增加一个窗口"},
    )
    assert done.status_code == 302
    client.logout()  # the resident's own browser: a fresh session asks for the code again
    asked = client.get(f"/rate/{certificate.serial}")
    assert "校验码" in asked.content.decode() and "已增加一个窗口" not in asked.content.decode()
    opened = client.post(f"/rate/{certificate.serial}", {"secret": certificate.check_code})
    assert opened.status_code == 302
    assert "已增加一个窗口" in client.get(opened["Location"]).content.decode()


def test_a_wrong_code_rates_nothing_and_is_not_echoed(client, certificate):
    answer = _rate(client, certificate, secret="WRONG-CODE1")
    assert answer.status_code == 404
    assert "WRONG-CODE1" not in answer.content.decode() and not Rating.objects.exists()


def test_a_second_rating_shows_the_first(client, certificate):
    _rate(client, certificate, grade="very_satisfied")
    again = _rate(client, certificate, grade="very_dissatisfied")
    assert again.status_code == 302
    assert Rating.objects.get().grade == "very_satisfied"


def test_only_the_served_community_answers_its_follow_up(
    client, certificate, lijun_clerk, police_officer
):
    _rate(client, certificate)
    follow_up = FollowUp.objects.get()
    client.force_login(lijun_clerk)
    assert client.get(f"/staff/evaluation/follow-ups/{follow_up.pk}/").status_code == 404
    client.force_login(police_officer)
    assert client.get(f"/staff/evaluation/follow-ups/{follow_up.pk}/").status_code == 404


def test_the_api_rates_once_and_answers_the_follow_up_deadline(client, certificate):
    body = {"case": certificate.serial, "secret": certificate.check_code, "grade": "dissatisfied"}
    made = client.post("/api/v1/ratings", body, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["follow_up"] == {"state": "open", "deadline": "2026-12-24"}
    again = client.post("/api/v1/ratings", body, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_rated"
    unknown = client.post(
        "/api/v1/ratings", {**body, "case": "NO-SUCH-CASE"}, content_type="application/json"
    )
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_case"


def test_the_complaint_tracking_page_offers_the_rating_once_handled(
    client, submit, civil_affairs_admin, calendar
):
    from jianzheng.complaints.services import transition

    made = submit()
    client.post(
        "/report/track",
        {"tracking_number": made.complaint.tracking_number, "secret": made.secret},
    )
    case_page = f"/report/track/{made.complaint.tracking_number}"
    assert "评价本次服务" not in client.get(case_page).content.decode()
    transition(
        actor=civil_affairs_admin,
        complaint=made.complaint,
        to="not_accepted",
        note="不属于受理范围",
    )
    assert re.search(r"评价本次服务", client.get(case_page).content.decode())


def test_the_bureau_defines_runs_and_publishes_from_the_back_office(
    client, certificate, civil_affairs_admin, police_officer
):
    client.force_login(police_officer)
    refused = client.get("/staff/evaluation/schemes/new/")
    assert refused.status_code == 403
    client.force_login(civil_affairs_admin)
    made = client.post(
        "/staff/evaluation/schemes/new/",
        {
            "period": "2026",
            "name": "2026年度综合考评",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "star_thresholds": "90,80,70,60",
            "deduction_per_notice": "2",
            "deduction_cap": "10",
            "with_defaults": "on",
        },
    )
    assert made.status_code == 302
    scheme_url = made["Location"]
    meeting = client.post(
        f"{scheme_url}indicators/",
        {
            "code": "ledgers",
            "name": "台账资料完整率",
            "kind": "service_result",
            "source": "same_day_issue",
            "formula": "share",
            "weight": "10",
            "applies_to": "both",
        },
    )
    assert meeting.status_code == 422
    assert "会议、报表、台账资料不得作为考核内容" in meeting.content.decode()
    assert client.post(f"{scheme_url}run/").status_code == 302
    assert client.post(f"{scheme_url}publish/").status_code == 302
    page = client.get(scheme_url).content.decode()
    assert "已公布" in page and "杨和第一社区" in page and "乡镇（街道）排名" in page
