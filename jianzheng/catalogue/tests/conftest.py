import pytest

from jianzheng.catalogue.models import CertificateItem


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
