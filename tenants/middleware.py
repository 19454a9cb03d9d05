"""Route each request to its region by host name; unknown and inactive hosts get 404."""

from django.http import Http404
from django_tenants.middleware.main import TenantMainMiddleware


class RegionMiddleware(TenantMainMiddleware):
    """django-tenants' host routing, refusing deactivated regions as if they did not exist."""

    def get_tenant(self, domain_model, hostname):
        tenant = super().get_tenant(domain_model, hostname)
        if not tenant.is_active or tenant.schema_name == "template":
            raise domain_model.DoesNotExist
        return tenant

    def no_tenant_found(self, request, hostname):
        raise Http404(f"没有与域名 {hostname} 对应的区划")
