"""Reads of results: each indicator explained with its data, townships ranked, a community's
history across periods. Shared by the staff pages and the API."""

from dataclasses import dataclass
from decimal import Decimal

from jianzheng.evaluation import formulas, permissions
from jianzheng.evaluation.models import Result, Scheme
from jianzheng.regions.models import Region

FORMULA_TEXT = formulas.__doc__ or ""


def explained(result: Result) -> list[dict]:
    rows = []
    for row in result.breakdown:
        rows.append(
            {
                **row,
                "formula_label": formulas.FORMULAS.get(row["formula"].get("type"), ""),
                "applies_label": {
                    "both": "两项考评",
                    "community": "星级和谐社区",
                    "party": "服务型党组织",
                }.get(row["applies_to"], ""),
            }
        )
    return rows


@dataclass
class TownshipRow:
    township: Region
    communities: int
    mean_score: Decimal
    rank: int = 0


def township_ranking(results: list[Result]) -> list[TownshipRow]:
    """Townships by their communities' mean 星级和谐社区 score."""
    groups: dict[int, list[Result]] = {}
    for result in results:
        groups.setdefault(result.township_id, []).append(result)
    rows = [
        TownshipRow(
            group[0].township,
            len(group),
            formulas.cents(sum((r.community_score for r in group), Decimal(0)) / len(group)),
        )
        for group in groups.values()
    ]
    rows.sort(key=lambda r: (-r.mean_score, r.township.code))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    return rows


def history(user, community) -> list[Result]:
    """The community's published results in every period (and drafts for those who see them)."""
    schemes = permissions.visible_schemes(user)
    return list(
        Result.objects.select_related("scheme")
        .filter(community=community, scheme__in=schemes)
        .order_by("-scheme__start")
    )


def published_results(county, period: str) -> tuple[Scheme | None, list[Result]]:
    scheme = Scheme.objects.filter(
        county=county, period=period, state=Scheme.State.PUBLISHED
    ).first()
    if scheme is None:
        return None, []
    return scheme, list(scheme.results.select_related("community", "township"))
