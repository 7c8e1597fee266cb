"""Certificates, their papers and the demands carry their county's code (issue 17 item 6,
docs/scaling.md): the community's county. Rows already written are filled here; on PostgreSQL
the keys take the column in 0014."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

from jianzheng.core.partitions import county_code_field
from jianzheng.regions.models import county_code_in_path


def fill(apps, schema_editor):
    Unit = apps.get_model("regions", "Unit")
    Certificate = apps.get_model("certificates", "Certificate")
    CertificatePdf = apps.get_model("certificates", "CertificatePdf")
    Demand = apps.get_model("certificates", "Demand")
    by_county: dict[str, list[int]] = {}
    for pk, path, code in Unit.objects.values_list("pk", "region__path", "region__code"):
        by_county.setdefault(county_code_in_path(path, code), []).append(pk)
    for county, units in by_county.items():
        Certificate.objects.filter(community_id__in=units).update(county_code=county)
        Demand.objects.filter(community_id__in=units).update(county_code=county)
    paper = Certificate.objects.filter(pk=OuterRef("certificate_id")).values("county_code")
    CertificatePdf.objects.update(county_code=Subquery(paper))


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0012_ledger_partitioned_by_year"),
        ("regions", "0004_unit_names"),
    ]

    operations = [
        migrations.AddField(
            model_name=model,
            name="county_code",
            field=county_code_field(default=""),
            preserve_default=False,
        )
        for model in ("certificate", "certificatepdf", "demand")
    ] + [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
