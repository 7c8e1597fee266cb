"""信息共享核查 (永民发〔2020〕91号 二(六)): a department asks the unit holding the data to confirm one
fact about a person, instead of sending the person for a proof.

A `SharedFact` is what a holder answers, with its legal basis and the least answer it gives; a
`SharingCheck` is one question and its answer, hash-bound (`request_hash`, `answer_hash`) and
never edited once answered (services.py writes them; integrity.py recomputes the hashes)."""

from django.conf import settings
from django.db import models

from jianzheng.core.pii import EncryptedJSONField, EncryptedTextField
from jianzheng.regions.models import Region, Unit


class SharedFact(models.Model):
    class AnswerKind(models.TextChoices):
        YES_NO = "yes_no", "是／否"
        FIELDS = "fields", "最少字段"

    holder = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="shared_facts", verbose_name="数据提供单位"
    )
    code = models.CharField("事项代码", max_length=40)
    name = models.CharField("名称", max_length=100)
    question = models.CharField("核查的问题", max_length=300)
    answer_kind = models.CharField("答复方式", max_length=8, choices=AnswerKind.choices)
    # [{"name": "marital_status", "label": "婚姻状况"}]: exactly what a `fields` answer gives.
    answer_fields = models.JSONField("答复字段", default=list, blank=True)
    # [{"name": "address", "label": "登记地址"}]: what the request must say besides the person.
    inputs = models.JSONField("核查需提供的内容", default=list, blank=True)
    legal_basis = models.CharField("依据", max_length=300)
    # Catalogue item codes (GJ1-08, YN-B03) whose proof this check replaces; read through the
    # catalogue door at request time, so the catalogue itself knows nothing of sharing.
    replaces = models.JSONField("替代的证明事项", default=list, blank=True)
    # A holder outside the platform answers through the adapter (adapter.py) at this URL.
    endpoint = models.URLField("外部接口地址", blank=True)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        ordering = ["holder__code", "code"]
        verbose_name = "共享核查事项"
        verbose_name_plural = "共享核查事项"
        constraints = [
            models.UniqueConstraint(fields=["holder", "code"], name="sharedfact_holder_code_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.holder.name}：{self.name}"

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.answer_fields]

    @property
    def input_names(self) -> list[str]:
        return [f["name"] for f in self.inputs]

    @property
    def is_external(self) -> bool:
        return bool(self.endpoint)


class SharingCheck(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "待答复"
        ANSWERED = "answered", "已答复"
        DECLINED = "declined", "已拒绝答复"

    class Answer(models.TextChoices):
        YES = "yes", "是"
        NO = "no", "否"
        DECLINED = "declined", "拒绝答复"

    requester_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="sharing_requests", verbose_name="核查单位"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sharing_requests",
        verbose_name="经办人",
    )
    holder = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="sharing_inbox", verbose_name="数据提供单位"
    )
    fact = models.ForeignKey(
        SharedFact, on_delete=models.PROTECT, related_name="checks", verbose_name="核查事项"
    )
    subject_name = models.CharField("被核查人姓名", max_length=60)
    # The holder needs the full number to answer; everyone else is shown `subject_id_masked`.
    # Sealed at rest (core.pii), bound to the row by its subject key.
    subject_id_number = EncryptedTextField("公民身份号码", bind="subject_key")
    subject_id_masked = models.CharField("公民身份号码（遮蔽）", max_length=18)
    # HMAC of ID number and name under the deployment's secret: the transparency page's key.
    subject_key = models.CharField(max_length=64, db_index=True)
    particulars = EncryptedJSONField("核查内容", default=dict, blank=True, bind="subject_key")
    purpose = models.CharField("核查用途", max_length=200)
    case_number = models.CharField("办件编号", max_length=64)
    legal_basis = models.CharField("法定依据", max_length=300)
    replaces_item_code = models.CharField("替代的证明事项代码", max_length=32)
    replaces_item_name = models.CharField("替代的证明事项", max_length=100)
    county = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name="县（市、区）"
    )
    asked_at = models.DateTimeField("发起时间")
    deadline = models.DateField("答复期限")
    state = models.CharField(
        "状态", max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    answer = models.CharField("答复", max_length=10, choices=Answer.choices, blank=True)
    fields = models.JSONField("答复字段", default=dict, blank=True)
    reason = models.CharField("拒绝答复理由", max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="答复人",
    )
    answered_by_name = models.CharField("答复方", max_length=100, blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    request_hash = models.CharField(max_length=64)
    answer_hash = models.CharField(max_length=64, blank=True)
    # The adapter's bookkeeping for an external holder (while pending only).
    attempts = models.PositiveIntegerField("外部接口尝试次数", default=0)
    last_error = models.CharField("最近一次外部接口错误", max_length=300, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        verbose_name = "信息共享核查"
        verbose_name_plural = "信息共享核查"
        indexes = [
            models.Index(fields=["requester_unit", "-asked_at"], name="sharing_requester_idx"),
            models.Index(fields=["holder", "state"], name="sharing_holder_state_idx"),
            models.Index(fields=["county", "state", "answered_at"], name="sharing_avoided_idx"),
        ]

    def __str__(self) -> str:
        return f"核查第{self.pk}号"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING


class TransparencyLookup(models.Model):
    """A resident's look at who checked them: when and how many checks it showed, under the
    same keyed hash (never the number or the name)."""

    at = models.DateTimeField(auto_now_add=True)
    subject_key = models.CharField(max_length=64, db_index=True)
    found = models.PositiveIntegerField()

    class Meta:
        verbose_name = "核查记录查询"
        verbose_name_plural = "核查记录查询"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} 查询，{self.found} 条"
