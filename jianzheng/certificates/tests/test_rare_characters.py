"""A signed certificate never loses a character: rare names print whole, names hold only what
names hold, and a paper that cannot be drawn is refused with nothing written."""

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from jianzheng.accounts.services import create_api_token
from jianzheng.certificates.models import Certificate, SerialCounter
from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS
from jianzheng.core.models import AuditEntry
from jianzheng.documents.models import SignedDocument

pytestmark = pytest.mark.pdf

URL = "/api/v1/certificates"
STAFF_ISSUE = "/staff/certificates/issue/YN-B03/"


def _text_of(pdf: bytes) -> str:
    assert shutil.which("pdftotext"), "install Debian's poppler-utils (.ci/run does)"
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=30
    )
    return result.stdout.decode()


@pytest.fixture
def post(client, yanghe_clerk, yanghe):
    """POST /api/v1/certificates as 杨和's clerk with facts overridden."""
    token = create_api_token(actor=None, user=yanghe_clerk)[1]

    def _post(**facts):
        body = {
            "item": "YN-B03",
            "community": yanghe.code,
            "facts": {**RESIDENCE_FACTS, **facts},
            "checks": CHECKS,
            "purpose": "办理居住证",
            "requester": "永宁县公安局杨和派出所",
        }
        return client.post(
            URL, body, content_type="application/json", headers={"authorization": f"Bearer {token}"}
        )

    return _post


def _nothing_written() -> bool:
    return not (
        Certificate.objects.exists()
        or SignedDocument.objects.exists()
        or SerialCounter.objects.filter(last__gt=0).exists()
        or AuditEntry.objects.filter(action="certificate.issued").exists()
    )


@pytest.mark.parametrize("name", ["王䶮", "李𠈌", "张㛃", "刘𬱖"])
def test_a_name_with_a_rare_character_is_printed_whole_on_the_signed_paper(
    post, catalogue, keys, name
):
    response = post(holder_name=name)
    assert response.status_code == 201, response.content
    certificate = Certificate.objects.get()
    assert certificate.holder_name == name
    assert f"兹证明{name}，" in _text_of(certificate.pdf.content).replace("\n", "")


def test_a_foreign_name_and_a_minority_name_are_accepted_with_the_id_card_middle_dot(
    post, catalogue, keys
):
    assert post(holder_name="阿依古丽•买买提").status_code == 201
    assert post(holder_name="John O'Neil-Smith").status_code == 201
    names = set(Certificate.objects.values_list("holder_name", flat=True))
    assert names == {"阿依古丽·买买提", "John O'Neil-Smith"}


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("🙂🙂", "不能含有表情符号：“🙂”（U+1F642）"),
        ("王🙂", "不能含有表情符号：“🙂”（U+1F642）"),
        ("张3", "只能由汉字、间隔号“·”或拉丁字母组成，不能含有“3”（U+0033）"),
        ("王\ue000", "私用区字符"),
    ],
)
def test_a_name_that_is_not_a_name_is_refused_naming_the_field(post, catalogue, keys, name, said):
    response = post(holder_name=name)
    assert response.status_code == 422
    message = response.json()["error"]["fields"]["facts.holder_name"]
    assert message.startswith("姓名") and said in message
    assert _nothing_written()


def test_an_emoji_in_an_address_is_refused_naming_the_field(post, catalogue, keys):
    response = post(address="永宁县杨和镇示例路8号🏠")
    assert response.status_code == 422
    assert "🏠" in response.json()["error"]["fields"]["facts.address"]
    assert _nothing_written()


def test_a_character_no_shipped_font_has_is_refused_naming_field_and_character(
    post, catalogue, keys
):
    # U+30000 is a real Han character (Extension G) that no shipped face draws.
    response = post(holder_name="王\U00030000")
    assert response.status_code == 422
    error = response.json()["error"]
    message = error["fields"]["facts.holder_name"]
    assert "姓名" in message and "U+30000" in message and "缺字" in message
    assert _nothing_written()


@pytest.fixture
def drawing_fails(monkeypatch):
    """The PDF library fails (a full disk, a bug in ReportLab): the outside world, faked."""

    def broken(self):
        raise OSError("No space left on device")

    monkeypatch.setattr(Canvas, "save", broken)


def test_when_the_paper_cannot_be_drawn_the_api_answers_503_and_writes_nothing(
    post, catalogue, keys, drawing_fails
):
    response = post()
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "pdf_unavailable" and "未出具" in error["message"]
    assert _nothing_written()


def test_when_the_paper_cannot_be_drawn_the_clerk_reads_why_in_chinese(
    client, yanghe_clerk, catalogue, keys, drawing_fails
):
    from jianzheng.certificates.tests.test_staff_views import RESIDENCE_FORM

    client.force_login(yanghe_clerk)
    response = client.post(STAFF_ISSUE, {**RESIDENCE_FORM, "action": "issue"})
    assert response.status_code == 503
    assert "证明文件暂时无法生成" in response.content.decode()
    assert _nothing_written()


def test_every_character_of_the_demo_and_reference_data_reads_in_the_serif_face():
    from pathlib import Path

    from jianzheng.core import fonts

    root = Path(__file__).resolve().parents[2]
    sources = [*root.glob("*/reference.py"), root / "accounts" / "demo.py"]
    text = "".join(path.read_text("utf-8") for path in sources)
    outside = sorted(
        {ch for ch in text if ord(ch) > 0x7F and fonts.face_for(ch) != fonts.FONT_NAME}
    )
    assert outside == []


def test_a_template_on_the_half_sheet_issues_an_a5_certificate(post, catalogue, keys):
    import re

    from jianzheng.catalogue.models import CertificateItem
    from jianzheng.catalogue.selectors import get_item
    from jianzheng.catalogue.template_spec import validate_template
    from jianzheng.core.errors import RuleViolation

    item = get_item("YN-B03")
    with pytest.raises(RuleViolation) as caught:
        validate_template({**item.template, "paper": "B5"})
    assert "template.paper" in caught.value.fields
    half = validate_template({**item.template, "paper": "A5"})
    CertificateItem.objects.filter(pk=item.pk).update(template=half)
    assert post().status_code == 201
    pdf = Certificate.objects.get().pdf.content
    width, height = map(float, re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups())
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (148, 210)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_a_sample_that_cannot_be_drawn_says_so_in_chinese(client, catalogue, drawing_fails):
    from jianzheng.certificates import pdf

    pdf._samples.clear()
    response = client.get("/items/YN-B03/sample.pdf")
    assert response.status_code == 503
    assert "证明文件暂时无法生成" in response.content.decode()
