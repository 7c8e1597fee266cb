"""Personal data at rest (issue 16, item 4): the columns become encrypted fields (core.pii),
then every existing value is sealed in SQL under the data folder's key-encryption key, which the
migration makes (DATA_DIR/keys/pii-kek.json, 0600) if there is none and JIANZHENG_PII_KEY is
unset. Reversible: going back opens every value again, which needs the same key."""

from django.db import migrations

import jianzheng.core.pii
from jianzheng.core.pii import encrypting


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_complaints"),
    ]

    operations = [
        migrations.AlterField(
            model_name="complaint",
            name="contact_email",
            field=jianzheng.core.pii.EncryptedTextField(
                bind="tracking_number", blank=True, verbose_name="电子邮箱"
            ),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="contact_phone",
            field=jianzheng.core.pii.EncryptedTextField(
                bind="tracking_number", blank=True, verbose_name="联系电话"
            ),
        ),
        encrypting("complaints.Complaint", "contact_phone", "contact_email"),
    ]
