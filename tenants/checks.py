"""System checks guarding the tenancy configuration."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_cache_key_functions(app_configs, **kwargs):
    """Every cache alias must prefix keys with the tenant schema (Wagtail caches by path)."""
    wanted = settings.TENANT_CACHE_KEY_FUNCTION
    return [
        Error(
            f"Cache alias '{alias}' does not use the tenant-aware key function.",
            hint=f"Set CACHES['{alias}']['KEY_FUNCTION'] = '{wanted}'.",
            id="tenants.E001",
        )
        for alias, options in settings.CACHES.items()
        if options.get("KEY_FUNCTION") != wanted
    ]


@register()
def check_template_schema(app_configs, **kwargs):
    """New tenants are cloned: creation must fake migrations and name the template schema."""
    errors = []
    if not getattr(settings, "TENANT_CREATION_FAKES_MIGRATIONS", False):
        errors.append(Error("TENANT_CREATION_FAKES_MIGRATIONS must be True.", id="tenants.E002"))
    if not getattr(settings, "TENANT_BASE_SCHEMA", None):
        errors.append(Error("TENANT_BASE_SCHEMA must name the template schema.", id="tenants.E003"))
    if "wagtail" in settings.SHARED_APPS:
        errors.append(Error("Wagtail must be a tenant app only.", id="tenants.E004"))
    return errors
