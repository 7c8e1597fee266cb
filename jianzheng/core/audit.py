"""The hash-chained audit log: `record()` appends, `verify_chain()` recomputes."""

import hashlib
import json
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from jianzheng.core.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _canonical(entry: AuditEntry) -> bytes:
    body = {
        "id": entry.pk,
        "at": entry.at.isoformat(timespec="microseconds"),
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
    return hashlib.sha256(_canonical(entry)).hexdigest()


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
        unit_code = ""
        membership = getattr(actor, "membership", None) if actor is not None else None
        if membership is not None:
            unit_code = membership.unit.code
        entry = AuditEntry(
            id=head.last_id + 1,
            at=timezone.now(),
            actor=actor,
            actor_name=actor_name or (actor.get_username() if actor else "operator"),
            unit_code=unit_code,
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
class ChainReport:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk every entry in id order; name the first one whose hash or link does not hold."""
    prev_hash, expected_id, checked = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        if entry.pk != expected_id:
            return ChainReport(checked, expected_id, f"第 {expected_id} 条记录缺失")
        if entry.prev_hash != prev_hash:
            return ChainReport(checked, entry.pk, "与前一条记录的链接不符")
        if entry_hash(entry) != entry.hash:
            return ChainReport(checked, entry.pk, "内容被修改（哈希不符）")
        prev_hash, expected_id, checked = entry.hash, expected_id + 1, checked + 1
    head = AuditHead.objects.filter(id=1).first()
    if head and (head.last_id != checked or head.last_hash != prev_hash):
        return ChainReport(checked, checked + 1, f"第 {checked + 1} 条及以后的记录被删除")
    return ChainReport(checked)
