"""Every write of the complaints area (永民发〔2020〕91号 二(五) 强化公开曝光): a resident's report
against the unit that demanded a proof, the case workflow at three levels with deadlines in
working days, the resident's follow-up, escalation of overdue cases, cases opened from the
refusals communities recorded, and exposure notices.

Each write is one transaction: the case, its event, the audit entry and the outbox rows of the
notifications are committed together or not at all."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from jianzheng.accounts.permissions import membership_of, scope_region
from jianzheng.catalogue import selectors as catalogue
from jianzheng.complaints import permissions
from jianzheng.complaints.channels import channels_for
from jianzheng.complaints.models import Complaint, ComplaintEvent, Evidence, ExposureNotice, Level
from jianzheng.complaints.selectors import handler_name, refusals_of_month
from jianzheng.core import audit, notify, residents, uploads, workdays
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.names import check_name
from jianzheng.core.phones import clean_phone, is_mobile
from jianzheng.core.text import clean_text, scrub_personal_data
from jianzheng.regions.models import Region, Unit, UnitName
from jianzheng.regions.selectors import county_of, resolve_unit_name
from jianzheng.regions.services import link_unit_name

S = Complaint.State
ACTIVE = (S.RECEIVED, S.ACCEPTED, S.ANSWERED, S.VERIFIED)
# The workflow (issue 11). Reopening (→ received) follows the reporter's new information.
MOVES: dict[str, tuple[str, ...]] = {
    S.RECEIVED: (S.ACCEPTED, S.NOT_ACCEPTED),
    S.ACCEPTED: (S.ANSWERED,),
    S.ANSWERED: (S.VERIFIED,),
    S.VERIFIED: (S.RECTIFIED, S.UNFOUNDED),
    S.RECTIFIED: (S.CLOSED,),
    S.UNFOUNDED: (S.CLOSED,),
    S.NOT_ACCEPTED: (S.CLOSED, S.RECEIVED),
    S.CLOSED: (S.RECEIVED,),
}
REOPENABLE = (S.NOT_ACCEPTED, S.UNFOUNDED, S.CLOSED)
# What a move must say, by the state it goes to: (label of the note, where it is kept).
NOTE_REQUIRED: dict[str, str] = {
    S.NOT_ACCEPTED: "不予受理的理由",
    S.ANSWERED: "被举报单位的答复",
    S.VERIFIED: "核查结论",
    S.RECTIFIED: "整改情况",
    S.UNFOUNDED: "举报不实的理由",
}
MAX_FILES = 5
# The longest text each field of a report takes, in characters once trimmed (core.text.clean_text);
# the API schema (complaints/schemas.py ComplaintIn) states the same numbers.
MAX_UNIT_NAME = 200
MAX_ITEM_NAME = 100  # a catalogue code in `item`, too
MAX_PLACE = 200
MAX_DESCRIPTION = 2000
LEVEL_OF_REGION: dict[str, str] = {
    Region.Level.PROVINCE: Level.REGION,
    Region.Level.CITY: Level.CITY,
}


def first_response_days() -> int:
    return settings.COMPLAINT_FIRST_RESPONSE_DAYS


def resolution_days() -> int:
    return settings.COMPLAINT_RESOLUTION_DAYS


def escalation_days() -> int:
    return settings.COMPLAINT_ESCALATION_DAYS


def handling_for(accused: Unit | None, county: Region) -> tuple[str, Region]:
    """A county's case, unless the accused unit is the city's or the region's own (二(五))."""
    if accused is not None:
        level = LEVEL_OF_REGION.get(accused.region.level)
        if level is not None:
            return level, accused.region
    return Level.COUNTY, county


# ------------------------------------------------------------------------------------ intake


@dataclass(frozen=True)
class Submitted:
    """The only answer that carries the secret: shown once, then only its hash exists."""

    complaint: Complaint
    secret: str
    likely_duplicate: Complaint | None


def clean_email(value: str | None, *, field: str = "contact_email") -> str:
    text = (value or "").strip()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise RuleViolation("invalid_email", "电子邮箱格式不正确", field=field) from None
    if len(text) > 254:
        raise RuleViolation("too_long", "电子邮箱过长", field=field)
    return text


def _accused(errors: FieldErrors, unit: str, unit_name: str, county: Region | None):
    code, text = (unit or "").strip(), (unit_name or "").strip()
    if code:
        found = Unit.objects.filter(code=code, is_active=True).select_related("region").first()
        if found is None:
            errors.add("unit", f"没有代码为“{code[:32]}”的单位，请从列表中选择或直接填写单位名称")
        return found, found.name if found else ""
    if not text:
        errors.add("unit_name", "请选择或填写要求开证明的单位")
        return None, ""
    text = errors.collect(
        clean_text, text, field="unit_name", label="单位名称", max_length=MAX_UNIT_NAME, default=""
    )
    if not text:
        return None, ""
    found = resolve_unit_name(text, region=county)
    if found is None:
        errors.collect(check_name, text, field="unit_name", label="单位名称")
    return found, text


def _item(errors: FieldErrors, item: str, item_name: str, county: Region):
    code, text = (item or "").strip(), (item_name or "").strip()
    asked = code or text
    field = "item" if code else "item_name"
    if not asked:
        errors.add("item_name", "请选择或填写对方要求开具的证明")
        return None
    asked = errors.collect(
        clean_text, asked, field=field, label="证明名称", max_length=MAX_ITEM_NAME
    )
    if not asked:
        return None
    try:
        found = catalogue.item_in_force(asked, county=county, field=field)
    except RuleViolation as exc:
        errors.fields.update(exc.fields or {field: exc.message})
        return None
    if code and found.item is None:
        errors.add("item", f"清单中没有代码为“{code[:32]}”的证明事项")
        return None
    if found.item is None:
        errors.collect(check_name, asked, field=field, label="证明名称")
    return found


def _county(accused: Unit | None, county: Region | None) -> Region:
    if accused is not None and accused.region.level not in LEVEL_OF_REGION:
        return county_of(accused.region)
    if county is None:
        raise RuleViolation("county_required", "请先选择所在县（市、区）", field="county")
    return county


def _clean_files(errors: FieldErrors, files: Iterable) -> list[uploads.CheckedFile]:
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        errors.add("files", f"最多上传{MAX_FILES}个文件")
        return []
    checked = []
    for upload in files:
        result = errors.collect(uploads.check_upload, upload, field="files")
        if result is not None:
            checked.append(result)
    return checked


def find_duplicate(complaint: Complaint) -> Complaint | None:
    """A likely duplicate (issue 11): an open case in the county against the same unit (or kept
    name), about the same proof, on the same day."""
    same = Complaint.objects.filter(
        county=complaint.county,
        happened_on=complaint.happened_on,
        joined_to__isnull=True,
        state__in=ACTIVE,
    ).exclude(pk=complaint.pk)
    if complaint.item_code:
        same = same.filter(item_code=complaint.item_code)
    else:
        same = same.filter(item_name=complaint.item_name)
    if complaint.accused_unit_id:
        same = same.filter(accused_unit_id=complaint.accused_unit_id)
    elif complaint.accused_name_id:
        same = same.filter(accused_name_id=complaint.accused_name_id)
    else:
        same = same.filter(accused_text=complaint.accused_text)
    return same.order_by("received_at").first()


def _new_tracking_number() -> str:
    year = timezone.localdate().year
    while True:
        number = residents.new_number("JB", year)
        if not Complaint.objects.filter(tracking_number=number).exists():
            return number


def submit_complaint(
    *,
    county: Region | None,
    date: dt.date | str | None,
    place: str,
    description: str,
    unit: str = "",
    unit_name: str = "",
    item: str = "",
    item_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    files: Iterable = (),
) -> Submitted:
    """A resident's report (public, no login). Every problem is named at once (422); nothing is
    written unless everything is right, files included."""
    errors = FieldErrors()
    accused, accused_text = _accused(errors, unit, unit_name, county)
    try:
        case_county = _county(accused, county)
    except RuleViolation as exc:
        errors.fields.update(exc.fields)
        case_county = None
    found = _item(errors, item, item_name, case_county) if case_county else None
    day = _clean_date(errors, date)
    place = (
        errors.collect(clean_text, place, field="place", label="地点", max_length=MAX_PLACE) or ""
    )
    description = (
        errors.collect(
            clean_text,
            description,
            field="description",
            label="经过",
            max_length=MAX_DESCRIPTION,
            multiline=True,
        )
        or ""
    )
    if description and len(description) < 10 and "description" not in errors:
        errors.add("description", "请用至少10个字说明经过：办什么事、对方怎么要求的")
    phone = errors.collect(
        clean_phone, contact_phone, field="contact_phone", required=False, default=""
    )
    email = errors.collect(clean_email, contact_email, default="")
    checked = _clean_files(errors, files)
    errors.raise_if_any("invalid_complaint", "举报内容不完整或有误，未提交")
    assert case_county is not None and found is not None and day is not None
    secret = residents.new_secret()
    with transaction.atomic():
        link = link_unit_name(accused_text, region=case_county) if accused is None else None
        level, handling_region = handling_for(accused, case_county)
        now = timezone.now()
        complaint = Complaint.objects.create(
            tracking_number=_new_tracking_number(),
            secret_hash=residents.hash_secret(secret),
            source=Complaint.Source.PUBLIC,
            county=case_county,
            accused_text=accused_text,
            accused_unit=accused or (link.unit if link else None),
            accused_name=link.name if link else None,
            item=found.item,
            item_code=found.item.code if found.item else "",
            item_name=found.item.name if found.item else found.asked_for[:100],
            item_status=found.item.status if found.item else "not_listed",
            happened_on=day,
            place=place,
            description=description,
            contact_phone=phone,
            contact_email=email,
            level=level,
            handling_region=handling_region,
            due_on=workdays.add_working_days(timezone.localdate(now), first_response_days()),
            received_at=now,
            updated_at=now,
        )
        for checked_file in checked:
            stored = uploads.store_checked(checked_file, area="complaints")
            Evidence.objects.create(
                complaint=complaint, file=stored, added_at=now, by_resident=True
            )
        _event(
            complaint,
            ComplaintEvent.Kind.RECEIVED,
            to_state=S.RECEIVED,
            actor_name="举报人",
            public_text=(
                f"已收到举报，由{handler_name(handling_region)}办理，"
                f"{complaint.due_on:%Y-%m-%d}前答复是否受理"
            ),
        )
        audit.record(
            actor=None,
            actor_name="public",
            action="complaint.received",
            target=complaint,
            summary={
                "tracking_number": complaint.tracking_number,
                "unit": complaint.accused_unit.code if complaint.accused_unit else None,
                "unit_text": accused_text,
                "item": complaint.item_code or complaint.item_name,
                "files": len(checked),
            },
        )
    return Submitted(complaint, secret, find_duplicate(complaint))


def _clean_date(errors: FieldErrors, value) -> dt.date | None:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            errors.add("date", "日期格式应为 年-月-日，如 2026-12-01")
            return None
    if not isinstance(value, dt.date):
        errors.add("date", "请填写对方要求开证明的日期")
        return None
    today = timezone.localdate()
    if value > today:
        errors.add("date", "日期不能晚于今天")
    elif value < today - dt.timedelta(days=730):
        errors.add("date", "只受理两年内发生的情况")
    return value


# ------------------------------------------------------------------------ events, notifications


def _event(
    complaint: Complaint,
    kind: str,
    *,
    actor=None,
    actor_name: str = "",
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    public_text: str = "",
) -> ComplaintEvent:
    event = ComplaintEvent.objects.create(
        complaint=complaint,
        at=timezone.now(),
        kind=kind,
        actor=actor,
        actor_name=actor_name or (str(actor) if actor else "系统"),
        from_state=from_state,
        to_state=to_state,
        note=note,
        public_text=public_text,
    )
    if public_text:
        _notify(complaint, public_text)
    return event


def _notify(complaint: Complaint, text: str) -> None:
    """Each public update to every reporter of the case who left a contact (issue 11 §3),
    through the outbox: written now, sent after commit by the task runner."""
    for reporter in [complaint, *complaint.joined.all()]:
        body = f"您的举报（编号 {reporter.tracking_number}）有新进展：{text}"
        if reporter.contact_email:
            notify.email(
                to=reporter.contact_email,
                subject=f"举报进度 {reporter.tracking_number}",
                body=body + "\n\n请凭举报编号和查询码在监督举报页面查看。本邮件不含查询码。",
            )
        if reporter.contact_phone and is_mobile(reporter.contact_phone):
            notify.sms(phone=reporter.contact_phone, text=f"【减证监督】{body}"[:300])


def _main(complaint: Complaint) -> Complaint:
    return complaint.joined_to or complaint


# ------------------------------------------------------------------------- the resident's side


def follow(tracking_number: str, secret: str) -> Complaint | None:
    """The case a resident holds the secret of; None for a wrong number or secret alike."""
    number = residents.normalize_number(tracking_number)
    complaint = Complaint.objects.filter(tracking_number=number).first() if number else None
    ok = residents.matches(secret, complaint.secret_hash if complaint else None)
    return complaint if ok and complaint is not None else None


@transaction.atomic
def add_message(*, complaint: Complaint, text: str, files: Iterable = ()) -> ComplaintEvent:
    """The reporter adds information (and files). New information on a case not accepted,
    found unfounded or closed reopens it (→ received, with a new first-response deadline)."""
    errors = FieldErrors()
    text = (
        errors.collect(
            clean_text, text, field="text", label="补充内容", max_length=2000, multiline=True
        )
        or ""
    )
    checked = _clean_files(errors, files)
    errors.raise_if_any("invalid_message", "补充内容有误，未提交")
    case = Complaint.objects.select_for_update().get(pk=_main(complaint).pk)
    now = timezone.now()
    for checked_file in checked:
        stored = uploads.store_checked(checked_file, area="complaints")
        Evidence.objects.create(complaint=case, file=stored, added_at=now, by_resident=True)
    event = _event(
        case,
        ComplaintEvent.Kind.MESSAGE,
        actor_name="举报人",
        note=text,
        public_text="举报人补充了情况" + (f"和{len(checked)}个文件" if checked else ""),
    )
    if case.state in REOPENABLE:
        _move(case, S.RECEIVED, actor=None, actor_name="系统", note="举报人补充新情况，重新审查")
    audit.record(
        actor=None,
        actor_name="public",
        action="complaint.message",
        target=case,
        summary={"files": len(checked), "state": case.state},
    )
    return event


@transaction.atomic
def join_duplicate(*, complaint: Complaint, into: Complaint) -> Complaint:
    """The reporter accepts the offer to join a likely duplicate: the main case carries the
    work and this report follows it (its number and secret keep working)."""
    if complaint.pk == into.pk or into.joined_to_id or complaint.joined_to_id:
        raise RuleViolation("cannot_join", "这两件举报不能合并", status=409)
    if find_duplicate(complaint) != into:
        raise RuleViolation("not_a_duplicate", "这件举报与所选举报不是同一情况", status=409)
    if complaint.events.exclude(kind=ComplaintEvent.Kind.RECEIVED).exists():
        raise RuleViolation("already_handled", "这件举报已在办理，不能再合并", status=409)
    Complaint.objects.filter(pk=complaint.pk).update(
        joined_to=into, state=into.state, due_on=None, updated_at=timezone.now()
    )
    complaint.refresh_from_db()
    _event(into, ComplaintEvent.Kind.JOINED, actor_name="举报人", note=complaint.tracking_number)
    audit.record(
        actor=None,
        actor_name="public",
        action="complaint.joined",
        target=complaint,
        summary={"into": into.tracking_number},
    )
    return complaint


# ---------------------------------------------------------------------------- the staff's side

PUBLIC_TEXT = {
    S.ACCEPTED: "已受理，{due}前办结",
    S.NOT_ACCEPTED: "不予受理：{note}。{redirect}",
    S.ANSWERED: "被举报单位已作出答复，正在核实",
    S.VERIFIED: "已核实：{note}",
    S.RECTIFIED: "已整改：{note}",
    S.UNFOUNDED: "经核查举报不实：{note}",
    S.CLOSED: "已办结",
    S.RECEIVED: "已重新审查，{due}前答复是否受理",
}


def default_redirect(complaint: Complaint) -> str:
    """Where else to go: the channels of the levels above the one that decided."""
    above = [
        c for c in channels_for(complaint.county) if c.region_code != complaint.handling_region.code
    ]
    if not above:
        return "如有异议，可向当地纪检监察机关反映"
    first = above[0]
    return f"如有异议，可向{first.name}举报电话 {first.phone}、邮箱 {first.email} 反映"


def _due_after(state: str, today: dt.date, current: dt.date | None) -> dt.date | None:
    if state == S.RECEIVED:
        return workdays.add_working_days(today, first_response_days())
    if state == S.ACCEPTED:
        return workdays.add_working_days(today, resolution_days())
    if state in (S.ANSWERED, S.VERIFIED):
        return current
    return None


def _move(complaint, to, *, actor, actor_name="", note="", redirect_to=""):
    previous = complaint.state
    complaint.state = to
    complaint.due_on = _due_after(to, timezone.localdate(), complaint.due_on)
    complaint.updated_at = timezone.now()
    if to == S.NOT_ACCEPTED:
        complaint.decided_by_name = handler_name(complaint.handling_region)
        complaint.decision_reason = note
        complaint.redirect_to = redirect_to or default_redirect(complaint)
    elif to == S.ANSWERED:
        complaint.answer = note
    elif to in (S.VERIFIED, S.UNFOUNDED):
        complaint.finding = note
    elif to == S.RECTIFIED:
        complaint.rectification = note
    complaint.save()
    Complaint.objects.filter(joined_to=complaint).update(state=to)
    public = PUBLIC_TEXT[to].format(
        note=note,
        due=f"{complaint.due_on:%Y-%m-%d}" if complaint.due_on else "",
        redirect=complaint.redirect_to,
    )
    if to == S.NOT_ACCEPTED:
        public = f"{complaint.decided_by_name}决定{public}"
    return _event(
        complaint,
        ComplaintEvent.Kind.TRANSITION,
        actor=actor,
        actor_name=actor_name,
        from_state=previous,
        to_state=to,
        note=note,
        public_text=public[:500],
    )


@transaction.atomic
def transition(
    *, actor, complaint: Complaint, to: str, note: str = "", redirect_to: str = ""
) -> Complaint:
    """One step of the workflow. A move the workflow does not allow: 409; not the actor's to
    make: 403; a step that must say something (why not accepted, the answer, the finding, the
    rectification) without it: 422 naming `note`."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.joined_to_id:
        raise RuleViolation(
            "joined",
            f"这件举报已合并到 {_main(complaint).tracking_number}，请办理该件",
            status=409,
        )
    if to not in S.values:
        raise RuleViolation("invalid_state", f"没有“{to[:20]}”这个状态", field="to")
    if to not in MOVES.get(complaint.state, ()):
        raise RuleViolation(
            "transition_not_allowed",
            f"“{complaint.get_state_display()}”的举报不能转为“{S(to).label}”",
            status=409,
            details={"allowed": list(MOVES.get(complaint.state, ()))},
        )
    if not permissions.can_move(actor, complaint, to):
        raise PermissionDenied("只有办理机关（或被举报单位答复时）可以办理这件举报")
    errors = FieldErrors()
    note = (
        errors.collect(
            clean_text,
            note,
            field="note",
            label=NOTE_REQUIRED.get(to, "说明"),
            max_length=2000,
            multiline=True,
            required=to in NOTE_REQUIRED,
        )
        or ""
    )
    redirect_to = (
        errors.collect(
            clean_text,
            redirect_to,
            field="redirect_to",
            label="可向何处反映",
            max_length=300,
            required=False,
        )
        or ""
    )
    errors.raise_if_any("invalid_transition", "办理意见不完整")
    membership = membership_of(actor)
    _move(
        complaint,
        to,
        actor=actor,
        actor_name=membership.unit.name if membership else str(actor),
        note=note,
        redirect_to=redirect_to,
    )
    audit.record(
        actor=actor,
        action=f"complaint.{to}",
        target=complaint,
        summary={"tracking_number": complaint.tracking_number, "note": note[:200]},
    )
    return complaint


@transaction.atomic
def assign(*, actor, complaint: Complaint, assignee) -> Complaint:
    """The handling level names who works the case: one of its own civil-affairs staff."""
    if not permissions.is_handler(actor, complaint):
        raise PermissionDenied("只有办理机关可以指定承办人")
    if assignee is None or not permissions.is_handler(assignee, complaint):
        raise RuleViolation(
            "invalid_assignee", "承办人须是办理机关的民政工作人员", field="assignee"
        )
    complaint.assignee = assignee
    complaint.updated_at = timezone.now()
    complaint.save(update_fields=["assignee", "updated_at"])
    _event(complaint, ComplaintEvent.Kind.ASSIGNED, actor=actor, note=assignee.get_username())
    audit.record(
        actor=actor,
        action="complaint.assigned",
        target=complaint,
        summary={"assignee": assignee.get_username()},
    )
    return complaint


def is_overdue(complaint: Complaint, *, on: dt.date | None = None) -> bool:
    on = on or workdays.today()
    return complaint.state in ACTIVE and complaint.due_on is not None and on > complaint.due_on


def escalate_overdue(*, on: dt.date | None = None) -> list[Complaint]:
    """Overdue by a further `COMPLAINT_ESCALATION_DAYS` working days: the case goes up one
    level (county → city → region) with a fresh deadline for its state. The region's own
    overdue cases stay flagged; there is no level above."""
    on = on or workdays.today()
    moved = []
    candidates = Complaint.objects.filter(
        state__in=ACTIVE, due_on__lt=on, joined_to__isnull=True
    ).select_related("handling_region__parent")
    for complaint in candidates:
        assert complaint.due_on is not None
        if workdays.add_working_days(complaint.due_on, escalation_days()) >= on:
            continue
        parent = complaint.handling_region.parent
        if parent is None or complaint.handling_region.level == Region.Level.PROVINCE:
            continue
        with transaction.atomic():
            case = Complaint.objects.select_for_update().get(pk=complaint.pk)
            previous = handler_name(case.handling_region)
            case.handling_region = parent
            case.level = LEVEL_OF_REGION.get(parent.level, Level.COUNTY)
            case.escalated_times += 1
            days = first_response_days() if case.state == S.RECEIVED else resolution_days()
            case.due_on = workdays.add_working_days(on, days)
            case.assignee = None
            case.updated_at = timezone.now()
            case.save()
            _event(
                case,
                ComplaintEvent.Kind.ESCALATED,
                actor_name="系统",
                note=f"{previous}逾期未办",
                public_text=(
                    f"{previous}逾期未办理，已提交{handler_name(parent)}督办，"
                    f"{case.due_on:%Y-%m-%d}前办理"
                ),
            )
            audit.record(
                actor=None,
                actor_name="tasks",
                action="complaint.escalated",
                target=case,
                summary={"to": parent.code, "due_on": case.due_on},
            )
        moved.append(case)
    return moved


# --------------------------------------------------------------------- refusals as evidence


@transaction.atomic
def open_case_from_refusals(
    *,
    actor,
    county: Region,
    unit: Unit | None = None,
    name: UnitName | None = None,
    item_name: str,
    month: str,
) -> Complaint:
    """Staff open a case against a unit that still demands a cancelled proof, with the refusals
    communities recorded (出具证明台账) attached as its evidence (二(五): the basis for
    exposure). One open case per unit and proof: a second attempt adds the new refusals to it."""
    if not permissions.can_open_from_refusals(actor):
        raise PermissionDenied("只有民政部门可以据拒绝出具记录立案")
    if county not in _counties(actor):
        raise PermissionDenied("不在本机关辖区")
    demands = list(_demands(county, unit, name, item_name, month))
    if not demands:
        raise RuleViolation(
            "no_refusals", "这个月没有这家单位索要这项证明的拒绝出具记录", field="item"
        )
    first = min(demands, key=lambda d: d.requested_on)
    accused_unit = unit or (name.unit if name else None)
    existing = Complaint.objects.filter(
        county=county,
        source=Complaint.Source.REFUSALS,
        state__in=ACTIVE,
        item_name=first.item_name,
        **({"accused_unit": accused_unit} if accused_unit else {"accused_name": name}),
    ).first()
    now = timezone.now()
    if existing is None:
        level, handling_region = handling_for(accused_unit, county)
        text = accused_unit.name if accused_unit else name.text if name else first.requester
        existing = Complaint.objects.create(
            tracking_number=_new_tracking_number(),
            source=Complaint.Source.REFUSALS,
            county=county,
            accused_text=text,
            accused_unit=accused_unit,
            accused_name=None if accused_unit else name,
            item=first.item,
            item_code=first.item.code if first.item else "",
            item_name=first.item_name,
            item_status=first.item.status if first.item else "not_listed",
            happened_on=first.requested_on,
            place="、".join(sorted({d.community.name for d in demands}))[:200],
            description=(
                f"{month}，{text}要求群众到社区开具“{first.item_name}”，"
                f"社区依规拒绝出具并登记{len(demands)}次（出具证明台账）。"
            ),
            level=level,
            handling_region=handling_region,
            due_on=workdays.add_working_days(timezone.localdate(now), first_response_days()),
            received_at=now,
            updated_at=now,
        )
        _event(
            existing,
            ComplaintEvent.Kind.RECEIVED,
            actor=actor,
            to_state=S.RECEIVED,
            public_text="据社区拒绝出具记录立案",
        )
    attached = set(
        existing.evidence.filter(demand__isnull=False).values_list("demand_id", flat=True)
    )
    new = [d for d in demands if d.pk not in attached]
    Evidence.objects.bulk_create(
        [Evidence(complaint=existing, demand=d, added_at=now) for d in new]
    )
    if new and attached:
        _event(
            existing,
            ComplaintEvent.Kind.EVIDENCE,
            actor=actor,
            note=f"新增拒绝出具记录{len(new)}条",
        )
    audit.record(
        actor=actor,
        action="complaint.from_refusals",
        target=existing,
        summary={"refusals": [d.pk for d in new], "month": month},
    )
    return existing


def _counties(actor) -> list[Region]:
    from jianzheng.accounts.permissions import counties_in_scope

    return counties_in_scope(actor)


def _demands(county, unit, name, item_name, month):

    qs = refusals_of_month(county, month).filter(item_name=item_name)
    if unit is not None:
        return qs.filter(requester_unit=unit)
    if name is not None:
        return qs.filter(requester_unit__isnull=True, requester_name=name)
    return qs.none()


# ----------------------------------------------------------------------- exposure notices

PUBLISHABLE = (S.VERIFIED, S.RECTIFIED, S.CLOSED)
LEVEL_LABEL = {Level.COUNTY: "县", Level.CITY: "市", Level.REGION: "自治区"}


def _was_unfounded(complaint: Complaint) -> bool:
    last = (
        complaint.events.filter(to_state__in=(S.RECTIFIED, S.UNFOUNDED))
        .order_by("-at", "-id")
        .first()
    )
    return last is not None and last.to_state == S.UNFOUNDED


def _notice_number(region: Region, year: int) -> str:
    count = ExposureNotice.objects.filter(region=region, published_at__year=year).count()
    return f"{region.name}减证通报〔{year}〕{count + 1}号"


@transaction.atomic
def publish_notice(
    *, actor, complaint: Complaint, finding: str, rectification: str = ""
) -> ExposureNotice:
    """通报 / 公开曝光 (二(五)): a verified case, published at the publisher's level (a county
    its own cases, the city and the region any case of their subtree). The notice names the
    unit, the proof, the date, the finding and the rectification; the personal data are taken
    out of the text (the case keeps the original) and nothing of the reporter is in it."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not permissions.can_publish(actor, complaint):
        raise PermissionDenied("只有本级民政部门可以发布通报")
    if complaint.joined_to_id:
        raise RuleViolation("joined", "这件举报已合并，请通报主案件", status=409)
    if complaint.state not in PUBLISHABLE or _was_unfounded(complaint):
        raise RuleViolation(
            "not_verified", "只有经核实的举报可以通报（举报不实的不通报）", status=409
        )
    if ExposureNotice.objects.filter(complaint=complaint).exists():
        raise RuleViolation("already_published", "这件举报已经通报", status=409)
    errors = FieldErrors()
    texts = {}
    for field, label, value, required in (
        ("finding", "查实情况", finding or complaint.finding, True),
        ("rectification", "整改情况", rectification or complaint.rectification, False),
    ):
        texts[field] = errors.collect(
            clean_text,
            value,
            field=field,
            label=label,
            max_length=2000,
            multiline=True,
            required=required,
            default="",
        )
    errors.raise_if_any("invalid_notice", "通报内容不完整")
    also = tuple(
        v for v in (complaint.contact_phone, complaint.contact_email, complaint.place) if v
    )
    region = scope_region(actor)
    assert region is not None
    level = LEVEL_OF_REGION.get(region.level, Level.COUNTY)
    now = timezone.now()
    for attempt in range(3):
        try:
            with transaction.atomic():
                notice = ExposureNotice.objects.create(
                    number=_notice_number(region, now.year),
                    complaint=complaint,
                    level=level,
                    region=region,
                    county=complaint.county,
                    unit=complaint.accused_unit,
                    unit_name=scrub_personal_data(complaint.accused_label),
                    item_name=complaint.item_name,
                    happened_on=complaint.happened_on,
                    finding=scrub_personal_data(texts["finding"], also=also),
                    rectification=scrub_personal_data(texts["rectification"], also=also),
                    published_at=now,
                    published_by=actor,
                    publisher_name=handler_name(region),
                )
            break
        except IntegrityError:
            if attempt == 2:
                raise
    _event(
        complaint,
        ComplaintEvent.Kind.TRANSITION,
        actor=actor,
        note=notice.number,
        public_text=f"{notice.publisher_name}已就此事公开通报（{notice.number}）",
    )
    audit.record(
        actor=actor,
        action="complaint.notice_published",
        target=notice,
        summary={"complaint": complaint.tracking_number, "level": level, "number": notice.number},
    )
    return notice
