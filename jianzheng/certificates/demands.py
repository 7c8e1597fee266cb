"""Demands a community turned away (or met under the 四(三) hand-over exception), and the
switch that closes that exception. Each names the unit that demanded the proof: the evidence
for exposure (永民发〔2020〕91号 二(五))."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jianzheng.accounts.permissions import membership_of
from jianzheng.catalogue.models import CertificateItem
from jianzheng.certificates import rollup, rules
from jianzheng.certificates.models import Certificate, Demand, HandoverSwitch
from jianzheng.certificates.permissions import can_issue, can_manage_handover
from jianzheng.core.audit import record
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.names import check_name
from jianzheng.core.text import clean_text
from jianzheng.regions.models import Region, Unit
from jianzheng.regions.selectors import resolve_unit_name
from jianzheng.regions.services import link_unit_name

# The longest text each field takes, in characters once trimmed (core.text.clean_text); the API
# schemas (certificates/schemas.py) state the same numbers.
MAX_REQUESTER = 200
MAX_REFUSAL_ITEM = 100
MAX_REFUSAL_NOTE = 500


def clean_requester(value, *, community: Unit, field: str = "requester", label="索要单位") -> str:
    """The demanding unit as typed: a registered unit (by name or code), or a name that reads as
    one (Chinese, no symbols, at least two characters), kept to be merged later."""
    text = clean_text(
        value if isinstance(value, str) else None,
        field=field,
        label=label,
        max_length=MAX_REQUESTER,
    )
    if resolve_unit_name(text, region=community.region) is None:
        check_name(text, field=field, label=label)
    return text


def record_demand(
    *,
    actor,
    community: Unit,
    decision: rules.Decision,
    requester: str,
    note: str = "",
    outcome: str = Demand.Outcome.REFUSED,
    reason: str | None = None,
    certificate: Certificate | None = None,
    requested_on: dt.date | None = None,
) -> Demand:
    """The one writer of demand records, inside the caller's transaction (or its own)."""
    with transaction.atomic():
        link = link_unit_name(requester, region=community.region)
        demand = Demand.objects.create(
            community=community,
            county_code=community.county_code,
            item=decision.item,
            item_name=decision.asked_for[:100],
            requester=requester,
            requester_unit=link.unit,
            requester_name=link.name,
            requested_on=requested_on or timezone.localdate(),
            outcome=outcome,
            reason=reason or decision.refusal_reason or Demand.Reason.CANCELLED,
            note=note[:500],
            clerk=actor,
            created_at=timezone.now(),
            certificate=certificate,
        )
        rollup.demand_recorded(demand)
        record(
            actor=actor,
            action=f"refusal.{outcome}",
            target=demand,
            summary={
                "item": decision.asked_for,
                "requester": requester,
                "requester_unit": link.unit.code if link.unit else None,
                "reason": demand.reason,
            },
        )
    return demand


def refuse_at_desk(
    *,
    actor,
    community: Unit,
    item: str,
    requester: str,
    note: str = "",
    requested_on: dt.date | None = None,
) -> Demand:
    """A clerk logs a demand turned away at the desk. A retained item may be refused only
    because its facts could not be verified (据实出具)."""
    if not can_issue(actor, community):
        raise PermissionDenied("只有本社区（村）工作者可以登记本社区的拒绝出具记录")
    errors = FieldErrors()

    def text(value, **kwargs):
        return errors.collect(clean_text, value if isinstance(value, str) else None, **kwargs)

    item = text(item, field="item", label="证明名称", max_length=MAX_REFUSAL_ITEM)
    requester = errors.collect(clean_requester, requester, community=community)
    note = text(note, field="note", label="说明", max_length=MAX_REFUSAL_NOTE, required=False) or ""
    if requested_on and requested_on > timezone.localdate():
        errors.add("requested_on", "索要日期不能晚于今天")
    county = rules.county_for(community)
    if item and rules.off_list(item, county=county):
        # Evidence of an off-list demand must name a proof, not "asdfgh".
        errors.collect(check_name, item, field="item", label="证明名称")
    errors.raise_if_any("invalid_refusal", "拒绝出具记录不完整")
    assert item is not None and requester is not None
    decision = rules.decide(item, county=county)
    reason = decision.refusal_reason
    if decision.allowed:
        if not note:
            raise RuleViolation(
                "note_required", "保留事项拒绝出具时须说明无法核实的原因", field="note"
            )
        reason = Demand.Reason.UNVERIFIABLE
    return record_demand(
        actor=actor,
        community=community,
        decision=decision,
        requester=requester,
        note=note,
        reason=reason,
        requested_on=requested_on,
    )


@transaction.atomic
def handover_county(actor) -> Region:
    """The county whose hand-over switches an admin sets: their unit's."""
    membership = membership_of(actor)
    assert membership is not None  # can_manage_handover needs one
    return rules.county_for(membership.unit)


def set_handover(
    *, actor, item: CertificateItem | None, enabled: bool, reason: str
) -> HandoverSwitch:
    """Switch the 四(三) exception for one first-batch item, or for the county (item None): the
    admin's own county's switch, which no other county reads."""
    if not can_manage_handover(actor):
        raise PermissionDenied("只有民政局管理员可以开关工作衔接例外")
    county = handover_county(actor)
    if item is not None and not rules.handover_applicable(item):
        raise RuleViolation(
            "handover_not_applicable", "工作衔接例外只适用于国家第一批取消事项", field="item"
        )
    reason = clean_text(reason, field="reason", label="理由", max_length=500)
    switch, _ = HandoverSwitch.objects.update_or_create(
        county=county,
        item_code=item.code if item else "",
        defaults={
            "enabled": enabled,
            "reason": reason,
            "changed_by": actor,
            "changed_at": timezone.now(),
        },
    )
    record(
        actor=actor,
        action="certificate.handover_switched",
        target=switch,
        summary={
            "county": county.code,
            "item": item.code if item else "*",
            "enabled": enabled,
            "reason": reason,
        },
    )
    return switch
