"""实施清单 entries of one tenant (tenant schema): local elements, workflow, versions, conflicts.

An entry points to public rows (the matter, the catalogue version it is based on, the claim,
the department); the public side never points back, so tenant rows can come and go freely.
"""

import hashlib
import json

from django.db import models

from core.catalogue.models import Claim, Matter, MatterVersion
from core.domain import codes
from tenants.models import Department

# Local elements: what a city or county fills in (DOMAIN.md §4). Their order is the order of the
# exchange formats and of version comparisons.
LOCAL_ELEMENTS = (
    "promised_limit", "case_type", "visits", "onsite_reason", "online_depth", "forms",
    "online_url", "fee", "windows", "service_points", "consult_phone", "complaint_phone",
    "hours", "conditions", "materials", "steps", "special_procedures", "result", "faqs",
    "aliases", "appointment", "express", "self_service", "tongban",
)  # fmt: skip


def digest(value) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(text.encode()).hexdigest()[:12]


class ImplementationItem(models.Model):
    """One 实施清单 entry: a catalogue matter implemented by a department at a level."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "审核中"
        PUBLISHED = "published", "已发布"
        SUSPENDED = "suspended", "已暂停"

    class Sync(models.TextChoices):
        CURRENT = "current", "与目录一致"
        OUTDATED = "outdated", "目录已更新，待确认"
        CONFLICT = "conflict", "存在冲突，待处理"
        CANCELLED = "cancelled", "目录事项已取消"

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="+")
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    level = models.CharField("行使层级", max_length=1, choices=list(codes.LEVELS.items()))
    implementation_code = models.CharField("实施编码", max_length=31, unique=True)
    base_version = models.ForeignKey(
        MatterVersion, on_delete=models.PROTECT, related_name="+", verbose_name="所依据的目录版本"
    )
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.DRAFT)
    sync_state = models.CharField(
        "同步状态", max_length=16, choices=Sync.choices, default=Sync.CURRENT
    )
    live_version = models.ForeignKey(
        "ItemVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="在线版本",
    )  # fmt: skip
    # local elements
    promised_limit = models.JSONField("承诺办结时限", default=dict)
    case_type = models.CharField(
        "办件类型", max_length=1, default="2", choices=list(codes.CASE_TYPES.items())
    )
    visits = models.PositiveSmallIntegerField(
        "到办事现场次数", default=1, choices=list(codes.VISITS.items())
    )
    onsite_reason = models.CharField("必须现场办理原因", max_length=300, blank=True)
    online_depth = models.PositiveSmallIntegerField(
        "网上办理深度", default=1, choices=list(codes.ONLINE_DEPTHS.items())
    )
    forms = models.JSONField("办理形式", default=list)
    online_url = models.URLField("网上办理地址", max_length=300, blank=True)
    fee = models.JSONField("收费", default=dict)
    windows = models.JSONField("办理窗口", default=list, blank=True)
    service_points = models.JSONField("便民服务点", default=list, blank=True)
    consult_phone = models.CharField("咨询电话", max_length=40, blank=True)
    complaint_phone = models.CharField("监督投诉电话", max_length=40, blank=True)
    hours = models.CharField("办理时间", max_length=200, blank=True)
    conditions = models.TextField("受理条件", blank=True)
    materials = models.JSONField("申请材料", default=list, blank=True)
    steps = models.JSONField("办理流程", default=list, blank=True)
    special_procedures = models.JSONField("特别程序", default=list, blank=True)
    result = models.JSONField("审批结果", default=dict, blank=True)
    faqs = models.JSONField("常见问题", default=list, blank=True)
    aliases = models.JSONField("日常用语", default=list, blank=True)
    appointment = models.BooleanField("支持预约", default=False)
    express = models.BooleanField("支持物流快递", default=False)
    self_service = models.BooleanField("支持自助终端", default=False)
    tongban = models.CharField(
        "通办范围", max_length=4, blank=True, choices=[(t, t or "无") for t in codes.TONGBAN]
    )
    # bookkeeping
    # Bumped by every save: an edit states the revision it was based on and a stale one is refused.
    revision = models.PositiveIntegerField("修订号", default=1)
    submitted_by = models.CharField("提交人", max_length=150, blank=True)
    review_note = models.CharField("审核意见", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "实施清单事项"
        verbose_name_plural = "实施清单"
        ordering = ["implementation_code"]
        permissions = [("review_item", "可审核、发布实施清单事项")]

    def __str__(self):
        return f"{self.implementation_code} {self.base_version.name}"

    def save(self, *args, **kwargs):
        self.revision = (self.revision or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return self.base_version.name

    def local_elements(self) -> dict:
        return {name: getattr(self, name) for name in LOCAL_ELEMENTS}

    def element_digests(self) -> dict[str, str]:
        """A short fingerprint per local element, carried by edit forms to name what changed
        meanwhile when their edit is refused as stale."""
        values = {**self.local_elements(), "base_version": self.base_version_id}
        return {name: digest(value) for name, value in values.items()}

    def set_local_elements(self, values: dict) -> list[str]:
        """Assign the given elements; returns the names whose value changed."""
        changed = [n for n, v in values.items() if n in LOCAL_ELEMENTS and getattr(self, n) != v]
        for name in changed:
            setattr(self, name, values[name])
        return changed


class ItemVersion(models.Model):
    """An immutable snapshot of an entry, written on every publish (number 1, 2, …)."""

    item = models.ForeignKey(ImplementationItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    catalogue_version = models.ForeignKey(MatterVersion, on_delete=models.PROTECT, related_name="+")
    elements = models.JSONField("清单要素")
    published_by = models.CharField("发布人", max_length=150, blank=True)
    published_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        verbose_name = "清单版本"
        verbose_name_plural = "清单版本"
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="item_version_number"),
        ]

    def __str__(self):
        return f"{self.item.implementation_code} v{self.number}"


class MergeConflict(models.Model):
    """An element changed both by the province (base → theirs) and locally (base → ours)."""

    item = models.ForeignKey(ImplementationItem, on_delete=models.CASCADE, related_name="conflicts")
    element = models.CharField("要素", max_length=40)
    catalogue_version = models.ForeignKey(MatterVersion, on_delete=models.PROTECT, related_name="+")
    base = models.JSONField("原目录值", null=True)
    theirs = models.JSONField("新目录值", null=True)
    ours = models.JSONField("本地值", null=True)
    resolved = models.BooleanField(default=False)
    resolution = models.CharField(max_length=16, blank=True)  # "ours" | "theirs"
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "同步冲突"
        verbose_name_plural = "同步冲突"
        constraints = [
            models.UniqueConstraint(
                fields=["item", "element", "catalogue_version"], name="one_conflict_per_element"
            ),
        ]

    def __str__(self):
        return f"{self.item.implementation_code} {self.element}"


class CodeHistory(models.Model):
    """实施编码 changes of an entry (a reorganisation changed the USCC or the level)."""

    item = models.ForeignKey(
        ImplementationItem, on_delete=models.CASCADE, related_name="code_history"
    )
    old_code = models.CharField(max_length=31)
    new_code = models.CharField(max_length=31)
    reason = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "实施编码变更记录"
        verbose_name_plural = "实施编码变更记录"
        ordering = ["-changed_at"]

    def __str__(self):
        return f"{self.old_code} → {self.new_code}"
