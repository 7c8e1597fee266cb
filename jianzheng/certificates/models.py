from django.conf import settings
from django.db import models

from jianzheng.catalogue.models import CertificateItem
from jianzheng.core.partitions import county_code_field, county_named
from jianzheng.core.pii import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField
from jianzheng.documents.models import SignedDocument
from jianzheng.regions.models import Region, Unit, UnitName


class SerialCounter(models.Model):
    """The last sequence number used by a community in a year. Locked and bumped in the same
    transaction as the certificate it numbers, so serials are unique and gap-free."""

    community = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="serial_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.community.code}-{self.year}: {self.last}"


class CheckMethod(models.TextChoices):
    """How the community checked the facts it certifies (据实出具)."""

    HOME_VISIT = "home_visit", "入户核实"
    RECORDS = "records", "档案核对"
    DOCUMENTS = "documents", "查验证件"
    CONSULTATION = "consultation", "居民议事协商"
    OTHER = "other", "其他"


class Certificate(models.Model):
    """An issued proof (出具证明). Never deleted. Revocation is recorded once, on its signed
    document (documents app); `status` and the revoked_* properties read it from there."""

    class Status(models.TextChoices):
        ISSUED = "issued", "有效"
        REVOKED = "revoked", "已撤销"

    class HandoverReason(models.TextChoices):
        # 永民发〔2020〕91号 四(三)
        POLICY_GAP = "policy_gap", "政策措施衔接不到位"
        ENTITY_DEMAND = "entity_demand", "民商事主体明确要求"

    serial = models.CharField(max_length=40, unique=True)
    community = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="certificates")
    county_code = county_code_field()  # the community's county
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    item = models.ForeignKey(CertificateItem, on_delete=models.PROTECT, related_name="+")
    # Snapshots: what the paper says, whatever the catalogue says later.
    item_name = models.CharField(max_length=100)
    catalogue_version = models.PositiveIntegerField()
    template = models.JSONField()
    # The facts certified (they include the holder's name and ID number): sealed at rest.
    facts = EncryptedJSONField(bind="serial")
    checks = models.JSONField()
    purpose = models.CharField(max_length=200)
    requester = models.CharField(max_length=200)
    holder_name = models.CharField(max_length=100)
    holder_id_number = EncryptedTextField(bind="serial")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()
    issued_on = models.DateField()
    valid_until = models.DateField()
    is_handover = models.BooleanField(default=False)
    handover_reason = models.CharField(max_length=16, choices=HandoverReason.choices, blank=True)
    # `document.certificate`: a verification reads the paper's row with its registry row.
    document = models.OneToOneField(
        SignedDocument, on_delete=models.PROTECT, related_name="certificate"
    )
    # Known only to the request that issued the certificate (then printed on it): the registry
    # keeps the check code's hash, so later reads leave this empty.
    check_code: str = ""

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = "出具证明"
        verbose_name_plural = "出具证明"
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year", "sequence"], name="certificate_sequence_unique"
            ),
            county_named("certificate_county_named"),
        ]
        indexes = [
            models.Index(fields=["community", "-issued_at", "-id"], name="cert_community_idx"),
            models.Index(fields=["-issued_at", "-id"], name="cert_issued_idx"),
            models.Index(fields=["item", "-issued_at"], name="cert_item_idx"),
            # The census of a part-month counts a community's days (reporting/ledger.py).
            models.Index(fields=["community", "issued_on"], name="cert_community_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.serial} {self.item_name}"

    @property
    def status(self) -> str:
        return self.Status.REVOKED if self.document.revoked_at else self.Status.ISSUED

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def revoked_at(self):
        return self.document.revoked_at

    @property
    def revoked_by(self):
        return self.document.revoked_by

    @property
    def revoke_reason(self) -> str:
        return self.document.revoke_reason


class CertificatePdf(models.Model):
    """The rendered paper, stored with the row in one transaction: no certificate without it."""

    certificate = models.OneToOneField(
        Certificate, on_delete=models.PROTECT, primary_key=True, related_name="pdf"
    )
    county_code = county_code_field()  # the certificate's
    # The paper prints the full ID number: sealed at rest, opened only to be served.
    content = EncryptedBinaryField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [county_named("certificatepdf_county_named")]

    def __str__(self) -> str:
        return f"PDF {self.certificate_id}"


class Demand(models.Model):
    """A requester's demand for a proof the community did not issue under the normal rules:
    refused outright, or certified under the 四(三) hand-over exception (then `certificate` is
    the paper). Either way it names the requester: the evidence for exposure (二(五))."""

    class Outcome(models.TextChoices):
        REFUSED = "refused", "拒绝出具"
        HANDOVER = "handover", "据实出具（工作衔接）"

    class Reason(models.TextChoices):
        CANCELLED = "cancelled", "已取消事项"
        NOT_LISTED = "not_listed", "未列入清单"
        HANDOVER_DISABLED = "handover_disabled", "工作衔接例外已关闭"
        # A retained item whose facts the community could not verify (据实出具 cuts both ways).
        UNVERIFIABLE = "unverifiable", "事实无法核实"

    community = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="refusals")
    county_code = county_code_field()  # the community's county
    item = models.ForeignKey(
        CertificateItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item_name = models.CharField(max_length=100)
    # The text as typed is evidence and never rewritten; the unit it names is linked beside it
    # (Units, not strings), through a kept name when the unit was unknown at the time.
    requester = models.CharField(max_length=200)
    requester_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requester_name = models.ForeignKey(
        UnitName, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.REFUSED)
    reason = models.CharField(max_length=24, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    certificate = models.OneToOneField(
        Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="handover_record"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "索要记录"
        verbose_name_plural = "索要记录"
        constraints = [county_named("demand_county_named")]
        indexes = [
            models.Index(fields=["community", "-created_at", "-id"], name="refusal_community_idx"),
            models.Index(fields=["requester"], name="demand_requester_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.item_name} ← {self.requester}"


class HandoverSwitch(models.Model):
    """The civil-affairs admin turns the 四(三) exception off once the alternative works: for one
    item, or (item empty) for the whole county. No row means on."""

    # Each county switches its own (null only on a database upgraded before it had a county).
    county = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A code, not a row: the switch holds across catalogue versions of the item. Empty: the county.
    item_code = models.CharField(max_length=32, blank=True)
    enabled = models.BooleanField()
    reason = models.CharField(max_length=500)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "工作衔接开关"
        verbose_name_plural = "工作衔接开关"
        constraints = [
            models.UniqueConstraint(
                fields=["county", "item_code"], name="handover_switch_county_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_code or '全县'}: {'开' if self.enabled else '关'}"


class LedgerRollup(models.Model):
    """The ledger counted per community, month and item, kept in step by the transactions that
    write the ledger (`certificates.rollup`: issuing, revoking, recording a refusal), so a county's
    overview sums a few thousand rows instead of counting millions. `item_code` is empty for a
    refusal of a proof the list does not name; `item_name` is the name it was issued or asked
    under. `jianzheng audit verify` compares it with direct counts (rollup.verify)."""

    community = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()  # the first day of the month
    item_code = models.CharField(max_length=32, blank=True)
    item_name = models.CharField(max_length=100)
    issued = models.PositiveIntegerField(default=0)
    revoked = models.PositiveIntegerField(default=0)
    handover = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "month", "item_code", "item_name"], name="ledger_rollup_key"
            )
        ]
        indexes = [models.Index(fields=["month", "community"], name="ledger_rollup_month_idx")]

    def __str__(self) -> str:
        return f"{self.community_id} {self.month:%Y-%m} {self.item_name}"


class LedgerRevokedDay(models.Model):
    """The ledger's revocations counted per community, day of issue and item, kept beside
    LedgerRollup by the revoking transaction (`certificates.rollup`). A census of part-months
    counts its edge days from the ledger, and the revoked among them from here: revocation is
    recorded on the signed document (documents app), so counting it from the ledger would look
    up every certificate's document. Rows only for days with a revocation."""

    community = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField()  # the revoked certificate's day of issue
    item_code = models.CharField(max_length=32, blank=True)
    item_name = models.CharField(max_length=100)
    revoked = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # Also the index a part-month reads: the communities in scope × the edge days.
            models.UniqueConstraint(
                fields=["community", "issued_on", "item_code", "item_name"],
                name="ledger_revoked_day_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.community_id} {self.issued_on} {self.item_name}"
