"""The public page of the three lists (二(二)): what a community does by law, what it helps the
government with and on what basis, and what may never be pushed onto it."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from jianzheng.catalogue.counties import county_for
from jianzheng.core.errors import RuleViolation
from jianzheng.workitems import selectors
from jianzheng.workitems.models import WorkItem


@require_safe
def lists(request):
    try:
        county = county_for(request.GET.get("county", ""))
    except RuleViolation as exc:
        return render(request, "workitems/lists.html", {"error": exc.message}, status=exc.status)
    items = list(selectors.county_items(county))
    groups = [
        (label, [i for i in items if i.category == code])
        for code, label in WorkItem.Category.choices
    ]
    return render(request, "workitems/lists.html", {"county": county, "groups": groups})
