from datetime import date

import pytest

from jianzheng.core.errors import RuleViolation
from jianzheng.documents import checkcodes
from jianzheng.documents.models import VerificationLog
from jianzheng.documents.services import prepare_document, register_document, verify_serial
from jianzheng.documents.tests.conftest import HOLDER_ID, HOLDER_NAME


@pytest.fixture
def signed(signing_key, yanghe_clerk, yanghe):
    """A registered document and the check code printed on its paper."""
    prepared = prepare_document(
        kind="certificate",
        serial="640121100001-2026-000077",
        issuer=yanghe,
        subject_code="JZ-001",
        issued_on=date(2026, 11, 26),
        valid_until=date(2099, 5, 26),
        holder_name=HOLDER_NAME,
        holder_id_number=HOLDER_ID,
        facts={"holder_name": HOLDER_NAME, "holder_id_number": HOLDER_ID},
    )
    return register_document(actor=yanghe_clerk, prepared=prepared), prepared.check_code


def test_codes_are_ten_unambiguous_characters_and_differ_every_time():
    codes = {checkcodes.new_check_code() for _ in range(200)}

    assert len(codes) == 200
    assert all(len(c) == 10 and set(c) <= set(checkcodes.ALPHABET) for c in codes)
    assert not set(checkcodes.ALPHABET) & set("01OI") and len(checkcodes.ALPHABET) == 32


def test_a_code_typed_in_lower_case_full_width_or_with_spaces_still_matches():
    stored = checkcodes.hash_check_code("ABCDE23456")

    for typed in ("ABCDE-23456", "abcde 23456", "ＡＢＣＤＥ－２３４５６", " abcde23456 "):
        assert checkcodes.check_code_matches(stored, typed), typed
    assert not checkcodes.check_code_matches(stored, "ABCDE23457")
    assert not checkcodes.check_code_matches("", "ABCDE23456")
    assert not checkcodes.check_code_matches("garbage", "ABCDE23456")


def test_the_same_code_hashes_differently_per_document_and_the_hash_holds_no_code():
    first, second = (
        checkcodes.hash_check_code("ABCDE23456"),
        checkcodes.hash_check_code("ABCDE23456"),
    )

    assert first != second and "ABCDE23456" not in first


def test_the_registry_keeps_only_the_hash_of_the_printed_code(signed):
    document, code = signed

    assert code and code not in document.check_code_hash
    assert checkcodes.check_code_matches(document.check_code_hash, code)


def test_serial_and_right_code_verify_as_the_token_does(signed):
    document, code = signed

    result = verify_serial(document.serial, checkcodes.display(code), purpose="银行开户")

    assert (result.status, result.reason, result.document) == ("valid", "ok", document)
    log = VerificationLog.objects.get()
    assert (log.document, log.channel, log.purpose) == (document, "serial", "银行开户")


def test_serial_and_code_also_confirm_the_holder(signed):
    document, code = signed

    same = verify_serial(
        document.serial, code, holder_name="张小三", holder_id="64012119900101123X"
    )

    assert same.holder_match is True


def test_a_wrong_code_or_an_unknown_serial_shows_nothing_and_is_logged(signed):
    document, code = signed
    wrong = "2" * 10 if code != "2" * 10 else "3" * 10

    results = [verify_serial(document.serial, wrong), verify_serial("NO-SUCH-1", code)]

    assert [(r.status, r.reason, r.document, r.claims) for r in results] == [
        ("invalid", "wrong_check_code", None, None)
    ] * 2
    assert [(v.document, v.result) for v in VerificationLog.objects.order_by("id")] == [
        (document, "invalid"),
        (None, "invalid"),
    ]


def test_serial_and_code_are_both_needed(db):
    with pytest.raises(RuleViolation) as missing:
        verify_serial("", "")

    assert set(missing.value.fields) == {"serial", "check_code"}
    assert not VerificationLog.objects.exists()
