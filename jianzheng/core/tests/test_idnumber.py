import datetime as dt

import pytest

from jianzheng.core.idnumber import InvalidIdNumber, normalize_id_number, upgrade_legacy


@pytest.mark.parametrize(
    "number",
    [
        "34052419800101001X",
        "53010219200508011X",
        "11010519491231002X",
        "640121199003071232",
        "640121200106150043",
    ],
)
def test_valid_numbers_from_the_reference_pass(number):
    assert normalize_id_number(number) == number


def test_a_lowercase_x_is_accepted_and_stored_upper():
    assert normalize_id_number("34052419800101001x") == "34052419800101001X"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("340524198001010013", "校验位"),
        ("640121202302300011", "出生日期不存在"),
        ("64012119900307123", "18位"),
        ("6401211990030712A2", "18位"),
    ],
)
def test_invalid_numbers_say_why(number, reason):
    with pytest.raises(InvalidIdNumber, match=reason):
        normalize_id_number(number)


def test_a_birth_date_in_the_future_is_refused():
    first17 = "64012120300101001"
    from jianzheng.core.idnumber import check_character

    with pytest.raises(InvalidIdNumber, match="不合理"):
        normalize_id_number(first17 + check_character(first17), today=dt.date(2026, 11, 26))


def test_legacy_fifteen_digit_numbers_only_where_allowed():
    legacy = "340524800101001"
    assert upgrade_legacy(legacy) == "34052419800101001X"
    assert normalize_id_number(legacy, allow_legacy=True) == "34052419800101001X"
    with pytest.raises(InvalidIdNumber):
        normalize_id_number(legacy)
