"""Whose list a public read answers from: the county a resident or another system names.

One platform serves the counties of a region (issue 8); each county revises its own list in line
with the region's (永民发〔2020〕91号 二(二)). The portal and the API both ask here, so a code
they are given means the same county and is refused with the same words."""

from jianzheng.core.errors import RuleViolation
from jianzheng.regions.models import Region
from jianzheng.regions.selectors import UnknownCounty, counties, county_by_code, default_county

COUNTY_REQUIRED = "请选择县（市、区）"


def unknown_county(code: str, *, field: str = "county") -> RuleViolation:
    shown = "".join(ch for ch in code[:20] if ch.isprintable())
    return RuleViolation(
        "unknown_county", f"未知的县（市、区）代码：{shown}", field=field, status=400
    )


def county_for(code: str | None, *, field: str = "county") -> Region:
    """The county `code` names (6 digits); none named: the deployment's default, or the only
    county. Unknown code → 400 `unknown_county`; none named among several counties and no
    default → 400 `county_required`; both name `field`."""
    code = (code or "").strip()
    if code:
        try:
            return county_by_code(code)
        except UnknownCounty:
            raise unknown_county(code, field=field) from None
    county = default_county()
    if county is None:
        raise RuleViolation("county_required", COUNTY_REQUIRED, field=field, status=400)
    return county


def county_choices() -> list[Region]:
    """The counties a resident may pick from, by code."""
    return list(counties())
