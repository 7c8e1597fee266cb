"""The audit log against someone who can write the database (issue 16, item 1): every field is
hashed, and signed checkpoints kept outside the database catch history rewritten with every hash
recomputed, a newest entry removed with the head rolled back, and a forged checkpoint."""

import json
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jianzheng.core import checkpoints
from jianzheng.core.audit import entry_hash, record, verify_chain
from jianzheng.core.models import AuditCheckpoint, AuditEntry, AuditHead


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def _entries(n: int) -> list[AuditEntry]:
    return [record(actor=None, action="test.done", summary={"n": i}) for i in range(n)]


def _rewrite_from(pk: int, **changes) -> None:
    """What a careful database writer does: change a row, then recompute its hash and every hash
    after it, and the head, so the chain on its own holds again."""
    AuditEntry.objects.filter(pk=pk).update(**changes)
    prev = AuditEntry.objects.get(pk=pk - 1).hash if pk > 1 else "0" * 64
    for entry in AuditEntry.objects.filter(pk__gte=pk).order_by("id"):
        entry.prev_hash = prev
        entry.hash = entry_hash(entry)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        prev = entry.hash
    AuditHead.objects.filter(id=1).update(last_hash=prev)


def _trusted():
    return checkpoints.trusted_marks(checkpoints.local_public_key()).marks


def test_the_actor_is_hashed_too(db, yanghe_clerk, civil_affairs_admin):
    entry = record(actor=yanghe_clerk, action="test.done")
    AuditEntry.objects.filter(pk=entry.pk).update(actor=civil_affairs_admin)
    report = verify_chain()
    assert not report.ok and report.broken_id == entry.pk


def test_history_rewritten_with_every_hash_recomputed_is_caught_by_a_checkpoint(db, data_dir):
    entries = _entries(5)
    checkpoints.make_checkpoint()
    _entries(2)
    _rewrite_from(entries[1].pk, summary={"n": "改过"})
    assert verify_chain().ok  # the chain alone cannot tell …
    report = verify_chain(_trusted())  # … the signed head can
    assert not report.ok and report.broken_id == entries[-1].pk
    assert "检查点不符" in report.reason


def test_removing_the_newest_entries_and_rolling_the_head_back_is_caught(db, data_dir):
    entries = _entries(4)
    checkpoints.make_checkpoint()
    AuditEntry.objects.filter(pk__gte=entries[2].pk).delete()
    AuditHead.objects.filter(id=1).update(last_id=entries[1].pk, last_hash=entries[1].hash, count=2)
    assert verify_chain().ok
    report = verify_chain(_trusted())
    assert not report.ok and "被删除" in report.reason and "4 条" in report.reason


def test_a_checkpoint_forged_in_the_database_is_refused(db, data_dir):
    _entries(3)
    made = checkpoints.make_checkpoint()
    _rewrite_from(2, summary={"n": "改过"})
    # The writer also "updates" the checkpoint row to the new head: without the key the
    # signature no longer holds, and the journal beside the key still has the real one.
    AuditCheckpoint.objects.update(last_hash=AuditHead.objects.get(id=1).last_hash)
    marks = checkpoints.trusted_marks(checkpoints.local_public_key())
    assert marks.refused == 1
    assert not verify_chain(marks.marks).ok
    assert made.holds_under(checkpoints.local_public_key())


def test_a_checkpoint_deleted_from_the_database_is_still_in_the_journal(db, data_dir):
    _entries(3)
    checkpoints.make_checkpoint()
    AuditCheckpoint.objects.all().delete()
    _rewrite_from(3, action="test.undone")
    assert not verify_chain(_trusted()).ok


def test_the_key_and_journal_are_private_files_outside_the_database(db, data_dir):
    _entries(1)
    checkpoints.make_checkpoint()
    for path in (checkpoints.key_file(), checkpoints.journal_file()):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    line = json.loads(checkpoints.journal_file().read_text().splitlines()[-1])
    assert line["last_id"] == 1 and line["last_hash"] == AuditEntry.objects.get(pk=1).hash


def test_the_published_checkpoints_verify_elsewhere_with_the_printed_key(
    client, db, data_dir, capsys
):
    _entries(3)
    call_command("audit", "checkpoint")
    printed = capsys.readouterr().out
    public = printed.split("--public-key=公钥）：")[1].strip()
    published = client.get("/.well-known/jianzheng/audit-checkpoints.json")
    assert published.status_code == 200 and len(published.json()["checkpoints"]) == 1
    copy = data_dir / "copy.json"
    copy.write_text(published.content.decode())
    # Elsewhere: no key file, the checkpoints from the published copy, the key as printed.
    checkpoints.key_file().unlink()
    checkpoints.journal_file().unlink()
    AuditCheckpoint.objects.all().delete()
    call_command("audit", "verify", "--checkpoints", str(copy), f"--public-key={public}")
    assert "与 1 个已签名的检查点一致" in capsys.readouterr().out
    _rewrite_from(2, summary={"n": "改过"})
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify", "--checkpoints", str(copy), f"--public-key={public}")
    assert "第 3 条" in str(caught.value) and "检查点不符" in str(caught.value)


def test_verify_without_any_checkpoint_key_says_it_did_not_compare(db, data_dir, capsys):
    _entries(2)
    call_command("audit", "verify")
    assert "未与检查点核对" in capsys.readouterr().out


def test_a_bad_public_key_is_a_clear_error(db, data_dir):
    with pytest.raises(CommandError, match="检查点公钥应为 32 字节"):
        call_command("audit", "verify", "--public-key", "abc")


def test_a_checkpoint_of_another_machines_key_is_set_aside_not_called_forged(db, data_dir):
    _entries(2)
    checkpoints.make_checkpoint()
    checkpoints.key_file().unlink()  # another server, another key
    checkpoints.journal_file().unlink()
    checkpoints.make_checkpoint()
    marks = checkpoints.trusted_marks(checkpoints.local_public_key())
    assert (len(marks.marks), marks.refused, marks.other_keys) == (1, 0, 1)
    call_command("audit", "verify")  # passes


def test_a_broken_chain_is_never_signed(db, data_dir):
    entries = _entries(3)
    AuditEntry.objects.filter(pk=entries[1].pk).update(summary={"n": "改过"})
    with pytest.raises(CommandError, match="未签署检查点"):
        call_command("audit", "checkpoint")
    assert not AuditCheckpoint.objects.exists()
