"""监督举报 and 公开曝光 (永民发〔2020〕91号 二(五)): a resident's report against a unit that demanded
an unreasonable or cancelled proof, the case it becomes (three levels: county, city, region),
its public timeline, and the exposure notice a verified case may end in.

Complaints, their events and evidence are never deleted; a correction is a new event."""

from django.conf import settings
from django.db import models

from jianzheng.catalogue.models import CertificateItem
from jianzheng.certificates.models import Demand
from jianzheng.core.models import StoredFile
from jianzheng.core.pii import EncryptedTextField
from jianzheng.regions.models import Region, Unit, UnitName


class Level(models.TextChoices):
    """Who handles a case and who publishes a notice: 县 / 市 / 自治区 (二(五) 三级)."""

    COUNTY = "county", "县"
    CITY = "city", "市"
    REGION = "region", "自治区"


class Complaint(models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", "已收到"
        ACCEPTED = "accepted", "已受理"
        NOT_ACCEPTED = "not_accepted", "不予受理"
        ANSWERED = "answered", "被举报单位已答复"
        VERIFIED = "verified", "已核实"
        RECTIFIED = "rectified", "已整改"
        UNFOUNDED = "unfounded", "举报不实"
        CLOSED = "closed", "已办结"

    class Source(models.TextChoices):
        PUBLIC = "public", "群众举报"
        REFUSALS = "refusals", "拒绝出具记录"

    tracking_number = models.CharField("举报编号", max_length=20, unique=True)
    # core.residents: the resident's secret, hashed; empty for a case staff opened.
    secret_hash = models.CharField(max_length=120, blank=True)
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    county = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name="县（市、区）"
    )
    # The unit as typed is evidence and never rewritten; the unit it names is linked beside it.
    accused_text = models.CharField("被举报单位（原文）", max_length=200)
    accused_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    accused_name = models.ForeignKey(
        UnitName, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        CertificateItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item_code = models.CharField("证明事项代码", max_length=32, blank=True)
    item_name = models.CharField("索要的证明", max_length=100)
    # What the list in force said on the day: cancelled / retained / not_listed.
    item_status = models.CharField("清单状态", max_length=12)
    happened_on = models.DateField("发生日期")
    place = models.CharField("地点", max_length=200)
    description = models.TextField("经过", max_length=2000)
    # The reporter's optional contact: sealed at rest (core.pii).
    contact_phone = EncryptedTextField("联系电话", blank=True, bind="tracking_number")
    contact_email = EncryptedTextField("电子邮箱", blank=True, bind="tracking_number")
    level = models.CharField("办理层级", max_length=8, choices=Level.choices)
    handling_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name="办理机关所在区划"
    )
    state = models.CharField(
        "状态", max_length=14, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    due_on = models.DateField("本阶段期限", null=True, blank=True)
    escalated_times = models.PositiveSmallIntegerField("上提次数", default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="承办人",
    )
    decided_by_name = models.CharField("决定机关", max_length=100, blank=True)
    decision_reason = models.CharField("不予受理理由", max_length=500, blank=True)
    redirect_to = models.CharField("可向何处反映", max_length=300, blank=True)
    answer = models.TextField("被举报单位答复", max_length=2000, blank=True)
    finding = models.TextField("核查结论", max_length=2000, blank=True)
    rectification = models.TextField("整改情况", max_length=2000, blank=True)
    # A likely duplicate the reporter chose to join: the main case carries the work.
    joined_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="joined"
    )
    received_at = models.DateTimeField("收到时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "监督举报"
        verbose_name_plural = "监督举报"
        indexes = [
            models.Index(fields=["county", "state"], name="complaint_county_state_idx"),
            models.Index(fields=["state", "due_on"], name="complaint_due_idx"),
            models.Index(
                fields=["county", "item_name", "happened_on"], name="complaint_duplicate_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def accused_label(self) -> str:
        return self.accused_unit.name if self.accused_unit else self.accused_text

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_phone or self.contact_email)


class ComplaintEvent(models.Model):
    """One step of a case: a move of the workflow, a message, evidence added, an assignment, an
    escalation. `public_text` (if any) is what the tracking page and the notification say."""

    class Kind(models.TextChoices):
        RECEIVED = "received", "收到举报"
        TRANSITION = "transition", "办理"
        MESSAGE = "message", "举报人补充"
        EVIDENCE = "evidence", "补充证据"
        ASSIGNED = "assigned", "指定承办人"
        ESCALATED = "escalated", "逾期上提"
        JOINED = "joined", "合并举报"

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    from_state = models.CharField(max_length=14, blank=True)
    to_state = models.CharField(max_length=14, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    public_text = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.to_state}"


class Evidence(models.Model):
    """A file the reporter sent, or a refusal recorded at a community's desk (certificates'
    Demand) that staff attached."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="evidence")
    file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    demand = models.ForeignKey(
        Demand, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()
    by_resident = models.BooleanField(default=False)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(file__isnull=False) | models.Q(demand__isnull=False),
                name="evidence_has_file_or_demand",
            ),
            models.UniqueConstraint(
                fields=["complaint", "demand"], name="evidence_demand_once_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"evidence {self.pk}"


class ExposureNotice(models.Model):
    """通报 / 公开曝光: what a verified case becomes in public, with the personal data removed
    (the case keeps the original). Never deleted; a withdrawn notice stays with why."""

    number = models.CharField("通报编号", max_length=40, unique=True)
    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="notice")
    level = models.CharField("层级", max_length=8, choices=Level.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name="发布机关所在区划"
    )
    county = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name="涉及县（市、区）"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField("被通报单位", max_length=200)
    item_name = models.CharField("索要的证明", max_length=100)
    happened_on = models.DateField("发生日期")
    finding = models.TextField("查实情况", max_length=2000)
    rectification = models.TextField("整改情况", max_length=2000, blank=True)
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    publisher_name = models.CharField("发布机关", max_length=100)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "曝光通报"
        verbose_name_plural = "曝光通报"

    def __str__(self) -> str:
        return self.number
