"""规范社区挂牌和上墙 (永民发〔2020〕91号 二(四), 三(二), 三(三)二/三/四, 三(四), 附件).

- `Venue`: a 村(社区)组织活动场所 of a community (a community may have several).
- `Plaque`: a sign on or in a venue: where it hangs (`Position`, the seed's places), vertical or
  horizontal, its text, size in cm, material, the unit that put it up and the approval reference
  (三(四): an internal plaque needs the city-level leading group's approval).
- `WallPosting`: something on the wall: a notice (公示公告警示, may stay), internal rules or policy
  (off the walls, into the service handbook).
- `AwardDisplay`: an award and where it is shown (never on a wall, 三(三)四).
- `RuleSet`: a county's own rules replacing the seed's default (`rulesets/default.json`).
- `RectificationTask`: one violation to put right by a deadline in working days, with before and
  after photos and the township's sign-off.
- `Photo`: a `core.StoredFile` (checked, re-encoded, EXIF stripped) attached to one of them.
Nothing is deleted: a plaque taken down keeps its row with the day it came down."""

from django.conf import settings
from django.db import models

from jianzheng.core.models import StoredFile
from jianzheng.regions.models import Region, Unit


class Venue(models.Model):
    community = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    name = models.CharField("活动场所名称", max_length=100)
    address = models.CharField("地址", max_length=200, blank=True)
    # Room numbers for the guide board: {"警务室": "101", …}
    rooms = models.JSONField("房间号", default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community__code", "pk"]
        verbose_name = "村（社区）组织活动场所"
        verbose_name_plural = "村（社区）组织活动场所"

    def __str__(self) -> str:
        return self.name


class Placed(models.Model):
    """Something that hangs in a venue from one day until it is taken down."""

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="+")
    put_up_on = models.DateField("登记日期")
    removed_on = models.DateField("撤除日期", null=True, blank=True)
    removed_note = models.CharField("撤除说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Plaque(Placed):
    class Position(models.TextChoices):
        DOOR_SIDE = "door_side", "大门两侧"
        DOOR_HEADER = "door_header", "门头"
        DOOR_WALL = "door_wall", "大门两侧墙体"
        INDOOR_DOOR = "indoor_door", "室内门牌"
        OUTDOOR_BOX = "outdoor_box", "室外挂箱"
        NOTICE_BOARD = "notice_board", "公示牌"
        INSIDE = "inside", "室内"

    class Orientation(models.TextChoices):
        VERTICAL = "vertical", "竖牌"
        HORIZONTAL = "horizontal", "横牌"

    position = models.CharField("位置", max_length=16, choices=Position.choices)
    orientation = models.CharField("方向", max_length=12, choices=Orientation.choices)
    text = models.CharField("牌子内容", max_length=100)
    width_cm = models.PositiveIntegerField("宽（厘米）")
    height_cm = models.PositiveIntegerField("高（厘米）")
    material = models.CharField("材质", max_length=40, blank=True)
    erected_by = models.CharField("挂牌单位", max_length=100, blank=True)
    approval_reference = models.CharField("审批文号", max_length=100, blank=True)

    class Meta:
        ordering = ["venue", "position", "pk"]
        verbose_name = "牌子"
        verbose_name_plural = "牌子"

    def __str__(self) -> str:
        return self.text


class WallPosting(Placed):
    class Kind(models.TextChoices):
        NOTICE = "notice", "公示公告警示"
        INTERNAL = "internal", "内部管理"
        POLICY = "policy", "具体政策"

    title = models.CharField("标题", max_length=100)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    body = models.TextField("内容", blank=True)
    # Taken off the wall into the service handbook (removed_on set, in_handbook True).
    in_handbook = models.BooleanField("编入服务手册", default=False)

    class Meta:
        ordering = ["venue", "kind", "pk"]
        verbose_name = "上墙制度"
        verbose_name_plural = "上墙制度"

    def __str__(self) -> str:
        return self.title


class AwardDisplay(Placed):
    class Where(models.TextChoices):
        WALL = "wall", "墙体"
        DISPLAY_BOARD = "display_board", "展示板（图片缩影集中展示）"
        HONOUR_ROOM = "honour_room", "荣誉室"

    title = models.CharField("奖状奖牌", max_length=100)
    awarded_by = models.CharField("颁发单位", max_length=100, blank=True)
    where = models.CharField("展示位置", max_length=16, choices=Where.choices)

    class Meta:
        ordering = ["venue", "pk"]
        verbose_name = "奖状奖牌"
        verbose_name_plural = "奖状奖牌"

    def __str__(self) -> str:
        return self.title


class RuleSet(models.Model):
    """A county's own rules, replacing the default set for every venue of the county."""

    county = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("规则名称", max_length=100)
    data = models.JSONField("规则")
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "挂牌规则"
        verbose_name_plural = "挂牌规则"

    def __str__(self) -> str:
        return self.name


class RectificationTask(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "待整改"
        DONE = "done", "已整改，待乡镇确认"
        SIGNED_OFF = "signed_off", "乡镇已确认"

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField("规则", max_length=60)
    clause = models.CharField("条款", max_length=40)
    message = models.TextField("问题")
    plaque = models.ForeignKey(Plaque, null=True, blank=True, on_delete=models.PROTECT)
    posting = models.ForeignKey(WallPosting, null=True, blank=True, on_delete=models.PROTECT)
    award = models.ForeignKey(AwardDisplay, null=True, blank=True, on_delete=models.PROTECT)
    opened_on = models.DateField("下达日期")
    deadline = models.DateField("整改期限")
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    done_on = models.DateField("整改日期", null=True, blank=True)
    done_note = models.CharField("整改说明", max_length=200, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_on = models.DateField("确认日期", null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = "整改任务"
        verbose_name_plural = "整改任务"

    def __str__(self) -> str:
        return f"{self.rule} {self.venue_id}"

    def subject(self):
        return self.plaque or self.posting or self.award


class Photo(models.Model):
    class Stage(models.TextChoices):
        RECORD = "record", "登记照片"
        BEFORE = "before", "整改前"
        AFTER = "after", "整改后"

    file = models.OneToOneField(StoredFile, on_delete=models.PROTECT, related_name="+")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=8, choices=Stage.choices, default=Stage.RECORD)
    plaque = models.ForeignKey(
        Plaque, null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    posting = models.ForeignKey(
        WallPosting, null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    award = models.ForeignKey(
        AwardDisplay, null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    task = models.ForeignKey(
        RectificationTask, null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "照片"
        verbose_name_plural = "照片"

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.pk}"
