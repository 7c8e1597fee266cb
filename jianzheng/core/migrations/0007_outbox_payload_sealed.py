"""Personal data at rest (issue 16, item 4): an outbox message's payload names who to tell (an
email address, a phone number), so it is sealed (core.pii), bound to its row by `ref`. Rows
already there get `old-<id>` as their ref, then their payloads are sealed in SQL. Reversible
(needs the key-encryption key)."""

from django.db import migrations, models

import jianzheng.core.pii
from jianzheng.core.pii import encrypting


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_journal_offsets"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="ref",
            field=models.CharField(
                default=jianzheng.core.pii.new_row_ref, editable=False, max_length=32
            ),
        ),
        migrations.RunSQL(
            "UPDATE core_outboxmessage SET ref = 'old-' || CAST(id AS VARCHAR(20))",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="payload",
            field=jianzheng.core.pii.EncryptedJSONField(bind="ref", default=dict),
        ),
        encrypting("core.OutboxMessage", "payload"),
    ]
