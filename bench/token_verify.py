"""In-process token verification vs raw Ed25519 verification of the same bytes, same run.

    .venv/bin/python bench/token_verify.py [seconds-per-measurement]

Target: token verification at >= 0.5 of raw verify (the envelope must not cost more than the
signature). Needs no database: it measures jianzheng.documents.tokens, which the public page,
the API and the offline command all call. The HTTP endpoint's throughput is measured elsewhere."""

import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey  # noqa: E402

from jianzheng.documents.binding import DEFAULT_KDF  # noqa: E402
from jianzheng.documents.signing import Ed25519Signer  # noqa: E402
from jianzheng.documents.tokens import (  # noqa: E402
    Claims,
    PublicKey,
    parse_token,
    sign_claims,
    verify_token_offline,
)


def rate(fn, seconds: float) -> float:
    """Median calls per second over 3 rounds of about `seconds` each."""
    rounds = []
    for _ in range(3):
        n, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds:
            for _ in range(200):
                fn()
            n += 200
        rounds.append(n / elapsed)
    return statistics.median(rounds)


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    signer = Ed25519Signer.generate()
    claims = Claims(
        serial="640121100001-2026-000001",
        kind="certificate",
        subject_code="JZ-001",
        issuer_code="640121100001",
        issued_on=date(2026, 11, 26),
        valid_until=date(2027, 5, 26),
        holder_digest=bytes(12),  # version 2: 12-byte tags and the scrypt parameters
        facts_digest=bytes(12),
        kdf=DEFAULT_KDF,
    )
    token = sign_claims(signer, claims)
    keys = {signer.kid: PublicKey(signer.kid, signer.algorithm, signer.public_key)}
    parsed = parse_token(token)
    public = Ed25519PublicKey.from_public_bytes(signer.public_key)

    raw = rate(lambda: public.verify(parsed.signature, parsed.signed_bytes), seconds)
    parse = rate(lambda: parse_token(token), seconds)
    full = rate(lambda: verify_token_offline(token, keys), seconds)

    url = f"HTTPS://HOST.EXAMPLE/V/{token}"
    print(f"token: {len(token)} base32 characters, QR URL {len(url)} characters")
    print(f"{'operation':<40} {'per second':>12}")
    print(f"{'raw Ed25519 verify (same bytes)':<40} {raw:>12,.0f}")
    print(f"{'parse token only (base32 + COSE)':<40} {parse:>12,.0f}")
    print(f"{'verify token (parse + verify + claims)':<40} {full:>12,.0f}")
    ratio = full / raw
    print(f"ratio token/raw = {ratio:.2f} (target >= 0.5): {'OK' if ratio >= 0.5 else 'BELOW'}")


if __name__ == "__main__":
    main()
