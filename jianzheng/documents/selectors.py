"""Reads: documents, keys, revocations and verification logs."""

import functools

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from jianzheng.core.audit import Finding
from jianzheng.core.models import AuditEntry
from jianzheng.documents import kinds
from jianzheng.documents.models import SignedDocument, SigningKey, VerificationLog
from jianzheng.documents.signing import ALGORITHMS, b64url_decode, canonical_json, verify_signature
from jianzheng.documents.tokens import PublicKey

# Keys are never deleted and a kid always names the same public key, so a key once found can
# stay in memory for the life of the process. Unknown kids are not cached: another server may
# have just created the key.
_public_keys: dict[str, PublicKey] = {}


class KnownPublicKeys:
    """The registry's public keys, retired ones included, looked up by kid."""

    def get(self, kid: str) -> PublicKey | None:
        key = _public_keys.get(kid)
        if key is None:
            row = SigningKey.objects.select_related("county").filter(kid=kid).first()
            if row is None:
                return None
            county = f"{row.county.code} {row.county.name}" if row.county else ""
            key = PublicKey(row.kid, row.algorithm, b64url_decode(row.public_key), county)
            _public_keys[kid] = key
        return key


def list_signing_keys() -> QuerySet[SigningKey]:
    return SigningKey.objects.select_related("county").order_by("created_at", "id")


def _iso(moment) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def public_keys_document() -> dict:
    """keys.json: JWK-like, one entry per key ever used, so old documents keep verifying, each
    naming the county it signs (or signed) for; `county` is null for a key made before counties
    had keys on a database that could not tell whose it was (it only verifies)."""
    keys = []
    for key in list_signing_keys():
        jwk = ALGORITHMS[key.algorithm].to_jwk(b64url_decode(key.public_key))
        keys.append(
            {
                "kid": key.kid,
                "alg": key.algorithm,
                **jwk,
                "county": {"code": key.county.code, "name": key.county.name}
                if key.county
                else None,
                "created": _iso(key.created_at),
                "retired": _iso(key.retired_at),
            }
        )
    return {"keys": keys}


REVOKED_ACTION = "document.revoked"
DOCUMENT_TARGET = "documents.signeddocument"


def revocation_fact(serial: str, revoked_at, category: str) -> dict:
    """What the issuing county's key signs when a document is revoked."""
    return {"serial": serial, "revoked_at": _iso(revoked_at), "category": category}


def _revocation_entries() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(action=REVOKED_ACTION, target_type=DOCUMENT_TARGET)


def _signed_from() -> int:
    """Revocations carry the county key's signature from the audit log's scheme 2 on: in a log
    upgraded to it, the entries after its `audit.rehashed` entry; in a log begun since, all."""
    rehashed = AuditEntry.objects.filter(action="audit.rehashed").values_list("id", flat=True)
    return next(iter(rehashed[:1]), 0)


class _Revocations:
    """Checks revocation entries against the keys that signed them."""

    def __init__(self):
        self.keys = {key.kid: key for key in SigningKey.objects.all()}
        self.signed_from = _signed_from()

    def problem(self, entry: AuditEntry) -> str:
        """ "" for a genuine revocation, else what is wrong with it."""
        summary = entry.summary
        if "signature" not in summary:
            return "" if entry.pk < self.signed_from else "没有出具单位的签名（伪造）"
        key = self.keys.get(summary.get("kid", ""))
        fact = {k: summary.get(k) for k in ("serial", "revoked_at", "category")}
        try:
            holds = key is not None and verify_signature(
                key.algorithm,
                b64url_decode(key.public_key),
                b64url_decode(summary["signature"]),
                canonical_json(fact),
            )
        except (ValueError, TypeError):
            holds = False
        return "" if holds else "签名不符"


def registry_rows() -> QuerySet[SignedDocument]:
    """Registry rows as a verification reads them: with their issuer, what their kind's page
    reads (a certificate's row, documents.kinds), and whether the audit log holds any revocation
    entry for them (`in_revocation_log`), in the same query. Only then is the entry read and its
    signature checked (revoked_in_log): a verification of an unrevoked paper is one query."""
    return _registry_query().all()  # a copy: the kept query itself is never evaluated


@functools.cache
def _registry_query() -> QuerySet[SignedDocument]:
    # Built once per process: resolving the subquery and the join cost more than running the
    # query (≈ 1 ms of a verification's 4 on PostgreSQL, bench/verify_endpoint.py --misses).
    logged = _revocation_entries().filter(target_id=Cast(OuterRef("pk"), CharField()))
    return (
        SignedDocument.objects.select_related("issuer", *kinds.relations_read())
        .annotate(in_revocation_log=Exists(logged))
        .order_by()
    )


def revoked_in_log(document: SignedDocument) -> bool:
    """The log holds a genuine revocation of `document`: its row is then shown as revoked
    whatever it holds (the entry's time and category fill a row someone cleared). An entry
    without the issuing county's signature, written into the log by hand, revokes nothing.
    A row read through registry_rows() that has no entry at all is answered without a query."""
    if getattr(document, "in_revocation_log", True) is False:
        return False
    entries = list(_revocation_entries().filter(target_id=str(document.pk)).order_by("id"))
    if not entries:
        return False
    check = _Revocations()
    entry = next((e for e in entries if not check.problem(e)), None)
    if entry is None:
        return False
    document.revoked_at = document.revoked_at or entry.at
    document.revoke_category = document.revoke_category or entry.summary.get("category", "")
    return True


def list_revocations() -> list[dict]:
    """Serial, time and the issuer's county only: the clerk's free-text reason may speak of the
    holder, and this list is published to everyone (the reason is on the verification page of
    that one document). Built from the audit log's genuine revocations as well as the
    registry's rows, so a revocation undone in the database stays listed."""
    check = _Revocations()
    logged = {
        int(entry.target_id): entry.at
        for entry in _revocation_entries().order_by("id")
        if entry.target_id.isdigit() and not check.problem(entry)
    }
    rows = SignedDocument.objects.filter(
        Q(revoked_at__isnull=False) | Q(pk__in=list(logged))
    ).values_list("pk", "serial", "revoked_at", "issuer__region__path")
    listed = [
        (at or logged[pk], pk, {"serial": serial, "county": _county_code(path)})
        for pk, serial, at, path in rows
    ]
    return [
        {"serial": item["serial"], "revoked_at": _iso(at), "county": item["county"]}
        for at, _, item in sorted(listed, key=lambda row: (row[0], row[1]))
    ]


def revocations_undone() -> list[Finding]:
    """`jianzheng audit verify`: a revocation the log holds must be genuine (signed by the key it
    names) and still in the registry."""
    check = _Revocations()
    revoked = dict(
        SignedDocument.objects.filter(revoked_at__isnull=False).values_list("pk", "serial")
    )
    findings = []
    for entry in _revocation_entries().order_by("id"):
        serial = entry.summary.get("serial", entry.target_id)
        if problem := check.problem(entry):
            findings.append(Finding(entry.pk, f"文书 {serial} 的撤销记录{problem}"))
        elif not entry.target_id.isdigit() or int(entry.target_id) not in revoked:
            findings.append(Finding(entry.pk, f"文书 {serial} 的撤销在登记表中被清除（改回有效）"))
    return findings


def _county_code(path: str) -> str | None:
    """The county code in a region's path "/64/6401/640121/640121100/" (None above county)."""
    return next((code for code in path.strip("/").split("/") if len(code) == 6), None)


def list_verifications(document: SignedDocument) -> QuerySet[VerificationLog]:
    return document.verifications.select_related("verifier_unit").order_by("-at", "-id")
