"""On PostgreSQL the keys of the ledger's hot tables take their county's code
(core/partitions.py `distribution_key`): primary keys and unique constraints, and every
foreign key to them — between two of them paired with the referencing row's own county, so the
database refuses a certificate whose paper or registry row is another county's. After every
table that refers to them exists. Nothing on SQLite."""

from django.db import migrations

from jianzheng.core.partitions import distribution_key


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0013_county_code"),
        ("documents", "0008_county_code"),
        ("commitments", "0002_pii_encrypted_at_rest"),
        ("complaints", "0002_pii_encrypted_at_rest"),
        ("workitems", "0002_pii_encrypted_at_rest"),
    ]

    operations = [
        distribution_key(
            "documents_signeddocument",
            "documents_verificationlog",
            "certificates_certificate",
            "certificates_certificatepdf",
            "certificates_demand",
        )
    ]
