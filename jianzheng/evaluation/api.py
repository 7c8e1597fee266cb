"""综合考评 over HTTP: a resident's rating (no login: the case's secret is the proof of being the
person served), and the published evaluations with each community's indicator breakdown. Thin:
the rules are in services and schemes."""

from django.http import Http404
from ninja import Query, Router, Status

from jianzheng.catalogue.counties import county_for
from jianzheng.core.schemas import CodeNameRef, errors
from jianzheng.evaluation import results, services
from jianzheng.evaluation.models import Result, Scheme
from jianzheng.evaluation.schemas import (
    EvaluationDetailOut,
    EvaluationIndicatorOut,
    EvaluationListOut,
    EvaluationQuery,
    EvaluationRowOut,
    EvaluationSchemeOut,
    RatingFollowUpOut,
    RatingIn,
    RatingOut,
)
from jianzheng.regions.models import Unit
from jianzheng.regions.selectors import county_of

INDICATOR_FIELDS = (
    "code",
    "name",
    "kind",
    "source",
    "formula",
    "weight",
    "applies_to",
    "value",
    "data",
    "text",
    "score",
)

ratings_router = Router(tags=["evaluation"])
evaluations_router = Router(tags=["evaluation"])


@ratings_router.post(
    "", response={201: RatingOut, **errors(404, 409, 422, 429)}, summary="评价一次服务（好差评）"
)
def rate(request, payload: RatingIn):
    """Once per case, with the case's secret (a certificate's or commitment's check code, a
    complaint's secret). 404 `unknown_case` for an unknown number and a wrong secret alike;
    409 `already_rated`; 422 for a grade not among the five or a complaint still being handled.
    不满意 or below answers with the follow-up and its deadline."""
    made = services.rate_case(**payload.model_dump())
    rating, follow_up = made.rating, made.follow_up
    return Status(
        201,
        RatingOut(
            case=rating.case_number,
            kind=rating.case_kind,
            grade=rating.grade,
            grade_label=rating.get_grade_display(),
            rated_at=rating.rated_at,
            unit=CodeNameRef(code=rating.unit.code, name=rating.unit.name) if rating.unit else None,
            follow_up=RatingFollowUpOut(state=follow_up.state, deadline=follow_up.deadline)
            if follow_up
            else None,
        ),
    )


def _scheme_out(scheme: Scheme) -> EvaluationSchemeOut:
    return EvaluationSchemeOut(
        name=scheme.name,
        period=scheme.period,
        start=scheme.start,
        end=scheme.end,
        published_at=scheme.published_at,
        star_thresholds=scheme.star_thresholds,
        deduction_per_notice=str(scheme.deduction_per_notice),
        deduction_cap=str(scheme.deduction_cap),
    )


def _row(result: Result) -> dict:
    return {
        "community": CodeNameRef(code=result.community.code, name=result.community.name),
        "township": CodeNameRef(code=result.township.code, name=result.township.name),
        "community_score": str(result.community_score),
        "community_stars": result.community_stars,
        "party_score": str(result.party_score),
        "party_stars": result.party_stars,
        "deduction": str(result.deduction),
        "county_rank": result.county_rank,
        "township_rank": result.township_rank,
    }


@evaluations_router.get(
    "", response={200: EvaluationListOut, **errors(400, 404, 422)}, summary="公布的综合考评结果"
)
def list_evaluations(request, query: Query[EvaluationQuery]):
    """Every community's scores, stars, deduction and ranks under the county's published scheme
    for the period; 404 `no_evaluation` when none is published."""
    county = county_for(query.county)
    scheme, found = results.published_results(county, query.period.strip())
    if scheme is None:
        raise Http404("该考评期没有公布的考评结果")
    return EvaluationListOut(
        county=CodeNameRef(code=county.code, name=county.name),
        scheme=_scheme_out(scheme),
        results=[EvaluationRowOut(**_row(r)) for r in found],
        count=len(found),
    )


@evaluations_router.get(
    "/{period}/{community}",
    response={200: EvaluationDetailOut, **errors(404)},
    summary="一个社区的考评：逐项指标和依据",
)
def evaluation_detail(request, period: str, community: str):
    unit = Unit.objects.select_related("region").filter(code=community[:32]).first()
    if unit is None or unit.kind != Unit.Kind.COMMUNITY:
        raise Http404("没有这个社区")
    county = county_of(unit.region)
    result = (
        Result.objects.select_related("scheme", "community", "township")
        .filter(
            community=unit,
            scheme__county=county,
            scheme__period=period[:16],
            scheme__state=Scheme.State.PUBLISHED,
        )
        .first()
    )
    if result is None:
        raise Http404("该考评期没有这个社区公布的考评结果")
    return EvaluationDetailOut(
        **_row(result),
        county=CodeNameRef(code=county.code, name=county.name),
        scheme=_scheme_out(result.scheme),
        indicators=[
            EvaluationIndicatorOut(**{k: row.get(k) for k in INDICATOR_FIELDS})
            for row in result.breakdown
        ],
    )
