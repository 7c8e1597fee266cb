"""SM2 with SM3, the national algorithm a county may choose (issue 16, item 8): checked against
the worked example of GB/T 32918.5-2017 (annex A), cross-checked with an independent pure-Python
implementation (gmalg), and carried end to end: a county on SM2 issues papers whose token and
PDF verify online and offline, and `jianzheng setup` keeps the county on it."""

from io import StringIO

import pytest
from django.core.management import call_command

from jianzheng.certificates.services import issue_certificate
from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS
from jianzheng.documents import pdfsign
from jianzheng.documents.services import active_key, ensure_signing_keys
from jianzheng.documents.signing import (
    SM2,
    SM2_USER_ID,
    SM2Signer,
    load_signer,
    verify_signature,
)
from jianzheng.documents.tests.test_county_keys import export_keys, run_verify
from jianzheng.documents.tokens import parse_token

# GB/T 32918.5-2017 annex A (the recommended curve), as GB/T 32918.2's example of a signature.
EXAMPLE_PRIVATE = bytes.fromhex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8")
EXAMPLE_PUBLIC = bytes.fromhex(
    "04"
    "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
    "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13"
)
EXAMPLE_MESSAGE = b"message digest"
EXAMPLE_K = int("59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21", 16)
EXAMPLE_SIGNATURE = bytes.fromhex(
    "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
    "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA"
)


def test_the_standards_worked_signature_verifies_and_a_changed_one_does_not():
    assert verify_signature(SM2, EXAMPLE_PUBLIC, EXAMPLE_SIGNATURE, EXAMPLE_MESSAGE)
    assert not verify_signature(SM2, EXAMPLE_PUBLIC, EXAMPLE_SIGNATURE, b"message digesT")
    flipped = EXAMPLE_SIGNATURE[:-1] + bytes([EXAMPLE_SIGNATURE[-1] ^ 1])
    assert not verify_signature(SM2, EXAMPLE_PUBLIC, flipped, EXAMPLE_MESSAGE)


def test_an_independent_implementation_agrees_with_ours_both_ways():
    gmalg = pytest.importorskip("gmalg")
    # With the standard's nonce, gmalg reproduces the standard's signature: its Z (default ID)
    # and SM3 are the standard's, so agreeing with it is agreeing with the standard.
    theirs = gmalg.SM2(sk=EXAMPLE_PRIVATE, uid=SM2_USER_ID, rnd_fn=lambda _: EXAMPLE_K)
    r, s = theirs.sign(EXAMPLE_MESSAGE)
    assert r + s == EXAMPLE_SIGNATURE

    ours = SM2Signer(EXAMPLE_PRIVATE, EXAMPLE_PUBLIC)
    for message in (b"", EXAMPLE_MESSAGE, "居（租）住证明".encode() * 50):
        signature = ours.sign(message)
        verifier = gmalg.SM2(pk=EXAMPLE_PUBLIC, uid=SM2_USER_ID)
        assert verifier.verify(message, signature[:32], signature[32:])
        r, s = gmalg.SM2(sk=EXAMPLE_PRIVATE, uid=SM2_USER_ID).sign(message)
        assert verify_signature(SM2, EXAMPLE_PUBLIC, r + s, message)


def test_a_key_file_round_trips_and_names_its_curve(tmp_path):
    signer = SM2Signer.generate()
    (tmp_path / f"{signer.kid}.pem").write_bytes(signer.private_pem())
    loaded = load_signer(tmp_path, signer.kid)
    assert loaded.algorithm == SM2 and loaded.kid == signer.kid
    assert verify_signature(SM2, signer.public_key, loaded.sign(b"x"), b"x")
    assert b"BEGIN EC PRIVATE KEY" in signer.private_pem()


@pytest.mark.pdf
def test_a_county_on_sm2_issues_papers_that_verify_online_and_offline(
    client, catalogue, keys, yanghe_clerk, yanghe, tmp_path
):
    out = StringIO()
    call_command("keys", "create", "--county", "640121", "--alg", "sm2", stdout=out)
    assert "(SM2)" in out.getvalue()
    certificate = issue_certificate(
        actor=yanghe_clerk,
        community=yanghe,
        item="YN-B03",
        facts=dict(RESIDENCE_FACTS),
        checks=CHECKS,
        purpose="办理居住证",
        requester="永宁县公安局杨和派出所",
    )
    token = certificate.document.token
    assert certificate.document.kid == active_key(keys.county).kid
    assert parse_token(token).cose_alg == -65601  # the token names its algorithm

    page = client.get(f"/v/{token}").content.decode()
    answer = client.post("/api/v1/verify", {"token": token}, content_type="application/json")
    listed = client.get("/.well-known/jianzheng/keys.json").json()["keys"]
    keys_json = export_keys(tmp_path / "keys.json")
    paper = tmp_path / "paper.pdf"
    paper.write_bytes(bytes(certificate.pdf.content))
    code, verdict = run_verify(str(paper), "--keys", str(tmp_path / "keys.json"))

    assert "有效" in page and "无效" not in page
    assert answer.status_code == 200 and answer.json()["status"] == "valid"
    sm2_keys = [k for k in listed if k["alg"] == SM2]
    assert len(sm2_keys) == 1 and sm2_keys[0]["crv"] == "SM2"
    assert [k["alg"] for k in keys_json["keys"]].count(SM2) == 1
    assert code == 0 and verdict.startswith("有效 VALID"), verdict
    assert "PDF 签名与证明内容一致" in verdict

    data = bytes(certificate.pdf.content)
    at = data.rfind(b"/Contents <") + len(b"/Contents <") + 200
    forged = data[:at] + (b"0" if data[at : at + 1] != b"0" else b"1") + data[at + 1 :]
    published = {certificate.document.kid: sm2_public(listed)}
    assert pdfsign.check_pdf_signature(data, published).problem is None
    assert pdfsign.check_pdf_signature(forged, published).problem == "broken"


def test_setup_keeps_a_county_on_sm2(catalogue, keys):
    call_command("keys", "create", "--county", "640121", "--alg", "sm2", stdout=StringIO())
    chosen = active_key(keys.county)
    assert chosen is not None and chosen.algorithm == SM2
    ensure_signing_keys()  # what `jianzheng setup` runs
    assert active_key(keys.county).kid == chosen.kid
    call_command("keys", "create", "--county", "640121", stdout=StringIO())  # unasked: stays SM2
    rotated = active_key(keys.county)
    assert rotated.kid != chosen.kid and rotated.algorithm == SM2


def sm2_public(listed: list[dict]) -> bytes:
    from jianzheng.documents.signing import ALGORITHMS

    (jwk,) = [k for k in listed if k["alg"] == SM2]
    return ALGORITHMS[SM2].from_jwk(jwk)
