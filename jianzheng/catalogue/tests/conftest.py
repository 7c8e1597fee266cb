import pytest

from jianzheng.catalogue.models import CertificateItem
from jianzheng.catalogue.reference import load_reference_catalogue


@pytest.fixture
def catalogue(county):
    """Version 1: the national first batch (cancelled) and the demo county's retained items."""
    return load_reference_catalogue()


@pytest.fixture
def residence(catalogue):
    return CertificateItem.objects.get(code="YN-B03")


@pytest.fixture
def alive(catalogue):
    return CertificateItem.objects.get(name="健在证明")


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
    }
    payload.update(overrides)
    return payload
