"""The issued PDF is signed (PAdES, the county's key) and carries the facts its token signed:
any edit of a real issued paper fails `jianzheng verify FILE.pdf` and the PDF signature."""

import dataclasses
import io
import zlib
from io import StringIO

import pytest
from django.core.management import call_command
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from jianzheng.certificates.tests.conftest import RESIDENCE_FACTS
from jianzheng.documents.pdfsign import check_pdf_signature, verify_pdf_contents
from jianzheng.documents.services import current_signer, seal_pdf
from jianzheng.documents.tokens import facts_match, verify_token_offline

pytestmark = pytest.mark.pdf


@pytest.fixture
def keys_file(tmp_path, keys):
    path = tmp_path / "keys.json"
    call_command("keys", "export", str(path))
    return path


def verify_file(data: bytes, keys_file, tmp_path) -> tuple[int, str]:
    path = tmp_path / "paper.pdf"
    path.write_bytes(data)
    out = StringIO()
    try:
        call_command("verify", str(path), "--keys", str(keys_file), stdout=out, stderr=StringIO())
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def pades_holds(data: bytes) -> bool:
    """What any PAdES validator says, trusting the signer's certificate."""
    signature = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures[0]
    context = ValidationContext(trust_roots=[signature.signer_cert], allow_fetching=False)
    status = validate_pdf_signature(signature, context)
    return status.bottom_line and status.coverage.name == "ENTIRE_FILE"


def _page_content(data: bytes) -> tuple[int, bytes]:
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    contents = reader.root["/Pages"]["/Kids"][0].get_object().raw_get("/Contents")
    return contents.idnum, contents.get_object().data


def _edit_year(content: bytes) -> bytes:
    """ "自2019年5月" → "自2010年5月" in the page's content stream: ReportLab writes ASCII digits as
    themselves in the embedded font subset, so this is the edit a forger makes."""
    assert content.count(b"2019") == 1
    return content.replace(b"2019", b"2010")


def test_an_issued_pdf_verifies_offline_with_its_signature_and_facts(issue, keys_file, tmp_path):
    pdf = bytes(issue().pdf.content)

    code, out = verify_file(pdf, keys_file, tmp_path)

    assert code == 0 and out.startswith("有效 VALID")
    assert "PDF 签名与证明内容一致" in out
    assert pades_holds(pdf)


def test_a_flipped_byte_in_the_issued_pdfs_content_stream_fails_verify_and_pades(
    issue, keys_file, tmp_path
):
    pdf = bytearray(issue().pdf.content)
    stream = pdf.index(b"stream", pdf.index(b"/FlateDecode")) + 20
    pdf[stream] ^= 0x01

    code, out = verify_file(bytes(pdf), keys_file, tmp_path)

    assert code == 1 and "签名后被改动" in out
    assert not pades_holds(bytes(pdf))


def test_the_year_edited_in_the_page_by_a_pdf_editor_fails_verify_and_pades(
    issue, keys_file, tmp_path
):
    pdf = bytes(issue().pdf.content)
    idnum, content = _page_content(pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    edited = generic.StreamObject(stream_data=zlib.compress(_edit_year(content)))
    edited["/Filter"] = generic.NameObject("/FlateDecode")
    writer.mark_update(generic.Reference(idnum, 0, writer.prev))
    writer.objects[(0, idnum)] = edited
    out_buffer = io.BytesIO()
    writer.write(out_buffer)
    tampered = out_buffer.getvalue()
    assert _page_content(tampered)[1] != content

    code, out = verify_file(tampered, keys_file, tmp_path)

    assert code == 1 and out.startswith("无效 INVALID")
    assert not pades_holds(tampered)


def test_the_same_facts_edit_fails_the_facts_check_even_under_a_valid_signature(
    issue, keys, keys_file, tmp_path
):
    certificate = issue()
    document = certificate.document
    parsed, claims = verify_token_offline(document.token, {keys.kid: _public(keys)})
    edited = {**RESIDENCE_FACTS, "since": "2010-05-01"}
    holder = RESIDENCE_FACTS["holder_name"], RESIDENCE_FACTS["holder_id_number"]

    assert facts_match(claims, name=holder[0], id_number=holder[1], facts=dict(RESIDENCE_FACTS))
    assert not facts_match(claims, name=holder[0], id_number=holder[1], facts=edited)
    # Even a PDF the county key signed fails when the facts it carries are not the token's.
    from jianzheng.documents import pdfsign
    from jianzheng.documents.services import prepare_document

    prepared = prepare_document(
        kind="certificate",
        serial=certificate.serial,
        issuer=certificate.community,
        subject_code=certificate.item.code,
        issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        holder_name=holder[0],
        holder_id_number=holder[1],
        facts=dict(RESIDENCE_FACTS),
    )
    lying = dataclasses.replace(
        prepared,
        token=document.token,
        facts_file=pdfsign.facts_file(
            serial=certificate.serial,
            holder_name=holder[0],
            holder_id_number=holder[1],
            facts=edited,
        ),
    )
    unsigned = pdfsign.check_pdf_signature(bytes(certificate.pdf.content), {})
    assert unsigned.problem == "foreign_key"
    resealed = seal_pdf(prepared=lying, pdf=_unsealed_copy(certificate))
    verdict = verify_pdf_contents(
        resealed, claims, kid=parsed.kid, public_key=_public(keys).public_key
    )
    assert verdict.reason == "facts_mismatch"
    assert verify_file(resealed, keys_file, tmp_path)[0] == 1


def _public(keys):
    from jianzheng.documents.selectors import KnownPublicKeys

    return KnownPublicKeys().get(keys.kid)


def _unsealed_copy(certificate) -> bytes:
    """The paper as drawn, before its signature: the bytes the signature's first revision holds."""
    pdf = bytes(certificate.pdf.content)
    return pdf[: pdf.index(b"%%EOF") + len(b"%%EOF")] + b"\n"


def test_a_pdf_signed_by_another_key_is_not_the_countys(issue, keys):
    pdf = bytes(issue().pdf.content)

    assert check_pdf_signature(pdf, {keys.kid: _public(keys).public_key}).problem is None
    assert check_pdf_signature(pdf, {"0" * 16: bytes(32)}).problem == "foreign_key"
    assert current_signer(keys.county).kid == keys.kid
