"""The check code (校验码): ten characters printed beside the serial, so that a unit holding a
photocopy and no scanner verifies by typing serial and code (as a 增值税发票 is checked by its
number and 校验码).

Strength: 10 characters of a 32-symbol alphabet are 50 bits (2^50 ≈ 1.1e15 codes). Guessing
goes through the verification budgets (documents/apps.py; at most 600 a minute per client
address on the API, 3.2e8 a year): finding one certificate's code takes 1.8 million years from
one address on average, 180 years from ten thousand, and every guess is a VerificationLog row
against that certificate.

At rest only a PBKDF2-SHA256 hash with a salt of its own is kept: a copy of the registry
hands out no codes (2^50 candidates × 20,000 iterations: some 35 GPU-years per document on
average, at 1e10 HMAC-SHA256 a second). No
server secret is mixed in, so rotating SECRET_KEY never invalidates paper already handed out.
"""

import hashlib
import hmac
import secrets
import unicodedata

# No 0/O, no 1/I: a code read aloud over the phone or copied by hand cannot be misread.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 10
ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 20_000
# What a typed code may be separated by: spaces and dashes, as printed or as typed.
_SEPARATORS = str.maketrans("", "", " -_\u00a0\u3000")


def new_check_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """ABCDE-FGHJK: two groups of five are easier to copy than ten in a row."""
    return f"{code[:5]}-{code[5:]}" if len(code) == LENGTH else code


def normalise(typed: str) -> str:
    """Full-width letters from a Chinese input method, lower case, spaces and dashes all give
    the printed code back."""
    return unicodedata.normalize("NFKC", typed or "").translate(_SEPARATORS).upper()


def _digest(code: str, salt: str, iterations: int) -> str:
    raw = hashlib.pbkdf2_hmac("sha256", code.encode(), salt.encode(), iterations)
    return raw.hex()


def hash_check_code(code: str) -> str:
    salt = secrets.token_hex(8)
    return f"{ALGORITHM}${ITERATIONS}${salt}${_digest(code, salt, ITERATIONS)}"


# Compared against when there is no document: an unknown serial costs as long as a wrong code,
# so the time of the answer does not tell which serials exist.
_DUMMY = hash_check_code(new_check_code())


def check_code_matches(stored: str | None, typed: str) -> bool:
    try:
        algorithm, iterations, salt, digest = (stored or _DUMMY).split("$")
        rounds = int(iterations)
    except ValueError:
        algorithm, rounds, salt, digest = "", ITERATIONS, "", ""
    candidate = _digest(normalise(typed), salt, rounds)
    return bool(stored) and algorithm == ALGORITHM and hmac.compare_digest(candidate, digest)
