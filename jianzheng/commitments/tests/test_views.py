"""The portal's and the back office's commitment pages."""

import pytest

from jianzheng.commitments.models import Commitment, CreditRecord, PostCheck

from .conftest import APPLICANT
from .test_postchecks import _drawn, untrue

FORM = {
    "applicant_name": APPLICANT["applicant_name"],
    "applicant_id_number": APPLICANT["applicant_id_number"],
    "applicant_phone": APPLICANT["applicant_phone"],
    "department": "640121-SPJ",
    "case_number": "SPJ-WEB-1",
    "clause_1": "on",
    "clause_2": "on",
    "clause_3": "on",
    "clause_4": "on",
}


def test_the_item_page_publishes_the_notice_clauses_and_sample(items, client):
    page = client.get("/items/GJ1-19").content.decode()
    assert "可以告知承诺" in page and "不实承诺的法律责任" in page
    assert "本人所提供的信息真实、准确、客观。" in page
    sample = client.get("/commitments/GJ1-19/sample.pdf")
    assert sample.status_code == 200 and sample.content.startswith(b"%PDF")
    assert client.get("/commitments/GJ1-01/sample.pdf").status_code == 404


def test_the_public_page_shows_the_notice_before_any_field(items, client):
    page = client.get("/commitments/GJ1-19/").content.decode()
    assert page.index("不实承诺的法律责任") < page.index('name="applicant_name"')
    assert page.count('type="checkbox"') == 4
    listing = client.get("/commitments/").content.decode()
    assert "/commitments/GJ1-19/" in listing


def test_an_applicant_commits_online_and_downloads_the_paper(items, client):
    answer = client.post("/commitments/GJ1-19/", FORM)
    assert answer.status_code == 201
    page = answer.content.decode()
    commitment = Commitment.objects.get()
    assert commitment.serial in page
    link = page.split('id="paper-link" href="')[1].split('"')[0]
    paper = client.get(link)
    assert paper.status_code == 200 and paper.content.startswith(b"%PDF")
    verified = client.get(f"/v/{commitment.document.token}").content.decode()
    assert "告知承诺书" in verified and "马*花" in verified
    assert APPLICANT["applicant_id_number"] not in verified


def test_a_missing_clause_re_shows_the_form_and_saves_nothing(items, client):
    form = {k: v for k, v in FORM.items() if k != "clause_3"}
    answer = client.post("/commitments/GJ1-19/", form)
    assert answer.status_code == 422
    assert "第3条" in answer.content.decode()
    assert not Commitment.objects.exists()


def test_a_blocked_applicant_is_told_the_end_date(items, client, commit, civil_affairs_admin):
    untrue(_drawn(commit).post_check, civil_affairs_admin, answer="无")
    answer = client.post("/commitments/GJ1-19/", FORM)
    assert answer.status_code == 409
    end = CreditRecord.objects.get().end_date
    page = answer.content.decode()
    assert end.isoformat() in page and "提交证明材料" in page


def test_the_counter_form_records_the_officer(items, client, spj_officer):
    client.force_login(spj_officer)
    assert "市场主体住所证明" in client.get("/staff/commitments/new/").content.decode()
    form = {k: v for k, v in FORM.items() if k != "department"}
    answer = client.post("/staff/commitments/new/", {**form, "item": "GJ1-19"})
    assert answer.status_code == 422 and "本人" in answer.content.decode()
    answer = client.post(
        "/staff/commitments/new/", {**form, "item": "GJ1-19", "applicant_confirmed": "on"}
    )
    commitment = Commitment.objects.get()
    assert answer.status_code == 302 and commitment.recorded_by == spj_officer
    detail = client.get(f"/staff/commitments/{commitment.serial}/").content.decode()
    assert APPLICANT["applicant_id_number"] in detail  # the deciding department sees it
    assert client.get(f"/staff/commitments/{commitment.serial}/paper.pdf").status_code == 200
    client.post(f"/staff/commitments/{commitment.serial}/withdraw/", {"reason": "改交合同"})
    commitment.refresh_from_db()
    assert commitment.state == Commitment.State.WITHDRAWN


@pytest.mark.parametrize(
    "path", ["/staff/commitments/", "/staff/commitments/checks/", "/staff/commitments/new/"]
)
def test_a_clerk_is_refused_and_anonymous_is_sent_to_log_in(items, client, yanghe_clerk, path):
    assert client.get(path).status_code == 302
    client.force_login(yanghe_clerk)
    assert client.get(path).status_code == 403


def test_another_departments_commitment_is_not_found(commit, client, police_officer):
    commitment = commit()
    client.force_login(police_officer)
    assert client.get(f"/staff/commitments/{commitment.serial}/").status_code == 404


def test_an_officer_works_a_check_through_to_a_credit_record(
    commit, client, civil_affairs_admin, credit_officer
):
    check = _drawn(commit).post_check
    client.force_login(civil_affairs_admin)
    queue = client.get("/staff/commitments/checks/?state=due").content.decode()
    assert check.number in queue
    base = f"/staff/commitments/checks/{check.pk}"
    bad = client.post(f"{base}/result/", {"fulfilled": "no", "basis": "b", "how": "h"})
    assert bad.status_code == 422 and "请填写核查发现" in bad.content.decode()
    client.post(
        f"{base}/result/",
        {
            "fulfilled": "no",
            "basis": "《婚姻登记条例》",
            "how": "信息核对",
            "findings": "已婚",
            "evidence": "截图",
        },
    )
    client.post(f"{base}/notify/", {"notice_method": "电话告知"})
    client.post(
        f"{base}/confirm/",
        {
            "upheld": "yes",
            "answer": "无异议",
            "severity": "serious",
            "measure_basis": "42号",
            "months": "12",
        },
    )
    check.refresh_from_db()
    assert check.state == PostCheck.State.CONFIRMED
    export = client.get("/staff/commitments/checks/export.csv").content.decode()
    assert check.number in export
    record = CreditRecord.objects.get()
    client.force_login(credit_officer)
    assert record.number in client.get("/staff/commitments/credit/").content.decode()
    client.post(f"/staff/commitments/credit/{record.pk}/publish/")
    client.logout()
    cases = client.get("/commitments/cases/").content.decode()
    assert record.number in cases and record.subject_id_masked not in cases
    client.force_login(credit_officer)
    corrected = client.post(
        f"/staff/commitments/credit/{record.pk}/correct/",
        {"reason": "期限有误", "end_date": "2027-12-31"},
    )
    assert corrected.status_code == 302
    new = CreditRecord.objects.get(corrects=record)
    page = client.get(f"/staff/commitments/credit/{new.pk}/").content.decode()
    assert record.number in page  # the correction history
    bad = client.post(f"/staff/commitments/credit/{new.pk}/repair/", {"basis": ""})
    assert bad.status_code == 422
    exported = client.get("/staff/commitments/credit/export?format=json").json()
    assert len(exported["records"]) == 2
