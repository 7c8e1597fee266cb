import pytest

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.catalogue.models import CertificateItem
from jianzheng.catalogue.selectors import get_item
from jianzheng.regions.models import Unit


@pytest.fixture
def residence(catalogue):
    return CertificateItem.objects.get(code="YN-B03")


@pytest.fixture
def alive(catalogue):
    return get_item("GJ1-10")


def new_item_payload(**overrides) -> dict:
    payload = {
        "code": "YN-B09",
        "name": "村民宅基地权属来源证明",
        "status": "retained",
        "requesting_units": ["自然资源部门"],
        "steps": ["申请", "查阅档案", "出具"],
        "time_limit_days": 5,
        "legal_bases": [
            {"title": "《中华人民共和国土地管理法》", "article": "第六十二条", "level": "law"}
        ],
        "template": {
            "title": "权属来源证明",
            "body": "兹证明{holder_name}（公民身份号码：{holder_id_number}）的宅基地来源于{source}。",
            "fields": [
                {"name": "holder_name", "label": "姓名", "type": "text", "required": True},
                {
                    "name": "holder_id_number",
                    "label": "公民身份号码",
                    "type": "id_number",
                    "required": True,
                },
                {"name": "source", "label": "来源", "type": "text", "required": True},
            ],
            "validity_days": 90,
        },
    }
    payload.update(overrides)
    return payload


def _person(username, unit_code, role, full_name):
    return create_user(
        actor=None,
        username=username,
        password="correct-horse-9",
        unit=Unit.objects.get(code=unit_code),
        role=role,
        full_name=full_name,
        validate=False,
    )


@pytest.fixture
def region_admin(county):
    """自治区民政厅 admin: keeps the region's list and records the region's approval of a
    county's new proof (三(四)); reviews no county's own changes."""
    return _region_admin()


def _region_admin():
    from django.contrib.auth import get_user_model

    from jianzheng.regions.models import Region

    found = get_user_model().objects.filter(username="region_admin").first()
    if found is not None:
        return found
    Unit.objects.get_or_create(
        code="64-MZT",
        defaults={
            "name": "宁夏回族自治区民政厅",
            "kind": Unit.Kind.DEPARTMENT,
            "region": Region.objects.get(code="64"),
        },
    )
    return _person("region_admin", "64-MZT", Role.CIVIL_AFFAIRS_ADMIN, "民政厅")


@pytest.fixture
def helan(catalogue):
    """贺兰县 640122 beside 永宁县, with one township, one community, its 民政局 and 公安局,
    and (demo) its own small list: 居（租）住证明 cancelled where 永宁县 retains it."""
    from jianzheng.catalogue.loading import load_reference_catalogue
    from jianzheng.regions.models import Region
    from jianzheng.regions.services import RegionRow, import_regions

    import_regions(
        actor=None,
        rows=[
            RegionRow("640122", "贺兰县", "6401"),
            RegionRow("640122100", "习岗镇", "640122"),
            RegionRow("640122100001", "示例社区·习岗第一社区", "640122100"),
        ],
        is_demo=True,
    )
    county = Region.objects.get(code="640122")
    for code, name in (("640122-MZJ", "贺兰县民政局"), ("640122-GAJ", "贺兰县公安局")):
        Unit.objects.get_or_create(
            code=code, defaults={"name": name, "kind": Unit.Kind.DEPARTMENT, "region": county}
        )
    load_reference_catalogue()
    return county


@pytest.fixture
def helan_admin(helan):
    """贺兰县民政局 admin: keeps 贺兰县's list only."""

    return _person("helan_admin", "640122-MZJ", Role.CIVIL_AFFAIRS_ADMIN, "贺兰甲")


@pytest.fixture
def helan_second_admin(helan):

    return _person("helan_second_admin", "640122-MZJ", Role.CIVIL_AFFAIRS_ADMIN, "贺兰乙")


def region_approves(change, note=""):
    """The region's approval of a county's new proof (三(四)), by the 自治区民政厅 admin."""
    from jianzheng.catalogue.services import approve_for_region

    return approve_for_region(actor=_region_admin(), change=change, approve=True, note=note)
