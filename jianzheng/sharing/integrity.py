"""The hash binding of a check (二(六) as X-Road keeps it: both sides can prove what was asked and
what was answered). `request_hash` covers everything the requester said; `answer_hash` covers
the answer *and* the request hash, so neither can be altered without `verify_check` noticing."""

import hashlib
import hmac
import json

from jianzheng.core import subjects
from jianzheng.sharing.models import SharingCheck


def _digest(body: dict) -> str:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def subject_key(id_number: str, name: str) -> str:
    """The transparency page's lookup key: keyed by the deployment's secret (SECRET_KEY), so a
    copy of the table alone cannot be searched by ID number. Name and number together: the
    right number with a wrong name finds nothing."""
    return subjects.subject_key(id_number, name, namespace="jianzheng.sharing.subject")


def request_body(check: SharingCheck) -> dict:
    return {
        "id": check.pk,
        "requester_unit": check.requester_unit.code,
        "requester": check.requester.get_username(),
        "holder": check.holder.code,
        "fact": check.fact.code,
        "subject_name": check.subject_name,
        "subject_id_number": check.subject_id_number,
        "particulars": check.particulars,
        "purpose": check.purpose,
        "case_number": check.case_number,
        "legal_basis": check.legal_basis,
        "replaces_item": [check.replaces_item_code, check.replaces_item_name],
        "county": check.county.code,
        "asked_at": check.asked_at.isoformat(timespec="microseconds"),
        "deadline": check.deadline.isoformat(),
    }


def request_hash(check: SharingCheck) -> str:
    return _digest(request_body(check))


def answer_hash(check: SharingCheck) -> str:
    return _digest(
        {
            "request_hash": check.request_hash,
            "answer": check.answer,
            "fields": check.fields,
            "reason": check.reason,
            "answered_by": check.answered_by_name,
            "answered_at": check.answered_at.isoformat(timespec="microseconds")
            if check.answered_at
            else None,
        }
    )


def verify_check(check: SharingCheck) -> list[str]:
    """What no longer matches its hash (empty when the check is as it was written)."""
    problems = []
    if not hmac.compare_digest(check.request_hash, request_hash(check)):
        problems.append("request")
    if check.state == SharingCheck.State.PENDING:
        if check.answer_hash or check.answer:
            problems.append("answer")
    elif not check.answer_hash or not hmac.compare_digest(check.answer_hash, answer_hash(check)):
        problems.append("answer")
    return problems
