"""The census and the dashboard count what the ledger holds, scoped to the viewer."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from jianzheng.certificates import rollup
from jianzheng.certificates.demands import refuse_at_desk
from jianzheng.certificates.models import Certificate, Demand, LedgerRollup
from jianzheng.certificates.services import revoke_certificate
from jianzheng.regions.models import Region
from jianzheng.reporting import census, panels
from jianzheng.reporting.ledger import _direct, _from_rollup
from jianzheng.reporting.scope import Period

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


@pytest.fixture
def ledger(issue, yanghe_clerk, yanghe, civil_affairs_admin):
    first = issue()
    issue()
    revoke_certificate(
        actor=civil_affairs_admin, certificate=first, category="wrong_information", reason="填错"
    )
    refuse_at_desk(
        actor=yanghe_clerk,
        community=yanghe,
        item="无犯罪记录证明",
        requester="示例企业·永宁县农村商业银行",
    )
    return first


def test_the_issued_census_equals_direct_counts_of_the_ledger(ledger, yanghe):
    county = Region.objects.get(code="640121")
    table = census.issued_census(county, Period(None, None))
    issued = sum(r[4] for r in table.rows)
    revoked = sum(r[5] for r in table.rows)
    refused = sum(r[7] for r in table.rows)
    assert issued == Certificate.objects.filter(community=yanghe).count() == 2
    assert revoked == Certificate.objects.filter(document__revoked_at__isnull=False).count() == 1
    assert refused == Demand.objects.filter(outcome="refused").count() == 1
    row = next(r for r in table.rows if r[4])
    assert row[1] == yanghe.name and row[8] != "—" and "统一式样" in row[9]
    # A period of whole months reads the rollup, any other the ledger: the same numbers.
    today = dt.date.today()
    month = Period(today.replace(day=1), None)
    assert sorted(_from_rollup(county, month), key=str) == sorted(_direct(county, month), key=str)
    assert rollup.verify() == []


def test_the_census_downloads_as_a_spreadsheet_and_a_printable_pdf(
    ledger, client, civil_affairs_admin
):
    client.force_login(civil_affairs_admin)
    answer = client.get("/staff/reporting/census/issued.xlsx", {"scope": "640121"})
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("乡镇（街道）", "村（社区）", "证明事项代码", "证明事项", "出具数量")
    assert sum(r[4] for r in rows[1:]) == 2
    paper = client.get("/staff/reporting/census/issued.pdf", {"scope": "640121"})
    assert paper.status_code == 200 and paper.content.startswith(b"%PDF-")
    legal = client.get("/staff/reporting/census/legal-bases.xlsx", {"scope": "640121"})
    assert legal.status_code == 200


def test_the_legal_bases_census_lists_each_basis_with_the_proofs_it_requires(catalogue):
    county = Region.objects.get(code="640121")
    table = census.legal_bases_census(county)
    assert table.rows and {r[5] for r in table.rows} == {"保留", "取消"}


def test_every_panel_counts_only_the_viewers_subtree(ledger, client, yanghe_officer, lijun_clerk):
    client.force_login(lijun_clerk)  # 李俊第一社区 issued nothing
    page = client.get("/staff/reporting/")
    assert page.status_code == 200 and "本期间没有记录" in page.content.decode()
    own = Region.objects.get(code="640121101001")
    for shown in panels.build_panels(lijun_clerk, own, Period(None, None)):
        assert shown.total == 0, shown.spec.key
    county = Region.objects.get(code="640121")
    totals = {s.spec.key: s.total for s in panels.build_panels(None, county, Period(None, None))}
    assert totals["certificates_month"] == 2 and totals["refusals_unit"] == 1
    # Out of the viewer's subtree: 404, as for nothing at all.
    assert client.get("/staff/reporting/", {"scope": "640121100001"}).status_code == 404
    client.force_login(yanghe_officer)
    table_view = client.get("/staff/reporting/", {"view": "table"})
    assert table_view.status_code == 200 and "<table" in table_view.content.decode()
    assert client.get("/staff/reporting/panels/certificates_item.xlsx").status_code == 200


def test_the_rollup_is_rebuilt_from_the_ledger_to_the_same_numbers(ledger):
    before = rollup.rollup_counts()
    assert LedgerRollup.objects.exists()
    rollup.rebuild()
    assert rollup.rollup_counts() == before == rollup.direct_counts()


def test_audit_verify_reports_a_rollup_count_that_differs_from_the_ledger(ledger):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("audit", "verify", stdout=io.StringIO())  # holds: the rollup is the ledger's
    kept = LedgerRollup.objects.filter(issued__gt=0).first()
    LedgerRollup.objects.filter(pk=kept.pk).update(issued=kept.issued + 5)
    with pytest.raises(CommandError, match="台账汇总与台账不符") as refused:
        call_command("audit", "verify", stdout=io.StringIO())
    assert "第 0 条" not in str(refused.value)


def test_a_period_of_part_months_counts_the_same_as_the_ledger_itself(ledger):
    from jianzheng.reporting.ledger import ledger_counts

    county = Region.objects.get(code="640121")
    today = dt.date.today()
    for period in (
        Period(today - dt.timedelta(days=40), today),
        Period(today - dt.timedelta(days=400), today + dt.timedelta(days=3)),
        Period(None, today),
        Period(today, None),
    ):
        mixed = ledger_counts(county, period)
        direct = _direct(county, period)
        for name in ("issued", "revoked", "refused"):
            assert sum(getattr(c, name) for c in mixed) == sum(getattr(c, name) for c in direct)
        assert sum(c.issued for c in mixed) == 2


def test_the_revoked_in_part_months_are_those_issued_on_their_days_and_revoked_since(
    issue, civil_affairs_admin
):
    """A census from 15 March to 20 May counts, of the part-months, only the papers issued on
    those days: revoked later (in June) still counts on its day of issue; a paper revoked from
    10 March or 25 May, outside the period but in its months, does not."""
    from zoneinfo import ZoneInfo

    import time_machine

    from jianzheng.reporting.ledger import ledger_counts

    zone = ZoneInfo("Asia/Shanghai")
    papers = {}
    for day in ("03-10", "03-20", "04-10", "05-05", "05-25"):
        moment = dt.datetime.fromisoformat(f"2027-{day}T10:00").replace(tzinfo=zone)
        with time_machine.travel(moment, tick=False):
            papers[day] = issue()
    with time_machine.travel(dt.datetime(2027, 6, 1, 9, tzinfo=zone), tick=False):
        for day in ("03-10", "03-20", "04-10", "05-25"):
            revoke_certificate(
                actor=civil_affairs_admin,
                certificate=papers[day],
                category="wrong_information",
                reason="填错",
            )
    county = Region.objects.get(code="640121")
    for start, end, issued, revoked in (
        ("2027-03-15", "2027-05-20", 3, 2),  # 20 March and 10 April revoked, 5 May not
        ("2027-03-15", "2027-03-31", 1, 1),  # one part-month
        ("2027-03-01", "2027-03-19", 1, 1),  # 10 March
        ("2027-05-01", "2027-05-20", 1, 0),
        ("2027-05-06", "2027-06-30", 1, 1),  # 25 May, and June from the rollup
    ):
        period = Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
        in_ledger = Certificate.objects.filter(
            issued_on__gte=period.start, issued_on__lte=period.end
        )
        assert in_ledger.count() == issued
        assert in_ledger.filter(document__revoked_at__isnull=False).count() == revoked
        counts = ledger_counts(county, period)
        assert (sum(c.issued for c in counts), sum(c.revoked for c in counts)) == (
            issued,
            revoked,
        ), period
        table = census.issued_census(county, period)
        assert (sum(r[4] for r in table.rows), sum(r[5] for r in table.rows)) == (
            issued,
            revoked,
        ), period
    assert rollup.verify() == []


def test_plaque_compliance_satisfaction_and_the_plaque_census_come_from_their_areas(
    ledger, issue, settings, tmp_path, yanghe, yanghe_clerk
):
    from jianzheng.evaluation.services import rate_case
    from jianzheng.signage.services import create_venue
    from jianzheng.signage.tests.conftest import COMPLIANT, plaque

    settings.DATA_DIR = tmp_path
    venue = create_venue(actor=yanghe_clerk, community=yanghe, name="党群服务中心")
    for position, orientation, text in COMPLIANT:
        plaque(yanghe_clerk, venue, position, orientation, text)
    plaque(yanghe_clerk, venue, "door_side", "vertical", "社区老年人协会")  # a fourth: 三(三)二
    served = issue()  # the check code is known only to the answer that issued it
    rate_case(case=served.serial, secret=served.check_code, grade="satisfied")

    county = Region.objects.get(code="640121")
    shown = {s.spec.key: s for s in panels.build_panels(None, county, Period(None, None))}
    assert shown["plaques"].table.rows == [["待整改", 1]]
    assert shown["satisfaction"].table.rows == [["满意", 1]]
    elsewhere = Region.objects.get(code="640121101001")  # 李俊第一社区: nothing recorded
    assert panels.plaque_compliance(None, elsewhere, Period(None, None)).rows == []
    plaques = census.plaque_census(county, Period(None, None))
    assert [r[:3] for r in plaques.rows] == [[yanghe.code, yanghe.name, len(COMPLIANT) + 1]]
