import datetime as dt

import pytest
import time_machine

from jianzheng.core import workdays
from jianzheng.core.apps import load_calendar

# Thursday 3 December 2026, 10:00 in 永宁县, with the 2026 holiday notice loaded.
THURSDAY = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# Shared scenes from the apps below (a certificate issued, a complaint filed, a commitment made).
from jianzheng.certificates.tests.conftest import issue  # noqa: E402, F401
from jianzheng.commitments.tests.conftest import commit, items  # noqa: E402, F401
from jianzheng.complaints.tests.conftest import data_dir, submit  # noqa: E402, F401


@pytest.fixture(autouse=True)
def clock():
    """Every evaluation test lives on THURSDAY, its set-up too."""
    with time_machine.travel(THURSDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def calendar(db):
    workdays.forget_cached_calendar()
    load_calendar(demo=False)
    workdays.forget_cached_calendar()
    yield
    workdays.forget_cached_calendar()


@pytest.fixture
def certificate(issue, calendar):  # noqa: F811
    """马小花's 居住证明 from 杨和第一社区, with the check code printed on it."""
    return issue()
