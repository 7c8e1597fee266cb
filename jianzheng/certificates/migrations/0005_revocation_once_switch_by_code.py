from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_switch_codes_revocations_on_documents"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="handoverswitch", name="handover_switch_item_unique"),
        migrations.RemoveField(model_name="handoverswitch", name="item"),
        migrations.AddConstraint(
            model_name="handoverswitch",
            constraint=models.UniqueConstraint(
                fields=("item_code",), name="handover_switch_code_unique"
            ),
        ),
        migrations.RemoveField(model_name="certificate", name="status"),
        migrations.RemoveField(model_name="certificate", name="revoked_at"),
        migrations.RemoveField(model_name="certificate", name="revoked_by"),
        migrations.RemoveField(model_name="certificate", name="revoke_reason"),
    ]
