"""The public verification page and the published key and revocation lists. No login."""

from django import forms
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from jianzheng.core import checkpoints, registry
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import NoEchoInput
from jianzheng.documents import kinds, selectors
from jianzheng.documents.models import VerificationLog
from jianzheng.documents.services import signed_revocation_list, verify_serial, verify_token


class HolderCheckForm(forms.Form):
    # Answering 一致/不一致 leaks nothing the token does not already let its holder test
    # offline (see tokens.holder_digest); its budget (documents/apps.py) guards the server's CPU.
    holder_name = forms.CharField(label="持有人姓名", max_length=60)
    # Never echoed back (NoEchoInput): the page shows the result, not what was typed.
    holder_id_number = forms.CharField(
        label="持有人身份证件号码", max_length=40, widget=NoEchoInput(attrs={"autocomplete": "off"})
    )
    purpose = forms.CharField(label="核验用途（选填）", max_length=200, required=False)


class SerialCheckForm(forms.Form):
    """For a photocopy and no scanner. Guessing codes is held back by the "verify-serial" budget
    (documents/apps.py) and the code's 50 bits (documents/checkcodes.py)."""

    serial = forms.CharField(
        label="证明编号",
        max_length=64,
        help_text="印在证明右上角，例如 640121100001-2026-000001",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    check_code = forms.CharField(
        label="校验码",
        max_length=40,
        help_text="印在二维码下方，例如 ABCDE-FGHJK",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    holder_name = forms.CharField(
        label="持有人姓名（选填，用于核对持有人）", max_length=60, required=False
    )
    holder_id_number = forms.CharField(
        label="持有人身份证件号码（选填）",
        max_length=40,
        required=False,
        widget=NoEchoInput(attrs={"autocomplete": "off"}),
    )
    purpose = forms.CharField(label="核验用途（选填）", max_length=200, required=False)


def _verifier(request):
    return request.user if request.user.is_authenticated else None


def _result_context(result) -> dict:
    document = result.document
    return {
        "result": result,
        "document": document,
        "kind_label": kinds.kind_label(document.kind) if document else "",
        "rows": kinds.describe(document) if document else [],
        # What the holder may do next (rate the service): the areas above register it.
        "actions": registry.case_actions(document.kind, document.serial) if document else [],
    }


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
    context = {
        **_result_context(result),
        "form": form,
        "checked": form.is_bound and result.holder_match is not None,
    }
    return render(request, "documents/verify.html", context)


@require_http_methods(["GET", "POST"])
def verify_serial_page(request):
    """/verify/: the same answer as the QR code's page, from the serial and the check code."""
    form = SerialCheckForm(request.POST if request.method == "POST" else None)
    context: dict = {"form": form, "result": None}
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = verify_serial(
                data["serial"],
                data["check_code"],
                verifier=_verifier(request),
                purpose=data["purpose"],
                holder_name=data["holder_name"] or None,
                holder_id=data["holder_id_number"] or None,
                channel=VerificationLog.Channel.SERIAL,
            )
        except RuleViolation as exc:
            for name, message in exc.fields.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            context.update(_result_context(result), checked=result.holder_match is not None)
    return render(request, "documents/verify_serial.html", context)


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
def audit_checkpoints_json(request):
    """The audit chain's signed checkpoints, for anyone to keep copies of (core.checkpoints)."""
    return _public_json(checkpoints.published())


@require_GET
def revoked_json(request):
    try:
        return _public_json(signed_revocation_list())
    except RuleViolation as exc:
        return _public_json(exc.as_dict(), status=exc.status)
