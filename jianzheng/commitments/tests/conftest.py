import pytest

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.commitments.reference import load_commitment_items
from jianzheng.commitments.services import make_commitment
from jianzheng.core import workdays
from jianzheng.core.apps import load_calendar
from jianzheng.regions.models import Unit

# A valid GB 11643 number (check digit right), and a second person.
APPLICANT = {
    "applicant_name": "马小花",
    "applicant_id_number": "640121199003071232",
    "applicant_phone": "13800000001",
}
OTHER_ID = "64012119850505231X"


def _person(username, unit, role, full_name):
    return create_user(
        actor=None,
        username=username,
        password="correct-horse-9",
        unit=Unit.objects.get(code=unit),
        role=role,
        full_name=full_name,
        validate=False,
    )


@pytest.fixture
def calendar(db):
    workdays.forget_cached_calendar()
    load_calendar(demo=False)
    workdays.forget_cached_calendar()
    yield
    workdays.forget_cached_calendar()


@pytest.fixture
def items(catalogue, keys, calendar):
    """GJ1-19 (市场主体住所证明, decided by 审批服务管理局) and GJ1-08 (婚姻状况证明, any department)
    marked for commitments through the catalogue's change route."""
    load_commitment_items(demo=True)


@pytest.fixture
def spj_officer(county):
    """审批服务管理局 officer: takes GJ1-19 commitments at the counter, checks them afterwards."""
    return _person("spj_officer", "640121-SPJ", Role.DEPARTMENT_OFFICER, "审批")


@pytest.fixture
def credit_officer(county):
    """发改局 credit officer: keeps credit records; reads no commitment's particulars."""
    return _person("credit_officer", "640121-FGJ", Role.CREDIT_OFFICER, "发改")


@pytest.fixture
def helan_credit_officer(helan):
    return _person("helan_credit", "640122-MZJ", Role.CREDIT_OFFICER, "贺兰发改")


def commitment_values(**overrides) -> dict:
    values = {
        "item": "GJ1-19",
        "department": "640121-SPJ",
        "case_number": "SPJ-2026-0001",
        **APPLICANT,
        "clauses_accepted": [1, 2, 3, 4],
    }
    values.update(overrides)
    return values


@pytest.fixture
def commit(items):
    """An online commitment (actor None) unless an officer is given."""

    def _commit(actor=None, **overrides):
        values = commitment_values(**overrides)
        if actor is not None:
            values.setdefault("applicant_confirmed", True)
        return make_commitment(actor=actor, county=None if actor else _county(), **values)

    return _commit


def _county():
    from jianzheng.regions.models import Region

    return Region.objects.get(code="640121")
