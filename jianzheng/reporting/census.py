"""The census 三(二) asks for, from live data:

- 《出具证明情况清单》: per community, each proof issued (how many, how many revoked, how many
  under the 四(三) hand-over exception), its legal basis and form, and the proofs refused there;
- 《法规政策规定清单》: each law or policy document on the county's list in force with the proofs it
  requires of committees, retained or cancelled;
- the plaque census (村(社区)挂牌情况): per community the number of plaques hanging on the
  period's last day and where, from the signage area's inventory (`plaque_census`).

Each is a Table (header + rows) the pages, the API, the xlsx writer and the PDF share."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from jianzheng.catalogue.models import CertificateItem
from jianzheng.catalogue.selectors import items_in_force
from jianzheng.core.pdf import DocumentLayout, render_document
from jianzheng.regions.models import Region, Unit
from jianzheng.reporting.ledger import ledger_counts
from jianzheng.reporting.scope import Period, counties
from jianzheng.signage import selectors as signage_selectors


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


ISSUED_HEADER = [
    "乡镇（街道）",
    "村（社区）",
    "证明事项代码",
    "证明事项",
    "出具数量",
    "其中已撤销",
    "其中工作衔接出具",
    "拒绝出具",
    "设定依据",
    "出具形式",
]
LEGAL_HEADER = ["法规政策名称", "层级", "条款", "证明事项代码", "证明事项", "清单状态", "县（区）"]

PLAQUE_HEADER = ["村（社区）代码", "村（社区）", "牌匾数量", "位置分布"]


def plaque_census(scope: Region, period: Period) -> Table:
    """三(二): "统计各村(社区)挂牌数量、类型和尺寸" — per community, the plaques hanging on the
    period's last day (today for an open period). The full list with each plaque's type and size
    is the signage area's own census (signage/census.py)."""
    today = timezone.localdate()
    on = min(period.end, today) if period.end else today
    rows = signage_selectors.census_summary(signage_selectors.census(scope, on))
    return Table(
        "村（社区）挂牌情况", PLAQUE_HEADER, [list(r) for r in rows], notes=[f"统计日：{on}"]
    )


PLAQUE_CENSUS: list[Callable[[Region, Period], Table]] = [plaque_census]


def _basis_text(item: CertificateItem | None) -> str:
    if item is None:
        return "未列入清单"
    bases = [f"{b.title}{b.article}" for b in item.legal_bases.all()]
    return "；".join(bases) or "—"


def _form_text(item: CertificateItem | None) -> str:
    if item is None:
        return "—"
    template = item.template or {}
    title = template.get("title") if isinstance(template, dict) else ""
    return f"统一式样（{title}），电子签名纸质证明" if title else "统一式样，电子签名纸质证明"


def _newest_items(codes: set[str]) -> dict[str, CertificateItem]:
    found: dict[str, CertificateItem] = {}
    rows = (
        CertificateItem.objects.filter(code__in=codes)
        .select_related("version")
        .prefetch_related("legal_bases")
        .order_by("code", "-version__effective_date", "-version__number")
    )
    for item in rows:
        found.setdefault(item.code, item)
    return found


def issued_census(scope: Region, period: Period) -> Table:
    counts = ledger_counts(scope, period)
    merged: dict[tuple, list[int]] = {}
    for c in counts:
        key = (c.community_id, c.item_code, c.item_name)
        total = merged.setdefault(key, [0, 0, 0, 0])
        total[0] += c.issued
        total[1] += c.revoked
        total[2] += c.handover
        total[3] += c.refused
    units = {
        u.pk: u
        for u in Unit.objects.filter(pk__in={k[0] for k in merged}).select_related("region__parent")
    }
    items = _newest_items({k[1] for k in merged if k[1]})
    rows = []
    for (community_id, code, name), (issued, revoked, handover, refused) in merged.items():
        unit = units[community_id]
        item = items.get(code)
        township = unit.region.parent.name if unit.region.parent else ""
        rows.append(
            [
                township,
                unit.name,
                code,
                name,
                issued,
                revoked,
                handover,
                refused,
                _basis_text(item),
                _form_text(item) if issued else "—",
            ]
        )
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    table = Table(f"{scope.name}出具证明情况清单", ISSUED_HEADER, rows)
    table.notes = [
        f"统计期间：{period.label}；统计范围：{scope.name}",
        f"合计出具{sum(r[4] for r in rows)}件（其中已撤销{sum(r[5] for r in rows)}件），"
        f"拒绝出具{sum(r[7] for r in rows)}次",
        f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}（永民发〔2020〕91号 三(二)）",
    ]
    return table


def legal_bases_census(county: Region, on: dt.date | None = None) -> Table:
    items = items_in_force(on, county=county).prefetch_related("legal_bases").order_by("code")
    rows = []
    for item in items:
        status = "保留" if item.status == CertificateItem.Status.RETAINED else "取消"
        bases = list(item.legal_bases.all())
        for basis in bases or [None]:
            rows.append(
                [
                    basis.title if basis else "（未列依据）",
                    basis.get_level_display() if basis else "",
                    basis.article if basis else "",
                    item.code,
                    item.name,
                    status,
                    county.name,
                ]
            )
    rows.sort(key=lambda r: (r[0], r[3]))
    table = Table(f"{county.name}法规政策规定清单", LEGAL_HEADER, rows)
    table.notes = [
        f"依据{county.name}证明事项清单（{(on or timezone.localdate()).isoformat()}施行版本）",
        f"共{len({r[0] for r in rows})}项法规政策，涉及{len({r[3] for r in rows})}项证明事项",
    ]
    return table


def legal_bases_for_scope(scope: Region, on: dt.date | None = None) -> Table:
    tables = [legal_bases_census(county, on) for county in counties(scope)]
    if len(tables) == 1:
        return tables[0]
    merged = Table(f"{scope.name}法规政策规定清单", LEGAL_HEADER)
    for t in tables:
        merged.rows.extend(t.rows)
        merged.notes.extend(t.notes)
    return merged


def table_pdf(table: Table) -> bytes:
    """The census as a print-ready paper through the one renderer (core.pdf), embedded font:
    one (label, value) row per line of the table."""
    rows = []
    for row in table.rows:
        label = " ".join(str(v) for v in row[:2] if v)
        value = "；".join(
            f"{h}：{v}" for h, v in zip(table.header[2:], row[2:], strict=False) if v != ""
        )
        rows.append((label or "—", value or "—"))
    return render_document(
        DocumentLayout(
            title=table.title,
            body=table.notes or ["（无）"],
            table=rows or [("—", "本期间没有记录")],
            seal=False,
            subject=table.title,
        )
    )
