"""社区工作事项准入 (永民发〔2020〕91号 二(二)): what departments may push onto a community committee,
and on what terms (权随责走、费随事转).

- `WorkItem`: one entry of the three lists of a county (or of the region above it, which every
  county below inherits): 依法履职事项 (`duty`), 协助政府工作事项 (`assistance`), 负面清单
  (`negative`, what may never be pushed).
- `WorkItemRequest`: a department's (or township's) application to add an assistance item or push
  a one-off task, decided by the civil affairs bureau within working days; an emergency is
  recorded at once and reviewed afterwards.
- `ServiceAgreement`: what an approval creates: parties, scope, communities, funding, term; a
  signed document of kind `agreement` in `documents`, which verifies as expired after its term.
- `WorkPush`: a task a community says it was given, accepted or refused in one action; a refusal
  names the department and is counted.
None of them is ever deleted."""

from django.conf import settings
from django.db import models

from jianzheng.core.pii import EncryptedBinaryField
from jianzheng.documents.models import SignedDocument
from jianzheng.regions.models import Region, Unit


class WorkItem(models.Model):
    class Category(models.TextChoices):
        DUTY = "duty", "依法履职事项"
        ASSISTANCE = "assistance", "协助政府工作事项"
        NEGATIVE = "negative", "负面清单事项"

    # The county whose list it is on, or a region/city above it (every county below inherits it).
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    code = models.CharField("事项代码", max_length=40, unique=True)
    category = models.CharField("类别", max_length=12, choices=Category.choices, db_index=True)
    name = models.CharField("事项名称", max_length=200)
    description = models.TextField("内容", blank=True)
    # duty: the article of 城市居民委员会组织法 / 村民委员会组织法; assistance: its legal basis;
    # negative: the clause that cancels it.
    legal_basis = models.CharField("依据", max_length=300)
    department = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="责任部门",
    )
    # Words a request or a pushed task is matched against (negative items).
    keywords = models.JSONField("匹配词", default=list, blank=True)
    # An item admitted through a request (a one-off task, an emergency) points at it.
    source_request = models.OneToOneField(
        "WorkItemRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_item",
    )
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category", "code"]
        verbose_name = "社区工作事项"
        verbose_name_plural = "社区工作事项"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CountySettings(models.Model):
    """How a county runs admission: the review deadline, and whether 组织部 co-signs."""

    county = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="+")
    review_days = models.PositiveSmallIntegerField("审核期限（工作日）", default=15)
    cosign_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="会签单位",
    )

    class Meta:
        verbose_name = "工作事项准入设置"
        verbose_name_plural = "工作事项准入设置"

    def __str__(self) -> str:
        return f"{self.county_id}: {self.review_days}"


class WorkItemRequest(models.Model):
    class Kind(models.TextChoices):
        ITEM = "item", "申请新增协助政府工作事项"
        TASK = "task", "申请推送一次性工作任务"

    class State(models.TextChoices):
        PENDING = "pending", "待民政局审核"
        COSIGN = "cosign", "民政局已同意，待会签"
        APPROVED = "approved", "已准入"
        REJECTED = "rejected", "不予准入"
        REFUSED = "refused", "属负面清单，已拒绝"
        EMERGENCY = "emergency", "突发事件免于事前审批，待事后审查"
        UPHELD = "upheld", "事后审查：确属突发事件"
        OVERTURNED = "overturned", "事后审查：不属突发事件"

    class Emergency(models.TextChoices):
        PUBLIC_SAFETY = "public_safety", "公共安全"
        PUBLIC_HEALTH = "public_health", "公共卫生"
        DISASTER = "disaster", "自然灾害"

    number = models.CharField("申请编号", max_length=40, unique=True)
    county = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="work_requests", verbose_name="申请单位"
    )
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    title = models.CharField("事项", max_length=200)
    reason = models.TextField("理由")
    legal_basis = models.CharField("依据", max_length=300, blank=True)
    communities = models.ManyToManyField(Unit, related_name="+", verbose_name="涉及社区")
    hours_per_month = models.DecimalField("预计工作量（小时/月）", max_digits=7, decimal_places=1)
    funding_amount = models.DecimalField("服务经费（元）", max_digits=12, decimal_places=2)
    funding_method = models.CharField("经费拨付方式", max_length=200, blank=True)
    term_start = models.DateField("开始日期")
    term_end = models.DateField("结束日期")
    emergency = models.CharField(
        "突发事件类别", max_length=16, choices=Emergency.choices, blank=True
    )
    emergency_reason = models.CharField("突发事件说明", max_length=500, blank=True)
    state = models.CharField(
        "状态", max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    submitted_at = models.DateTimeField("提交时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField("审核期限", null=True, blank=True)
    negative_item = models.ForeignKey(
        WorkItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="对应负面清单事项",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.CharField("审核意见", max_length=500, blank=True)
    cosigned_at = models.DateTimeField("会签时间", null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cosign_reason = models.CharField("会签意见", max_length=500, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "工作事项准入申请"
        verbose_name_plural = "工作事项准入申请"

    def __str__(self) -> str:
        return self.number

    # Waiting for 民政局, for the co-signing unit, or (an emergency) for its review afterwards.
    OPEN_STATES = (State.PENDING, State.COSIGN, State.EMERGENCY)

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class ServiceAgreement(models.Model):
    number = models.CharField("协议编号", max_length=40, unique=True)
    county = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    request = models.OneToOneField(
        WorkItemRequest, on_delete=models.PROTECT, related_name="agreement"
    )
    work_item = models.ForeignKey(WorkItem, on_delete=models.PROTECT, related_name="agreements")
    department = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="service_agreements", verbose_name="甲方"
    )
    communities = models.ManyToManyField(Unit, related_name="+", verbose_name="乙方（社区）")
    approved_by_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="准入审核单位"
    )
    scope = models.TextField("服务内容")
    funding_amount = models.DecimalField("服务经费（元）", max_digits=12, decimal_places=2)
    funding_method = models.CharField("经费拨付方式", max_length=200)
    term_start = models.DateField("开始日期")
    term_end = models.DateField("到期日期")
    signed_at = models.DateTimeField("签订时间")
    document = models.OneToOneField(
        SignedDocument, on_delete=models.PROTECT, related_name="service_agreement"
    )

    class Meta:
        ordering = ["-signed_at", "-pk"]
        verbose_name = "社区服务协议"
        verbose_name_plural = "社区服务协议"

    def __str__(self) -> str:
        return self.number

    def in_force_on(self, day) -> bool:
        return self.term_start <= day <= self.term_end and self.document.revoked_at is None


class AgreementPdf(models.Model):
    agreement = models.OneToOneField(ServiceAgreement, on_delete=models.PROTECT, related_name="pdf")
    content = EncryptedBinaryField(bind="agreement_id")
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "社区服务协议 PDF"
        verbose_name_plural = "社区服务协议 PDF"

    def __str__(self) -> str:
        return f"{self.agreement_id} PDF"


class FundingPayment(models.Model):
    """Service funding recorded as paid under an agreement (费随事转)."""

    agreement = models.ForeignKey(
        ServiceAgreement, on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    paid_on = models.DateField("拨付日期")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_at = models.DateTimeField("登记时间")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = "服务经费拨付"
        verbose_name_plural = "服务经费拨付"

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.amount}"


class WorkPush(models.Model):
    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "接受"
        REFUSED = "refused", "拒绝"

    class Reason(models.TextChoices):
        DUTY = "duty", "依法履职事项"
        ADMITTED = "admitted", "已准入的协助事项"
        EMERGENCY = "emergency", "突发事件应急任务"
        NOT_ADMITTED = "not_admitted", "未经准入"
        NEGATIVE = "negative", "属负面清单"
        LAPSED = "lapsed", "服务协议已到期"

    community = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="work_pushes")
    department = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="pushes_made", verbose_name="推送单位"
    )
    title = models.CharField("任务", max_length=200)
    work_item = models.ForeignKey(
        WorkItem, null=True, blank=True, on_delete=models.PROTECT, related_name="pushes"
    )
    agreement = models.ForeignKey(
        ServiceAgreement, null=True, blank=True, on_delete=models.PROTECT, related_name="pushes"
    )
    decision = models.CharField("处理", max_length=8, choices=Decision.choices, db_index=True)
    reason_code = models.CharField("原因", max_length=16, choices=Reason.choices)
    reason = models.CharField("说明", max_length=500)
    cited_item = models.ForeignKey(
        WorkItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = "推送给社区的工作任务"
        verbose_name_plural = "推送给社区的工作任务"
        indexes = [
            models.Index(fields=["department", "decision"], name="workpush_dept_idx"),
            models.Index(fields=["community", "-recorded_at"], name="workpush_community_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.community_id} {self.title}"
