"""HTTP pieces the staff pages and the API share: the paper download, the exports."""

from django.http import HttpResponse

from jianzheng.commitments.models import Commitment


def commitment_pdf(commitment: Commitment, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(bytes(commitment.pdf.content), content_type="application/pdf")
    how = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{how}; filename="{commitment.serial}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
