"""Refusals are evidence, so their fields must be real: the proof asked for is a catalogue item
or reads as a proof's name; the demanding unit is a registered unit or a kept name that the
civil-affairs admin later merges into one, and counts by unit follow."""

import pytest
from django.utils import timezone

from jianzheng.accounts.services import create_api_token
from jianzheng.certificates.demands import refuse_at_desk
from jianzheng.certificates.models import Demand
from jianzheng.certificates.selectors import LedgerFilter, count_refusals_by_requester
from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import AuditEntry
from jianzheng.regions.models import Region, Unit, UnitName
from jianzheng.regions.services import RegionRow, import_regions

STATION = "640121-GAJ-YH"
NAMES = "/staff/units/names/"


@pytest.fixture
def refuse(catalogue, yanghe_clerk, yanghe):
    def _refuse(item="单身证明", requester="某婚介公司", **kwargs):
        return refuse_at_desk(
            actor=yanghe_clerk, community=yanghe, item=item, requester=requester, **kwargs
        )

    return _refuse


def api_post(client, user, path, body):
    token = create_api_token(actor=None, user=user)[1]
    return client.post(
        path, body, content_type="application/json", headers={"authorization": f"Bearer {token}"}
    )


@pytest.mark.parametrize("item", ["😀😀😀", "asdfgh", "x"])
def test_a_refusal_for_a_proof_that_is_no_name_is_refused_naming_the_field(refuse, item):
    before = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as refused:
        refuse(item=item)
    assert list(refused.value.fields) == ["item"]
    assert "证明名称" in refused.value.fields["item"]
    assert not Demand.objects.exists() and not UnitName.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("requester", ["😀😀😀", "asdfgh", "x"])
def test_a_demanding_unit_that_is_no_name_is_refused_naming_the_field(refuse, requester):
    with pytest.raises(RuleViolation) as refused:
        refuse(requester=requester)
    assert list(refused.value.fields) == ["requester"]
    assert "索要单位" in refused.value.fields["requester"]
    assert not Demand.objects.exists() and not UnitName.objects.exists()


def test_both_bad_fields_are_named_at_once(refuse):
    with pytest.raises(RuleViolation) as refused:
        refuse(item="asdfgh", requester="x")
    assert set(refused.value.fields) == {"item", "requester"}


def test_a_catalogue_item_is_accepted_by_its_code_whatever_its_letters(refuse):
    refusal = refuse(item="GJ1-10")
    assert refusal.item.name == "健在证明" and refusal.item_name == "健在证明"


def test_the_form_at_the_desk_refuses_an_emoji_proof_and_writes_nothing(client, refuse):
    from jianzheng.accounts.models import User

    client.force_login(User.objects.get(username="yanghe_clerk"))
    response = client.post(
        "/staff/certificates/refusals/new/", {"item": "😀😀😀", "requester": "x"}
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "证明名称" in errors["item"][0] and "索要单位" in errors["requester"][0]
    assert not Demand.objects.exists()


def test_the_api_refuses_a_keyboard_mash_and_writes_nothing(
    client, catalogue, yanghe_clerk, yanghe
):
    body = {"community": yanghe.code, "item": "asdfgh", "requester": "x"}
    response = api_post(client, yanghe_clerk, "/api/v1/refusals", body)
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"item", "requester"}
    assert not Demand.objects.exists()


def test_two_ways_of_writing_the_police_station_count_as_one_unit(refuse, yanghe_officer):
    short = refuse(requester="杨和派出所")
    full = refuse(requester="永宁县公安局杨和派出所")
    assert short.requester == "杨和派出所" and full.requester == "永宁县公安局杨和派出所"
    assert short.requester_unit.code == full.requester_unit.code == STATION
    counts = count_refusals_by_requester(yanghe_officer, LedgerFilter())
    assert [(c.code, c.name, c.count) for c in counts] == [(STATION, "永宁县公安局杨和派出所", 2)]


def test_the_api_answers_with_the_unit_the_requester_names(client, catalogue, yanghe_clerk, yanghe):
    body = {"community": yanghe.code, "item": "单身证明", "demanded_by": "杨和派出所"}
    answer = api_post(client, yanghe_clerk, "/api/v1/refusals", body).json()
    assert answer["requester"] == "杨和派出所"
    assert answer["requester_unit"] == {"code": STATION, "name": "永宁县公安局杨和派出所"}
    body["demanded_by"] = "杨和镇示例幼儿园"
    assert api_post(client, yanghe_clerk, "/api/v1/refusals", body).json()["requester_unit"] is None


def test_an_unknown_name_is_kept_merged_by_the_admin_and_counts_move(
    client, refuse, civil_affairs_admin, yanghe_officer
):
    refuse(requester="杨和幼儿园")
    refuse(requester="杨和幼儿园 ")
    kindergarten = Unit.objects.create(
        code="640121-YHYEY",
        name="永宁县杨和镇中心幼儿园",
        kind=Unit.Kind.DEPARTMENT,
        region=Region.objects.get(code="640121"),
    )
    counts = count_refusals_by_requester(yanghe_officer, LedgerFilter())
    assert [(c.code, c.name, c.count) for c in counts] == [("", "杨和幼儿园", 2)]

    client.force_login(civil_affairs_admin)
    page = client.get(NAMES)
    assert page.status_code == 200 and "杨和幼儿园" in page.content.decode()
    kept = UnitName.objects.get()
    response = client.post(f"{NAMES}{kept.pk}/merge", {"unit": "永宁县杨和镇中心幼儿园"})
    assert response.status_code == 302

    demands = list(Demand.objects.order_by("pk"))
    assert [d.requester for d in demands] == ["杨和幼儿园", "杨和幼儿园"]  # the text survives
    assert {d.requester_unit for d in demands} == {kindergarten}
    counts = count_refusals_by_requester(yanghe_officer, LedgerFilter())
    assert [(c.code, c.count) for c in counts] == [("640121-YHYEY", 2)]
    kept.refresh_from_db()
    assert kept.merged_by == civil_affairs_admin and kept.text == "杨和幼儿园"
    # The next clerk who writes it so finds the unit at once.
    assert refuse(requester="杨和幼儿园").requester_unit == kindergarten


def test_a_clerk_cannot_merge_a_name(client, refuse, yanghe_clerk):
    refuse(requester="杨和幼儿园")
    kept = UnitName.objects.get()
    client.force_login(yanghe_clerk)
    assert client.get(NAMES).status_code == 403
    assert client.post(f"{NAMES}{kept.pk}/merge", {"unit": "640121-YH"}).status_code == 403
    kept.refresh_from_db()
    assert kept.unit is None and not Demand.objects.filter(requester_unit__isnull=False).exists()


def test_a_name_of_another_county_is_not_found(client, county, civil_affairs_admin):
    import_regions(actor=None, rows=[RegionRow("640122", "贺兰县", "6401")])
    elsewhere = UnitName.objects.create(
        region=Region.objects.get(code="640122"),
        text="贺兰县某公司",
        key="贺兰县某公司",
        created_at=timezone.now(),
    )
    client.force_login(civil_affairs_admin)
    response = client.post(f"{NAMES}{elsewhere.pk}/merge", {"unit": "640121-YH"})
    assert response.status_code == 404
    assert "贺兰县某公司" not in client.get(NAMES).content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.unit is None


@pytest.mark.parametrize(
    ("unit", "says"), [("", "请选择要归并到的单位"), ("没有的单位", "单位库中没有“没有的单位”")]
)
def test_a_merge_into_no_known_unit_is_refused_beside_the_name(
    client, refuse, civil_affairs_admin, unit, says
):
    refuse(requester="杨和幼儿园")
    kept = UnitName.objects.get()
    client.force_login(civil_affairs_admin)
    before = AuditEntry.objects.count()
    response = client.post(f"{NAMES}{kept.pk}/merge", {"unit": unit})
    assert response.status_code == 422
    assert says in response.content.decode()
    kept.refresh_from_db()
    assert kept.unit is None and AuditEntry.objects.count() == before


def test_the_suggest_endpoint_finds_a_unit_by_pinyin_initials(client, yanghe_clerk):
    client.force_login(yanghe_clerk)
    response = client.get("/staff/units/suggest", {"q": "yhpcs"})
    assert response.status_code == 200
    assert response.json()["units"][0] == {"code": STATION, "name": "永宁县公安局杨和派出所"}


def test_a_department_officer_cannot_use_the_suggest_endpoint(client, police_officer):
    client.force_login(police_officer)
    assert client.get("/staff/units/suggest", {"q": "yhpcs"}).status_code == 403


def test_the_refusal_forms_offer_the_registered_units_without_javascript(
    client, catalogue, yanghe_clerk
):
    client.force_login(yanghe_clerk)
    page = client.get("/staff/certificates/refusals/new/").content.decode()
    assert 'list="requester-units"' in page
    assert '<option value="永宁县公安局杨和派出所" label="ynxgajyhpcs' in page
    notice = client.get("/staff/certificates/issue/", {"item": "单身证明"}).content.decode()
    assert '<datalist id="requester-units">' in notice


@pytest.mark.pdf
def test_asking_to_issue_a_keyboard_mash_records_no_refusal(issue):
    with pytest.raises(RuleViolation) as refused:
        issue(item="asdfgh")
    assert "证明名称" in refused.value.fields["item"]
    assert not Demand.objects.exists()


@pytest.mark.pdf
def test_a_hand_over_must_name_a_real_entity_that_insists(issue):
    handover = {"reason": "entity_demand", "requester": "asdfgh"}
    with pytest.raises(RuleViolation) as refused:
        issue(
            item="GJ1-10",
            facts={
                "holder_name": "马小花",
                "holder_id_number": "640121199003071232",
                "fact": "健在",
            },
            handover={**handover, "within_duties": True, "verifiable": True},
        )
    assert "要求出具的单位" in refused.value.fields["handover.requester"]
    assert not Demand.objects.exists()
