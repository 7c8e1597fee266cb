"""Which county's list the public portal shows (issue 8): the one the resident picked
(`?county=640122`, remembered in a cookie), else the deployment's default or only county; with
several counties and no default the resident picks first. Each county revises its own list in
line with the region's (永民发〔2020〕91号 二(二)), so the page always says whose list it is."""

import functools
from urllib.parse import urlencode

from django.shortcuts import render

from jianzheng.catalogue.counties import county_choices, unknown_county
from jianzheng.regions.models import Region
from jianzheng.regions.selectors import UnknownCounty, county_by_code, default_county

COOKIE = "jianzheng_county"
COOKIE_AGE = 365 * 24 * 3600
# Query parameters a county switch keeps (a new county's list starts again at page 1).
KEPT = ("q", "batch", "item")


def _remembered(request) -> Region | None:
    try:
        return county_by_code(request.COOKIES.get(COOKIE, ""))
    except UnknownCounty:
        return None  # never set, or a county this deployment no longer serves


def kept_params(request) -> list[tuple[str, str]]:
    """The query parameters a county switch (link or form) carries over."""
    return [(k, v[:200]) for k in KEPT if (v := request.GET.get(k, ""))]


def switch_query(request, code: str) -> str:
    return "?" + urlencode([*kept_params(request), ("county", code)])


def _pick(request, *, error: str = "", status: int = 200):
    choices = [(c, switch_query(request, c.code)) for c in county_choices()]
    context = {"choices": choices, "error": error, "kept": kept_params(request)}
    return render(request, "catalogue/pick_county.html", context, status=status)


def portal_county(view):
    """Resolve the county before the view runs and hand it over as `county=`; a picked county is
    remembered. Unknown `?county=` → the picker with the error (400); none known → the picker."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        asked = request.GET.get("county", "").strip()
        if asked:
            try:
                county = county_by_code(asked)
            except UnknownCounty:
                return _pick(request, error=unknown_county(asked).message, status=400)
        else:
            county = _remembered(request) or default_county()
            if county is None:
                return _pick(request)
        request.portal_county = county
        response = view(request, *args, county=county, **kwargs)
        if asked:
            response.set_cookie(
                COOKIE, county.code, max_age=COOKIE_AGE, samesite="Lax", httponly=True
            )
        return response

    return wrapper
