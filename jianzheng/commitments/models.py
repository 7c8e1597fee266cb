"""告知承诺制 (永民发〔2020〕91号 二(七) 衔接信用体系): a written commitment in place of a proof, the
department's check of it after the fact, and the credit record of a commitment found untrue.

A `Commitment` is the signed 告知承诺书 (a document of kind `commitment` in `documents`); a
`PostCheck` is the check of one commitment drawn by the sampling rule (sampling.py); a
`CreditRecord` is a confirmed untrue commitment, kept for the credit information platform. None
of them is ever deleted: a correction is a new record that points at the old."""

from django.conf import settings
from django.db import models

from jianzheng.catalogue.models import CertificateItem
from jianzheng.core.pii import EncryptedBinaryField, EncryptedTextField
from jianzheng.documents.models import SignedDocument
from jianzheng.regions.models import Region, Unit


class SerialCounter(models.Model):
    """The last commitment number of a county in a year (serials are gap-free per county)."""

    county = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "告知承诺书编号"
        verbose_name_plural = "告知承诺书编号"
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="commitment_counter_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.year}: {self.last}"


class Commitment(models.Model):
    class Channel(models.TextChoices):
        COUNTER = "counter", "窗口办理"
        ONLINE = "online", "本人在线填写"
        # The department's 政务服务 platform, where the applicant ticked the clauses themselves.
        PLATFORM = "platform", "本人在政务服务平台提交"

    class State(models.TextChoices):
        ACTIVE = "active", "已承诺，待决定"
        DECIDED = "decided", "已作出决定"
        WITHDRAWN = "withdrawn", "已撤回"

    serial = models.CharField("编号", max_length=40, unique=True)
    county = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(CertificateItem, on_delete=models.PROTECT, related_name="+")
    item_code = models.CharField("事项代码", max_length=32)
    item_name = models.CharField("证明事项", max_length=100)
    catalogue_version = models.PositiveIntegerField("清单版本", default=0)
    # The item's commitment block as it stood when the applicant committed (the paper's text).
    terms = models.JSONField("告知和承诺内容")
    department = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="commitments", verbose_name="作出决定的部门"
    )
    case_number = models.CharField("办件编号", max_length=64)
    applicant_name = models.CharField("申请人姓名", max_length=60)
    # The full number is on the applicant's own paper and seen by the department deciding;
    # everyone else is shown `applicant_id_masked`.
    applicant_id_number = EncryptedTextField("公民身份号码", bind="serial")
    applicant_id_masked = models.CharField("公民身份号码（遮蔽）", max_length=18)
    applicant_phone = EncryptedTextField("联系电话", bind="serial")
    # core.subjects.subject_key of the ID number: the credit block's key.
    applicant_key = models.CharField(max_length=64, db_index=True)
    clauses_accepted = models.JSONField("已确认的承诺条款", default=list)
    channel = models.CharField("承诺方式", max_length=8, choices=Channel.choices)
    # The counter route: the officer who recorded it and the applicant's own confirmation.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="经办人",
    )
    applicant_confirmed = models.BooleanField("申请人本人确认", default=False)
    committed_at = models.DateTimeField("承诺时间")
    state = models.CharField(
        "状态", max_length=10, choices=State.choices, default=State.ACTIVE, db_index=True
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawal_reason = models.CharField("撤回原因", max_length=200, blank=True)
    # The sampling rule's draw (sampling.py): anyone can recompute it from the serial.
    sample_value = models.FloatField("抽样值")
    sample_rate = models.PositiveSmallIntegerField("抽查比例（%）")
    sampled = models.BooleanField("抽中核查", default=False)
    document = models.OneToOneField(
        SignedDocument, on_delete=models.PROTECT, related_name="commitment"
    )

    class Meta:
        ordering = ["-committed_at", "-pk"]
        verbose_name = "告知承诺书"
        verbose_name_plural = "告知承诺书"
        indexes = [
            models.Index(fields=["department", "-committed_at"], name="commitment_dept_idx"),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def is_open(self) -> bool:
        return self.state == self.State.ACTIVE


class CommitmentPdf(models.Model):
    commitment = models.OneToOneField(Commitment, on_delete=models.PROTECT, related_name="pdf")
    content = EncryptedBinaryField(bind="commitment_id")
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "告知承诺书 PDF"
        verbose_name_plural = "告知承诺书 PDF"

    def __str__(self) -> str:
        return f"{self.commitment_id} PDF"


class PostCheck(models.Model):
    """事后核查 of one sampled commitment, by its department, within the item's deadline."""

    class State(models.TextChoices):
        PENDING = "pending", "待核查"
        FULFILLED = "fulfilled", "核查属实"
        UNTRUE = "untrue", "承诺不实，待告知申请人"
        NOTIFIED = "notified", "已告知，待陈述申辩"
        CONFIRMED = "confirmed", "确认虚假承诺，已记入信用记录"
        CLEARED = "cleared", "经申辩不予认定"
        VOID = "void", "承诺已撤回，不再核查"

    class Method(models.TextChoices):
        DATA_SHARING = "data_sharing", "部门信息共享核查"
        JOINT_CHECK = "joint_check", "部门联合核查"
        ON_SITE = "on_site", "现场核查"

    commitment = models.OneToOneField(
        Commitment, on_delete=models.PROTECT, related_name="post_check"
    )
    department = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="post_checks")
    number = models.CharField("核查编号", max_length=48, unique=True)
    method = models.CharField("核查方式", max_length=16, choices=Method.choices)
    created_on = models.DateField("抽中日期")
    deadline = models.DateField("核查期限")
    state = models.CharField(
        "状态", max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    checked_at = models.DateTimeField("核查时间", null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField("核查依据", max_length=300, blank=True)
    fulfilled = models.BooleanField("承诺是否履行", null=True, blank=True)
    how = models.CharField("履行（核查）情况", max_length=500, blank=True)
    findings = models.TextField("核查发现", blank=True)
    evidence = models.TextField("证据", blank=True)
    # The applicant is told of an untrue finding and may answer (陈述、申辩) before it counts.
    notified_at = models.DateTimeField("告知时间", null=True, blank=True)
    notice_method = models.CharField("告知方式", max_length=200, blank=True)
    answer_deadline = models.DateField("陈述申辩期限", null=True, blank=True)
    answer = models.TextField("申请人陈述申辩", blank=True)
    confirmed_at = models.DateTimeField("认定时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = "事后核查"
        verbose_name_plural = "事后核查"
        indexes = [models.Index(fields=["department", "state"], name="postcheck_dept_state_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_done(self) -> bool:
        return self.state != self.State.PENDING


class CreditRecord(models.Model):
    """A false commitment in a person's credit record (二(七)): the subject by keyed hash and
    masked particulars; a correction is a new record pointing at the old one."""

    class Severity(models.TextChoices):
        GENERAL = "general", "一般"
        SERIOUS = "serious", "严重"

    class State(models.TextChoices):
        ACTIVE = "active", "有效"
        CORRECTED = "corrected", "已更正（见新记录）"
        REPAIRED = "repaired", "已信用修复"
        ANNULLED = "annulled", "异议成立，已撤销"

    number = models.CharField("记录编号", max_length=48, unique=True)
    county = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    subject_key = models.CharField(max_length=64, db_index=True)
    subject_name_masked = models.CharField("当事人（遮蔽）", max_length=60)
    subject_id_masked = models.CharField("公民身份号码（遮蔽）", max_length=18)
    item_code = models.CharField("事项代码", max_length=32)
    item_name = models.CharField("证明事项", max_length=100)
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="+")
    post_check = models.ForeignKey(PostCheck, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    finding = models.TextField("失信行为")
    severity = models.CharField("严重程度", max_length=8, choices=Severity.choices)
    measure_basis = models.CharField("处理依据", max_length=300)
    start_date = models.DateField("起始日期")
    end_date = models.DateField("截止日期")
    publish = models.BooleanField("是否公开", default=False)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=10, choices=State.choices, default=State.ACTIVE, db_index=True
    )
    corrects = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
        verbose_name="更正的原记录",
    )
    correction_reason = models.CharField("更正原因", max_length=300, blank=True)
    repaired_at = models.DateTimeField("信用修复时间", null=True, blank=True)
    repair_basis = models.CharField("信用修复依据", max_length=300, blank=True)
    created_at = models.DateTimeField("记录时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "信用记录"
        verbose_name_plural = "信用记录"

    def __str__(self) -> str:
        return self.number


class CreditObjection(models.Model):
    """The subject's objection (异议) to a record, and the credit officer's decision on it."""

    class Decision(models.TextChoices):
        UPHELD = "upheld", "异议成立"
        REJECTED = "rejected", "异议不成立"

    record = models.ForeignKey(CreditRecord, on_delete=models.PROTECT, related_name="objections")
    reason = models.TextField("异议理由")
    decision = models.CharField("处理结果", max_length=8, choices=Decision.choices)
    note = models.CharField("处理说明", max_length=500)
    decided_at = models.DateTimeField("处理时间")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = "信用记录异议"
        verbose_name_plural = "信用记录异议"

    def __str__(self) -> str:
        return f"{self.record_id} {self.get_decision_display()}"
