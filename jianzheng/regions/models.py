from django.conf import settings
from django.db import models


def county_code_in_path(path: str, code: str) -> str:
    """The code of the county a region lies in, read off its path "/64/6401/640121/…"; a region
    above county level is its own; a township of a city without counties (东莞's 441900003) the
    county-level part of its own code. Never more than 6 digits. Migrations use it too."""
    return next((part for part in path.strip("/").split("/") if len(part) == 6), code[:6])


class Region(models.Model):
    """A statistical division (国家统计局统计用区划代码): 2/4/6 digits province/city/county,
    9 digits township or street, 12 digits village or community."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "地级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡镇（街道）"
        COMMUNITY = "community", "村（社区）"

    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=100)
    level = models.CharField(max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path "/64/6401/640121/": a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, unique=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def county_code(self) -> str:
        """The code of the county this region lies in (its own above county level): what the
        ledger's rows are keyed by (docs/scaling.md, the distribution column)."""
        return county_code_in_path(self.path, self.code)

    @staticmethod
    def level_for_code(code: str) -> "Region.Level":
        return {
            2: Region.Level.PROVINCE,
            4: Region.Level.CITY,
            6: Region.Level.COUNTY,
            9: Region.Level.TOWNSHIP,
            12: Region.Level.COMMUNITY,
        }[len(code)]


class Unit(models.Model):
    """An organisation staff belong to. A community committee's code is its 12-digit region code."""

    class Kind(models.TextChoices):
        COUNTY = "county", "县级党委政府"
        TOWNSHIP = "township", "乡镇政府（街道办）"
        COMMUNITY = "community", "村（居）民委员会"
        DEPARTMENT = "department", "县直部门"
        ENTERPRISE = "enterprise", "公用企事业单位"

    code = models.CharField("单位代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="units", verbose_name="行政区划"
    )
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "单位"
        verbose_name_plural = "单位"
        indexes = [models.Index(fields=["kind", "code"], name="unit_kind_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def county_code(self) -> str:
        """The code of the county the unit works in (a region's own above county level)."""
        return self.region.county_code


class UnitName(models.Model):
    """Text typed where a unit is meant (a demanding unit, say) that names no registered unit:
    kept as typed, counted, and later merged by staff into the unit it means. One row per way of
    writing it (`key`) per county; the records that carry it keep their own text."""

    # The county it was typed in: "派出所" in one county is not the one in another.
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name="行政区划"
    )
    text = models.CharField("名称（原文）", max_length=200)
    key = models.CharField("比对用名称", max_length=200)
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="names",
        verbose_name="归并到的单位",
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="归并人",
    )
    merged_at = models.DateTimeField("归并时间", null=True, blank=True)
    created_at = models.DateTimeField("首次出现")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "未登记单位名称"
        verbose_name_plural = "未登记单位名称"
        constraints = [
            models.UniqueConstraint(fields=["region", "key"], name="unit_name_once_per_county")
        ]

    def __str__(self) -> str:
        return self.text
