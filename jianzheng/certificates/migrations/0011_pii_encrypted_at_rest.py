"""Personal data at rest (issue 16, item 4): the columns become encrypted fields (core.pii),
then every existing value is sealed in SQL under the data folder's key-encryption key, which the
migration makes (DATA_DIR/keys/pii-kek.json, 0600) if there is none and JIANZHENG_PII_KEY is
unset. Reversible: going back opens every value again, which needs the same key."""

from django.db import migrations

import jianzheng.core.pii
from jianzheng.core.pii import encrypting


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0010_ledgerrollup"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="facts",
            field=jianzheng.core.pii.EncryptedJSONField(bind="serial"),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="holder_id_number",
            field=jianzheng.core.pii.EncryptedTextField(bind="serial"),
        ),
        migrations.AlterField(
            model_name="certificatepdf",
            name="content",
            field=jianzheng.core.pii.EncryptedBinaryField(),
        ),
        encrypting("certificates.Certificate", "holder_id_number", "facts"),
        encrypting("certificates.CertificatePdf", "content"),
    ]
