import datetime as dt
import socket

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from jianzheng.core import notify, outbox
from jianzheng.core.models import OutboxMessage


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_settings(settings):
    settings.SMTP_HOST, settings.SMTP_PORT = "127.0.0.1", free_port()
    settings.SMTP_TLS, settings.SMTP_USER = False, ""
    return settings


def test_a_message_exists_only_if_the_change_it_reports_committed(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify.email(to="a@example.com", subject="s", body="b")
        raise RuntimeError("the change failed")
    assert OutboxMessage.objects.count() == 0


def test_an_unknown_kind_is_refused_when_queued_not_when_run(db):
    with pytest.raises(ValueError):
        outbox.enqueue("nobody.handles.this", {})


def test_email_is_retried_after_a_refused_smtp_connection_and_then_delivered(db, smtp_settings):
    from aiosmtpd.controller import Controller

    with transaction.atomic():
        notify.email(to="resident@example.com", subject="举报进度", body="已受理")
    first = outbox.run_once(periodic=False)
    message = OutboxMessage.objects.get()
    assert (first.done, first.failed) == (0, 1)
    assert message.state == "pending" and message.attempts == 1
    assert "Refused" in message.last_error or "refused" in message.last_error
    assert outbox.run_once(periodic=False).failed == 0  # not due again yet

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=smtp_settings.SMTP_PORT)
    server.start()
    try:
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
            assert outbox.run_once(periodic=False).done == 1
    finally:
        server.stop()
    message.refresh_from_db()
    assert message.state == "done" and message.attempts == 2
    assert inbox.messages[0].rcpt_tos == ["resident@example.com"]
    import email
    from email.policy import default

    received = email.message_from_bytes(inbox.messages[0].content, policy=default)
    assert received["Subject"] == "举报进度"
    assert received.get_content().strip() == "已受理"


def test_backoff_grows_and_is_capped():
    assert [outbox.backoff(n) for n in (1, 2, 3)] == [60, 120, 240]
    assert outbox.backoff(50) == outbox.BACKOFF_MAX


def test_a_failing_handler_never_stops_the_others(db, settings, tmp_path):
    settings.DATA_DIR, settings.SMS_URL = tmp_path, ""
    calls = []
    outbox.register_handler("test.boom", lambda payload: (_ for _ in ()).throw(OSError("down")))
    outbox.register_handler("test.ok", calls.append)
    with transaction.atomic():
        outbox.enqueue("test.boom", {"n": 1})
        outbox.enqueue("test.ok", {"n": 2})
        notify.sms(phone="13909511234", text="您的举报已受理")
    report = outbox.run_once(periodic=False)
    assert (report.done, report.failed) == (2, 1)
    assert calls == [{"n": 2}]
    assert "13909511234" in (tmp_path / "sms-outbox.log").read_text(encoding="utf-8")


def test_the_runner_command_says_what_it_did(db, capsys):
    outbox.register_handler("test.ok", lambda payload: None)
    with transaction.atomic():
        outbox.enqueue("test.ok", {})
    call_command("tasks", "run")
    assert "已完成 1 条" in capsys.readouterr().out
    call_command("tasks", "status")
    assert "待发送 0 条" in capsys.readouterr().out


def test_periodic_jobs_run_once_per_period(db):
    from django.core.cache import cache

    cache.clear()
    runs = []
    outbox.register_periodic("test.tick", every=3600, run=lambda: runs.append(1))
    outbox.run_periodic()
    outbox.run_periodic()
    assert runs == [1]
    outbox._PERIODIC.pop("test.tick")


def test_a_stop_finishes_the_message_in_hand_and_leaves_the_rest_pending(db):
    stopping = []
    handled = []

    def handle(payload):
        handled.append(payload["n"])
        stopping.append(True)  # SIGTERM arrives while this message is being sent

    outbox.register_handler("test.slow", handle)
    with transaction.atomic():
        for n in range(3):
            outbox.enqueue("test.slow", {"n": n})
    outbox.run_loop(interval=60, stop=lambda: bool(stopping))  # returns, does not wait 60 s
    assert handled == [0]
    states = list(OutboxMessage.objects.order_by("id").values_list("state", flat=True))
    assert states == ["done", "pending", "pending"]
    assert outbox.run_once(periodic=False).done == 2  # the next runner takes the rest


@pytest.mark.in_pass("sqlite")  # signals and a process of its own, not the database, are tested
def test_the_service_stops_on_sigterm_within_seconds_not_at_its_next_poll(tmp_path):
    import signal
    import subprocess
    import time

    from tests.test_backup import JIANZHENG, county

    env = county(tmp_path, "county", f"sqlite:///{tmp_path / 'county.sqlite3'}")
    subprocess.run([JIANZHENG, "migrate"], env=env, check=True, capture_output=True)
    runner = subprocess.Popen(
        [JIANZHENG, "tasks", "run", "--loop", "--interval", "120"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "任务循环已启动" in runner.stdout.readline()
        time.sleep(0.5)  # inside its wait now
        sent = time.monotonic()
        runner.send_signal(signal.SIGTERM)
        out, err = runner.communicate(timeout=30)
    finally:
        runner.kill()
    assert runner.returncode == 0, err
    assert time.monotonic() - sent < 10  # the 120 s wait was cut short
    assert "任务循环已停止" in out
