"""公民身份号码 per GB 11643-1999: 6-digit address, 8-digit birth date, 3-digit sequence and an
ISO 7064 MOD 11-2 check character."""

import datetime as dt
import unicodedata

from django.utils import timezone

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


class InvalidIdNumber(ValueError):
    pass


def check_character(first17: str) -> str:
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def upgrade_legacy(number15: str) -> str:
    """A 15-digit number from an old document: insert "19" and compute the check character."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_character(first17)


def normalize_id_number(
    raw: str, *, today: dt.date | None = None, allow_legacy: bool = False
) -> str:
    """The canonical 18-character number (upper-case X), or InvalidIdNumber with a Chinese reason."""
    # Full-width digits from a Chinese input method, and spaces typed for readability, are the
    # same number.
    number = unicodedata.normalize("NFKC", raw or "").replace(" ", "").upper()
    if allow_legacy and len(number) == 15 and number.isdigit():
        number = upgrade_legacy(number)
    if (
        len(number) != 18
        or not number[:17].isdigit()
        or not (number[17].isdigit() or number[17] == "X")
    ):
        raise InvalidIdNumber("公民身份号码应为18位（最后一位可为X）")
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber("公民身份号码中的出生日期不存在") from None
    if born > (today or timezone.localdate()) or born.year < 1880:
        raise InvalidIdNumber("公民身份号码中的出生日期不合理")
    if check_character(number[:17]) != number[17]:
        raise InvalidIdNumber("公民身份号码校验位不正确，请核对")
    return number
