"""Create or update region tenants from validated tenant_configs files.

Idempotent: a region whose file equals what was last applied, and whose schema-side set-up
(Wagtail site and home page) is in place, is reported as unchanged and not written.
"""

import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import schema_context, schema_exists, tenant_context

from .config import (  # primary_domain is used by cms.handlers too
    ConfigError,
    RegionConfig,
    database_problems,
    primary_domain,  # noqa: F401
    wanted_domains,
)
from .lifecycle import set_region_active
from .models import Department, Domain, Region, ServiceHall, ServicePoint, Window
from .signals import region_activity_changed, region_changed, region_provisioned

PUBLIC_SCHEMA = "public"
PROVISIONING_LOCK = int.from_bytes(b"zwfwprov", "big")  # advisory lock key of provisioning runs


@dataclass
class RegionOutcome:
    slug: str
    name: str
    action: str  # "create" | "update" | "unchanged" | "deactivate"
    changes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def __str__(self):
        label = {"create": "新建", "update": "更新", "unchanged": "无变化", "deactivate": "停用"}
        detail = (
            f"：{'；'.join(self.changes)}" if self.changes and self.action != "unchanged" else ""
        )
        return f"{self.slug} {self.name} {label[self.action]}{detail}"


def ensure_system_tenants() -> list[str]:
    """The platform (public) tenant with the base domain, and the migrated template tenant."""
    done = []
    public, created = Region.objects.get_or_create(
        schema_name=PUBLIC_SCHEMA,
        defaults={"name": "政务服务平台", "slug": "platform", "level": Region.Level.SYSTEM},
    )
    if created:
        done.append("platform tenant created")
    _, created = Domain.objects.get_or_create(
        domain=settings.TENANT_BASE_DOMAIN, defaults={"tenant": public, "is_primary": True}
    )
    if created:
        done.append(f"platform domain {settings.TENANT_BASE_DOMAIN}")
    # The identity provider's host is the platform's too (core.identity serves it there).
    identity_host = getattr(settings, "IDENTITY_HOST", "")
    if identity_host:
        _, created = Domain.objects.get_or_create(
            domain=identity_host, defaults={"tenant": public, "is_primary": False}
        )
        if created:
            done.append(f"identity domain {identity_host}")
    template_name = settings.TENANT_BASE_SCHEMA
    template = Region.objects.filter(schema_name=template_name).first()
    if template is None:
        # No base schema exists yet, so django-tenants migrates this one from zero (once).
        Region.objects.create(
            schema_name=template_name, name="模板", slug="template", level=Region.Level.SYSTEM
        )
        done.append("template schema migrated")
    elif not schema_exists(template_name):
        template.save()  # django-tenants recreates and migrates a missing schema on save
        done.append("template schema recreated")
    return done


def _set_fields(obj, values: dict) -> list[str]:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def _upsert(model, lookup: dict, values: dict) -> tuple[object, bool]:
    """Create or update one row; True when anything was written."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    if _set_fields(obj, values):
        obj.save()
        return obj, True
    return obj, False


def _sync_domains(region: Region, config: RegionConfig) -> bool:
    """The region's hosts are exactly those of its file: a domain dropped from the file stops
    routing to the region (otherwise an old host would keep serving it)."""
    wanted = wanted_domains(config)
    dropped = Domain.objects.filter(tenant=region).exclude(domain__in=wanted).delete()[0]
    changed = dropped > 0
    for index, name in enumerate(wanted):
        _, wrote = _upsert(Domain, {"domain": name}, {"tenant": region, "is_primary": index == 0})
        changed |= wrote
    return changed


def _deactivate_rest(queryset, keep_ids) -> bool:
    return queryset.exclude(pk__in=keep_ids).filter(is_active=True).update(is_active=False) > 0


def _sync_organisation(region: Region, data: dict) -> bool:
    """Departments, halls with windows, service points; rows missing from the file are deactivated."""
    changed, departments = False, {}
    for item in data.get("departments", []):
        department, wrote = _upsert(
            Department,
            {"region": region, "key": item["key"]},
            {
                "name": item["name"],
                "short_name": item["short_name"],
                "uscc": item["uscc"],
                "nature": item.get("nature", "1"),
                "phone": item.get("phone", ""),
                "is_active": True,
            },
        )
        departments[item["key"]] = department
        changed |= wrote
    changed |= _deactivate_rest(region.departments.all(), [d.pk for d in departments.values()])
    hall_ids = []
    for item in data.get("halls", []):
        hall, wrote = _upsert(
            ServiceHall,
            {"region": region, "key": item["key"]},
            {
                "name": item["name"],
                "address": item.get("address", ""),
                "hours": item.get("hours", ""),
                "phone": item.get("phone", ""),
                "is_active": True,
            },
        )
        hall_ids.append(hall.pk)
        changed |= wrote | _sync_windows(hall, item.get("windows", []), departments)
    changed |= _deactivate_rest(region.halls.all(), hall_ids)
    point_ids = []
    for item in data.get("service_points", []):
        kind = ServicePoint.Kind.TOWNSHIP if len(item["code"]) == 9 else ServicePoint.Kind.VILLAGE
        point, wrote = _upsert(
            ServicePoint,
            {"code": item["code"]},
            {
                "region": region,
                "name": item["name"],
                "kind": kind,
                "address": item.get("address", ""),
                "hours": item.get("hours", ""),
                "phone": item.get("phone", ""),
                "is_active": True,
            },
        )
        point_ids.append(point.pk)
        changed |= wrote
    changed |= _deactivate_rest(region.service_points.all(), point_ids)
    return changed


def _sync_windows(hall: ServiceHall, items: list[dict], departments: dict) -> bool:
    changed, keep = False, []
    for item in items:
        window, wrote = _upsert(
            Window,
            {"hall": hall, "key": item["key"]},
            {"name": item["name"], "phone": item.get("phone", ""), "is_active": True},
        )
        wanted = {departments[key].pk for key in item.get("departments", [])}
        if set(window.departments.values_list("pk", flat=True)) != wanted:
            window.departments.set(wanted)
            wrote = True
        keep.append(window.pk)
        changed |= wrote
    return changed | _deactivate_rest(hall.windows.all(), keep)


def ensure_tenant_admin(
    region: Region, username: str, email: str = "", password: str | None = None
):
    """Create the region's first admin in the region's own schema; never touches an existing user."""
    with tenant_context(region):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            return None, False
        user = User.objects.create_superuser(username=username, email=email, password=password)
        if password is None:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user, True


def _schema_side(
    region: Region, config: RegionConfig, dry_run: bool, changes: list[str] | None = None
) -> list[str]:
    """Schema-side set-up by the higher layers; ``changes`` (what this run changed) is what the
    audit trail records for the region."""
    with tenant_context(region):
        responses = region_provisioned.send(
            sender=Region, region=region, config=config.data, dry_run=dry_run,
            changes=list(changes or []),
        )  # fmt: skip
    return [change for _, changes in responses for change in (changes or [])]


def _region_values(config: RegionConfig, parent: Region | None) -> dict:
    data = config.data
    return {
        "name": data["name"],
        "slug": data["slug"],
        "level": data["level"],
        "code": data["code"],
        "parent": parent,
        "is_active": True,
        "branding": data.get("branding", {}),
        "features": data.get("features", {}),
        "options": {
            key: data[key] for key in ("rules", "demo", "allow_self_approval") if key in data
        },
        "applied_config": config.canonical(),
    }


def plan_region(config: RegionConfig) -> RegionOutcome:
    """What provisioning would do for one file, without writing anything."""
    region = Region.objects.filter(schema_name=config.slug).first()
    outcome = RegionOutcome(config.slug, config.data["name"], "unchanged")
    if region is None:
        outcome.action, outcome.changes = "create", ["新建租户（从模板克隆）"]
        return outcome
    applied, wanted = region.applied_config or {}, config.canonical()
    changed_keys = sorted(k for k in set(applied) | set(wanted) if applied.get(k) != wanted.get(k))
    changes = [f"配置项 {key}" for key in changed_keys]
    if not region.is_active:
        changes.append("重新启用")
    changes += _schema_side(region, config, dry_run=True)
    if changes:
        outcome.action, outcome.changes = "update", changes
    return outcome


def apply_region(config: RegionConfig) -> RegionOutcome:
    """Create or update one region: public rows, then its schema-side set-up."""
    started = time.perf_counter()
    outcome = plan_region(config)
    if outcome.action != "unchanged":
        with transaction.atomic():
            parent = Region.objects.get(code=config.parent) if config.parent else None
            region = Region.objects.filter(schema_name=config.slug).first()
            values = _region_values(config, parent)
            if region is None:
                region = Region(schema_name=config.slug, **values)
                region.full_clean(exclude=["schema_name"])
                region.save(verbosity=0)  # clones the template schema
            else:
                was_active = region.is_active
                if _set_fields(region, values):
                    region.full_clean(exclude=["schema_name"])
                    region.save()
                if not was_active:  # the save above switched it back on
                    region_activity_changed.send(sender=Region, region=region, active=True)
            _sync_domains(region, config)
            _sync_organisation(region, config.data)
            if admin := config.data.get("admin"):
                _, created = ensure_tenant_admin(
                    region, admin["username"], admin.get("email", ""), admin.get("password")
                )
                if created:
                    outcome.changes.append(f"管理员 {admin['username']}")
            _schema_side(region, config, dry_run=False, changes=outcome.changes)
            region_changed.send(sender=Region, region=region)  # names and addresses in guides
    outcome.seconds = time.perf_counter() - started
    return outcome


class TemplateNotCurrent(Exception):
    """The template schema is behind the code: a clone would record the missing migrations as
    applied without their tables, and migrate_schemas would then skip the region forever."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        shown = "、".join(missing[:5]) + ("……" if len(missing) > 5 else "")
        super().__init__(
            f"模板 schema“{settings.TENANT_BASE_SCHEMA}”有 {len(missing)} 个迁移尚未执行（{shown}），"
            "现在克隆的新区划会缺表。请先运行 python manage.py migrate_schemas --tenant"
            "（即 make migrate 的最后一步），再重新运行 provision_tenants。"
        )


def unapplied_template_migrations() -> list[str]:
    """Migrations of the code that the template schema has not applied ("app.name")."""
    with schema_context(settings.TENANT_BASE_SCHEMA):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def _check_template_current(configs: list[RegionConfig]) -> None:
    """Before any region is cloned (checked once, before anything is written)."""
    slugs = [c.slug for c in configs]
    existing = set(
        Region.objects.filter(schema_name__in=slugs).values_list("schema_name", flat=True)
    )
    new = set(slugs) - existing
    if (
        new
        and schema_exists(settings.TENANT_BASE_SCHEMA)
        and (missing := unapplied_template_migrations())
    ):
        raise TemplateNotCurrent(missing)


@contextmanager
def _one_run_at_a_time(dry_run: bool):
    """A session-level advisory lock around a provisioning run (a dry run reads only). Two
    runs would both clone the same new schema and the second would fail halfway through."""
    if dry_run:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [PROVISIONING_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [PROVISIONING_LOCK])


def provision(
    configs: list[RegionConfig],
    dry_run: bool = False,
    deactivate_missing: bool = False,
    progress: Callable[[int, int, RegionOutcome], None] | None = None,
) -> list[RegionOutcome]:
    """Provision every region (parents first); optionally deactivate regions not configured.
    Runs one at a time: a concurrent run waits, then finds the regions made (no changes)."""
    with schema_context(PUBLIC_SCHEMA), _one_run_at_a_time(dry_run):
        if problems := database_problems(configs):  # a host another region owns
            raise ConfigError(problems)
        _check_template_current(configs)
        if not dry_run:
            ensure_system_tenants()
        outcomes = []
        for index, config in enumerate(configs, start=1):
            outcome = plan_region(config) if dry_run else apply_region(config)
            outcomes.append(outcome)
            if progress:
                progress(index, len(configs), outcome)
        if deactivate_missing:
            configured = {c.slug for c in configs}
            for region in Region.objects.active().exclude(schema_name__in=configured):
                outcomes.append(RegionOutcome(region.slug, region.name, "deactivate"))
                if not dry_run:
                    set_region_active(region, False)
        return outcomes
