"""Every write of the campaign area: building a campaign from its plan, copying it as the
template of another county's or year's, the units' progress reports with evidence (二 各项任务的
牵头单位、配合单位), and the supervision findings (四(二))."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jianzheng.campaign import permissions, reference
from jianzheng.campaign.models import (
    Campaign,
    Phase,
    PhaseWork,
    ProgressEvidence,
    ProgressReport,
    SupervisionFinding,
    Task,
    TaskUnit,
)
from jianzheng.campaign.reference import DEPARTMENTS, TOWNSHIPS
from jianzheng.core.audit import record
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text
from jianzheng.core.uploads import store_upload
from jianzheng.regions.models import Region, Unit
from jianzheng.regions.selectors import resolve_unit_name
from jianzheng.regions.services import link_unit_name

# Short names the plan uses for the county's bodies, by the code suffix the county units carry
# (regions.reference: "<county code>-<short>"). Tried after the name resolver.
SHORT_NAMES = {
    "民政局": "MZJ",
    "司法局": "SFJ",
    "组织部": "ZZB",
    "县委组织部": "ZZB",
    "审批服务管理局": "SPJ",
    "编办": "BB",
    "发改局": "FGJ",
}
MAX_EVIDENCE = 5
# The longest progress summary, in characters once trimmed (core.text.clean_text); the API schema
# (campaign/schemas.py ProgressIn) and the staff form state the same number.
MAX_PROGRESS_SUMMARY = 2000


def _link(text: str, county: Region) -> dict:
    """The TaskUnit fields for a unit named `text` in `county`."""
    if text == TOWNSHIPS:
        return {"collective": TaskUnit.Collective.TOWNSHIPS}
    if text == DEPARTMENTS:
        return {"collective": TaskUnit.Collective.DEPARTMENTS}
    unit = resolve_unit_name(text, region=county)
    if unit is None and text in SHORT_NAMES:
        unit = Unit.objects.filter(code=f"{county.code}-{SHORT_NAMES[text]}").first()
    if unit is not None:
        return {"unit": unit}
    return {"unit_name": link_unit_name(text, region=county).name}


def _shift(day: dt.date | None, years: int) -> dt.date | None:
    if day is None or years == 0:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def build_campaign(
    *, code, title, document_number, county, year, tasks, phases, now, copied_from=None
) -> Campaign:
    """Rows for a plan given as reference.TaskRow / PhaseRow; the caller holds the transaction."""
    campaign = Campaign.objects.create(
        code=code,
        title=title,
        document_number=document_number,
        county=county,
        year=year,
        copied_from=copied_from,
        created_at=now,
    )
    by_number: dict[int, Phase] = {}
    for row in phases:
        phase = Phase.objects.create(
            campaign=campaign,
            number=row.number,
            label=row.label,
            title=row.title,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            description=row.description,
        )
        by_number[row.number] = phase
        for position, (work, source) in enumerate(row.works, start=1):
            PhaseWork.objects.create(phase=phase, position=position, title=work, source=source)
    for row in tasks:
        due_phase = by_number.get(row.phase) if row.phase else None
        task = Task.objects.create(
            campaign=campaign,
            number=row.number,
            label=row.label,
            title=row.title,
            content=row.content,
            phase=due_phase,
            due_on=due_phase.ends_on if due_phase else None,
        )
        for role, names in (
            (TaskUnit.Role.LEAD, row.lead),
            (TaskUnit.Role.COOPERATING, row.cooperating),
        ):
            for position, text in enumerate(names, start=1):
                TaskUnit.objects.create(
                    task=task, role=role, position=position, text=text, **_link(text, county)
                )
    return campaign


class _Row:
    """A stored task or phase read back as the rows build_campaign takes, dates shifted."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


@transaction.atomic
def copy_campaign(
    *,
    actor,
    source: Campaign,
    county: Region,
    year: int,
    title: str = "",
    document_number: str = "",
) -> Campaign:
    """The plan of `source` as the template of a new campaign for `county` in `year`: the same
    tasks, units (named as in the plan, linked to `county`'s own units) and phases, every date
    moved by the difference in years."""
    if not permissions.can_copy(actor, county):
        raise PermissionDenied("只有本县（或上级）民政局管理员可以复制专项行动")
    problems = FieldErrors()
    if county.level != Region.Level.COUNTY:
        problems.add("county", "请选择一个县（区）")
    if not (2000 <= year <= 2100):
        problems.add("year", "年度应在2000至2100之间")
    title = problems.collect(
        lambda: clean_text(title, field="title", label="名称", max_length=200, required=False)
    )
    document_number = problems.collect(
        lambda: clean_text(
            document_number, field="document_number", label="文号", max_length=60, required=False
        )
    )
    problems.raise_if_any("invalid_request", "填写的内容有误")
    code = f"{county.code}-{year}"
    if Campaign.objects.filter(code=code).exists():
        raise RuleViolation(
            "campaign_exists", f"{county.name}{year}年的专项行动已经存在", field="year", status=409
        )
    years = year - source.year
    phases = [
        _Row(
            number=p.number,
            label=p.label,
            title=p.title,
            starts_on=_shift(p.starts_on, years),
            ends_on=_shift(p.ends_on, years),
            description=p.description,
            works=[(w.title, w.source) for w in p.works.all()],
        )
        for p in source.phases.prefetch_related("works")
    ]
    tasks = [
        _Row(
            number=t.number,
            label=t.label,
            title=t.title,
            content=t.content,
            phase=t.phase.number if t.phase else None,
            lead=[u.text for u in t.units.all() if u.role == TaskUnit.Role.LEAD],
            cooperating=[u.text for u in t.units.all() if u.role == TaskUnit.Role.COOPERATING],
        )
        for t in source.tasks.select_related("phase").prefetch_related("units")
    ]
    campaign = build_campaign(
        code=code,
        title=title or source.title.replace(source.county.name, county.name),
        document_number=document_number,
        county=county,
        year=year,
        tasks=tasks,
        phases=phases,
        now=timezone.now(),
        copied_from=source,
    )
    record(
        actor=actor,
        action="campaign.copied",
        target=campaign,
        summary={"from": source.code, "county": county.code, "year": year},
    )
    return campaign


@transaction.atomic
def report_progress(
    *,
    actor,
    task: Task,
    state: str,
    summary: str,
    files: Sequence = (),
    reported_on: dt.date | None = None,
) -> ProgressReport:
    """A unit named by the task (or one of the plan's collective names covers it) reports how far
    its part has come, with evidence files (images or PDFs, checked by content)."""
    unit = permissions.reporting_unit(actor, task)
    if unit is None:
        raise PermissionDenied("只有该任务的牵头单位或配合单位可以报送进展")
    problems = FieldErrors()
    if state not in ProgressReport.State.values:
        problems.add("state", "请选择进展：推进中或已完成")
    summary = problems.collect(
        lambda: clean_text(
            summary,
            field="summary",
            label="进展情况",
            max_length=MAX_PROGRESS_SUMMARY,
            multiline=True,
        )
    )
    today = timezone.localdate()
    if reported_on is not None and reported_on > today:
        problems.add(
            "reported_on",
            "报送日期不能晚于今天",
        )
    if len(files) > MAX_EVIDENCE:
        problems.add("files", f"最多上传{MAX_EVIDENCE}个佐证材料")
    problems.raise_if_any("invalid_request", "填写的内容有误")
    report = ProgressReport.objects.create(
        task=task,
        unit=unit,
        state=state,
        summary=summary,
        reported_on=reported_on or today,
        reported_by=actor,
        created_at=timezone.now(),
    )
    for upload in files:
        stored = store_upload(upload, area="campaign", field="files")
        ProgressEvidence.objects.create(report=report, file=stored)
    record(
        actor=actor,
        action="campaign.progress",
        target=report,
        summary={"task": task.label, "unit": unit.code, "state": state, "files": len(files)},
    )
    return report


@transaction.atomic
def record_finding(
    *, actor, unit: Unit, task: Task | None, reference: str, found_on: dt.date, summary: str
) -> SupervisionFinding:
    """四(二): 自治区(市)督导 found something of `unit`, about `task` when it names one."""
    if not permissions.can_record_findings(actor, unit):
        raise PermissionDenied("只有民政局管理员或督查人员可以登记督查通报")
    problems = FieldErrors()
    reference = problems.collect(
        lambda: clean_text(reference, field="reference", label="文号", max_length=80)
    )
    summary = problems.collect(
        lambda: clean_text(
            summary, field="summary", label="督查发现", max_length=2000, multiline=True
        )
    )
    if found_on is None or found_on > timezone.localdate():
        problems.add("found_on", "督查日期不能为空或晚于今天")
    if task is not None and not unit.region.path.startswith(task.campaign.county.path):
        problems.add("task", "该任务不属于被督查单位所在县")
    problems.raise_if_any("invalid_request", "填写的内容有误")
    finding = SupervisionFinding.objects.create(
        unit=unit,
        task=task,
        reference=reference,
        found_on=found_on,
        summary=summary,
        recorded_by=actor,
        created_at=timezone.now(),
    )
    record(
        actor=actor,
        action="campaign.finding",
        target=finding,
        summary={"unit": unit.code, "task": task.label if task else None, "reference": reference},
    )
    return finding


@transaction.atomic
def load_seed_campaign(*, demo: bool = True) -> str:
    """Idempotent: the seed's campaign (campaign/reference.py) for 永宁县 once its regions are
    there."""
    county = Region.objects.filter(code=reference.SEED_COUNTY).first()
    if county is None:
        return "没有永宁县的区划，未载入专项行动"
    if Campaign.objects.filter(code=reference.SEED_CODE).exists():
        return "专项行动已存在"
    build_campaign(
        code=reference.SEED_CODE,
        title=reference.SEED_TITLE,
        document_number=reference.SEED_NUMBER,
        county=county,
        year=reference.SEED_YEAR,
        tasks=reference.TASKS,
        phases=reference.PHASES,
        now=timezone.now(),
    )
    return f"专项行动：{len(reference.TASKS)}项重点任务、{len(reference.PHASES)}个实施步骤"
