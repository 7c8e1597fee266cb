from django.conf import settings
from django.db import models
from django.utils import timezone

from jianzheng.core.partitions import county_code_field, county_named
from jianzheng.regions.models import Region, Unit


class SigningKey(models.Model):
    """A public key every app server can verify with. The private half lives only in a file under
    DATA_DIR/keys/ on the signing machine, never in the database (nor in its backups).

    Each county signs with its own key (issue 8): a county has at most one active key. A key
    with no county (made before counties had keys, on a database that had several counties or
    none) signs nothing: it only verifies what it signed."""

    kid = models.CharField(max_length=64, unique=True)
    algorithm = models.CharField(max_length=16)
    # base64url: the raw key for Ed25519 (the JWK's x), the uncompressed point 04‖x‖y for ES256.
    public_key = models.CharField(max_length=200)
    county = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Region.Level.COUNTY},
        verbose_name="县（市、区）",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Retired keys sign nothing new but keep verifying what they signed.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "签名密钥"
        verbose_name_plural = "签名密钥"
        constraints = [
            models.UniqueConstraint(
                fields=["county"],
                condition=models.Q(retired_at__isnull=True, county__isnull=False),
                name="one_active_signing_key_per_county",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kid} ({self.algorithm})"


class SignedDocument(models.Model):
    """One signed, numbered, revocable paper: a certificate, a commitment form, an agreement.

    Holds no plain personal data: the token carries a salted hash, this row the masked forms."""

    class RevokeCategory(models.TextChoices):
        # The public page and the API show only the category: the clerk's free-text reason may
        # speak of the holder and stays with the staff.
        WRONG_INFORMATION = "wrong_information", "信息有误"
        DUPLICATE = "duplicate", "重复出具"
        HOLDER_REQUEST = "holder_request", "当事人申请"
        OTHER = "other", "其他"

    serial = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=32)
    token = models.TextField()
    kid = models.CharField(max_length=64)
    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="signed_documents")
    county_code = county_code_field()  # the issuer's county
    subject_code = models.CharField(max_length=64)
    issued_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    holder_name_masked = models.CharField(max_length=100)
    holder_id_masked = models.CharField(max_length=40)
    # The short code printed beside the serial, for units that hold a photocopy and no scanner;
    # only its slow salted hash is kept (documents.checkcodes). Empty for documents signed
    # before check codes existed: those verify by their QR code only.
    check_code_hash = models.CharField(max_length=128, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_category = models.CharField(max_length=24, choices=RevokeCategory.choices, blank=True)
    revoke_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "签名文书"
        verbose_name_plural = "签名文书"
        constraints = [county_named("signeddocument_county_named")]
        indexes = [
            models.Index(fields=["kind", "issued_on"], name="signeddoc_kind_idx"),
            models.Index(fields=["revoked_at"], name="signeddoc_revoked_idx"),
        ]

    def __str__(self) -> str:
        return self.serial


class VerificationLog(models.Model):
    """Every check of a token, valid or not: who checked what, when, and for what purpose."""

    class Result(models.TextChoices):
        VALID = "valid", "有效"
        REVOKED = "revoked", "已撤销"
        INVALID = "invalid", "无效"

    class Channel(models.TextChoices):
        PAGE = "page", "核验页面"
        API = "api", "接口"
        SERIAL = "serial", "编号和校验码"
        SERIAL_API = "serial_api", "接口（编号和校验码）"

    document = models.ForeignKey(
        SignedDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verifications",
    )
    # The paper's county ("" for a token that names no registered paper).
    county_code = county_code_field()
    result = models.CharField(max_length=16, choices=Result.choices)
    reason = models.CharField(max_length=32, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.PAGE)
    verifier_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(max_length=200, blank=True)
    holder_match = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "核验记录"
        verbose_name_plural = "核验记录"
        indexes = [models.Index(fields=["document", "at"], name="verification_doc_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.result}"
