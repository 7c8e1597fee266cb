import datetime as dt
import re
from decimal import Decimal

import pytest

from jianzheng.core.errors import RuleViolation
from jianzheng.evaluation import formulas, schemes, services
from jianzheng.evaluation.models import Result
from jianzheng.regions.models import Region

YEAR = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}


def _county():
    return Region.objects.get(code="640121")


def make_scheme(actor, **overrides):
    values = {
        "county": _county(),
        "period": "2026",
        "name": "2026年度星级和谐社区、服务型党组织综合考评",
        **YEAR,
        "with_defaults": True,
    }
    values.update(overrides)
    return schemes.create_scheme(actor=actor, **values)


def test_an_indicator_counting_meetings_is_refused_with_the_seeds_sentence(civil_affairs_admin):
    scheme = make_scheme(civil_affairs_admin, with_defaults=False)
    with pytest.raises(RuleViolation) as caught:
        schemes.add_indicator(
            actor=civil_affairs_admin,
            scheme=scheme,
            code="meetings",
            name="召开居民会议次数",
            kind="service_result",
            source="work_pushes_refused",
            formula={"type": "count_target", "target": 12},
            weight=10,
        )
    assert caught.value.code == "paperwork_indicator"
    assert "会议、报表、台账资料不得作为考核内容" in caught.value.message
    assert "二(二)" in caught.value.message
    assert not scheme.indicators.exists()


def test_a_department_cannot_set_up_its_own_community_rating(police_officer):
    with pytest.raises(RuleViolation) as caught:
        make_scheme(police_officer, name="社区治安达标评比")
    assert (caught.value.code, caught.value.status) == ("single_item_rating", 403)
    assert "取消各部门自行设立的各类单项社区评比达标活动" in caught.value.message
    assert "二(二)" in caught.value.message


def test_even_the_bureau_cannot_name_a_single_item_rating(civil_affairs_admin):
    with pytest.raises(RuleViolation) as caught:
        make_scheme(civil_affairs_admin, name="文明卫生单项达标评比")
    assert "单项社区评比达标" in caught.value.fields["name"]


def test_plaque_compliance_comes_from_the_signage_record(civil_affairs_admin, yanghe):
    scheme = make_scheme(civil_affairs_admin)
    schemes.run_scheme(actor=civil_affairs_admin, scheme=scheme)
    result = Result.objects.get(scheme=scheme, community=yanghe)
    plaques = {row["code"]: row for row in result.breakdown}["plaques"]
    # No venue recorded yet: no data, so the indicator scores nothing and its weight drops out.
    assert plaques["data"] == {"venues": 0, "compliant": 0} and plaques["score"] is None


def test_one_scheme_per_county_and_period(civil_affairs_admin):
    make_scheme(civil_affairs_admin)
    with pytest.raises(RuleViolation) as caught:
        make_scheme(civil_affairs_admin)
    assert (caught.value.code, caught.value.status) == ("scheme_exists", 409)


def _recomputed(result: Result, title: str) -> tuple[Decimal, int]:
    """The published formula (docs/evaluation.md) applied by hand to the published breakdown."""
    used = [
        r for r in result.breakdown if r["score"] is not None and r["applies_to"] in ("both", title)
    ]
    weights = sum(Decimal(r["weight"]) for r in used)
    score = sum(Decimal(r["weight"]) * Decimal(r["score"]) for r in used) / weights
    score = max(Decimal(0), score.quantize(Decimal("0.01")) - result.deduction)
    lines = result.scheme.star_thresholds
    stars = next((5 - i for i, line in enumerate(lines) if score >= Decimal(str(line))), 1)
    rated = any(r["kind"] == "satisfaction" for r in used)
    return score, stars if rated else 0


def test_stars_recomputed_from_the_published_formula_equal_the_page(
    client, certificate, issue, civil_affairs_admin, yanghe
):
    second = issue()
    services.rate_case(
        case=certificate.serial, secret=certificate.check_code, grade="very_satisfied"
    )
    services.rate_case(case=second.serial, secret=second.check_code, grade="dissatisfied")
    scheme = make_scheme(civil_affairs_admin)
    schemes.run_scheme(actor=civil_affairs_admin, scheme=scheme)
    result = Result.objects.get(scheme=scheme, community=yanghe)
    by_code = {row["code"]: row for row in result.breakdown}
    assert by_code["satisfaction"]["value"] == 60.0  # (100 + 20) / 2
    assert by_code["satisfaction"]["data"]["ratings"] == 2
    assert by_code["same_day"]["data"] == {"issued": 2, "same_day": 2}
    assert by_code["follow_ups"]["score"] == "0.00"  # one open, due 24 December, not answered
    score, stars = _recomputed(result, "community")
    assert (score, stars) == (result.community_score, result.community_stars)
    assert _recomputed(result, "party") == (result.party_score, result.party_stars)
    client.force_login(civil_affairs_admin)
    page = client.get(f"/staff/evaluation/schemes/{scheme.pk}/communities/{yanghe.code}/")
    text = page.content.decode()
    shown = re.search(r'id="community-score">([\d.]+)<', text).group(1)
    shown_stars = re.search(r'id="community-stars">(\d)<', text).group(1)
    assert (Decimal(shown), int(shown_stars)) == (score, stars)
    assert "群众评价 2 次" in text


def test_communities_without_data_score_nothing_and_rank_below(
    certificate, civil_affairs_admin, yanghe, lijun
):
    services.rate_case(
        case=certificate.serial, secret=certificate.check_code, grade="very_satisfied"
    )
    scheme = make_scheme(civil_affairs_admin)
    schemes.run_scheme(actor=civil_affairs_admin, scheme=scheme)
    first = Result.objects.get(scheme=scheme, community=yanghe)
    other = Result.objects.get(scheme=scheme, community=lijun)
    assert first.county_rank == 1 and first.township_rank == 1
    # 李俊第一社区 served nobody who rated it: its penalties-only 100 earns no stars.
    assert other.community_stars == 0 and other.county_rank == 2


def test_a_published_evaluation_is_frozen_and_read_over_the_api(
    client, certificate, civil_affairs_admin, yanghe
):
    services.rate_case(
        case=certificate.serial, secret=certificate.check_code, grade="very_satisfied"
    )
    scheme = make_scheme(civil_affairs_admin)
    assert (
        client.get("/api/v1/evaluations", {"county": "640121", "period": "2026"}).status_code == 404
    )
    schemes.run_scheme(actor=civil_affairs_admin, scheme=scheme)
    schemes.publish_scheme(actor=civil_affairs_admin, scheme=scheme)
    with pytest.raises(RuleViolation) as caught:
        schemes.run_scheme(actor=civil_affairs_admin, scheme=scheme)
    assert caught.value.code == "scheme_published"
    listed = client.get("/api/v1/evaluations", {"county": "640121", "period": "2026"}).json()
    row = next(r for r in listed["results"] if r["community"]["code"] == yanghe.code)
    result = Result.objects.get(scheme=scheme, community=yanghe)
    assert row["community_score"] == str(result.community_score)
    detail = client.get(f"/api/v1/evaluations/2026/{yanghe.code}").json()
    assert detail["community_stars"] == result.community_stars
    codes = [i["code"] for i in detail["indicators"]]
    assert "satisfaction" in codes and "plaques" in codes
    assert client.get("/api/v1/evaluations/2025/640121100001").status_code == 404


def test_the_formula_module_and_the_thresholds_agree():
    assert formulas.stars(Decimal("90.00"), [90, 80, 70, 60]) == 5
    assert formulas.stars(Decimal("59.99"), [90, 80, 70, 60]) == 1
    assert formulas.indicator_score({"type": "count_penalty", "per": 20}, 2) == Decimal("60.00")
    assert formulas.indicator_score({"type": "count_target", "target": 4}, 1) == Decimal("25.00")
    with pytest.raises(RuleViolation):
        formulas.clean_thresholds([60, 70, 80, 90])
