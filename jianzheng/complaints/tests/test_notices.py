import pytest
from django.core.exceptions import PermissionDenied

from jianzheng.complaints import selectors, services
from jianzheng.core.errors import RuleViolation

S = "verified"


@pytest.fixture
def verified(submit, clock, civil_affairs_admin, police_officer):
    case = submit(contact_phone="13909511234").complaint
    services.transition(actor=civil_affairs_admin, complaint=case, to="accepted")
    services.transition(actor=police_officer, complaint=case, to="answered", note="已纠正")
    return services.transition(
        actor=civil_affairs_admin,
        complaint=case,
        to="verified",
        note="经核实，窗口要求居民马小花（640121199003071232，电话13909511234）开具健在证明属实",
    )


def test_a_verified_case_is_published_without_personal_data(verified, civil_affairs_admin):
    notice = services.publish_notice(
        actor=civil_affairs_admin, complaint=verified, finding="", rectification="已责令整改"
    )
    assert notice.level == "county" and notice.number == "永宁县减证通报〔2026〕1号"
    assert notice.unit_name == "永宁县公安局" and notice.item_name == "健在证明"
    row = selectors.notice_row(notice)
    text = str(row)
    for personal in ("640121199003071232", "13909511234", "ma@example.com", "户籍窗口"):
        assert personal not in text
    assert "640121199003071232" in verified.finding  # the case keeps the original
    with pytest.raises(RuleViolation) as caught:
        services.publish_notice(actor=civil_affairs_admin, complaint=verified, finding="x")
    assert caught.value.status == 409


def test_an_unverified_or_unfounded_case_is_never_published(submit, clock, civil_affairs_admin):
    case = submit().complaint
    with pytest.raises(RuleViolation) as caught:
        services.publish_notice(actor=civil_affairs_admin, complaint=case, finding="x")
    assert caught.value.code == "not_verified"


def test_the_city_and_the_region_publish_at_their_own_level(
    verified, city_admin, region_admin, helan_admin
):
    with pytest.raises(PermissionDenied):
        services.publish_notice(actor=helan_admin, complaint=verified, finding="查实")
    notice = services.publish_notice(actor=city_admin, complaint=verified, finding="查实")
    assert (notice.level, notice.publisher_name) == ("city", "银川市民政局")
    assert notice.number.startswith("银川市减证通报")
    assert list(selectors.public_notices(level="city")) == [notice]
    assert not selectors.public_notices(level="region").exists()


def test_a_county_does_not_publish_a_case_the_city_handles(
    submit, clock, helan, civil_affairs_admin
):
    case = submit(unit="6401-MZJ").complaint
    with pytest.raises(PermissionDenied):
        services.publish_notice(actor=civil_affairs_admin, complaint=case, finding="x")
