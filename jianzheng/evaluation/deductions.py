"""Year-end deductions (永民发〔2020〕91号 四(二)): "对自治区督导通报的，在年底考核予以扣分". A unit
(township, department, community) named in the period's verified exposure notices or in the
region's supervision findings (the campaign's `SupervisionFinding`) loses `deduction_per_notice`
points per notice or finding, at most `deduction_cap`. Shown per unit with everything behind it.

Each source is a function (county, start, end) → rows with `unit` (a Unit or None), `unit_name`,
`reference`, `found_on`, `summary`; `SOURCES` lists them."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from jianzheng.campaign.selectors import supervision_findings
from jianzheng.complaints.models import ExposureNotice
from jianzheng.evaluation.formulas import cents
from jianzheng.regions.models import Region, Unit


@dataclass(frozen=True)
class Finding:
    source: str  # "曝光通报", "督查通报"
    unit: Unit | None
    unit_name: str
    reference: str
    found_on: dt.date
    summary: str


def exposure_notices(*, county: Region, start: dt.date, end: dt.date) -> list[Finding]:
    """Notices published in the period about the county (each from a verified complaint)."""
    notices = ExposureNotice.objects.select_related("unit").filter(county=county)
    found = []
    for notice in notices.order_by("published_at", "id"):
        day = timezone.localdate(notice.published_at)
        if start <= day <= end:
            found.append(
                Finding(
                    "曝光通报",
                    notice.unit,
                    notice.unit.name if notice.unit else notice.unit_name,
                    notice.number,
                    day,
                    f"索要“{notice.item_name}”：{notice.finding[:100]}",
                )
            )
    return found


def _findings_of(rows_source: Callable, label: str) -> Callable[..., list[Finding]]:
    """Adapt a source whose rows have `unit`, `reference`, `found_on`, `summary` attributes."""

    def read(*, county: Region, start: dt.date, end: dt.date) -> list[Finding]:
        return [
            Finding(
                label,
                row.unit,
                row.unit.name if row.unit else getattr(row, "unit_name", ""),
                row.reference,
                row.found_on,
                row.summary,
            )
            for row in rows_source(county=county, start=start, end=end)
        ]

    return read


# Every source of deductions: the exposure notices (二(五)) and the supervision findings (四(二)).
SOURCES: list[Callable[..., list[Finding]]] = [
    exposure_notices,
    _findings_of(supervision_findings, "督查通报"),
]


@dataclass
class Deduction:
    unit: Unit | None
    unit_name: str
    points: Decimal = Decimal("0.00")
    findings: list[Finding] = field(default_factory=list)


def deductions(*, county: Region, start: dt.date, end: dt.date, per_notice, cap) -> list[Deduction]:
    """Per unit, most points first: per_notice × findings, at most cap."""
    by_unit: dict[object, Deduction] = {}
    for source in SOURCES:
        for finding in source(county=county, start=start, end=end):
            key = finding.unit.pk if finding.unit else f"name:{finding.unit_name}"
            entry = by_unit.setdefault(key, Deduction(finding.unit, finding.unit_name))
            entry.findings.append(finding)
    for entry in by_unit.values():
        entry.points = cents(min(Decimal(str(per_notice)) * len(entry.findings), Decimal(str(cap))))
    return sorted(by_unit.values(), key=lambda d: (-d.points, d.unit_name))
