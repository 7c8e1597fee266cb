"""Versions published for a later date used to wait for `catalogue apply-due` to write their item
rows. Items are now written at publish time and in force by date, so write the waiting versions'
rows now, in order, as publishing them today would."""

from django.db import migrations

from jianzheng.catalogue.search import search_keys


def write_waiting_versions(apps, schema_editor):
    CatalogueVersion = apps.get_model("catalogue", "CatalogueVersion")
    CertificateItem = apps.get_model("catalogue", "CertificateItem")
    LegalBasis = apps.get_model("catalogue", "LegalBasis")
    Alternative = apps.get_model("catalogue", "Alternative")
    ItemChange = apps.get_model("catalogue", "ItemChange")
    ChangeRequest = apps.get_model("catalogue", "ChangeRequest")
    Unit = apps.get_model("regions", "Unit")
    first = CatalogueVersion.objects.order_by("number").first()
    if first is not None:
        CertificateItem.objects.filter(version__isnull=True).update(version=first)
    for version in CatalogueVersion.objects.filter(applied=False).order_by("number"):
        for change in ChangeRequest.objects.filter(version=version).order_by("id"):
            previous = (
                CertificateItem.objects.filter(code=change.item_code)
                .order_by("-version__number")
                .first()
            )
            last_change = (
                ItemChange.objects.filter(item_code=change.item_code)
                .order_by("-version__number")
                .first()
            )
            before = last_change.after if last_change else None
            payload = change.payload if change.kind != "remove" else None
            if payload is None:
                fields = {
                    f.name: getattr(previous, f.name)
                    for f in CertificateItem._meta.concrete_fields
                    if f.name not in ("id", "version", "is_active")
                }
                item = CertificateItem.objects.create(**fields, version=version, is_active=False)
                after = None
            else:
                fields = {k: v for k, v in payload.items() if k not in ("legal_bases", "alternatives")}
                item = CertificateItem(**fields, version=version, is_active=True)
                item.search_text = search_keys(item.name, item.aliases, item.keywords, item.code)
                item.save()
                for i, basis in enumerate(payload["legal_bases"]):
                    LegalBasis.objects.create(item=item, position=i, **basis)
                for i, alt in enumerate(payload["alternatives"]):
                    unit = Unit.objects.filter(code=alt["handling_unit"]).first()
                    Alternative.objects.create(
                        item=item,
                        position=i,
                        kind=alt["kind"],
                        instruction=alt["instruction"],
                        handling_unit=unit,
                        handling_unit_name="" if unit else alt["handling_unit"],
                    )
                after = payload
            ItemChange.objects.create(
                version=version,
                change_request=change,
                item_code=change.item_code,
                item_name=item.name,
                kind=change.kind,
                before=before,
                after=after,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_item_rows_per_version"),
        ("regions", "0002_full_width_labels"),
    ]

    operations = [migrations.RunPython(write_waiting_versions, migrations.RunPython.noop)]
