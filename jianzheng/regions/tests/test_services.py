"""The region tree: import from CSV, all or nothing, and the units that come with it."""

import pytest

from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import AuditEntry
from jianzheng.regions.models import Region, Unit
from jianzheng.regions.reference import load_reference_regions
from jianzheng.regions.selectors import counties
from jianzheng.regions.services import RegionRow, import_regions, parse_region_csv


def test_a_header_row_and_blank_lines_are_skipped():
    rows = parse_region_csv("\ufeff代码,名称,上级代码\n\n640121100002,杨和第二社区,640121100\n")
    assert rows == [RegionRow("640121100002", "杨和第二社区", "640121100")]


def test_every_bad_row_is_named_by_its_number():
    text = (
        "640121100002,杨和第二社区,640121100\n"
        "6401211000,长度不对,640121100\n"
        "640121100003,,640121100\n"
        "640121100004,上级不符,640121101\n"
        "640121100005\n"
    )
    with pytest.raises(RuleViolation) as caught:
        parse_region_csv(text)
    assert set(caught.value.fields) == {"第2行.代码", "第3行.名称", "第4行.上级代码", "第5行"}


def test_imported_communities_hang_under_their_township_with_a_committee(county):
    import_regions(
        actor=None,
        rows=[
            RegionRow("640121100099", "杨和新社区", "640121100"),
            RegionRow("640121100098", "杨和新村委会", "640121100"),
        ],
    )
    region = Region.objects.get(code="640121100099")
    assert region.level == Region.Level.COMMUNITY
    assert region.path == "/64/6401/640121/640121100/640121100099/"
    unit = Unit.objects.get(code="640121100099")
    assert unit.name == "杨和新社区居民委员会"
    assert unit.region == region
    assert Unit.objects.get(code="640121100098").name == "杨和新村委会"


def test_a_parent_may_come_later_in_the_same_file(db):
    import_regions(
        actor=None,
        rows=[RegionRow("640121100001", "社区", "640121100"), RegionRow("640121100", "镇", "")],
    )
    assert Region.objects.get(code="640121100001").parent.code == "640121100"


def test_one_row_with_an_unknown_parent_imports_nothing(county):
    before = (Region.objects.count(), Unit.objects.count(), AuditEntry.objects.count())
    with pytest.raises(RuleViolation) as caught:
        import_regions(
            actor=None,
            rows=[
                RegionRow("640121100099", "杨和新社区", "640121100"),
                RegionRow("640121999001", "孤村", "640121999"),
            ],
        )
    assert "640121999001" in caught.value.fields
    assert (Region.objects.count(), Unit.objects.count(), AuditEntry.objects.count()) == before


def test_a_renamed_region_keeps_its_place_and_the_rename_is_audited(county):
    import_regions(actor=None, rows=[RegionRow("640121100001", "杨和第一社区", "640121100")])
    region = Region.objects.get(code="640121100001")
    assert region.name == "杨和第一社区" and region.path.endswith("/640121100/640121100001/")
    assert AuditEntry.objects.filter(action="regions.imported").last().summary["changed"] == 1


def test_loading_the_reference_regions_again_changes_nothing_and_logs_nothing(helan):
    before = (Region.objects.count(), Unit.objects.count(), AuditEntry.objects.count())
    load_reference_regions(demo=True)
    assert (Region.objects.count(), Unit.objects.count(), AuditEntry.objects.count()) == before


def test_the_demo_serves_two_counties_of_yinchuan_with_civil_affairs_above_them(helan):
    assert [c.code for c in counties()] == ["640121", "640122"]
    xigang = Region.objects.get(code="640122100001")
    assert xigang.path == "/64/6401/640122/640122100/640122100001/" and xigang.is_demo
    # Not in our reference copy of the 统计用区划代码: the whole county is demo data.
    assert Region.objects.filter(path__startswith="/64/6401/640122/", is_demo=False).count() == 0
    units = dict(Unit.objects.values_list("code", "region__code"))
    assert units["64-MZT"] == "64" and units["6401-MZJ"] == "6401"
    assert units["640122-MZJ"] == units["640122-GAJ"] == "640122"
    committee = Unit.objects.get(code="640122101201")
    assert (committee.kind, committee.name) == (
        Unit.Kind.COMMUNITY,
        "示例村·金贵镇示例村村民委员会",
    )


def test_without_demo_no_demo_community_is_loaded(db):
    load_reference_regions(demo=False)
    assert Region.objects.filter(code="640121100").exists()
    assert not Region.objects.filter(is_demo=True).exists()
    assert not Unit.objects.filter(kind=Unit.Kind.COMMUNITY).exists()
    assert [c.code for c in counties()] == ["640121"]
