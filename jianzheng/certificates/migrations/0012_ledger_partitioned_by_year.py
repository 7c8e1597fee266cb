"""On PostgreSQL the ledger and the refusals are partitioned by year (issue 17 item 4,
core/partitions.py): the ledger by `year` (its serial's year), the refusals by `requested_on`,
the day the ledger's filters and the census count them by. A certificate stays the paper of one
document, and a certificate the hand-over record of one demand, across years. Nothing on
SQLite. After complaints' evidence exists: its reference to a demand is rebuilt with the key."""

from django.db import migrations

from jianzheng.core.partitions import Spec, partitioning


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0011_pii_encrypted_at_rest"),
        ("complaints", "0002_pii_encrypted_at_rest"),
    ]

    operations = [
        partitioning(
            Spec("certificates_certificate", "year", unique_alone=("document_id",)),
            Spec("certificates_demand", "requested_on", unique_alone=("certificate_id",)),
        ),
    ]
