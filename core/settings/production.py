"""Production: secrets and hosts from the environment, secure cookies, no debug."""

from .base import *  # noqa: F403
from .base import TENANT_BASE_DOMAIN, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[TENANT_BASE_DOMAIN, f".{TENANT_BASE_DOMAIN}"]
)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# GraphQL: only operations from graphql/operations are served; no introspection or GraphiQL.
GRAPHQL_REQUIRE_PERSISTED = env.bool("GRAPHQL_REQUIRE_PERSISTED", default=True)
GRAPHQL_INTROSPECTION = False
GRAPHQL_GRAPHIQL = False
