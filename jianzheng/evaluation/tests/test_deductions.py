from decimal import Decimal

from jianzheng.complaints.services import publish_notice, transition
from jianzheng.evaluation import schemes, services
from jianzheng.evaluation.models import Result
from jianzheng.evaluation.tests.test_schemes import make_scheme


def _notice(submit, admin, officer, **report):
    case = submit(**report).complaint
    transition(actor=admin, complaint=case, to="accepted")
    if officer is not None:
        transition(actor=officer, complaint=case, to="answered", note="已纠正")
    transition(actor=admin, complaint=case, to="verified", note="经核实，索要已取消的证明属实")
    return publish_notice(actor=admin, complaint=case, finding="", rectification="已责令整改")


def test_deductions_follow_the_notices_unit_by_unit(
    client, submit, calendar, civil_affairs_admin, police_officer
):
    first = _notice(submit, civil_affairs_admin, police_officer)
    second = _notice(submit, civil_affairs_admin, police_officer, date="2026-11-20")
    scheme = make_scheme(civil_affairs_admin, deduction_per_notice="3", deduction_cap="5")
    rows = schemes.scheme_deductions(scheme)
    assert [(d.unit_name, d.points) for d in rows] == [("永宁县公安局", Decimal("5.00"))]
    assert [f.reference for f in rows[0].findings] == [first.number, second.number]
    client.force_login(civil_affairs_admin)
    page = client.get(f"/staff/evaluation/schemes/{scheme.pk}/deductions/").content.decode()
    assert "永宁县公安局" in page and first.number in page and second.number in page


def test_a_period_without_notices_deducts_nothing(submit, calendar, civil_affairs_admin):
    import datetime as dt

    scheme = make_scheme(
        civil_affairs_admin, period="2025", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    )
    assert schemes.scheme_deductions(scheme) == []


def test_a_community_named_in_a_notice_loses_points_from_its_score(
    submit, certificate, civil_affairs_admin, yanghe
):
    services.rate_case(
        case=certificate.serial, secret=certificate.check_code, grade="very_satisfied"
    )
    _notice(submit, civil_affairs_admin, civil_affairs_admin, unit=yanghe.code)
    scheme = make_scheme(civil_affairs_admin)
    schemes.run_scheme(actor=civil_affairs_admin, scheme=scheme)
    result = Result.objects.get(scheme=scheme, community=yanghe)
    assert result.deduction == Decimal("2.00")
    from jianzheng.evaluation import formulas

    before = formulas.weighted_score(result.breakdown, "community")
    assert result.community_score == before - Decimal("2.00")


def test_a_supervision_finding_of_the_region_deducts_like_a_notice(
    submit, calendar, civil_affairs_admin, police_officer
):
    """四(二): "对自治区督导通报的，在年底考核予以扣分" — the campaign's findings are a source too."""
    import datetime as dt

    from jianzheng.campaign.services import record_finding
    from jianzheng.regions.models import Unit

    police = Unit.objects.get(code="640121-GAJ")
    notice = _notice(submit, civil_affairs_admin, police_officer)
    finding = record_finding(
        actor=civil_affairs_admin,
        unit=police,
        task=None,
        reference="宁民督〔2026〕7号",
        found_on=dt.date(2026, 11, 25),
        summary="仍要求群众开具居住证明",
    )
    scheme = make_scheme(civil_affairs_admin, deduction_per_notice="2", deduction_cap="10")
    rows = schemes.scheme_deductions(scheme)
    assert [(d.unit_name, d.points) for d in rows] == [("永宁县公安局", Decimal("4.00"))]
    assert {(f.source, f.reference) for f in rows[0].findings} == {
        ("曝光通报", notice.number),
        ("督查通报", finding.reference),
    }
