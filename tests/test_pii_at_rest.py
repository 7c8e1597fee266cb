"""Personal data at rest (issue 16, item 4; core/pii.py): a certificate, a commitment, a complaint
with a phone number and a sharing check are made the ordinary way, then every text and binary
column of every table is searched in SQL for the ID number and the phone numbers: none holds
them. The app still shows them to whoever may see them; a ciphertext copied into another row
does not open; rotating the key-encryption key keeps everything readable; without the key the
readiness check says so and no value comes out as garbage."""

import pytest
from django.db import connection

from jianzheng.certificates.models import Certificate, CertificatePdf
from jianzheng.certificates.selectors import certificate_for_viewer
from jianzheng.certificates.tests.conftest import issue  # noqa: F401
from jianzheng.commitments.models import Commitment
from jianzheng.commitments.tests.conftest import calendar, commit, items  # noqa: F401
from jianzheng.complaints.models import Complaint
from jianzheng.complaints.tests.conftest import data_dir, submit  # noqa: F401
from jianzheng.core import pii, pii_rotation
from jianzheng.sharing.models import SharingCheck
from jianzheng.sharing.tests.conftest import ask, facts  # noqa: F401

pytestmark = pytest.mark.pdf

ID_NUMBER = "640121199003071232"  # the holder, the applicant and the subject of the checks
APPLICANT_PHONE = "13800000001"
REPORTER_PHONE = "13912345678"
REPORTER_EMAIL = "ma@example.com"


@pytest.fixture
def everything(issue, commit, submit, ask, yanghe_officer):  # noqa: F811
    return {
        "certificate": issue(),
        "commitment": commit(),
        "complaint": submit(contact_phone=REPORTER_PHONE, contact_email=REPORTER_EMAIL).complaint,
        "check": ask(yanghe_officer),
    }


def cells_holding(*needles: str) -> list[str]:
    """table.column of every value, text or binary, in which a needle occurs."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, memoryview | bytes):
                        text = bytes(value).decode("latin-1")
                    elif isinstance(value, str):
                        text = value
                    else:
                        text = str(value) if isinstance(value, dict | list) else ""
                    if any(n in text for n in needles):
                        found.append(f"{table}.{column}")
    return sorted(set(found))


def test_no_table_holds_an_id_or_phone_number_in_the_clear(everything):
    assert cells_holding(ID_NUMBER, APPLICANT_PHONE, REPORTER_PHONE, REPORTER_EMAIL) == []
    # ... and the rows do hold them, sealed: the model reads them back.
    certificate = Certificate.objects.get(pk=everything["certificate"].pk)
    assert certificate.holder_id_number == ID_NUMBER
    assert certificate.facts["holder_id_number"] == ID_NUMBER
    assert bytes(certificate.pdf.content).startswith(b"%PDF")
    commitment = Commitment.objects.get(pk=everything["commitment"].pk)
    assert (commitment.applicant_id_number, commitment.applicant_phone) == (
        ID_NUMBER,
        APPLICANT_PHONE,
    )
    assert bytes(commitment.pdf.content).startswith(b"%PDF")
    complaint = Complaint.objects.get(pk=everything["complaint"].pk)
    assert (complaint.contact_phone, complaint.contact_email) == (REPORTER_PHONE, REPORTER_EMAIL)
    assert SharingCheck.objects.get(pk=everything["check"].pk).subject_id_number == ID_NUMBER


def test_the_issuing_clerk_sees_the_number_and_everyone_else_the_mask(
    issue,  # noqa: F811
    yanghe_clerk,
    yanghe_officer,
):
    certificate = Certificate.objects.get(pk=issue().pk)
    assert certificate_for_viewer(yanghe_clerk, certificate).holder_id_number == ID_NUMBER
    seen = certificate_for_viewer(yanghe_officer, certificate)
    assert seen.holder_id_number == "**************1232"
    assert ID_NUMBER not in str(dict(seen.facts))


def test_a_ciphertext_copied_into_another_row_does_not_open(issue):  # noqa: F811
    first, second = issue(), issue()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT holder_id_number, facts FROM certificates_certificate WHERE id = %s",
            [first.pk],
        )
        number, facts_blob = cursor.fetchone()
        cursor.execute(
            "UPDATE certificates_certificate SET holder_id_number = %s WHERE id = %s",
            [number, second.pk],
        )
    with pytest.raises(pii.PiiDecryptError, match="与其所在的行不符"):
        _ = Certificate.objects.get(pk=second.pk).holder_id_number
    # The facts column of the same row will not take the number column's ciphertext either.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE certificates_certificate SET facts = %s WHERE id = %s", [number, first.pk]
        )
    with pytest.raises(pii.PiiDecryptError):
        _ = Certificate.objects.get(pk=first.pk).facts
    # Nor does a PDF moved to another certificate's row.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content FROM certificates_certificatepdf WHERE certificate_id = %s",
            [first.pk],
        )
        (pdf,) = cursor.fetchone()
        cursor.execute(
            "UPDATE certificates_certificatepdf SET content = %s WHERE certificate_id = %s",
            [bytes(pdf), second.pk],
        )
    with pytest.raises(pii.PiiDecryptError):
        _ = CertificatePdf.objects.get(pk=second.pk).content


def test_a_plain_value_written_in_sql_is_refused_not_shown(issue):  # noqa: F811
    certificate = issue()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE certificates_certificate SET holder_id_number = %s WHERE id = %s",
            ["640121199003070000", certificate.pk],
        )
    with pytest.raises(pii.PiiDecryptError, match="明文"):
        _ = Certificate.objects.get(pk=certificate.pk).holder_id_number


def test_rotating_the_key_encryption_key_keeps_everything_readable(everything, settings, tmp_path):
    # The suite's key comes from the environment; a county keeps its own in keys/.
    settings.PII_KEY = ""
    settings.DATA_DIR = tmp_path
    old = pii.KeyRing("pii-test", pii._parse_env(TEST_KEY).keys, "env")
    pii._write_file(pii.kek_path(), "pii-test", old.keys, {})
    assert pii.kek_path().stat().st_mode & 0o777 == 0o600

    done = pii_rotation.rotate()
    assert done["kid"] != "pii-test" and done["rewrapped"] >= 10
    with connection.cursor() as cursor:
        cursor.execute("SELECT holder_id_number FROM certificates_certificate")
        (stored,) = cursor.fetchone()
    assert pii.kid_of(pii.from_text(stored)) == done["kid"]
    assert pii.problems() == []

    # Readable under the new key alone: the old one can go.
    assert pii.forget_keks({done["kid"]}) == ["pii-test"]
    certificate = Certificate.objects.get(pk=everything["certificate"].pk)
    assert certificate.holder_id_number == ID_NUMBER
    assert bytes(certificate.pdf.content).startswith(b"%PDF")
    complaint = Complaint.objects.get(pk=everything["complaint"].pk)
    assert complaint.contact_phone == REPORTER_PHONE
    check = SharingCheck.objects.get(pk=everything["check"].pk)
    assert check.subject_id_number == ID_NUMBER
    assert check.particulars == {"address": "永宁县杨和镇示例路8号"}


def test_without_the_key_the_server_says_so_and_shows_no_garbage(everything, settings, tmp_path):
    from jianzheng.operations.readiness import run_checks

    settings.PII_KEY = ""
    settings.DATA_DIR = tmp_path  # no keys/pii-kek.json here
    checks = {c.name: c for c in run_checks()}
    assert not checks["pii"].ok and "个人信息加密密钥" in checks["pii"].reason
    with pytest.raises(pii.PiiKeyMissing, match="jianzheng setup"):
        _ = Certificate.objects.get(pk=everything["certificate"].pk).holder_id_number

    # A wrong key: named as the wrong key, never decrypted into nonsense.
    settings.PII_KEY = "other:" + "b3RoZXItMzItYnl0ZS1rZXktb2YtdGhlLXN1aXRlISE="
    checks = {c.name: c for c in run_checks()}
    assert not checks["pii"].ok
    with pytest.raises(pii.PiiKeyMissing, match="pii-test"):
        _ = Complaint.objects.get(pk=everything["complaint"].pk).contact_phone


TEST_KEY = "pii-test:cGlpLXRlc3Qta2V5LW9mLXRoZS1zdWl0ZS0zMmJ5dGU="


def test_a_refusal_note_with_numbers_is_masked_for_everyone_but_the_clerk_who_wrote_it(
    client, catalogue, yanghe, yanghe_clerk, yanghe_officer
):
    from jianzheng.certificates import demands

    note = f"申请人{ID_NUMBER}（电话{APPLICANT_PHONE}）所述事实无法核实"
    refusal = demands.refuse_at_desk(
        actor=yanghe_clerk, community=yanghe, item="GJ1-10", requester="某银行", note=note
    )
    client.force_login(yanghe_clerk)
    assert note in client.get(f"/staff/certificates/refusals/{refusal.pk}/").content.decode()
    client.force_login(yanghe_officer)
    page = client.get(f"/staff/certificates/refusals/{refusal.pk}/").content.decode()
    assert page.count("所述事实无法核实") == 1
    assert ID_NUMBER not in page and APPLICANT_PHONE not in page and "[电话已隐去]" in page


def test_the_verification_page_does_not_echo_the_typed_id_number(client, issue):  # noqa: F811
    from jianzheng.documents.tokens import verify_url

    certificate = issue()
    url = verify_url(certificate.document.token).split("://", 1)[1].split("/", 1)[1]
    for typed in (ID_NUMBER, "640121199003079999"):
        page = client.post(
            f"/{url}", {"holder_name": "马小花", "holder_id_number": typed}
        ).content.decode()
        assert typed not in page


def test_keys_rotate_pii_rewraps_and_says_how_many(everything, settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.PII_KEY = ""
    settings.DATA_DIR = tmp_path
    pii._write_file(pii.kek_path(), "pii-test", pii._parse_env(TEST_KEY).keys, {})
    out = StringIO()
    call_command("keys", "rotate-pii", "--drop-old", stdout=out)
    assert "个数据密钥已重新加密" in out.getvalue() and "已删去旧密钥 pii-test" in out.getvalue()
    assert list(pii.keyring().keys) == [pii.keyring().active]
    assert Commitment.objects.get(pk=everything["commitment"].pk).applicant_phone == APPLICANT_PHONE


def test_a_value_read_with_values_list_opens_with_its_row(issue):  # noqa: F811
    certificate = issue()
    serial, sealed = Certificate.objects.values_list("serial", "holder_id_number").get(
        pk=certificate.pk
    )
    assert isinstance(sealed, pii.Sealed)
    assert pii.open_value(Certificate, "holder_id_number", sealed, serial) == ID_NUMBER
