"""Input hygiene shared by every form and endpoint."""

import unicodedata

from jianzheng.core.errors import RuleViolation


def clean_text(
    value: str | None,
    *,
    field: str,
    label: str,
    max_length: int,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """NFC-normalise, strip, reject control characters and over-long input, naming the field.

    NFC, not NFKC: Chinese text keeps its full-width punctuation (，。:()) as written."""
    text = unicodedata.normalize("NFC", value or "").strip()
    allowed = {"\n", "\t"} if multiline else set()
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        raise RuleViolation("invalid_characters", f"{label}含有不可见的控制字符", field=field)
    if required and not text:
        raise RuleViolation("required", f"请填写{label}", field=field)
    if len(text) > max_length:
        raise RuleViolation("too_long", f"{label}不能超过{max_length}个字", field=field)
    return text


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三: public pages show the least that proves validity."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(number: str) -> str:
    """6401**********123X"""
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_id_tail(number: str, keep: int = 4) -> str:
    """**************123X (keep=4) for listings, ****************3X (keep=2) for the public
    verification page: pages that only tell one paper from another. Hiding the region and
    birth-date digits is what keeps the token's holder tag expensive to search
    (docs/security.md); mask_id_number keeps its wider form for whoever still uses it."""
    if len(number) < 8:
        return "*" * len(number)
    return "*" * (len(number) - keep) + number[-keep:]


def mask_phone(phone: str) -> str:
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
