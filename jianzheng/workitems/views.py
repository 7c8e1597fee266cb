"""The public page of the three lists (二(二)): what a community does by law, what it helps the
government with and on what basis, and what may never be pushed onto it. The county is the
portal's (picked and remembered, or the deployment's default)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from jianzheng.catalogue.portal import portal_county
from jianzheng.workitems import selectors
from jianzheng.workitems.models import WorkItem


@require_safe
@portal_county
def lists(request, county):
    items = list(selectors.county_items(county))
    groups = [
        (label, [i for i in items if i.category == code])
        for code, label in WorkItem.Category.choices
    ]
    return render(request, "workitems/lists.html", {"county": county, "groups": groups})
