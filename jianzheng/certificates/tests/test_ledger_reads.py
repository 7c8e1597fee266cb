"""A ledger page reads what it shows: its queries do not grow with its rows, and it opens no
certificate's sealed facts (only the holder's ID number, which every row shows, masked or not).

The opened columns are counted by wrapping core.pii.open_sealed with a counter that still calls
it: every value is really opened, as on a page in production, and the test sees which."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jianzheng.accounts.services import create_api_token
from jianzheng.core import pii
from jianzheng.core.pii import associated_data

# Issues certificates, so draws PDFs: skipped where no Chinese font is installed.
pytestmark = pytest.mark.pdf

API = "/api/v1/certificates"
PAGE = "/staff/certificates/"


@pytest.fixture
def opened(monkeypatch):
    """The associated data of every sealed value opened while the test runs."""
    seen: list[bytes] = []
    real = pii.open_sealed

    def counting(blob, aad, ring=None):
        seen.append(aad)
        return real(blob, aad, ring)

    monkeypatch.setattr(pii, "open_sealed", counting)
    return seen


def _api_reader(user) -> Client:
    return Client(headers={"authorization": f"Bearer {create_api_token(actor=None, user=user)[1]}"})


def _page_reader(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_ledger_costs_the_same_queries_for_two_rows_or_six(
    issue, yanghe_clerk, yanghe_officer, civil_affairs_admin
):
    users = (yanghe_clerk, yanghe_officer, civil_affairs_admin)
    readers = [(_api_reader(u), API) for u in users] + [(_page_reader(u), PAGE) for u in users]
    for _ in range(2):
        issue()
    for client, url in readers:  # a token's first use is recorded once: not a page's cost
        client.get(url)
    few = [_queries(client, url) for client, url in readers]
    for _ in range(4):
        issue()

    assert [_queries(client, url) for client, url in readers] == few


def test_a_listed_page_opens_no_facts_only_each_holders_id_number(
    issue, opened, yanghe_clerk, yanghe_officer
):
    serials = {issue().serial for _ in range(3)}
    facts = {associated_data("certificates_certificate", "facts", s) for s in serials}
    ids = {associated_data("certificates_certificate", "holder_id_number", s) for s in serials}

    for client, url in (
        (_api_reader(yanghe_clerk), API),  # the issuing clerk: in full
        (_api_reader(yanghe_officer), API),  # a township officer: masked
        (_page_reader(yanghe_clerk), PAGE),
        (_page_reader(yanghe_officer), PAGE),
    ):
        opened.clear()
        assert client.get(url).status_code == 200

        assert not facts & set(opened), url
        assert set(opened) == ids, url


def test_one_certificate_still_shows_its_facts(issue, opened, yanghe_officer):
    certificate = issue()
    client = _api_reader(yanghe_officer)

    answer = client.get(f"{API}/{certificate.serial}").json()

    assert answer["facts"]["address"] == "永宁县杨和镇示例路8号"
    assert associated_data("certificates_certificate", "facts", certificate.serial) in opened


def test_a_date_filtered_ledger_keeps_both_edge_days_in_local_time(issue, civil_affairs_admin):
    """The dates are local (Asia/Shanghai) days: a certificate issued five minutes after local
    midnight of the first day and one five minutes before local midnight of the last are in,
    the one five minutes before the first day is out, whatever the hour in UTC."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine

    from jianzheng.certificates.selectors import LedgerFilter, list_certificates

    zone = ZoneInfo("Asia/Shanghai")
    issued = {}
    for name, moment in {
        "before": dt.datetime(2027, 3, 31, 23, 55, tzinfo=zone),
        "first": dt.datetime(2027, 4, 1, 0, 5, tzinfo=zone),
        "last": dt.datetime(2027, 4, 30, 23, 55, tzinfo=zone),
        "after": dt.datetime(2027, 5, 1, 0, 5, tzinfo=zone),
    }.items():
        with time_machine.travel(moment, tick=False):
            issued[name] = issue().serial
    page = list_certificates(
        civil_affairs_admin,
        LedgerFilter(date_from=dt.date(2027, 4, 1), date_to=dt.date(2027, 4, 30)),
    )
    assert [c.serial for c in page.rows] == [issued["last"], issued["first"]]
