"""API bearer tokens: who a request to /api/v1/ acts as. Lives beside `ApiToken` so the area
apps' api.py import it from below, and `api/` keeps only the plumbing."""

from ninja.security import HttpBearer

from jianzheng.accounts.services import authenticate_token


class BearerToken(HttpBearer):
    """`Authorization: Bearer jz_…` for other systems; the request then acts as the token's user."""

    def authenticate(self, request, token: str):
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


bearer = BearerToken()


def optional_bearer(request):
    """Public endpoints: a valid token identifies the caller, no token is fine."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = authenticate_token(header[7:].strip())
        if user is None:
            return None  # a bad token is refused, not silently ignored
        request.user = user
        return user
    return True
