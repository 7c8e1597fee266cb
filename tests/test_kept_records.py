"""A kept record (a certificate, a plaque, a complaint …) deleted in SQL behind the application's
back is found by `jianzheng audit verify`, though the hash chain itself still holds."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from jianzheng.core import audit
from jianzheng.core.models import AuditEntry


@pytest.fixture
def issued(db, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DATA_DIR = tmp_path
    call_command("setup", "--demo", stdout=StringIO())
    from jianzheng.certificates.models import Certificate

    return Certificate.objects.order_by("pk").first()


def test_every_kept_record_the_log_names_is_found_in_its_table(issued):
    assert issued is not None
    assert audit.records_deleted() == []


def test_a_certificate_deleted_in_sql_is_named_with_the_entry_that_recorded_it(issued):
    entry = (
        AuditEntry.objects.filter(target_type="certificates.certificate", target_id=str(issued.pk))
        .order_by("id")
        .first()
    )
    with connection.cursor() as cursor:
        # What a database writer could do: the row (and what hangs on it) gone, the log untouched.
        cursor.execute(
            "DELETE FROM certificates_certificatepdf WHERE certificate_id = %s", [issued.pk]
        )
        cursor.execute("DELETE FROM certificates_certificate WHERE id = %s", [issued.pk])
    assert audit.verify_chain().ok  # the chain alone cannot tell
    findings = audit.records_deleted()
    assert [(f.entry_id, f.message) for f in findings] == [
        (entry.pk, f"证明 #{issued.pk} 在审计日志中有记录，但已从数据表中删除")
    ]
    with pytest.raises(CommandError):
        call_command("audit", "verify", stdout=StringIO())
