"""Residents without accounts (DESIGN.md "What the areas share"): a case a resident follows — a
complaint, later a rating or a transparency request — is opened with a *number* (printed, quoted
on the phone, safe in a URL) and a *secret* shown once, at creation, and never again.

- The secret is stored as a salted PBKDF2-SHA256 hash (`hash_secret`); the plain text exists
  only in the answer that creates the case. Secrets are random (80 bits), so a cheap salted hash
  is enough; the iteration count only slows an offline guess at a leaked table.
- It never travels in a URL (URLs reach logs): the follow-up page takes it by POST, the API by
  the header the area names. After one good POST the session remembers which numbers it opened
  (`grant` / `granted`), so the follow-up pages that follow need no secret again.
- It is never echoed: no page or answer other than the creating one contains it.
- A wrong secret and an unknown number give the same answer in the same time (`matches`)."""

import hashlib
import hmac
import secrets

# Crockford's base32 without I, L, O, U: what a resident reads off a screen and types back.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SECRET_LENGTH = 16  # 80 bits
ITERATIONS = 60_000
_DUMMY = "pbkdf2_sha256$60000$0000000000000000$" + "0" * 64
SESSION_KEY = "resident_access"


def new_secret() -> str:
    """Four groups of four, e.g. "7KQ2-M9XD-3FHB-T0PA"."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(SECRET_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, SECRET_LENGTH, 4))


def normalize_secret(text: str | None) -> str:
    """What a resident typed, read leniently: case, spaces and dashes do not matter, and the
    letters people confuse with digits (O, I, L) are read as the digits."""
    text = (text or "").upper().translate(str.maketrans("OIL", "011"))
    return "".join(ch for ch in text if ch in ALPHABET)[: SECRET_LENGTH * 2]


def _derive(secret: str, salt: str, iterations: int) -> str:
    digest = hashlib.pbkdf2_hmac(
        "sha256", normalize_secret(secret).encode(), salt.encode(), iterations
    )
    return digest.hex()


def hash_secret(secret: str) -> str:
    salt = secrets.token_hex(8)
    return f"pbkdf2_sha256${ITERATIONS}${salt}${_derive(secret, salt, ITERATIONS)}"


def matches(secret: str | None, stored: str | None) -> bool:
    """True when `secret` is the one `stored` was made from. An empty or missing stored hash
    (a case opened by staff, with no resident) matches nothing, after the same work."""
    candidate = stored or _DUMMY
    try:
        algorithm, iterations, salt, expected = candidate.split("$")
        rounds = int(iterations)
    except ValueError:
        algorithm, rounds, salt, expected = _DUMMY.split("$")[0], ITERATIONS, "0" * 16, "0" * 64
    if algorithm != "pbkdf2_sha256":
        rounds = ITERATIONS
    given = _derive(secret or "", salt, rounds)
    return hmac.compare_digest(given, expected) and bool(stored) and bool(normalize_secret(secret))


def new_number(prefix: str, year: int, *, digits: int = 8) -> str:
    """A case number like "JB2026-4K7Q9M2D": a prefix, the year and random characters (numbers
    are not counters, so one case's number says nothing about how many others there are)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(digits))
    return f"{prefix}{year}-{body}"


def normalize_number(text: str | None) -> str:
    text = (text or "").strip().upper()
    return "".join(ch for ch in text if ch.isalnum() or ch == "-")[:40]


def grant(session, area: str, number: str) -> None:
    """Remember in the session that this browser proved it holds `number`'s secret."""
    opened = session.get(SESSION_KEY, {})
    numbers = set(opened.get(area, []))
    numbers.add(number)
    opened[area] = sorted(numbers)[-20:]
    session[SESSION_KEY] = opened
    session.modified = True


def granted(session, area: str, number: str) -> bool:
    return number in session.get(SESSION_KEY, {}).get(area, [])
