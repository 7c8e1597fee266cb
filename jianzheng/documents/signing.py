"""Signers, verifiers keyed by algorithm, and private key files. No database here: the offline
`jianzheng verify` command imports this module on a machine that has no database at all.

New keys are ES256 (ECDSA P-256 with SHA-256): ordinary PDF readers (poppler's pdfsig, Acrobat)
check a PAdES signature by such a key, and did not check Ed25519 ones. Ed25519 ("EdDSA") keys
made before stay in `ALGORITHMS` and keep verifying what they signed, tokens and PDFs alike.

A signature as `Signer.sign` returns it is in the form COSE and JOSE use (RFC 9053 / RFC 7518):
64 bytes for Ed25519, r‖s (2 × 32 bytes) for ES256; CMS wants ECDSA in DER, and pdfsign
converts. A public key as bytes is the raw 32 bytes (Ed25519) or the uncompressed SEC 1 point
0x04‖x‖y (ES256, 65 bytes); kids are derived from those bytes.

SM2 with SM3 (GB/T 32918.2, GB/T 35276; "SM2") is the national algorithm a county may choose
(`jianzheng keys create --alg sm2`): the signature covers SM3(Z ‖ data), Z taken with the default
user ID 1234567812345678 (GB/T 35276 §7.1), through gmssl-pyx (GmSSL's C library). Its public key
is 0x04‖x‖y like P-256's, its signature r‖s; tokens name it with a COSE value from the private-use
range (no SM2 value is registered), JWKs as {"kty": "EC", "crv": "SM2"}, private keys as an
RFC 5915 "EC PRIVATE KEY" on the curve OID 1.2.156.10197.1.301, as OpenSSL and GmSSL write them.

Callers only ever see `Signer` and `verify_signature(algorithm, …)`."""

import base64
import functools
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

ED25519 = "EdDSA"
ES256 = "ES256"
SM2 = "SM2"
NEW_KEY_ALGORITHM = ES256  # what `jianzheng keys create` makes unless told --alg sm2
CHOSEN_ALGORITHMS = (ES256, SM2)  # what a county may sign with; Ed25519 keys only verify
SM2_USER_ID = b"1234567812345678"  # GB/T 35276 §7.1: the default when no other is agreed
SM2_CURVE_OID = "1.2.156.10197.1.301"
SM2_COSE_ALG = -65601  # private use (RFC 9053: below -65536); no SM2 value is registered


@runtime_checkable
class Signer(Protocol):
    kid: str  # hex text; the token carries the raw bytes
    algorithm: str  # a key of ALGORITHMS

    def sign(self, data: bytes) -> bytes: ...


def canonical_json(value) -> bytes:
    """The bytes a JSON signature covers: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Algorithm:
    name: str
    cose_alg: int  # the COSE "alg" header value (RFC 9053)
    verify: Callable[[bytes, bytes, bytes], bool]  # (public key, signature, data) -> ok
    to_jwk: Callable[[bytes], dict]
    from_jwk: Callable[[dict], bytes]


def _ed25519_verify(public_key: bytes, signature: bytes, data: bytes) -> bool:
    if len(public_key) != 32 or len(signature) != 64:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def _ed25519_from_jwk(jwk: dict) -> bytes:
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise ValueError("not an Ed25519 JWK")
    raw = b64url_decode(jwk["x"])
    if len(raw) != 32:
        raise ValueError("Ed25519 public key must be 32 bytes")
    return raw


_P256_POINT = 65  # 0x04, x (32 bytes), y (32 bytes)


@functools.lru_cache(maxsize=64)
def _p256_key(public_key: bytes) -> ec.EllipticCurvePublicKey:
    """The point checked and loaded once per key, not once per verification (≈ 15 µs each)."""
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public_key)


def _p256_verify(public_key: bytes, signature: bytes, data: bytes) -> bool:
    if len(public_key) != _P256_POINT or len(signature) != 64:
        return False
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    try:
        key = _p256_key(public_key)
        key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return False
    return True


def _p256_to_jwk(public_key: bytes) -> dict:
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url(public_key[1:33]),
        "y": b64url(public_key[33:]),
    }


def _p256_from_jwk(jwk: dict) -> bytes:
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise ValueError("not a P-256 JWK")
    x, y = b64url_decode(jwk["x"]), b64url_decode(jwk["y"])
    if len(x) != 32 or len(y) != 32:
        raise ValueError("P-256 coordinates must be 32 bytes each")
    point = b"\x04" + x + y
    ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)  # on the curve, or raises
    return point


def _sm2_verify(public_key: bytes, signature: bytes, data: bytes) -> bool:
    import gmssl_pyx

    if len(public_key) != _P256_POINT or public_key[0] != 4 or len(signature) != 64:
        return False
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    try:
        return bool(
            gmssl_pyx.sm2_verify(public_key[1:], data, encode_dss_signature(r, s), SM2_USER_ID)
        )
    except (gmssl_pyx.GmsslInnerError, ValueError):
        return False


def _sm2_to_jwk(public_key: bytes) -> dict:
    return {**_p256_to_jwk(public_key), "crv": "SM2"}


def _sm2_from_jwk(jwk: dict) -> bytes:
    if jwk.get("kty") != "EC" or jwk.get("crv") != "SM2":
        raise ValueError("not an SM2 JWK")
    x, y = b64url_decode(jwk["x"]), b64url_decode(jwk["y"])
    if len(x) != 32 or len(y) != 32:
        raise ValueError("SM2 coordinates must be 32 bytes each")
    return b"\x04" + x + y


ALGORITHMS: dict[str, Algorithm] = {
    ED25519: Algorithm(
        name=ED25519,
        cose_alg=-8,
        verify=_ed25519_verify,
        to_jwk=lambda pub: {"kty": "OKP", "crv": "Ed25519", "x": b64url(pub)},
        from_jwk=_ed25519_from_jwk,
    ),
    ES256: Algorithm(
        name=ES256,
        cose_alg=-7,
        verify=_p256_verify,
        to_jwk=_p256_to_jwk,
        from_jwk=_p256_from_jwk,
    ),
    SM2: Algorithm(
        name=SM2,
        cose_alg=SM2_COSE_ALG,
        verify=_sm2_verify,
        to_jwk=_sm2_to_jwk,
        from_jwk=_sm2_from_jwk,
    ),
}
ALGORITHMS_BY_COSE = {alg.cose_alg: alg for alg in ALGORITHMS.values()}


def verify_signature(algorithm: str, public_key: bytes, signature: bytes, data: bytes) -> bool:
    """False for a bad signature and for an algorithm we do not know; never raises."""
    alg = ALGORITHMS.get(algorithm)
    return alg is not None and alg.verify(public_key, signature, data)


def kid_for(public_key: bytes) -> str:
    # 8 bytes of the key's hash, as the EU DCC does: short in the QR, unique enough for the
    # handful of keys a deployment ever has, and derivable from the public key by anyone.
    return hashlib.sha256(public_key).digest()[:8].hex()


class Ed25519Signer:
    """Signs with a key made before ES256: kept so such a key can still sign while it is a
    county's active key (`jianzheng setup` replaces it, see documents.services)."""

    algorithm = ED25519

    def __init__(self, private_key: Ed25519PrivateKey):
        self._key = private_key
        self.public_key = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.kid = kid_for(self.public_key)

    @classmethod
    def generate(cls) -> "Ed25519Signer":
        return cls(Ed25519PrivateKey.generate())

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)

    def private_pem(self) -> bytes:
        return self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


class P256Signer:
    """ES256. Deterministic ECDSA (RFC 6979): the same data always gives the same signature, so
    the key's self-signed certificate in the PDF (documents.pdfsign) is the same every time,
    and no signature depends on the machine's random numbers."""

    algorithm = ES256

    def __init__(self, private_key: ec.EllipticCurvePrivateKey):
        if not isinstance(private_key.curve, ec.SECP256R1):
            raise ValueError("an ES256 key must be on P-256")
        self._key = private_key
        self.public_key = private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.kid = kid_for(self.public_key)

    @classmethod
    def generate(cls) -> "P256Signer":
        return cls(ec.generate_private_key(ec.SECP256R1()))

    def sign(self, data: bytes) -> bytes:
        der = self._key.sign(data, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
        r, s = decode_dss_signature(der)
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def private_pem(self) -> bytes:
        return self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


class SM2Signer:
    """SM2 with SM3 and the default user ID. Each signature draws a fresh nonce from GmSSL's
    generator (the standard's way; not deterministic like our ES256)."""

    algorithm = SM2

    def __init__(self, private_key: bytes, public_key: bytes):
        if len(private_key) != 32 or len(public_key) != _P256_POINT or public_key[0] != 4:
            raise ValueError("an SM2 key is a 32-byte scalar and a 65-byte uncompressed point")
        self._key = private_key
        self.public_key = public_key
        self.kid = kid_for(public_key)

    @classmethod
    def generate(cls) -> "SM2Signer":
        import gmssl_pyx

        public, private = gmssl_pyx.sm2_key_generate()
        return cls(private, b"\x04" + public)

    def sign(self, data: bytes) -> bytes:
        import gmssl_pyx

        der = gmssl_pyx.sm2_sign(self._key, self.public_key[1:], data, SM2_USER_ID)
        r, s = decode_dss_signature(der)
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def private_pem(self) -> bytes:
        from asn1crypto import keys, pem

        register_sm2_curve()
        document = keys.ECPrivateKey(
            {
                "version": "ecPrivkeyVer1",
                "private_key": int.from_bytes(self._key, "big"),
                "parameters": keys.ECDomainParameters(("named", "sm2p256v1")),
                "public_key": self.public_key,
            }
        )
        return pem.armor("EC PRIVATE KEY", document.dump())

    @classmethod
    def from_pem(cls, data: bytes) -> "SM2Signer | None":
        """The key if `data` is an SM2 "EC PRIVATE KEY"; None for any other kind of key."""
        from asn1crypto import keys, pem

        if not pem.detect(data):
            return None
        kind, _, der = pem.unarmor(data)
        if kind != "EC PRIVATE KEY":
            return None
        register_sm2_curve()
        document = keys.ECPrivateKey.load(der)
        if document["parameters"].chosen.dotted != SM2_CURVE_OID:
            return None
        public = document["public_key"].native
        if not isinstance(public, bytes):
            raise ValueError("an SM2 key file must carry its public key")
        return cls(document["private_key"].native.to_bytes(32, "big"), public)


def register_sm2_curve() -> None:
    """asn1crypto knows the curve by OID only once told (idempotent)."""
    from asn1crypto import keys

    if SM2_CURVE_OID not in keys.NamedCurve._map:
        keys.NamedCurve.register("sm2p256v1", SM2_CURVE_OID, 32)


SIGNER_CLASSES = {ED25519: Ed25519Signer, ES256: P256Signer, SM2: SM2Signer}
AnySigner = Ed25519Signer | P256Signer | SM2Signer


def generate_signer(algorithm: str = NEW_KEY_ALGORITHM) -> AnySigner:
    return SIGNER_CLASSES[algorithm].generate()


def der_signature(algorithm: str, signature: bytes) -> bytes:
    """The signature as CMS and X.509 carry it: ECDSA and SM2 as a DER SEQUENCE of r and s."""
    if algorithm not in (ES256, SM2):
        return signature
    return encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )


class KeyFileMissing(Exception):
    pass


def key_path(keys_dir: Path, kid: str) -> Path:
    return keys_dir / f"{kid}.pem"


def write_private_key(keys_dir: Path, signer: AnySigner) -> Path:
    """Create the file with mode 0600 from the start (no window where it is world-readable),
    and never overwrite an existing key."""
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = key_path(keys_dir, signer.kid)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(signer.private_pem())
    return path


_loaded: dict[Path, Signer] = {}


def load_signer(keys_dir: Path, kid: str) -> Signer:
    path = key_path(keys_dir, kid)
    signer = _loaded.get(path)
    if signer is None:
        try:
            pem = path.read_bytes()
        except FileNotFoundError:
            raise KeyFileMissing(str(path)) from None
        signer = SM2Signer.from_pem(pem)
        if signer is None:
            key = serialization.load_pem_private_key(pem, password=None)
            if isinstance(key, Ed25519PrivateKey):
                signer = Ed25519Signer(key)
            elif isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(
                key.curve, ec.SECP256R1
            ):
                signer = P256Signer(key)
            else:
                raise ValueError(f"{path} is not an ES256, SM2 or Ed25519 private key")
        if signer.kid != kid:
            raise ValueError(f"{path} holds key {signer.kid}, not {kid}")
        _loaded[path] = signer
    return signer
