import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """No "applied" flag: a version is in force from its effective date."""

    dependencies = [
        ("catalogue", "0005_rows_for_published_versions"),
    ]

    operations = [
        migrations.RemoveField(model_name="catalogueversion", name="applied"),
        migrations.AlterField(
            model_name="certificateitem",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="items",
                to="catalogue.catalogueversion",
            ),
        ),
    ]
