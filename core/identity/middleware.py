"""Requests to ``IDENTITY_HOST`` (id.<base domain>, routed to the platform's public schema) are
served by the provider's URLs, not the platform console's."""

from django.conf import settings


class IdentityHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        if tenant is not None and tenant.schema_name == "public":
            host = request.get_host().rsplit(":", 1)[0].lower()
            if host == settings.IDENTITY_HOST:
                request.urlconf = "core.identity.urls_provider"
        return self.get_response(request)
