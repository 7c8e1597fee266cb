from django.http import JsonResponse
from django.urls import include, path

from jianzheng.api.main import api
from jianzheng.operations.readiness import run_checks, warnings
from jianzheng.web.admin import repair_site
from jianzheng.web.views import display_mode


def healthz(request):
    return JsonResponse({"status": "ok"})


def readyz(request):
    checks = run_checks()
    ready = all(c.ok for c in checks)
    body = {
        "status": "ready" if ready else "not_ready",
        "checks": {c.name: {"ok": c.ok, "reason": c.reason, "ms": c.ms} for c in checks},
    }
    if found := warnings():
        body["warnings"] = found
    response = JsonResponse(
        body, status=200 if ready else 503, json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("display", display_mode, name="display-mode"),
    path("api/v1/", api.urls),
    path("staff/", include("jianzheng.web.staff_urls")),
    path("staff/catalogue/", include("jianzheng.catalogue.staff_urls")),
    path("staff/certificates/", include("jianzheng.certificates.staff_urls")),
    path("staff/units/", include("jianzheng.accounts.staff_urls")),
    path("staff/account/", include("jianzheng.accounts.account_urls")),
    path("staff/sharing/", include("jianzheng.sharing.staff_urls")),
    path("staff/complaints/", include("jianzheng.complaints.staff_urls")),
    path("staff/commitments/", include("jianzheng.commitments.staff_urls")),
    path("staff/workitems/", include("jianzheng.workitems.staff_urls")),
    path("staff/evaluation/", include("jianzheng.evaluation.staff_urls")),
    path("staff/signage/", include("jianzheng.signage.staff_urls")),
    path("staff/campaign/", include("jianzheng.campaign.staff_urls")),
    path("staff/reporting/", include("jianzheng.reporting.staff_urls")),
    path("django-admin/", repair_site.urls),
    path("", include("jianzheng.documents.urls")),
    path("", include("jianzheng.certificates.urls")),
    path("", include("jianzheng.sharing.urls")),
    path("", include("jianzheng.complaints.urls")),
    path("", include("jianzheng.commitments.urls")),
    path("", include("jianzheng.workitems.urls")),
    path("", include("jianzheng.evaluation.urls")),
    path("", include("jianzheng.catalogue.urls")),
]
