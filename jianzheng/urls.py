from django.http import JsonResponse
from django.urls import include, path

from jianzheng.api.main import api
from jianzheng.web.admin import repair_site


def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("staff/", include("jianzheng.web.staff_urls")),
    path("staff/catalogue/", include("jianzheng.catalogue.staff_urls")),
    path("staff/certificates/", include("jianzheng.certificates.staff_urls")),
    path("staff/units/", include("jianzheng.accounts.staff_urls")),
    path("staff/sharing/", include("jianzheng.sharing.staff_urls")),
    path("staff/commitments/", include("jianzheng.commitments.staff_urls")),
    path("django-admin/", repair_site.urls),
    path("", include("jianzheng.documents.urls")),
    path("", include("jianzheng.certificates.urls")),
    path("", include("jianzheng.sharing.urls")),
    path("", include("jianzheng.commitments.urls")),
    path("", include("jianzheng.catalogue.urls")),
]
