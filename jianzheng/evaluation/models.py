"""星级和谐社区 / 服务型党组织 综合考评 (永民发〔2020〕91号 二(二)) and the year-end deductions (四(二)).

- `Rating`: one resident's 好差评 of one case (a certificate, a commitment, a complaint), given
  with that case's secret; once per case (a unique constraint).
- `FollowUp`: what a rating of 不满意 or below opens for the unit that served: contact, rectify,
  answer, by a deadline in working days.
- `Scheme` / `Indicator`: the county's one scheme per period, its indicators as data (kind,
  source, formula, weight), its star thresholds and deduction rule.
- `Result`: a community's computed score and stars, indicator by indicator with the data behind
  each value; frozen when the scheme is published.

Ratings, follow-ups and published results are never deleted."""

from django.conf import settings
from django.db import models

from jianzheng.regions.models import Region, Unit


class Grade(models.TextChoices):
    """The national 政务服务"好差评" five grades."""

    VERY_SATISFIED = "very_satisfied", "非常满意"
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"
    VERY_DISSATISFIED = "very_dissatisfied", "非常不满意"


# Points per grade (docs/evaluation.md): the satisfaction indicator is their mean.
GRADE_POINTS = {
    Grade.VERY_SATISFIED: 100,
    Grade.SATISFIED: 80,
    Grade.BASICALLY_SATISFIED: 60,
    Grade.DISSATISFIED: 20,
    Grade.VERY_DISSATISFIED: 0,
}
# 不满意 or below opens a follow-up.
LOW_GRADES = (Grade.DISSATISFIED, Grade.VERY_DISSATISFIED)


class EvaluationSettings(models.Model):
    """How a county runs ratings: the follow-up deadline in working days."""

    county = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="+")
    follow_up_days = models.PositiveSmallIntegerField("差评整改期限（工作日）", default=15)

    class Meta:
        verbose_name = "考评设置"
        verbose_name_plural = "考评设置"

    def __str__(self) -> str:
        return f"{self.county_id}: {self.follow_up_days}"


class Rating(models.Model):
    class CaseKind(models.TextChoices):
        CERTIFICATE = "certificate", "社区证明"
        COMMITMENT = "commitment", "告知承诺书"
        COMPLAINT = "complaint", "监督举报"

    case_kind = models.CharField("事项类型", max_length=12, choices=CaseKind.choices)
    case_number = models.CharField("编号", max_length=64)
    county = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    # The unit that served (a community for a certificate, a department for a commitment); none
    # for a complaint, which the office of `region` handled.
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    served_on = models.DateField("办理日期")
    grade = models.CharField("评价", max_length=20, choices=Grade.choices)
    comment = models.TextField("意见建议", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间")

    class Meta:
        ordering = ["-rated_at", "-id"]
        verbose_name = "服务评价"
        verbose_name_plural = "服务评价"
        constraints = [
            models.UniqueConstraint(
                fields=["case_kind", "case_number"], name="rating_once_per_case"
            )
        ]
        indexes = [
            models.Index(fields=["unit", "rated_at"], name="rating_unit_idx"),
            models.Index(fields=["county", "rated_at"], name="rating_county_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.grade}"

    @property
    def points(self) -> int:
        return GRADE_POINTS[Grade(self.grade)]

    @property
    def unit_label(self) -> str:
        return self.unit.name if self.unit else f"{self.region.name}举报受理机关"


class FollowUp(models.Model):
    """差评整改: contact the resident, rectify, answer (the resident reads the answer)."""

    class State(models.TextChoices):
        OPEN = "open", "待联系"
        CONTACTED = "contacted", "已联系，整改中"
        ANSWERED = "answered", "已答复"

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="follow_up")
    opened_on = models.DateField("开始日期")
    deadline = models.DateField("整改期限")
    state = models.CharField(
        "状态", max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    contact_note = models.CharField("联系情况", max_length=500, blank=True)
    contacted_at = models.DateTimeField("联系时间", null=True, blank=True)
    rectification = models.TextField("整改情况", max_length=2000, blank=True)
    answer = models.TextField("答复群众", max_length=2000, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = "差评整改"
        verbose_name_plural = "差评整改"

    def __str__(self) -> str:
        return f"{self.rating_id} {self.state}"

    @property
    def closed_in_time(self) -> bool:
        return self.answered_on is not None and self.answered_on <= self.deadline


class Scheme(models.Model):
    """The county's one unified scheme for a period (二(二)): its indicators, its star
    thresholds and its deduction rule are data, published with the results."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已公布"

    county = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.CharField("考评期", max_length=16)
    name = models.CharField("名称", max_length=100)
    start = models.DateField("起始日期")
    end = models.DateField("截止日期")
    # Score at or above thresholds[0] → 5 stars, [1] → 4, [2] → 3, [3] → 2, else 1.
    star_thresholds = models.JSONField("星级分数线", default=list)
    # Points a unit loses per verified notice or finding in the period, and at most (四(二)).
    deduction_per_notice = models.DecimalField(
        "每份通报扣分", max_digits=5, decimal_places=2, default=2
    )
    deduction_cap = models.DecimalField("扣分上限", max_digits=5, decimal_places=2, default=10)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    run_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["county", "-start", "-id"]
        verbose_name = "考评方案"
        verbose_name_plural = "考评方案"
        constraints = [
            models.UniqueConstraint(fields=["county", "period"], name="one_scheme_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.period}"

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class Indicator(models.Model):
    class Kind(models.TextChoices):
        SERVICE_RESULT = "service_result", "服务居民实效"
        SATISFACTION = "satisfaction", "群众满意度"

    class AppliesTo(models.TextChoices):
        BOTH = "both", "两项考评"
        COMMUNITY = "community", "星级和谐社区"
        PARTY = "party", "服务型党组织"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField("代码", max_length=32)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    source = models.CharField("数据来源", max_length=48)
    # {"type": "share"} · {"type": "count_target", "target": n} · {"type": "count_penalty",
    # "per": n} · {"type": "mean"} (evaluation.formulas, docs/evaluation.md)
    formula = models.JSONField("计分公式")
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2)
    applies_to = models.CharField(
        "适用", max_length=10, choices=AppliesTo.choices, default=AppliesTo.BOTH
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "order", "id"]
        verbose_name = "考评指标"
        verbose_name_plural = "考评指标"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="indicator_code_per_scheme")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Result(models.Model):
    """A community's result under a scheme: both scores and stars, the deduction, and the
    breakdown — per indicator its value, the data behind it and its score."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="results")
    community = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    township = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    community_score = models.DecimalField(max_digits=6, decimal_places=2)
    community_stars = models.PositiveSmallIntegerField()
    party_score = models.DecimalField(max_digits=6, decimal_places=2)
    party_stars = models.PositiveSmallIntegerField()
    deduction = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    breakdown = models.JSONField(default=list)
    township_rank = models.PositiveIntegerField(default=0)
    county_rank = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["scheme", "county_rank", "id"]
        verbose_name = "考评结果"
        verbose_name_plural = "考评结果"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "community"], name="one_result_per_community")
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.community_id}"
