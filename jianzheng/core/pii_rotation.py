"""`jianzheng keys rotate-pii` (core.pii's key encryption key): above both the sealed columns
and the audit log, since the rotation is itself an audited act."""

from django.db import transaction

from jianzheng.core import audit, pii

BATCH = 200  # rows read at a time


def rotate(*, drop_old: bool = False) -> dict:
    """`jianzheng keys rotate-pii`: a new KEK (unless JIANZHENG_PII_KEY names the new one first),
    then every data key re-wrapped by it, in one transaction. Payloads are not re-encrypted.
    Returns {"kid", "rewrapped", "dropped"}."""
    if not pii.key_from_environment():
        pii.create_kek()
    ring = pii.keyring()
    rewrapped = 0
    with transaction.atomic():
        for model in pii.encrypted_models():
            fields = pii.encrypted_fields(model)
            names = [f.attname for f in fields]
            rows = model._base_manager.order_by("pk").values_list("pk", *names)
            for pk, *values in rows.iterator(chunk_size=BATCH):
                updates = {}
                for field, value in zip(fields, values, strict=True):
                    if isinstance(value, pii.Sealed) and pii.kid_of(value) != ring.active:
                        updates[field.attname] = pii.rewrap(value, ring)
                if updates:
                    model._base_manager.filter(pk=pk).update(**updates)
                    rewrapped += len(updates)
        audit.record(
            actor=None,
            action="pii.key_rotated",
            summary={"kid": ring.active, "rewrapped": rewrapped},
        )
    dropped = pii.forget_keks({ring.active}) if drop_old else []
    return {"kid": ring.active, "rewrapped": rewrapped, "dropped": dropped}
