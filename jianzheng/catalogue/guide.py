"""The 事项指南 lines (办理地点, 办理时间, 咨询电话, 是否收费, 网上办理) of an item and of each of
its alternatives: their checks, and their text layout in the back-office form and the file.

永民发〔2020〕91号 二(三): 操作规范 are published "方便居民群众获取、查询、办理". A resident told
"not here" must also be told where, when and whom to call; a retained item tells the same about
the community's own service. Every field is optional, so lists written before these fields
existed still import; what is given is checked."""

import re
import unicodedata
from urllib.parse import urlsplit

from jianzheng.catalogue.models import GUIDE_KEYS, ServiceGuide
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text

GUIDE_LABELS = {
    "service_place": "办理地点",
    "service_hours": "办理时间",
    "service_phone": "咨询电话",
    "fee": "是否收费",
    "fee_note": "收费说明",
    "online_channel": "网上办理渠道",
    "online_url": "网上办理网址",
}
MAX_LENGTH = {
    "service_place": 200,
    "service_hours": 200,
    "service_phone": 100,
    "fee_note": 200,
    "online_channel": 100,
    "online_url": 500,
}
FEE_LABELS = dict(ServiceGuide.Fee.choices)
EMPTY_GUIDE = dict.fromkeys(GUIDE_KEYS, "")
MAX_PHONES = 3

# Mobile (13909511234, +86 allowed); landline with its area code (0951-8012345, an extension as
# 转123); the 12xxx government hotlines (12345 政务服务便民热线, 12333, 12348…), with or without
# an area code; 95xxx service numbers; 400/800 numbers.
MOBILE_RE = re.compile(r"^(?:\+86)?1[3-9]\d{9}$")
PHONE_RES = (
    re.compile(r"^0\d{2,3}-?[2-9]\d{6,7}(?:转\d{1,6})?$"),
    re.compile(r"^(?:0\d{2,3}-?)?12\d{3}$"),
    re.compile(r"^95\d{3,6}$"),
    re.compile(r"^[48]00-?\d{3}-?\d{4}$"),
)
PHONE_SPLIT_RE = re.compile(r"[、，,；;/／]+")
PHONE_HELP = (
    "请填写带区号的固定电话（如 0951-8012345）、手机号码（如 13909511234）"
    "或 12345 等政务服务热线，多个号码用“、”分开"
)


def _phone(token: str) -> str | None:
    """One number as it is stored, or None when it is no Chinese phone number."""
    token = re.sub(r"\s+", "", unicodedata.normalize("NFKC", token))
    area = re.match(r"^\((0\d{2,3})\)-?(.+)$", token)
    if area:
        token = f"{area[1]}-{area[2]}"
    compact = token.replace("-", "")
    if MOBILE_RE.match(compact):
        return compact
    return token if any(r.match(token) for r in PHONE_RES) else None


def clean_phone(value, *, field: str, label: str = "咨询电话") -> str:
    text = clean_text(value, field=field, label=label, max_length=100, required=False)
    tokens = [t.strip() for t in PHONE_SPLIT_RE.split(text) if t.strip()]
    if len(tokens) > MAX_PHONES:
        raise RuleViolation("too_many", f"{label}最多填写{MAX_PHONES}个号码", field=field)
    numbers = []
    for token in tokens:
        number = _phone(token)
        if number is None:
            raise RuleViolation(
                "invalid_phone", f"{label}“{token}”不是有效的电话号码：{PHONE_HELP}", field=field
            )
        numbers.append(number)
    return "、".join(numbers)


def clean_url(value, *, field: str, label: str = "网上办理网址") -> str:
    text = clean_text(value, field=field, label=label, max_length=500, required=False)
    if not text:
        return ""
    parts = urlsplit(text)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(ch.isspace() for ch in text)
    ):
        raise RuleViolation(
            "invalid_url",
            f"{label}只能是以 https:// 或 http:// 开头的网址，如 https://zwfw.nx.gov.cn",
            field=field,
        )
    return text


def _fee(value, *, field: str) -> str:
    by_label = {label: key for key, label in FEE_LABELS.items()}
    value = (value or "").strip() if isinstance(value, str) else value
    value = by_label.get(value, value)
    if value in (None, ""):
        return ""
    if value not in FEE_LABELS:
        raise RuleViolation(
            "invalid_choice", "是否收费只能填“不收费”或“收费”（不清楚可留空）", field=field
        )
    return value


def validate_guide(data: dict, *, prefix: str = "", errors: FieldErrors) -> dict:
    """The cleaned guide fields of one item or alternative; every problem goes into `errors`."""
    clean = dict(EMPTY_GUIDE)
    for key in ("service_place", "service_hours", "fee_note", "online_channel"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            errors.add(prefix + key, f"{GUIDE_LABELS[key]}应为文字")
            continue
        clean[key] = errors.collect(
            clean_text,
            value,
            field=prefix + key,
            label=GUIDE_LABELS[key],
            max_length=MAX_LENGTH[key],
            required=False,
            default="",
        )
    checks = {"service_phone": clean_phone, "online_url": clean_url, "fee": _fee}
    for key, check in checks.items():
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            errors.add(prefix + key, f"{GUIDE_LABELS[key]}应为文字")
            continue
        clean[key] = errors.collect(check, value, field=prefix + key, default="")
    if clean["fee"] == ServiceGuide.Fee.CHARGED and not clean["fee_note"]:
        if prefix + "fee_note" not in errors:
            errors.add(prefix + "fee_note", "收费的，请在收费说明中写明收费标准和依据")
    elif clean["fee_note"] and not clean["fee"]:
        errors.add(prefix + "fee", "填写了收费说明，请同时写明是否收费")
    return clean


# -- An alternative's guide in the text layout: a line of its own right under the alternative,
# `办理指南|地点|时间|电话|是否收费|收费说明|网上办理渠道|网址`. An alternative line always starts
# with its kind, so no file written before this line existed can contain one.
GUIDE_MARK = "办理指南"
GUIDE_PARTS = GUIDE_KEYS


def is_guide_line(line: str) -> bool:
    return line.replace("\uff5c", "|").split("|", 1)[0].strip() == GUIDE_MARK


def guide_line(guide: dict) -> str:
    """The line for an alternative's guide, or "" when it has none; trailing empty parts left off."""
    parts = [
        FEE_LABELS.get(guide.get(key) or "", "") if key == "fee" else guide.get(key) or ""
        for key in GUIDE_PARTS
    ]
    while parts and not parts[-1]:
        parts.pop()
    return "|".join([GUIDE_MARK, *parts]) if parts else ""


def parse_guide_line(line: str) -> dict:
    parts = [p.strip() for p in line.replace("\uff5c", "|").split("|", len(GUIDE_PARTS))][1:]
    return dict(zip(GUIDE_PARTS, parts + [""] * (len(GUIDE_PARTS) - len(parts)), strict=True))
