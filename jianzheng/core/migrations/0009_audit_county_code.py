"""Audit entries carry the county of the unit that wrote them (issue 17 item 6,
docs/scaling.md); "" for the operator's CLI. Rows already written are filled from their unit
code; on PostgreSQL the keys take the column in 0010."""

from django.db import migrations

from jianzheng.core.partitions import county_code_field


def fill(apps, schema_editor):
    connection = schema_editor.connection
    if "regions_unit" not in connection.introspection.table_names():
        return  # a new database: no unit has written anything yet
    AuditEntry = apps.get_model("core", "AuditEntry")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.code, r.path, r.code FROM regions_unit u"
            " JOIN regions_region r ON r.id = u.region_id"
        )
        by_county: dict[str, list[str]] = {}
        for unit_code, path, region_code in cursor.fetchall():
            # As regions.models.county_code_in_path (core stands below regions).
            county = next((p for p in path.strip("/").split("/") if len(p) == 6), region_code)
            by_county.setdefault(county, []).append(unit_code)
    for county, units in by_county.items():
        AuditEntry.objects.filter(unit_code__in=units).update(county_code=county)


class Migration(migrations.Migration):
    dependencies = [("core", "0008_audit_log_partitioned_by_year")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="county_code",
            field=county_code_field(default=""),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
