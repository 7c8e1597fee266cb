"""Signers, verifiers keyed by algorithm, and private key files. No database here: the offline
`jianzheng verify` command imports this module on a machine that has no database at all.

Adding SM2/SM3 later means one more `Algorithm` in `ALGORITHMS` and one more signer class;
callers only ever see `Signer` and `verify_signature(algorithm, …)`."""

import base64
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519 = "EdDSA"


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


ALGORITHMS: dict[str, Algorithm] = {
    ED25519: Algorithm(
        name=ED25519,
        cose_alg=-8,
        verify=_ed25519_verify,
        to_jwk=lambda pub: {"kty": "OKP", "crv": "Ed25519", "x": b64url(pub)},
        from_jwk=_ed25519_from_jwk,
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


class KeyFileMissing(Exception):
    pass


def key_path(keys_dir: Path, kid: str) -> Path:
    return keys_dir / f"{kid}.pem"


def write_private_key(keys_dir: Path, signer: Ed25519Signer) -> Path:
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
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 private key")
        signer = Ed25519Signer(key)
        if signer.kid != kid:
            raise ValueError(f"{path} holds key {signer.kid}, not {kid}")
        _loaded[path] = signer
    return signer
