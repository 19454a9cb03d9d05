"""URLs of the platform (public) host: console and health."""

from django.urls import include, path

from tenants.views import console, healthz

urlpatterns = [
    path("", console, name="console"),
    path("healthz", healthz, name="healthz"),
    path("graphql/", include("api.urls")),
]
