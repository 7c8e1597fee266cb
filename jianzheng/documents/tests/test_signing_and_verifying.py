import base64
import binascii
import re
from datetime import date

import cbor2
import pytest
import segno
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import AuditEntry
from jianzheng.documents.models import SignedDocument, SigningKey, VerificationLog
from jianzheng.documents.services import (
    SigningKeyMissing,
    create_signing_key,
    prepare_document,
    revoke_document,
    verify_token,
)
from jianzheng.documents.signing import Ed25519Signer
from jianzheng.documents.tests.conftest import HOLDER_ID, HOLDER_NAME
from jianzheng.documents.tokens import (
    Claims,
    TokenError,
    _b32decode_canonical,
    holder_matches,
    parse_token,
    sign_claims,
    verify_url,
)

BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def test_a_signed_document_verifies_as_valid_with_what_was_signed(sign):
    document = sign(serial="640121100001-2026-000042")

    result = verify_token(document.token, log=False)

    assert (result.status, result.reason) == ("valid", "ok")
    assert result.document == document
    claims = result.claims
    assert claims.serial == "640121100001-2026-000042"
    assert (claims.kind, claims.subject_code, claims.issuer_code) == (
        "certificate",
        "JZ-001",
        "640121100001",
    )
    assert (claims.issued_on, claims.valid_until) == (date(2026, 11, 26), date(2099, 5, 26))
    assert holder_matches(claims, HOLDER_NAME, HOLDER_ID)
    assert not holder_matches(claims, HOLDER_NAME, "640121199001011234")


def test_the_token_carries_no_plain_personal_data(sign):
    document = sign()
    raw = base64.b32decode(document.token + "=" * (-len(document.token) % 8))

    assert HOLDER_NAME.encode() not in raw
    assert HOLDER_ID.upper().encode() not in raw
    assert (document.holder_name_masked, document.holder_id_masked) == (
        "张*三",
        "****************3X",
    )


def test_the_token_is_a_cose_sign1_with_es256_and_the_key_id_in_the_protected_header(sign):
    document = sign()
    raw = base64.b32decode(document.token + "=" * (-len(document.token) % 8))
    envelope = cbor2.loads(raw)

    assert envelope.tag == 18
    header = cbor2.loads(envelope.value[0])
    assert header[1] == -7  # ES256 (RFC 9053)
    assert header[4].hex() == document.kid
    assert len(envelope.value[3]) == 64  # r‖s, as COSE has it, not DER


def test_the_qr_url_is_upper_case_alphanumeric_and_short(sign, settings):
    settings.PUBLIC_URL = "https://zm.yongning.gov.cn"
    url = verify_url(sign().token)

    assert url.startswith("HTTPS://ZM.YONGNING.GOV.CN/V/")
    assert re.fullmatch(r"[0-9A-Z $%*+\-./:]+", url)
    qr = segno.make(url, error="m", micro=False, boost_error=False)
    assert qr.mode == "alphanumeric"
    # ~335 characters with a 24-character serial: version 11 (61x61) at level M since version 2
    # tokens carry the facts tag and kdf parameters; 0.52 mm modules in the 32 mm code, still
    # well above what phone cameras read. See bench/token_verify.py for what shortens it.
    assert qr.version <= 11


def test_any_single_changed_character_makes_the_token_invalid(sign):
    token = sign().token

    for i, char in enumerate(token):
        replacement = BASE32[(BASE32.index(char) + 1) % 32]
        changed = token[:i] + replacement + token[i + 1 :]
        result = verify_token(changed, log=False)
        assert result.status == "invalid", f"position {i} accepted"
        assert result.document is None


def _standard_library_reading(text: str) -> bytes | str:
    """What parse_token did before its own reader: b32decode, then one spelling only."""
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        return "bad base32"
    return raw if base64.b32encode(raw).decode().rstrip("=") == text else "non-canonical base32"


@given(st.text(alphabet=BASE32, min_size=1, max_size=90))
def test_the_tokens_base32_reads_and_refuses_exactly_as_the_standard_library(text):
    try:
        ours: bytes | str = _b32decode_canonical(text)
    except TokenError as exc:
        assert exc.code == "malformed"
        ours = str(exc)

    assert ours == _standard_library_reading(text)


@given(st.binary(min_size=1, max_size=60))
def test_any_bytes_written_as_a_token_read_back_the_same(raw):
    assert _b32decode_canonical(base64.b32encode(raw).decode().rstrip("=")) == raw


def test_a_truncated_token_is_invalid(sign):
    token = sign().token

    for length in (0, 1, 10, len(token) // 2, len(token) - 8, len(token) - 1):
        assert verify_token(token[:length], log=False).status == "invalid"


def test_a_token_signed_with_a_key_not_in_the_registry_is_invalid(sign):
    document = sign()
    claims = verify_token(document.token, log=False).claims
    stranger = Ed25519Signer.generate()

    forged = sign_claims(stranger, claims)
    result = verify_token(forged, log=False)

    assert (result.status, result.reason) == ("invalid", "unknown_key")


def test_a_token_claiming_our_key_id_but_signed_by_another_key_is_invalid(sign):
    document = sign()
    claims = verify_token(document.token, log=False).claims
    impostor = Ed25519Signer.generate()
    impostor.kid = document.kid

    result = verify_token(sign_claims(impostor, claims), log=False)

    assert (result.status, result.reason) == ("invalid", "bad_signature")


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "hello",
        "!!!!",
        "A" * 5000,
        "HTTPS://HOST/V/",
        "AAAAAAAA",
        base64.b32encode(cbor2.dumps(cbor2.CBORTag(18, [b"", {}, b"", b""]))).decode(),
        base64.b32encode(cbor2.dumps(cbor2.CBORTag(18, "not a list"))).decode(),
        base64.b32encode(cbor2.dumps([1, 2, 3])).decode().rstrip("="),
        base64.b32encode(b"\x5b\xff\xff\xff\xff\xff\xff\xff\xff").decode().rstrip("="),
    ],
)
def test_garbage_is_invalid_and_never_an_exception(signing_key, garbage):
    result = verify_token(garbage)

    assert result.status == "invalid"
    # Not a token at all: nothing was verified, so nothing is logged (no table-filling by spam).
    assert not VerificationLog.objects.exists()


def test_a_tampered_token_is_logged_as_invalid(sign):
    token = sign().token
    forged = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
    assert verify_token(forged).status == "invalid"
    assert VerificationLog.objects.get().result == "invalid"


def test_the_full_verify_url_in_any_case_verifies_like_the_token(sign):
    token = sign().token

    assert verify_token(f"https://example.org/v/{token.lower()}", log=False).status == "valid"


def test_a_revoked_document_verifies_as_revoked_at_once(sign, yanghe_clerk):
    document = sign()

    revoke_document(
        actor=yanghe_clerk, document=document, category="other", reason="申请人提供的材料不实"
    )
    result = verify_token(document.token, log=False)

    assert (result.status, result.reason) == ("revoked", "revoked")
    assert result.document.revoke_reason == "申请人提供的材料不实"
    entry = AuditEntry.objects.filter(action="document.revoked").get()
    assert entry.summary["reason"] == "申请人提供的材料不实"
    assert entry.actor == yanghe_clerk


def test_revocation_needs_a_category_and_a_reason_and_happens_once(sign, yanghe_clerk):
    document = sign()

    with pytest.raises(RuleViolation) as no_reason:
        revoke_document(actor=yanghe_clerk, document=document, category="other", reason="  ")
    assert no_reason.value.fields == {"reason": "请填写撤销原因"}
    with pytest.raises(RuleViolation) as no_category:
        revoke_document(actor=yanghe_clerk, document=document, category="", reason="出具错误")
    assert list(no_category.value.fields) == ["category"]
    assert "信息有误、重复出具、当事人申请、其他" in no_category.value.fields["category"]
    revoke_document(actor=yanghe_clerk, document=document, category="other", reason="出具错误")
    with pytest.raises(RuleViolation):
        revoke_document(actor=yanghe_clerk, document=document, category="other", reason="再次撤销")


def test_another_communitys_clerk_cannot_revoke(sign, lijun_clerk):
    document = sign()

    with pytest.raises(PermissionDenied):
        revoke_document(
            actor=lijun_clerk, document=document, category="other", reason="不是我出具的"
        )
    document.refresh_from_db()
    assert document.revoked_at is None


def test_rotation_keeps_old_tokens_valid_and_signs_new_ones_with_the_new_key(sign, signing_key):
    old = sign()

    new_key = create_signing_key(county=signing_key.county, actor=None)
    new = sign()

    signing_key.refresh_from_db()
    assert signing_key.retired_at is not None and new_key.retired_at is None
    assert (old.kid, new.kid) == (signing_key.kid, new_key.kid)
    assert verify_token(old.token, log=False).status == "valid"
    assert verify_token(new.token, log=False).status == "valid"


def test_the_private_key_is_a_0600_file_under_the_data_folder_never_in_the_database(signing_key):
    from django.conf import settings

    path = settings.DATA_DIR / "keys" / f"{signing_key.kid}.pem"
    assert path.stat().st_mode & 0o777 == 0o600
    assert b"PRIVATE KEY" in path.read_bytes()
    stored = " ".join(str(v) for v in SigningKey.objects.values_list().get())
    assert "PRIVATE" not in stored and path.read_text().splitlines()[1] not in stored


def test_signing_without_a_key_tells_the_operator_to_run_keys_create(data_dir, yanghe):
    with pytest.raises(SigningKeyMissing) as missing:
        _prepare_minimal(yanghe)
    assert "jianzheng keys create" in missing.value.message
    assert missing.value.status == 503


def test_signing_with_the_private_key_file_gone_says_so(signing_key, data_dir, yanghe):
    (data_dir / "keys" / f"{signing_key.kid}.pem").unlink()

    with pytest.raises(SigningKeyMissing) as missing:
        _prepare_minimal(yanghe, serial="640121100001-X-2")
    assert signing_key.kid in missing.value.message


def _prepare_minimal(issuer, serial="640121100001-X-1"):
    return prepare_document(
        kind="certificate",
        serial=serial,
        issuer=issuer,
        subject_code="JZ-001",
        issued_on=date(2026, 11, 26),
        valid_until=None,
        holder_name=HOLDER_NAME,
        holder_id_number=HOLDER_ID,
        facts={},
    )


def test_signing_rolls_back_with_the_callers_transaction(sign):
    class IssueFailed(Exception):
        pass

    with pytest.raises(IssueFailed), transaction.atomic():
        token = sign(serial="640121100001-2026-ROLLBACK").token
        raise IssueFailed

    assert not SignedDocument.objects.filter(serial="640121100001-2026-ROLLBACK").exists()
    assert verify_token(token, log=False).reason == "not_registered"


def test_a_serial_is_used_once(sign):
    sign(serial="640121100001-2026-000001")

    with pytest.raises(RuleViolation) as duplicate:
        sign(serial="640121100001-2026-000001")
    assert duplicate.value.code == "duplicate_serial"


def test_signing_is_audited(sign, yanghe_clerk):
    document = sign()

    entry = AuditEntry.objects.get(action="document.signed")
    assert entry.actor == yanghe_clerk
    assert entry.summary["serial"] == document.serial


def test_an_expired_document_is_invalid_but_still_described(sign):
    document = sign(issued_on=date(2020, 1, 1), valid_until=date(2020, 6, 30))

    result = verify_token(document.token, log=False)

    assert (result.status, result.reason, result.document) == ("invalid", "expired", document)


def test_the_holder_is_confirmed_only_with_matching_name_and_id_number(sign):
    token = sign().token

    def match(name, number):
        return verify_token(token, holder_name=name, holder_id=number, log=False).holder_match

    assert match("张小三", "64012119900101123X") is True
    assert match(" 张小三 ", "64012119900101123x") is True  # case and spaces do not matter
    assert match("张小四", "64012119900101123X") is False
    assert match("张小三", "640121199001011230") is False
    assert match("张小三", None) is None


def test_each_verification_is_logged_with_the_verifiers_unit_and_purpose(
    sign, police_officer, police_unit
):
    document = sign()

    verify_token(document.token, verifier=police_officer, purpose="办理户籍业务")
    verify_token(document.token)

    logs = list(VerificationLog.objects.order_by("id"))
    assert [(log.document, log.result) for log in logs] == [(document, "valid")] * 2
    assert (logs[0].verifier_unit, logs[0].purpose) == (police_unit, "办理户籍业务")
    assert logs[1].verifier_unit is None


@pytest.fixture
def police_unit(county):
    from jianzheng.regions.models import Unit

    return Unit.objects.get(code="640121-GAJ")


def test_claims_round_trip_without_an_expiry_date(signing_key):
    from jianzheng.documents.services import current_signer

    claims = Claims(
        "S-1", "agreement", "WI-7", "640121-MZJ", date(2026, 1, 2), None, b"x" * 16, version=1
    )
    parsed = parse_token(sign_claims(current_signer(signing_key.county), claims))
    assert parsed.kid == signing_key.kid
