"""On PostgreSQL the verification log is partitioned by the year of `at` (issue 17 item 4,
core/partitions.py). Nothing on SQLite."""

from django.db import migrations

from jianzheng.core.partitions import Spec, partitioning


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0006_keys_of_the_only_county"),
    ]

    operations = [partitioning(Spec("documents_verificationlog", "at"))]
