"""What ties a signed token to the paper's contents: the holder and the certified facts.

Pure functions, no database: the offline `jianzheng verify` uses them with the token alone.

Version 2 tokens (VERSION 2 in tokens.py) carry two 16-byte tags, both keyed by one slow key
    K = scrypt(NFKC(name) "|" NFKC(ID), salt = "jianzheng-holder|" serial, N, r, p)
    holder tag = HMAC-SHA256(K, "holder")[:16]
    facts tag  = HMAC-SHA256(K, "facts" 0x00 canonical_facts(facts))[:16]
and the scrypt parameters themselves, so that raising them later leaves old tokens verifiable.

Why slow: a Chinese ID number has little entropy (region, birth date, 3-digit sequence, check
digit) and masks show part of it, so a fast hash of it is a lookup table away (issue 7: a
sha256 tag gave back ID and name in 5 s on one core). Why the facts tag is keyed by K too: the
facts contain the holder's name and ID, so a plain hash of them would be the same fast oracle
again. Why the serial is the salt: it is unique per document and already in the token (the token
must verify offline), so no precomputed table serves two documents and two papers of one person
cannot be linked by their tags; a random salt would add 10+ QR characters and nothing else.
docs/security.md has the parameters' reasoning and the cost of the attack."""

import hashlib
import hmac
import json
import unicodedata
from dataclasses import dataclass

# 96 bits: a false holder match or a second facts map with the same tag needs ~2**96 tries of
# someone who already knows the holder; 16 bytes each would push the QR code to version 12.
TAG_BYTES = 12


@dataclass(frozen=True)
class KdfParams:
    """scrypt cost. N = 2**log2_n, memory = 128 * r * N bytes (here 32 MiB)."""

    log2_n: int = 15
    r: int = 8
    p: int = 1

    def as_list(self) -> list[int]:
        return [self.log2_n, self.r, self.p]

    @classmethod
    def from_list(cls, value) -> "KdfParams":
        if (
            not isinstance(value, list | tuple)
            or len(value) != 3
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in value)
        ):
            raise ValueError("kdf parameters must be three integers")
        log2_n, r, p = value
        # Bounds: a token may not make a verifier spend more than ~1 GiB or hours of CPU.
        if not (10 <= log2_n <= 20 and 1 <= r <= 16 and 1 <= p <= 16):
            raise ValueError("kdf parameters out of range")
        return cls(log2_n, r, p)

    @property
    def memory_bytes(self) -> int:
        return 128 * self.r * (2**self.log2_n)


# 32 MiB and ~0.1 s of one core per derivation (0.2 s on the busy 2-core CI machine): paid once
# at issue and once per holder check, both rate-limited. See docs/security.md.
DEFAULT_KDF = KdfParams()


def normalise_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name or "").strip()


def normalise_id(number: str) -> str:
    return unicodedata.normalize("NFKC", number or "").strip().upper()


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(str(k)): _nfc(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_nfc(v) for v in value]
    return value


def canonical_facts(facts: dict) -> bytes:
    """The one spelling of a facts map that its tag covers: every string NFC-normalised, keys
    sorted, no spaces, UTF-8 JSON. The issuer and every verifier must agree byte for byte."""
    return json.dumps(
        _nfc(facts), ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def holder_key(serial: str, name: str, id_number: str, params: KdfParams = DEFAULT_KDF) -> bytes:
    secret = f"{normalise_name(name)}|{normalise_id(id_number)}".encode()
    return hashlib.scrypt(
        secret,
        salt=f"jianzheng-holder|{serial}".encode(),
        n=2**params.log2_n,
        r=params.r,
        p=params.p,
        maxmem=params.memory_bytes * params.p + (1 << 24),
        dklen=32,
    )


def holder_tag(key: bytes) -> bytes:
    return hmac.new(key, b"holder", hashlib.sha256).digest()[:TAG_BYTES]


def facts_tag(key: bytes, facts: dict) -> bytes:
    return hmac.new(key, b"facts\x00" + canonical_facts(facts), hashlib.sha256).digest()[:TAG_BYTES]


def legacy_holder_digest(serial: str, name: str, id_number: str) -> bytes:
    """Version 1 tokens' tag, sha256(serial|name|ID)[:16]: checked for papers issued before
    version 2, never written any more."""
    text = f"{serial}|{normalise_name(name)}|{normalise_id(id_number)}"
    return hashlib.sha256(text.encode("utf-8")).digest()[:TAG_BYTES]
