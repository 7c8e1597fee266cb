"""On PostgreSQL the audit log's keys take its county's code (core/partitions.py
`distribution_key`). Nothing on SQLite."""

from django.db import migrations

from jianzheng.core.partitions import distribution_key


class Migration(migrations.Migration):
    dependencies = [("core", "0009_audit_county_code")]

    operations = [distribution_key("core_auditentry")]
