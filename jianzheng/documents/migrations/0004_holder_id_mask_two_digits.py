"""Registry rows feed the public verification page: shorten their ID masks to the last two
digits, as new rows are written (docs/security.md). Reversing keeps the shorter masks: the
digits it hid are not stored anywhere in this table."""

from django.db import migrations


def shorten(apps, schema_editor):
    SignedDocument = apps.get_model("documents", "SignedDocument")
    for document in SignedDocument.objects.only("pk", "holder_id_masked").iterator():
        masked = document.holder_id_masked
        if len(masked) >= 8:
            shorter = "*" * (len(masked) - 2) + masked[-2:]
            if shorter != masked:
                SignedDocument.objects.filter(pk=document.pk).update(holder_id_masked=shorter)


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_revoke_category_of_earlier_revocations")]

    operations = [migrations.RunPython(shorten, migrations.RunPython.noop)]
