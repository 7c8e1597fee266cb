"""Input hygiene shared by every form and endpoint."""

import re
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


# ---------------------------------------------------------------- personal data in public text

_ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{9}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])0[0-9]{2,3}-?[0-9]{7,8}(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def scrub_personal_data(text: str, *, also: tuple[str, ...] = ()) -> str:
    """Text for the public with the personal data taken out: ID-card numbers, mobile and
    landline numbers, email addresses, and any strings in `also` (a person's name, say). What a
    notice publishes; the original stays with staff. Official hotlines a notice may quote are
    landlines too: publish them from the channels list, not in free text."""
    for value in also:
        value = (value or "").strip()
        if len(value) >= 2:
            text = text.replace(value, "**")
    text = _ID_NUMBER.sub("[身份证号已隐去]", text)
    text = _EMAIL.sub("[邮箱已隐去]", text)
    text = _MOBILE.sub("[电话已隐去]", text)
    return _LANDLINE.sub("[电话已隐去]", text)


def text_for_viewer(text: str, *, viewer, writer_id) -> str:
    """Free text a staff member wrote (a refusal note, a check note) as `viewer` may read it:
    as written to its writer, with ID and phone numbers and email addresses masked
    (scrub_personal_data) to everyone else (issue 16, item 4). `writer_id` None (a resident
    wrote it, or nobody knows who): masked for every staff reader."""
    if not text:
        return text
    if writer_id is not None and getattr(viewer, "pk", None) == writer_id:
        return text
    return scrub_personal_data(text)


# ---------------------------------------------------------------- text printed on a signed paper

# Emoji live in these blocks (with U+FE0F asking for the emoji look); none belongs on a proof.
_EMOJI_BLOCKS = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x2300, 0x23FF))
# Resident ID cards print a minority name's separator as U+00B7; keyboards type look-alikes.
MIDDLE_DOTS = {"•": "·", "・": "·", "･": "·", "‧": "·", "∙": "·", "⋅": "·"}


def _is_han(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEO"))


def _is_latin_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L") and unicodedata.name(ch, "").startswith("LATIN")


def _describe(ch: str) -> str:
    return f"“{ch}”（U+{ord(ch):04X}）" if ch.isprintable() else f"U+{ord(ch):04X}"


def _unfit(ch: str) -> str | None:
    """Why `ch` cannot stand on a certificate, or None."""
    code, category = ord(ch), unicodedata.category(ch)
    if ch == "\ufe0f" or any(lo <= code <= hi for lo, hi in _EMOJI_BLOCKS) and category == "So":
        return "不能含有表情符号"
    if category == "Co":
        return "含有私用区字符，无法打印和核验"
    if category == "Cn":
        return "含有未分配的 Unicode 编码"
    if category in ("Cf", "Cs", "Cc", "Zl", "Zp"):
        return "含有不可见的控制或格式字符"
    return None


def check_printable(text: str, *, field: str, label: str) -> str:
    """Text that goes onto a signed paper: no emoji, invisible or private-use characters, and
    every character one of the shipped faces can draw (core.fonts), so the paper shows exactly
    what was entered; the error names the field and the character."""
    from jianzheng.core import fonts  # ReportLab loads only where papers are made

    for ch in dict.fromkeys(text):
        reason = _unfit(ch)
        if reason:
            raise RuleViolation(
                "invalid_characters", f"{label}{reason}：{_describe(ch)}", field=field
            )
    missing = fonts.unprintable([text])
    if missing:
        named = "、".join(_describe(ch) for ch in missing)
        raise RuleViolation(
            "unprintable_character",
            f"{label}中的{named}没有可用的字体，印在证明上会缺字，因此不能出具；"
            "请核对是否为规范汉字，或联系系统管理员",
            field=field,
        )
    return text


def clean_person_name(
    value: str | None, *, field: str, label: str, max_length: int = 50, required: bool = True
) -> str:
    """A person's name: Han characters, the middle dot of minority names (阿依古丽·买买提), or
    Latin letters with spaces, hyphens, apostrophes and full stops for foreign nationals."""
    text = clean_text(value, field=field, label=label, max_length=max_length, required=required)
    text = check_printable(
        "".join(MIDDLE_DOTS.get(ch, ch) for ch in text), field=field, label=label
    )
    for ch in dict.fromkeys(text):
        if not (_is_han(ch) or _is_latin_letter(ch) or ch in "·〇 -'."):
            raise RuleViolation(
                "invalid_name",
                f"{label}只能由汉字、间隔号“·”或拉丁字母组成，不能含有{_describe(ch)}",
                field=field,
            )
    if text and not any(_is_han(ch) or _is_latin_letter(ch) for ch in text):
        raise RuleViolation("invalid_name", f"{label}须含有汉字或字母", field=field)
    return text
