"""Fill the switches' item codes; make sure every revocation recorded on a certificate is on its
signed document, where it is now kept once."""

from django.db import migrations


def forwards(apps, schema_editor):
    HandoverSwitch = apps.get_model("certificates", "HandoverSwitch")
    Certificate = apps.get_model("certificates", "Certificate")
    SignedDocument = apps.get_model("documents", "SignedDocument")
    for switch in HandoverSwitch.objects.select_related("item"):
        switch.item_code = switch.item.code if switch.item_id else ""
        switch.save(update_fields=["item_code"])
    revoked = Certificate.objects.filter(revoked_at__isnull=False, document__revoked_at__isnull=True)
    for certificate in revoked:
        SignedDocument.objects.filter(pk=certificate.document_id).update(
            revoked_at=certificate.revoked_at,
            revoked_by=certificate.revoked_by_id,
            revoke_reason=certificate.revoke_reason,
        )


def backwards(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    for certificate in Certificate.objects.filter(document__revoked_at__isnull=False).select_related(
        "document"
    ):
        certificate.status = "revoked"
        certificate.revoked_at = certificate.document.revoked_at
        certificate.revoked_by_id = certificate.document.revoked_by_id
        certificate.revoke_reason = certificate.document.revoke_reason
        certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_demand_requester_switch_code"),
        ("documents", "0001_signing_keys_documents_verifications"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
