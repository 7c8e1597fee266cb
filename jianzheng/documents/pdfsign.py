"""PAdES signatures on the issued PDF, made and checked with pyHanko. No database here: the
offline `jianzheng verify FILE.pdf` runs this with keys.json alone.

The PDF is signed by the same key as its token, so one published key list checks both: the
issuing county's ES256 key (CMS with ecdsa-with-SHA256, which poppler's pdfsig and Acrobat check),
or for papers signed before ES256 an Ed25519 key (CMS with Ed25519 per RFC 8419, PDF 2.0 /
ISO 32002: pyHanko and `jianzheng verify` check those, ordinary readers do not). CMS needs an
X.509 certificate for the signer; the county has no CA, so each key wraps itself in a self-signed
certificate, made on the fly and byte-identical every time (fixed fields; both algorithms sign
deterministically here). Trust therefore comes from keys.json, never from the certificate: a
verifier accepts the signature only when the certificate's public key is a published key. An
ordinary PDF reader says the signature is valid but its signer's identity unknown (untrusted
issuer), and shows any change after signing as breaking the signature.

Before signing, the certified facts go into the PDF as an attachment (jianzheng-facts.json), so
the signature covers them with the page, and the verifier compares them with the token's facts
tag: the page was drawn by the key holder together with exactly these facts."""

import asyncio
import io
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import algos, keys, x509
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from pyhanko.pdf_utils.embed import EmbeddedFileObject, FileSpec, embed_file
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from jianzheng.documents.signing import (
    ED25519,
    ES256,
    SM2,
    Signer,
    der_signature,
    kid_for,
    register_sm2_curve,
    verify_signature,
)
from jianzheng.documents.tokens import Claims, facts_match

FIELD_NAME = "jianzheng"
FACTS_FILE = "jianzheng-facts.json"
_NOT_BEFORE = datetime(2020, 1, 1, tzinfo=UTC)
_NOT_AFTER = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)  # RFC 5280: "no expiry"


@dataclass(frozen=True)
class _CmsAlgorithm:
    signature: str  # asn1crypto's name of the CMS / X.509 signature algorithm
    digest: str  # the message digest of the signed attributes and the document
    key_info: dict  # the SubjectPublicKeyInfo algorithm
    max_signature: int  # bytes, for pyHanko's dry run that sizes the signature's room


def _register_sm2_oids() -> None:
    """asn1crypto's names for SM3 and SM2-with-SM3 (GM/T 0006: 1.2.156.10197.1.401 / .501), and
    the curve (signing.register_sm2_curve); pyHanko hashes SM3 through `cryptography`."""
    register_sm2_curve()
    for registry, oid, name in (
        (algos.DigestAlgorithmId, "1.2.156.10197.1.401", "sm3"),
        (algos.SignedDigestAlgorithmId, "1.2.156.10197.1.501", "sm2_sm3"),
    ):
        if oid not in registry._map:
            registry._map[oid] = name
            registry._reverse_map = None  # asn1crypto rebuilds it on the next lookup


_register_sm2_oids()

_CMS = {
    SM2: _CmsAlgorithm(
        "sm2_sm3", "sm3", {"algorithm": "ec", "parameters": ("named", "sm2p256v1")}, 72
    ),
    ES256: _CmsAlgorithm(
        "sha256_ecdsa", "sha256", {"algorithm": "ec", "parameters": ("named", "secp256r1")}, 72
    ),
    # RFC 8419: Ed25519 in CMS goes with SHA-512.
    ED25519: _CmsAlgorithm("ed25519", "sha512", {"algorithm": "ed25519"}, 64),
}


def _cms(signer: Signer) -> _CmsAlgorithm:
    try:
        return _CMS[signer.algorithm]
    except KeyError:
        raise ValueError(f"PDF signing does not support {signer.algorithm} keys") from None


def signer_certificate(signer: Signer, public_key: bytes) -> x509.Certificate:
    """A self-signed certificate for the key, signed through the Signer protocol (so a key in
    an HSM would work the same)."""
    cms = _cms(signer)
    name = x509.Name.build({"common_name": f"jianzheng signing key {signer.kid}"})
    alg = {"algorithm": cms.signature}
    tbs = x509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": int(signer.kid, 16),
            "signature": alg,
            "issuer": name,
            "validity": {
                "not_before": x509.Time({"utc_time": _NOT_BEFORE}),
                "not_after": x509.Time({"general_time": _NOT_AFTER}),
            },
            "subject": name,
            "subject_public_key_info": keys.PublicKeyInfo(
                {"algorithm": cms.key_info, "public_key": public_key}
            ),
            "extensions": [
                {
                    "extn_id": "key_usage",
                    "critical": True,
                    "extn_value": x509.KeyUsage({"digital_signature", "non_repudiation"}),
                },
            ],
        }
    )
    return x509.Certificate(
        {
            "tbs_certificate": tbs,
            "signature_algorithm": alg,
            "signature_value": der_signature(signer.algorithm, signer.sign(tbs.dump())),
        }
    )


class _CmsSigner(signers.Signer):
    def __init__(self, signer: Signer, certificate: x509.Certificate):
        self._cms = _cms(signer)
        super().__init__(
            signing_cert=certificate,
            signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": self._cms.signature}),
        )
        self._signer = signer

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
        if dry_run:
            return bytes(self._cms.max_signature)
        return der_signature(self._signer.algorithm, self._signer.sign(data))


_certificates: dict[str, x509.Certificate] = {}


def _outside_event_loop(fn, *args, **kwargs):
    """pyHanko's synchronous API calls asyncio.run(), which refuses to run inside a running event
    loop (an async server, a browser test's loop): then sign in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def sign_pdf(pdf: bytes, *, signer: Signer, public_key: bytes, facts_file: bytes) -> bytes:
    """The PDF with the facts attached and a PAdES B-B signature over the whole file."""
    certificate = _certificates.get(signer.kid)
    if certificate is None:
        certificate = _certificates[signer.kid] = signer_certificate(signer, public_key)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    embed_file(
        writer,
        FileSpec(
            file_spec_string=FACTS_FILE,
            embedded_data=EmbeddedFileObject.from_file_data(
                writer, facts_file, mime_type="application/json"
            ),
            description="jianzheng certified facts",
        ),
    )
    out = io.BytesIO()
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm=_cms(signer).digest,
        reason="社区证明电子签名",
    )
    _outside_event_loop(
        signers.sign_pdf, writer, metadata, signer=_CmsSigner(signer, certificate), output=out
    )
    return out.getvalue()


def facts_file(*, serial: str, holder_name: str, holder_id_number: str, facts: dict) -> bytes:
    return json.dumps(
        {
            "serial": serial,
            "holder_name": holder_name,
            "holder_id_number": holder_id_number,
            "facts": facts,
        },
        ensure_ascii=False,
        sort_keys=True,
        indent=1,
    ).encode("utf-8")


@dataclass(frozen=True)
class PdfSeal:
    """What the PDF's own signature says. `problem` is None when it holds."""

    signed: bool
    problem: str | None = None  # unsigned | broken | foreign_key | several | unreadable
    kid: str = ""
    facts: dict | None = None  # the attachment, when the signature holds


def _attachment(reader: PdfFileReader) -> dict | None:
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        for i in range(0, len(names), 2):
            if str(names[i]) == FACTS_FILE:
                data = names[i + 1].get_object()["/EF"]["/F"].get_object().data
                value = json.loads(data.decode("utf-8"))
                return value if isinstance(value, dict) else None
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    return None


def check_pdf_signature(data: bytes, published: dict[str, bytes]) -> PdfSeal:
    """Checks the PAdES signature against `published` ({kid: public key bytes, as
    documents.signing has them}). Never raises for a bad PDF: every way of failing is a
    `problem`."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # pyHanko raises many types on a damaged file
        return PdfSeal(False, "unreadable")
    if not signatures:
        return PdfSeal(False, "unsigned")
    if len(signatures) != 1:
        return PdfSeal(True, "several")
    embedded = signatures[0]
    try:
        certificate = embedded.signer_cert
        public_key = certificate.public_key["public_key"].native
    except Exception:
        return PdfSeal(True, "broken")
    kid = kid_for(public_key) if isinstance(public_key, bytes) else ""
    if published.get(kid) != public_key:
        return PdfSeal(True, "foreign_key", kid)
    if not _intact(embedded, certificate, public_key):
        return PdfSeal(True, "broken", kid)
    return PdfSeal(True, None, kid, _attachment(reader))


def _intact(embedded, certificate: x509.Certificate, public_key: bytes) -> bool:
    """The signature is valid and covers the whole file. pyHanko checks ES256 and Ed25519; it
    (through `cryptography`) knows no SM2, so an SM2 signature is checked here by the CMS rules
    pyHanko applies: the document's digest is the signed messageDigest attribute, and the
    signature is over the DER of the signed attributes as a SET."""
    try:
        key_algorithm = certificate.public_key["algorithm"]
        if (
            key_algorithm["algorithm"].native == "ec"
            and key_algorithm["parameters"].chosen.native == "sm2p256v1"
        ):
            return _sm2_intact(embedded, public_key)
        context = ValidationContext(trust_roots=[certificate], allow_fetching=False)
        status = _outside_event_loop(validate_pdf_signature, embedded, context)
    except Exception:
        return False
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return bool(status.intact and status.valid and whole)


def _sm2_intact(embedded, public_key: bytes) -> bool:
    info = embedded.signer_info
    if info["digest_algorithm"]["algorithm"].native != "sm3":
        return False
    if info["signature_algorithm"]["algorithm"].native != "sm2_sm3":
        return False
    if embedded.evaluate_signature_coverage() != SignatureCoverageLevel.ENTIRE_FILE:
        return False
    attributes = info["signed_attrs"]
    digests = [a["values"][0].native for a in attributes if a["type"].native == "message_digest"]
    if digests != [embedded.compute_digest()]:
        return False
    r, s = decode_dss_signature(info["signature"].native)
    signed = b"\x31" + attributes.dump()[1:]  # [0] IMPLICIT → SET OF, as RFC 5652 §5.4 signs
    return verify_signature(SM2, public_key, r.to_bytes(32, "big") + s.to_bytes(32, "big"), signed)


PDF_REASONS = {
    "pdf_unsigned": "PDF 没有电子签名：不是本系统出具的原件，或签名已被去掉",
    "pdf_broken": "PDF 的电子签名不符：文件在签名后被改动过",
    "pdf_foreign_key": "PDF 不是由核验码的签名密钥签署的",
    "facts_mismatch": "PDF 所载证明内容与核验码签署的内容不符",
}


@dataclass(frozen=True)
class PdfVerdict:
    """The PDF-specific checks after the token's own: `reason` is None when they all hold.
    `legacy` marks a version 1 paper, which predates PDF signatures and facts tags."""

    reason: str | None
    legacy: bool = False


def verify_pdf_contents(data: bytes, claims: Claims, *, kid: str, public_key: bytes) -> PdfVerdict:
    """For a token already verified from this PDF (`claims`, signed by `kid`): the PDF's own
    signature is by that same key and covers the whole file, and the facts it carries are the
    facts the token signed."""
    if not claims.covers_facts:
        return PdfVerdict(None, legacy=True)
    seal = check_pdf_signature(data, {kid: public_key})
    if not seal.signed:
        return PdfVerdict("pdf_unsigned")
    if seal.problem == "foreign_key":
        return PdfVerdict("pdf_foreign_key")
    if seal.problem is not None:
        return PdfVerdict("pdf_broken")
    attached = seal.facts or {}
    name, id_number, facts = (
        attached.get("holder_name"),
        attached.get("holder_id_number"),
        attached.get("facts"),
    )
    if (
        attached.get("serial") != claims.serial
        or not isinstance(name, str)
        or not isinstance(id_number, str)
        or not isinstance(facts, dict)
        or not facts_match(claims, name=name, id_number=id_number, facts=facts)
    ):
        return PdfVerdict("facts_mismatch")
    return PdfVerdict(None)
