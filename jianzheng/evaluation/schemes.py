"""The unified scheme (永民发〔2020〕91号 二(二)): "建立统一的'星级和谐社区'和'服务型党组织'综合考评体系，
取消各部门自行设立的各类单项社区评比达标活动。转变考评工作方式，主要考评服务居民实效和群众满意度，
会议、报表、台账资料不得作为考核内容。" Define, run, publish."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from jianzheng.accounts.permissions import counties_in_scope, has_role
from jianzheng.accounts.roles import Role
from jianzheng.core import audit
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text
from jianzheng.evaluation import deductions as deduction_rules
from jianzheng.evaluation import formulas, sources
from jianzheng.evaluation.models import Indicator, Result, Scheme
from jianzheng.regions.models import Region, Unit

# 二(二), word for word.
PAPERWORK_RULE = (
    "转变考评工作方式，主要考评服务居民实效和群众满意度，会议、报表、台账资料不得作为考核内容"
    "（永民发〔2020〕91号 二(二)）"
)
SINGLE_ITEM_RULE = (
    "建立统一的“星级和谐社区”和“服务型党组织”综合考评体系，取消各部门自行设立的各类单项社区评比达标活动"
    "（永民发〔2020〕91号 二(二)）：社区考评方案只由县民政局（组织部）制定"
)
PAPERWORK_WORDS = ("会议", "开会", "例会", "报表", "台账", "报送材料", "资料")
SINGLE_ITEM_WORDS = ("单项", "评比", "达标")
PERIOD_PATTERN = re.compile(r"^\d{4}(-(H[12]|Q[1-4]|\d{2}))?$")

# The recommended indicators ("使用推荐指标"): weights and formulas as data (docs/evaluation.md).
DEFAULT_INDICATORS = [
    ("same_day", "当场出具证明", "service_result", "same_day_issue", {"type": "share"}, 15, "both"),
    (
        "refusals",
        "依规拒绝并登记",
        "service_result",
        "refusals_correct",
        {"type": "share"},
        10,
        "community",
    ),
    (
        "follow_ups",
        "差评按期整改",
        "service_result",
        "follow_ups_in_time",
        {"type": "share"},
        15,
        "both",
    ),
    (
        "upheld",
        "被查实的举报",
        "service_result",
        "complaints_upheld",
        {"type": "count_penalty", "per": 20},
        10,
        "both",
    ),
    (
        "pushes",
        "拒绝未经准入的任务",
        "service_result",
        "work_pushes_refused",
        {"type": "count_target", "target": 1},
        5,
        "party",
    ),
    (
        "plaques",
        "挂牌和上墙合规",
        "service_result",
        "plaque_compliance",
        {"type": "share"},
        10,
        "community",
    ),
    (
        "satisfaction",
        "群众评价平均分",
        "satisfaction",
        "satisfaction_mean",
        {"type": "mean"},
        30,
        "both",
    ),
    (
        "satisfied",
        "基本满意及以上",
        "satisfaction",
        "satisfied_share",
        {"type": "share"},
        15,
        "both",
    ),
]


def _refuse_single_item(actor) -> None:
    """Only the county's civil affairs bureau (组织部) sets the one scheme: a department's own
    community rating is the 单项评比达标 the seed abolished."""
    if not has_role(actor, Role.CIVIL_AFFAIRS_ADMIN):
        raise RuleViolation("single_item_rating", SINGLE_ITEM_RULE, status=403)


def _refuse_paperwork(errors: FieldErrors, field: str, text: str) -> None:
    if any(word in text for word in PAPERWORK_WORDS):
        errors.add(field, PAPERWORK_RULE)


def _editable(scheme: Scheme) -> Scheme:
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.is_published:
        raise RuleViolation("scheme_published", "考评方案已公布，不能再修改或重新计算", status=409)
    return scheme


@transaction.atomic
def create_scheme(
    *,
    actor,
    county: Region,
    period: str,
    name: str,
    start: dt.date,
    end: dt.date,
    star_thresholds=None,
    deduction_per_notice="2",
    deduction_cap="10",
    with_defaults: bool = False,
) -> Scheme:
    _refuse_single_item(actor)
    if county not in counties_in_scope(actor):
        raise RuleViolation("unknown_county", "只能为本县制定考评方案", field="county", status=403)
    errors = FieldErrors()
    name = errors.collect(clean_text, name, field="name", label="名称", max_length=100, default="")
    if name and any(word in name for word in SINGLE_ITEM_WORDS):
        errors.add("name", SINGLE_ITEM_RULE)
    if name:
        _refuse_paperwork(errors, "name", name)
    period = (period or "").strip()
    if not PERIOD_PATTERN.match(period):
        errors.add("period", "考评期写作年份，如 2026，或 2026-H1、2026-Q3")
    if start and end and end < start:
        errors.add("end", "截止日期不能早于起始日期")
    if not start:
        errors.add("start", "请填写起始日期")
    if not end:
        errors.add("end", "请填写截止日期")
    thresholds = errors.collect(formulas.clean_thresholds, star_thresholds, default=[])
    per = _points(errors, "deduction_per_notice", deduction_per_notice, "每份通报扣分")
    cap = _points(errors, "deduction_cap", deduction_cap, "扣分上限")
    errors.raise_if_any("invalid_scheme", "考评方案有误，未保存")
    try:
        with transaction.atomic():
            scheme = Scheme.objects.create(
                county=county,
                period=period,
                name=name,
                start=start,
                end=end,
                star_thresholds=thresholds,
                deduction_per_notice=per,
                deduction_cap=cap,
                created_by=actor,
                created_at=timezone.now(),
            )
    except IntegrityError:
        raise RuleViolation(
            "scheme_exists",
            f"{county.name}{period}年度已有考评方案：每县每期只有一个统一的综合考评（二(二)）",
            field="period",
            status=409,
        ) from None
    audit.record(
        actor=actor,
        action="evaluation.scheme_created",
        target=scheme,
        summary={"county": county.code, "period": period},
    )
    if with_defaults:
        for order, (code, label, kind, source, formula, weight, applies) in enumerate(
            DEFAULT_INDICATORS
        ):
            add_indicator(
                actor=actor,
                scheme=scheme,
                code=code,
                name=label,
                kind=kind,
                source=source,
                formula=formula,
                weight=weight,
                applies_to=applies,
                order=order,
            )
    return scheme


def _points(errors: FieldErrors, field: str, value, label: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or number > 100:
        errors.add(field, f"{label}应为0至100之间的数")
        return Decimal(0)
    return formulas.cents(number)


@transaction.atomic
def add_indicator(
    *,
    actor,
    scheme: Scheme,
    code: str,
    name: str,
    kind: str,
    source: str,
    formula,
    weight,
    applies_to: str = Indicator.AppliesTo.BOTH,
    order: int | None = None,
) -> Indicator:
    """An indicator of kind `service_result` (from the platform's records) or `satisfaction`
    (from the ratings). One about meetings, reports or ledgers is refused with 二(二)'s sentence."""
    _refuse_single_item(actor)
    errors = FieldErrors()
    code = errors.collect(clean_text, code, field="code", label="代码", max_length=32, default="")
    if code and not re.fullmatch(r"[a-z][a-z0-9_]*", code):
        errors.add("code", "代码用小写字母、数字和下划线，如 same_day")
    name = errors.collect(clean_text, name, field="name", label="名称", max_length=100, default="")
    for field, text in (("name", name), ("code", code), ("source", source or "")):
        _refuse_paperwork(errors, field, text)
    if kind not in Indicator.Kind.values:
        errors.add("kind", "指标类型应为服务居民实效（service_result）或群众满意度（satisfaction）")
    elif "name" not in errors:
        errors.collect(sources.source_for, source, kind=kind)
    formula = errors.collect(formulas.clean_formula, formula, default={})
    weight_value = _points(errors, "weight", weight, "权重")
    if not weight_value and "weight" not in errors:
        errors.add("weight", "权重应大于0")
    if applies_to not in Indicator.AppliesTo.values:
        errors.add("applies_to", "请选择适用的考评")
    paperwork = any(message == PAPERWORK_RULE for message in errors.fields.values())
    if paperwork:
        raise RuleViolation("paperwork_indicator", PAPERWORK_RULE, fields=errors.fields)
    errors.raise_if_any("invalid_indicator", "考评指标有误，未保存")
    scheme = _editable(scheme)
    if scheme.indicators.filter(code=code).exists():
        raise RuleViolation(
            "indicator_exists", "本方案已有这个代码的指标", field="code", status=409
        )
    indicator = Indicator.objects.create(
        scheme=scheme,
        code=code,
        name=name,
        kind=kind,
        source=source,
        formula=formula,
        weight=weight_value,
        applies_to=applies_to,
        order=order if order is not None else scheme.indicators.count(),
    )
    audit.record(
        actor=actor,
        action="evaluation.indicator_added",
        target=indicator,
        summary={"scheme": scheme.pk, "code": code, "source": source, "formula": formula},
    )
    return indicator


def communities_of(county: Region):
    return (
        Unit.objects.select_related("region")
        .filter(kind=Unit.Kind.COMMUNITY, region__path__startswith=county.path)
        .order_by("code")
    )


def _township_of(community: Unit) -> Region:
    parent = community.region.parent
    return parent if parent is not None else community.region


def breakdown_for(scheme: Scheme, community: Unit) -> list[dict]:
    rows = []
    for indicator in scheme.indicators.all():
        source = sources.SOURCES[indicator.source]
        value = source.compute(community, scheme.start, scheme.end)
        score = formulas.indicator_score(indicator.formula, value.value)
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "kind": indicator.kind,
                "source": indicator.source,
                "source_label": source.label,
                "formula": indicator.formula,
                "weight": str(indicator.weight),
                "applies_to": indicator.applies_to,
                "value": value.value,
                "unit": source.unit,
                "data": value.data,
                "text": value.text,
                "score": str(score) if score is not None else None,
            }
        )
    return rows


def _rank(results: list[Result], attr: str) -> None:
    """Competition ranking by 星级和谐社区: the starred first, then by score; equal places share a
    rank (1, 2, 2, 4)."""

    def place(result: Result) -> tuple:
        return (result.community_stars > 0, result.community_score)

    ordered = sorted(results, key=lambda r: (not place(r)[0], -r.community_score, r.community.code))
    previous, rank = None, 0
    for position, result in enumerate(ordered, start=1):
        if place(result) != previous:
            rank, previous = position, place(result)
        setattr(result, attr, rank)


@transaction.atomic
def run_scheme(*, actor, scheme: Scheme) -> list[Result]:
    """Compute every community's result from the platform's data; a draft's earlier run is
    replaced. Stars and scores follow `formulas` exactly."""
    _refuse_single_item(actor)
    scheme = _editable(scheme)
    if not scheme.indicators.exists():
        raise RuleViolation("no_indicators", "请先添加考评指标", status=422)
    for indicator in scheme.indicators.all():
        sources.source_for(indicator.source, kind=indicator.kind)
    points = {
        d.unit.pk: d.points
        for d in deduction_rules.deductions(
            county=scheme.county,
            start=scheme.start,
            end=scheme.end,
            per_notice=scheme.deduction_per_notice,
            cap=scheme.deduction_cap,
        )
        if d.unit is not None
    }
    now = timezone.now()
    scheme.results.all().delete()  # a draft's results only (published schemes never rerun)
    results = []
    for community in communities_of(scheme.county):
        rows = breakdown_for(scheme, community)
        deduction = points.get(community.pk, Decimal("0.00"))
        community_score = formulas.final_score(rows, "community", deduction)
        party_score = formulas.final_score(rows, "party", deduction)
        results.append(
            Result(
                scheme=scheme,
                community=community,
                township=_township_of(community),
                community_score=community_score,
                community_stars=formulas.title_stars(
                    rows, "community", community_score, scheme.star_thresholds
                ),
                party_score=party_score,
                party_stars=formulas.title_stars(
                    rows, "party", party_score, scheme.star_thresholds
                ),
                deduction=deduction,
                breakdown=rows,
                computed_at=now,
            )
        )
    _rank(results, "county_rank")
    by_town: dict[int, list[Result]] = {}
    for result in results:
        by_town.setdefault(result.township.pk, []).append(result)
    for group in by_town.values():
        _rank(group, "township_rank")
    Result.objects.bulk_create(results)
    scheme.run_at = now
    scheme.save(update_fields=["run_at"])
    audit.record(
        actor=actor,
        action="evaluation.scheme_run",
        target=scheme,
        summary={"communities": len(results)},
    )
    return results


@transaction.atomic
def publish_scheme(*, actor, scheme: Scheme) -> Scheme:
    _refuse_single_item(actor)
    scheme = _editable(scheme)
    if not scheme.results.exists():
        raise RuleViolation("not_run", "请先计算考评结果再公布", status=422)
    scheme.state = Scheme.State.PUBLISHED
    scheme.published_at = timezone.now()
    scheme.save(update_fields=["state", "published_at"])
    audit.record(actor=actor, action="evaluation.scheme_published", target=scheme)
    return scheme


def scheme_deductions(scheme: Scheme) -> list[deduction_rules.Deduction]:
    return deduction_rules.deductions(
        county=scheme.county,
        start=scheme.start,
        end=scheme.end,
        per_notice=scheme.deduction_per_notice,
        cap=scheme.deduction_cap,
    )
