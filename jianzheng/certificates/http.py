"""What the staff pages and the API answer alike over HTTP: the checks they share and the paper."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone

from jianzheng.certificates import permissions
from jianzheng.certificates.models import Certificate
from jianzheng.core.pdf_stamp import stamp_pdf


def require_ledger_reader(user) -> None:
    if not permissions.can_read_ledger(user):
        raise PermissionDenied("您的角色不能查看证明台账")


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(bytes(content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def certificate_pdf(user, certificate: Certificate, *, original: bool = False) -> HttpResponse:
    """The issued paper. It carries the full ID number, so only the issuing community's clerks
    download it (DESIGN.md: ID numbers are masked everywhere else). Once revoked it comes as a
    copy stamped 已撤销 with the day, so no clean print of it leaves the office again; the bytes
    as issued stay in CertificatePdf, and `original` hands them out."""
    if not permissions.can_see_full_id(user, certificate):
        raise PermissionDenied("证明原件含完整身份证号，只有出具社区的工作者可以下载")
    revoked_at = certificate.revoked_at
    if revoked_at is None or original:
        return pdf_response(certificate.pdf.content, f"{certificate.serial}.pdf")
    day = timezone.localdate(revoked_at)
    stamped = stamp_pdf(
        certificate.pdf.content, ["已撤销", f"{day.year}年{day.month}月{day.day}日"]
    )
    return pdf_response(stamped, f"{certificate.serial}-revoked.pdf")
