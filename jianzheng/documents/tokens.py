"""The signed token: COSE_Sign1 (RFC 9052) over a CBOR payload, as in the EU Digital COVID
Certificate, written as base32 upper case without padding so that the QR URL
`HTTPS://HOST/V/<TOKEN>` stays in the QR code's alphanumeric mode (stack-notes: ~208 characters,
QR version 8, readable by any phone camera).

Pure functions, no database: the public page, the API and the offline command share them."""

import base64
import binascii
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

import cbor2

from jianzheng.documents.binding import (  # noqa: F401  re-exported: callers import them here
    DEFAULT_KDF,
    KdfParams,
    facts_tag,
    holder_key,
    holder_tag,
    legacy_holder_digest,
    normalise_id,
    normalise_name,
)
from jianzheng.documents.signing import (
    ALGORITHMS,
    ALGORITHMS_BY_COSE,
    ED25519,
    ES256,
    Signer,
    b64url_decode,
    canonical_json,
    verify_signature,
)

# 2: the holder tag is slow and salted, and the payload carries a tag of the certified facts
# and the scrypt parameters (documents.binding). 1: the first tokens, sha256 holder digest, no
# facts; still decoded and verified so that papers issued before keep reading as valid.
VERSION = 2
LEGACY_VERSION = 1
MAX_TOKEN_CHARS = 1000  # real tokens are ~210; refuse to parse megabytes of garbage
COSE_SIGN1_TAG = 18
HEADER_ALG, HEADER_KID = 1, 4
EPOCH = date(1970, 1, 1)

# Payload keys: small integers keep the QR small.
K_VERSION, K_SERIAL, K_KIND, K_SUBJECT, K_ISSUER, K_ISSUED, K_VALID_UNTIL, K_HOLDER = range(1, 9)
K_FACTS, K_KDF = 9, 10

_BASE32 = re.compile(r"[A-Z2-7]+")
_URL_TOKEN = re.compile(r"/V/([A-Z2-7]+)/?(?:[?#].*)?$", re.IGNORECASE)


class TokenError(Exception):
    """The text is not a well-formed token or its signature does not hold. `code` says which."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(detail or code)
        self.code = code


@dataclass(frozen=True)
class Claims:
    serial: str
    kind: str
    subject_code: str
    issuer_code: str
    issued_on: date
    valid_until: date | None
    holder_digest: bytes
    version: int = VERSION
    facts_digest: bytes | None = None  # version 2 on
    kdf: KdfParams | None = None  # version 2 on

    @property
    def covers_facts(self) -> bool:
        return self.facts_digest is not None


@dataclass(frozen=True)
class ParsedToken:
    kid: str
    cose_alg: int
    payload: bytes
    signature: bytes
    signed_bytes: bytes  # the COSE Sig_structure the signature covers


def bind_holder(
    *, serial: str, name: str, id_number: str, facts: dict, kdf: KdfParams = DEFAULT_KDF
) -> tuple[bytes, bytes]:
    """(holder tag, facts tag) for a version 2 token: one scrypt derivation for both."""
    key = holder_key(serial, name, id_number, kdf)
    return holder_tag(key), facts_tag(key, facts)


def holder_matches(claims: Claims, name: str, id_number: str) -> bool:
    """One slow derivation for a version 2 token (its own parameters), a sha256 for version 1."""
    if claims.version == LEGACY_VERSION:
        expected = legacy_holder_digest(claims.serial, name, id_number)
    else:
        key = holder_key(claims.serial, name, id_number, claims.kdf or DEFAULT_KDF)
        expected = holder_tag(key)
    return hmac.compare_digest(claims.holder_digest, expected)


def facts_match(claims: Claims, *, name: str, id_number: str, facts: dict) -> bool:
    """Whether `facts` (and this holder) are what the token signed. False for a version 1 token,
    which signed no facts: the caller says so rather than calling it a mismatch."""
    if claims.facts_digest is None:
        return False
    key = holder_key(claims.serial, name, id_number, claims.kdf or DEFAULT_KDF)
    return hmac.compare_digest(claims.holder_digest, holder_tag(key)) and hmac.compare_digest(
        claims.facts_digest, facts_tag(key, facts)
    )


def day_number(day: date) -> int:
    return (day - EPOCH).days


def from_day_number(number: int) -> date:
    return EPOCH + timedelta(days=number)


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def encode_claims(claims: Claims) -> bytes:
    body = {
        K_VERSION: claims.version,
        K_SERIAL: claims.serial,
        K_KIND: claims.kind,
        K_SUBJECT: claims.subject_code,
        K_ISSUER: claims.issuer_code,
        K_ISSUED: day_number(claims.issued_on),
        K_HOLDER: claims.holder_digest,
    }
    if claims.valid_until is not None:
        body[K_VALID_UNTIL] = day_number(claims.valid_until)
    if claims.version != LEGACY_VERSION:
        if claims.facts_digest is None or claims.kdf is None:
            raise ValueError("a version 2 token needs its facts tag and kdf parameters")
        body[K_FACTS] = claims.facts_digest
        body[K_KDF] = claims.kdf.as_list()
    return cbor2.dumps(body)


def sign_claims(signer: Signer, claims: Claims) -> str:
    alg = ALGORITHMS[signer.algorithm]
    protected = cbor2.dumps({HEADER_ALG: alg.cose_alg, HEADER_KID: bytes.fromhex(signer.kid)})
    payload = encode_claims(claims)
    signature = signer.sign(_sig_structure(protected, payload))
    envelope = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))
    return base64.b32encode(envelope).decode("ascii").rstrip("=")


def extract_token(text: str) -> str:
    """A token from what a person pastes: the token, or the whole verify URL, any case."""
    text = (text or "").strip()
    match = _URL_TOKEN.search(text)
    if match:
        text = match.group(1)
    return text.upper()


# RFC 4648 base32 read as one number in C: translate() maps A-Z2-7 onto the digits int() reads
# in base 32 (0-9A-V). base64.b32decode is a Python loop, ≈ 90 µs a token, a fifth of a
# verification's own time (docs/performance.md, "Verification API"); this is ≈ 5 µs.
_BASE32_DIGITS = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHIJKLMNOPQRSTUV"
)


def _b32decode_canonical(token: str) -> bytes:
    """Unpadded base32 (A-Z2-7 only, already checked) to bytes. The bits past the last whole
    byte must be zero: one token, one spelling, so a changed last character is never silently
    accepted (as re-encoding and comparing would say)."""
    spare = 5 * len(token) % 8
    if spare >= 5:  # 1, 3 or 6 characters past a multiple of 8 end inside no byte
        raise TokenError("malformed", "bad base32")
    number = int(token.translate(_BASE32_DIGITS), 32)
    if number & ((1 << spare) - 1):
        raise TokenError("malformed", "non-canonical base32")
    return (number >> spare).to_bytes(5 * len(token) // 8, "big")


def parse_token(text: str) -> ParsedToken:
    token = extract_token(text)
    if not token or len(token) > MAX_TOKEN_CHARS or not _BASE32.fullmatch(token):
        raise TokenError("malformed", "not base32")
    raw = _b32decode_canonical(token)
    try:
        envelope = cbor2.loads(raw)
        if not isinstance(envelope, cbor2.CBORTag) or envelope.tag != COSE_SIGN1_TAG:
            raise TokenError("malformed", "not COSE_Sign1")
        items = envelope.value
        if not isinstance(items, list | tuple) or len(items) != 4:
            raise TokenError("malformed", "COSE_Sign1 needs 4 items")
        protected, unprotected, payload, signature = items
        if not all(isinstance(x, bytes) for x in (protected, payload, signature)):
            raise TokenError("malformed", "COSE fields must be byte strings")
        if not isinstance(unprotected, Mapping):
            raise TokenError("malformed", "unprotected header must be a map")
        header = cbor2.loads(protected)
        if not isinstance(header, Mapping):
            raise TokenError("malformed", "protected header must be a map")
        cose_alg, kid = header.get(HEADER_ALG), header.get(HEADER_KID)
        if not isinstance(cose_alg, int) or not isinstance(kid, bytes) or not kid:
            raise TokenError("malformed", "alg and kid must be in the protected header")
    except TokenError:
        raise
    except Exception:  # cbor2 raises many types on garbage; all mean "not a token"
        raise TokenError("malformed", "not CBOR") from None
    return ParsedToken(kid.hex(), cose_alg, payload, signature, _sig_structure(protected, payload))


def decode_claims(payload: bytes) -> Claims:
    try:
        body = cbor2.loads(payload)
        if not isinstance(body, Mapping) or body.get(K_VERSION) not in (VERSION, LEGACY_VERSION):
            raise TokenError("malformed_payload", "unknown payload version")
        version = body[K_VERSION]
        facts_digest, kdf = None, None
        if version == VERSION:
            facts_digest = body[K_FACTS]
            if not isinstance(facts_digest, bytes):
                raise TokenError("malformed_payload", "bad field types")
            try:
                kdf = KdfParams.from_list(body[K_KDF])
            except ValueError:
                raise TokenError("malformed_payload", "bad kdf parameters") from None
        texts = [body[k] for k in (K_SERIAL, K_KIND, K_SUBJECT, K_ISSUER)]
        issued, until, digest = body[K_ISSUED], body.get(K_VALID_UNTIL), body[K_HOLDER]
        if not all(isinstance(t, str) for t in texts) or not isinstance(issued, int):
            raise TokenError("malformed_payload", "bad field types")
        if (until is not None and not isinstance(until, int)) or not isinstance(digest, bytes):
            raise TokenError("malformed_payload", "bad field types")
        return Claims(
            serial=texts[0],
            kind=texts[1],
            subject_code=texts[2],
            issuer_code=texts[3],
            issued_on=from_day_number(issued),
            valid_until=None if until is None else from_day_number(until),
            holder_digest=digest,
            version=version,
            facts_digest=facts_digest,
            kdf=kdf,
        )
    except TokenError:
        raise
    except Exception:
        raise TokenError("malformed_payload", "payload is not a claims map") from None


@dataclass(frozen=True)
class PublicKey:
    kid: str
    algorithm: str
    public_key: bytes
    county: str = ""  # "640121 永宁县": whose key it is, as keys.json says; "" for none


class KeyLookup(Protocol):
    """A dict of keys.json's keys, or the registry's KnownPublicKeys."""

    def get(self, kid: str, /) -> PublicKey | None: ...


def verify_token_offline(text: str, keys: KeyLookup) -> tuple[ParsedToken, Claims]:
    """Signature and structure only; revocation and registration are the caller's business.
    Raises TokenError with code malformed | unknown_key | bad_signature | malformed_payload."""
    parsed = parse_token(text)
    key = keys.get(parsed.kid)
    if key is None:
        raise TokenError("unknown_key", parsed.kid)
    alg = ALGORITHMS_BY_COSE.get(parsed.cose_alg)
    # The header's alg must be the key's own: a key is never used with another algorithm.
    if alg is None or alg.name != key.algorithm:
        raise TokenError("bad_signature", "algorithm does not match the key")
    if not verify_signature(key.algorithm, key.public_key, parsed.signature, parsed.signed_bytes):
        raise TokenError("bad_signature")
    return parsed, decode_claims(parsed.payload)


def verify_url(token: str) -> str:
    """The QR URL, upper case so the whole string is QR alphanumeric (0-9 A-Z space $%*+-./:).
    Scheme and host are case-insensitive and both /v/ and /V/ are routed; a PUBLIC_URL with a
    case-sensitive path prefix would not survive this."""
    from django.conf import settings

    return f"{settings.PUBLIC_URL}/V/{token}".upper()


# ---------------------------------------------------------------- offline: keys.json, revoked.json


_ALG_OF_CURVE = {"Ed25519": ED25519, "P-256": ES256}  # a JWK that omits "alg"


def _county_label(entry: Mapping) -> str:
    county = entry.get("county")
    if not isinstance(county, Mapping):
        return ""
    return " ".join(str(county.get(k) or "") for k in ("code", "name")).strip()


def parse_keys_document(data) -> dict[str, PublicKey]:
    """keys.json → {kid: PublicKey}. Raises ValueError for anything that is not one."""
    if not isinstance(data, Mapping) or not isinstance(data.get("keys"), list):
        raise ValueError('keys.json must be {"keys": [...]}')
    keys = {}
    for entry in data["keys"]:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("kid"), str):
            raise ValueError("every key needs a kid")
        algorithm = entry.get("alg") or _ALG_OF_CURVE.get(entry.get("crv"), "")
        alg = ALGORITHMS.get(algorithm)
        if alg is None:
            raise ValueError(f"key {entry['kid']}: unknown algorithm {algorithm!r}")
        try:
            public = alg.from_jwk(dict(entry))
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise ValueError(f"key {entry['kid']}: {exc}") from None
        keys[entry["kid"]] = PublicKey(entry["kid"], alg.name, public, _county_label(entry))
    if not keys:
        raise ValueError("keys.json lists no keys")
    return keys


def verify_revocation_list(data, keys: Mapping[str, PublicKey]) -> dict[str, dict]:
    """revoked.json → {serial: entry} after checking its signature. Raises ValueError."""
    if not isinstance(data, Mapping) or not isinstance(data.get("payload"), Mapping):
        raise ValueError("revoked.json must hold a payload")
    key = keys.get(data.get("kid"))
    if key is None:
        raise ValueError(f"revoked.json signed by unknown key {data.get('kid')!r}")
    try:
        signature = b64url_decode(str(data.get("signature", "")))
    except (binascii.Error, ValueError):
        raise ValueError("revoked.json signature is not base64url") from None
    if not verify_signature(
        key.algorithm, key.public_key, signature, canonical_json(data["payload"])
    ):
        raise ValueError("revoked.json signature does not verify")
    revoked = data["payload"].get("revoked")
    if not isinstance(revoked, list):
        raise ValueError("revoked.json payload has no revoked list")
    return {str(e.get("serial")): dict(e) for e in revoked if isinstance(e, Mapping)}
