import re

from django.conf import settings
from django.db import models
from django.utils import timezone

from jianzheng.regions.models import Region, Unit


class Catalogue(models.Model):
    """One list, belonging to a node of the region tree. A county's list in force is its own
    rows on top of the region's and the nation's (catalogue.selectors): the national first batch
    is cancelled everywhere (永民发〔2020〕91号 三(三)一), new proofs need the region's approval
    (三(四)), and each county keeps its own 保留和取消的证明事项清单 in line with the region's (二(二))."""

    class Level(models.TextChoices):
        NATION = "nation", "国家"
        REGION = "region", "自治区"
        COUNTY = "county", "县（市、区）"

    level = models.CharField(max_length=8, choices=Level.choices)
    # None for the nation's list; the autonomous region (64) or a 6-digit county otherwise.
    region = models.OneToOneField(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="catalogue"
    )

    class Meta:
        ordering = ["level", "region__code"]
        verbose_name = "证明事项清单"
        verbose_name_plural = "证明事项清单"
        constraints = [
            models.UniqueConstraint(
                fields=["level"],
                condition=models.Q(level="nation"),
                name="catalogue_one_nation",
            ),
            models.CheckConstraint(
                condition=models.Q(level="nation", region__isnull=True)
                | (~models.Q(level="nation") & models.Q(region__isnull=False)),
                name="catalogue_region_unless_nation",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """国家第一批清单 / 宁夏回族自治区清单 / 永宁县清单."""
        if self.level == self.Level.NATION:
            return "国家第一批清单"
        assert self.region is not None
        return f"{self.region.name}清单"

    @property
    def rank(self) -> int:
        """Top to bottom: nation 0, region 1, county 2."""
        return list(self.Level.values).index(self.level)


class CatalogueVersion(models.Model):
    """A published change set, in force from its effective date (永民发〔2020〕91号 三(四)). What is in
    force on a day follows from the effective dates alone (catalogue.selectors): nothing is
    "applied" later, so no read ever has to write."""

    # Null only on a database upgraded before catalogues had owners and no county yet: `jianzheng
    # setup` hands such versions to the county once its region exists (catalogue.reference).
    catalogue = models.ForeignKey(
        Catalogue, null=True, blank=True, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    effective_date = models.DateField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = "清单版本"
        verbose_name_plural = "清单版本"
        constraints = [
            models.UniqueConstraint(
                fields=["catalogue", "number"], name="version_number_per_catalogue"
            )
        ]

    def __str__(self) -> str:
        return f"第{self.number}版({self.effective_date:%Y-%m-%d})"

    @property
    def is_in_force(self) -> bool:
        return self.effective_date <= timezone.localdate()


class ServiceGuide(models.Model):
    """The 事项指南 lines every government-service guide gives a resident: where to go, when,
    whom to call, whether it costs anything and whether it can be done online. An item carries
    them for the community's own service; an alternative for the body the resident goes to
    instead. Empty means the list does not say (older rows), never "free" or "no phone"."""

    class Fee(models.TextChoices):
        FREE = "free", "不收费"
        CHARGED = "charged", "收费"

    service_place = models.CharField(max_length=200, blank=True)
    service_hours = models.CharField(max_length=200, blank=True)
    # One or more numbers, "、" between them (catalogue.guide checks the formats).
    service_phone = models.CharField(max_length=100, blank=True)
    fee = models.CharField(max_length=8, choices=Fee.choices, blank=True)
    # The amount and its basis when charged.
    fee_note = models.CharField(max_length=200, blank=True)
    online_channel = models.CharField(max_length=100, blank=True)
    online_url = models.CharField(max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def has_guide(self) -> bool:
        return any(getattr(self, key) for key in GUIDE_KEYS)

    @property
    def phone_links(self) -> list[tuple[str, str]]:
        """(as written, tel: target) for each number; an extension (转123) is dialled by hand."""
        return [
            (number, "tel:" + re.sub(r"[^0-9+]", "", number.split("转")[0]))
            for number in self.service_phone.split("、")
            if number
        ]


GUIDE_KEYS = (
    "service_place",
    "service_hours",
    "service_phone",
    "fee",
    "fee_note",
    "online_channel",
    "online_url",
)


class CertificateItem(ServiceGuide):
    """One item as one catalogue version wrote it. Rows are written when a version is published and
    never changed: the item in force on a day is the row of the latest version in force that touched
    its code (`catalogue.selectors`). A row with `is_active=False` records a removal."""

    class Status(models.TextChoices):
        RETAINED = "retained", "保留"
        CANCELLED = "cancelled", "取消（社区不再出具）"

    code = models.CharField(max_length=32)
    name = models.CharField(max_length=100)
    aliases = models.JSONField(default=list, blank=True)
    # Colloquial ways residents ask for it ("开个证明说我还活着").
    keywords = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    # 1 = 不应由基层群众性自治组织出具证明事项清单(第一批), 民发〔2020〕20号 附件.
    national_batch = models.PositiveSmallIntegerField(null=True, blank=True)
    issuing_unit_kind = models.CharField(
        max_length=16, choices=Unit.Kind.choices, default=Unit.Kind.COMMUNITY
    )
    requesting_units = models.JSONField(default=list, blank=True)
    conditions = models.TextField(blank=True)
    materials = models.JSONField(default=list, blank=True)
    steps = models.JSONField(default=list, blank=True)
    # Working days; 0 = 当场办结.
    time_limit_days = models.PositiveSmallIntegerField(null=True, blank=True)
    purpose = models.TextField(blank=True)
    # The certificate's 式样 (catalogue.template_spec); for first-batch cancelled items, the
    # template used only under the 四(三) hand-over exception.
    template = models.JSONField(null=True, blank=True)
    # 二(七) 告知承诺制: the notice, clauses and post-check rule when a commitment replaces the
    # proof (catalogue.commitment_spec); None when the item is not under the commitment system.
    commitment = models.JSONField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    # False on the row a removal writes: from that version on, the code is off the list.
    is_active = models.BooleanField(default=True)
    # Derived by the service from name, aliases, keywords and their pinyin; never edited.
    search_text = models.TextField(blank=True, editable=False)
    version = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="items")

    class Meta:
        ordering = ["code"]
        verbose_name = "证明事项"
        verbose_name_plural = "证明事项"
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="item_code_version_unique")
        ]
        indexes = [models.Index(fields=["code"], name="item_code_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_retained(self) -> bool:
        return self.is_active and self.status == self.Status.RETAINED


class LegalBasis(models.Model):
    class Level(models.TextChoices):
        LAW = "law", "法律"
        ADMINISTRATIVE_REGULATION = "administrative_regulation", "行政法规"
        STATE_COUNCIL_DECISION = "state_council_decision", "国务院决定"
        LOCAL_REGULATION = "local_regulation", "地方性法规"
        RULE = "rule", "规章"
        JUDICIAL_INTERPRETATION = "judicial_interpretation", "司法解释"
        NORMATIVE_DOCUMENT = "normative_document", "规范性文件"

    item = models.ForeignKey(CertificateItem, on_delete=models.CASCADE, related_name="legal_bases")
    title = models.CharField(max_length=200)
    article = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=32, choices=Level.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "设定依据"
        verbose_name_plural = "设定依据"

    def __str__(self) -> str:
        return f"{self.title}{self.article}"


class Alternative(ServiceGuide):
    """What replaces a cancelled proof, and where the resident goes instead."""

    class Kind(models.TextChoices):
        DATA_SHARING = "data_sharing", "部门信息共享核查"
        COMMITMENT = "commitment", "告知承诺"
        SELF_CHECK = "self_check", "索要单位自行调查核实"
        OTHER_DOCUMENT = "other_document", "以其他有效证件、材料代替"
        ABOLISHED = "abolished", "直接取消"

    item = models.ForeignKey(CertificateItem, on_delete=models.CASCADE, related_name="alternatives")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    handling_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Where the handling body is not a unit of this county (公证机构, 医疗机构, 发证机关).
    handling_unit_name = models.CharField(max_length=200, blank=True)
    instruction = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "替代方式"
        verbose_name_plural = "替代方式"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.instruction[:30]}"

    @property
    def handler_label(self) -> str:
        return self.handling_unit.name if self.handling_unit_id else self.handling_unit_name


class ChangeRequest(models.Model):
    """The only way the catalogue changes (三(四) 动态管理机制): proposed with reason and legal
    basis → reviewed → approved → published in a version, effective on a date."""

    class Kind(models.TextChoices):
        ADD = "add", "新增"
        CHANGE = "change", "变更"
        REMOVE = "remove", "移出清单"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "待审核"
        REVIEWED = "reviewed", "已审核，待批准"
        # 三(四): a new retained proof in a county's list waits for the region's approval.
        AWAITING_REGION = "awaiting_region", "待自治区批准"
        APPROVED = "approved", "已批准，待发布"
        REJECTED = "rejected", "已驳回"
        PUBLISHED = "published", "已发布"

    catalogue = models.ForeignKey(
        Catalogue, null=True, blank=True, on_delete=models.PROTECT, related_name="change_requests"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    item = models.ForeignKey(
        CertificateItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    item_code = models.CharField(max_length=32)
    # The whole proposed item in the import/export layout (see catalogue.payload).
    payload = models.JSONField(default=dict, blank=True)
    reason = models.TextField()
    legal_basis = models.TextField()
    # 三(四): a new item needs the region government's approval; its document number.
    approval_reference = models.CharField(max_length=200, blank=True)
    effective_date = models.DateField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # 三(四): the region admin who recorded the region's approval of a county's new proof.
    region_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region_approved_at = models.DateTimeField(null=True, blank=True)
    region_note = models.TextField(blank=True)
    version = models.ForeignKey(
        CatalogueVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_requests",
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = "清单变更申请"
        verbose_name_plural = "清单变更申请"
        indexes = [models.Index(fields=["status"], name="change_status_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.item_code}"


class ItemChange(models.Model):
    """What one version did to one item: the history page diffs `before` and `after`."""

    version = models.ForeignKey(
        CatalogueVersion, on_delete=models.PROTECT, related_name="item_changes"
    )
    change_request = models.ForeignKey(
        ChangeRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item_code = models.CharField(max_length=32)
    item_name = models.CharField(max_length=100)
    kind = models.CharField(max_length=8, choices=ChangeRequest.Kind.choices)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["version", "item_code"]
        verbose_name = "版本变更明细"
        verbose_name_plural = "版本变更明细"

    def __str__(self) -> str:
        return f"{self.version} {self.get_kind_display()} {self.item_code}"
