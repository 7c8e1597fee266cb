"""Staff at three levels (issue 8): the same role held at the region's or the city's level acts
over every county below it; a county's staff only over their own county, and another county's
records answer 404 to them, as if they did not exist."""

import pytest

from jianzheng.accounts.permissions import acts_above_county, units_in_scope
from jianzheng.accounts.services import create_api_token
from jianzheng.certificates.demands import refuse_at_desk
from jianzheng.certificates.models import Certificate
from jianzheng.certificates.selectors import count_issued_today
from jianzheng.certificates.services import issue_certificate
from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS
from jianzheng.regions.models import UnitName
from tests.permission_probes import HARDSHIP_FACTS

NAMES = "/staff/units/names/"


@pytest.fixture
def two_counties(catalogue, keys, helan, settings):
    """Each county issues by its own list and signs with its own key: no default county is
    needed for staff work."""
    from jianzheng.documents.services import ensure_signing_keys

    ensure_signing_keys(actor=None)
    settings.DEFAULT_COUNTY = ""


def _issue(clerk, community):
    in_helan = community.code.startswith("640122")  # 贺兰县 cancels 居住证明 on its own list
    return issue_certificate(
        actor=clerk,
        community=community,
        item="HL-B02" if in_helan else "YN-B03",
        facts=dict(HARDSHIP_FACTS if in_helan else RESIDENCE_FACTS),
        checks=CHECKS,
        purpose="办理居住证",
        requester="派出所",
    )


@pytest.fixture
def papers(two_counties, yanghe_clerk, yanghe, xigang_clerk, xigang):
    """One certificate of 永宁县 (杨和) and one of 贺兰县 (习岗)."""
    return {"yongning": _issue(yanghe_clerk, yanghe), "helan": _issue(xigang_clerk, xigang)}


def codes(user) -> set[str]:
    return set(units_in_scope(user).values_list("code", flat=True))


def test_the_region_and_the_city_admin_reach_both_counties_a_county_admin_one(
    region_admin, city_admin, civil_affairs_admin, helan_admin, yanghe, xigang
):
    for upper in (region_admin, city_admin):
        assert {"640121-GAJ", "640121100001", "640122-GAJ", "640122100001"} <= codes(upper)
        assert acts_above_county(upper)
    assert "640122100001" not in codes(civil_affairs_admin)
    assert "640121100001" not in codes(helan_admin) and "640122101201" in codes(helan_admin)
    assert not acts_above_county(civil_affairs_admin) and not acts_above_county(helan_admin)
    assert "64-MZT" not in codes(city_admin)  # the city's subtree is not the region's


@pytest.mark.parametrize("viewer", ["region_admin", "city_admin", "region_auditor", "helan_admin"])
def test_staff_over_helan_open_its_certificate(client, papers, viewer, request):
    user = request.getfixturevalue(viewer)
    client.force_login(user)
    serial = papers["helan"].serial
    assert client.get(f"/staff/certificates/{serial}/").status_code == 200
    token = create_api_token(actor=None, user=user)[1]
    answer = client.get(
        f"/api/v1/certificates/{serial}", headers={"authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200 and answer.json()["serial"] == serial


@pytest.mark.parametrize(
    ("viewer", "other"), [("civil_affairs_admin", "helan"), ("helan_admin", "yongning")]
)
def test_a_county_admin_finds_no_certificate_of_another_county(
    client, papers, viewer, other, request
):
    user = request.getfixturevalue(viewer)
    client.force_login(user)
    serial = papers[other].serial
    assert client.get(f"/staff/certificates/{serial}/").status_code == 404
    revoke = {"category": "other", "reason": "越级撤销", "confirm": "on"}
    assert client.post(f"/staff/certificates/{serial}/revoke", revoke).status_code == 404
    token = create_api_token(actor=None, user=user)[1]
    auth = {"authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/certificates/{serial}", headers=auth).status_code == 404
    assert Certificate.objects.get(pk=papers[other].pk).status == Certificate.Status.ISSUED


def test_the_region_admin_revokes_a_certificate_of_either_county(client, papers, region_admin):
    client.force_login(region_admin)
    for paper in papers.values():
        revoke = {"category": "other", "reason": "自治区民政厅核查后撤销", "confirm": "on"}
        assert client.post(f"/staff/certificates/{paper.serial}/revoke", revoke).status_code == 302
    assert {c.status for c in Certificate.objects.all()} == {Certificate.Status.REVOKED}


def test_each_ledger_lists_what_its_level_covers(
    client, papers, region_auditor, city_admin, civil_affairs_admin, helan_admin
):
    yongning, helan = papers["yongning"].serial, papers["helan"].serial
    expected = {
        region_auditor: {yongning, helan},
        city_admin: {yongning, helan},
        civil_affairs_admin: {yongning},
        helan_admin: {helan},
    }
    for user, serials in expected.items():
        client.force_login(user)
        text = client.get("/staff/certificates/").content.decode()
        assert {s for s in (yongning, helan) if s in text} == serials, user.username
        assert count_issued_today(user) == len(serials), user.username


@pytest.fixture
def kept_names(two_counties, yanghe_clerk, yanghe, xigang_clerk, xigang):
    """A demanding unit nobody registered, typed in each county."""
    refuse_at_desk(actor=yanghe_clerk, community=yanghe, item="健在证明", requester="杨和某银行")
    refuse_at_desk(actor=xigang_clerk, community=xigang, item="健在证明", requester="习岗某银行")
    return {n.text: n for n in UnitName.objects.all()}


def test_the_region_admin_sees_every_countys_kept_names_with_their_county(
    client, kept_names, region_admin, civil_affairs_admin
):
    client.force_login(region_admin)
    text = client.get(NAMES).content.decode()
    assert "杨和某银行" in text and "习岗某银行" in text
    assert "<th>县（市、区）</th>" in text and "<td>贺兰县</td>" in text
    client.force_login(civil_affairs_admin)
    text = client.get(NAMES).content.decode()
    assert "杨和某银行" in text and "习岗某银行" not in text
    assert "<th>县（市、区）</th>" not in text


def test_a_county_admin_cannot_merge_another_countys_name(client, kept_names, civil_affairs_admin):
    client.force_login(civil_affairs_admin)
    name = kept_names["习岗某银行"]
    assert client.post(f"{NAMES}{name.pk}/merge", {"unit": "640121-YH"}).status_code == 404
    name.refresh_from_db()
    assert name.unit is None


def test_the_region_admin_merges_a_name_only_into_a_unit_of_its_county_or_above(
    client, kept_names, region_admin
):
    client.force_login(region_admin)
    yanghe_name, xigang_name = kept_names["杨和某银行"], kept_names["习岗某银行"]
    refused = client.post(f"{NAMES}{yanghe_name.pk}/merge", {"unit": "640122-GAJ"})
    assert refused.status_code == 422 and "单位库中没有" in refused.content.decode()
    yanghe_name.refresh_from_db()
    assert yanghe_name.unit is None
    assert client.post(f"{NAMES}{xigang_name.pk}/merge", {"unit": "640122-GAJ"}).status_code == 302
    assert client.post(f"{NAMES}{yanghe_name.pk}/merge", {"unit": "6401-MZJ"}).status_code == 302
    merged = dict(UnitName.objects.values_list("text", "unit__code"))
    assert merged == {"杨和某银行": "6401-MZJ", "习岗某银行": "640122-GAJ"}


@pytest.mark.parametrize("viewer", ["region_admin", "city_admin", "helan_admin", "xigang_clerk"])
def test_the_ledger_pages_open_on_a_platform_without_a_default_county(
    client, catalogue, helan, settings, viewer, request
):
    settings.DEFAULT_COUNTY = ""  # each ledger reads its own counties' lists, never "the" one
    client.force_login(request.getfixturevalue(viewer))
    for path in ("/staff/certificates/", "/staff/certificates/refusals/"):
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        # Region and city staff filter by both counties' items; 贺兰县's staff by 贺兰县's alone.
        assert '<option value="HL-B02">' in page
        assert ('<option value="YN-B03">' in page) == (viewer in ("region_admin", "city_admin"))
