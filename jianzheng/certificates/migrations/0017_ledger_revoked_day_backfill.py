"""Count the revocations already in the ledger by day of issue (certificates.rollup keeps
LedgerRevokedDay from now on, in the revoking transaction). Reversed by emptying the table."""

from django.db import migrations
from django.db.models import Count


def backfill(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    LedgerRevokedDay = apps.get_model("certificates", "LedgerRevokedDay")
    revoked = (
        Certificate.objects.filter(document__revoked_at__isnull=False)
        .values("community_id", "issued_on", "item__code", "item_name")
        .annotate(n=Count("id"))
        .order_by()
    )
    LedgerRevokedDay.objects.bulk_create(
        (
            LedgerRevokedDay(
                community_id=row["community_id"],
                issued_on=row["issued_on"],
                item_code=row["item__code"] or "",
                item_name=row["item_name"][:100],
                revoked=row["n"],
            )
            for row in revoked.iterator()
        ),
        batch_size=5000,
    )


def empty(apps, schema_editor):
    apps.get_model("certificates", "LedgerRevokedDay").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("certificates", "0016_ledger_revoked_day")]

    operations = [migrations.RunPython(backfill, empty)]
