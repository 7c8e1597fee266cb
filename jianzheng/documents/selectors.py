"""Reads: documents, keys, revocations and verification logs."""

from django.db.models import QuerySet
from django.utils import timezone

from jianzheng.documents.models import SignedDocument, SigningKey, VerificationLog
from jianzheng.documents.signing import ALGORITHMS, b64url_decode
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


def list_revocations() -> list[dict]:
    """Serial, time and the issuer's county only: the clerk's free-text reason may speak of the
    holder, and this list is published to everyone (the reason is on the verification page of
    that one document)."""
    rows = (
        SignedDocument.objects.filter(revoked_at__isnull=False)
        .order_by("revoked_at", "id")
        .values_list("serial", "revoked_at", "issuer__region__path")
    )
    return [
        {"serial": serial, "revoked_at": _iso(at), "county": _county_code(path)}
        for serial, at, path in rows
    ]


def _county_code(path: str) -> str | None:
    """The county code in a region's path "/64/6401/640121/640121100/" (None above county)."""
    return next((code for code in path.strip("/").split("/") if len(code) == 6), None)


def list_verifications(document: SignedDocument) -> QuerySet[VerificationLog]:
    return document.verifications.select_related("verifier_unit").order_by("-at", "-id")
