"""Writes of 综合考评: ratings and their follow-ups (this module), schemes, runs and publication
(`schemes.py`). Every rule cites its clause of 永民发〔2020〕91号."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from jianzheng.core import audit, workdays
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text
from jianzheng.evaluation import cases
from jianzheng.evaluation.models import (
    LOW_GRADES,
    EvaluationSettings,
    FollowUp,
    Grade,
    Rating,
)
from jianzheng.regions.models import Region

DEFAULT_FOLLOW_UP_DAYS = 15
UNKNOWN_CASE = "没有这个编号的办件，或查询码（校验码）不正确"


def follow_up_days(county: Region) -> int:
    found = EvaluationSettings.objects.filter(county=county).first()
    return found.follow_up_days if found else DEFAULT_FOLLOW_UP_DAYS


@transaction.atomic
def set_follow_up_days(*, actor, county: Region, days: int) -> EvaluationSettings:
    if not 1 <= int(days) <= 60:
        raise RuleViolation("invalid_days", "整改期限应为1至60个工作日", field="follow_up_days")
    found, _ = EvaluationSettings.objects.select_for_update().get_or_create(county=county)
    before = found.follow_up_days
    found.follow_up_days = int(days)
    found.save()
    audit.record(
        actor=actor,
        action="evaluation.settings_changed",
        target=found,
        summary={"county": county.code, "from": before, "to": found.follow_up_days},
    )
    return found


@dataclass(frozen=True)
class Rated:
    rating: Rating
    follow_up: FollowUp | None


def _clean_rating(grade: str, comment: str) -> tuple[str, str]:
    errors = FieldErrors()
    if grade not in Grade.values:
        errors.add("grade", "请选择评价：非常满意、满意、基本满意、不满意或非常不满意")
    comment = errors.collect(
        clean_text,
        comment,
        field="comment",
        label="意见建议",
        max_length=500,
        required=False,
        multiline=True,
        default="",
    )
    errors.raise_if_any("invalid_rating", "评价内容有误，未提交")
    return grade, comment


@transaction.atomic
def rate_case(*, case: str, secret: str, grade: str, comment: str = "") -> Rated:
    """A resident's 好差评 of the service they got, once per case, only with the case's secret
    (so only the person served can rate: 二(二) 群众满意度 is worth nothing if anyone can vote).
    不满意 or below opens a follow-up for the unit that served, due in the county's working days."""
    grade, comment = _clean_rating(grade, comment)
    found = cases.open_case(case, secret)
    if found is None:
        raise RuleViolation("unknown_case", UNKNOWN_CASE, field="case", status=404)
    if not found.finished:
        raise RuleViolation("case_open", "举报办结后才能评价办理情况", field="case", status=422)
    if Rating.objects.filter(case_kind=found.kind, case_number=found.number).exists():
        raise RuleViolation(
            "already_rated", "这个办件已经评价过，每个办件只能评价一次", field="case", status=409
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                case_kind=found.kind,
                case_number=found.number,
                county=found.county,
                unit=found.unit,
                region=found.region,
                served_on=found.served_on,
                grade=grade,
                comment=comment,
                rated_at=now,
            )
    except IntegrityError:  # a second tab's rating landed first
        raise RuleViolation(
            "already_rated", "这个办件已经评价过，每个办件只能评价一次", field="case", status=409
        ) from None
    follow_up = None
    if grade in LOW_GRADES:
        today = timezone.localdate(now)
        follow_up = FollowUp.objects.create(
            rating=rating,
            opened_on=today,
            deadline=workdays.add_working_days(today, follow_up_days(found.county)),
        )
    audit.record(
        actor=None,
        actor_name="居民",
        action="evaluation.rated",
        target=rating,
        summary={
            "case": found.number,
            "kind": found.kind,
            "grade": grade,
            "follow_up": follow_up.deadline.isoformat() if follow_up else None,
        },
    )
    return Rated(rating, follow_up)


def _locked(follow_up: FollowUp) -> FollowUp:
    return FollowUp.objects.select_for_update().select_related("rating").get(pk=follow_up.pk)


@transaction.atomic
def record_contact(*, actor, follow_up: FollowUp, note: str) -> FollowUp:
    """联系群众: the unit reached the resident (or says why it could not)."""
    note = clean_text(note, field="contact_note", label="联系情况", max_length=500)
    follow_up = _locked(follow_up)
    if follow_up.state == FollowUp.State.ANSWERED:
        raise RuleViolation("already_answered", "这件差评已经答复", status=409)
    follow_up.contact_note = note
    follow_up.contacted_at = timezone.now()
    follow_up.state = FollowUp.State.CONTACTED
    follow_up.save()
    audit.record(actor=actor, action="evaluation.contacted", target=follow_up)
    return follow_up


@transaction.atomic
def answer_follow_up(
    *, actor, follow_up: FollowUp, rectification: str, answer: str, contact_note: str = ""
) -> FollowUp:
    """整改并答复: what was rectified and the answer the resident reads on the rating page.
    The day of the answer decides whether it was closed in time."""
    errors = FieldErrors()
    contact_note = errors.collect(
        clean_text,
        contact_note,
        field="contact_note",
        label="联系情况",
        max_length=500,
        required=False,
        default="",
    )
    rectification = errors.collect(
        clean_text,
        rectification,
        field="rectification",
        label="整改情况",
        max_length=2000,
        multiline=True,
    )
    answer = errors.collect(
        clean_text, answer, field="answer", label="答复群众", max_length=2000, multiline=True
    )
    follow_up = _locked(follow_up)
    if not contact_note and not follow_up.contact_note:
        errors.add("contact_note", "请先联系群众，填写联系情况")
    errors.raise_if_any("invalid_answer", "整改答复有误，未提交")
    if follow_up.state == FollowUp.State.ANSWERED:
        raise RuleViolation("already_answered", "这件差评已经答复", status=409)
    now = timezone.now()
    if contact_note:
        follow_up.contact_note = contact_note
        follow_up.contacted_at = follow_up.contacted_at or now
    follow_up.rectification = rectification
    follow_up.answer = answer
    follow_up.answered_on = timezone.localdate(now)
    follow_up.answered_by = actor
    follow_up.state = FollowUp.State.ANSWERED
    follow_up.save()
    audit.record(
        actor=actor,
        action="evaluation.answered",
        target=follow_up,
        summary={"in_time": follow_up.closed_in_time, "deadline": follow_up.deadline.isoformat()},
    )
    return follow_up
