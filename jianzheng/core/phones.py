"""A mainland phone number as a resident types it: an 11-digit mobile (1[3-9]…) or a landline with
its area code (0951-8012345), with spaces or brackets for readability and, from a Chinese input
method, full-width digits. One pattern says it: the API document states it (`pattern`), the
forms hand it to the browser, and `clean_phone` checks with it, so the three cannot disagree.

The pattern keeps to what ECMA-262 (the document's and the browser's regex, `v` flag included)
and Python's `re` read alike: explicit classes, no `\\d` or `\\s`, brackets escaped in a class."""

import re
import unicodedata

from jianzheng.core.errors import RuleViolation

_DIGIT = "[0-9０-９]"
_GAP = "[ \u00a0\u3000\\(\\)（）]*"  # what a reader adds: spaces, (0951), （0951）
_MOBILE = f"[1１]{_GAP}[3-9３-９](?:{_GAP}{_DIGIT}){{9}}"
_LANDLINE = f"[0０](?:{_GAP}{_DIGIT}){{2,3}}(?:{_GAP}[\\-－])?(?:{_GAP}{_DIGIT}){{7,8}}"
_NUMBER = f"(?:{_MOBILE}|{_LANDLINE})"

PHONE_PATTERN = f"^{_GAP}{_NUMBER}{_GAP}$"
# The same, or nothing at all (a field a resident may leave empty).
PHONE_OR_EMPTY_PATTERN = f"^{_GAP}(?:{_NUMBER}{_GAP})?$"

_PHONE = re.compile(PHONE_PATTERN)
_GAPS = re.compile(_GAP)
_COMPACT_MOBILE = re.compile("1[3-9][0-9]{9}")

INVALID = "应为11位手机号码或带区号的固定电话，如 13800000000、0951-8012345"


def compact(text: str) -> str:
    """The number as stored: no spaces or brackets, half-width digits (０９５１－… → 0951-…)."""
    return unicodedata.normalize("NFKC", _GAPS.sub("", text))


def is_phone(text: str) -> bool:
    return bool(_PHONE.fullmatch(text))


def clean_phone(value, *, field: str, label: str = "联系电话", required: bool = True) -> str:
    """The compact number, "" for an empty optional one, or a RuleViolation naming `field`."""
    text = value if isinstance(value, str) else ""
    if not compact(text):
        if required:
            raise RuleViolation("required", f"请填写{label}", field=field)
        return ""
    if not is_phone(text):
        raise RuleViolation("invalid_phone", f"{label}{INVALID}", field=field)
    return compact(text)


def is_mobile(number: str) -> bool:
    """A stored (compact) number that can receive a text message."""
    return bool(_COMPACT_MOBILE.fullmatch(number))
