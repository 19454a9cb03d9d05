"""Production: secrets and hosts from the environment, secure cookies, no debug."""

from .base import *  # noqa: F403
from .base import OAUTH2_PROVIDER, TENANT_BASE_DOMAIN, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[TENANT_BASE_DOMAIN, f".{TENANT_BASE_DOMAIN}"]
)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)

# HTTPS. TLS usually ends at a reverse proxy that sets X-Forwarded-Proto; set
# DJANGO_BEHIND_TLS_PROXY=false when clients reach the app directly (the header would then be the
# client's own). Every plain-HTTP request is redirected, except the health probe of a load
# balancer; browsers are told to use HTTPS only, for the base domain and every region's subdomain.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env.bool("DJANGO_BEHIND_TLS_PROXY", default=True)
    else None
)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is a decision for the domain's owner (anyone may submit a domain whose header says
# "preload", and leaving the list takes months): off unless asked for, hence W021 silenced.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Mail must really be sent (password reset): SMTP from the environment, checked at start-up.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
from . import checks  # noqa: E402, F401  (registers the production settings checks)

# GraphQL: only operations from graphql/operations are served; no introspection or GraphiQL.
GRAPHQL_REQUIRE_PERSISTED = env.bool("GRAPHQL_REQUIRE_PERSISTED", default=True)
GRAPHQL_INTROSPECTION = False
GRAPHQL_GRAPHIQL = False

# Identity keys must come from the environment (identity.E001), never from a generated file.
IDENTITY_REQUIRE_ENV_KEYS = True
OAUTH2_PROVIDER["ALLOWED_REDIRECT_URI_SCHEMES"] = ["https"]  # clients' callbacks: HTTPS only
IDENTITY_SCHEME = env("IDENTITY_SCHEME", default="https")
