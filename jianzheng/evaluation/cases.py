"""The cases a resident can rate, found by the number on their paper: a certificate's or a
commitment's serial (its secret: the check code printed beside it, documents.checkcodes), a
complaint's tracking number (its secret: the one shown once when it was filed, core.residents).

Sharing checks are not here: a department asks them and reads the answer, the resident holds
no paper and no secret for one, so no rating can be tied to the person served (docs/evaluation.md).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from jianzheng.certificates.models import Certificate
from jianzheng.commitments.models import Commitment
from jianzheng.complaints.models import Complaint
from jianzheng.core import residents
from jianzheng.documents import checkcodes
from jianzheng.documents.models import SignedDocument
from jianzheng.regions.models import Region, Unit
from jianzheng.regions.selectors import county_of

# A complaint is rated once its handling has ended.
FINISHED_COMPLAINT = (
    Complaint.State.NOT_ACCEPTED,
    Complaint.State.RECTIFIED,
    Complaint.State.UNFOUNDED,
    Complaint.State.CLOSED,
)
RATED_KINDS = ("certificate", "commitment")


@dataclass(frozen=True)
class Case:
    kind: str  # Rating.CaseKind
    number: str
    county: Region
    unit: Unit | None
    region: Region
    served_on: dt.date
    label: str  # what it was: "居住证明", "举报 JB2026-…"
    finished: bool = True


def normalise_number(text: str | None) -> str:
    return residents.normalize_number(text)


def _document_case(document: SignedDocument) -> Case | None:
    if document.kind == "certificate":
        certificate = (
            Certificate.objects.select_related("community__region")
            .filter(document=document)
            .first()
        )
        if certificate is None:
            return None
        region = certificate.community.region
        return Case(
            "certificate",
            document.serial,
            county_of(region),
            certificate.community,
            region,
            certificate.issued_on,
            certificate.item_name,
        )
    commitment = (
        Commitment.objects.select_related("county", "department__region")
        .filter(document=document)
        .first()
    )
    if commitment is None:
        return None
    return Case(
        "commitment",
        document.serial,
        commitment.county,
        commitment.department,
        commitment.department.region,
        timezone.localdate(commitment.committed_at),
        f"告知承诺：{commitment.item_name}",
    )


def _complaint_case(complaint: Complaint) -> Case:
    return Case(
        "complaint",
        complaint.tracking_number,
        complaint.county,
        None,
        complaint.handling_region,
        timezone.localdate(complaint.received_at),
        f"举报 {complaint.tracking_number}",
        finished=complaint.state in FINISHED_COMPLAINT,
    )


def find_case(number: str) -> Case | None:
    """The case this number names, without its secret (for the link and the page's title)."""
    number = normalise_number(number)
    if not number:
        return None
    document = SignedDocument.objects.filter(serial=number, kind__in=RATED_KINDS).order_by().first()
    if document is not None:
        return _document_case(document)
    complaint = Complaint.objects.select_related("county", "handling_region").filter(
        tracking_number=number
    )
    found = complaint.first()
    return _complaint_case(found) if found is not None else None


def open_case(number: str, secret: str) -> Case | None:
    """The case, only for whoever holds its secret; None for an unknown number and a wrong
    secret alike, after the same work (both hashes are slow whether or not the case exists)."""
    number = normalise_number(number)
    document = (
        SignedDocument.objects.filter(serial=number, kind__in=RATED_KINDS).order_by().first()
        if number
        else None
    )
    if document is not None:
        if not checkcodes.check_code_matches(document.check_code_hash, secret or ""):
            return None
        return _document_case(document)
    complaint = (
        Complaint.objects.select_related("county", "handling_region")
        .filter(tracking_number=number)
        .first()
        if number
        else None
    )
    if not residents.matches(secret, complaint.secret_hash if complaint else None):
        if complaint is None:
            checkcodes.check_code_matches(None, secret or "")
        return None
    return _complaint_case(complaint) if complaint is not None else None
