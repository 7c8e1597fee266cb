from django.apps import AppConfig

from jianzheng.core.registry import register_reference_data


class DocumentsConfig(AppConfig):
    name = "jianzheng.documents"
    label = "documents"
    verbose_name = "签名文书与核验"

    def ready(self):
        from jianzheng.core.audit import register_kept_records
        from jianzheng.documents.models import SignedDocument

        # Never deleted, only marked: `jianzheng audit verify` finds each the log names.
        register_kept_records(SignedDocument, "签名文书")

        from jianzheng.core import journal
        from jianzheng.core.audit import register_audit_check
        from jianzheng.core.throttle import register_budget
        from jianzheng.documents.selectors import revocations_undone
        from jianzheng.documents.services import VERIFICATION_JOURNAL, store_verification_rows

        register_audit_check("revocations", revocations_undone)
        # Verification log rows written by the answer to a journal file, stored in batches.
        journal.register(VERIFICATION_JOURNAL, store=store_verification_rows)

        # Every check writes a VerificationLog row; the QR code's upper-case /V/ is the same page.
        register_budget("verify-page", prefix="/v/", limit=120, period=60)
        register_budget("verify-page-qr", prefix="/V/", limit=120, period=60)
        # Checking who holds a paper costs a deliberately slow scrypt (32 MiB, ~0.1 s of a core:
        # documents/binding.py), so the form has a budget of its own, far below the page's.
        register_budget("holder-check", method="POST", prefix="/v/", limit=12, period=60)
        register_budget("holder-check-qr", method="POST", prefix="/V/", limit=12, period=60)
        register_budget("verify-api", method="POST", prefix="/api/v1/verify", limit=600, period=60)
        # Serial + check code by hand: a person types a few a minute; a guesser gets nowhere
        # (50-bit codes, documents/checkcodes.py).
        register_budget("verify-serial", prefix="/verify/", limit=30, period=60)
        register_reference_data("documents", order=30, title="签名密钥", load=load_signing_key)


def load_signing_key(*, demo: bool) -> str:
    """Nothing can be signed without a key, so every county gets one here (after the regions,
    order 10); an existing ES256 key that this machine can sign with is kept."""
    from jianzheng.documents.services import ensure_signing_keys, keys_dir

    keys = ensure_signing_keys(actor=None)
    if not keys:
        return "尚无县（市、区），未生成签名密钥"
    listed = "；".join(f"{key.county.name} {key}" for key in keys if key.county)
    return f"各县（市、区）当前签名密钥：{listed}（私钥在 {keys_dir()}，请备份）"
