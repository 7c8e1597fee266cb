"""Input hygiene and masking (core/text.py) at their edges, so that each check fails when it is
taken out (`make mutants`)."""

import pytest

from jianzheng.core.errors import RuleViolation
from jianzheng.core.text import clean_text, mask_id_number, mask_name, mask_phone


def _clean(value, **options):
    return clean_text(value, field="note", label="说明", **{"max_length": 10, **options})


def test_text_is_stripped_and_composed_but_keeps_its_full_width_punctuation():
    assert _clean("  杨和，第一（社区）  ") == "杨和，第一（社区）"
    assert _clean("e\u0301") == "\u00e9"  # NFC: one character, as typed on another keyboard


def test_control_characters_are_refused_and_the_field_is_named():
    for value in ("a\x00b", "a\x1bb", "第一\n第二", "a\tb"):
        with pytest.raises(RuleViolation) as excinfo:
            _clean(value)
        assert excinfo.value.code == "invalid_characters" and "note" in excinfo.value.fields


def test_line_breaks_and_tabs_are_allowed_only_in_multiline_text():
    assert _clean("第一\n第二\t三", multiline=True) == "第一\n第二\t三"
    with pytest.raises(RuleViolation) as excinfo:
        _clean("第一\x00第二", multiline=True)
    assert excinfo.value.code == "invalid_characters"


def test_required_text_must_be_given_and_optional_text_may_be_empty():
    for value in (None, "", "   "):
        with pytest.raises(RuleViolation) as excinfo:
            _clean(value)
        assert excinfo.value.code == "required" and "note" in excinfo.value.fields
        assert _clean(value, required=False) == ""


def test_the_length_limit_counts_characters_after_stripping():
    assert _clean(" " + "字" * 10 + " ") == "字" * 10
    with pytest.raises(RuleViolation) as excinfo:
        _clean("字" * 11)
    assert excinfo.value.code == "too_long" and "note" in excinfo.value.fields


@pytest.mark.parametrize(
    ("name", "masked"),
    [("", ""), ("张", "张"), ("张三", "张*"), ("张小三", "张*三"), ("欧阳小明", "欧**明")],
)
def test_public_pages_show_a_name_by_its_first_and_last_character(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("34052419800101001X", "3405**********001X"),
        ("12345678", "12345678"),
        ("1234567", "*******"),
    ],
)
def test_public_pages_show_an_id_number_by_its_first_and_last_four(number, masked):
    assert mask_id_number(number) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("13912345678", "139****5678"), ("1234567", "1234567"), ("123456", "******")],
)
def test_public_pages_show_a_phone_number_by_its_first_three_and_last_four(phone, masked):
    assert mask_phone(phone) == masked


def test_public_text_loses_id_numbers_phones_emails_and_named_strings():
    from jianzheng.core.text import scrub_personal_data

    text = (
        "马小花（640121199003071232）来电13909511234、0951-8012345，邮箱 ma@example.com，"
        "办理号码 2026-0012 不变"
    )
    clean = scrub_personal_data(text, also=("马小花",))
    for secret in ("640121199003071232", "13909511234", "0951-8012345", "ma@example.com", "马小花"):
        assert secret not in clean
    assert "2026-0012" in clean and "[身份证号已隐去]" in clean
