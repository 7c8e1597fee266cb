"""On PostgreSQL the audit log is partitioned by the year of `at` (issue 17 item 4,
core/partitions.py): ids stay one sequence, and the chain (each entry's prev_hash) is walked by
id across years. Unique `hash` becomes unique (hash, at); the hash covers the id, which the chain
holds to one row each. Nothing on SQLite."""

from django.db import migrations

from jianzheng.core.partitions import Spec, partitioning


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_outbox_payload_sealed"),
    ]

    operations = [partitioning(Spec("core_auditentry", "at"))]
