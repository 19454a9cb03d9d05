"""Region tenants and the organisation data a region declares in tenant_configs/.

Everything here lives in the public schema: the platform console, provisioning, the claims
registry and the published-guide projection need to see every region's departments and halls.
"""

from django.core.exceptions import ValidationError
from django.db import connection, models
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.postgresql_backend.base import _check_schema_name
from django_tenants.utils import schema_exists

from . import codes, schema_clone

SYSTEM_SCHEMAS = ("public", "template")


class RegionQuerySet(models.QuerySet):
    def regions(self):
        """Real regions: excludes the platform (public) and template tenants."""
        return self.exclude(level=Region.Level.SYSTEM)

    def active(self):
        return self.regions().filter(is_active=True)


class Region(TenantMixin):
    """A province, city or county tenant, with its own schema, page tree, users and admin."""

    class Level(models.TextChoices):
        PROVINCE = codes.LEVEL_PROVINCE, "省级"
        CITY = codes.LEVEL_CITY, "市级"
        COUNTY = codes.LEVEL_COUNTY, "县级"
        SYSTEM = "system", "系统"

    name = models.CharField("名称", max_length=100)
    slug = models.SlugField("标识", max_length=63, unique=True)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    code = models.CharField("行政区划代码", max_length=6, unique=True, null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField("启用", default=True)
    branding = models.JSONField("品牌", default=dict, blank=True)
    features = models.JSONField("功能开关", default=dict, blank=True)
    options = models.JSONField("其他配置", default=dict, blank=True)
    applied_config = models.JSONField(
        "已应用的配置",
        default=dict,
        blank=True,
        help_text="The tenant_configs file content last provisioned; unchanged files are skipped.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegionQuerySet.as_manager()

    # Saving a new region creates its schema by cloning the template (TENANT_BASE_SCHEMA);
    # django-tenants deletes the row again if that fails.
    auto_create_schema = True
    auto_drop_schema = False

    class Meta:
        verbose_name = "区划"
        verbose_name_plural = "区划"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.code}）" if self.code else self.name

    def create_schema(self, check_if_exists=False, sync_schema=True, verbosity=1):
        """Clone the template by replaying its DDL (tenants.schema_clone) when
        settings.TENANT_CLONE_METHOD says so; django-tenants' clone otherwise or as fallback."""
        _check_schema_name(self.schema_name)
        if check_if_exists and schema_exists(self.schema_name):
            return False
        replayed = (
            sync_schema
            and schema_clone.replay_wanted()
            and schema_clone.create_schema(self.schema_name)
        )
        if replayed:
            connection.set_schema_to_public()
            return True
        return super().create_schema(check_if_exists, sync_schema, verbosity)

    @property
    def is_system(self) -> bool:
        return self.level == self.Level.SYSTEM

    @property
    def full_code(self) -> str:
        return codes.full_division_code(self.code) if self.code else ""

    @property
    def is_development_zone(self) -> bool:
        return bool(self.code) and codes.is_development_zone(self.code)

    def ancestors(self) -> list["Region"]:
        """Parent first, province last."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def ancestor_codes(self) -> list[str]:
        return [region.code for region in self.ancestors()]

    def clean(self):
        if self.is_system:
            return
        errors = {}
        if message := codes.division_code_error(self.code or "", self.level):
            errors["code"] = message
        elif message := codes.parent_code_error(self.code, self.parent.code if self.parent else ""):
            errors["parent"] = message
        if errors:
            raise ValidationError(errors)


class Domain(DomainMixin):
    """A host name routed to a region (or to the platform, for the public tenant)."""

    class Meta:
        verbose_name = "域名"
        verbose_name_plural = "域名"


class Department(models.Model):
    """An implementing body (实施主体) of a region, identified by its USCC."""

    class Nature(models.TextChoices):
        STATUTORY = "1", "法定机关"
        AUTHORISED = "2", "授权组织"
        ENTRUSTED = "3", "受委托组织"
        OTHER = "9", "其他"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departments")
    key = models.SlugField("标识", max_length=40)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40)
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[codes.validate_uscc]
    )
    nature = models.CharField("实施主体性质", max_length=1, choices=Nature.choices, default="1")
    phone = models.CharField("电话", max_length=40, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["region", "key"]
        constraints = [
            models.UniqueConstraint(fields=["region", "key"], name="department_key_per_region"),
        ]

    def __str__(self):
        return self.name


class ServiceHall(models.Model):
    """A 政务服务中心 (service hall) of a region, with its windows."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="halls")
    key = models.SlugField("标识", max_length=40)
    name = models.CharField("名称", max_length=100)
    address = models.CharField("地址", max_length=200, blank=True)
    hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "政务服务大厅"
        verbose_name_plural = "政务服务大厅"
        ordering = ["region", "key"]
        constraints = [
            models.UniqueConstraint(fields=["region", "key"], name="hall_key_per_region"),
        ]

    def __str__(self):
        return self.name


class Window(models.Model):
    """A counter (窗口) in a service hall, serving one or more departments."""

    hall = models.ForeignKey(ServiceHall, on_delete=models.PROTECT, related_name="windows")
    key = models.CharField("编号", max_length=40)
    name = models.CharField("名称", max_length=100)
    phone = models.CharField("电话", max_length=40, blank=True)
    departments = models.ManyToManyField(Department, related_name="windows", blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "窗口"
        verbose_name_plural = "窗口"
        ordering = ["hall", "key"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "key"], name="window_key_per_hall"),
        ]

    def __str__(self):
        return f"{self.hall.name} {self.key} {self.name}"

    @property
    def reference(self) -> str:
        """How configuration and listing files refer to a window: '<hall key>/<window key>'."""
        return f"{self.hall.key}/{self.key}"


class ServicePoint(models.Model):
    """A township (乡镇/街道, 9 digits) or village (村/社区, 12 digits) service point of a county."""

    class Kind(models.TextChoices):
        TOWNSHIP = "township", "乡镇（街道）便民服务中心"
        VILLAGE = "village", "村（社区）便民服务站"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="service_points")
    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    address = models.CharField("地址", max_length=200, blank=True)
    hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "便民服务点"
        verbose_name_plural = "便民服务点"
        ordering = ["code"]

    def __str__(self):
        return self.name
