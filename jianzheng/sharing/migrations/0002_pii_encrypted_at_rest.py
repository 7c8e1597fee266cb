"""Personal data at rest (issue 16, item 4): the columns become encrypted fields (core.pii),
then every existing value is sealed in SQL under the data folder's key-encryption key, which the
migration makes (DATA_DIR/keys/pii-kek.json, 0600) if there is none and JIANZHENG_PII_KEY is
unset. Reversible: going back opens every value again, which needs the same key."""

from django.db import migrations

import jianzheng.core.pii
from jianzheng.core.pii import encrypting


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0001_sharing_checks"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sharingcheck",
            name="particulars",
            field=jianzheng.core.pii.EncryptedJSONField(
                bind="subject_key", blank=True, default=dict, verbose_name="核查内容"
            ),
        ),
        migrations.AlterField(
            model_name="sharingcheck",
            name="subject_id_number",
            field=jianzheng.core.pii.EncryptedTextField(
                bind="subject_key", verbose_name="公民身份号码"
            ),
        ),
        encrypting("sharing.SharingCheck", "subject_id_number", "particulars"),
    ]
