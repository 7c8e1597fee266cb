import datetime as dt

import pytest
import time_machine

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.core import workdays
from jianzheng.core.apps import load_calendar
from jianzheng.regions.models import Unit
from jianzheng.workitems.reference import load_work_items
from jianzheng.workitems.services import submit_request

# Tuesday 1 September 2026, 10:00 in 永宁县 (UTC+8), with the 2026 holiday notice loaded.
START = dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC)


def person(username, unit, role, full_name):
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
def clock():
    traveller = time_machine.travel(START, tick=False)
    shift = traveller.start()
    yield shift
    traveller.stop()


@pytest.fixture
def calendar(db):
    workdays.forget_cached_calendar()
    load_calendar(demo=False)
    workdays.forget_cached_calendar()
    yield
    workdays.forget_cached_calendar()


@pytest.fixture
def lists(county, calendar, clock):
    """The preloaded lists: duty and assistance examples on 宁夏's, the seed's negatives on 永宁县's."""
    load_work_items(demo=True)


@pytest.fixture
def zzb_admin(county):
    """组织部 admin: co-signs approvals where the county configures it."""
    return person("zzb_admin", "640121-ZZB", Role.CIVIL_AFFAIRS_ADMIN, "组织部")


@pytest.fixture
def health_officer(county):
    """卫生健康局 officer: another department, which pushes surveys onto communities."""
    return person("health_officer", "640121-WJJ", Role.DEPARTMENT_OFFICER, "卫健")


TASK = {
    "kind": "task",
    "title": "社区独居老人居家安全入户走访",
    "reason": "冬季前掌握独居老人居家用火用电安全情况",
    "legal_basis": "《中华人民共和国老年人权益保障法》第四十七条",
    "hours_per_month": "6",
    "funding_amount": "3000",
    "funding_method": "协议签订后一次性拨付至社区账户",
    "term_start": "2026-09-15",
    "term_end": "2026-12-31",
}


def ask(actor, communities, **changes):
    return submit_request(actor=actor, communities=communities, **{**TASK, **changes})
