"""A typed unit name finds its registered unit however it was written, and only then."""

import pytest

from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import AuditEntry
from jianzheng.regions.models import Region, Unit
from jianzheng.regions.reference import load_reference_regions
from jianzheng.regions.selectors import resolve_unit_name, suggest_units
from jianzheng.regions.services import (
    RegionRow,
    import_regions,
    link_unit_name,
    merge_unit_name,
)

STATION = "永宁县公安局杨和派出所"


@pytest.fixture
def yanghe_region(db):
    load_reference_regions(demo=True)
    return Region.objects.get(code="640121100001")


def code_of(text, region):
    unit = resolve_unit_name(text, region=region)
    return unit.code if unit else None


@pytest.mark.parametrize(
    "typed",
    [
        STATION,
        "杨和派出所",
        "杨和镇派出所",
        "宁夏永宁县公安局杨和派出所",
        " 杨和 派出所 ",
        "640121-GAJ-YH",
    ],
)
def test_every_way_of_writing_the_police_station_finds_it(yanghe_region, typed):
    assert code_of(typed, yanghe_region) == "640121-GAJ-YH"


def test_a_demo_units_label_is_not_part_of_its_name(yanghe_region):
    assert code_of("永宁县农村商业银行", yanghe_region) == "640121-YH"
    assert code_of("农村商业银行", yanghe_region) == "640121-YH"


@pytest.mark.parametrize(
    "typed", ["派出所", "银川市公安局", "贺兰县公安局杨和派出所", "某银行", ""]
)
def test_a_name_that_says_another_place_or_too_little_finds_no_unit(yanghe_region, typed):
    assert code_of(typed, yanghe_region) is None


def test_the_county_bureau_is_not_mistaken_for_its_station(yanghe_region):
    assert code_of("永宁县公安局", yanghe_region) == "640121-GAJ"
    assert code_of("公安局", yanghe_region) == "640121-GAJ"


def test_an_unknown_name_is_kept_once_per_way_of_writing_it(yanghe_region):
    first = link_unit_name("杨和镇示例幼儿园", region=yanghe_region)
    again = link_unit_name("杨和镇示例幼儿园 ", region=yanghe_region)
    assert first.unit is None and first.name == again.name
    assert first.name.text == "杨和镇示例幼儿园"
    assert first.name.region.code == "640121"  # kept for the county, not the community


def test_a_merged_name_teaches_the_registry(yanghe_region, django_user_model):
    kept = link_unit_name("杨和小学", region=yanghe_region).name
    school = Unit.objects.create(
        code="640121-YHXX",
        name="永宁县杨和镇中心学校",
        kind=Unit.Kind.DEPARTMENT,
        region=yanghe_region.parent,
    )
    before = AuditEntry.objects.count()
    merge_unit_name(actor=None, name=kept, into=school)
    kept.refresh_from_db()
    assert kept.unit == school and kept.text == "杨和小学" and kept.merged_at is not None
    assert code_of("杨和小学", yanghe_region) == school.code
    entry = AuditEntry.objects.get(pk=before + 1)
    assert entry.action == "unit_name.merged" and entry.summary["into"] == "640121-YHXX"


def test_a_name_kept_in_one_county_does_not_name_a_unit_in_another(yanghe_region):
    import_regions(
        actor=None,
        rows=[RegionRow("640122", "贺兰县", "6401"), RegionRow("640122100", "习岗镇", "640122")],
    )
    kept = link_unit_name("派出所", region=yanghe_region).name
    merge_unit_name(actor=None, name=kept, into=Unit.objects.get(code="640121-GAJ-YH"))
    elsewhere = Region.objects.get(code="640122100")
    assert code_of("派出所", elsewhere) is None
    assert link_unit_name("派出所", region=elsewhere).name != kept


def test_type_ahead_finds_a_unit_by_pinyin_initials_full_pinyin_and_a_part_of_its_name(
    yanghe_region,
):
    assert [o.code for o in suggest_units("yhpcs", region=yanghe_region)][:1] == ["640121-GAJ-YH"]
    assert "640121-GAJ-YH" in [o.code for o in suggest_units("ynxgaj", region=yanghe_region)]
    assert "640121-MZJ" in [o.code for o in suggest_units("minzheng", region=yanghe_region)]
    assert [o.name for o in suggest_units("派出所", region=yanghe_region)] == [STATION]
    assert suggest_units("", region=yanghe_region) == []


def test_merging_into_the_unit_it_already_names_is_refused(yanghe_region):
    kept = link_unit_name("杨和卫生院", region=yanghe_region).name
    unit = Unit.objects.get(code="640121-WJJ")
    merge_unit_name(actor=None, name=kept, into=unit)
    before = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as refused:
        merge_unit_name(actor=None, name=kept, into=unit)
    assert refused.value.fields == {"unit": "“杨和卫生院”已归并到永宁县卫生健康局"}
    assert AuditEntry.objects.count() == before
