import pytest

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.regions.models import Unit
from jianzheng.sharing.reference import load_reference_facts
from jianzheng.sharing.services import ask_check

SUBJECT = {"subject_name": "马小花", "subject_id_number": "640121199003071232"}


@pytest.fixture
def facts(catalogue):
    load_reference_facts()


@pytest.fixture
def hrss_officer(county):
    """人社局 officer: a holder (就业登记与参保) and a requester, of nobody's checks here."""
    return create_user(
        actor=None,
        username="hrss_officer",
        password="correct-horse-9",
        unit=Unit.objects.get(code="640121-RSJ"),
        role=Role.DEPARTMENT_OFFICER,
        full_name="人社",
        validate=False,
    )


def residence_check(**overrides) -> dict:
    """公安 is asked whether 马小花 is registered where she says, instead of a 居（租）住证明."""
    values = {
        "holder": "640121-GAJ",
        "fact": "hukou-address",
        **SUBJECT,
        "particulars": {"address": "永宁县杨和镇示例路8号"},
        "purpose": "办理城乡居民最低生活保障申请",
        "case_number": "YHZ-2026-0012",
        "legal_basis": "《社会救助暂行办法》第十一条",
        "replaces_item": "YN-B03",
    }
    values.update(overrides)
    return values


@pytest.fixture
def ask(facts):
    """Ask as `actor` (杨和镇 by default in the tests); keyword overrides of residence_check()."""

    def _ask(actor, **overrides):
        return ask_check(actor=actor, **residence_check(**overrides))

    return _ask


def marital_check(**overrides) -> dict:
    values = {
        "holder": "640121-MZJ",
        "fact": "marital-status",
        **SUBJECT,
        "purpose": "办理公租房申请",
        "case_number": "GZF-2026-0301",
        "legal_basis": "《公共租赁住房管理办法》第七条",
        "replaces_item": "GJ1-08",
    }
    values.update(overrides)
    return values
