"""Signing keys, signing, revocation and verification of documents of any kind."""

import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jianzheng.accounts.permissions import membership_of, unit_in_scope
from jianzheng.core import journal, replica
from jianzheng.core.audit import record
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text, mask_id_tail, mask_name
from jianzheng.documents import checkcodes, pdfsign, selectors
from jianzheng.documents.binding import KdfParams, normalise_id, normalise_name
from jianzheng.documents.models import SignedDocument, SigningKey, VerificationLog
from jianzheng.documents.signing import (
    CHOSEN_ALGORITHMS,
    NEW_KEY_ALGORITHM,
    KeyFileMissing,
    Signer,
    b64url,
    canonical_json,
    generate_signer,
    load_signer,
    write_private_key,
)
from jianzheng.documents.tokens import (
    Claims,
    TokenError,
    bind_holder,
    extract_token,
    holder_matches,
    sign_claims,
    verify_token_offline,
)
from jianzheng.regions.models import Region, Unit
from jianzheng.regions.selectors import counties, county_of, default_county

SERIAL_RE = re.compile(r"[0-9A-Za-z._/-]{1,64}")
KIND_RE = re.compile(r"[a-z][a-z0-9_]{0,31}")

KEYS_CREATE_HINT = "请运维人员在服务器上运行 `jianzheng keys create --county 县级代码` 生成签名密钥"


class SigningKeyMissing(RuleViolation):
    """No usable private key on this machine: an operator's job, not the clerk's."""

    def __init__(self, detail: str):
        super().__init__("no_signing_key", f"{detail}。{KEYS_CREATE_HINT}。", status=503)


def keys_dir() -> Path:
    return Path(settings.DATA_DIR) / "keys"


# ---------------------------------------------------------------- keys


def _county_list(counties) -> str:
    return "、".join(f"{c.code} {c.name}" for c in counties)


def signing_county(county: Region | None = None) -> Region:
    """The county a key is for: `county` itself, which must be a county, or when None the only
    county of a one-county deployment. Several counties and none named is an error listing
    them: a key is never given to a county by guess."""
    if county is not None:
        if county.level != Region.Level.COUNTY:
            raise RuleViolation(
                "not_a_county", f"{county.code} {county.name} 不是县（市、区）", field="county"
            )
        return county
    found = list(counties())
    if not found:
        raise RuleViolation(
            "no_county",
            "尚无县（市、区）区划，请先运行 `jianzheng setup` 或 `jianzheng regions import`",
            field="county",
        )
    if len(found) > 1:
        raise RuleViolation(
            "county_required",
            f"本平台有多个县（市、区），请用 --county 指定其一：{_county_list(found)}",
            field="county",
        )
    return found[0]


@transaction.atomic
def create_signing_key(
    *, county: Region | None = None, actor=None, algorithm: str | None = None
) -> SigningKey:
    """A new key signs for `county` from now on; that county's previous key retires from
    signing and keeps verifying. Other counties' keys are not touched. The algorithm is the
    one asked for (ES256 or SM2, a county's choice); unasked, the county keeps the one it
    signs with, and a county new or still on Ed25519 gets ES256."""
    county = signing_county(county)
    if algorithm is None:
        current = active_key(county)
        chosen = current is not None and current.algorithm in CHOSEN_ALGORITHMS
        algorithm = current.algorithm if chosen and current else NEW_KEY_ALGORITHM
    if algorithm not in CHOSEN_ALGORITHMS:
        raise RuleViolation(
            "unknown_algorithm",
            f"签名算法只能是 {'、'.join(CHOSEN_ALGORITHMS)}",
            field="algorithm",
        )
    signer = generate_signer(algorithm)
    now = timezone.now()
    path = write_private_key(keys_dir(), signer)
    try:
        # The lock orders two operators rotating the same county at once; the constraint
        # (one active key per county) would refuse the second anyway.
        Region.objects.select_for_update().filter(pk=county.pk).first()
        SigningKey.objects.filter(county=county, retired_at__isnull=True).update(retired_at=now)
        key = SigningKey.objects.create(
            kid=signer.kid,
            algorithm=signer.algorithm,
            public_key=b64url(signer.public_key),
            county=county,
            created_at=now,
        )
        record(
            actor=actor,
            action="signing_key.created",
            target=key,
            summary={"kid": key.kid, "algorithm": key.algorithm, "county": county.code},
        )
    except BaseException:
        path.unlink(missing_ok=True)  # a key the database never heard of must not linger
        raise
    return key


def active_key(county: Region) -> SigningKey | None:
    return SigningKey.objects.filter(county=county, retired_at__isnull=True).first()


def ensure_signing_key(*, county: Region | None = None, actor=None) -> SigningKey:
    """For `jianzheng setup`: a new key only when this machine cannot sign for the county with
    an ES256 or SM2 key. A county still signing with an Ed25519 key (made before ES256) gets an
    ES256 one: PDF readers check only those (documents.pdfsign); the old key keeps verifying."""
    county = signing_county(county)
    key = active_key(county)
    try:
        signer = current_signer(county)
    except SigningKeyMissing:
        signer = None
    if key is None or signer is None or signer.algorithm not in CHOSEN_ALGORITHMS:
        return create_signing_key(county=county, actor=actor)
    return key


def ensure_signing_keys(*, actor=None) -> list[SigningKey]:
    """Every county's active key, made where missing (see ensure_signing_key)."""
    return [ensure_signing_key(county=county, actor=actor) for county in counties()]


def current_signer(county: Region | None = None) -> Signer:
    """The signer of `county`'s active key (None: the only county).

    No key is never created on the fly: with several app servers on one database each would
    mint its own key on its first signature, retiring the others', and a private key nobody
    decided to create would miss the operator's backup of DATA_DIR/keys/. Key creation is the
    operator's deliberate step (`jianzheng keys create`, run by `jianzheng setup`)."""
    county = signing_county(county)
    key = active_key(county)
    if key is None:
        raise SigningKeyMissing(f"{county.name}尚未生成签名密钥")
    try:
        return load_signer(keys_dir(), key.kid)
    except KeyFileMissing:
        raise SigningKeyMissing(
            f"本机 {keys_dir()} 中没有{county.name}当前签名密钥 {key.kid} 的私钥文件"
        ) from None


def issuer_signer(issuer: Unit) -> Signer:
    """The key a document of `issuer` is signed with: its county's active key."""
    county = county_of(issuer.region)
    if county.level != Region.Level.COUNTY:
        raise RuleViolation(
            "issuer_without_county",
            f"{issuer.name}不在任何县（市、区）内，没有可用的签名密钥",
            field="issuer",
        )
    return current_signer(county)


# ---------------------------------------------------------------- sign and revoke

# The longest revocation reason, in characters once trimmed (core.text.clean_text); the API
# schemas of the kinds that revoke (certificates/schemas.py) state the same number.
MAX_REVOKE_REASON = 200


@dataclass(frozen=True)
class PreparedDocument:
    """A signed token not yet in the registry: callers that must render paper (with the token in
    its QR) before they take their locks sign first and register inside their transaction."""

    claims: Claims
    token: str
    kid: str
    issuer: Unit
    holder_name_masked: str
    holder_id_masked: str
    # Printed on the paper beside the serial; the registry keeps only its hash.
    check_code: str = ""
    # The facts attachment the PDF's signature will cover (full personal data: never stored
    # here, only inside the holder's own paper).
    facts_file: bytes = field(default=b"", repr=False)


def prepare_document(
    *,
    kind: str,
    serial: str,
    issuer: Unit,
    subject_code: str,
    issued_on: date,
    valid_until: date | None,
    holder_name: str,
    holder_id_number: str,
    facts: dict,
) -> PreparedDocument:
    """Check and sign; writes nothing. `facts` are the certified facts as drawn on the paper
    (JSON values); the token signs a tag of their canonical form (binding.canonical_facts)."""
    if not KIND_RE.fullmatch(kind or ""):
        raise RuleViolation("invalid_kind", f"文书类型 {kind!r} 不合规", field="kind")
    if not SERIAL_RE.fullmatch(serial or ""):
        raise RuleViolation(
            "invalid_serial", "编号只能由字母、数字和 . _ / - 组成,不超过64位", field="serial"
        )
    subject_code = clean_text(subject_code, field="subject_code", label="事项代码", max_length=64)
    name = clean_text(holder_name, field="holder_name", label="持有人姓名", max_length=60)
    id_number = clean_text(
        holder_id_number, field="holder_id_number", label="持有人证件号码", max_length=40
    )
    if valid_until is not None and valid_until < issued_on:
        raise RuleViolation("invalid_dates", "有效期不能早于出具日期", field="valid_until")
    if not isinstance(facts, dict):
        raise RuleViolation("invalid_facts", "证明内容格式有误", field="facts")
    signer = issuer_signer(issuer)
    kdf = KdfParams.from_list(list(settings.HOLDER_KDF))
    holder_tag, facts_tag = bind_holder(
        serial=serial, name=name, id_number=id_number, facts=facts, kdf=kdf
    )
    claims = Claims(
        serial=serial,
        kind=kind,
        subject_code=subject_code,
        issuer_code=issuer.code,
        issued_on=issued_on,
        valid_until=valid_until,
        holder_digest=holder_tag,
        facts_digest=facts_tag,
        kdf=kdf,
    )
    return PreparedDocument(
        claims=claims,
        token=sign_claims(signer, claims),
        kid=signer.kid,
        issuer=issuer,
        holder_name_masked=mask_name(normalise_name(name)),
        # The registry row feeds the public page, whose visitors hold the token: two digits to
        # match against the paper and no more (docs/security.md, "what a token holder learns").
        holder_id_masked=mask_id_tail(normalise_id(id_number), 2),
        check_code=checkcodes.new_check_code(),
        facts_file=pdfsign.facts_file(
            serial=serial, holder_name=name, holder_id_number=id_number, facts=facts
        ),
    )


def seal_pdf(*, prepared: PreparedDocument, pdf: bytes) -> bytes:
    """The paper drawn for `prepared`, with its facts attached and a PAdES signature by the key
    that signed its token; writes nothing. Any later byte change breaks the signature."""
    signer = load_signer(keys_dir(), prepared.kid)
    public_key = getattr(signer, "public_key", None)
    if not isinstance(public_key, bytes):
        raise SigningKeyMissing(f"签名密钥 {prepared.kid} 无法用于 PDF 签名")
    return pdfsign.sign_pdf(
        pdf, signer=signer, public_key=public_key, facts_file=prepared.facts_file
    )


@transaction.atomic
def register_document(*, actor, prepared: PreparedDocument) -> SignedDocument:
    """Put a prepared document in the registry. Joins the caller's transaction: if the caller's
    issue rolls back, so does the registration, and the token then verifies as 未登记 (invalid)."""
    claims = prepared.claims
    if SignedDocument.objects.filter(serial=claims.serial).exists():
        raise RuleViolation("duplicate_serial", f"编号 {claims.serial} 已被使用", field="serial")
    document = SignedDocument.objects.create(
        serial=claims.serial,
        kind=claims.kind,
        token=prepared.token,
        kid=prepared.kid,
        issuer=prepared.issuer,
        county_code=prepared.issuer.county_code,
        subject_code=claims.subject_code,
        issued_on=claims.issued_on,
        valid_until=claims.valid_until,
        holder_name_masked=prepared.holder_name_masked,
        holder_id_masked=prepared.holder_id_masked,
        check_code_hash=checkcodes.hash_check_code(prepared.check_code),
        signed_by=actor,
    )
    record(
        actor=actor,
        action="document.signed",
        target=document,
        summary={
            "serial": claims.serial,
            "kind": claims.kind,
            "kid": prepared.kid,
            "issuer": prepared.issuer.code,
        },
    )
    return document


@transaction.atomic
def revoke_document(
    *, actor, document: SignedDocument, category: str, reason: str
) -> SignedDocument:
    """Revocation shows on the public page and in revoked.json at once: the category for
    everyone, the free-text reason for staff only. The app that owns the kind decides who may
    revoke; here only the scope is checked, as a second lock."""
    errors = FieldErrors()
    if category not in SignedDocument.RevokeCategory.values:
        labels = "、".join(SignedDocument.RevokeCategory.labels)
        errors.add("category", f"请选择撤销类别：{labels}")
    reason = errors.collect(
        clean_text, reason, field="reason", label="撤销原因", max_length=MAX_REVOKE_REASON
    )
    errors.raise_if_any("invalid_revocation", "撤销内容有误")
    if actor is not None and not unit_in_scope(actor, document.issuer):
        raise PermissionDenied("不能撤销其他单位出具的文书")
    document = SignedDocument.objects.select_for_update().get(pk=document.pk)
    if document.revoked_at is not None:
        raise RuleViolation("already_revoked", f"文书 {document.serial} 已于此前撤销")
    # The revocation is a signed fact of its own (issue 16): the issuing county's key signs it
    # into the audit entry, and revoked.json and every verification read it from the log too, so
    # clearing revoked_at in the database does not make the paper valid again.
    signer = issuer_signer(document.issuer)
    document.revoked_at = timezone.now()
    document.revoked_by = actor
    document.revoke_category = category
    document.revoke_reason = reason
    fact = selectors.revocation_fact(document.serial, document.revoked_at, category)
    document.save(update_fields=["revoked_at", "revoked_by", "revoke_category", "revoke_reason"])
    transaction.on_commit(lambda: forget_registered(document.serial))
    forget_registered(document.serial)
    record(
        actor=actor,
        action=selectors.REVOKED_ACTION,
        target=document,
        summary={
            **fact,
            "reason": reason,
            "kid": signer.kid,
            "signature": b64url(signer.sign(canonical_json(fact))),
        },
    )
    return document


# ---------------------------------------------------------------- verify

# The longest text a verification takes, in characters once trimmed (core.text.clean_text); the
# API schema (documents/api.py VerifyIn) states the same numbers.
MAX_VERIFY_PURPOSE = 200
MAX_HOLDER_NAME = 60
MAX_HOLDER_ID_NUMBER = 40
MAX_SERIAL = 64
MAX_CHECK_CODE = 40

REASONS = {
    "ok": "文书真实有效，未被撤销",
    "revoked": "该文书已被出具单位撤销",
    "expired": "该文书已超过有效期",
    "malformed": "核验码不完整或已被改动",
    "malformed_payload": "核验码内容无法识别",
    "unknown_key": "核验码不是本系统签发的（签名密钥未登记）",
    "bad_signature": "签名不符：核验码已被改动或伪造",
    "not_registered": "本系统没有这份文书的登记记录",
    "mismatch": "核验码与登记记录不符",
    # One answer for an unknown serial and a wrong code: guessing learns nothing of either.
    "wrong_check_code": "编号或校验码不正确，请核对证明上印的编号和校验码",
}


@dataclass
class VerificationResult:
    status: str  # "valid" | "revoked" | "invalid"
    reason: str  # a key of REASONS
    claims: Claims | None = None
    document: SignedDocument | None = None
    holder_match: bool | None = None
    log: VerificationLog | None = field(default=None, repr=False)

    @property
    def message(self) -> str:
        return REASONS.get(self.reason, self.reason)

    @property
    def status_label(self) -> str:
        return VerificationLog.Result(self.status).label


def _registered(serial: str, *, using: str | None = None) -> SignedDocument | None:
    # serial is unique: a plain slice, no ORDER BY (default ordering, or .first()'s pk) to build.
    found = selectors.registry_rows().filter(serial=serial)
    if using is not None:
        found = found.using(using)
    return next(iter(found[:1]), None)


# serial -> (expires at, document, revoked): a paper checked again within
# JIANZHENG_VERIFY_CACHE_SECONDS (1 s) is answered from this process's memory. A revocation is
# seen at once by the process that made it and within that second by every other, the bound
# also put on a read replica's lag (core/replica.py). Only registered papers are kept.
_REGISTRY: dict[str, tuple[float, SignedDocument, bool]] = {}
REGISTRY_CACHE_MAX = 20_000


def forget_registered(serial: str) -> None:
    _REGISTRY.pop(serial, None)


def _registry_entry(serial: str) -> tuple[SignedDocument | None, bool]:
    ttl = settings.VERIFY_CACHE_SECONDS
    if ttl > 0:
        hit = _REGISTRY.get(serial)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1], hit[2]
    document = _registered(serial)
    if document is None and replica.configured():
        # Signed by one of our keys yet not on the replica: issued a moment ago, or a forgery
        # with a stolen key. Only the primary can say which.
        document = _registered(serial, using=replica.PRIMARY)
    if document is None:
        return None, False
    revoked = document.revoked_at is not None or selectors.revoked_in_log(document)
    if ttl > 0:
        if len(_REGISTRY) >= REGISTRY_CACHE_MAX:
            _REGISTRY.clear()
        _REGISTRY[serial] = (time.monotonic() + ttl, document, revoked)
    return document, revoked


def _check(token_text: str) -> VerificationResult:
    """Reads the registry from the read replica when there is one (core/replica.py)."""
    return replica.read(lambda: _check_registry(token_text))


def _check_registry(token_text: str) -> VerificationResult:
    invalid = VerificationLog.Result.INVALID
    try:
        parsed, claims = verify_token_offline(token_text, selectors.KnownPublicKeys())
    except TokenError as exc:
        return VerificationResult(invalid, exc.code)
    document, revoked = _registry_entry(claims.serial)
    if document is None:
        return VerificationResult(invalid, "not_registered", claims)
    if document.kid != parsed.kid or document.token != extract_token(token_text):
        return VerificationResult(invalid, "mismatch", claims)
    if revoked:
        return VerificationResult(VerificationLog.Result.REVOKED, "revoked", claims, document)
    if document.valid_until is not None and document.valid_until < timezone.localdate():
        return VerificationResult(invalid, "expired", claims, document)
    return VerificationResult(VerificationLog.Result.VALID, "ok", claims, document)


def _verifier_unit(verifier) -> Unit | None:
    if isinstance(verifier, Unit):
        return verifier
    membership = membership_of(verifier)
    return membership.unit if membership else None


def verify_token(
    token_text: str,
    *,
    verifier=None,
    purpose: str = "",
    holder_name: str | None = None,
    holder_id: str | None = None,
    log: bool = True,
    channel: str = VerificationLog.Channel.PAGE,
) -> VerificationResult:
    """Never raises for a bad token: tampered, truncated, foreign-signed or garbage all come
    back as status "invalid" with a reason. `verifier` is the checking User (or Unit), if known.
    The holder is confirmed only when both name and ID number are given."""
    purpose = clean_text(
        purpose, field="purpose", label="核验用途", max_length=MAX_VERIFY_PURPOSE, required=False
    )
    name = clean_text(
        holder_name, field="holder_name", label="姓名", max_length=MAX_HOLDER_NAME, required=False
    )
    id_number = clean_text(
        holder_id,
        field="holder_id_number",
        label="证件号码",
        max_length=MAX_HOLDER_ID_NUMBER,
        required=False,
    )
    result = _check(token_text or "")
    if result.claims is not None and name and id_number:
        result.holder_match = holder_matches(result.claims, name, id_number)
    # Text that is not a token at all is not a verification of anything: logging it would only
    # let anonymous garbage fill the table. Forged and tampered tokens are logged.
    if log and result.reason != "malformed":
        result.log = _log_verification(
            document=result.document,
            result=result.status,
            reason=result.reason,
            channel=channel,
            verifier_unit=_verifier_unit(verifier),
            purpose=purpose,
            holder_match=result.holder_match,
        )
    return result


LOG_FIELDS = ("result", "reason", "channel", "purpose", "holder_match")
# The server's journal of verification lines not yet stored (core.journal; registered in apps).
VERIFICATION_JOURNAL = "verifications"


def _log_verification(*, document, verifier_unit, **values) -> VerificationLog | None:
    """The row every check leaves (二(四) 核验留痕). With JIANZHENG_VERIFICATION_LOG=journal
    (the default) a line in this server's journal, durable before the answer goes out, stored
    by the task runner within seconds (core/journal.py); "direct": the row itself, now."""
    if settings.VERIFICATION_LOG == "direct":
        return VerificationLog.objects.create(
            document=document,
            county_code=document.county_code if document is not None else "",
            verifier_unit=verifier_unit,
            **values,
        )
    journal.append(
        VERIFICATION_JOURNAL,
        {
            **values,
            "document": document.pk if document is not None else None,
            "county_code": document.county_code if document is not None else "",
            "verifier_unit": verifier_unit.pk if verifier_unit is not None else None,
            "at": timezone.now().isoformat(),
        },
    )
    return None


def store_verification_rows(rows: list[dict]) -> int:
    """The task runner's half of the journal: rows in batches, each keeping the time of its
    check (a raw insert: `at` is auto_now_add, which would stamp the time of storing). A line
    written before lines named the paper's county gets it from the paper."""
    unnamed = {row["document"] for row in rows if "county_code" not in row and row["document"]}
    counties = dict(
        SignedDocument.objects.db_manager(replica.PRIMARY)
        .filter(pk__in=unnamed)
        .values_list("pk", "county_code")
    )
    objs = [
        VerificationLog(
            document_id=row["document"],
            county_code=row.get("county_code", counties.get(row["document"], "")),
            verifier_unit_id=row["verifier_unit"],
            at=datetime.fromisoformat(row["at"]),
            **{name: row.get(name) for name in LOG_FIELDS},
        )
        for row in rows
    ]
    fields = [f for f in VerificationLog._meta.concrete_fields if not f.primary_key]
    queryset = VerificationLog.objects.db_manager(replica.PRIMARY).all()
    for start in range(0, len(objs), 500):
        queryset._insert(objs[start : start + 500], fields=fields, raw=True)  # type: ignore[attr-defined]
    return len(objs)


# ---------------------------------------------------------------- published lists


def _list_signer() -> Signer:
    """revoked.json covers every county's revocations (each entry names its county) and is
    signed by one county's active key: the default county's, else the first by code that this
    machine can sign with. Any key in keys.json verifies it; a list only ever says a serial is
    revoked, so no county's key can make another county's paper valid by it."""
    first = default_county()
    candidates = [first] if first is not None else []
    candidates += [c for c in counties() if first is None or c.pk != first.pk]
    for county in candidates:
        try:
            return current_signer(county)
        except SigningKeyMissing:
            continue
    raise SigningKeyMissing("本机没有任何县（市、区）的签名密钥")


def signed_revocation_list() -> dict:
    """revoked.json: offline verifiers catch up with revocations. Writes nothing; it lives here
    because it signs. The signature covers canonical_json(payload)."""
    signer = _list_signer()
    payload = {
        "issued_at": timezone.localtime().isoformat(timespec="seconds"),
        "revoked": selectors.list_revocations(),
    }
    return {
        "payload": payload,
        "kid": signer.kid,
        "alg": signer.algorithm,
        "signature": b64url(signer.sign(canonical_json(payload))),
    }


# ---------------------------------------------------------------- verify by serial and check code


def verify_serial(
    serial: str,
    check_code: str,
    *,
    verifier=None,
    purpose: str = "",
    holder_name: str | None = None,
    holder_id: str | None = None,
    channel: str = VerificationLog.Channel.SERIAL,
) -> VerificationResult:
    """For a photocopy and no scanner: the serial and the check code printed beside it stand in
    for the QR code; with the right code the answer is the QR code's, word for word. A wrong
    code and an unknown serial answer alike, show nothing of the document and are logged (the
    wrong code against the document it was tried on, so its issuer sees the guessing)."""
    errors = FieldErrors()
    serial = errors.collect(
        clean_text, serial, field="serial", label="证明编号", max_length=MAX_SERIAL
    )
    code = errors.collect(
        clean_text, check_code, field="check_code", label="校验码", max_length=MAX_CHECK_CODE
    )
    errors.raise_if_any("invalid_request", "请填写证明编号和校验码")
    document = SignedDocument.objects.filter(serial=serial).order_by().first()
    # Hashed even for an unknown serial: the time of the answer tells nothing either.
    stored = document.check_code_hash if document is not None else None
    if not checkcodes.check_code_matches(stored, code) or document is None:
        purpose = clean_text(
            purpose,
            field="purpose",
            label="核验用途",
            max_length=MAX_VERIFY_PURPOSE,
            required=False,
        )
        result = VerificationResult(VerificationLog.Result.INVALID, "wrong_check_code")
        result.log = _log_verification(
            document=document,
            result=result.status,
            reason=result.reason,
            channel=channel,
            verifier_unit=_verifier_unit(verifier),
            purpose=purpose,
            holder_match=None,
        )
        return result
    return verify_token(
        document.token,
        verifier=verifier,
        purpose=purpose,
        holder_name=holder_name,
        holder_id=holder_id,
        channel=channel,
    )
