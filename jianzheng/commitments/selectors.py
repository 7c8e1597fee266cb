"""Reads of commitments, post-checks and credit records; each list starts from `visible_*`."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from jianzheng.catalogue import selectors as catalogue
from jianzheng.commitments import permissions
from jianzheng.commitments.models import Commitment, CreditRecord, PostCheck
from jianzheng.core import workdays
from jianzheng.core.errors import RuleViolation
from jianzheng.core.text import mask_name, mask_phone
from jianzheng.regions.models import Region

CHECK_STATES = ("due", "overdue", "done")


def list_commitments(user) -> QuerySet[Commitment]:
    return permissions.visible_commitments(user).select_related(
        "department", "county", "document", "recorded_by"
    )


def get_commitment(user, serial: str) -> Commitment | None:
    return list_commitments(user).filter(serial=serial).first()


@dataclass(frozen=True)
class ApplicantView:
    name: str
    id_number: str
    phone: str


def applicant_for(user, commitment: Commitment) -> ApplicantView:
    """The full particulars for the deciding department, masked for everyone else."""
    if permissions.sees_full_id(user, commitment):
        return ApplicantView(
            commitment.applicant_name, commitment.applicant_id_number, commitment.applicant_phone
        )
    return ApplicantView(
        mask_name(commitment.applicant_name),
        commitment.applicant_id_masked,
        mask_phone(commitment.applicant_phone),
    )


def list_post_checks(user, *, state: str | None = None) -> QuerySet[PostCheck]:
    """`due` (pending, deadline not passed), `overdue` (pending, past the deadline), `done`."""
    checks = permissions.visible_post_checks(user).select_related(
        "commitment", "department", "checked_by"
    )
    today = workdays.today()
    if state in (None, ""):
        return checks.exclude(state=PostCheck.State.VOID)
    if state not in CHECK_STATES:
        raise RuleViolation(
            "invalid_state", "state 只能是 due、overdue 或 done", field="state", status=400
        )
    if state == "due":
        return checks.filter(state=PostCheck.State.PENDING, deadline__gte=today)
    if state == "overdue":
        return checks.filter(state=PostCheck.State.PENDING, deadline__lt=today)
    return checks.exclude(state__in=[PostCheck.State.PENDING, PostCheck.State.VOID]).order_by(
        "-checked_at", "-pk"
    )


def get_post_check(user, pk: int) -> PostCheck | None:
    return list_post_checks(user).filter(pk=pk).first()


def is_overdue(check: PostCheck, on: dt.date | None = None) -> bool:
    return check.state == PostCheck.State.PENDING and check.deadline < (on or workdays.today())


def count_open_checks(user) -> int:
    return permissions.visible_post_checks(user).filter(state=PostCheck.State.PENDING).count()


def list_credit_records(user, *, state: str | None = None) -> QuerySet[CreditRecord]:
    records = permissions.visible_credit_records(user).select_related("department", "corrects")
    return records.filter(state=state) if state else records


def get_credit_record(user, pk: int) -> CreditRecord | None:
    return list_credit_records(user).filter(pk=pk).first()


def is_in_force(record: CreditRecord, on: dt.date | None = None) -> bool:
    on = on or workdays.today()
    return record.state == CreditRecord.State.ACTIVE and record.start_date <= on <= record.end_date


def published_serious_cases(county: Region | None = None) -> QuerySet[CreditRecord]:
    """二(七) 情节严重的……予以公开: published serious records in force, with no ID numbers."""
    today = workdays.today()
    records = CreditRecord.objects.filter(
        publish=True,
        severity=CreditRecord.Severity.SERIOUS,
        state=CreditRecord.State.ACTIVE,
        end_date__gte=today,
    ).select_related("department", "county")
    return records.filter(county=county) if county else records


def commitment_items(county: Region | None = None):
    """Items in force that take a commitment: the public list of the commitment system."""
    return [i for i in catalogue.list_items(county=county) if i.commitment]


def receives_id_numbers(user) -> bool:
    """The credit information platform's own accounts (settings.CREDIT_ID_RECEIVERS)."""
    return (
        permissions.is_credit_officer(user) and user.get_username() in settings.CREDIT_ID_RECEIVERS
    )


def describe_commitment(document) -> list[tuple[str, str]]:
    """The public page's rows for a 告知承诺书: what the paper says, the applicant masked, and
    whether the commitment still stands (a withdrawn one says so)."""
    commitment = Commitment.objects.filter(document=document).first()
    if commitment is None:
        return []
    day = timezone_day(commitment.committed_at)
    rows = [
        ("承诺事项", commitment.item_name),
        # As the registry masks it for the public page: two digits of the number (docs/security.md).
        ("申请人", f"{document.holder_name_masked} {document.holder_id_masked}"),
        ("办件编号", commitment.case_number),
        ("承诺时间", day),
        ("承诺方式", commitment.get_channel_display()),
        ("承诺条款", f"已逐条确认全部{len(commitment.terms['clauses'])}条"),
    ]
    if commitment.state == Commitment.State.WITHDRAWN and commitment.withdrawn_at:
        rows.append(
            ("承诺状态", f"已撤回（{timezone_day(commitment.withdrawn_at)}），改为提交证明材料")
        )
    else:
        rows.append(("承诺状态", commitment.get_state_display()))
    return rows


def timezone_day(moment) -> str:
    from django.utils import timezone

    day = timezone.localtime(moment).date()
    return f"{day.year}年{day.month}月{day.day}日"
