"""Each county signs with its own key (issue 8, 3.): a certificate of county A keeps verifying,
online and offline, whatever county B does with its keys; revoking in A never touches B."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.certificates.services import issue_certificate
from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS
from jianzheng.core.pdf import DocumentLayout, render_document
from jianzheng.documents import pdfsign
from jianzheng.documents.models import SignedDocument, SigningKey
from jianzheng.documents.selectors import KnownPublicKeys
from jianzheng.documents.services import (
    create_signing_key,
    ensure_signing_keys,
    prepare_document,
    register_document,
    revoke_document,
    seal_pdf,
    signed_revocation_list,
    verify_token,
)
from jianzheng.documents.tests.pdf_reading import seal_glyphs, text_runs
from jianzheng.documents.tokens import verify_url

pytestmark = pytest.mark.pdf

HELAN_HOLDER = {"holder_name": "马贺兰", "holder_id_number": "640122199001011234"}


@pytest.fixture
def two_keys(keys, helan_county):
    """永宁县's key (the demo county) and 贺兰县's, each made by `keys create --county`."""
    return keys, create_signing_key(county=helan_county, actor=None)


@pytest.fixture
def issue_a(catalogue, two_keys, yanghe_clerk, yanghe):
    """A real 居（租）住证明 of 杨和第一社区, 永宁县."""

    def _issue():
        return issue_certificate(
            actor=yanghe_clerk,
            community=yanghe,
            item="YN-B03",
            facts=dict(RESIDENCE_FACTS),
            checks=CHECKS,
            purpose="办理居住证",
            requester="永宁县公安局杨和派出所",
        )

    return _issue


@pytest.fixture
def sign_b(two_keys, helan):
    """A sealed paper of 贺兰县's community, signed and registered through documents alone."""
    counter = iter(range(1, 100))

    def _sign():
        serial = f"640122100001-2026-{next(counter):06d}"
        prepared = prepare_document(
            kind="certificate",
            serial=serial,
            issuer=helan,
            subject_code="JZ-001",
            issued_on=date(2026, 11, 26),
            valid_until=date(2099, 5, 26),
            facts=dict(HELAN_HOLDER),
            **HELAN_HOLDER,
        )
        document = register_document(actor=None, prepared=prepared)
        pdf = render_document(
            DocumentLayout(
                title="居住证明",
                serial=serial,
                body=[f"兹证明{HELAN_HOLDER['holder_name']}在本社区居住。"],
                closing=["特此证明。"],
                footer=[helan.name, "2026年11月26日"],
                notes=["经办人：贺经办"],
                issuing_unit=helan.name,
                qr_data=verify_url(document.token),
                qr_caption=["扫码核验真伪", serial],
                token=document.token,
            )
        )
        return document, seal_pdf(prepared=prepared, pdf=pdf)

    return _sign


def export_keys(path) -> dict:
    call_command("keys", "export", str(path), stdout=StringIO())
    return json.loads(path.read_text(encoding="utf-8"))


def run_verify(*args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("verify", *args, stdout=out, stderr=StringIO())
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def public(kid: str) -> bytes:
    key = KnownPublicKeys().get(kid)
    assert key is not None
    return key.public_key


def test_two_counties_get_two_keys_and_rotating_one_leaves_the_other(two_keys, helan_county):
    a_key, b_key = two_keys

    assert a_key.county.code == "640121" and b_key.county == helan_county
    assert a_key.kid != b_key.kid and a_key.algorithm == b_key.algorithm == "ES256"
    rotated = create_signing_key(county=helan_county, actor=None)

    a_key.refresh_from_db()
    b_key.refresh_from_db()
    assert a_key.retired_at is None  # 永宁县 still signs with its key
    assert b_key.retired_at is not None and rotated.retired_at is None
    active = SigningKey.objects.filter(retired_at__isnull=True)
    assert sorted(k.county.code for k in active) == ["640121", "640122"]


def test_every_paper_is_signed_by_its_issuers_county_key(issue_a, sign_b, two_keys):
    a_key, b_key = two_keys
    certificate = issue_a()
    b_document, b_pdf = sign_b()

    a_pdf = bytes(certificate.pdf.content)
    assert certificate.document.kid == a_key.kid and b_document.kid == b_key.kid
    assert pdfsign.check_pdf_signature(a_pdf, {a_key.kid: public(a_key.kid)}).problem is None
    assert pdfsign.check_pdf_signature(a_pdf, {b_key.kid: public(b_key.kid)}).problem == (
        "foreign_key"
    )
    assert pdfsign.check_pdf_signature(b_pdf, {b_key.kid: public(b_key.kid)}).problem is None


def test_a_certificate_of_a_verifies_online_and_offline_after_b_rotates_its_key(
    client, issue_a, two_keys, helan_county, tmp_path
):
    certificate = issue_a()
    token = certificate.document.token
    create_signing_key(county=helan_county, actor=None)
    create_signing_key(county=helan_county, actor=None)

    page = client.get(f"/v/{token}").content.decode()
    answer = client.post("/api/v1/verify", {"token": token}, content_type="application/json")
    keys_json = export_keys(tmp_path / "keys.json")
    paper = tmp_path / "paper.pdf"
    paper.write_bytes(bytes(certificate.pdf.content))
    code, out = run_verify(str(paper), "--keys", str(tmp_path / "keys.json"))

    assert "有效" in page and "无效" not in page
    assert answer.status_code == 200 and answer.json()["status"] == "valid"
    assert code == 0 and out.startswith("有效 VALID"), out
    assert "PDF 签名与证明内容一致" in out and "640121 永宁县" in out
    assert len([k for k in keys_json["keys"] if k["county"]["code"] == "640122"]) == 3


def test_keys_json_lists_every_key_with_its_county(client, two_keys, helan_county):
    a_key, b_key = two_keys
    rotated = create_signing_key(county=helan_county, actor=None)

    listed = client.get("/.well-known/jianzheng/keys.json").json()["keys"]

    by_kid = {k["kid"]: k for k in listed}
    assert set(by_kid) == {a_key.kid, b_key.kid, rotated.kid}
    assert by_kid[a_key.kid]["county"] == {"code": "640121", "name": "永宁县"}
    assert by_kid[b_key.kid]["county"] == {"code": "640122", "name": "贺兰县"}
    assert by_kid[b_key.kid]["retired"] is not None and by_kid[rotated.kid]["retired"] is None
    assert {k["alg"] for k in listed} == {"ES256"}
    assert all({"kty", "crv", "x", "y", "created"} <= set(k) for k in listed)


def test_revoking_in_a_never_touches_b(client, issue_a, sign_b, yanghe_clerk, helan, tmp_path):
    certificate = issue_a()
    b_document, _ = sign_b()
    helan_clerk = create_user(
        actor=None,
        username="helan_clerk",
        password="correct-horse-9",
        unit=helan,
        role=Role.COMMUNITY_CLERK,
        full_name="贺经办",
        validate=False,
    )

    with pytest.raises(PermissionDenied):  # B's staff cannot revoke A's paper
        revoke_document(
            actor=helan_clerk, document=certificate.document, category="other", reason="试"
        )
    revoke_document(
        actor=yanghe_clerk, document=certificate.document, category="duplicate", reason="重复"
    )
    listing = signed_revocation_list()
    (tmp_path / "revoked.json").write_text(json.dumps(listing, ensure_ascii=False))
    export_keys(tmp_path / "keys.json")
    offline = run_verify(
        b_document.token,
        "--keys",
        str(tmp_path / "keys.json"),
        "--revoked",
        str(tmp_path / "revoked.json"),
    )

    assert listing["payload"]["revoked"] == [
        {
            "serial": certificate.serial,
            "revoked_at": listing["payload"]["revoked"][0]["revoked_at"],
            "county": "640121",
        }
    ]
    assert SignedDocument.objects.get(pk=b_document.pk).revoked_at is None
    assert verify_token(b_document.token, log=False).status == "valid"
    assert verify_token(certificate.document.token, log=False).status == "revoked"
    assert offline[0] == 0 and offline[1].startswith("有效 VALID")
    b_page = client.get(f"/v/{b_document.token}").content.decode()
    assert "有效" in b_page and "已撤销" not in b_page


def test_the_seal_on_the_pdf_names_the_issuing_committee(issue_a, sign_b, yanghe, helan):
    a_pdf = bytes(issue_a().pdf.content)
    _, b_pdf = sign_b()

    for pdf, committee in ((a_pdf, yanghe.name), (b_pdf, helan.name)):
        glyphs = seal_glyphs(pdf)
        # The ring's characters, in the order drawn, are the committee's name, no more, no less,
        assert "".join(g.text for g in glyphs) == committee.replace(" ", "")
        # and the ring sits on the 落款 line that names the same committee.
        footer = next(run for run in text_runs(pdf) if run.text == committee)
        centre_x = sum(g.x for g in glyphs) / len(glyphs)
        centre_y = sum(g.y for g in glyphs) / len(glyphs)
        assert footer.x <= centre_x <= footer.x + footer.width
        assert abs(centre_y - footer.y) < 30


def test_keys_create_names_the_county_or_lists_them(helan_county, data_dir):
    out = StringIO()
    with pytest.raises(CommandError) as several:
        call_command("keys", "create", stdout=out)
    with pytest.raises(CommandError) as unknown:
        call_command("keys", "create", "--county", "640199", stdout=out)
    call_command("keys", "create", "--county", "640122", stdout=out)

    assert "--county" in str(several.value)
    assert "640121 永宁县" in str(several.value) and "640122 贺兰县" in str(several.value)
    assert "640199" in str(unknown.value) and "640122 贺兰县" in str(unknown.value)
    assert "贺兰县" in out.getvalue()
    assert list(SigningKey.objects.values_list("county__code", flat=True)) == ["640122"]


def test_setup_gives_every_county_a_key_and_keeps_one_that_signs(helan_county, data_dir):
    from jianzheng.documents.apps import load_signing_key

    line = load_signing_key(demo=False)
    first = set(SigningKey.objects.values_list("kid", flat=True))
    load_signing_key(demo=False)

    assert "永宁县" in line and "贺兰县" in line
    assert sorted(SigningKey.objects.values_list("county__code", flat=True)) == [
        "640121",
        "640122",
    ]
    assert set(SigningKey.objects.values_list("kid", flat=True)) == first
    assert len(ensure_signing_keys(actor=None)) == 2
