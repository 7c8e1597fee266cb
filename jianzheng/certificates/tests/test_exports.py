import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from jianzheng.certificates.demands import refuse_at_desk
from jianzheng.certificates.exports import CERTIFICATE_COLUMNS, REFUSAL_COLUMNS, write_ledger_xlsx
from jianzheng.certificates.selectors import LedgerFilter
from jianzheng.certificates.services import revoke_certificate
from jianzheng.certificates.tests.conftest import RESIDENT

# Issues certificates, so draws PDFs: skipped where no Chinese font is installed.
pytestmark = pytest.mark.pdf


@pytest.fixture
def ledger(issue, yanghe_clerk, yanghe, lijun_clerk, lijun):
    """杨和: two certificates (one revoked) and a refusal; 李俊: one certificate."""
    first = issue(purpose='=HYPERLINK("http://evil")')
    issue()
    revoke_certificate(
        actor=yanghe_clerk, certificate=first, category="wrong_information", reason="信息填错"
    )
    issue(actor=lijun_clerk, community=lijun)
    refuse_at_desk(actor=yanghe_clerk, community=yanghe, item="单身证明", requester="某婚介公司")
    return first


def read(fileobj) -> dict[str, list[tuple]]:
    fileobj.seek(0)
    workbook = load_workbook(fileobj, read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def test_an_officer_exports_their_townships_ledger_with_masked_ids(ledger, yanghe_officer):
    fileobj = io.BytesIO()
    assert write_ledger_xlsx(yanghe_officer, LedgerFilter(), fileobj) == (2, 1)
    sheets = read(fileobj)
    assert list(sheets) == ["出具证明", "拒绝出具"]
    certificates, refusals = sheets["出具证明"], sheets["拒绝出具"]
    assert list(certificates[0]) == CERTIFICATE_COLUMNS and len(certificates) == 3
    assert list(refusals[0]) == REFUSAL_COLUMNS and len(refusals) == 2
    first = certificates[1]
    assert first[0] == ledger.serial and first[9] == "已撤销" and first[11] == "信息填错"
    assert first[3] == "马*花 **************1232"
    assert RESIDENT["holder_id_number"] not in str(sheets)
    # Text a clerk typed stays text, never a live formula.
    assert first[4] == '=HYPERLINK("http://evil")'
    fileobj.seek(0)
    assert load_workbook(fileobj)["出具证明"]["E2"].data_type == "s"
    assert refusals[1][2:6] == ("婚姻状况证明", "某婚介公司", "拒绝出具", "已取消事项")


def test_the_export_follows_the_filters_and_a_clerk_sees_only_their_community(
    ledger, lijun_clerk, civil_affairs_admin
):
    fileobj = io.BytesIO()
    assert write_ledger_xlsx(lijun_clerk, LedgerFilter(), fileobj) == (1, 0)
    assert len(read(fileobj)["出具证明"]) == 2
    revoked = io.BytesIO()
    assert write_ledger_xlsx(civil_affairs_admin, LedgerFilter(status="revoked"), revoked) == (1, 1)


EXPORT = "/staff/certificates/export.xlsx"


def test_the_staff_download_is_an_xlsx_of_the_users_scope(ledger, yanghe_clerk, client):
    client.force_login(yanghe_clerk)
    response = client.get(EXPORT, {"date_from": "2000-01-01"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheets = read(io.BytesIO(b"".join(response.streaming_content)))
    assert len(sheets["出具证明"]) == 3 and len(sheets["拒绝出具"]) == 2
    bad = client.get(EXPORT, {"date_from": "yesterday"})
    assert bad.status_code == 400 and "起始日期" in bad.content.decode()


def test_the_export_view_refuses_users_who_keep_no_ledger(ledger, police_officer, client):
    client.force_login(police_officer)
    assert client.get(EXPORT).status_code == 403


def test_the_ledger_command_writes_every_communitys_rows_to_a_file(ledger, tmp_path, yanghe):
    target = tmp_path / "ledger.xlsx"
    out = io.StringIO()
    call_command("ledger", "export", str(target), stdout=out)
    assert "出具证明 3 条" in out.getvalue() and "拒绝出具 1 条" in out.getvalue()
    with target.open("rb") as fileobj:
        assert len(read(fileobj)["出具证明"]) == 4
    only = tmp_path / "yanghe.xlsx"
    call_command("ledger", "export", str(only), "--community", yanghe.code, "--from", "2000-01-01")
    with only.open("rb") as fileobj:
        assert len(read(fileobj)["出具证明"]) == 3
    with pytest.raises(CommandError):
        call_command("ledger", "export", str(only), "--community", "999")
    with pytest.raises(CommandError):
        call_command("ledger", "export", str(only), "--to", "tomorrow")
