"""Every write to the catalogue. 永民发〔2020〕91号 三(四): nothing is added, changed or removed
except through a change request that is proposed, reviewed, approved and published in a version.
Each change belongs to one catalogue (the nation's, the region's or a county's); the layering
rules that tie them together are enforced here (the reads apply them too, catalogue.layers)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jianzheng.catalogue.models import (
    GUIDE_KEYS,
    Alternative,
    Catalogue,
    CatalogueVersion,
    CertificateItem,
    ChangeRequest,
    ItemChange,
    LegalBasis,
)
from jianzheng.catalogue.payload import item_to_payload, validate_item_payload
from jianzheng.catalogue.permissions import (
    can_approve_change,
    can_approve_for_region,
    can_propose_change,
    can_publish_version,
    can_review_change,
    home_region,
)
from jianzheng.catalogue.search import search_keys
from jianzheng.catalogue.selectors import (
    cancelled_above_named,
    latest_item,
    resolve_county,
    standing_above,
)
from jianzheng.core.audit import record
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text
from jianzheng.regions.models import Region, Unit

Kind = ChangeRequest.Kind
Status = ChangeRequest.Status
Level = Catalogue.Level

# How a refusal names the list that cancelled an item, and the list that may not keep it.
CANCELLED_BY: dict[str, str] = {Level.NATION: "国家第一批清单", Level.REGION: "自治区清单"}
LIST_OF: dict[str, str] = {Level.REGION: "自治区清单", Level.COUNTY: "县级清单"}


def ensure_catalogue(region: Region | None) -> Catalogue:
    """The catalogue of a region node (the nation's for None), created on first use: the region
    (province level) and each county own one; nothing else does."""
    if region is None:
        return Catalogue.objects.get_or_create(level=Level.NATION, region=None)[0]
    if region.level == Region.Level.PROVINCE:
        level = Level.REGION
    elif region.level == Region.Level.COUNTY:
        level = Level.COUNTY
    else:
        raise RuleViolation("no_catalogue", f"{region.name}没有自己的证明事项清单", field="county")
    return Catalogue.objects.get_or_create(region=region, defaults={"level": level})[0]


def default_catalogue() -> Catalogue:
    """The default county's list (the only county of a one-county deployment)."""
    county = resolve_county(None)
    if county is None:
        raise RuleViolation("county_required", "请选择县（市、区）", field="county")
    return ensure_catalogue(county)


def _own_catalogue(actor) -> Catalogue:
    region = home_region(actor)
    if region is None:
        raise PermissionDenied("您的单位没有自己的证明事项清单")
    return ensure_catalogue(region)


def _check_layers(catalogue: Catalogue, payload: dict) -> None:
    """三(三)一: an item cancelled above can never be retained below; the refusal names the list
    that cancelled it. Cancelling more than the list above is always allowed (二(二))."""
    if payload.get("status") != CertificateItem.Status.RETAINED:
        return
    above = standing_above(payload["code"], catalogue)
    if above is None or above.status != CertificateItem.Status.CANCELLED:
        above = cancelled_above_named(payload.get("name", ""), catalogue)
    if above is not None and above.status == CertificateItem.Status.CANCELLED:
        source = above.version.catalogue
        assert source is not None  # a row above lies in an owned catalogue
        by = CANCELLED_BY.get(source.level, source.label)
        raise RuleViolation(
            "cancelled_above",
            f"该事项已由{by}取消，{LIST_OF[catalogue.level]}不能保留",
            field="status",
        )


def _check_change_target(catalogue: Catalogue, kind: str, code: str) -> CertificateItem | None:
    """The newest published row of `code` (in force or not) that the change is measured against:
    the catalogue's own, else for a change the row it lies on above (the county overlays it)."""
    item = latest_item(code, catalogue=catalogue)
    if kind == Kind.ADD and item is not None and item.is_active:
        raise RuleViolation("duplicate", f"事项代码 {code} 已存在，请改用“变更”", field="code")
    if kind == Kind.CHANGE and (item is None or not item.is_active):
        item = standing_above(code, catalogue)
    if kind in (Kind.CHANGE, Kind.REMOVE) and (item is None or not item.is_active):
        raise RuleViolation("not_found", f"清单中没有事项 {code}", field="code", status=404)
    # A change published for a later date is still pending: a second one would be overwritten
    # (or overwrite it) when the dates come.
    pending = ChangeRequest.objects.filter(catalogue=catalogue, item_code=code).filter(
        Q(status__in=[Status.PROPOSED, Status.REVIEWED, Status.APPROVED])
        | Q(status=Status.PUBLISHED, version__effective_date__gt=timezone.localdate())
    )
    if pending.exists():
        raise RuleViolation(
            "pending_change",
            f"事项 {code} 已有未发布的变更申请，请先处理",
            field="code",
            status=409,
        )
    return item


@transaction.atomic
def propose_change(
    *,
    actor,
    catalogue: Catalogue | None = None,
    kind: str,
    payload: dict | None = None,
    item_code: str = "",
    reason: str,
    legal_basis: str,
) -> ChangeRequest:
    """A department, township or the civil-affairs bureau applies with reason and legal basis, to
    its own node's list (default: the actor's county's, or the region's for a region unit)."""
    if not can_propose_change(actor):
        raise PermissionDenied("只有县直部门、乡镇（街道）和民政局可以申请变更清单")
    catalogue = catalogue or _own_catalogue(actor)
    if not can_propose_change(actor, catalogue):
        raise PermissionDenied("只能申请变更本级的证明事项清单")
    if kind not in Kind.values:
        raise RuleViolation("invalid_choice", "变更类型无效", field="kind")
    errors = FieldErrors()
    text = {"max_length": 2000, "multiline": True}
    reason = errors.collect(clean_text, reason, field="reason", label="申请理由", **text)
    legal_basis = errors.collect(
        clean_text, legal_basis, field="legal_basis", label="法律政策依据", **text
    )
    if kind == Kind.REMOVE:
        code = errors.collect(clean_text, item_code, field="code", label="事项代码", max_length=32)
        payload = {}
    else:
        # Which list cancelled it is the answer that matters, before any wording problem.
        _check_layers(
            catalogue, {k: str((payload or {}).get(k, "")) for k in ("code", "name", "status")}
        )
        payload = errors.collect(validate_item_payload, payload or {})
        code = payload["code"] if payload else None
        if code and item_code and item_code != code:
            errors.add("code", "变更不能修改事项代码")
    # Every problem at once, so a form shows them all beside their fields.
    errors.raise_if_any("invalid_item", "申请内容有误，请按提示修改")
    item = _check_change_target(catalogue, kind, code)
    if kind == Kind.CHANGE and item is not None and payload == item_to_payload(item):
        raise RuleViolation("no_change", "申请内容与现行清单相同，没有需要变更的内容")
    _check_layers(catalogue, payload)
    change = ChangeRequest.objects.create(
        catalogue=catalogue,
        kind=kind,
        item=item,
        item_code=code,
        payload=payload,
        reason=reason,
        legal_basis=legal_basis,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    record(
        actor=actor,
        action="catalogue.change_proposed",
        target=change,
        summary={"kind": kind, "item": code, "reason": reason, "catalogue": catalogue.label},
    )
    return change


@transaction.atomic
def review_change(*, actor, change: ChangeRequest, accept: bool, note: str = "") -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if not can_review_change(actor, change):
        raise PermissionDenied("只有申请人以外的民政局管理员可以审核待审核的申请")
    note = clean_text(
        note, field="note", label="审核意见", max_length=2000, required=not accept, multiline=True
    )
    change.reviewed_by, change.reviewed_at, change.review_note = actor, timezone.now(), note
    change.status = Status.REVIEWED if accept else Status.REJECTED
    change.save()
    record(
        actor=actor,
        action="catalogue.change_reviewed",
        target=change,
        summary={"accepted": accept, "note": note},
    )
    return change


@transaction.atomic
def decide_change(
    *, actor, change: ChangeRequest, approve: bool, note: str = "", approval_reference: str = ""
) -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    catalogue = change.catalogue
    if not can_approve_change(actor, change) or catalogue is None:
        raise PermissionDenied("只有申请人以外的民政局管理员可以批准已审核的申请")
    note = clean_text(
        note, field="note", label="批准意见", max_length=2000, required=not approve, multiline=True
    )
    reference = clean_text(
        approval_reference,
        field="approval_reference",
        label="批准文号",
        max_length=200,
        required=False,
    )
    new_proof = _makes_retained(change)
    if approve and new_proof and not reference:
        # 三(四): a new proof needs the region government's approval; "未经批准的,一律不得增加".
        raise RuleViolation(
            "approval_required",
            "新增保留事项须经自治区人民政府审定，请填写批准文号",
            field="approval_reference",
        )
    if approve:
        _check_layers(catalogue, change.payload)
    change.decided_by, change.decided_at, change.decision_note = actor, timezone.now(), note
    change.approval_reference = reference
    change.status = Status.APPROVED if approve else Status.REJECTED
    if approve and new_proof and catalogue.level == Level.COUNTY:
        # 三(四): a county's new proof goes out only once a region admin records the approval.
        change.status = Status.AWAITING_REGION
    change.save()
    record(
        actor=actor,
        action="catalogue.change_decided",
        target=change,
        summary={"approved": approve, "note": note, "approval_reference": reference},
    )
    return change


@transaction.atomic
def approve_for_region(
    *, actor, change: ChangeRequest, approve: bool, note: str = ""
) -> ChangeRequest:
    """三(四): the region's approval of a county's new retained proof, recorded on the change by
    a region-level civil-affairs admin; only then may the county publish it."""
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    catalogue = change.catalogue
    if not can_approve_for_region(actor, change) or catalogue is None:
        raise PermissionDenied("只有自治区民政厅管理员可以批准县级清单新增的保留事项")
    note = clean_text(
        note,
        field="note",
        label="自治区意见",
        max_length=2000,
        required=not approve,
        multiline=True,
    )
    if approve:
        _check_layers(catalogue, change.payload)
    change.region_approved_by, change.region_approved_at = actor, timezone.now()
    change.region_note = note
    change.status = Status.APPROVED if approve else Status.REJECTED
    change.save()
    record(
        actor=actor,
        action="catalogue.change_region_decided",
        target=change,
        summary={"approved": approve, "note": note, "catalogue": catalogue.label},
    )
    return change


def needs_approval_reference(change: ChangeRequest) -> bool:
    return _makes_retained(change)


def _makes_retained(change: ChangeRequest) -> bool:
    """Whether the change puts on the retained list an item that was not on it: a new proof."""
    becomes = (
        change.kind != Kind.REMOVE
        and change.payload.get("status") == CertificateItem.Status.RETAINED
    )
    return becomes and not (change.item is not None and change.item.is_retained)


@transaction.atomic
def publish_version(
    *, actor, catalogue: Catalogue | None = None, effective_date: dt.date, summary: str = ""
) -> CatalogueVersion:
    """Bundle every approved request of the catalogue (default: the actor's own list) into its
    next version, in force from `effective_date`."""
    if not can_publish_version(actor):
        raise PermissionDenied("只有民政局管理员可以发布清单版本")
    catalogue = catalogue or _own_catalogue(actor)
    if not can_publish_version(actor, catalogue):
        raise PermissionDenied("只能发布本级的证明事项清单")
    changes = list(
        ChangeRequest.objects.select_for_update()
        .filter(catalogue=catalogue, status=Status.APPROVED)
        .order_by("id")
    )
    if not changes:
        raise RuleViolation("nothing_to_publish", "没有已批准待发布的变更申请")
    summary = clean_text(
        summary, field="summary", label="版本说明", max_length=2000, required=False, multiline=True
    )
    return _publish(
        actor=actor,
        catalogue=catalogue,
        changes=changes,
        effective_date=effective_date,
        summary=summary or f"发布{len(changes)}项变更",
    )


def _publish(
    *,
    actor,
    catalogue: Catalogue,
    changes: list[ChangeRequest],
    effective_date: dt.date,
    summary: str,
) -> CatalogueVersion:
    """Write the version and, once, the item rows it brings; they are in force from
    `effective_date` by the dates alone (catalogue.selectors), so nothing is applied later."""
    if effective_date < timezone.localdate():
        raise RuleViolation("past_date", "生效日期不能早于今天", field="effective_date")
    versions = CatalogueVersion.objects.filter(catalogue=catalogue)
    last = versions.select_for_update().order_by("-number").first()
    waiting = versions.filter(effective_date__gt=effective_date).order_by("effective_date").first()
    if waiting is not None:
        # Versions take effect in the order they are published, so none overtakes another.
        raise RuleViolation(
            "out_of_order",
            f"第{waiting.number}版尚未生效，新版本的生效日期不能早于它",
            field="effective_date",
        )
    version = CatalogueVersion.objects.create(
        catalogue=catalogue,
        number=(last.number + 1) if last else 1,
        effective_date=effective_date,
        published_at=timezone.now(),
        published_by=actor,
        summary=summary,
    )
    for change in changes:
        previous = latest_item(change.item_code, catalogue=catalogue)
        if change.kind != Kind.REMOVE and (previous is None or not previous.is_active):
            previous = standing_above(change.item_code, catalogue)
        before = item_to_payload(previous) if previous and previous.is_active else None
        if change.kind == Kind.REMOVE:
            # The removal row keeps the last wording, so history and old certificates read true;
            # only a listed item can be removed (_check_change_target).
            assert before is not None
            item = _write_item(before, version, active=False)
            after = None
        else:
            item = _write_item(change.payload, version, active=True)
            after = change.payload
        ItemChange.objects.create(
            version=version,
            change_request=change,
            item_code=change.item_code,
            item_name=item.name,
            kind=change.kind,
            before=before,
            after=after,
        )
        change.status, change.version = Status.PUBLISHED, version
        change.save(update_fields=["status", "version"])
    record(
        actor=actor,
        action="catalogue.version_published",
        target=version,
        summary={
            "catalogue": catalogue.label,
            "number": version.number,
            "effective_date": effective_date,
            "changes": [c.pk for c in changes],
        },
    )
    return version


def _write_item(payload: dict, version: CatalogueVersion, *, active: bool) -> CertificateItem:
    fields = {k: v for k, v in payload.items() if k not in ("legal_bases", "alternatives")}
    item = CertificateItem(**fields, is_active=active, version=version)
    item.search_text = search_keys(item.name, item.aliases, item.keywords, item.code)
    item.save()
    LegalBasis.objects.bulk_create(
        LegalBasis(item=item, position=i, **basis) for i, basis in enumerate(payload["legal_bases"])
    )
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in=[a["handling_unit"] for a in payload["alternatives"]])
    }
    Alternative.objects.bulk_create(
        Alternative(
            item=item,
            position=i,
            kind=alt["kind"],
            instruction=alt["instruction"],
            handling_unit=units.get(alt["handling_unit"]),
            handling_unit_name="" if alt["handling_unit"] in units else alt["handling_unit"],
            # Requests proposed before the guide fields existed carry none of them.
            **{key: alt.get(key, "") for key in GUIDE_KEYS},
        )
        for i, alt in enumerate(payload["alternatives"])
    )
    return item


@transaction.atomic
def import_catalogue(
    *,
    actor,
    catalogue: Catalogue | None = None,
    payloads: list[dict],
    reason: str,
    legal_basis: str,
    approval_reference: str = "",
    effective_date: dt.date | None = None,
) -> CatalogueVersion | None:
    """The operator's bulk route (`jianzheng catalogue import`): every row that differs becomes a
    change request, and they go out at once as one version; the CLI operator acts for the
    civil-affairs bureau, and it is audited. Identical rows change nothing, so export → import is
    a no-op. A row that puts a proof on the retained list needs the region government's approval
    reference, as in the back office (三(四)); for a county's list the operator records the region's
    approval with it. A row that would retain what a list above cancelled is refused (三(三)一).
    A row the list above already says word for word is not copied into `catalogue`. Rows are
    already validated by importexport. `catalogue` defaults to the default county's."""
    catalogue = catalogue or default_catalogue()
    now = timezone.now()
    changes, unapproved = [], []
    for payload in payloads:
        item = latest_item(payload["code"], catalogue=catalogue)
        own = item is not None and item.is_active
        standing = item if own else standing_above(payload["code"], catalogue)
        if standing is not None and item_to_payload(standing) == payload:
            continue
        kind = Kind.CHANGE if own else Kind.ADD
        _check_change_target(catalogue, kind, payload["code"])
        _check_layers(catalogue, payload)
        change = ChangeRequest(
            catalogue=catalogue,
            kind=kind,
            item=standing,
            item_code=payload["code"],
            payload=payload,
            reason=reason,
            legal_basis=legal_basis,
            approval_reference=approval_reference,
            proposed_by=_operator(),
            proposed_at=now,
            status=Status.APPROVED,
        )
        if _makes_retained(change) and not approval_reference:
            unapproved.append(payload["code"])
        elif _makes_retained(change) and catalogue.level == Level.COUNTY:
            change.region_approved_by, change.region_approved_at = change.proposed_by, now
        changes.append(change)
    if unapproved:
        raise RuleViolation(
            "approval_required",
            "以下事项将列入保留清单，须经自治区人民政府审定，请用 --approval-reference 填写批准文号："
            + "、".join(unapproved),
            field="approval_reference",
        )
    if not changes:
        return None
    for change in changes:
        change.save()
    record(
        actor=actor,
        action="catalogue.imported",
        summary={"catalogue": catalogue.label, "rows": len(payloads), "changes": len(changes)},
    )
    return _publish(
        actor=actor,
        catalogue=catalogue,
        changes=changes,
        effective_date=effective_date or timezone.localdate(),
        summary=f"{reason}（{len(changes)}项）",
    )


def _operator():
    """The system account that stands for the operator at the command line."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="operator", defaults={"full_name": "系统运维（命令行）", "is_active": False}
    )
    return user
