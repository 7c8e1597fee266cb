"""Year partitions on PostgreSQL (issue 17 item 4, core/partitions.py): the ledger, the refusals,
the verification log and the audit log are partitioned by year, rows land in their year's
partition, `partitions ensure` makes the years ahead (again and again, idempotently) and drains a
DEFAULT partition, `/readyz` warns while one holds rows, the audit chain verifies across years,
and references to a partitioned table still refuse what a foreign key refused. SQLite has no
partitions: the command says so and does nothing. (The whole PostgreSQL suite runs on the
partitioned tables, since the test database is made by the migrations.)"""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from jianzheng.certificates.models import Certificate, CertificatePdf, Demand
from jianzheng.certificates.services import issue_certificate
from jianzheng.certificates.tests.conftest import RESIDENCE_FACTS
from jianzheng.core import partitions
from jianzheng.core.audit import record, verify_chain
from jianzheng.core.models import AuditEntry
from jianzheng.documents.models import VerificationLog

TABLES = {
    "certificates_certificate": "year",
    "certificates_demand": "requested_on",
    "documents_verificationlog": "at",
    "core_auditentry": "at",
}
ZONE = ZoneInfo("Asia/Shanghai")
THIS_YEAR = dt.datetime.now(ZONE).year

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="partitions exist on PostgreSQL only (SQLite: the migrations do nothing)",
)


def partition_of(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def issue(clerk, community, **extra):
    return issue_certificate(
        actor=clerk,
        community=community,
        item="YN-B03",
        facts=dict(RESIDENCE_FACTS),
        checks=[{"method": "home_visit", "note": "入户查看"}],
        purpose="办理居住证",
        requester="永宁县公安局杨和派出所",
        **extra,
    )


def constraints_now():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@on_postgres
def test_the_four_tables_are_partitioned_by_year_with_the_years_ahead(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attname FROM pg_partitioned_table p"
            " JOIN pg_class c ON c.oid = p.partrelid"
            " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]"
            " WHERE p.partstrat = 'r'"
        )
        assert dict(cursor.fetchall()) == TABLES
    listed = partitions.list_partitions()
    for table in TABLES:
        years = {p.year for p in listed if p.parent == table}
        assert {THIS_YEAR, THIS_YEAR + 1, THIS_YEAR + 2, None} <= years  # None: DEFAULT


@on_postgres
def test_each_row_lands_in_its_years_partition(catalogue, keys, yanghe_clerk, yanghe):
    certificate = issue(yanghe_clerk, yanghe)
    assert partition_of("certificates_certificate", certificate.pk).endswith(f"_y{THIS_YEAR}")
    entry = AuditEntry.objects.get(action="certificate.issued", target_id=str(certificate.pk))
    assert partition_of("core_auditentry", entry.pk) == f"core_auditentry_y{entry.at.year}"
    log = VerificationLog.objects.create(
        document=certificate.document, county_code=yanghe.county_code, result="valid"
    )
    assert partition_of("documents_verificationlog", log.pk).endswith(f"_y{THIS_YEAR}")
    refusal = Demand.objects.create(
        community=yanghe,
        county_code=yanghe.county_code,
        item_name="无犯罪记录证明",
        requester="某公司",
        requested_on=dt.date(THIS_YEAR - 1, 12, 31),  # typed in late: last year's partition
        reason=Demand.Reason.NOT_LISTED,
        clerk=yanghe_clerk,
        created_at=dt.datetime.now(ZONE),
    )
    assert partition_of("certificates_demand", refusal.pk) in {
        f"certificates_demand_y{THIS_YEAR - 1}",
        "certificates_demand_default",  # a database migrated before last year had rows
    }
    # The ledger's filters find it whichever partition holds it, and the page by serial too.
    found = Certificate.objects.filter(year=THIS_YEAR, serial=certificate.serial).get()
    assert found.pdf.sha256 == CertificatePdf.objects.get(certificate=certificate).sha256


@on_postgres
def test_ensure_makes_the_next_years_and_is_idempotent(db):
    made = partitions.ensure(years_ahead=4)
    for table in TABLES:
        assert f"{table}_y{THIS_YEAR + 4}" in made and f"{table}_y{THIS_YEAR + 3}" in made
    assert partitions.ensure(years_ahead=4) == []
    assert partitions.ensure() == []
    out = io.StringIO()
    call_command("partitions", "ensure", stdout=out)
    assert "分区已齐全" in out.getvalue()
    out = io.StringIO()
    call_command("partitions", "list", stdout=out)
    assert f"core_auditentry_y{THIS_YEAR + 4}" in out.getvalue()
    # Before loading history, its years: the rows then land in their own year, not DEFAULT.
    call_command("partitions", "ensure", "--since", str(THIS_YEAR - 6), stdout=io.StringIO())
    names = {p.name for p in partitions.list_partitions()}
    assert {
        f"certificates_certificate_y{THIS_YEAR - 6}",
        f"core_auditentry_y{THIS_YEAR - 5}",
    } <= names


@on_postgres
def test_a_year_nobody_made_warns_readyz_until_ensure_moves_its_rows(
    client, catalogue, keys, yanghe_clerk, yanghe
):
    stray = THIS_YEAR + 5
    with time_machine.travel(dt.datetime(stray, 3, 2, 10, tzinfo=ZONE), tick=False):
        certificate = issue(yanghe_clerk, yanghe)
    assert partition_of("certificates_certificate", certificate.pk) == (
        "certificates_certificate_default"
    )
    assert partitions.rows_in_default()["certificates_certificate"] == 1
    body = client.get("/readyz").json()
    assert body["status"] == "ready"  # a warning, not a reason to stop taking traffic
    assert "jianzheng partitions ensure" in body["warnings"]["partitions"]

    constraints_now()  # the issuing transaction's checks done, as they are at its commit
    made = partitions.ensure()
    assert f"certificates_certificate_y{stray}" in made
    assert f"core_auditentry_y{stray}" in made  # its audit entry moved too
    assert partition_of("certificates_certificate", certificate.pk).endswith(f"_y{stray}")
    # The paper's PDF still references it (the constraint was made again and checked).
    assert CertificatePdf.objects.get(certificate_id=certificate.pk).certificate == certificate
    assert partitions.rows_in_default() == {}
    assert "warnings" not in client.get("/readyz").json()
    assert verify_chain().ok


@on_postgres
def test_the_audit_chain_verifies_across_years_and_a_rewritten_old_row_is_caught(db):
    last_year = THIS_YEAR - 1
    with time_machine.travel(dt.datetime(last_year, 12, 31, 23, 59, tzinfo=ZONE), tick=False):
        old = record(actor=None, action="test.before_new_year", target=("test", "1"))
    new = record(actor=None, action="test.after_new_year", target=("test", "2"))
    assert partition_of("core_auditentry", new.pk) == f"core_auditentry_y{THIS_YEAR}"
    partitions.ensure()  # last year had no partition in a database made this year: now it has
    assert partition_of("core_auditentry", old.pk) == f"core_auditentry_y{last_year}"
    assert new.prev_hash == old.hash
    assert verify_chain().ok

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET summary = '{\"forged\": true}' WHERE id = %s", [old.pk]
        )
    report = verify_chain()
    assert not report.ok and report.broken_id == old.pk


@on_postgres
def test_a_reference_to_a_partitioned_row_that_does_not_exist_is_refused(
    catalogue, keys, yanghe_clerk, yanghe
):
    certificate = issue(yanghe_clerk, yanghe)
    constraints_now()
    with pytest.raises(IntegrityError, match="foreign key"), transaction.atomic():
        CertificatePdf.objects.create(
            certificate_id=certificate.pk + 1000, county_code="640121", content=b"x", sha256="0"
        )
    with pytest.raises(IntegrityError, match="document_id"), transaction.atomic():
        # Another year's certificate holding the same signed document: unique across years.
        twin = Certificate.objects.get(pk=certificate.pk)
        twin.pk, twin.year, twin.serial = None, THIS_YEAR + 1, f"{yanghe.code}-{THIS_YEAR + 1}-1"
        twin.save()
    Demand.objects.create(
        community=yanghe,
        county_code=yanghe.county_code,
        item_name=certificate.item_name,
        requester="某公司",
        requested_on=dt.date(THIS_YEAR, 1, 2),
        outcome=Demand.Outcome.HANDOVER,
        reason=Demand.Reason.NOT_LISTED,
        clerk=yanghe_clerk,
        created_at=dt.datetime.now(ZONE),
        certificate=certificate,
    )
    with pytest.raises(IntegrityError, match="certificate_id"), transaction.atomic():
        # A second hand-over record of the same paper, filed under another year.
        Demand.objects.create(
            community=yanghe,
            county_code=yanghe.county_code,
            item_name=certificate.item_name,
            requester="某公司",
            requested_on=dt.date(THIS_YEAR - 1, 6, 1),
            outcome=Demand.Outcome.HANDOVER,
            reason=Demand.Reason.NOT_LISTED,
            clerk=yanghe_clerk,
            created_at=dt.datetime.now(ZONE),
            certificate=certificate,
        )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite pass checks the no-op")
def test_on_sqlite_there_is_nothing_to_partition(db):
    assert partitions.ensure() == [] and partitions.rows_in_default() == {}
    out = io.StringIO()
    call_command("partitions", "ensure", stdout=out)
    assert "SQLite" in out.getvalue()
