"""The public portal: residents check, without logging in, whether a community still issues a proof
and where to go instead (永民发〔2020〕91号 二(三): the list is published for residents to query).
Every page reads one county's list: the one `catalogue.portal.portal_county` resolved."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from jianzheng.catalogue import selectors
from jianzheng.catalogue.forms import diff_rows
from jianzheng.catalogue.models import CertificateItem
from jianzheng.catalogue.portal import portal_county
from jianzheng.catalogue.search import clean_query
from jianzheng.core.errors import RuleViolation

PAGE_SIZE = 20
MAX_PAGE = 1000
EXAMPLES = ["健在证明", "居住证明", "无犯罪记录证明", "jzzm"]
Status = CertificateItem.Status


def _page_number(raw: str | None) -> int:
    try:
        return min(max(int(raw or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


def _home(request, *, county, query: str = "", error: str = "", status: int = 200):
    context = {
        "version": selectors.current_version(county=county),
        "examples": EXAMPLES,
        "q": query,
        "error": error,
    }
    return render(request, "catalogue/home.html", context, status=status)


@require_safe
@portal_county
def home(request, *, county):
    return _home(request, county=county)


@require_safe
@portal_county
def search(request, *, county):
    raw = request.GET.get("q", "")
    try:
        query = clean_query(raw)
    except RuleViolation as exc:
        # Echo what was typed, minus the characters that made it invalid.
        shown = "".join(ch for ch in raw[:200] if ch.isprintable())
        return _home(request, county=county, query=shown, error=exc.message, status=400)
    if not query:
        return _home(request, county=county, query=raw)
    page = _page_number(request.GET.get("page"))
    result = selectors.search_items(
        query, county=county, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    pages = max(1, -(-result.count // PAGE_SIZE))
    return render(
        request,
        "catalogue/search.html",
        {
            "q": raw,
            "result": result,
            "page": page,
            "pages": pages,
            "version": selectors.current_version(county=county),
            "refuse_unlisted": settings.REFUSE_UNLISTED_ITEMS,
        },
    )


@require_safe
@portal_county
def item_detail(request, code: str, *, county):
    item = selectors.get_item(code, county=county)
    if item is None:
        raise Http404("没有这个证明事项")
    version = selectors.current_version(county=county)
    return render(request, "catalogue/item.html", {"item": item, "version": version})


@require_safe
@portal_county
def item_list(request, *, county):
    batch = _page_number(request.GET.get("batch")) if request.GET.get("batch") else None
    items = list(selectors.list_items(county=county, batch=batch))
    return render(
        request,
        "catalogue/list.html",
        {
            "retained": [i for i in items if i.status == Status.RETAINED],
            "cancelled": [i for i in items if i.status == Status.CANCELLED],
            "batch": batch,
            "version": selectors.current_version(county=county),
        },
    )


@require_safe
@portal_county
def history(request, *, county):
    return render(
        request,
        "catalogue/history.html",
        {
            "versions": selectors.list_versions(county=county),
            "version": selectors.current_version(county=county),
        },
    )


@require_safe
@portal_county
def version_detail(request, number: int, *, county):
    version = selectors.list_versions(county=county).filter(number=number).first()
    if version is None:
        raise Http404("没有这个版本")
    changes = [
        {
            "change": c,
            "rows": diff_rows(c.before, c.after, selectors.diff_payloads(c.before, c.after)),
        }
        for c in selectors.version_changes(version)
    ]
    return render(
        request,
        "catalogue/version.html",
        {
            "shown": version,
            "changes": changes,
            "version": selectors.current_version(county=county),
        },
    )


@require_safe
@portal_county
def policy(request, *, county):
    first_batch = selectors.list_items(county=county, status=Status.CANCELLED, batch=1)
    first_batch = first_batch.order_by("code")
    return render(
        request,
        "catalogue/policy.html",
        {
            "first_batch": first_batch,
            "version": selectors.current_version(county=county),
        },
    )
