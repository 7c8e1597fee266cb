"""The county's code in every hot table's key (issue 17 item 6, docs/scaling.md "The country",
core/partitions.py): each row of the ledger, its papers and registry rows, the demands, the
verification log and the audit log carries the code of its county, written by the service
that writes the row; on PostgreSQL it is part of every primary key, unique constraint and
foreign key to those tables — what Citus asks before it can distribute them by county — and
the database refuses a row that refers to another county's."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from jianzheng.certificates.demands import refuse_at_desk
from jianzheng.certificates.models import Certificate, CertificatePdf, Demand
from jianzheng.commitments.tests.conftest import calendar, commit, items  # noqa: F401 (fixtures)
from jianzheng.core import partitions
from jianzheng.core.audit import record
from jianzheng.core.models import AuditEntry
from jianzheng.documents.models import SignedDocument, VerificationLog
from jianzheng.documents.services import store_verification_rows, verify_token
from tests.test_scope_levels import _issue, two_counties  # noqa: F401 (a fixture)

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="keys with the county exist on PostgreSQL only (SQLite keeps the model's keys)",
)


def hot_tables() -> list[str]:
    """Every table whose model carries the column: none can be left out of the keys."""
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if any(f.name == partitions.DISTRIBUTION_COLUMN for f in model._meta.concrete_fields)
    )


def demand_row(clerk, community, **extra) -> Demand:
    """A demand written straight to its table, past the service that fills the county."""
    return Demand.objects.create(
        community=community,
        item_name="无犯罪记录证明",
        requester="某公司",
        requested_on=dt.date.today(),
        reason=Demand.Reason.NOT_LISTED,
        clerk=clerk,
        created_at=dt.datetime.now(dt.UTC),
        **extra,
    )


@pytest.mark.usefixtures("two_counties")
def test_the_ledgers_rows_carry_their_countys_code(yanghe_clerk, yanghe, xigang_clerk, xigang):
    for clerk, community, county in (
        (yanghe_clerk, yanghe, "640121"),
        (xigang_clerk, xigang, "640122"),
    ):
        certificate = _issue(clerk, community)
        document = SignedDocument.objects.get(pk=certificate.document_id)
        assert Certificate.objects.get(pk=certificate.pk).county_code == county
        assert CertificatePdf.objects.get(certificate=certificate).county_code == county
        assert document.county_code == county
        issued = AuditEntry.objects.get(action="certificate.issued", target_id=str(certificate.pk))
        assert issued.county_code == county
        verify_token(document.token)
        assert VerificationLog.objects.get(document=document).county_code == county
        refusal = refuse_at_desk(
            actor=clerk, community=community, item="无犯罪记录证明", requester="某银行"
        )
        assert Demand.objects.get(pk=refusal.pk).county_code == county
    # A token that names no registered paper belongs to no county; the operator's CLI neither.
    token = document.token
    forged = token[:-10] + ("A" if token[-10] != "A" else "B") + token[-9:]
    assert verify_token(forged).status == "invalid"
    assert VerificationLog.objects.get(document=None).county_code == ""
    assert record(actor=None, action="operator.note").county_code == ""


def test_a_row_of_a_countys_own_that_names_no_county_is_refused(yanghe_clerk, yanghe):
    """On SQLite too: a writer that forgot the column is refused, not stored under ""."""
    with pytest.raises(IntegrityError, match="county_named"), transaction.atomic():
        demand_row(yanghe_clerk, yanghe)


def test_a_township_of_a_city_without_counties_is_keyed_by_six_digits():
    """东莞's towns hang from the city (441900003): the column holds 6 digits, as the key's type."""
    from jianzheng.regions.models import Region

    town = Region(code="441900003", path="/44/4419/441900003/", level="township")
    assert town.county_code == "441900"
    assert Region(code="6401", path="/64/6401/", level="city").county_code == "6401"


@pytest.mark.usefixtures("two_counties")
def test_a_journal_line_written_before_lines_named_the_county_gets_the_papers(xigang_clerk, xigang):
    document = _issue(xigang_clerk, xigang).document
    line = {
        "document": document.pk,
        "verifier_unit": None,
        "at": "2026-12-01T10:00:00+08:00",
        **{"result": "valid", "reason": "", "channel": "page", "purpose": "", "holder_match": None},
    }
    store_verification_rows([line, {**line, "document": None, "result": "invalid"}])
    assert sorted(VerificationLog.objects.values_list("county_code", flat=True)) == ["", "640122"]


def test_the_hot_tables_are_the_six_of_the_design():
    assert hot_tables() == [
        "certificates_certificate",
        "certificates_certificatepdf",
        "certificates_demand",
        "core_auditentry",
        "documents_signeddocument",
        "documents_verificationlog",
    ]


@on_postgres
def test_every_key_of_the_hot_tables_holds_the_county(db):
    assert partitions.distribution_problems(hot_tables()) == []
    # The check can fail: the commitments' table was never keyed by county.
    assert partitions.distribution_problems(["commitments_commitment"]) == [
        "commitments_commitment: no column county_code"
    ]


def constraints_now():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@on_postgres
@pytest.mark.usefixtures("two_counties")
def test_the_database_refuses_a_row_that_refers_to_another_countys(yanghe_clerk, yanghe):
    document = _issue(yanghe_clerk, yanghe).document
    with pytest.raises(IntegrityError), transaction.atomic():
        VerificationLog.objects.create(document=document, county_code="640122", result="valid")
        constraints_now()
    # A reference to no row at all, through a hidden key column (the demand → certificate one
    # pairs the demand's own county with a hidden year): refused, not left unchecked.
    with pytest.raises(IntegrityError), transaction.atomic():
        demand_row(yanghe_clerk, yanghe, county_code="640121", certificate_id=10**12)
        constraints_now()
    # A hidden key column emptied behind the trigger's back (it fills on a change of the
    # reference only): refused, though MATCH SIMPLE alone would check nothing then.
    refusal = refuse_at_desk(
        actor=yanghe_clerk, community=yanghe, item="无犯罪记录证明", requester="某银行"
    )
    certificate = _issue(yanghe_clerk, yanghe)
    Demand.objects.filter(pk=refusal.pk).update(certificate=certificate)
    with (
        pytest.raises(IntegrityError, match="certificate_year_filled"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE certificates_demand SET certificate_year = NULL WHERE id = %s", [refusal.pk]
        )


@on_postgres
def test_a_table_that_refers_to_a_hot_one_has_the_county_filled_for_it(commit):  # noqa: F811
    """A commitment refers to its registry row through a hidden `document_county_code` (the
    commitments' table is not keyed by county yet), which a trigger fills from the row."""
    commitment = commit()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT document_county_code FROM commitments_commitment WHERE id = %s",
            [commitment.pk],
        )
        assert cursor.fetchone() == ("640121",)
