"""Personal data at rest (issue 16, item 4): the columns become encrypted fields (core.pii),
then every existing value is sealed in SQL under the data folder's key-encryption key, which the
migration makes (DATA_DIR/keys/pii-kek.json, 0600) if there is none and JIANZHENG_PII_KEY is
unset. Reversible: going back opens every value again, which needs the same key."""

from django.db import migrations

import jianzheng.core.pii
from jianzheng.core.pii import encrypting


class Migration(migrations.Migration):
    dependencies = [
        ("workitems", "0001_workitems"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agreementpdf",
            name="content",
            field=jianzheng.core.pii.EncryptedBinaryField(bind="agreement_id"),
        ),
        encrypting("workitems.AgreementPdf", "content"),
    ]
