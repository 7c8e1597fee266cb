"""In-process token verification vs raw signature verification of the same bytes, same run, for
each key algorithm a token may carry: ES256 (every new key, issue 8) and Ed25519 (older keys).

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

from jianzheng.documents.binding import DEFAULT_KDF  # noqa: E402
from jianzheng.documents.signing import ED25519, ES256, generate_signer, verify_signature  # noqa: E402
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


def measure(algorithm: str, seconds: float) -> float:
    signer = generate_signer(algorithm)
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

    def raw_verify() -> bool:
        return verify_signature(algorithm, signer.public_key, parsed.signature, parsed.signed_bytes)

    raw = rate(raw_verify, seconds)
    parse = rate(lambda: parse_token(token), seconds)
    full = rate(lambda: verify_token_offline(token, keys), seconds)

    url = f"HTTPS://HOST.EXAMPLE/V/{token}"
    print(f"{algorithm}: token {len(token)} base32 characters, QR URL {len(url)} characters")
    print(f"  {'raw verify (same bytes)':<40} {raw:>12,.0f} /s")
    print(f"  {'parse token only (base32 + COSE)':<40} {parse:>12,.0f} /s")
    print(f"  {'verify token (parse + verify + claims)':<40} {full:>12,.0f} /s")
    ratio = full / raw
    print(f"  ratio token/raw = {ratio:.2f} (target >= 0.5): {'OK' if ratio >= 0.5 else 'BELOW'}")
    return ratio


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    for algorithm in (ES256, ED25519):
        measure(algorithm, seconds)


if __name__ == "__main__":
    main()
