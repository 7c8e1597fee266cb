"""Every write of the signage area: one transaction, an audit entry, keyword-only arguments.

Recording something that breaks a rule opens a rectification task at once (三(三): 集中清理整治),
due in the rule set's working days (`core.workdays`); the clerk puts it right with an after-photo
(`rectify`), the township signs it off (`sign_off`)."""

from collections.abc import Sequence

from django.db import transaction

from jianzheng.core import audit, workdays
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text
from jianzheng.core.uploads import store_upload
from jianzheng.regions.models import Region, Unit
from jianzheng.signage import permissions, rules, selectors
from jianzheng.signage.models import (
    AwardDisplay,
    Photo,
    Plaque,
    RectificationTask,
    RuleSet,
    Venue,
    WallPosting,
)

# The longest text each field takes, in characters once trimmed (core.text.clean_text); the API
# schemas (signage/schemas.py) state the same numbers.
MAX_PLAQUE_TEXT = 100
MAX_MATERIAL = 40
MAX_ERECTED_BY = 100
MAX_APPROVAL_REFERENCE = 100
MAX_POSTING_TITLE = 100
MAX_POSTING_BODY = 5000
MAX_AWARD_TITLE = 100
MAX_AWARDED_BY = 100

GUIDE_ROWS = (
    "警务室",
    "党群活动服务中心",
    "综治中心",
    "政务代办中心",
    "社会组织活动中心",
    "退役军人服务中心",
    "协商议事中心",
    "新时代文明实践中心",
    "医疗卫生服务中心",
    "预留1",
    "预留2",
)


def _require_recorder(actor, community: Unit) -> None:
    if not permissions.can_record(actor, community):
        raise RuleViolation("forbidden", "只有本社区的工作人员可以登记和整改", status=403)


def _choice(errors: FieldErrors, value, choices, *, field: str, label: str) -> str:
    value = (value or "").strip() if isinstance(value, str) else value
    if value not in choices:
        errors.add(field, f"请选择{label}")
        return ""
    return value


def _size(errors: FieldErrors, value, *, field: str, label: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 2000:
        errors.add(field, f"{label}应为 1 到 2000 之间的整数（厘米）")
    return number


def _photos(photos: Sequence, *, venue: Venue, stage: str, field: str = "photos", **link):
    for upload in photos or ():
        stored = store_upload(upload, area="signage", field=field)
        Photo.objects.create(file=stored, venue=venue, stage=stage, **link)


@transaction.atomic
def create_venue(*, actor, community: Unit, name: str, address: str = "") -> Venue:
    _require_recorder(actor, community)
    errors = FieldErrors()
    name = errors.collect(clean_text, name, field="name", label="活动场所名称", max_length=100)
    address = errors.collect(
        clean_text, address, field="address", label="地址", max_length=200, required=False
    )
    errors.raise_if_any("invalid_venue", "活动场所信息有误")
    venue = Venue.objects.create(community=community, name=name, address=address or "")
    audit.record(actor=actor, action="signage.venue", target=venue, summary={"name": name})
    return venue


@transaction.atomic
def set_rooms(*, actor, venue: Venue, rooms: dict[str, str]) -> Venue:
    """The room numbers the guide board shows (附件1), one per row."""
    _require_recorder(actor, venue.community)
    errors = FieldErrors()
    clean = {}
    for row in GUIDE_ROWS:
        value = errors.collect(
            clean_text,
            rooms.get(row, ""),
            field=f"room_{GUIDE_ROWS.index(row)}",
            label=f"{row}房间号",
            max_length=20,
            required=False,
        )
        if value:
            clean[row] = value
    errors.raise_if_any("invalid_rooms", "房间号有误")
    venue.rooms = clean
    venue.save(update_fields=["rooms"])
    audit.record(actor=actor, action="signage.rooms", target=venue, summary={"rooms": clean})
    return venue


def open_tasks(*, venue: Venue, actor=None) -> list[RectificationTask]:
    """A task for each violation in the venue that has none yet (called in a write's
    transaction); due in the county's rule set's working days."""
    rule_set = selectors.rule_set_for(venue.community.region)
    today = workdays.today()
    made = []
    for violation in selectors.violations(venue):
        link = {f"{violation.subject}_id": violation.subject_id}
        exists = RectificationTask.objects.filter(venue=venue, rule=violation.rule, **link).exclude(
            state=RectificationTask.State.SIGNED_OFF
        )
        if exists.exists():
            continue
        task = RectificationTask.objects.create(
            venue=venue,
            rule=violation.rule,
            clause=violation.clause,
            message=violation.message,
            opened_on=today,
            deadline=workdays.add_working_days(today, rule_set.rectify_days),
            **link,
        )
        audit.record(
            actor=actor,
            action="signage.task_open",
            target=task,
            summary={"rule": violation.rule, "clause": violation.clause},
        )
        made.append(task)
    return made


def _text(errors, value, *, field, label, max_length, required=True) -> str:
    return (
        errors.collect(
            clean_text, value, field=field, label=label, max_length=max_length, required=required
        )
        or ""
    )


@transaction.atomic
def record_plaque(
    *,
    actor,
    venue: Venue,
    position: str,
    orientation: str,
    text: str,
    width_cm,
    height_cm,
    material: str = "",
    erected_by: str = "",
    approval_reference: str = "",
    photos: Sequence = (),
) -> Plaque:
    _require_recorder(actor, venue.community)
    errors = FieldErrors()
    position = _choice(errors, position, Plaque.Position.values, field="position", label="位置")
    orientation = _choice(
        errors, orientation, Plaque.Orientation.values, field="orientation", label="竖牌或横牌"
    )
    text = _text(errors, text, field="text", label="牌子内容", max_length=MAX_PLAQUE_TEXT)
    width = _size(errors, width_cm, field="width_cm", label="宽")
    height = _size(errors, height_cm, field="height_cm", label="高")
    material = _text(
        errors, material, field="material", label="材质", max_length=MAX_MATERIAL, required=False
    )
    erected_by = _text(
        errors,
        erected_by,
        field="erected_by",
        label="挂牌单位",
        max_length=MAX_ERECTED_BY,
        required=False,
    )
    approval_reference = _text(
        errors,
        approval_reference,
        field="approval_reference",
        label="审批文号",
        max_length=MAX_APPROVAL_REFERENCE,
        required=False,
    )
    errors.raise_if_any("invalid_plaque", "牌子信息有误")
    plaque = Plaque.objects.create(
        venue=venue,
        position=position,
        orientation=orientation,
        text=text,
        width_cm=width,
        height_cm=height,
        material=material,
        erected_by=erected_by,
        approval_reference=approval_reference,
        put_up_on=workdays.today(),
        created_by=actor,
    )
    _photos(photos, venue=venue, stage=Photo.Stage.RECORD, plaque=plaque)
    audit.record(
        actor=actor,
        action="signage.plaque",
        target=plaque,
        summary={"venue": venue.pk, "position": position, "text": text},
    )
    open_tasks(venue=venue, actor=actor)
    return plaque


@transaction.atomic
def record_posting(
    *, actor, venue: Venue, title: str, kind: str, body: str = "", photos: Sequence = ()
) -> WallPosting:
    _require_recorder(actor, venue.community)
    errors = FieldErrors()
    title = _text(errors, title, field="title", label="标题", max_length=MAX_POSTING_TITLE)
    kind = _choice(errors, kind, WallPosting.Kind.values, field="kind", label="类别")
    body = errors.collect(
        clean_text,
        body,
        field="body",
        label="内容",
        max_length=MAX_POSTING_BODY,
        required=False,
        multiline=True,
    )
    errors.raise_if_any("invalid_posting", "上墙制度信息有误")
    posting = WallPosting.objects.create(
        venue=venue,
        title=title,
        kind=kind,
        body=body or "",
        put_up_on=workdays.today(),
        created_by=actor,
    )
    _photos(photos, venue=venue, stage=Photo.Stage.RECORD, posting=posting)
    audit.record(
        actor=actor,
        action="signage.posting",
        target=posting,
        summary={"title": title, "kind": kind},
    )
    open_tasks(venue=venue, actor=actor)
    return posting


@transaction.atomic
def record_award(
    *, actor, venue: Venue, title: str, where: str, awarded_by: str = "", photos: Sequence = ()
) -> AwardDisplay:
    _require_recorder(actor, venue.community)
    errors = FieldErrors()
    title = _text(errors, title, field="title", label="奖状奖牌名称", max_length=MAX_AWARD_TITLE)
    where = _choice(errors, where, AwardDisplay.Where.values, field="where", label="展示位置")
    awarded_by = _text(
        errors,
        awarded_by,
        field="awarded_by",
        label="颁发单位",
        max_length=MAX_AWARDED_BY,
        required=False,
    )
    errors.raise_if_any("invalid_award", "奖状奖牌信息有误")
    award = AwardDisplay.objects.create(
        venue=venue,
        title=title,
        where=where,
        awarded_by=awarded_by,
        put_up_on=workdays.today(),
        created_by=actor,
    )
    _photos(photos, venue=venue, stage=Photo.Stage.RECORD, award=award)
    audit.record(
        actor=actor, action="signage.award", target=award, summary={"title": title, "where": where}
    )
    open_tasks(venue=venue, actor=actor)
    return award


def _take_down(item, *, note: str) -> None:
    item.removed_on = workdays.today()
    item.removed_note = note
    fields = ["removed_on", "removed_note"]
    if isinstance(item, WallPosting):
        item.in_handbook = item.kind != WallPosting.Kind.NOTICE
        fields.append("in_handbook")
    item.save(update_fields=fields)


@transaction.atomic
def rectify(*, actor, task: RectificationTask, after_photo, note: str = "") -> RectificationTask:
    """The clerk puts a violation right, with a photo of the place afterwards: a plaque is taken
    down, a posting goes into the handbook, an award moves to the display board."""
    task = RectificationTask.objects.select_for_update().get(pk=task.pk)
    _require_recorder(actor, task.venue.community)
    if task.state != RectificationTask.State.OPEN:
        raise RuleViolation("task_closed", "这项整改已经完成", status=409)
    errors = FieldErrors()
    note = _text(errors, note, field="note", label="整改说明", max_length=200, required=False)
    if not after_photo:
        errors.add("after_photo", "请上传整改后的照片")
    errors.raise_if_any("invalid_rectification", "整改信息有误")
    _photos(
        [after_photo], venue=task.venue, stage=Photo.Stage.AFTER, field="after_photo", task=task
    )
    subject = task.subject()
    if isinstance(subject, AwardDisplay):
        subject.where = AwardDisplay.Where.DISPLAY_BOARD
        subject.save(update_fields=["where"])
    elif subject is not None and subject.removed_on is None:
        _take_down(subject, note=note or "按整改要求撤除")
    task.state = RectificationTask.State.DONE
    task.done_on = workdays.today()
    task.done_note = note
    task.save(update_fields=["state", "done_on", "done_note"])
    audit.record(actor=actor, action="signage.rectify", target=task, summary={"rule": task.rule})
    return task


@transaction.atomic
def add_before_photo(*, actor, task: RectificationTask, photo) -> Photo:
    _require_recorder(actor, task.venue.community)
    stored = store_upload(photo, area="signage", field="before_photo")
    made = Photo.objects.create(file=stored, venue=task.venue, stage=Photo.Stage.BEFORE, task=task)
    audit.record(actor=actor, action="signage.before_photo", target=task)
    return made


@transaction.atomic
def remove_plaque(*, actor, plaque: Plaque, note: str) -> Plaque:
    """Take down a plaque that is no longer needed (the room changed use, the unit was merged),
    saying why. A plaque with an open rectification task (a 三(三)二 violation) comes down through
    that task instead, with the after-photo the township signs off."""
    plaque = Plaque.objects.select_for_update().select_related("venue__community").get(pk=plaque.pk)
    _require_recorder(actor, plaque.venue.community)
    if plaque.removed_on is not None:
        raise RuleViolation("already_removed", "这块牌子已经撤除", status=409)
    if RectificationTask.objects.filter(plaque=plaque, state=RectificationTask.State.OPEN).exists():
        raise RuleViolation(
            "has_task",
            "这块牌子有未完成的整改任务，请在整改任务中上传整改后照片撤除",
            field="note",
            status=409,
        )
    errors = FieldErrors()
    note = _text(errors, note, field="note", label="撤除原因", max_length=200)
    errors.raise_if_any("invalid_removal", "撤除信息有误")
    _take_down(plaque, note=note)
    audit.record(
        actor=actor, action="signage.plaque_removed", target=plaque, summary={"note": note}
    )
    open_tasks(venue=plaque.venue, actor=actor)  # taking one down can leave the door short
    return plaque


@transaction.atomic
def sign_off(*, actor, task: RectificationTask) -> RectificationTask:
    """The township confirms the rectification it saw (after-photo, the venue compliant)."""
    task = RectificationTask.objects.select_for_update().get(pk=task.pk)
    if not permissions.can_sign_off(actor, task):
        raise RuleViolation("forbidden", "只有乡镇（街道）可以确认整改", status=403)
    if task.state != RectificationTask.State.DONE:
        raise RuleViolation("not_done", "社区尚未完成整改，不能确认", status=409)
    task.state = RectificationTask.State.SIGNED_OFF
    task.signed_off_by = actor
    task.signed_off_on = workdays.today()
    task.save(update_fields=["state", "signed_off_by", "signed_off_on"])
    audit.record(actor=actor, action="signage.sign_off", target=task)
    return task


@transaction.atomic
def load_rule_set(*, actor, county: Region, data) -> RuleSet:
    """A county's own rule set (JSON), replacing the default for every venue of the county."""
    if actor is not None and not permissions.can_load_rules(actor):
        raise RuleViolation("forbidden", "只有县级民政、组织部门可以设置挂牌规则", status=403)
    parsed = rules.parse_rule_set(data)
    made, _ = RuleSet.objects.update_or_create(
        county=county, defaults={"name": parsed.name, "data": parsed.raw, "loaded_by": actor}
    )
    audit.record(
        actor=actor,
        action="signage.rule_set",
        target=made,
        summary={"county": county.code, "name": parsed.name, "rules": len(parsed.rules)},
    )
    return made
