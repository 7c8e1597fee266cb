"""Named people on a small two-township tree (杨和镇 and 李俊镇 of the demo county).

Each fixture is a user a test can talk about; the comment says what they may do. `county` is a
one-county deployment (永宁县); a test that asks for `helan` too gets the demo's second county,
贺兰县, and the people above both (region_admin, city_admin, region_auditor)."""

import os

import pytest

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.regions.models import Unit
from jianzheng.regions.reference import load_reference_regions

# The suite runs twice in CI, once per database (DATABASE_URL). What the second pass adds is the
# other database, so a test runs in the PostgreSQL pass only if it touches the suite's database
# (pytest-django's `django_db`) and is not a browser test. A test that makes its own databases
# in child processes (a backup restored into a fresh one, a writer killed mid-write) is marked
# with the passes it belongs to: `in_pass("sqlite")`, `in_pass("postgresql")`, or both for one
# that follows DATABASE_URL.
SUITE_DATABASE = (
    "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
)
PASSES = {
    "sqlite": "runs in the SQLite pass of the suite: make test",
    "postgresql": "runs in the PostgreSQL pass of the suite: "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make test",
}
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def _passes(item) -> tuple[str, ...]:
    marker = item.get_closest_marker("in_pass")
    if marker is not None:
        return marker.args
    if item.get_closest_marker("browser"):
        # What a page does in Chromium does not change with the database under it; the views'
        # and services' own tests run in both passes.
        return ("sqlite",)
    if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames):
        return ("sqlite", "postgresql")
    return ("sqlite",)


def pytest_collection_modifyitems(config, items):
    """In the PostgreSQL pass, leave out what never touches a database: the SQLite pass ran it."""
    if SUITE_DATABASE == "sqlite":
        return
    left = [
        item
        for item in items
        if not item.get_closest_marker("in_pass") and SUITE_DATABASE not in _passes(item)
    ]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = [item for item in items if item not in set(left)]


def pytest_runtest_setup(item):
    passes = _passes(item)
    if SUITE_DATABASE not in passes:
        pytest.skip(PASSES[passes[0]])


@pytest.fixture(autouse=True, scope="session")
def _api_answers_match_the_published_document():
    """Any /api/v1 answer a test gets that /api/v1/openapi.json does not declare fails that test."""
    from tests.openapi_contract import checking_test_clients

    with checking_test_clients():
        yield


@pytest.fixture(autouse=True)
def _no_request_budgets(settings):
    """The whole suite comes from one address; core/tests/test_throttle.py turns them on."""
    settings.THROTTLE_ENABLED = False


@pytest.fixture(autouse=True)
def _quick_holder_tags(settings):
    """scrypt at 1 MiB instead of 32: hundreds of tests issue papers. The production cost is
    asserted in documents/tests/test_holder_binding.py."""
    settings.HOLDER_KDF = (10, 8, 1)


TEST_PII_KEY = "pii-test:cGlpLXRlc3Qta2V5LW9mLXRoZS1zdWl0ZS0zMmJ5dGU="
# Also for what is built before any test's own fixtures run (the permission matrix's module-wide
# world, the server test_serve starts once): from the start of the session, and in the
# environment the suite's child processes inherit.
os.environ.setdefault("JIANZHENG_PII_KEY", TEST_PII_KEY)


@pytest.fixture(autouse=True, scope="session")
def _pii_key_for_the_session():
    from django.conf import settings

    settings.PII_KEY = TEST_PII_KEY


@pytest.fixture(autouse=True)
def _pii_key(settings, monkeypatch):
    """Personal data is sealed under a key-encryption key (core/pii.py); the suite's is fixed
    and given as a region's app servers get theirs (JIANZHENG_PII_KEY, which child processes
    inherit), so a test that moves DATA_DIR still reads what it wrote. core/tests/test_pii.py
    tests the key file, rotation and a lost key."""
    settings.PII_KEY = TEST_PII_KEY
    monkeypatch.setenv("JIANZHENG_PII_KEY", TEST_PII_KEY)


@pytest.fixture(autouse=True)
def _verification_rows_at_once(settings):
    """Tests read a verification's log row right after it: inserted before the answer. The
    journal that stores them later: documents/tests/test_verification_journal.py."""
    settings.VERIFICATION_LOG = "direct"
    # Serials repeat from test to test (each rolls back): never answer from another's memory.
    settings.VERIFY_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_search_index(settings):
    """Each test builds its own catalogue; never trust another test's index."""
    settings.SEARCH_INDEX_TTL = 0


@pytest.fixture
def county(db):
    load_reference_regions(demo=True, second_county=False)
    return Unit.objects.get(code="640121")


@pytest.fixture
def helan(county):
    """贺兰县: with it the deployment serves two counties of 银川市, each with its own list once
    the catalogue is loaded (the demo's: 贺兰县 cancels 居住证明, which 永宁县 retains)."""
    from jianzheng.catalogue.loading import load_reference_catalogue
    from jianzheng.catalogue.models import CatalogueVersion

    load_reference_regions(demo=True)
    if CatalogueVersion.objects.exists():
        load_reference_catalogue()  # adds 贺兰县's own list; never touches a loaded one
    return Unit.objects.get(code="640122")


@pytest.fixture
def xigang(helan):
    """习岗第一社区, a community of 贺兰县."""
    return Unit.objects.get(code="640122100001")


@pytest.fixture
def catalogue(county):
    """Version 1: the national first batch (cancelled) and the demo county's retained items."""
    from jianzheng.catalogue.loading import load_reference_catalogue

    return load_reference_catalogue()


@pytest.fixture
def keys(settings, tmp_path, county):
    """The demo county's signing key in a private data folder, as `jianzheng keys create` makes
    it; every other county of the data gets its own key too (as `jianzheng setup` does)."""
    from jianzheng.documents.services import create_signing_key, ensure_signing_keys

    settings.DATA_DIR = tmp_path
    key = create_signing_key(county=county.region, actor=None)
    ensure_signing_keys(actor=None)
    return key


@pytest.fixture
def yanghe(county):
    """杨和第一社区 (a community committee)."""
    return Unit.objects.get(code="640121100001")


@pytest.fixture
def lijun(county):
    """李俊第一社区, another township's community."""
    return Unit.objects.get(code="640121101001")


@pytest.fixture
def yanghe_town(county):
    return Unit.objects.get(code="640121100")


def _person(username, unit_code, role, full_name):
    return create_user(
        actor=None,
        username=username,
        password="correct-horse-9",
        unit=Unit.objects.get(code=unit_code),
        role=role,
        full_name=full_name,
        validate=False,
    )


@pytest.fixture
def yanghe_clerk(county):
    """Issues and refuses certificates for 杨和第一社区 only; proposes nothing."""
    return _person("yanghe_clerk", "640121100001", Role.COMMUNITY_CLERK, "王杨和")


@pytest.fixture
def lijun_clerk(county):
    """Clerk of 李俊第一社区: must never see 杨和's ledger."""
    return _person("lijun_clerk", "640121101001", Role.COMMUNITY_CLERK, "李俊英")


@pytest.fixture
def yanghe_officer(county):
    """杨和镇 officer: oversees 杨和镇's communities, not 李俊镇's."""
    return _person("yanghe_officer", "640121100", Role.TOWNSHIP_OFFICER, "赵镇")


@pytest.fixture
def police_officer(county):
    """公安局 officer: verifies certificates, may propose catalogue changes."""
    return _person("police_officer", "640121-GAJ", Role.DEPARTMENT_OFFICER, "公安")


@pytest.fixture
def civil_affairs_admin(county):
    """民政局 admin: reviews, approves and publishes catalogue changes county-wide."""
    return _person("civil_affairs_admin", "640121-MZJ", Role.CIVIL_AFFAIRS_ADMIN, "民政甲")


@pytest.fixture
def second_admin(county):
    """Another 民政局 admin: the four-eyes partner of civil_affairs_admin."""
    return _person("second_admin", "640121-MZJ", Role.CIVIL_AFFAIRS_ADMIN, "民政乙")


@pytest.fixture
def auditor(county):
    """纪检 auditor: reads everything, changes nothing."""
    return _person("auditor", "640121-DJJ", Role.AUDITOR, "督查")


@pytest.fixture
def xigang_clerk(helan):
    """Clerk of 习岗第一社区 in 贺兰县: nothing of 永宁县 is theirs."""
    return _person("xigang_clerk", "640122100001", Role.COMMUNITY_CLERK, "马习岗")


@pytest.fixture
def helan_admin(helan):
    """贺兰县民政局 admin: county-wide in 贺兰县, never in 永宁县 (404 there)."""
    return _person("helan_admin", "640122-MZJ", Role.CIVIL_AFFAIRS_ADMIN, "贺兰民政")


@pytest.fixture
def city_admin(helan):
    """银川市民政局 admin: the same role at the city's level, over both counties."""
    return _person("city_admin", "6401-MZJ", Role.CIVIL_AFFAIRS_ADMIN, "市民政甲")


@pytest.fixture
def region_admin(helan):
    """宁夏回族自治区民政厅 admin: the same role at the region's level, over every county."""
    return _person("region_admin", "64-MZT", Role.CIVIL_AFFAIRS_ADMIN, "民政厅甲")


@pytest.fixture
def region_auditor(helan):
    """民政厅 auditor: reads every county's ledger, changes nothing."""
    return _person("region_auditor", "64-MZT", Role.AUDITOR, "民政厅督查")
