"""The hash-chained audit log: `record()` appends, `verify_chain()` recomputes.

Each entry's hash covers every field of the row (the actor's id as well as their name) and the
previous entry's hash, so rewriting a row breaks the chain after it. A database writer could
rewrite a row and recompute every hash after it; the signed checkpoints (`checkpoints.py`) stop
that: a checkpoint signs the chain head at a moment with a key kept outside the database, and
`verify_chain` checks the chain against every checkpoint, so history rewritten before the latest
one is caught however carefully the hashes were recomputed. Areas add checks of their own that
compare their tables with what the log says happened (`register_audit_check`: e.g. a certificate
un-revoked in SQL), and name the records that are never deleted (`register_kept_records`): a row
of those the log speaks of that is gone from its table was deleted behind the application's
back."""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from jianzheng.core.models import AuditEntry, AuditHead

GENESIS = "0" * 64
SCHEME = 2  # the canonical form below; 1 (before issue 16) left out the actor's id


def canonical(entry: AuditEntry) -> bytes:
    body = {
        "v": SCHEME,
        "id": entry.pk,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor": entry.actor_name,
        "unit": entry.unit_code,
        "action": entry.action,
        "target": [entry.target_type, entry.target_id],
        "summary": entry.summary,
        "prev": entry.prev_hash,
    }
    return json.dumps(
        body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    ).encode()


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def _target_label(target) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk)
    kind, ident = target
    return str(kind), str(ident)


def _json_safe(summary: dict | None) -> dict:
    return json.loads(json.dumps(summary or {}, ensure_ascii=False, default=str))


def record(
    *, actor, action: str, target=None, summary: dict | None = None, actor_name: str | None = None
) -> AuditEntry:
    """Append an entry inside the caller's transaction. `actor` is a User or None (operator CLI)."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        target_type, target_id = _target_label(target)
        unit_code = county_code = ""
        membership = getattr(actor, "membership", None) if actor is not None else None
        if membership is not None:
            unit_code, county_code = membership.unit.code, membership.unit.county_code
        entry = AuditEntry(
            id=head.last_id + 1,
            at=timezone.now(),
            actor=actor,
            actor_name=actor_name or (actor.get_username() if actor else "operator"),
            unit_code=unit_code,
            county_code=county_code,
            action=action,
            target_type=target_type,
            target_id=target_id,
            summary=_json_safe(summary),
            prev_hash=head.last_hash,
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        head.last_id = entry.pk
        head.last_hash = entry.hash
        head.count += 1
        head.save(update_fields=["last_id", "last_hash", "count"])
        return entry


def entries_for(target) -> models.QuerySet[AuditEntry]:
    """The audit history of one object, oldest first (detail pages show it)."""
    target_type, target_id = _target_label(target)
    return AuditEntry.objects.filter(target_type=target_type, target_id=target_id).order_by("id")


@dataclass(frozen=True)
class Mark:
    """A point of the chain someone vouched for: entry `last_id` had hash `last_hash`."""

    last_id: int
    last_hash: str
    label: str  # how the report names it ("2026-12-03 02:00 的检查点")


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None = None
    reason: str = ""
    marks: int = 0  # checkpoints the chain was held against

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain(marks: Iterable[Mark] = (), batch_size: int = 2000) -> ChainReport:
    """Walk every entry in id order; name the first one whose hash or link does not hold, or
    that disagrees with a checkpoint (`marks`: signatures already checked by the caller)."""
    by_id: dict[int, list[Mark]] = {}
    for mark in marks:
        by_id.setdefault(mark.last_id, []).append(mark)
    prev_hash, expected_id, checked = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        if entry.pk != expected_id:
            return ChainReport(checked, expected_id, f"第 {expected_id} 条记录缺失")
        if entry.prev_hash != prev_hash:
            return ChainReport(checked, entry.pk, "与前一条记录的链接不符")
        if entry_hash(entry) != entry.hash:
            return ChainReport(checked, entry.pk, "内容被修改（哈希不符）")
        for mark in by_id.get(entry.pk, ()):
            if mark.last_hash != entry.hash:
                return ChainReport(
                    checked, entry.pk, f"与{mark.label}不符：此前的记录被改写后重算了哈希"
                )
        prev_hash, expected_id, checked = entry.hash, expected_id + 1, checked + 1
    beyond = [m for m in by_id if m > checked]
    if beyond:
        return ChainReport(
            checked,
            checked + 1,
            f"第 {checked + 1} 条及以后的记录被删除（检查点记有 {max(beyond)} 条）",
        )
    head = AuditHead.objects.filter(id=1).first()
    if head and (head.last_id != checked or head.last_hash != prev_hash):
        return ChainReport(checked, checked + 1, f"第 {checked + 1} 条及以后的记录被删除")
    return ChainReport(checked, marks=len(by_id))


@dataclass(frozen=True)
class Finding:
    """A table that disagrees with what the log says happened."""

    entry_id: int  # 0: no one entry (a count kept beside the rows)
    message: str


_CHECKS: dict[str, Callable[[], list[Finding]]] = {}


def register_audit_check(name: str, check: Callable[[], list[Finding]]) -> None:
    """An area's own comparison of its rows with the log, run by `jianzheng audit verify`."""
    _CHECKS[name] = check


def run_audit_checks() -> list[Finding]:
    return [finding for name in sorted(_CHECKS) for finding in _CHECKS[name]()]


_KEPT: dict[str, tuple[type[models.Model], str]] = {}
KEPT_BATCH = 5000  # audit entries compared with their table at a time


def register_kept_records(model: type[models.Model], what: str) -> None:
    """`model`'s rows are never deleted by the application (a paper is revoked, a plaque taken
    down, a complaint closed: each stays, with its history): `jianzheng audit verify` finds every
    one the log names still in its table. `what` names it in a finding ("证明")."""
    _KEPT[model._meta.label_lower] = (model, what)


def records_deleted() -> list[Finding]:
    """Rows of kept records that the log names and their table no longer holds: one finding
    each, at the first entry that names it."""
    findings = []
    for label, (model, what) in sorted(_KEPT.items()):
        named = (
            AuditEntry.objects.filter(target_type=label)
            .values_list("target_id")
            .annotate(first=models.Min("id"))
            .order_by()
            .iterator(chunk_size=KEPT_BATCH)
        )
        batch: dict[str, int] = {}
        for target_id, entry_id in named:
            batch[target_id] = entry_id
            if len(batch) >= KEPT_BATCH:
                findings += _missing(model, what, batch)
                batch = {}
        findings += _missing(model, what, batch)
    return sorted(findings, key=lambda f: f.entry_id)


def _missing(model: type[models.Model], what: str, named: dict[str, int]) -> list[Finding]:
    if not named:
        return []
    pk = model._meta.pk
    wanted = {}
    for target_id, entry_id in named.items():
        try:
            wanted[pk.to_python(target_id)] = (target_id, entry_id)
        except ValidationError:  # not a key of this table at all: nothing to look for
            continue
    present = set(model._base_manager.filter(pk__in=list(wanted)).values_list("pk", flat=True))
    return [
        Finding(entry_id, f"{what} #{target_id} 在审计日志中有记录，但已从数据表中删除")
        for key, (target_id, entry_id) in sorted(wanted.items(), key=lambda kv: kv[1][1])
        if key not in present
    ]
