"""The public verification page and the published key and revocation lists. No login."""

from django import forms
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from jianzheng.core.errors import RuleViolation
from jianzheng.documents import kinds, selectors
from jianzheng.documents.services import signed_revocation_list, verify_token


class HolderCheckForm(forms.Form):
    # Answering 一致/不一致 leaks nothing the token does not already let its holder test
    # offline (see tokens.holder_digest), so the form needs no throttle of its own.
    holder_name = forms.CharField(label="持有人姓名", max_length=60)
    holder_id_number = forms.CharField(label="持有人身份证件号码", max_length=40)
    purpose = forms.CharField(label="核验用途（选填）", max_length=200, required=False)


def _verifier(request):
    return request.user if request.user.is_authenticated else None


@require_http_methods(["GET", "POST"])
def verify_page(request, token: str):
    form = HolderCheckForm(request.POST if request.method == "POST" else None)
    result = None
    if form.is_valid():
        try:
            result = verify_token(
                token,
                verifier=_verifier(request),
                purpose=form.cleaned_data["purpose"],
                holder_name=form.cleaned_data["holder_name"],
                holder_id=form.cleaned_data["holder_id_number"],
            )
        except RuleViolation as exc:
            for name, message in exc.fields.items():
                form.add_error(name if name in form.fields else None, message)
    if result is None:
        result = verify_token(token, verifier=_verifier(request))
    document = result.document
    context = {
        "result": result,
        "document": document,
        "kind_label": kinds.kind_label(document.kind) if document else "",
        "rows": kinds.describe(document) if document else [],
        "form": form,
        "checked": form.is_bound and result.holder_match is not None,
    }
    return render(request, "documents/verify.html", context)


def _public_json(data: dict, *, status: int = 200, max_age: int = 60) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Offline verifiers and other sites' scripts fetch these: public, cacheable, cross-origin.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={max_age}" if status == 200 else "no-store"
    return response


@require_GET
def keys_json(request):
    return _public_json(selectors.public_keys_document(), max_age=300)


@require_GET
def revoked_json(request):
    try:
        return _public_json(signed_revocation_list())
    except RuleViolation as exc:
        return _public_json(exc.as_dict(), status=exc.status)
