"""One uploaded exchange file and what became of it (tenant schema: a region's own jobs)."""

import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models


class ImportStorage(Storage):
    """The ``imports`` storage of the STORAGES setting, looked up on every use (a field's
    storage is otherwise fixed when the model is loaded)."""

    def _target(self) -> Storage:
        return storages["imports"]

    def _open(self, name, mode="rb"):
        return self._target().open(name, mode)

    def _save(self, name, content):
        return self._target().save(name, content)

    def delete(self, name):
        self._target().delete(name)

    def exists(self, name):
        return self._target().exists(name)

    def size(self, name):
        return self._target().size(name)

    def listdir(self, path):
        return self._target().listdir(path)

    def url(self, name):
        raise NotImplementedError("uploaded import files are private: read them in a view")


def _storage():
    return ImportStorage()


def upload_path(job: "ImportJob", filename: str) -> str:
    """Private storage, per region: <schema>/<uuid>.<suffix> (the clerk's name is kept apart)."""
    suffix = filename.rsplit(".", 1)[-1].lower()
    return f"{job.schema_name}/{uuid.uuid4().hex}.{suffix}"


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        CATALOGUE = "catalogue", "基本目录"
        LISTING = "listing", "实施清单"

    class State(models.TextChoices):
        UPLOADED = "uploaded", "已上传，等待预览"
        PREVIEWING = "previewing", "正在预览"
        PREVIEWED = "previewed", "预览完成，待确认"
        INVALID = "invalid", "文件有问题，不能导入"
        APPLYING = "applying", "正在导入"
        APPLIED = "applied", "已导入"
        FAILED = "failed", "导入失败"
        CANCELLED = "cancelled", "已取消"

    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    region_id = models.PositiveIntegerField("区划")  # the tenant's id: scoped by schema and id
    schema_name = models.CharField(max_length=63)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="上传人"
    )
    file = models.FileField("文件", upload_to=upload_path, storage=_storage, max_length=200)
    file_name = models.CharField("文件名", max_length=200)
    file_size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.UPLOADED)
    background = models.BooleanField("后台任务", default=False)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", null=True, blank=True)
    preview = models.JSONField("预览", null=True, blank=True)  # Preview.as_dict()
    outcome = models.TextField("结果", blank=True)
    problems = models.JSONField("问题", default=list, blank=True)  # of the import itself
    # The apply's lease (core.uploads.lease): who runs it (token, null while queued), until when
    # (renewed by its heartbeat), how often it was started, and for whom (to resume it).
    apply_user = models.CharField("导入人", max_length=150, blank=True)
    lease_token = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("启动次数", default=0)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.file_name}（{self.get_state_display()}）"

    @property
    def running(self) -> bool:
        return self.state in (self.State.UPLOADED, self.State.PREVIEWING, self.State.APPLYING)

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))
