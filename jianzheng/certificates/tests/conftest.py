import pytest

from jianzheng.certificates.services import issue_certificate

RESIDENT = {"holder_name": "马小花", "holder_id_number": "640121199003071232"}
RESIDENCE_FACTS = {
    **RESIDENT,
    "gender": "男",  # 640121199003071232: odd sequence digit
    "address": "永宁县杨和镇示例路8号",
    "since": "2019-05-01",
    "tenure": "租住",
}
CHECKS = [{"method": "home_visit", "note": "2026年11月入户查看"}]


@pytest.fixture
def issue(catalogue, keys, yanghe_clerk, yanghe):
    """Issue a 居（租）住证明 for 马小花 at 杨和第一社区; keyword overrides."""

    def _issue(**overrides):
        values = {
            "actor": yanghe_clerk,
            "community": yanghe,
            "item": "YN-B03",
            "facts": dict(RESIDENCE_FACTS),
            "checks": CHECKS,
            "purpose": "办理居住证",
            "requester": "永宁县公安局杨和派出所",
        }
        values.update(overrides)
        return issue_certificate(**values)

    return _issue


# Two counties on one platform (catalogue/tests/conftest.py makes 贺兰县 and its list).
from jianzheng.catalogue.tests.conftest import helan, region_admin  # noqa: E402, F401
