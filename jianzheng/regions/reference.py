"""The demo county: 永宁县 (640121) with its nine township-level divisions
(国家统计局 2023年统计用区划代码), a few clearly-labelled demo communities, and the county units
the plan names as lead or cooperating units (永民发〔2020〕91号 二(一)–(七)); the region's and
the city's civil-affairs bodies above it; and, in the demo only, a second county of 银川市
(贺兰县 640122) so that one platform serving several counties can be tried."""

from django.db import transaction

from jianzheng.regions.models import Region, Unit
from jianzheng.regions.services import RegionRow, import_regions

COUNTY_CODE = "640121"

OFFICIAL_REGIONS = [
    RegionRow("64", "宁夏回族自治区", ""),
    RegionRow("6401", "银川市", "64"),
    RegionRow("640121", "永宁县", "6401"),
    RegionRow("640121001", "团结西路街道", "640121"),
    RegionRow("640121100", "杨和镇", "640121"),
    RegionRow("640121101", "李俊镇", "640121"),
    RegionRow("640121102", "望远镇", "640121"),
    RegionRow("640121103", "望洪镇", "640121"),
    RegionRow("640121104", "闽宁镇", "640121"),
    RegionRow("640121200", "胜利乡", "640121"),
    RegionRow("640121400", "黄羊滩农场", "640121"),
    RegionRow("640121401", "玉泉营农场", "640121"),
]

# Real 12-digit names were not found in public sources: these are demo communities (示例社区).
DEMO_COMMUNITIES = [
    RegionRow("640121001001", "示例社区·团结西路第一社区", "640121001"),
    RegionRow("640121001002", "示例社区·团结西路第二社区", "640121001"),
    RegionRow("640121100001", "示例社区·杨和第一社区", "640121100"),
    RegionRow("640121100201", "示例村·杨和镇示例村", "640121100"),
    RegionRow("640121101001", "示例社区·李俊第一社区", "640121101"),
    RegionRow("640121104201", "示例村·闽宁镇示例村", "640121104"),
]

# (code, name, kind): county units; codes are "<county code>-<short name>".
COUNTY_UNITS = [
    ("640121-ZZB", "中共永宁县委组织部", Unit.Kind.DEPARTMENT),
    ("640121-MZJ", "永宁县民政局", Unit.Kind.DEPARTMENT),
    ("640121-SFJ", "永宁县司法局", Unit.Kind.DEPARTMENT),
    ("640121-SPJ", "永宁县审批服务管理局", Unit.Kind.DEPARTMENT),
    ("640121-BB", "中共永宁县委机构编制委员会办公室", Unit.Kind.DEPARTMENT),
    ("640121-FGJ", "永宁县发展和改革局", Unit.Kind.DEPARTMENT),
    ("640121-GAJ", "永宁县公安局", Unit.Kind.DEPARTMENT),
    # Police stations ask for proofs most often; 杨和's stands for the rest in the demo.
    ("640121-GAJ-YH", "永宁县公安局杨和派出所", Unit.Kind.DEPARTMENT),
    ("640121-WJJ", "永宁县卫生健康局", Unit.Kind.DEPARTMENT),
    ("640121-RSJ", "永宁县人力资源和社会保障局", Unit.Kind.DEPARTMENT),
    ("640121-ZRJ", "永宁县自然资源局", Unit.Kind.DEPARTMENT),
    ("640121-DJJ", "永宁县纪委监委", Unit.Kind.DEPARTMENT),
    ("640121-SW", "示例企业·永宁县供水公司", Unit.Kind.ENTERPRISE),
    ("640121-GD", "示例企业·国网永宁县供电公司", Unit.Kind.ENTERPRISE),
    ("640121-YH", "示例企业·永宁县农村商业银行", Unit.Kind.ENTERPRISE),
]


# (code, name, region code): the bodies above the counties whose staff act over a subtree
# (region and city scope levels: accounts.permissions.scope_region).
UPPER_UNITS = [
    ("64-MZT", "宁夏回族自治区民政厅", "64"),
    ("6401-MZJ", "银川市民政局", "6401"),
]

# The demo's second county. The township codes and names are those of the 2023 统计用区划代码 as
# we know them, but they are not in /work/shared/reference, so the whole county is marked demo
# (is_demo) and loaded only with the demo, as are its communities (示例社区).
SECOND_COUNTY_CODE = "640122"
SECOND_COUNTY = [
    RegionRow("640122", "贺兰县", "6401"),
    RegionRow("640122100", "习岗镇", "640122"),
    RegionRow("640122101", "金贵镇", "640122"),
    RegionRow("640122102", "立岗镇", "640122"),
    RegionRow("640122100001", "示例社区·习岗第一社区", "640122100"),
    RegionRow("640122101201", "示例村·金贵镇示例村", "640122101"),
]
SECOND_COUNTY_UNITS = [
    ("640122-MZJ", "贺兰县民政局", Unit.Kind.DEPARTMENT),
    ("640122-GAJ", "贺兰县公安局", Unit.Kind.DEPARTMENT),
]


def _units(rows, region: Region) -> None:
    for code, name, kind in rows:
        Unit.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "region": region}
        )


@transaction.atomic
def load_reference_regions(*, actor=None, demo: bool = True, second_county: bool = True) -> None:
    """Idempotent: re-running changes nothing that is already there. The demo brings 贺兰县 too
    unless `second_county` is False (tests of a one-county deployment)."""
    import_regions(actor=actor, rows=OFFICIAL_REGIONS)
    for code, name, region_code in UPPER_UNITS:
        _units([(code, name, Unit.Kind.DEPARTMENT)], Region.objects.get(code=region_code))
    if demo:
        import_regions(actor=actor, rows=DEMO_COMMUNITIES, is_demo=True)
    _units(COUNTY_UNITS, Region.objects.get(code=COUNTY_CODE))
    if demo and second_county:
        # Township governments and community committees come with the regions, as for 永宁县.
        import_regions(actor=actor, rows=SECOND_COUNTY, is_demo=True)
        _units(SECOND_COUNTY_UNITS, Region.objects.get(code=SECOND_COUNTY_CODE))
