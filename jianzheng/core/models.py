from django.conf import settings
from django.db import models

from jianzheng.core.partitions import county_code_field
from jianzheng.core.pii import EncryptedJSONField, new_row_ref


class AuditEntry(models.Model):
    """One staff write. Rows are chained by hash: altering or removing one breaks the chain.

    Never updated or deleted; corrections are new entries."""

    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150)
    unit_code = models.CharField(max_length=32, blank=True)
    # The county of the unit ("" for the operator's CLI); left out of the hash: it follows
    # from unit_code.
    county_code = county_code_field()
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    summary = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["action", "id"], name="audit_action_idx"),
        ]
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.target_type}:{self.target_id}"


class AuditHead(models.Model):
    """A single row locked by every writer, so entries chain in commit order on PostgreSQL too,
    and so removing the newest entry is detectable."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"audit head #{self.last_id}"


class AuditCheckpoint(models.Model):
    """The chain head at a moment, signed with the checkpoint key kept outside the database
    (core.checkpoints); a copy of each is appended to the journal file beside that key."""

    last_id = models.BigIntegerField()
    last_hash = models.CharField(max_length=64)
    at = models.CharField(max_length=32)  # ISO time as signed
    kid = models.CharField(max_length=16)
    signature = models.CharField(max_length=100)

    class Meta:
        ordering = ["id"]
        verbose_name = "审计检查点"
        verbose_name_plural = "审计检查点"

    def __str__(self) -> str:
        return f"checkpoint #{self.last_id} {self.at}"


class CalendarDay(models.Model):
    """A day the State Council's yearly notice (国务院办公厅关于部分节假日安排的通知) moves off the
    ordinary week: a holiday on a weekday, or a weekend day worked in exchange (调休上班). Every
    other day is a working day Monday to Friday. Loaded from core/data/official-calendar.csv and
    by `jianzheng calendar import` for each new year's notice."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    name = models.CharField("名称", max_length=40)
    source = models.CharField("依据", max_length=200)

    class Meta:
        ordering = ["day"]
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()} {self.name}"


class StoredFile(models.Model):
    """A file from the public (evidence, photos), checked by content, stripped of metadata and
    kept under the data folder's `uploads/` (core.uploads), outside the web root. Nothing serves
    it but an area's view that checks permission (`core.uploads.file_response`). Never deleted
    with the record it belongs to: the record points at it."""

    class Kind(models.TextChoices):
        IMAGE = "image", "图片"
        PDF = "pdf", "PDF"

    area = models.CharField("所属业务", max_length=40)
    path = models.CharField("存储位置", max_length=200, unique=True)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField("原文件名", max_length=120, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "上传文件"
        verbose_name_plural = "上传文件"

    def __str__(self) -> str:
        return self.original_name or self.path


class OutboxMessage(models.Model):
    """Work a change asks for after it commits (a notification to send), written in the same
    transaction as the change (core.outbox.enqueue), done by the task runner
    (`jianzheng tasks run`). A failure is kept with its error and tried again later; a row is
    never deleted, so nothing is lost and what was sent when can be read back."""

    class State(models.TextChoices):
        PENDING = "pending", "待发送"
        DONE = "done", "已完成"

    kind = models.CharField("类型", max_length=40)
    # Who to tell and what (an email address, a phone number): sealed at rest (core.pii),
    # bound to the row by `ref`, a random name given before the row is first saved.
    ref = models.CharField(max_length=32, default=new_row_ref, editable=False)
    payload = EncryptedJSONField(default=dict, bind="ref")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField()
    available_at = models.DateTimeField("下次尝试")
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "待办消息"
        verbose_name_plural = "待办消息"
        indexes = [models.Index(fields=["state", "available_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.state}"


class JournalOffset(models.Model):
    """How far the task runner has stored one local journal file (core.journal): moved in the
    same transaction as the rows it stored, so each line is stored exactly once."""

    path = models.CharField(max_length=200, unique=True)  # "<journal>/<file name>"
    offset = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "日志文件进度"
        verbose_name_plural = "日志文件进度"

    def __str__(self) -> str:
        return f"{self.path} @ {self.offset}"
