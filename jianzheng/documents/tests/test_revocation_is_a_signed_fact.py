"""Un-revoking in SQL does not bring a paper back (issue 16, item 1): a revocation is a fact
signed by the issuing county's key into the audit log; verification and revoked.json read it from
there too, and `jianzheng audit verify` names the row that was changed."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jianzheng.core.models import AuditEntry
from jianzheng.documents.models import SignedDocument
from jianzheng.documents.services import revoke_document, verify_token

REVOKED_URL = "/.well-known/jianzheng/revoked.json"


@pytest.fixture
def revoked(sign, yanghe_clerk):
    document = sign()
    revoke_document(actor=yanghe_clerk, document=document, category="other", reason="材料不实")
    return document


def _undo_in_sql(document):
    SignedDocument.objects.filter(pk=document.pk).update(
        revoked_at=None, revoke_category="", revoke_reason=""
    )


def test_the_revocation_is_signed_into_the_log(revoked, signing_key):
    entry = AuditEntry.objects.get(action="document.revoked")
    assert entry.summary["serial"] == revoked.serial and entry.summary["kid"] == signing_key.kid
    assert entry.summary["signature"] and entry.summary["revoked_at"]


def test_a_paper_unrevoked_in_the_database_still_verifies_as_revoked(revoked, client):
    _undo_in_sql(revoked)
    result = verify_token(revoked.token, log=False)
    assert (result.status, result.reason) == ("revoked", "revoked")
    page = client.get(f"/v/{revoked.token}").content.decode()
    assert "该文书已被出具单位撤销" in page


def test_it_stays_on_the_published_revocation_list(revoked, client):
    _undo_in_sql(revoked)
    listed = client.get(REVOKED_URL).json()["payload"]["revoked"]
    assert [e["serial"] for e in listed] == [revoked.serial]
    assert listed[0]["revoked_at"]


def test_audit_verify_names_the_undone_revocation(revoked, capsys):
    call_command("audit", "verify")  # intact: passes
    _undo_in_sql(revoked)
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify")
    assert f"文书 {revoked.serial} 的撤销在登记表中被清除" in str(caught.value)


def test_a_forged_revocation_signature_is_named(revoked):
    entry = AuditEntry.objects.get(action="document.revoked")
    entry.summary["category"] = "expired"  # a writer changing what was revoked and why
    AuditEntry.objects.filter(pk=entry.pk).update(summary=entry.summary)
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify")
    assert "撤销记录签名不符" in str(caught.value) and "哈希不符" in str(caught.value)


def test_an_unsigned_revocation_written_into_the_log_revokes_nothing(sign, client):
    from jianzheng.core.audit import record

    document = sign()
    record(
        actor=None,
        action="document.revoked",
        target=document,
        summary={"serial": document.serial, "category": "other"},
    )
    assert verify_token(document.token, log=False).status == "valid"
    assert client.get(REVOKED_URL).json()["payload"]["revoked"] == []
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify")
    assert "没有出具单位的签名（伪造）" in str(caught.value)
