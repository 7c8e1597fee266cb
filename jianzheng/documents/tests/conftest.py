from datetime import date

import pytest

from jianzheng.documents.services import (
    create_signing_key,
    prepare_document,
    register_document,
)

HOLDER_NAME = "张小三"
HOLDER_ID = "64012119900101123x"


@pytest.fixture
def data_dir(settings, tmp_path):
    """Keys go to a private folder per test."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def signing_key(data_dir, county):
    """The demo county's key (永宁县, 640121)."""
    return create_signing_key(county=county.region, actor=None)


@pytest.fixture
def sign(signing_key, yanghe_clerk, yanghe):
    """Sign a residence-proof-like document for 杨和第一社区; keyword overrides."""
    counter = iter(range(1, 1000))

    def _sign(actor=yanghe_clerk, **overrides):
        values = {
            "kind": "certificate",
            "serial": f"640121100001-2026-{next(counter):06d}",
            "issuer": yanghe,
            "subject_code": "JZ-001",
            "issued_on": date(2026, 11, 26),
            "valid_until": date(2099, 5, 26),
            "holder_name": HOLDER_NAME,
            "holder_id_number": HOLDER_ID,
            "facts": {"holder_name": HOLDER_NAME, "holder_id_number": HOLDER_ID},
        }
        values.update(overrides)
        return register_document(actor=actor, prepared=prepare_document(**values))

    return _sign


@pytest.fixture
def helan(county):
    """A second county beside the demo one: 贺兰县 (640122) under 银川市, with a township and
    a community, whose committee the import makes (kept as it is if the demo data has it)."""
    from jianzheng.regions.models import Unit
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
    return Unit.objects.select_related("region__parent__parent").get(code="640122100001")


@pytest.fixture
def helan_county(helan):
    return helan.region.parent.parent
