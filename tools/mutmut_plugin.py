"""pytest plugin for `make mutants` only (loaded with `-p tools.mutmut_plugin` from
[tool.mutmut] pytest_add_cli_args); the normal suite never loads it.

mutmut runs, for every mutant, each test that reached the mutated function and stops at the first
failure. So that a mutant dies at its first test, the focused tests run before the broad ones,
and the personas' passwords are hashed cheaply: a mutant run is mostly fixture set-up, and the
production hasher's 10⁶ PBKDF2 rounds per persona were most of that."""

import pytest

# Earlier entries run first; a test file not listed runs last, in its usual order.
ORDER = (
    "_guards.py",
    "core/tests/test_idnumber.py",
    "accounts/tests/test_permissions.py",
    "catalogue/tests/test_importexport.py",
    "certificates/tests/test_services.py",
    "catalogue/tests/test_services.py",
)


def _rank(item) -> int:
    path = item.nodeid.split("::", 1)[0]
    return next((i for i, part in enumerate(ORDER) if path.endswith(part)), len(ORDER))


def pytest_collection_modifyitems(items):
    items.sort(key=_rank)  # stable: within a file, the usual order


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    """While mutmut maps tests to functions, a function counts as reached by a test only when the
    test's own body calls it, not the fixtures: every database test loads the reference catalogue,
    so otherwise each mutant of the payload checks would run every test of the selection."""
    try:
        from mutmut.state import state
    except ImportError:
        return
    state()._stats.clear()
