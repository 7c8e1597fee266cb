"""Parsing shared by the work-item services: dates, amounts in yuan, gap-free numbers."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from jianzheng.core.errors import RuleViolation
from jianzheng.regions.models import Region

MAX_HOURS = Decimal("744")  # hours in a month of 31 days
MAX_FUNDING = Decimal("9999999999.99")

# The longest text each field takes, in characters once trimmed (core.text.clean_text). The
# services check these and the forms and the API schemas (workitems/schemas.py) state them, so a
# body the published schema allows is never refused for its length, nor the other way round.
MAX_TITLE = 200  # a request's title (事项)
MAX_REASON = 2000  # a request's reason (申请理由)
MAX_LEGAL_BASIS = 300
MAX_FUNDING_METHOD = 200
MAX_EMERGENCY_REASON = 500
MAX_DECISION_REASON = 500  # 审核意见
MAX_PUSH_TITLE = 200  # a pushed task (任务内容)


def clean_date(raw, *, field: str, label: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise RuleViolation("required", f"请填写{label}", field=field)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RuleViolation(
            "invalid_date", f"{label}应为日期，如 2026-12-01", field=field
        ) from None


def clean_amount(raw, *, field: str, label: str, maximum: Decimal, places: int = 2) -> Decimal:
    if isinstance(raw, bool) or raw is None or (isinstance(raw, str) and not raw.strip()):
        raise RuleViolation("required", f"请填写{label}", field=field)
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise RuleViolation("invalid_number", f"{label}应为数字", field=field) from None
    if not value.is_finite() or value < 0:
        raise RuleViolation("invalid_number", f"{label}不能为负数", field=field)
    if value > maximum:
        raise RuleViolation("too_large", f"{label}不能超过 {maximum}", field=field)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise RuleViolation("invalid_number", f"{label}最多保留{places}位小数", field=field)
    return value


def claim_number(prefix: str, county: Region, model, field: str = "number") -> str:
    """Gap-free per county and year: the county row is locked while the next number is taken."""
    Region.objects.select_for_update().filter(pk=county.pk).first()
    year = timezone.localdate().year
    head = f"{prefix}{county.code}-{year}-"
    taken = model.objects.filter(**{f"{field}__startswith": head}).count()
    return f"{head}{taken + 1:04d}"


def day_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
