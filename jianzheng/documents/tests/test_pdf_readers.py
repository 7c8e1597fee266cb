"""An ordinary PDF reader accepts the issued paper's signature and sees any edit: checked with
poppler's `pdfsig` (the signature check of Evince, Okular and other poppler-based readers)."""

import shutil
import subprocess

import pytest

from jianzheng.certificates.services import issue_certificate
from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS

pytestmark = pytest.mark.pdf


def pdfsig(pdf: bytes, tmp_path) -> str:
    binary = shutil.which("pdfsig")
    if binary is None:
        pytest.skip("pdfsig not found: install the poppler-utils package (CI does)")
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([binary, str(path)], capture_output=True, text=True, timeout=60)
    return done.stdout + done.stderr


def test_pdfsig_says_an_issued_certificates_signature_is_valid_and_an_edit_breaks_it(
    catalogue, keys, yanghe_clerk, yanghe, tmp_path
):
    certificate = issue_certificate(
        actor=yanghe_clerk,
        community=yanghe,
        item="YN-B03",
        facts=dict(RESIDENCE_FACTS),
        checks=CHECKS,
        purpose="办理居住证",
        requester="永宁县公安局杨和派出所",
    )
    pdf = bytes(certificate.pdf.content)
    edited = bytearray(pdf)
    edited[edited.index(b"stream", edited.index(b"/FlateDecode")) + 20] ^= 0x01  # the page

    intact, tampered = pdfsig(pdf, tmp_path), pdfsig(bytes(edited), tmp_path)

    assert "Signature Validation: Signature is Valid." in intact, intact
    assert f"jianzheng signing key {keys.kid}" in intact
    assert "Total document signed" in intact
    assert "Signature is Valid" not in tampered, tampered
    assert "Signature Validation:" in tampered  # still read as a signature: a broken one
