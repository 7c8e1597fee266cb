"""The verification log through the journal (core/journal.py, issue 17 item 2): the answer goes
out with its row in this server's journal file, the task runner stores it with the time of the
check, once, however often it runs; a line cut short waits until it is whole; a finished file
goes once stored. The kill -9 proof under load: tests/test_verify_crash.py."""

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from jianzheng.core import journal, outbox
from jianzheng.core.models import JournalOffset
from jianzheng.documents.models import VerificationLog
from jianzheng.documents.services import VERIFICATION_JOURNAL

CHECKED_AT = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def journaled(settings, tmp_path):
    settings.VERIFICATION_LOG = "journal"
    settings.JOURNAL_FSYNC = "always"
    settings.DATA_DIR = tmp_path
    return journal.folder(VERIFICATION_JOURNAL)


def verify(token: str) -> dict:
    answer = Client().post(
        "/api/v1/verify",
        json.dumps({"token": token, "purpose": "办理居住证"}),
        content_type="application/json",
    )
    assert answer.status_code == 200
    return answer.json()


def test_a_verification_is_answered_before_its_row_is_stored_and_stored_once_with_its_time(
    journaled, sign
):
    document = sign()
    with time_machine.travel(CHECKED_AT, tick=False):
        assert verify(document.token)["status"] == "valid"
    assert VerificationLog.objects.count() == 0
    assert len(list(journaled.glob("*.jsonl"))) == 1

    with time_machine.travel(CHECKED_AT + dt.timedelta(seconds=30), tick=False):
        assert journal.flush() == 1
        assert journal.flush() == 0

    row = VerificationLog.objects.get()
    assert (row.document, row.result, row.channel) == (document, "valid", "api")
    assert row.purpose == "办理居住证" and row.at == CHECKED_AT
    assert journal.backlog(VERIFICATION_JOURNAL) == 0


def test_the_task_runner_stores_the_journal_of_its_own_server(journaled, sign):
    verify(sign().token)
    assert journal.periodic_name() in outbox.run_once().periodic
    assert VerificationLog.objects.count() == 1


def test_a_line_cut_short_is_left_until_it_is_whole(journaled, sign):
    verify(sign().token)
    path = next(journaled.glob("*.jsonl"))
    whole = path.read_bytes()
    with open(path, "ab") as fh:
        fh.write(whole[:40])  # a power cut in the middle of a second line

    assert journal.flush() == 1
    assert VerificationLog.objects.count() == 1
    with open(path, "ab") as fh:
        fh.write(whole[40:])
    assert journal.flush() == 1
    assert VerificationLog.objects.count() == 2


def test_a_file_whose_hour_is_over_is_deleted_once_every_line_is_stored(journaled, sign):
    verify(sign().token)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)):
        assert journal.flush() == 1
    assert list(journaled.glob("*.jsonl")) == []
    assert not JournalOffset.objects.exists()
    assert VerificationLog.objects.count() == 1


def test_a_wrong_check_code_is_journaled_like_a_token(journaled, sign):
    document = sign()
    answer = Client().post(
        "/api/v1/verify",
        json.dumps({"serial": document.serial, "check_code": "WRONG-CODE"}),
        content_type="application/json",
    )
    assert answer.json()["reason"] == "wrong_check_code"
    assert journal.flush() == 1
    row = VerificationLog.objects.get()
    assert (row.document, row.reason, row.holder_match) == (document, "wrong_check_code", None)
