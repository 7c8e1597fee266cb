import shutil
import subprocess

import pytest

# Issues certificates, so draws PDFs: skipped where no Chinese font is installed.
pytestmark = pytest.mark.pdf


def _text_of(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("install Debian's poppler-utils to read PDF text")
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=30
    )
    return result.stdout.decode()


def test_a_resident_downloads_a_blank_sample_marked_as_a_sample(client, catalogue):
    response = client.get("/items/YN-B03/sample.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF")
    text = _text_of(response.content)
    # The diagonal watermark comes out of pdftotext one rotated glyph at a time.
    assert text.count("样") >= 5 and text.count("本") >= 5
    assert "住证明" in text.replace(" ", "")


def test_an_unknown_item_has_no_sample(client, catalogue):
    assert client.get("/items/NOPE-1/sample.pdf").status_code == 404


def test_an_item_without_a_template_has_no_sample(client, catalogue):
    from jianzheng.catalogue.models import CertificateItem
    from jianzheng.catalogue.selectors import get_item

    item = get_item("YN-B03")
    CertificateItem.objects.filter(pk=item.pk).update(template=None)
    assert client.get(f"/items/{item.code}/sample.pdf").status_code == 404


def test_the_sample_is_only_read(client, catalogue):
    assert client.post("/items/YN-B03/sample.pdf").status_code == 405


def test_the_sample_is_linked_from_the_item_page_and_holds_no_real_person(client, catalogue):
    page = client.get("/items/YN-B03").content.decode()
    assert "/items/YN-B03/sample.pdf" in page
    text = _text_of(client.get("/items/YN-B03/sample.pdf").content).replace(" ", "")
    assert "（姓名）" in text and "6401211990" not in text


def test_a_cancelled_proof_has_no_sample_to_hand_out(client, catalogue):
    assert client.get("/items/GJ1-10/sample.pdf").status_code == 404
    assert "sample.pdf" not in client.get("/items/GJ1-10").content.decode()
