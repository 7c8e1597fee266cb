"""Public pages of 告知承诺制: the items under the system, an item's notice and the applicant's own
form (the notice before any field; every clause ticked), the blank sample, the applicant's paper,
and the published serious cases (no ID numbers). The county is the portal's."""

from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from jianzheng.catalogue.portal import portal_county
from jianzheng.catalogue.selectors import get_item
from jianzheng.commitments import selectors, services
from jianzheng.commitments.forms import CommitmentForm
from jianzheng.commitments.http import commitment_pdf
from jianzheng.commitments.models import Commitment
from jianzheng.commitments.pdf import render_sample
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED

# The applicant's download link: signed, for one hour (the paper holds their particulars).
PAPER_SALT = "jianzheng.commitments.paper"
PAPER_SECONDS = 3600


@require_safe
@portal_county
def item_list(request, *, county):
    return render(
        request,
        "commitments/items.html",
        {"items": selectors.commitment_items(county), "county": county},
    )


def _item_or_404(code: str, county):
    item = get_item(code, county=county)
    if item is None or not item.commitment:
        raise Http404("该事项未实行告知承诺制")
    return item


@require_http_methods(["GET", "HEAD", "POST"])
@portal_county
def commit(request, code: str, *, county):
    item = _item_or_404(code, county)
    departments = list(services.departments_for(item, county))
    form = CommitmentForm(
        request.POST if request.method == "POST" else None,
        clauses=item.commitment["clauses"],
        departments=departments,
    )
    status = 200
    blocked = None
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.make_commitment(
                actor=None, county=county, item=item.code, **form.to_service()
            )
        except RuleViolation as exc:
            if exc.code == "credit_blocked":
                blocked = exc
            else:
                form.add_rule_errors(exc)
            status = exc.status if exc.status == 409 else REJECTED
        else:
            return _done(request, commitment)
    elif request.method == "POST":
        status = REJECTED
    return render(
        request,
        "commitments/commit.html",
        {
            "item": item,
            "terms": item.commitment,
            "form": form,
            "blocked": blocked,
            "county": county,
        },
        status=status,
    )


def _done(request, commitment: Commitment):
    link = signing.dumps(commitment.serial, salt=PAPER_SALT)
    return render(
        request,
        "commitments/done.html",
        {"c": commitment, "paper_link": f"/commitments/paper/{link}/"},
        status=201,
    )


@require_safe
def paper(request, link: str):
    try:
        serial = signing.loads(link, salt=PAPER_SALT, max_age=PAPER_SECONDS)
    except signing.BadSignature:
        raise Http404("下载链接已失效，请到作出决定的部门调阅告知承诺书") from None
    commitment = Commitment.objects.filter(serial=serial).select_related("pdf").first()
    if commitment is None:
        raise Http404("没有这份告知承诺书")
    return commitment_pdf(commitment, inline=False)


@require_safe
@portal_county
def sample(request, code: str, *, county):
    from django.http import HttpResponse

    item = _item_or_404(code, county)
    response = HttpResponse(render_sample(item), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{item.code}-commitment-sample.pdf"'
    return response


@require_safe
@portal_county
def cases(request, *, county):
    return render(
        request,
        "commitments/cases.html",
        {"records": selectors.published_serious_cases(county), "county": county},
    )
