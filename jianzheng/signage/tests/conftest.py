import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jianzheng.core import workdays
from jianzheng.core.apps import load_calendar
from jianzheng.core.tests.test_uploads import jpeg_with_gps
from jianzheng.signage.services import create_venue, record_plaque

# Tuesday 1 September 2026, 10:00 in 永宁县 (UTC+8), with the 2026 holiday notice loaded.
START = dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC)

COMPLIANT = [
    ("door_side", "vertical", "中共永宁县杨和镇杨和第一社区委员会"),
    ("door_side", "vertical", "永宁县杨和镇杨和第一社区居民委员会"),
    ("door_side", "vertical", "永宁县杨和镇杨和第一社区服务站"),
    ("door_header", "horizontal", "中国社区"),
    ("door_header", "horizontal", "党群服务中心"),
    ("door_wall", "vertical", "社区(村)服务工作机构引导牌"),
]


def photo(name="after.jpg"):
    return SimpleUploadedFile(name, jpeg_with_gps(), content_type="image/jpeg")


def png(name="photo.png"):
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 90, 0)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def clock():
    traveller = time_machine.travel(START, tick=False)
    shift = traveller.start()
    yield shift
    traveller.stop()


@pytest.fixture
def calendar(db, clock):
    workdays.forget_cached_calendar()
    load_calendar(demo=False)
    workdays.forget_cached_calendar()
    yield
    workdays.forget_cached_calendar()


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def plaque(clerk, venue, position, orientation, text, **extra):
    return record_plaque(
        actor=clerk,
        venue=venue,
        position=position,
        orientation=orientation,
        text=text,
        width_cm=extra.pop("width_cm", 60),
        height_cm=extra.pop("height_cm", 240),
        material="铝合金",
        **extra,
    )


@pytest.fixture
def venue(calendar, data_dir, yanghe, yanghe_clerk):
    """杨和第一社区's 党群服务中心 with exactly what the seed allows at its door."""
    made = create_venue(actor=yanghe_clerk, community=yanghe, name="党群服务中心")
    for position, orientation, text in COMPLIANT:
        plaque(yanghe_clerk, made, position, orientation, text)
    return made
