"""永民发〔2020〕91号 四(三): the admin closes the hand-over exception once the alternative works."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from jianzheng.catalogue import selectors as catalogue
from jianzheng.catalogue.models import CertificateItem
from jianzheng.certificates import demands, permissions, selectors
from jianzheng.certificates.forms import HandoverSwitchForm
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def handover_switches(request):
    """永民发〔2020〕91号 四(三): the admin closes the exception once the alternative works."""
    if not permissions.can_manage_handover(request.user):
        raise PermissionDenied("只有民政局管理员可以开关工作衔接例外")
    form, status = HandoverSwitchForm(request.POST or None), 200
    county = demands.handover_county(request.user)
    if request.method == "POST":
        code = request.POST.get("item", "")
        item = None if code == "*" else catalogue.get_item(code, county=county)
        if code != "*" and item is None:
            raise Http404("没有这个证明事项")
        if form.is_valid():
            try:
                demands.set_handover(
                    actor=request.user,
                    item=item,
                    enabled=form.cleaned_data["enabled"] == "on",
                    reason=form.cleaned_data["reason"],
                )
            except RuleViolation as exc:
                form.add_rule_errors(exc)
            else:
                messages.success(request, "工作衔接例外的开关已更新。")
                return redirect("certificates_staff:handover")
        status = REJECTED
    switches = selectors.handover_switches(county)
    county_switch = switches.get("")
    items = catalogue.list_items(county=county, status=CertificateItem.Status.CANCELLED).filter(
        national_batch=1
    )
    rows = [
        {
            "item": item,
            "switch": switches.get(item.code),
            "on": switches.get(item.code) is None or switches[item.code].enabled,
        }
        for item in items
    ]
    return render(
        request,
        "certificates/staff/handover.html",
        {
            "county": county_switch,
            "county_on": county_switch is None or county_switch.enabled,
            "rows": rows,
            "form": form,
            "failed_item": request.POST.get("item", "") if form.errors else "",
        },
        status=status,
    )
