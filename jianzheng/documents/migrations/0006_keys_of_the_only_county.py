from django.db import migrations


def give_keys_to_the_only_county(apps, schema_editor):
    """A one-county database's keys become that county's keys (issue 8, 5.). With several
    counties or none nobody can tell whose they were: they keep no county and only verify.

    Only the newest active key stays active: it is the one that signed (documents.services took
    the newest), and a county has at most one active key from now on."""
    Region = apps.get_model("regions", "Region")
    SigningKey = apps.get_model("documents", "SigningKey")
    counties = list(Region.objects.filter(level="county")[:2])
    if len(counties) != 1:
        return
    active = SigningKey.objects.filter(county__isnull=True, retired_at__isnull=True)
    newest = active.order_by("-created_at", "-id").first()
    if newest is not None:
        active.exclude(pk=newest.pk).update(retired_at=newest.created_at)
    SigningKey.objects.filter(county__isnull=True).update(county=counties[0])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_signingkey_county"),
    ]

    operations = [
        # Going back, 0005's reverse drops the column: nothing to undo here.
        migrations.RunPython(give_keys_to_the_only_county, migrations.RunPython.noop),
    ]
