"""Every write of the sharing area: ask a holder, answer (by its staff or through the adapter).

永民发〔2020〕91号 二(六): "按照法定程序办理证明事项查询核查业务" — a request names its purpose, the
case it serves, its legal basis and the proof it replaces, or it is refused (422 naming the
field); the holder answers within 2 working days; request and answer are hash-bound, audited and
never edited."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jianzheng.accounts.permissions import membership_of
from jianzheng.catalogue import selectors as catalogue
from jianzheng.core import audit, workdays
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.idnumber import InvalidIdNumber, normalize_id_number
from jianzheng.core.text import clean_person_name, clean_text, mask_id_tail
from jianzheng.regions.models import Region, Unit
from jianzheng.regions.selectors import county_of
from jianzheng.sharing import integrity, permissions
from jianzheng.sharing.models import SharedFact, SharingCheck

ANSWER_WORKING_DAYS = 2  # the default deadline of an answer (issue 10)
# The longest text each field takes, in characters once trimmed (core.text.clean_text); the API
# schemas (sharing/schemas.py) state the same numbers.
MAX_SUBJECT_NAME = 50
MAX_PURPOSE = 200
MAX_CASE_NUMBER = 64
MAX_LEGAL_BASIS = 300
MAX_DECLINE_REASON = 300


def answer_deadline(asked_on: dt.date) -> dt.date:
    """2 working days, the day asked not counted (weekends, holidays and 调休 from core)."""
    return workdays.add_working_days(asked_on, ANSWER_WORKING_DAYS)


def clean_id_number(raw: str, *, field: str, label: str = "公民身份号码") -> str:
    if not (raw or "").strip():
        raise RuleViolation("required", f"请填写{label}", field=field)
    try:
        return normalize_id_number(raw)
    except InvalidIdNumber as exc:
        raise RuleViolation("invalid_id_number", f"{label}：{exc}", field=field) from None


def _text(errors: FieldErrors, value, field: str, label: str, max_length: int) -> str:
    return errors.collect(
        clean_text, value, field=field, label=label, max_length=max_length, default=""
    )


def _holder_and_fact(errors: FieldErrors, holder: str, fact: str) -> SharedFact | None:
    unit = Unit.objects.filter(code=(holder or "").strip(), is_active=True).first()
    if unit is None:
        errors.add("holder", "没有这个数据提供单位，请填写单位代码（如 640121-GAJ）")
        return None
    found = SharedFact.objects.filter(holder=unit, code=(fact or "").strip(), is_active=True)
    shared = found.select_related("holder").first()
    if shared is None:
        offered = "、".join(
            f"{f.name}（{f.code}）" for f in unit.shared_facts.filter(is_active=True)
        )
        errors.add(
            "fact",
            f"{unit.name}不提供这项核查"
            + (f"，可核查：{offered}" if offered else "，未登记任何核查事项"),
        )
    return shared


def _particulars(errors: FieldErrors, fact: SharedFact, given: dict | None) -> dict:
    given = dict(given or {})
    unknown = set(given) - set(fact.input_names)
    for name in sorted(unknown):
        errors.add(f"particulars.{name}", f"“{fact.name}”不需要“{name}”")
    cleaned = {}
    for spec in fact.inputs:
        key, label = spec["name"], spec["label"]
        field = f"particulars.{key}"
        if key.endswith("id_number"):
            value = errors.collect(clean_id_number, given.get(key), field=field, label=label)
        else:
            value = _text(errors, given.get(key), field, label, 200)
        cleaned[key] = value or ""
    return cleaned


def _replaced_item(errors: FieldErrors, fact: SharedFact | None, code: str, county: Region):
    code = (code or "").strip()
    if not code:
        errors.add("replaces_item", "请填写本次核查替代的证明事项（清单中的事项代码）")
        return None
    try:
        found = catalogue.item_in_force(code, county=county, field="replaces_item")
    except RuleViolation as exc:
        errors.fields.update(exc.fields or {"replaces_item": exc.message})
        return None
    if found.item is None:
        errors.add("replaces_item", f"清单中没有“{code}”这项证明事项")
        return None
    if fact is not None and found.item.code not in fact.replaces:
        names = "、".join(fact.replaces) or "（无）"
        errors.add(
            "replaces_item",
            f"“{fact.name}”替代的证明事项是 {names}，不是{found.item.name}（{found.item.code}）",
        )
        return None
    return found.item


@transaction.atomic
def ask_check(
    *,
    actor,
    holder: str,
    fact: str,
    subject_name: str,
    subject_id_number: str,
    purpose: str,
    case_number: str,
    legal_basis: str,
    replaces_item: str,
    particulars: dict | None = None,
) -> SharingCheck:
    """A requester's unit asks `holder` to confirm `fact` about a person (201 pending)."""
    if not permissions.can_ask(actor):
        raise PermissionDenied("只有部门、乡镇（街道）工作人员可以发起信息共享核查")
    unit = membership_of(actor).unit
    county = county_of(unit.region)
    errors = FieldErrors()
    shared = _holder_and_fact(errors, holder, fact)
    if shared is not None and shared.holder_id == unit.pk:
        errors.add("holder", "本单位的数据请直接查询，不必发起共享核查")
    name = errors.collect(
        clean_person_name,
        subject_name,
        field="subject_name",
        label="被核查人姓名",
        max_length=MAX_SUBJECT_NAME,
        default="",
    )
    number = errors.collect(clean_id_number, subject_id_number, field="subject_id_number")
    cleaned = _particulars(errors, shared, particulars) if shared else {}
    texts = {
        "purpose": _text(errors, purpose, "purpose", "核查用途", MAX_PURPOSE),
        "case_number": _text(errors, case_number, "case_number", "办件编号", MAX_CASE_NUMBER),
        "legal_basis": _text(errors, legal_basis, "legal_basis", "法定依据", MAX_LEGAL_BASIS),
    }
    item = _replaced_item(errors, shared, replaces_item, county)
    errors.raise_if_any("invalid_sharing_check", "核查请求不完整或有误，未发出")
    assert shared is not None and item is not None and number is not None
    now = timezone.now()
    check = SharingCheck.objects.create(
        requester_unit=unit,
        requester=actor,
        holder=shared.holder,
        fact=shared,
        subject_name=name,
        subject_id_number=number,
        subject_id_masked=mask_id_tail(number),
        subject_key=integrity.subject_key(number, name),
        particulars=cleaned,
        replaces_item_code=item.code,
        replaces_item_name=item.name,
        county=county,
        asked_at=now,
        deadline=answer_deadline(timezone.localdate(now)),
        request_hash="",
        **texts,
    )
    check.request_hash = integrity.request_hash(check)
    check.save(update_fields=["request_hash"])
    audit.record(
        actor=actor,
        action="sharing.ask",
        target=check,
        summary={
            "holder": shared.holder.code,
            "fact": shared.code,
            "subject": check.subject_id_masked,
            "case_number": check.case_number,
            "replaces_item": item.code,
            "request_hash": check.request_hash,
        },
    )
    return check


@dataclass(frozen=True)
class Answer:
    answer: str
    fields: dict
    reason: str


def clean_answer(fact: SharedFact, answer: str, fields: dict | None, reason: str | None) -> Answer:
    """yes / no (for a `fields` fact: yes with exactly its named fields, no with none) or
    declined with a reason. Nothing else leaves the holder (the least answer, 二(六))."""
    errors = FieldErrors()
    fields = dict(fields or {})
    if answer not in SharingCheck.Answer.values:
        raise RuleViolation("invalid_answer", "答复应为“是”“否”或“拒绝答复”", field="answer")
    reason_text = _text(errors, reason, "reason", "理由", MAX_DECLINE_REASON) if reason else ""
    if answer == SharingCheck.Answer.DECLINED:
        if not reason_text and "reason" not in errors:
            errors.add("reason", "拒绝答复须写明理由")
        if fields:
            errors.add("fields", "拒绝答复时不提供任何字段")
    elif fact.answer_kind == SharedFact.AnswerKind.YES_NO or answer == SharingCheck.Answer.NO:
        if fields:
            errors.add("fields", "这项核查只答复“是”或“否”，不提供其他信息")
    else:
        expected = fact.field_names
        for key in sorted(set(fields) - set(expected)):
            errors.add(f"fields.{key}", f"“{fact.name}”不提供“{key}”")
        for spec in fact.answer_fields:
            value = fields.get(spec["name"])
            if not isinstance(value, str) or not value.strip():
                errors.add(f"fields.{spec['name']}", f"请填写{spec['label']}")
            elif len(value) > 100:
                errors.add(f"fields.{spec['name']}", f"{spec['label']}不能超过100个字")
        fields = {k: str(v).strip() for k, v in fields.items()}
    errors.raise_if_any("invalid_answer", "答复有误，未保存")
    return Answer(answer, fields if answer == SharingCheck.Answer.YES else {}, reason_text)


def _write_answer(check: SharingCheck, given: Answer, *, by, by_name: str) -> SharingCheck:
    """One conditional update: a second answer, however it races the first, changes nothing."""
    check.answer, check.fields, check.reason = given.answer, given.fields, given.reason
    check.state = (
        SharingCheck.State.DECLINED
        if given.answer == SharingCheck.Answer.DECLINED
        else SharingCheck.State.ANSWERED
    )
    check.answered_by, check.answered_by_name = by, by_name
    check.answered_at = timezone.now()
    check.answer_hash = integrity.answer_hash(check)
    changed = SharingCheck.objects.filter(pk=check.pk, state=SharingCheck.State.PENDING).update(
        answer=check.answer,
        fields=check.fields,
        reason=check.reason,
        state=check.state,
        answered_by=by,
        answered_by_name=by_name,
        answered_at=check.answered_at,
        answer_hash=check.answer_hash,
        last_error="",
    )
    if not changed:
        raise RuleViolation("already_answered", "这项核查已经答复，不能再次答复或修改", status=409)
    return check


@transaction.atomic
def answer_check(
    *, actor, check: SharingCheck, answer: str, fields: dict | None = None, reason: str = ""
) -> SharingCheck:
    """The holder's officer answers (200). Someone else's check is the caller's 404 (it is
    not in their `visible_checks`); seen but not theirs to answer is 403."""
    if not permissions.can_answer(actor, check):
        raise PermissionDenied("只有数据提供单位的工作人员可以答复")
    if not check.is_pending:
        raise RuleViolation("already_answered", "这项核查已经答复，不能再次答复或修改", status=409)
    given = clean_answer(check.fact, answer, fields, reason)
    _write_answer(check, given, by=actor, by_name=f"{check.holder.name} {actor}")
    _audit_answer(actor, check)
    return check


def _audit_answer(actor, check: SharingCheck, actor_name: str | None = None) -> None:
    audit.record(
        actor=actor,
        actor_name=actor_name,
        action="sharing.answer",
        target=check,
        summary={
            "answer": check.answer,
            "fields": sorted(check.fields),
            "request_hash": check.request_hash,
            "answer_hash": check.answer_hash,
        },
    )


@transaction.atomic
def record_external_answer(*, check: SharingCheck, given: Answer) -> SharingCheck:
    """What an external holder answered through the adapter (adapter.py), already cleaned."""
    _write_answer(check, given, by=None, by_name=f"{check.holder.name}（外部接口）")
    _audit_answer(None, check, actor_name=f"adapter:{check.holder.code}")
    return check


def note_dispatch_failure(check: SharingCheck, error: str) -> None:
    """The adapter could not get an answer: the check stays pending, with why."""
    SharingCheck.objects.filter(pk=check.pk, state=SharingCheck.State.PENDING).update(
        attempts=check.attempts + 1, last_error=error[:300], last_attempt_at=timezone.now()
    )
