"""Every write of 社区工作事项准入 (永民发〔2020〕91号 二(二), lead units 民政局、组织部).

- 准入: a department (or township) applies to push work onto communities with what, why, legal
  basis, communities, workload, funding, term; 民政局 decides with reasons within the county's
  deadline in working days (default 15), 组织部 co-signing where the county configures it. Nobody
  decides their own unit's request.
- 取消 (二(二)): a request that matches a negative item is refused at once, citing it.
- Sudden emergencies (public safety, public health, disaster) are admitted without prior approval,
  recorded with the reason and reviewed afterwards, within the same deadline.
- 权随责走、费随事转: approval creates a ServiceAgreement with funding and a signed paper of kind
  `agreement` valid until the term ends (agreements.py, where payments are recorded too).
- 未经批准的事项社区可拒绝接受: the community's clerk records each push; one action accepts or
  refuses it (rules.decide_push); a refusal names the department and is counted."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jianzheng.accounts.permissions import counties_in_scope, membership_of
from jianzheng.core import audit, workdays
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text
from jianzheng.regions.models import Region, Unit
from jianzheng.regions.selectors import county_of
from jianzheng.workitems import agreements, permissions, rules, selectors
from jianzheng.workitems.fields import (
    MAX_DECISION_REASON,
    MAX_EMERGENCY_REASON,
    MAX_FUNDING,
    MAX_FUNDING_METHOD,
    MAX_HOURS,
    MAX_LEGAL_BASIS,
    MAX_PUSH_TITLE,
    MAX_REASON,
    MAX_TITLE,
    claim_number,
    clean_amount,
    clean_date,
)
from jianzheng.workitems.models import CountySettings, WorkItem, WorkItemRequest, WorkPush

State = WorkItemRequest.State


def _communities(errors: FieldErrors, codes, *, actor_unit: Unit, county: Region) -> list[Unit]:
    if isinstance(codes, str):
        codes = [c for c in codes.replace("，", ",").replace("\n", ",").split(",")]
    if not isinstance(codes, list | tuple):
        errors.add("communities", "请选择涉及的社区（社区代码的列表）")
        return []
    wanted = list(dict.fromkeys(c.strip() for c in codes if isinstance(c, str) and c.strip()))
    if not wanted:
        errors.add("communities", "请选择涉及的社区")
        return []
    # A township pushes only onto its own communities; a department onto its county's.
    top = actor_unit.region if actor_unit.kind == Unit.Kind.TOWNSHIP else county
    found = {
        u.code: u
        for u in Unit.objects.filter(
            code__in=wanted,
            kind=Unit.Kind.COMMUNITY,
            is_active=True,
            region__path__startswith=top.path,
        )
    }
    missing = [c for c in wanted if c not in found]
    if missing:
        errors.add("communities", f"{top.name}没有这些社区：{'、'.join(missing[:10])}")
    return [found[c] for c in wanted if c in found]


# ---------------------------------------------------------------- county settings


@transaction.atomic
def configure_county(
    *, actor, county: Region, review_days, cosign_unit: str = ""
) -> CountySettings:
    if not permissions.can_configure(actor) or county not in counties_in_scope(actor):
        raise PermissionDenied("只有本县民政局管理员可以设置工作事项准入")
    errors = FieldErrors()
    days = errors.collect(
        clean_amount,
        review_days,
        field="review_days",
        label="审核期限",
        maximum=Decimal(60),
        places=0,
    )
    if days is not None and days < 1:
        errors.add("review_days", "审核期限至少1个工作日")
    unit = None
    code = cosign_unit.strip() if isinstance(cosign_unit, str) else ""
    if code:
        unit = Unit.objects.filter(
            code=code, kind=Unit.Kind.DEPARTMENT, region__path__startswith=county.path
        ).first()
        if unit is None:
            errors.add("cosign_unit", f"{county.name}没有代码为“{code}”的部门")
    errors.raise_if_any("invalid_settings", "设置有误，未保存")
    found, _ = CountySettings.objects.select_for_update().get_or_create(county=county)
    found.review_days = int(days)
    found.cosign_unit = unit
    found.save()
    audit.record(
        actor=actor,
        action="workitems.configured",
        target=found,
        summary={"county": county.code, "review_days": found.review_days, "cosign": code},
    )
    return found


# ---------------------------------------------------------------- requests


@transaction.atomic
def submit_request(
    *,
    actor,
    kind,
    title,
    reason,
    legal_basis="",
    communities,
    hours_per_month,
    funding_amount,
    funding_method="",
    term_start,
    term_end,
    emergency="",
    emergency_reason="",
) -> WorkItemRequest:
    """A request decided at once when it matches a negative item (refused, citing it) or is a
    sudden emergency (admitted, to be reviewed); otherwise it waits for 民政局 until its deadline."""
    if not permissions.can_request(actor):
        raise PermissionDenied("只有县直部门、乡镇（街道）可以申请社区工作事项准入")
    unit = membership_of(actor).unit
    county = county_of(unit.region)
    errors = FieldErrors()
    if kind not in WorkItemRequest.Kind.values:
        errors.add("kind", "请选择申请类型：新增协助政府工作事项（item）或一次性工作任务（task）")
    emergency = emergency or ""
    if emergency not in ("", *WorkItemRequest.Emergency.values):
        errors.add("emergency", "突发事件类别只能是公共安全、公共卫生或自然灾害")
    title = errors.collect(clean_text, title, field="title", label="事项", max_length=MAX_TITLE)
    reason = errors.collect(
        clean_text, reason, field="reason", label="申请理由", max_length=MAX_REASON, multiline=True
    )
    # 权随责走: assistance work needs its legal basis; an emergency names the event instead.
    basis = errors.collect(
        clean_text,
        legal_basis,
        field="legal_basis",
        label="法律法规依据",
        max_length=MAX_LEGAL_BASIS,
        required=not emergency,
    )
    places = _communities(errors, communities, actor_unit=unit, county=county)
    hours = errors.collect(
        clean_amount,
        hours_per_month,
        field="hours_per_month",
        label="预计工作量（小时/月）",
        maximum=MAX_HOURS,
        places=1,
    )
    money = errors.collect(
        clean_amount, funding_amount, field="funding_amount", label="服务经费", maximum=MAX_FUNDING
    )
    # 费随事转: work that needs a community's help comes with funding.
    if money is not None and money <= 0 and not emergency:
        errors.add("funding_amount", "协助政府工作须安排服务经费（费随事转），经费应大于0")
    method = errors.collect(
        clean_text,
        funding_method,
        field="funding_method",
        label="经费拨付方式",
        max_length=MAX_FUNDING_METHOD,
        required=not emergency,
    )
    start = errors.collect(clean_date, term_start, field="term_start", label="开始日期")
    end = errors.collect(clean_date, term_end, field="term_end", label="结束日期")
    if start and end and end < start:
        errors.add("term_end", "结束日期不能早于开始日期")
    why = errors.collect(
        clean_text,
        emergency_reason,
        field="emergency_reason",
        label="突发事件说明",
        max_length=MAX_EMERGENCY_REASON,
        required=bool(emergency),
    )
    errors.raise_if_any("invalid_request", "准入申请内容不完整或有误，未提交")
    number = claim_number("ZR", county, WorkItemRequest)
    now = timezone.now()
    today = timezone.localdate(now)
    days = selectors.settings_for(county).review_days
    request = WorkItemRequest.objects.create(
        number=number,
        county=county,
        department=unit,
        kind=kind,
        title=title,
        reason=reason,
        legal_basis=basis,
        hours_per_month=hours,
        funding_amount=money,
        funding_method=method,
        term_start=start,
        term_end=end,
        emergency=emergency,
        emergency_reason=why,
        submitted_at=now,
        submitted_by=actor,
        deadline=workdays.add_working_days(today, days),
    )
    request.communities.set(places)
    # 二(二) 取消: refused at once, whatever else the request says.
    negative = rules.matching_negative([title, reason], selectors.negatives_of(county))
    if negative is not None:
        request.state = State.REFUSED
        request.negative_item = negative
        request.decided_at = now
        request.decision_reason = (
            rules.negative_reason(negative) + "（永民发〔2020〕91号 二（二））"
        )
        request.deadline = None
    elif emergency:
        request.state = State.EMERGENCY
        agreements.admit_item(request)
    request.save()
    audit.record(
        actor=actor,
        action="workitems.request_submitted",
        target=request,
        summary={
            "number": number,
            "department": unit.code,
            "kind": kind,
            "title": title,
            "state": request.state,
            "negative_item": negative.code if negative else "",
            "emergency": emergency,
            "communities": [c.code for c in places],
            "funding_amount": str(money),
        },
    )
    return request


DECISIONS = ("approve", "reject")


@transaction.atomic
def decide_request(*, actor, request: WorkItemRequest, decision, reason) -> WorkItemRequest:
    """民政局 decides a pending request; where the county configures it, 组织部 co-signs after;
    an emergency is reviewed by the same step (approve: it was one; reject: it was not, and the
    work is withdrawn). Approval admits the work and signs its service agreement."""
    request = WorkItemRequest.objects.select_for_update().get(pk=request.pk)
    if permissions.is_own_request(actor, request):
        raise PermissionDenied("不能审核本单位提出的准入申请")
    if not permissions.can_decide(actor, request):
        raise PermissionDenied("只有县民政局（会签单位）可以审核准入申请")
    errors = FieldErrors()
    if decision not in DECISIONS:
        errors.add("decision", "请选择同意（approve）或不同意（reject）")
    text = errors.collect(
        clean_text, reason, field="reason", label="审核意见", max_length=MAX_DECISION_REASON
    )
    errors.raise_if_any("invalid_decision", "审核内容不完整，未保存")
    unit = membership_of(actor).unit
    cosign = selectors.settings_for(request.county).cosign_unit
    is_cosigner = cosign is not None and unit.pk == cosign.pk
    approve = decision == "approve"
    now = timezone.now()
    if request.state == State.PENDING:
        if is_cosigner:
            raise RuleViolation(
                "awaiting_first_review", "须先由民政局审核，再由会签单位会签", status=409
            )
        if approve:
            agreements.check_term(request)
        request.decided_at, request.decided_by, request.decision_reason = now, actor, text
        if not approve:
            request.state = State.REJECTED
        elif cosign is not None:
            request.state = State.COSIGN
        else:
            request.state = State.APPROVED
    elif request.state == State.COSIGN:
        if not is_cosigner:
            raise RuleViolation(
                "awaiting_cosign",
                f"民政局已审核，待{cosign.name if cosign else '会签单位'}会签",
                status=409,
            )
        if approve:
            agreements.check_term(request)
        request.cosigned_at, request.cosigned_by, request.cosign_reason = now, actor, text
        request.state = State.APPROVED if approve else State.REJECTED
    elif request.state == State.EMERGENCY:
        request.decided_at, request.decided_by, request.decision_reason = now, actor, text
        request.state = State.UPHELD if approve else State.OVERTURNED
        if not approve:
            WorkItem.objects.filter(source_request=request).update(is_active=False)
    else:
        raise RuleViolation(
            "already_decided", f"该申请{request.get_state_display()}，不能再审核", status=409
        )
    request.save()
    agreement = None
    if request.state == State.APPROVED:
        agreement = agreements.sign_agreement(request, actor=actor)
    audit.record(
        actor=actor,
        action="workitems.request_decided",
        target=request,
        summary={
            "number": request.number,
            "decision": decision,
            "state": request.state,
            "reason": text,
            "agreement": agreement.number if agreement else "",
        },
    )
    return request


# ---------------------------------------------------------------- the community's side


@transaction.atomic
def record_push(*, actor, community: Unit, department, title, work_item="") -> WorkPush:
    """One action: the clerk records a task a unit pushed onto their community and the system
    accepts it (admitted) or refuses it (not admitted, negative, agreement lapsed), naming the
    department; a refusal is counted against it (二(二) 未经批准的事项社区可拒绝接受)."""
    if not permissions.can_record_push(actor, community):
        raise PermissionDenied("只有本社区的工作人员可以登记推送的工作任务")
    county = county_of(community.region)
    errors = FieldErrors()
    code = department.strip() if isinstance(department, str) else ""
    pusher = None
    if not code:
        errors.add("department", "请填写推送任务的单位（单位代码）")
    else:
        pusher = Unit.objects.filter(
            code=code, is_active=True, kind__in=selectors.PUSHER_KINDS
        ).first()
        if pusher is None:
            errors.add("department", f"没有代码为“{code[:40]}”的部门或乡镇（街道）")
    text = errors.collect(
        clean_text, title, field="title", label="任务内容", max_length=MAX_PUSH_TITLE
    )
    item = None
    wanted = work_item.strip() if isinstance(work_item, str) else ""
    if wanted:
        item = selectors.find_item(county, wanted)
        if item is None:
            errors.add("work_item", f"{county.name}的社区工作事项清单中没有“{wanted[:40]}”")
    errors.raise_if_any("invalid_push", "登记内容有误，未保存")
    assert pusher is not None
    agreements = (
        list(item.agreements.select_related("document").prefetch_related("communities"))
        if item is not None
        else []
    )
    outcome = rules.decide_push(
        community_id=community.pk,
        department_id=pusher.pk,
        department_name=pusher.name,
        title=text,
        item=item,
        negatives=selectors.negatives_of(county),
        agreements=agreements,
        on=workdays.today(),
    )
    push = WorkPush.objects.create(
        community=community,
        department=pusher,
        title=text,
        work_item=item,
        agreement=outcome.agreement,
        decision=outcome.decision,
        reason_code=outcome.reason_code,
        reason=outcome.reason[:500],
        cited_item=outcome.cited_item,
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action="workitems.push_recorded",
        target=push,
        summary={
            "community": community.code,
            "department": pusher.code,
            "title": text,
            "work_item": item.code if item else "",
            "decision": outcome.decision,
            "reason": outcome.reason_code,
        },
    )
    return push
