"""事项指南 fields on items and alternatives. Schema only, no backfill: item rows belong to the
version that published them and are never rewritten, so a county gives its items their guide
through a change request or `jianzheng catalogue import` (a new version)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0006_version_in_force_by_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="alternative",
            name="fee",
            field=models.CharField(
                blank=True, choices=[("free", "不收费"), ("charged", "收费")], max_length=8
            ),
        ),
        migrations.AddField(
            model_name="alternative",
            name="fee_note",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="alternative",
            name="online_channel",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="alternative",
            name="online_url",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="alternative",
            name="service_hours",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="alternative",
            name="service_phone",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="alternative",
            name="service_place",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="certificateitem",
            name="fee",
            field=models.CharField(
                blank=True, choices=[("free", "不收费"), ("charged", "收费")], max_length=8
            ),
        ),
        migrations.AddField(
            model_name="certificateitem",
            name="fee_note",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="certificateitem",
            name="online_channel",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="certificateitem",
            name="online_url",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="certificateitem",
            name="service_hours",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="certificateitem",
            name="service_phone",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="certificateitem",
            name="service_place",
            field=models.CharField(blank=True, max_length=200),
        ),
    ]
