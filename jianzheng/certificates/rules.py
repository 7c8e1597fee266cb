"""What a community may certify (the only place the issuance rules live).

- 永民发〔2020〕91号 二(二)/三(三)一: only retained items of the current catalogue; off-list
  proofs are refused ("村(社区)一律不再出具或配合出具").
- 四(三): for an item of the national first batch, while the new arrangements are not in place
  or a civil or commercial entity insists, the community still certifies truthfully what is
  within its duties and what it can verify — invoked on purpose, counted apart, switchable."""

from dataclasses import dataclass

from jianzheng.catalogue import selectors as catalogue
from jianzheng.catalogue.models import CertificateItem
from jianzheng.certificates.models import Certificate, Demand, HandoverSwitch
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text
from jianzheng.regions.models import Region, Unit
from jianzheng.regions.selectors import county_of


@dataclass(frozen=True)
class Handover:
    reason: str
    requester: str


@dataclass(frozen=True)
class Decision:
    """`item` may be None (on no list); `refusal_reason` is set when the answer is no."""

    item: CertificateItem | None
    asked_for: str
    handover: Handover | None = None
    refusal_reason: str = ""

    @property
    def allowed(self) -> bool:
        return not self.refusal_reason

    @property
    def message(self) -> str:
        return refusal_message(self.refusal_reason, self.asked_for) if self.refusal_reason else ""


def handover_applicable(item: CertificateItem | None) -> bool:
    """四(三) covers only the national first batch, and needs the item's hand-over template."""
    return bool(item and not item.is_retained and item.national_batch == 1 and item.template)


def county_for(unit: Unit) -> Region:
    """The county whose list a unit works by (a community's, a township's, a department's)."""
    return county_of(unit.region)


def handover_available(item: CertificateItem | None, *, county: Region | None = None) -> bool:
    """Whether a clerk may use 四(三) for `item` now: applicable and not switched off."""
    return handover_applicable(item) and handover_enabled(item, county=county)


def handover_enabled(item: CertificateItem, *, county: Region | None = None) -> bool:
    """The county's own switches (none: on); one county closing the exception never closes it
    for another."""
    county = catalogue.resolve_county(county)
    switches = dict(
        HandoverSwitch.objects.filter(county=county, item_code__in=["", item.code]).values_list(
            "item_code", "enabled"
        )
    )
    return switches.get("", True) and switches.get(item.code, True)


def clean_handover(raw) -> Handover:
    if not isinstance(raw, dict):
        raise RuleViolation("invalid_handover", "工作衔接例外的格式不正确", field="handover")
    errors = FieldErrors()
    reason = raw.get("reason")
    if reason not in Certificate.HandoverReason.values:
        errors.add("handover.reason", "请选择原因：政策措施衔接不到位，或民商事主体明确要求")
    # `demanded_by` is the API's older name for the requester.
    raw_requester = raw.get("requester", raw.get("demanded_by"))
    requester = errors.collect(
        clean_text,
        raw_requester if isinstance(raw_requester, str) else None,
        field="handover.requester",
        label="要求出具的单位",
        max_length=200,
        default="",
    )
    # 四(三): only facts "属于自身职责范围内、且能够核实的".
    if raw.get("within_duties") is not True:
        errors.add("handover.within_duties", "只有属于社区职责范围内的事实才能据实出具")
    if raw.get("verifiable") is not True:
        errors.add("handover.verifiable", "只有社区能够核实的事实才能据实出具")
    errors.raise_if_any("invalid_handover", "工作衔接例外的条件不满足")
    return Handover(reason=reason, requester=requester)


def off_list(item: str, *, county: Region | None = None) -> bool:
    """No item in force in the county answers to `item` (a name several items share is on it)."""
    try:
        return catalogue.item_in_force(item, county=county).item is None
    except RuleViolation:
        return False


def decide(item: str, *, county: Region | None = None, handover=None) -> Decision:
    """May a community of `county` issue `item` (a code or a name) now, by that county's list?
    Bad hand-over input raises."""
    county = catalogue.resolve_county(county)
    found = catalogue.item_in_force(item, county=county).item
    if found is None:
        return Decision(None, item, refusal_reason=Demand.Reason.NOT_LISTED)
    if found.is_retained:
        if handover:
            raise RuleViolation(
                "handover_not_needed",
                f"{found.name}是保留事项，按正常程序出具即可",
                field="handover",
            )
        return Decision(found, found.name)
    if not handover:
        return Decision(found, found.name, refusal_reason=Demand.Reason.CANCELLED)
    clean = clean_handover(handover)
    if not handover_applicable(found):
        raise RuleViolation(
            "handover_not_applicable", "工作衔接例外只适用于国家第一批取消事项", field="handover"
        )
    if not handover_enabled(found, county=county):
        return Decision(found, found.name, refusal_reason=Demand.Reason.HANDOVER_DISABLED)
    return Decision(found, found.name, handover=clean)


def refusal_message(reason: str, item_name: str) -> str:
    """Why a demand was not met, as the clerk's screen, the record page and the API say it."""
    if reason == Demand.Reason.NOT_LISTED:
        return f"“{item_name}”未列入证明事项清单，社区（村）一律不再出具或配合出具"
    if reason == Demand.Reason.HANDOVER_DISABLED:
        return f"{item_name}的工作衔接例外已关闭，请按替代方式办理"
    if reason == Demand.Reason.UNVERIFIABLE:
        return f"{item_name}是保留事项，但社区无法核实所证明的事实，不能出具"
    return f"{item_name}已取消，社区（村）不再出具，请按替代方式办理"
