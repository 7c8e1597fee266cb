import datetime as dt

import pytest
import time_machine

from jianzheng.campaign.models import Campaign
from jianzheng.campaign.reference import SEED_CODE
from jianzheng.campaign.services import load_seed_campaign

# 10 October 2020, 10:00 in 永宁县: inside 三(三), after 三(二) ended.
OCTOBER = dt.datetime(2020, 10, 10, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def october():
    traveller = time_machine.travel(OCTOBER, tick=False)
    traveller.start()
    yield
    traveller.stop()


@pytest.fixture
def plan(county):
    load_seed_campaign(demo=True)
    return Campaign.objects.get(code=SEED_CODE)
