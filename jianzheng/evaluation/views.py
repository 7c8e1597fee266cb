"""Public pages of 好差评: rating a case with its secret (no login), and reading one's rating and
the unit's answer afterwards. The secret goes by POST only; after one good POST the session
remembers the case (core.residents). Parse → call → render; the rules are services'."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from jianzheng.core import residents
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED
from jianzheng.evaluation import cases, selectors, services
from jianzheng.evaluation.forms import OpenRatingForm, RateForm

AREA = "ratings"


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _without_secret(request):
    data = request.POST.copy()
    data["secret"] = ""  # never echoed
    return data


@require_http_methods(["GET", "HEAD", "POST"])
def rate(request):
    form = RateForm(
        request.POST if request.method == "POST" else None,
        initial={"case": cases.normalise_number(request.GET.get("case", ""))},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                rated = services.rate_case(
                    case=data["case"],
                    secret=data["secret"],
                    grade=data["grade"],
                    comment=data["comment"],
                )
            except RuleViolation as exc:
                if exc.code == "already_rated":  # the secret was right: show the rating
                    number = cases.normalise_number(data["case"])
                    residents.grant(request.session, AREA, number)
                    return redirect("evaluation:rated", number=number)
                form.add_rule_errors(exc)
                status = 404 if exc.status == 404 else REJECTED
            else:
                residents.grant(request.session, AREA, rated.rating.case_number)
                return redirect("evaluation:rated", number=rated.rating.case_number)
        else:
            status = REJECTED
        form.data = _without_secret(request)
    return _no_store(render(request, "evaluation/rate.html", {"form": form}, status=status))


@require_http_methods(["GET", "HEAD", "POST"])
def rated(request, number: str):
    """The rating and, after a bad one, the follow-up: its deadline, then the unit's answer."""
    number = cases.normalise_number(number)
    if not residents.granted(request.session, AREA, number):
        form = OpenRatingForm(request.POST if request.method == "POST" else None)
        status = 200
        if request.method == "POST":
            found = cases.open_case(number, request.POST.get("secret", ""))
            if found is not None:
                residents.grant(request.session, AREA, found.number)
                return redirect("evaluation:rated", number=found.number)
            form.is_valid()
            form.add_error(None, services.UNKNOWN_CASE)
            form.data = _without_secret(request)
            status = 404
        return _no_store(
            render(request, "evaluation/open.html", {"form": form, "number": number}, status=status)
        )
    found = cases.find_case(number)
    rating = selectors.get_rating(found.kind, number) if found else None
    if found is None or rating is None:
        raise Http404
    follow_up = getattr(rating, "follow_up", None) if rating else None
    return _no_store(
        render(
            request,
            "evaluation/rated.html",
            {"case": found, "rating": rating, "follow_up": follow_up},
        )
    )
