from django.db import migrations, models


class Migration(migrations.Migration):
    """Refusal → Demand (it also records hand-overs); demanded_by → requester (the glossary's
    word); hand-over switches by item code, so they hold across catalogue versions."""

    dependencies = [
        ("certificates", "0002_full_width_labels"),
        ("catalogue", "0006_version_in_force_by_date"),
    ]

    operations = [
        migrations.RenameModel(old_name="Refusal", new_name="Demand"),
        migrations.AlterModelOptions(
            name="demand",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "索要记录",
                "verbose_name_plural": "索要记录",
            },
        ),
        migrations.RemoveIndex(model_name="demand", name="refusal_demander_idx"),
        migrations.RenameField(model_name="demand", old_name="demanded_by", new_name="requester"),
        migrations.AddIndex(
            model_name="demand",
            index=models.Index(fields=["requester"], name="demand_requester_idx"),
        ),
        migrations.AddField(
            model_name="handoverswitch",
            name="item_code",
            field=models.CharField(blank=True, default="", max_length=32),
            preserve_default=False,
        ),
    ]
