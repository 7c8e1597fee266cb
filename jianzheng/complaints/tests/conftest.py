import datetime as dt

import pytest
import time_machine

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.complaints.services import submit_complaint
from jianzheng.regions.models import Unit

# A Thursday: 2 working days later is the Monday after.
THURSDAY = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def clock():
    """Every complaints test lives on THURSDAY, its fixtures too: a catalogue published at set-up
    on the real day would not yet be in force on a frozen day before it."""
    with time_machine.travel(THURSDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def hrss_officer(county):
    """人社局 officer: accused of nothing here, so sees no complaint."""
    return create_user(
        actor=None,
        username="hrss_officer",
        password="correct-horse-9",
        unit=Unit.objects.get(code="640121-RSJ"),
        role=Role.DEPARTMENT_OFFICER,
        full_name="人社",
        validate=False,
    )


def report(**overrides) -> dict:
    """永宁县公安局 asked a resident for a 健在证明 (cancelled, GJ1-10) on 1 December."""
    values = {
        "unit": "640121-GAJ",
        "item": "GJ1-10",
        "date": "2026-12-01",
        "place": "永宁县公安局户籍窗口",
        "description": "办理户口迁移时，窗口要求到社区开具健在证明，否则不予办理。",
        "contact_email": "ma@example.com",
    }
    values.update(overrides)
    return values


@pytest.fixture
def submit(catalogue, data_dir):
    def _submit(**overrides):
        from jianzheng.regions.models import Region

        county = Region.objects.get(code="640121")
        return submit_complaint(county=county, **report(**overrides))

    return _submit
