"""HTTP pieces the staff pages and the API share: which unit a request names, the papers."""

from django.http import Http404, HttpResponse

from jianzheng.accounts.permissions import membership_of, units_in_scope
from jianzheng.regions.models import Unit


def unit_for(user, code: str) -> Unit:
    """The unit named by `code` in the user's scope (404 outside it), else the user's own."""
    code = (code or "").strip()
    if not code:
        membership = membership_of(user)
        if membership is None:
            raise Http404
        return membership.unit
    unit = units_in_scope(user).select_related("region").filter(code=code).first()
    if unit is None:
        raise Http404
    return unit


def pdf_response(data: bytes, name: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
