"""OIDC clients: every region portal (registered by provision_tenants from the region's domains)
and the mini-apps (public clients with PKCE).

A portal client is confidential; its secret is HMAC(IDENTITY_CLIENT_SECRET_KEY, client_id), so
the portal derives it and the provider stores only DOT's hash of it.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django_tenants.utils import schema_context
from oauth2_provider.models import Application

from tenants.config import RegionConfig, wanted_domains

CALLBACK_PATH = "/account/callback/"
SIGNED_OUT_PATH = "/account/signed-out/"


def _port_suffix() -> str:
    port = settings.IDENTITY_PORT
    default = 443 if settings.IDENTITY_SCHEME == "https" else 80
    return f":{port}" if port and port != default else ""


def origin(host: str) -> str:
    """scheme://host[:port] of a host of this deployment as browsers reach it."""
    return f"{settings.IDENTITY_SCHEME}://{host}{_port_suffix()}"


def provider_origin() -> str:
    return origin(settings.IDENTITY_HOST)


def issuer() -> str:
    return provider_origin() + "/o"


def portal_client_id(slug: str) -> str:
    return f"portal-{slug}"


def portal_client_secret(client_id: str) -> str:
    key = settings.IDENTITY_CLIENT_SECRET_KEY.encode()
    return hmac.new(key, client_id.encode(), hashlib.sha256).hexdigest()


def _portal_values(name: str, domains: list[str]) -> dict:
    return {
        "name": f"{name}政务服务网",
        "redirect_uris": " ".join(origin(d) + CALLBACK_PATH for d in domains),
        "post_logout_redirect_uris": " ".join(origin(d) + SIGNED_OUT_PATH for d in domains),
        "client_type": Application.CLIENT_CONFIDENTIAL,
        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
        "algorithm": Application.RS256_ALGORITHM,
        "skip_authorization": True,  # the deployment's own portals: no consent screen (SSO)
    }


def _upsert(client_id: str, values: dict, secret: str | None, dry_run: bool) -> str | None:
    """Create or update one client; a description of the change, None when nothing changed."""
    with schema_context("public"):
        app = Application.objects.filter(client_id=client_id).first()
        if app is None:
            if not dry_run:
                app = Application(client_id=client_id, **values)
                app.client_secret = secret or ""
                app.save()
            return f"OIDC 客户端 {client_id}（新建）"
        changed = [k for k, v in values.items() if getattr(app, k) != v]
        if changed and not dry_run:
            for key in changed:
                setattr(app, key, values[key])
            app.save(update_fields=[*changed, "updated"])
        return f"OIDC 客户端 {client_id}（{'、'.join(changed)}）" if changed else None


def register_portal(slug: str, name: str, domains: list[str], dry_run: bool = False):
    client_id = portal_client_id(slug)
    return _upsert(client_id, _portal_values(name, domains), portal_client_secret(client_id),
                   dry_run)  # fmt: skip


def register_public_client(client_id: str, name: str, redirect_uris: list[str]):
    """A mini-app or native app: public (no secret), PKCE, consent asked once."""
    values = {
        "name": name,
        "redirect_uris": " ".join(redirect_uris),
        "post_logout_redirect_uris": "",
        "client_type": Application.CLIENT_PUBLIC,
        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
        "algorithm": Application.RS256_ALGORITHM,
        "skip_authorization": False,
        "hash_client_secret": False,
    }
    return _upsert(client_id, values, None, dry_run=False)


def on_region_provisioned(sender, region, config, dry_run, changes=None, **kwargs):
    """provision_tenants' schema-side step: the region's portal client matches its domains."""
    domains = wanted_domains(RegionConfig(path="", data=config))
    with transaction.atomic():
        change = register_portal(region.slug, config["name"], domains, dry_run=dry_run)
    return [change] if change else []
