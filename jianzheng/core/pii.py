"""Personal data at rest (issue 16, item 4): ID numbers, phone numbers, the facts certified and
the PDFs that print them are stored encrypted, with a key the database never holds.

Envelope encryption with AES-256-GCM (`cryptography`):

- the **key-encryption key** (KEK) is a 32-byte key outside the database: the file
  `DATA_DIR/keys/pii-kek.json` (0600; made by `jianzheng setup` or `jianzheng keys rotate-pii`,
  backed up with the rest of `keys/`), or for a region's app servers the environment variable
  `JIANZHENG_PII_KEY` (`kid:base64[,kid:base64…]`, the first one active);
- every value gets its own random **data key**, sealed by the KEK under the KEK's id (`kid`),
  so rotating the KEK re-wraps 60 bytes per value and never touches the payloads;
- the payload is sealed by its data key with **associated data** naming its table, column and
  row (`jianzheng-pii|table|column|row`): a ciphertext copied into another row or column does
  not open.

A stored value: `JZE1 | len(kid) | kid | wrap nonce (12) | wrapped data key (48) | nonce (12)
| ciphertext and tag`, as bytes in a binary column and as `jze1:` + base64 in a text column.

Models use the fields at the bottom (`EncryptedTextField`, `EncryptedJSONField`,
`EncryptedBinaryField`), each told which field of its row binds it (`bind`, a value set before
the row is first saved and never changed: a serial, a tracking number, the primary key of a
row whose key is its parent's). Values decrypt when read from the model, never in SQL: an
encrypted column cannot be filtered on (look people up by `core.subjects.subject_key`)."""

import base64
import json
import os
import secrets
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models
from django.db.models.query_utils import DeferredAttribute

MAGIC = b"JZE1"
TEXT_PREFIX = "jze1:"
KEK_FILE = "pii-kek.json"
_WRAP_AAD = b"jianzheng-pii-data-key|"


class PiiError(Exception):
    """Personal data could not be sealed or opened. The message says what to fix."""


class PiiKeyMissing(PiiError):
    pass


class PiiDecryptError(PiiError):
    pass


# ---------------------------------------------------------------- the key-encryption key


@dataclass(frozen=True)
class KeyRing:
    active: str
    keys: dict[str, bytes]
    source: str  # "env" or the file's path


def kek_path() -> Path:
    return Path(settings.DATA_DIR) / "keys" / KEK_FILE


def key_from_environment() -> str:
    """JIANZHENG_PII_KEY as given: "" where the county keeps its key in keys/ instead."""
    return (getattr(settings, "PII_KEY", "") or "").strip()


def _parse_env(value: str) -> KeyRing:
    keys: dict[str, bytes] = {}
    active = ""
    for part in value.split(","):
        kid, sep, b64 = part.strip().partition(":")
        try:
            key = base64.b64decode(b64, validate=True) if sep else b""
        except ValueError:
            key = b""
        if not kid or len(key) != 32:
            raise PiiKeyMissing(
                "JIANZHENG_PII_KEY 格式有误：应为 kid:base64（32 字节密钥），多把以逗号分隔"
            )
        keys[kid] = key
        active = active or kid
    return KeyRing(active, keys, "env")


def _read_file(path: Path) -> KeyRing:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = {kid: base64.b64decode(v["key"]) for kid, v in data["keys"].items()}
        active = data["active"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PiiKeyMissing(f"个人信息加密密钥文件 {path} 无法读取：{type(exc).__name__}") from None
    if active not in keys or any(len(k) != 32 for k in keys.values()):
        raise PiiKeyMissing(f"个人信息加密密钥文件 {path} 内容有误")
    return KeyRing(active, keys, str(path))


_cache: dict[tuple, KeyRing] = {}


def keyring() -> KeyRing:
    """The KEKs this process can use: the environment's, else the data folder's file."""
    env = key_from_environment()
    if env:
        cache_key: tuple = ("env", env)
    else:
        path = kek_path()
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise PiiKeyMissing(
                f"缺少个人信息加密密钥（{path} 不存在，也未设置 JIANZHENG_PII_KEY）："
                "单机部署运行 `jianzheng setup`，区域部署给每台应用服务器设置同一个 "
                "JIANZHENG_PII_KEY"
            ) from None
        cache_key = (str(path), stat.st_mtime_ns, stat.st_size)
    ring = _cache.get(cache_key)
    if ring is None:
        ring = _parse_env(env) if env else _read_file(kek_path())
        _cache.clear()
        _cache[cache_key] = ring
    return ring


def has_key() -> bool:
    try:
        keyring()
    except PiiKeyMissing:
        return False
    return True


def _write_file(path: Path, active: str, keys: dict[str, bytes], retired: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "active": active,
        "keys": {
            kid: {
                "key": base64.b64encode(key).decode(),
                **({"retired": retired[kid]} if kid in retired else {}),
            }
            for kid, key in keys.items()
        },
    }
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(body, handle, indent=2)
        handle.write("\n")
    os.replace(tmp, path)
    _cache.clear()


def create_kek() -> str:
    """A new KEK in the data folder's file, active from now on; older ones stay to open what
    they wrapped until `rotate` has re-wrapped it. Returns its kid."""
    from django.utils import timezone

    if key_from_environment():
        raise PiiError(
            "个人信息加密密钥由 JIANZHENG_PII_KEY 提供：在环境变量最前面加入新密钥后再运行轮换"
        )
    path = kek_path()
    keys: dict[str, bytes] = {}
    retired: dict[str, str] = {}
    if path.exists():
        old = json.loads(path.read_text(encoding="utf-8"))
        keys = {kid: base64.b64decode(v["key"]) for kid, v in old["keys"].items()}
        retired = {kid: v["retired"] for kid, v in old["keys"].items() if "retired" in v}
        retired.setdefault(old["active"], timezone.now().isoformat(timespec="seconds"))
    kid = f"pii-{timezone.now():%Y%m%d}-{secrets.token_hex(4)}"
    keys[kid] = AESGCM.generate_key(bit_length=256)
    _write_file(path, kid, keys, retired)
    return kid


def ensure_kek() -> str | None:
    """`jianzheng setup` and the encrypting migrations: a KEK file if there is no key at all.
    Returns the new kid, or None when a key was already there."""
    if key_from_environment() or kek_path().exists():
        return None
    return create_kek()


def forget_keks(keep: set[str]) -> list[str]:
    """Drop the file's KEKs not in `keep` (after a rotation re-wrapped everything)."""
    ring = keyring()
    if ring.source == "env":
        return []
    dropped = [kid for kid in ring.keys if kid not in keep and kid != ring.active]
    data = json.loads(kek_path().read_text(encoding="utf-8"))
    retired = {kid: v["retired"] for kid, v in data["keys"].items() if "retired" in v}
    keys = {kid: key for kid, key in ring.keys.items() if kid not in dropped}
    _write_file(kek_path(), ring.active, keys, retired)
    return dropped


# ---------------------------------------------------------------- sealing one value


class Sealed(bytes):
    """A value as stored: opened only with its row's associated data."""


def associated_data(table: str, column: str, row: object) -> bytes:
    return f"jianzheng-pii|{table}|{column}|{row}".encode()


def seal(plain: bytes, aad: bytes, ring: KeyRing | None = None) -> Sealed:
    ring = ring or keyring()
    kid = ring.active.encode()
    data_key = AESGCM.generate_key(bit_length=256)
    wrap_nonce, nonce = os.urandom(12), os.urandom(12)
    wrapped = AESGCM(ring.keys[ring.active]).encrypt(wrap_nonce, data_key, _WRAP_AAD + kid)
    body = AESGCM(data_key).encrypt(nonce, plain, aad)
    return Sealed(MAGIC + struct.pack("B", len(kid)) + kid + wrap_nonce + wrapped + nonce + body)


def _split(blob: bytes) -> tuple[str, bytes, bytes, bytes, bytes]:
    if not blob.startswith(MAGIC) or len(blob) < 6:
        raise PiiDecryptError("不是加密的个人信息（格式不符）")
    n = blob[4]
    kid = blob[5 : 5 + n].decode("ascii", "replace")
    at = 5 + n
    wrap_nonce, wrapped = blob[at : at + 12], blob[at + 12 : at + 60]
    nonce, body = blob[at + 60 : at + 72], blob[at + 72 :]
    if len(wrapped) != 48 or len(nonce) != 12 or len(body) < 16:
        raise PiiDecryptError("加密的个人信息长度不符")
    return kid, wrap_nonce, wrapped, nonce, body


def kid_of(blob: bytes) -> str:
    return _split(blob)[0]


def _data_key(ring: KeyRing, kid: str, wrap_nonce: bytes, wrapped: bytes) -> bytes:
    key = ring.keys.get(kid)
    if key is None:
        raise PiiKeyMissing(
            f"个人信息由密钥 {kid} 加密，本机没有这把密钥（已有：{'、'.join(ring.keys) or '无'}）"
        )
    try:
        return AESGCM(key).decrypt(wrap_nonce, wrapped, _WRAP_AAD + kid.encode())
    except InvalidTag:
        raise PiiDecryptError(f"密钥 {kid} 打不开数据密钥：密钥文件与数据库不配套") from None


def open_sealed(blob: bytes, aad: bytes, ring: KeyRing | None = None) -> bytes:
    kid, wrap_nonce, wrapped, nonce, body = _split(bytes(blob))
    data_key = _data_key(ring or keyring(), kid, wrap_nonce, wrapped)
    try:
        return AESGCM(data_key).decrypt(nonce, body, aad)
    except InvalidTag:
        raise PiiDecryptError("加密的个人信息与其所在的行不符（被改动或从别处复制而来）") from None


def rewrap(blob: bytes, ring: KeyRing | None = None) -> Sealed:
    """The same payload with its data key wrapped by the active KEK."""
    ring = ring or keyring()
    kid, wrap_nonce, wrapped, nonce, body = _split(bytes(blob))
    if kid == ring.active:
        return Sealed(blob)
    data_key = _data_key(ring, kid, wrap_nonce, wrapped)
    new_kid = ring.active.encode()
    new_nonce = os.urandom(12)
    new_wrapped = AESGCM(ring.keys[ring.active]).encrypt(new_nonce, data_key, _WRAP_AAD + new_kid)
    return Sealed(
        MAGIC + struct.pack("B", len(new_kid)) + new_kid + new_nonce + new_wrapped + nonce + body
    )


def text_form(blob: bytes) -> str:
    return TEXT_PREFIX + base64.b64encode(blob).decode("ascii")


def from_text(value: str) -> Sealed:
    if not value.startswith(TEXT_PREFIX):
        raise PiiDecryptError("不是加密的个人信息（该列应为密文，却是明文）")
    return Sealed(base64.b64decode(value[len(TEXT_PREFIX) :]))


# ---------------------------------------------------------------- model fields


class _Descriptor(DeferredAttribute):
    """Opens the stored value on first read, with the row it is in."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            field: Any = self.field
            value = field.decode(open_sealed(value, field.aad(instance)))
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value):
        # A data descriptor, so reads come through __get__ even once the value is loaded.
        instance.__dict__[self.field.attname] = value


class _Encrypted:
    bind: str

    def _init_bind(self, kwargs: dict) -> dict:
        self.bind = kwargs.pop("bind", "pk")
        return kwargs

    def aad(self: Any, instance) -> bytes:
        row = getattr(instance, self.bind)
        if row in (None, ""):
            raise PiiError(
                f"{self.model._meta.label}.{self.attname}：行标识 {self.bind} 为空，无法加密"
            )
        return associated_data(self.model._meta.db_table, self.column, row)

    def encode(self, value) -> bytes:
        return str(value).encode("utf-8")

    def decode(self, plain: bytes):
        return plain.decode("utf-8")

    def pre_save(self: Any, model_instance, add):
        raw = model_instance.__dict__.get(self.attname)
        if isinstance(raw, Sealed):
            return raw  # read and never opened: stored as it was
        value = getattr(model_instance, self.attname)
        if value is None:
            return None
        return seal(self.encode(value), self.aad(model_instance))

    def _refuse(self: Any, value):
        raise PiiError(
            f"{self.model._meta.label}.{self.attname} 是加密列：不能在 SQL 中按值查询或批量写入"
            f"（{type(value).__name__}）"
        )


class EncryptedTextField(_Encrypted, models.TextField):
    descriptor_class = _Descriptor

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **self._init_bind(kwargs))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.bind != "pk":
            kwargs["bind"] = self.bind
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return None if value is None else from_text(value)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, Sealed):
            return text_form(value)
        self._refuse(value)


class EncryptedJSONField(EncryptedTextField):
    # What django-stubs reads a field's Python type from: any JSON value, as JSONField.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def encode(self, value) -> bytes:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")

    def decode(self, plain: bytes):
        return json.loads(plain)


class EncryptedBinaryField(_Encrypted, models.BinaryField):
    descriptor_class = _Descriptor

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **self._init_bind(kwargs))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.bind != "pk":
            kwargs["bind"] = self.bind
        return name, path, args, kwargs

    def encode(self, value) -> bytes:
        return bytes(value)

    def decode(self, plain: bytes):
        return plain

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        value = bytes(value)
        if not value.startswith(MAGIC):
            raise PiiDecryptError("不是加密的文件（该列应为密文，却是明文）")
        return Sealed(value)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, Sealed):
            return bytes(value)
        self._refuse(value)


ENCRYPTED_FIELDS = (EncryptedTextField, EncryptedBinaryField)


def new_row_ref() -> str:
    """A row's binding name for a model with no natural one (`bind="ref"`)."""
    return secrets.token_hex(16)


def encrypted_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if isinstance(f, ENCRYPTED_FIELDS)]


def encrypted_models() -> list:
    from django.apps import apps

    return [m for m in apps.get_models() if encrypted_fields(m)]


# ---------------------------------------------------------------- migrations and rotation

_BATCH = 200


def _columns(model, names: list[str]) -> list[tuple[str, str, Any]]:
    fields = [model._meta.get_field(name) for name in names]
    return [(f.attname, f.column, f) for f in fields]


def _bind_column(model, field) -> str:
    return model._meta.pk.column if field.bind == "pk" else model._meta.get_field(field.bind).column


def _rows(cursor, connection, table: str, pk: str, columns: list[str]):
    """Every row in primary-key order, a batch at a time (a PDF table can be large)."""
    q = connection.ops.quote_name
    select = ", ".join(q(c) for c in [pk, *columns])
    last = None
    while True:
        where = f" WHERE {q(pk)} > %s" if last is not None else ""
        cursor.execute(
            f"SELECT {select} FROM {q(table)}{where} ORDER BY {q(pk)} LIMIT {_BATCH}",
            [last] if last is not None else [],
        )
        batch = cursor.fetchall()
        if not batch:
            return
        yield from batch
        last = batch[-1][0]


def _plain_bytes(field, value) -> bytes | None:
    """The plain value of a not yet encrypted column as the field encodes it; None when it is
    already encrypted."""
    if isinstance(field, EncryptedBinaryField):
        value = bytes(value)
        return None if value.startswith(MAGIC) else value
    if value.startswith(TEXT_PREFIX):
        return None
    if isinstance(field, EncryptedJSONField):
        return field.encode(json.loads(value))
    return field.encode(value)


def encrypt_columns(apps, schema_editor, label: str, names: list[str]) -> int:
    """Data migration: seal the plain values of `names` (already altered to encrypted fields)
    in every row of model `label`, in SQL (no model code runs). Makes the KEK file if there is
    no key and something to seal. Returns how many values it sealed."""
    model = apps.get_model(label)
    connection = schema_editor.connection
    table, pk = model._meta.db_table, model._meta.pk.column
    fields = [f for _, _, f in _columns(model, names)]
    binds = [_bind_column(model, f) for f in fields]
    columns = [f.column for f in fields]
    q = connection.ops.quote_name
    sealed = 0
    with connection.cursor() as cursor, connection.cursor() as writer:
        ring = None
        for row in _rows(cursor, connection, table, pk, [*dict.fromkeys(binds + columns)]):
            values = dict(zip([pk, *dict.fromkeys(binds + columns)], row, strict=True))
            updates = {}
            for field, bind in zip(fields, binds, strict=True):
                raw = values[field.column]
                plain = None if raw is None else _plain_bytes(field, raw)
                if plain is None:
                    continue
                if ring is None:
                    ensure_kek()
                    ring = keyring()
                blob = seal(plain, associated_data(table, field.column, values[bind]), ring)
                is_binary = isinstance(field, EncryptedBinaryField)
                updates[field.column] = bytes(blob) if is_binary else text_form(blob)
            if updates:
                sets = ", ".join(f"{q(c)} = %s" for c in updates)
                writer.execute(
                    f"UPDATE {q(table)} SET {sets} WHERE {q(pk)} = %s",
                    [*updates.values(), values[pk]],
                )
                sealed += len(updates)
    return sealed


def decrypt_columns(apps, schema_editor, label: str, names: list[str]) -> int:
    """The reverse of encrypt_columns (needs the KEK): plain values back, for a downgrade."""
    model = apps.get_model(label)
    connection = schema_editor.connection
    table, pk = model._meta.db_table, model._meta.pk.column
    fields = [f for _, _, f in _columns(model, names)]
    binds = [_bind_column(model, f) for f in fields]
    q = connection.ops.quote_name
    opened = 0
    cols = [*dict.fromkeys(binds + [f.column for f in fields])]
    with connection.cursor() as cursor, connection.cursor() as writer:
        for row in _rows(cursor, connection, table, pk, cols):
            values = dict(zip([pk, *cols], row, strict=True))
            updates: dict[str, Any] = {}
            for field, bind in zip(fields, binds, strict=True):
                raw = values[field.column]
                if raw is None:
                    continue
                is_binary = isinstance(field, EncryptedBinaryField)
                blob = bytes(raw) if is_binary else from_text(raw)
                plain = open_sealed(blob, associated_data(table, field.column, values[bind]))
                updates[field.column] = plain if is_binary else plain.decode("utf-8")
            if updates:
                sets = ", ".join(f"{q(c)} = %s" for c in updates)
                writer.execute(
                    f"UPDATE {q(table)} SET {sets} WHERE {q(pk)} = %s",
                    [*updates.values(), values[pk]],
                )
                opened += len(updates)
    return opened


def encrypting(label: str, *names: str):
    """The RunPython operation of an app's encrypting migration."""
    from django.db import migrations

    def forward(apps, editor) -> None:
        encrypt_columns(apps, editor, label, list(names))

    def backward(apps, editor) -> None:
        decrypt_columns(apps, editor, label, list(names))

    return migrations.RunPython(forward, backward, elidable=False)


def problems() -> list[str]:
    """What keeps this server from reading personal data (for readiness and start-up): no KEK,
    or the newest row of a model sealed under a KEK this server does not hold."""
    try:
        ring = keyring()
    except PiiKeyMissing as exc:
        return [str(exc)]
    from django.db import DatabaseError

    found = []
    for model in encrypted_models():
        names = [f.attname for f in encrypted_fields(model)]
        try:
            row = model._base_manager.order_by("-pk").values_list(*names).first()
        except DatabaseError:  # not migrated yet: nothing sealed to read
            continue
        for value in row or ():
            if isinstance(value, Sealed) and kid_of(value) not in ring.keys:
                found.append(
                    f"{model._meta.verbose_name}的个人信息由密钥 {kid_of(value)} 加密，本机没有这把密钥"
                )
                break
    return found


def open_value(model, name: str, value, row):
    """A sealed value read with `.values_list()` (no instance to open it), opened with its row's
    binding value (`row`: what the field's `bind` names, e.g. the serial)."""
    if not isinstance(value, Sealed):
        return value
    field = model._meta.get_field(name)
    aad = associated_data(model._meta.db_table, field.column, row)
    return field.decode(open_sealed(value, aad))
