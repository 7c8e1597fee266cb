"""The campaign (专项行动) as data: the plan's key tasks (二(一)–(七)) with their lead and
cooperating units, its dated phases (三(一)–(四)) and the work each asks, the units' progress
reports with evidence files, and the supervision findings (四(二)) recorded against tasks and
units. The seed's own plan is reference data (reference.py); another county's or another year's
is copied from it (services.copy_campaign)."""

from django.conf import settings
from django.db import models

from jianzheng.core.models import StoredFile
from jianzheng.regions.models import Region, Unit, UnitName


class Campaign(models.Model):
    code = models.CharField("编号", max_length=40, unique=True)
    title = models.CharField("名称", max_length=200)
    document_number = models.CharField("文号", max_length=60, blank=True)
    county = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="copies"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = verbose_name_plural = "专项行动"

    def __str__(self) -> str:
        return self.title


class Phase(models.Model):
    """三(一)–(四): a dated step; `ends_on` empty for 长期坚持."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField()
    label = models.CharField("条款", max_length=16)  # "三(二)"
    title = models.CharField("名称", max_length=100)
    starts_on = models.DateField("开始")
    ends_on = models.DateField("结束", null=True, blank=True)
    description = models.TextField("要求", blank=True)

    class Meta:
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="campaign_phase_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    @property
    def is_long_term(self) -> bool:
        return self.ends_on is None


class PhaseWork(models.Model):
    """What a phase asks for: a list, a census, a mechanism. `source` names where the number
    comes from once it exists (reporting's census, signage's plaque census)."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="works")
    position = models.PositiveSmallIntegerField()
    title = models.CharField("工作", max_length=200)
    source = models.CharField("数据来源", max_length=40, blank=True)

    class Meta:
        ordering = ["phase", "position"]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """二(一)–(七). `due_on` is the end of the phase the task's first result belongs to; empty
    for work that goes on (建立长效机制)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField()
    label = models.CharField("条款", max_length=16)  # "二(一)"
    title = models.CharField("名称", max_length=100)
    content = models.TextField("内容")
    phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    due_on = models.DateField("完成时限", null=True, blank=True)

    class Meta:
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="campaign_task_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"


class TaskUnit(models.Model):
    """A lead or cooperating unit exactly as the plan names it (`text`), linked to the registered
    unit it means, or kept as a name nobody registered (merged later by the admin). A collective
    name ("各乡镇(街道)", "县直各单位") stands for every unit of that kind in the county."""

    class Role(models.TextChoices):
        LEAD = "lead", "牵头单位"
        COOPERATING = "cooperating", "配合单位"

    class Collective(models.TextChoices):
        NONE = "", "—"
        TOWNSHIPS = "townships", "各乡镇(街道)"
        DEPARTMENTS = "departments", "县直各单位"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="units")
    role = models.CharField(max_length=12, choices=Role.choices)
    position = models.PositiveSmallIntegerField()
    text = models.CharField("名称（原文）", max_length=100)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.ForeignKey(
        UnitName, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collective = models.CharField(max_length=12, choices=Collective.choices, blank=True)

    class Meta:
        ordering = ["task", "role", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "role", "position"], name="campaign_task_unit_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text


class ProgressReport(models.Model):
    class State(models.TextChoices):
        UNDER_WAY = "under_way", "推进中"
        DONE = "done", "已完成"

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    state = models.CharField("进展", max_length=12, choices=State.choices)
    summary = models.TextField("进展情况")
    reported_on = models.DateField("报送日期")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["task", "unit"], name="progress_task_unit_idx")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.unit_id} {self.state}"


class ProgressEvidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return str(self.file_id)


class SupervisionFinding(models.Model):
    """四(二): what the region's (or city's) supervision found, against a unit and, where it
    names one, a task. The evaluation area reads them (selectors.supervision_findings)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    reference = models.CharField("文号", max_length=80)
    found_on = models.DateField("督查日期")
    summary = models.TextField("督查发现")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = verbose_name_plural = "督查通报"

    def __str__(self) -> str:
        return self.reference
