"""基本目录: matters owned by a province, their immutable versions, and the claims registry.

All of it lives in the public schema. Rows are never hard-deleted: a matter is cancelled by
publishing a version whose status is 取消.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.domain import codes
from tenants.models import Department, Region

# The elements of a version that are fixed for the whole province (cities and counties can
# not change them) and the province's recommended defaults for local elements.
FIXED_ELEMENTS = (
    "name", "type", "levels", "department", "service_objects", "themes", "life_events",
    "legal_basis", "aliases", "description", "statutory_limit", "status", "effective_date",
    "cancel_date",
)  # fmt: skip
DEFAULT_ELEMENTS = ("conditions", "materials", "steps", "result", "fee", "faqs", "case_type")


class Matter(models.Model):
    """A catalogue item of one province: main item, sub-item or handling item (主项/子项/业务办理项)."""

    province = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="matters",
        limit_choices_to={"level": Region.Level.PROVINCE}, verbose_name="所属省份",
    )  # fmt: skip
    basic_code = models.CharField("基本编码", max_length=12)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name="上级事项",
    )  # fmt: skip
    is_national = models.BooleanField(
        "国家目录事项", default=False, help_text="Imported from the national catalogue: read-only."
    )
    current_version = models.ForeignKey(
        "MatterVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="现行版本",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "目录事项"
        verbose_name_plural = "目录事项"
        ordering = ["province", "basic_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "basic_code"], name="basic_code_per_province"
            ),
        ]

    def __str__(self):
        version = self.current_version
        return f"{self.basic_code} {version.name}" if version else self.basic_code

    @property
    def name(self) -> str:
        return self.current_version.name if self.current_version else ""

    @property
    def status(self) -> str:
        return self.current_version.status if self.current_version else "草稿"

    def clean(self):
        if message := codes.basic_code_error(self.basic_code):
            raise ValidationError({"basic_code": message})


class MatterVersion(models.Model):
    """An immutable numbered version of a matter's fixed elements and recommended defaults.

    Drafts are edited and go through review; once published a version never changes.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "审核中"
        PUBLISHED = "published", "已发布"
        REJECTED = "rejected", "不通过"

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.DRAFT)
    # fixed elements
    name = models.CharField("事项名称", max_length=200)
    type = models.CharField("事项类型", max_length=2, choices=list(codes.MATTER_TYPES.items()))
    levels = models.JSONField("行使层级", default=list)
    department = models.CharField("主管部门", max_length=100)
    service_objects = models.JSONField("服务对象", default=list)
    themes = models.JSONField("服务主题", default=dict)
    life_events = models.JSONField("一件事", default=list, blank=True)
    legal_basis = models.JSONField("设定依据", default=list)
    aliases = models.JSONField("日常用语", default=list, blank=True)
    description = models.TextField("事项说明", blank=True)
    statutory_limit = models.JSONField("法定办结时限", default=dict)
    status = models.CharField("事项状态", max_length=8, default="在用",
                              choices=[(s, s) for s in codes.STATUSES])  # fmt: skip
    effective_date = models.DateField("计划生效日期", null=True, blank=True)
    cancel_date = models.DateField("计划取消日期", null=True, blank=True)
    # recommended defaults for local elements
    case_type = models.CharField("办件类型", max_length=1, default="2",
                                 choices=list(codes.CASE_TYPES.items()))  # fmt: skip
    conditions = models.TextField("受理条件", blank=True)
    materials = models.JSONField("申请材料", default=list, blank=True)
    steps = models.JSONField("办理流程", default=list, blank=True)
    result = models.JSONField("审批结果", default=dict, blank=True)
    fee = models.JSONField("收费", default=dict, blank=True)
    faqs = models.JSONField("常见问题", default=list, blank=True)
    # bookkeeping
    # Required once published (what changed and why), shown wherever versions are compared.
    change_note = models.CharField("变更说明", max_length=500, blank=True)
    review_note = models.CharField("审核意见", max_length=500, blank=True)
    created_by = models.CharField("编制人", max_length=150, blank=True)
    reviewed_by = models.CharField("审核人", max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "事项版本"
        verbose_name_plural = "事项版本"
        ordering = ["matter", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "number"], name="version_number_per_matter"),
            models.UniqueConstraint(
                fields=["matter"], condition=Q(state__in=["draft", "review"]),
                name="one_open_draft_per_matter",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | ~Q(change_note=""),
                name="published_version_has_change_note",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.matter.basic_code} v{self.number} {self.name}"

    def save(self, *args, **kwargs):
        if self.pk:
            stored = (
                MatterVersion.objects.filter(pk=self.pk).values_list("state", flat=True).first()
            )
            if stored == self.State.PUBLISHED:
                raise ValidationError("已发布的事项版本不可修改，请新建版本")
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def fixed_elements(self) -> dict:
        return {name: _plain(getattr(self, name)) for name in FIXED_ELEMENTS}

    def default_elements(self) -> dict:
        return {name: _plain(getattr(self, name)) for name in DEFAULT_ELEMENTS}

    def elements(self) -> dict:
        return {**self.fixed_elements(), **self.default_elements()}


def _plain(value):
    """JSON-comparable form of an element value (dates as ISO strings)."""
    return value.isoformat() if hasattr(value, "isoformat") else value


class Claim(models.Model):
    """Claims registry (认领): which department of which region implements which matter at
    which level. Used for fan-out of catalogue changes and for province oversight."""

    class State(models.TextChoices):
        ACTIVE = "active", "实施中"
        WITHDRAWN = "withdrawn", "已撤回"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="claims")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="claims")
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="claims")
    level = models.CharField("行使层级", max_length=1, choices=list(codes.LEVELS.items()))
    implementation_code = models.CharField("实施编码", max_length=31, unique=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.ACTIVE)
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "认领"
        verbose_name_plural = "认领登记"
        ordering = ["region", "implementation_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "matter", "level"], name="one_claim_per_department_level"
            ),
        ]

    def __str__(self):
        return self.implementation_code


class SyncJob(models.Model):
    """Progress of one catalogue version fanned out to one claimant region."""

    class State(models.TextChoices):
        PENDING = "pending", "待处理"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    version = models.ForeignKey(MatterVersion, on_delete=models.PROTECT, related_name="sync_jobs")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="sync_jobs")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    items = models.PositiveIntegerField("合并的清单事项数", default=0)
    conflicts = models.PositiveIntegerField("冲突数", default=0)
    error = models.TextField(blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "下发任务"
        verbose_name_plural = "下发任务"
        constraints = [
            models.UniqueConstraint(fields=["version", "region"], name="one_sync_job_per_region"),
        ]

    def __str__(self):
        return f"{self.version} → {self.region_id} ({self.state})"
