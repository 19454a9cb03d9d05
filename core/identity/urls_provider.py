"""URLs of the identity provider's host (id.<base domain>)."""

from django.urls import include, path
from oauth2_provider import urls as oauth2_urls

from tenants.views import healthz

from . import views_provider as views

_KEPT = ("token", "revoke-token", "introspect")
oauth2_patterns = [
    path("authorize/", views.Authorize.as_view(), name="authorize"),
    path("logout/", views.Logout.as_view(), name="rp-initiated-logout"),
    *[p for p in oauth2_urls.base_urlpatterns if p.name in _KEPT],
    *[p for p in oauth2_urls.oidc_urlpatterns if p.name != "rp-initiated-logout"],
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("o/", include((oauth2_patterns, "oauth2_provider"))),
    path("", include("core.identity.urls_account")),
]
