from django.db import migrations


def file_earlier_revocations_under_other(apps, schema_editor):
    """Revocations from before the categories had only the clerk's free text, which the public
    page no longer shows: they read 其他 (other)."""
    SignedDocument = apps.get_model("documents", "SignedDocument")
    SignedDocument.objects.filter(revoked_at__isnull=False, revoke_category="").update(
        revoke_category="other"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_signeddocument_check_code_revoke_category"),
    ]

    operations = [
        # Going back, 0002's reverse drops the column this fills: nothing to undo here.
        migrations.RunPython(file_earlier_revocations_under_other, migrations.RunPython.noop),
    ]
