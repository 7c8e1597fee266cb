"""Signed documents and the verification log carry their county's code (issue 17 item 6,
docs/scaling.md): a document its issuer's county, a check the county of the paper checked. Rows
already written are filled here; on PostgreSQL the keys take the column in
certificates/0014_county_code_in_keys."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

from jianzheng.core.partitions import county_code_field
from jianzheng.regions.models import county_code_in_path


def fill(apps, schema_editor):
    Unit = apps.get_model("regions", "Unit")
    SignedDocument = apps.get_model("documents", "SignedDocument")
    VerificationLog = apps.get_model("documents", "VerificationLog")
    by_county: dict[str, list[int]] = {}
    for pk, path, code in Unit.objects.values_list("pk", "region__path", "region__code"):
        by_county.setdefault(county_code_in_path(path, code), []).append(pk)
    for county, units in by_county.items():
        SignedDocument.objects.filter(issuer_id__in=units).update(county_code=county)
    paper = SignedDocument.objects.filter(pk=OuterRef("document_id")).values("county_code")
    VerificationLog.objects.filter(document__isnull=False).update(county_code=Subquery(paper))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0007_verification_log_partitioned_by_year"),
        ("regions", "0004_unit_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="signeddocument",
            name="county_code",
            field=county_code_field(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="verificationlog",
            name="county_code",
            field=county_code_field(default=""),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
