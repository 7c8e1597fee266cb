"""The scale benches' synthetic ledger (bench/_ledger_rows.py) holds what issuing writes: every
clone's personal data sealed for its own row and readable through the model, the serial series
of each community and year unbroken and continued by the next real certificate, refusals and
verifications in the counts it reports, and the schema (indexes dropped for the load and made
again, triggers off on PostgreSQL) exactly what the migrations made. On PostgreSQL it writes
from two processes, as the benches do."""

import pytest
from django.db import connection
from django.utils import timezone

from bench._ledger_rows import _issue_genuine, fill_ledger
from jianzheng.certificates.models import Certificate, Demand, SerialCounter
from jianzheng.core import partitions, pii
from jianzheng.documents.models import SignedDocument, VerificationLog

pytestmark = pytest.mark.django_db(transaction=True)  # the writers are other connections


def schema() -> set:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
                " UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " UNION ALL SELECT tgname, tgenabled::text FROM pg_trigger"
            )
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master")
        return set(cursor.fetchall())


def test_a_synthetic_ledger_reads_like_an_issued_one(
    catalogue, keys, yanghe_clerk, lijun_clerk, yanghe, lijun
):
    partitions.ensure(since=timezone.localdate().year - 3)  # as the filler does, first
    before = schema()
    filled = fill_ledger(400, genuine=2, workers=2, progress=lambda line: None)

    assert schema() == before
    assert Certificate.objects.count() == SignedDocument.objects.count() == 402
    assert Demand.objects.count() == filled.refusals > 0
    assert VerificationLog.objects.count() == filled.verifications == 200

    series: dict[tuple[int, int], list[int]] = {}
    for certificate in Certificate.objects.select_related("document"):
        assert certificate.holder_id_number == "640121199003071232"
        assert certificate.facts["holder_id_number"] == "640121199003071232"
        assert certificate.document.serial == certificate.serial
        assert certificate.serial.endswith(f"-{certificate.year}-{certificate.sequence:06d}")
        series.setdefault((certificate.community_id, certificate.year), []).append(
            certificate.sequence
        )
    assert {community for community, _ in series} == {yanghe.pk, lijun.pk}
    for (community, year), numbers in series.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        assert SerialCounter.objects.get(community_id=community, year=year).last == len(numbers)

    # Sealed per row: no two rows hold the same ciphertext, and one moved to another row fails.
    stored = list(Certificate.objects.values_list("serial", "holder_id_number")[:50])
    assert len({bytes(value) for _, value in stored}) == len(stored)
    (serial, _), (_, other) = stored[:2]
    with pytest.raises(pii.PiiDecryptError):
        pii.open_value(Certificate, "holder_id_number", other, serial)

    # Issuing goes on after the synthetic rows: next number, next ids.
    year = int(filled.genuine_serials[0].split("-")[1])
    last = SerialCounter.objects.get(community=yanghe, year=year).last
    top = Certificate.objects.order_by("-pk").values_list("pk", "document_id").first()
    (issued,) = _issue_genuine(1)
    assert issued.sequence == last + 1
    assert issued.pk > top[0] and issued.document_id > top[1]
