"""Each check of `normalize_id_number` (GB 11643-1999) at its edge, so that each fails when its
check is taken out (`make mutants`)."""

import datetime as dt

import pytest

from jianzheng.core.idnumber import InvalidIdNumber, check_character, normalize_id_number

TODAY = dt.date(2026, 11, 26)


def _number(first17: str) -> str:
    return first17 + check_character(first17)


def test_full_width_digits_and_spaces_typed_for_readability_are_the_same_number():
    assert normalize_id_number("６４０１２１ １９９００３０７ １２３２") == "640121199003071232"
    assert normalize_id_number(" 640121 19900307 1232 ") == "640121199003071232"


def test_nothing_typed_is_refused_as_too_short():
    for raw in (None, "", "   "):
        with pytest.raises(InvalidIdNumber, match="18位"):
            normalize_id_number(raw)


@pytest.mark.parametrize(
    "number",
    ["6401211990030712321", "X40121199003071232", "64012119900307123Y", "6401211990030712X2"],
)
def test_anything_but_seventeen_digits_and_a_digit_or_x_is_refused(number):
    with pytest.raises(InvalidIdNumber, match="18位"):
        normalize_id_number(number)


def test_a_wrong_check_digit_is_refused_even_when_x_is_typed():
    first17 = "64012119900307123"  # check digit 2
    for wrong in ("X", "3"):
        with pytest.raises(InvalidIdNumber, match="校验位"):
            normalize_id_number(first17 + wrong)


def test_someone_born_today_has_a_valid_number_and_tomorrow_does_not():
    assert normalize_id_number(_number("64012120261126001"), today=TODAY)
    with pytest.raises(InvalidIdNumber, match="不合理"):
        normalize_id_number(_number("64012120261127001"), today=TODAY)


def test_a_birth_date_after_the_real_today_is_refused_when_no_day_is_given():
    with pytest.raises(InvalidIdNumber, match="不合理"):
        normalize_id_number(_number("64012120990101001"))


def test_births_from_1880_on_are_plausible_and_earlier_ones_are_not():
    assert normalize_id_number(_number("64012118800101001"), today=TODAY)
    with pytest.raises(InvalidIdNumber, match="不合理"):
        normalize_id_number(_number("64012118791231001"), today=TODAY)


@pytest.mark.parametrize("date", ["19900230", "19901301", "19900000"])
def test_a_birth_date_that_does_not_exist_is_refused(date):
    with pytest.raises(InvalidIdNumber, match="不存在"):
        normalize_id_number(_number(f"640121{date}001"))


def test_only_a_fifteen_digit_legacy_number_is_upgraded():
    assert normalize_id_number("640121900307123", allow_legacy=True) == _number("64012119900307123")
    for not_legacy in ("64012190030712X", "6401219003071"):
        with pytest.raises(InvalidIdNumber, match="18位"):
            normalize_id_number(not_legacy, allow_legacy=True)
