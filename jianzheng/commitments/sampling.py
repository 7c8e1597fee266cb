"""Who is drawn for a post-check (事后核查), by a rule anyone can recompute (二(七); 国办发〔2020〕42号:
the rate depends on the item and on the applicant's credit).

    value = first 8 bytes of SHA-256("jianzheng.postcheck.v1:" + serial), as an integer / 2**64
    drawn  = value < rate / 100

The serial is printed on the 告知承诺书, so the applicant, an auditor or the public can check that
a commitment was (or was not) drawn at the published rate: nobody picks whom to check."""

import hashlib

PREFIX = "jianzheng.postcheck.v1:"


def sample_value(serial: str) -> float:
    digest = hashlib.sha256((PREFIX + serial).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def is_drawn(serial: str, rate: int) -> bool:
    """`rate` in percent; 100 draws everyone, 0 nobody."""
    if rate >= 100:
        return True
    return sample_value(serial) < rate / 100


def rate_for(rule: dict, *, earlier_findings: bool) -> int:
    """The item's rate: all (full_check), the higher rate for an applicant with an earlier
    finding of an untrue commitment, else the base rate."""
    if rule.get("full_check"):
        return 100
    return int(rule["higher_rate"] if earlier_findings else rule["base_rate"])
