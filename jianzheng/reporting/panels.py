"""The dashboard's panels: one list, `PANELS`, each a key, a title and a function of
(viewer, scope, period) → Table (or None where the panel does not apply to the scope). An area
that lands later adds its panel with one `register_panel(...)`. Every panel is drawn as a server-side SVG
bar chart with its table, a text summary and an xlsx download."""

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from jianzheng.campaign import selectors as campaign_selectors
from jianzheng.campaign.models import Campaign
from jianzheng.certificates.models import Certificate, Demand
from jianzheng.commitments.models import Commitment, CreditRecord, PostCheck
from jianzheng.complaints.models import Complaint, ExposureNotice
from jianzheng.documents.models import VerificationLog
from jianzheng.evaluation.models import Grade, Rating
from jianzheng.regions.models import Region, Unit
from jianzheng.reporting.census import Table
from jianzheng.reporting.ledger import ledger_counts
from jianzheng.reporting.scope import Period, communities, counties
from jianzheng.sharing.selectors import certificates_avoided
from jianzheng.signage import selectors as signage_selectors
from jianzheng.workitems.models import WorkPush

Build = Callable[[object, Region, Period], "Table | None"]


@dataclass(frozen=True)
class PanelSpec:
    key: str
    title: str
    build: Build
    unit: str = "件"


PANELS: list[PanelSpec] = []


def register_panel(
    key: str, title: str, build: Build, *, unit: str = "件", after: str = ""
) -> None:
    """Add (or replace) a panel; `after` places it behind another panel's key."""
    spec = PanelSpec(key, title, build, unit)
    keys = [p.key for p in PANELS]
    if key in keys:
        PANELS[keys.index(key)] = spec
    elif after in keys:
        PANELS.insert(keys.index(after) + 1, spec)
    else:
        PANELS.append(spec)


def panel(key: str) -> PanelSpec | None:
    return next((p for p in PANELS if p.key == key), None)


def _county_level(scope: Region) -> bool:
    return scope.level in (Region.Level.PROVINCE, Region.Level.CITY, Region.Level.COUNTY)


def _in_period(rows, field: str, period: Period, *, datetime: bool = False):
    tz = timezone.get_current_timezone()
    if period.start:
        start = (
            dt.datetime.combine(period.start, dt.time.min, tzinfo=tz) if datetime else period.start
        )
        rows = rows.filter(**{f"{field}__gte": start})
    if period.end:
        if datetime:
            end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
            rows = rows.filter(**{f"{field}__lt": end})
        else:
            rows = rows.filter(**{f"{field}__lte": period.end})
    return rows


def _table(
    title: str, first: str, counted: Counter, *, second: str = "数量", sort_key=None
) -> Table:
    items = sorted(counted.items(), key=sort_key or (lambda kv: (-kv[1], str(kv[0]))))
    return Table(title, [first, second], [[str(k), v] for k, v in items])


def certificates_by_month(viewer, scope, period):
    c = Counter()
    for row in ledger_counts(scope, period):
        c[row.month.strftime("%Y-%m")] += row.issued
    return _table("出具证明（按月）", "月份", +c, sort_key=lambda kv: kv[0])


def certificates_by_item(viewer, scope, period):
    c = Counter()
    for row in ledger_counts(scope, period):
        c[row.item_name] += row.issued
    return _table("出具证明（按事项）", "证明事项", +c)


def certificates_by_community(viewer, scope, period):
    c = Counter()
    for row in ledger_counts(scope, period):
        c[row.community_id] += row.issued
    names = dict(Unit.objects.filter(pk__in=list(c)).values_list("pk", "name"))
    return _table("出具证明（按社区）", "村（社区）", +Counter({names[k]: v for k, v in c.items()}))


def refusals_by_item(viewer, scope, period):
    c = Counter()
    for row in ledger_counts(scope, period):
        c[row.item_name] += row.refused
    return _table("拒绝出具（按证明）", "证明名称", +c, second="次数")


def refusals_by_unit(viewer, scope, period):
    rows = _in_period(
        Demand.objects.filter(
            community__in=communities(scope).values("pk"), outcome=Demand.Outcome.REFUSED
        ),
        "requested_on",
        period,
    )
    c = Counter()
    for row in rows.values("requester_unit__name", "requester").annotate(n=Count("id")):
        c[row["requester_unit__name"] or row["requester"]] += row["n"]
    return _table("拒绝出具（按索要单位）", "索要单位", c, second="次数")


def verifications(viewer, scope, period):
    documents = Certificate.objects.filter(community__in=communities(scope).values("pk")).values(
        "document_id"
    )
    rows = _in_period(
        VerificationLog.objects.filter(document_id__in=documents), "at", period, datetime=True
    )
    labels = dict(VerificationLog.Result.choices)
    c = Counter(
        {
            labels.get(r["result"], r["result"]): r["n"]
            for r in rows.values("result").annotate(n=Count("id"))
        }
    )
    return _table("证明核验（按结果）", "核验结果", c, second="次数")


def avoided(viewer, scope, period):
    if not _county_level(scope):
        return None
    c = Counter()
    for county in counties(scope):
        for row in certificates_avoided(county, date_from=period.start, date_to=period.end):
            c[row.item_name] += row.count
    return _table("信息共享免于开具的证明", "证明事项", c)


def commitments(viewer, scope, period):
    if not _county_level(scope):
        return None
    rows = _in_period(
        Commitment.objects.filter(county__in=counties(scope)), "committed_at", period, datetime=True
    )
    labels = dict(Commitment.State.choices)
    c = Counter(
        {
            "告知承诺：" + labels.get(r["state"], r["state"]): r["n"]
            for r in rows.values("state").annotate(n=Count("id"))
        }
    )
    checks = _in_period(
        PostCheck.objects.filter(commitment__county__in=counties(scope)), "created_on", period
    )
    labels = dict(PostCheck.State.choices)
    for r in checks.values("state").annotate(n=Count("id")):
        c["事后核查：" + labels.get(r["state"], r["state"])] = r["n"]
    return _table("告知承诺与事后核查", "情况", c)


def credit_records(viewer, scope, period):
    if not _county_level(scope):
        return None
    rows = _in_period(CreditRecord.objects.filter(county__in=counties(scope)), "start_date", period)
    labels = dict(CreditRecord.State.choices)
    c = Counter(
        {
            labels.get(r["state"], r["state"]): r["n"]
            for r in rows.values("state").annotate(n=Count("id"))
        }
    )
    return _table("虚假承诺信用记录", "状态", c, second="条数")


def complaints(viewer, scope, period):
    if not _county_level(scope):
        return None
    rows = _in_period(
        Complaint.objects.filter(county__in=counties(scope)), "received_at", period, datetime=True
    )
    labels = dict(Complaint.State.choices)
    c = Counter(
        {
            labels.get(r["state"], r["state"]): r["n"]
            for r in rows.values("state").annotate(n=Count("id"))
        }
    )
    finished = (
        Complaint.State.NOT_ACCEPTED,
        Complaint.State.UNFOUNDED,
        Complaint.State.CLOSED,
        Complaint.State.RECTIFIED,
    )
    overdue = rows.filter(due_on__lt=timezone.localdate()).exclude(state__in=finished).count()
    if overdue:
        c["其中超期未办"] = overdue
    return _table("监督举报（按状态）", "状态", c)


def exposure(viewer, scope, period):
    if not _county_level(scope):
        return None
    rows = _in_period(
        ExposureNotice.objects.filter(county__in=counties(scope)),
        "published_at",
        period,
        datetime=True,
    )
    c = Counter()
    for notice in rows.only("published_at"):
        c[timezone.localtime(notice.published_at).strftime("%Y-%m")] += 1
    return _table("公开曝光通报（按月）", "月份", c, second="条数", sort_key=lambda kv: kv[0])


def pushes_refused(viewer, scope, period):
    rows = _in_period(
        WorkPush.objects.filter(community__in=communities(scope).values("pk"), decision="refused"),
        "recorded_at",
        period,
        datetime=True,
    )
    c = Counter(
        {
            r["department__name"]: r["n"]
            for r in rows.values("department__name").annotate(n=Count("id"))
        }
    )
    return _table("社区拒绝的推送任务（按部门）", "部门", c)


def task_progress(viewer, scope, period):
    if not _county_level(scope):
        return None
    today = timezone.localdate()
    c = Counter()
    for campaign in Campaign.objects.filter(county__in=counties(scope)):
        for state in campaign_selectors.campaign_progress(campaign, today=today):
            c[f"{campaign.year}年 {state.state_label}"] += 1
    return _table("专项行动重点任务进展", "状态", c, second="任务数", sort_key=lambda kv: kv[0])


def plaque_compliance(viewer, scope, period):
    """二(四), 三(三): the venues whose plaques, postings and awards break no rule, on the period's
    last day (today for an open period)."""
    today = timezone.localdate()
    on = min(period.end, today) if period.end else today
    result = signage_selectors.compliance(scope, on)
    c = Counter({"合规": result.compliant, "待整改": result.total - result.compliant})
    return _table("挂牌和上墙合规（按活动场所）", "状态", +c, second="场所数")


def satisfaction(viewer, scope, period):
    """二(二): residents' ratings of the service they got (好差评), by grade, best first."""
    rows = _in_period(
        Rating.objects.filter(region__path__startswith=scope.path),
        "rated_at",
        period,
        datetime=True,
    )
    counted = dict(rows.values_list("grade").annotate(n=Count("id")))
    order = list(Grade)
    return Table(
        "群众满意度（服务评价）",
        ["评价", "数量"],
        [[g.label, counted[g.value]] for g in order if counted.get(g.value)],
    )


for _spec in (
    ("certificates_month", "出具证明（按月）", certificates_by_month),
    ("certificates_item", "出具证明（按事项）", certificates_by_item),
    ("certificates_community", "出具证明（按社区）", certificates_by_community),
    ("refusals_item", "拒绝出具（按证明）", refusals_by_item),
    ("refusals_unit", "拒绝出具（按索要单位）", refusals_by_unit),
    ("verifications", "证明核验", verifications),
    ("avoided", "信息共享免于开具", avoided),
    ("commitments", "告知承诺与事后核查", commitments),
    ("credit", "信用记录", credit_records),
    ("complaints", "监督举报", complaints),
    ("exposure", "公开曝光", exposure),
    ("pushes_refused", "拒绝的推送任务", pushes_refused),
    ("tasks", "专项任务进展", task_progress),
    ("plaques", "挂牌和上墙合规", plaque_compliance),
    ("satisfaction", "群众满意度", satisfaction),
):
    register_panel(*_spec)


@dataclass
class Shown:
    spec: PanelSpec
    table: Table

    @property
    def total(self) -> int:
        return sum(int(r[1]) for r in self.table.rows if isinstance(r[1], int))

    @property
    def summary(self) -> str:
        """What a screen reader says instead of the chart."""
        if not self.table.rows:
            return f"{self.table.title}：本期间没有记录。"
        top = "，".join(f"{r[0]} {r[1]}" for r in self.table.rows[:3])
        return (
            f"{self.table.title}：共{len(self.table.rows)}项，合计{self.total}；前几项为：{top}。"
        )


def build_panels(
    viewer, scope: Region, period: Period, keys: list[str] | None = None
) -> list[Shown]:
    shown = []
    for spec in PANELS:
        if keys is not None and spec.key not in keys:
            continue
        table = spec.build(viewer, scope, period)
        if table is not None:
            shown.append(Shown(spec, table))
    return shown
