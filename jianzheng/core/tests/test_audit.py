from jianzheng.core.audit import record, verify_chain
from jianzheng.core.models import AuditEntry


def test_an_untouched_chain_verifies(db):
    for n in range(3):
        record(actor=None, action="test.done", target=("thing", n), summary={"n": n})
    report = verify_chain()
    assert report.ok and report.checked == 3


def test_an_altered_summary_names_the_entry(db):
    entries = [record(actor=None, action="test.done", summary={"n": n}) for n in range(3)]
    AuditEntry.objects.filter(pk=entries[1].pk).update(summary={"n": 99})
    report = verify_chain()
    assert not report.ok and report.broken_id == entries[1].pk


def test_a_removed_middle_entry_is_caught(db):
    entries = [record(actor=None, action="test.done", summary={"n": n}) for n in range(3)]
    AuditEntry.objects.filter(pk=entries[1].pk).delete()
    report = verify_chain()
    assert not report.ok and report.broken_id == entries[1].pk


def test_a_removed_newest_entry_is_caught(db):
    entries = [record(actor=None, action="test.done", summary={"n": n}) for n in range(3)]
    AuditEntry.objects.filter(pk=entries[2].pk).delete()
    assert not verify_chain().ok


def test_user_creation_is_audited_with_the_unit(yanghe_clerk, civil_affairs_admin):
    entry = AuditEntry.objects.filter(action="user.created").last()
    assert entry.summary["username"] == "civil_affairs_admin"
    assert entry.summary["unit"] == "640121-MZJ"
