"""Response headers every page gets (issue 16, item 3).

- A Content Security Policy on every HTML page: scripts, styles, fonts and images only from the
  app's own origin, no inline script or style (tests/test_headers.py reads every template for
  them), no plugins, no framing, forms only to ourselves. A county network is isolated, so the
  app serves its own assets anyway.
- `Strict-Transport-Security` when the public address is https (JIANZHENG_PUBLIC_URL).
- `Cache-Control: no-store` on what must not stay in a shared computer's or a proxy's cache:
  every answer to a signed-in user or a bearer token (staff pages show full ID numbers to
  those allowed), every PDF, every answer to a POST (a resident's transparency lookup)."""

from django.conf import settings

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
HSTS = "max-age=31536000"


def _private(request, response) -> bool:
    if response.get("Content-Type", "").startswith("application/pdf"):
        return True
    if request.method == "POST" or request.headers.get("Authorization"):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.setdefault("Content-Security-Policy", POLICY)
        if settings.PUBLIC_URL.startswith("https://"):
            response.setdefault("Strict-Transport-Security", HSTS)
        if _private(request, response):
            response["Cache-Control"] = "no-store"
        return response
