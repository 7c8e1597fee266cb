"""Issue 7 (3, 4): verification shows what the paper must say, a photocopy verifies by serial and
check code, and revocation shows everywhere: on the public page, in the API, on the PDF."""

import shutil
import subprocess

import pytest
from django.core.cache import cache

from jianzheng.accounts.services import create_api_token
from jianzheng.certificates.services import revoke_certificate
from jianzheng.certificates.tests.conftest import RESIDENCE_FACTS
from jianzheng.core import throttle
from jianzheng.documents.models import SignedDocument, VerificationLog

# Issues certificates, so draws PDFs: skipped where no Chinese font is installed.
pytestmark = pytest.mark.pdf

ADDRESS = RESIDENCE_FACTS["address"]  # 永宁县杨和镇示例路8号
IN_FULL = ("马小花", "640121199003071232")
HOLDER = {k: RESIDENCE_FACTS[k] for k in ("holder_name", "holder_id_number")}


def text_of(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("install Debian's poppler-utils to read PDF text")
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=bytes(pdf), capture_output=True, check=True, timeout=30
    )
    return result.stdout.decode()


def bearer(user) -> dict:
    return {"authorization": f"Bearer {create_api_token(actor=None, user=user)[1]}"}


def post_verify(client, body, **headers):
    return client.post("/api/v1/verify", body, content_type="application/json", headers=headers)


def revoke(certificate, clerk, category="wrong_information", reason="居住地址填错，已重新出具"):
    return revoke_certificate(
        actor=clerk, certificate=certificate, category=category, reason=reason
    )


# ------------------------------------------------------------------ the facts the paper must say


def test_the_public_page_shows_every_certified_fact_with_the_holder_masked(client, issue):
    certificate = issue()

    page = client.get(f"/v/{certificate.document.token}").content.decode()

    for label, value in [
        ("证明事项", certificate.item_name),
        ("姓名", "马*花"),
        ("公民身份号码", "****************32"),
        ("性别", "男"),
        ("现居住地址", ADDRESS),
        ("起始居住日期", "2019年5月1日"),  # as the paper prints it
        ("居住性质", "租住"),
        ("用途", "办理居住证"),
        ("索要单位", "永宁县公安局杨和派出所"),
        ("核实方式", "入户核实"),
    ]:
        assert f"<th>{label}</th><td>{value}</td>" in page, label
    assert [v for v in IN_FULL if v in page] == []
    # The issuing community is the issuing unit: one row, not two.
    assert page.count(certificate.community.name) == 1
    assert "出具社区" not in page and "<th>出具单位</th>" in page


def test_the_api_answer_carries_the_same_facts_under_facts(client, issue):
    certificate = issue()

    page = client.get(f"/v/{certificate.document.token}").content.decode()
    answer = post_verify(client, {"token": certificate.document.token}).json()

    facts = {row["label"]: row["value"] for row in answer["facts"]}
    assert facts["现居住地址"] == ADDRESS and facts["起始居住日期"] == "2019年5月1日"
    assert (facts["姓名"], facts["公民身份号码"]) == ("马*花", "****************32")
    assert all(f"<th>{k}</th><td>{v}</td>" in page for k, v in facts.items())
    assert [v for v in IN_FULL if v in str(answer)] == []


def test_a_handover_certificate_shows_the_wording_it_was_issued_under(client, issue):
    certificate = issue(
        item="GJ1-10",
        facts={**HOLDER, "fact": "本人健在"},
        handover={
            "reason": "entity_demand",
            "requester": "永宁县农村商业银行",
            "within_duties": True,
            "verifiable": True,
        },
    )

    answer = post_verify(client, {"token": certificate.document.token}).json()

    facts = {row["label"]: row["value"] for row in answer["facts"]}
    assert "四（三）做好工作衔接”据实出具" in facts["出具依据"]
    assert "据实出具" in text_of(certificate.pdf.content).replace("\n", "")


def test_an_altered_printout_is_caught_by_comparing_it_with_the_page(client, issue):
    certificate = issue()
    paper = text_of(certificate.pdf.content).replace("\n", "").replace(" ", "")
    assert ADDRESS in paper  # the address the clerk checked is on the paper …
    altered = paper.replace(ADDRESS, "永宁县杨和镇示例路18号")

    page = client.get(f"/v/{certificate.document.token}").content.decode()

    # … and on the page, where the altered printout's address is not.
    assert ADDRESS in page and "示例路18号" in altered and "示例路18号" not in page


# ------------------------------------------------------------------ serial and check code


def test_the_check_code_is_printed_beside_the_serial_and_given_to_the_issuing_clerk_once(
    client, catalogue, keys, yanghe, yanghe_clerk, yanghe_officer
):
    body = {
        "item": "YN-B03",
        "community": yanghe.code,
        "facts": RESIDENCE_FACTS,
        "checks": [{"method": "home_visit", "note": "入户"}],
        "purpose": "办理居住证",
        "requester": "永宁县公安局杨和派出所",
    }
    issued = client.post(
        "/api/v1/certificates", body, content_type="application/json", headers=bearer(yanghe_clerk)
    ).json()
    serial, code = issued["serial"], issued["check_code"]
    document = SignedDocument.objects.get(serial=serial)

    officer = client.get(f"/api/v1/certificates/{serial}", headers=bearer(yanghe_officer)).json()
    later = client.get(f"/api/v1/certificates/{serial}", headers=bearer(yanghe_clerk)).json()

    assert len(code) == 11 and code[5] == "-" and not set(code) & set("01OI")
    assert officer["check_code"] is None and later["check_code"] is None
    paper = text_of(document_pdf(serial))
    assert serial in paper and f"校验码 {code}" in paper
    # Kept only as a salted slow hash: a copy of the registry holds no code.
    assert document.check_code_hash.startswith("pbkdf2_sha256$")
    assert code.replace("-", "") not in document.check_code_hash


def document_pdf(serial: str) -> bytes:
    from jianzheng.certificates.models import Certificate

    return Certificate.objects.get(serial=serial).pdf.content


def test_the_issuing_page_tells_the_clerk_the_check_code(client, catalogue, keys, yanghe_clerk):
    client.force_login(yanghe_clerk)
    form = {f"fact_{name}": value for name, value in RESIDENCE_FACTS.items()}
    form.update(purpose="办理居住证", requester="派出所", checks=["home_visit"], action="issue")

    response = client.post("/staff/certificates/issue/YN-B03/", form, follow=True)

    page = response.content.decode()
    code = text_of(document_pdf(response.context["certificate"].serial)).split("校验码 ")[1][:11]
    assert f"校验码 {code}" in page


def test_a_photocopy_verifies_by_serial_and_check_code_on_the_page_and_in_the_api(client, issue):
    certificate = issue()
    typed = certificate.check_code.lower().replace("-", " ")  # as a person types it

    page = client.post(
        "/verify/", {"serial": certificate.serial, "check_code": typed, "purpose": "银行开户"}
    ).content.decode()
    answer = post_verify(
        client, {"serial": certificate.serial, "check_code": certificate.check_code}
    ).json()

    assert "有效" in page and f"<th>现居住地址</th><td>{ADDRESS}</td>" in page
    assert (answer["status"], answer["serial"]) == ("valid", certificate.serial)
    assert {"label": "现居住地址", "value": ADDRESS} in answer["facts"]
    logs = VerificationLog.objects.order_by("id")
    assert [(v.document_id, v.result, v.channel) for v in logs] == [
        (certificate.document_id, "valid", "serial"),
        (certificate.document_id, "valid", "serial_api"),
    ]
    assert logs[0].purpose == "银行开户"


def test_a_wrong_check_code_and_an_unknown_serial_are_invalid_alike_and_logged(client, issue):
    certificate = issue()
    wrong = "22222-22222" if certificate.check_code != "22222-22222" else "33333-33333"

    answers = [
        post_verify(client, {"serial": certificate.serial, "check_code": wrong}).json(),
        post_verify(client, {"serial": "640121100001-2026-999999", "check_code": wrong}).json(),
    ]
    page = client.post("/verify/", {"serial": certificate.serial, "check_code": wrong})

    for answer in answers:
        assert (answer["status"], answer["reason"]) == ("invalid", "wrong_check_code")
        assert answer["serial"] is None and answer["facts"] == []
    html = page.content.decode()
    assert page.status_code == 200 and "无效" in html and "编号或校验码不正确" in html
    assert ADDRESS not in html and "马*花" not in html
    logs = VerificationLog.objects.order_by("id")
    assert [(v.document_id, v.result, v.reason) for v in logs] == [
        (certificate.document_id, "invalid", "wrong_check_code"),  # its issuer sees the guessing
        (None, "invalid", "wrong_check_code"),
        (certificate.document_id, "invalid", "wrong_check_code"),
    ]


def test_the_api_names_what_is_missing_from_a_serial_request(client, issue):
    certificate = issue()

    answer = post_verify(client, {"serial": certificate.serial})

    assert answer.status_code == 422
    assert list(answer.json()["error"]["fields"]) == ["check_code"]
    assert not VerificationLog.objects.exists()


def test_the_serial_form_is_public_in_chinese_and_needs_no_script(client, db):
    page = client.get("/verify/").content.decode()

    assert "凭证明编号和校验码核验" in page and 'method="post"' in page
    assert 'name="serial"' in page and 'name="check_code"' in page and "<script" not in page


@pytest.fixture
def budgets(settings, monkeypatch):
    settings.THROTTLE_ENABLED = True
    monkeypatch.setattr(throttle, "_BUDGETS", dict(throttle._BUDGETS))
    monkeypatch.setattr(throttle, "clock", lambda: 1_700_000_040.0)
    cache.clear()
    yield
    cache.clear()


def test_guessing_check_codes_is_throttled_on_the_page_and_the_api(client, issue, budgets):
    certificate = issue()
    throttle.register_budget("verify-serial", prefix="/verify/", limit=3, period=60)
    throttle.register_budget(
        "verify-api", method="POST", prefix="/api/v1/verify", limit=3, period=60
    )
    guess = {"serial": certificate.serial, "check_code": "ABCDE-FGHJK"}

    pages = [client.post("/verify/", guess).status_code for _ in range(4)]
    answers = [post_verify(client, guess).status_code for _ in range(4)]

    assert pages == [200, 200, 200, 429] and answers == [200, 200, 200, 429]
    assert VerificationLog.objects.filter(reason="wrong_check_code").count() == 6


def test_the_serial_page_has_a_budget_of_its_own(db):
    budget = throttle.budget_for("POST", "/verify/")
    assert budget is not None and budget.name == "verify-serial" and budget.limit <= 60


# ------------------------------------------------------------------ revocation everywhere


def test_revoking_without_a_category_is_refused_naming_category(client, issue, yanghe_clerk):
    certificate = issue()
    path = f"/api/v1/certificates/{certificate.serial}/revoke"

    response = client.post(
        path, {"reason": "地址填错"}, content_type="application/json", headers=bearer(yanghe_clerk)
    )

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["category"]
    assert "信息有误" in response.json()["error"]["fields"]["category"]
    assert SignedDocument.objects.get().revoked_at is None


def test_the_clerk_picks_the_category_from_a_list_on_the_detail_page(client, issue, yanghe_clerk):
    certificate = issue()
    client.force_login(yanghe_clerk)
    path = f"/staff/certificates/{certificate.serial}/"

    form = client.get(path).content.decode()
    refused = client.post(f"{path}revoke", {"reason": "地址填错", "confirm": "on"})
    done = client.post(
        f"{path}revoke", {"category": "duplicate", "reason": "地址填错", "confirm": "on"}
    )

    assert '<select name="category"' in form and '<option value="holder_request">当事人申请' in form
    assert refused.status_code == 422 and "category" in refused.context["revoke_form"].errors
    assert done.status_code == 302
    assert SignedDocument.objects.get().revoke_category == "duplicate"
    detail = client.get(path).content.decode()
    assert "重复出具" in detail and "地址填错" in detail  # staff see both


def test_the_public_page_and_the_api_show_the_category_never_the_reason(
    client, issue, yanghe_clerk
):
    certificate = issue()
    revoke(certificate, yanghe_clerk, reason="马小花本人来电说地址错了")

    page = client.get(f"/v/{certificate.document.token}").content.decode()
    answer = post_verify(client, {"token": certificate.document.token}).json()
    by_code = post_verify(
        client, {"serial": certificate.serial, "check_code": certificate.check_code}
    ).json()

    assert "已撤销" in page and "<th>撤销类别</th><td>信息有误</td>" in page
    assert "来电" not in page
    for body in (answer, by_code):
        assert body["status"] == "revoked"
        assert (body["revoke_category"], body["revoke_category_label"]) == (
            "wrong_information",
            "信息有误",
        )
        assert "来电" not in str(body)


def test_a_revoked_certificates_pdf_downloads_stamped_and_the_original_stays(
    client, issue, yanghe_clerk
):
    certificate = issue()
    stored = bytes(certificate.pdf.content)
    revoke(certificate, yanghe_clerk)
    client.force_login(yanghe_clerk)
    url = f"/staff/certificates/{certificate.serial}/pdf"

    stamped = client.get(url)
    original = client.get(url, {"original": "1"})
    api = client.get(f"/api/v1/certificates/{certificate.serial}/pdf", headers=bearer(yanghe_clerk))

    assert stamped.status_code == 200 and stamped.content != stored
    # The big diagonal stamp comes out of pdftotext one rotated glyph at a time: 已撤销 and a
    # date (one 年 more than the paper's own dates).
    glyphs, paper = text_of(stamped.content), text_of(stored)
    assert all(ch in glyphs for ch in "已撤销")
    assert glyphs.count("年") == paper.count("年") + 1
    assert text_of(api.content).count("撤") == text_of(stamped.content).count("撤")
    assert "撤" not in text_of(stored)
    assert original.content == stored
    certificate.pdf.refresh_from_db()
    assert bytes(certificate.pdf.content) == stored  # the registry keeps the bytes as issued


def test_a_valid_certificates_pdf_is_the_stored_original(client, issue, yanghe_clerk):
    certificate = issue()
    client.force_login(yanghe_clerk)

    response = client.get(f"/staff/certificates/{certificate.serial}/pdf")

    assert response.content == bytes(certificate.pdf.content)


def test_a_verification_reads_the_registry_and_the_papers_row_in_one_query(
    issue, django_assert_num_queries
):
    """No paper in memory (VERIFY_CACHE_SECONDS is 0 in tests), the county's public key read
    once before: the registry row, its issuer, the certificate's row and its community come in
    one query (docs/performance.md)."""
    from jianzheng.documents import kinds
    from jianzheng.documents.services import verify_token

    certificate = issue()
    token = SignedDocument.objects.get(pk=certificate.document_id).token
    verify_token(token, log=False)  # reads the key
    with django_assert_num_queries(1):
        result = verify_token(token, log=False)
        rows = kinds.describe(result.document)
    assert result.status == "valid"
    assert ("证明事项", certificate.item_name) in rows and ("现居住地址", ADDRESS) in rows


def test_the_papers_row_kept_in_memory_for_a_second_stays_sealed(issue, settings):
    """The registry's one-second memory keeps the certificate's row read with it; its facts
    and ID number are opened for the request that shows them, never in the kept row."""
    from jianzheng.core.pii import Sealed
    from jianzheng.documents import kinds, services

    settings.VERIFY_CACHE_SECONDS = 5
    certificate = issue()
    token = SignedDocument.objects.get(pk=certificate.document_id).token
    result = services.verify_token(token, log=False)
    assert ("现居住地址", ADDRESS) in kinds.describe(result.document)
    kept = services._REGISTRY[certificate.serial][1].certificate
    assert isinstance(kept.__dict__["facts"], Sealed)
    assert isinstance(kept.__dict__["holder_id_number"], Sealed)
    services._REGISTRY.clear()
    kinds._ROWS.clear()
