from django.db import migrations, models


class Migration(migrations.Migration):
    """An item row per version that wrote it: codes repeat across versions."""

    dependencies = [
        ("catalogue", "0003_full_width_labels"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="certificateitem", name="item_status_idx"),
        migrations.AlterField(
            model_name="certificateitem", name="code", field=models.CharField(max_length=32)
        ),
        migrations.AddIndex(
            model_name="certificateitem",
            index=models.Index(fields=["code"], name="item_code_idx"),
        ),
        migrations.AddConstraint(
            model_name="certificateitem",
            constraint=models.UniqueConstraint(
                fields=("code", "version"), name="item_code_version_unique"
            ),
        ),
    ]
