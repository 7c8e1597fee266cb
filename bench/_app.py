"""Bench-only WSGI entry point and URLconf: the whole of jianzheng.urls plus /bench/baseline.

gunicorn loads `bench._app:application` (from the repository root) instead of
`jianzheng.wsgi:application`; jianzheng/urls.py and the settings module stay untouched.
Never deployed: it exists only while a bench script runs."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

# Django first (include() below imports jianzheng's models), then the URLconf it will use.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianzheng.settings")
settings.ROOT_URLCONF = __name__
application = get_wsgi_application()

BASELINE_BODY = {"status": "ok", "items": [], "count": 0}


@csrf_exempt
def baseline(request):
    """Constant JSON through the same middleware stack: the ceiling any endpoint is measured
    against. Accepts POST (body ignored) so the verify bench compares like with like."""
    return JsonResponse(BASELINE_BODY)


urlpatterns = [
    path("bench/baseline", baseline),
    path("", include("jianzheng.urls")),
]
