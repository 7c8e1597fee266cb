"""An upgraded one-county database: its hand-over switches become its only county's. With no
county (or several) yet they stay unowned and switch nothing until an admin sets them again."""

from django.db import migrations


def forwards(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    HandoverSwitch = apps.get_model("certificates", "HandoverSwitch")
    counties = list(Region.objects.filter(level="county").order_by("code")[:2])
    if len(counties) == 1:
        HandoverSwitch.objects.filter(county__isnull=True).update(county=counties[0])


def backwards(apps, schema_editor):
    apps.get_model("certificates", "HandoverSwitch").objects.update(county=None)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0008_handover_switch_per_county"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
