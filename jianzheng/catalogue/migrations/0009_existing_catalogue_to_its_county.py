"""An upgraded one-county database: its versions and change requests become the catalogue of its
only county. A fresh database migrates before any region is loaded, and one upgraded with no
county (or several) yet keeps them unowned until `jianzheng setup` finds the county
(catalogue.reference.adopt_unowned_versions does the same step then)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Catalogue = apps.get_model("catalogue", "Catalogue")
    CatalogueVersion = apps.get_model("catalogue", "CatalogueVersion")
    ChangeRequest = apps.get_model("catalogue", "ChangeRequest")
    unowned = CatalogueVersion.objects.filter(catalogue__isnull=True)
    changes = ChangeRequest.objects.filter(catalogue__isnull=True)
    if not unowned.exists() and not changes.exists():
        return
    counties = list(Region.objects.filter(level="county").order_by("code")[:2])
    if len(counties) != 1:
        return
    catalogue, _ = Catalogue.objects.get_or_create(level="county", region=counties[0])
    unowned.update(catalogue=catalogue)
    changes.update(catalogue=catalogue)


def backwards(apps, schema_editor):
    """Back to one catalogue: only a database with a single owned catalogue can go back."""
    CatalogueVersion = apps.get_model("catalogue", "CatalogueVersion")
    ChangeRequest = apps.get_model("catalogue", "ChangeRequest")
    CatalogueVersion.objects.update(catalogue=None)
    ChangeRequest.objects.update(catalogue=None)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0008_catalogues_per_region"),
        ("regions", "0004_unit_names"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
