"""Personal data at rest (issue 16, item 4): the columns become encrypted fields (core.pii),
then every existing value is sealed in SQL under the data folder's key-encryption key, which the
migration makes (DATA_DIR/keys/pii-kek.json, 0600) if there is none and JIANZHENG_PII_KEY is
unset. Reversible: going back opens every value again, which needs the same key."""

from django.db import migrations

import jianzheng.core.pii
from jianzheng.core.pii import encrypting


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0001_commitments_and_credit"),
    ]

    operations = [
        migrations.AlterField(
            model_name="commitment",
            name="applicant_id_number",
            field=jianzheng.core.pii.EncryptedTextField(bind="serial", verbose_name="公民身份号码"),
        ),
        migrations.AlterField(
            model_name="commitment",
            name="applicant_phone",
            field=jianzheng.core.pii.EncryptedTextField(bind="serial", verbose_name="联系电话"),
        ),
        migrations.AlterField(
            model_name="commitmentpdf",
            name="content",
            field=jianzheng.core.pii.EncryptedBinaryField(bind="commitment_id"),
        ),
        encrypting("commitments.Commitment", "applicant_id_number", "applicant_phone"),
        encrypting("commitments.CommitmentPdf", "content"),
    ]
