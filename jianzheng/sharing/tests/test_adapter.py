"""The adapter against a real HTTP server on 127.0.0.1 the test starts: a signed answer is
recorded whole; a timeout, a refused connection, garbage or a bad signature leave the check
pending with the error noted — never half an answer."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jianzheng.core.models import AuditEntry
from jianzheng.sharing import adapter, integrity
from jianzheng.sharing.models import SharedFact, SharingCheck
from jianzheng.sharing.services import ask_check

from .conftest import residence_check

SECRET = "a-shared-secret-of-enough-length"


class Holder(ThreadingHTTPServer):
    """An external holder: `reply(document) -> (status, body bytes, signed?)`; hangs when told."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.seen: list[tuple[dict, dict]] = []
        self.reply = lambda document: (200, answer_for(document, "yes"), True)
        self.hang = threading.Event()
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/check"


class Handler(BaseHTTPRequestHandler):
    server: Holder

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.seen.append((dict(self.headers), json.loads(body)))
        expected = adapter.sign(SECRET.encode(), body)
        if self.headers.get(adapter.SIGNATURE) != expected:
            self.send_response(401)
            self.end_headers()
            return
        if self.server.hang.is_set():
            self.server.release.wait(5)
            return
        status, raw, signed = self.server.reply(json.loads(body))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if signed:
            self.send_header(adapter.SIGNATURE, adapter.sign(SECRET.encode(), raw))
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args):
        pass


def answer_for(document: dict, answer: str, **extra) -> bytes:
    return json.dumps({"request_id": document["request_id"], "answer": answer, **extra}).encode()


@pytest.fixture
def holder():
    server = Holder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def external(facts, holder, settings, tmp_path):
    """公安's 户籍 fact answered by an exchange outside the platform."""
    settings.DATA_DIR = tmp_path
    settings.SHARING_ADAPTER_TIMEOUT = 0.5
    settings.SHARING_ADAPTER_RETRIES = 1
    settings.SHARING_ADAPTER_BACKOFF = 0
    (tmp_path / "sharing").mkdir()
    (tmp_path / "sharing" / "640121-GAJ.secret").write_text(SECRET + "\n")
    SharedFact.objects.filter(code="hukou-address").update(endpoint=holder.url)


@pytest.fixture
def pending(external, yanghe_officer):
    return ask_check(actor=yanghe_officer, **residence_check())


def test_a_signed_answer_from_the_exchange_is_recorded_and_bound_to_the_request(holder, pending):
    result = adapter.dispatch_pending()
    assert (result.answered, result.failed) == (1, 0)
    headers, document = holder.seen[0]
    assert headers[adapter.REQUEST_ID] == document["request_id"] == adapter.request_id(pending)
    assert document["subject"] == {"name": "马小花", "id_number": "640121199003071232"}
    assert document["purpose"] == pending.purpose and document["case_number"] == "YHZ-2026-0012"
    check = SharingCheck.objects.get()
    assert (check.state, check.answer, check.answered_by) == ("answered", "yes", None)
    assert "外部接口" in check.answered_by_name
    assert integrity.verify_check(check) == []
    assert AuditEntry.objects.get(action="sharing.answer").actor_name == "adapter:640121-GAJ"
    assert adapter.dispatch_pending().answered == 0  # nothing pending any more


def test_a_holder_that_does_not_answer_in_time_leaves_the_check_pending(holder, pending):
    holder.hang.set()
    result = adapter.dispatch_pending()
    assert result.failed == 1
    check = SharingCheck.objects.get()
    assert check.state == "pending" and check.answer == "" and check.answer_hash == ""
    assert "秒内无答复" in check.last_error and check.attempts == 1
    assert len(holder.seen) == 2  # tried once more, with the same request id
    assert holder.seen[0][1]["request_id"] == holder.seen[1][1]["request_id"]


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (lambda d: (200, b"<html>oops</html>", True), "不是 JSON"),
        (lambda d: (200, answer_for(d, "yes"), False), "签名"),
        (lambda d: (200, answer_for({"request_id": "jz-0-x"}, "yes"), True), "request_id"),
        (lambda d: (200, answer_for(d, "perhaps"), True), "不符合"),
        (lambda d: (200, answer_for(d, "yes", fields={"address": "x"}), True), "不符合"),
        (lambda d: (200, answer_for(d, "yes", fields=["x"]), True), "格式有误"),
        (lambda d: (500, b"{}", True), "HTTP 500"),
    ],
)
def test_a_malformed_answer_is_not_recorded(holder, pending, reply, error):
    holder.reply = reply
    assert adapter.dispatch_pending().failed == 1
    check = SharingCheck.objects.get()
    assert (check.state, check.answer, check.fields, check.answer_hash) == ("pending", "", {}, "")
    assert error in check.last_error
    assert not AuditEntry.objects.filter(action="sharing.answer").exists()
    assert len(holder.seen) == 1  # an answer that came back wrong is not asked again at once


def test_a_missing_secret_or_an_unreachable_holder_is_noted(holder, pending, settings, tmp_path):
    (tmp_path / "sharing" / "640121-GAJ.secret").unlink()
    adapter.dispatch_pending()
    assert "密钥文件" in SharingCheck.objects.get().last_error
    (tmp_path / "sharing" / "640121-GAJ.secret").write_text(SECRET)
    port = holder.server_address[1]
    holder.shutdown()
    holder.server_close()
    SharedFact.objects.filter(code="hukou-address").update(endpoint=f"http://127.0.0.1:{port}/")
    adapter.dispatch_pending()
    check = SharingCheck.objects.get()
    assert check.state == "pending" and "无法连接" in check.last_error and check.attempts == 2


def test_an_external_holders_check_is_not_answered_by_hand(pending, police_officer):
    from django.core.exceptions import PermissionDenied

    from jianzheng.sharing.services import answer_check

    with pytest.raises(PermissionDenied):
        answer_check(actor=police_officer, check=pending, answer="yes")


def test_the_dispatch_command_reports_what_it_did(holder, pending, capsys):
    from django.core.management import call_command

    call_command("sharing", "dispatch")
    assert "已答复 1" in capsys.readouterr().out


def test_the_operator_connects_a_holder_to_its_exchange_and_back(facts, capsys, tmp_path, settings):
    from django.core.management import CommandError, call_command

    settings.DATA_DIR = tmp_path
    call_command("sharing", "connect", "640121-MZJ", "https://exchange.example.gov.cn/check")
    assert "640121-MZJ.secret" in capsys.readouterr().out
    assert SharedFact.objects.get(code="marital-status").endpoint.startswith("https://exchange")
    assert AuditEntry.objects.filter(action="sharing.connect").exists()
    call_command("sharing", "connect", "640121-MZJ", "--off")
    assert SharedFact.objects.get(code="marital-status").endpoint == ""
    with pytest.raises(CommandError):
        call_command("sharing", "connect", "640121-SFJ", "https://x.example/")
