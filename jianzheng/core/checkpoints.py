"""Signed checkpoints of the audit chain (issue 16): what makes the log tamper-evident to someone
who can write the database.

A checkpoint is the chain head (the newest entry's id and hash) signed with an Ed25519 key whose
private half lives in the data folder, never in the database. Each one is kept twice: as a row
(`AuditCheckpoint`, published at /.well-known/jianzheng/audit-checkpoints.json so anyone may keep
copies) and as a line appended to `audit/checkpoints.jsonl` beside the key. `trusted_marks()`
accepts only checkpoints whose signature holds under a key the caller trusts (the key file, or a
public key given on the command line), from either copy: a checkpoint forged or altered in the
database is refused, and one deleted from it is still in the file.

Made by `jianzheng audit checkpoint` (daily from cron or the task runner, and on demand)."""

import base64
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jianzheng.core.audit import Mark, verify_chain
from jianzheng.core.models import AuditCheckpoint, AuditHead

CONTEXT = b"jianzheng-audit-checkpoint\0"


def folder() -> Path:
    return Path(settings.DATA_DIR) / "audit"


def key_file() -> Path:
    return folder() / "checkpoint-key.pem"


def journal_file() -> Path:
    return folder() / "checkpoints.jsonl"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


def load_or_create_key() -> Ed25519PrivateKey:
    """The checkpoint key, made on first use with mode 0600 from the start."""
    path = key_file()
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        return key
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def local_public_key() -> bytes | None:
    """The public half of this machine's checkpoint key, if it has one."""
    try:
        key = serialization.load_pem_private_key(key_file().read_bytes(), password=None)
    except FileNotFoundError:
        return None
    assert isinstance(key, Ed25519PrivateKey)
    return public_bytes(key.public_key())


def public_key_text(public: bytes) -> str:
    return _b64(public)


def parse_public_key(text: str) -> bytes:
    """A public key as `audit checkpoint` prints it (base64url of the 32 raw bytes)."""
    raw = _unb64(text.strip())
    if len(raw) != 32:
        raise ValueError("检查点公钥应为 32 字节（base64url）")
    return raw


def signed_bytes(last_id: int, last_hash: str, at: str, kid: str) -> bytes:
    body = {"last_id": last_id, "last_hash": last_hash, "at": at, "kid": kid}
    return CONTEXT + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Checkpoint:
    last_id: int
    last_hash: str
    at: str
    kid: str
    signature: str

    def as_json(self) -> dict:
        return {
            "last_id": self.last_id,
            "last_hash": self.last_hash,
            "at": self.at,
            "kid": self.kid,
            "signature": self.signature,
        }

    def holds_under(self, public: bytes) -> bool:
        if self.kid != key_id(public):
            return False
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(
                _unb64(self.signature),
                signed_bytes(self.last_id, self.last_hash, self.at, self.kid),
            )
        except (InvalidSignature, ValueError):
            return False
        return True


class ChainBroken(Exception):
    """The chain does not hold: a checkpoint would vouch for it."""


def make_checkpoint() -> Checkpoint:
    """Sign the chain head as it is now, after checking the chain against the checkpoints made
    before (a broken chain is never signed); kept in the database and appended to the journal.
    One machine of a platform makes them: its key is the one `audit verify` trusts."""
    key = load_or_create_key()
    report = verify_chain(trusted_marks(public_bytes(key.public_key())).marks)
    if not report.ok:
        raise ChainBroken(f"第 {report.broken_id} 条：{report.reason}")
    public = public_bytes(key.public_key())
    kid = key_id(public)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        at = timezone.now().isoformat(timespec="seconds")
        data = signed_bytes(head.last_id, head.last_hash, at, kid)
        made = Checkpoint(head.last_id, head.last_hash, at, kid, _b64(key.sign(data)))
        AuditCheckpoint.objects.create(
            last_id=made.last_id,
            last_hash=made.last_hash,
            at=made.at,
            kid=kid,
            signature=made.signature,
        )
    journal = journal_file()
    fd = os.open(journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(made.as_json(), sort_keys=True) + "\n")
    return made


def from_database() -> list[Checkpoint]:
    return [
        Checkpoint(c.last_id, c.last_hash, c.at, c.kid, c.signature)
        for c in AuditCheckpoint.objects.order_by("id")
    ]


def from_file(path: Path) -> list[Checkpoint]:
    """The journal's lines, or the `checkpoints` of a published audit-checkpoints.json."""
    text = path.read_text(encoding="utf-8")
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict) and "checkpoints" in whole:
        rows = whole["checkpoints"]
    else:
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [
        Checkpoint(
            int(r["last_id"]), str(r["last_hash"]), str(r["at"]), str(r["kid"]), str(r["signature"])
        )
        for r in rows
    ]


@dataclass(frozen=True)
class Marks:
    marks: list[Mark]
    refused: int  # checkpoints of the trusted key whose signature does not hold: forged
    other_keys: int  # checkpoints of another key (another machine's, an older key): not used


def trusted_marks(public: bytes, extra: Iterable[Checkpoint] = ()) -> Marks:
    """Every checkpoint of the database, the journal and `extra` that holds under `public`."""
    found = [*from_database(), *extra]
    if journal_file().exists():
        found += from_file(journal_file())
    seen: dict[tuple, Mark] = {}
    refused, other = set(), set()
    kid = key_id(public)
    for c in found:
        if c.kid != kid:
            other.add((c.kid, c.last_id, c.signature))
        elif c.holds_under(public):
            seen[(c.last_id, c.last_hash)] = Mark(c.last_id, c.last_hash, f" {c.at} 的检查点")
        else:
            refused.add((c.last_id, c.last_hash, c.signature))
    return Marks(list(seen.values()), len(refused), len(other))


def published() -> dict:
    """/.well-known/jianzheng/audit-checkpoints.json: keep a copy; the key to trust comes from the
    operator (`jianzheng audit checkpoint` prints it), not from this file."""
    return {"checkpoints": [c.as_json() for c in from_database()]}
