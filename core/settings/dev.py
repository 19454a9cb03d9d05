"""Development: debug on, hosts under *.localhost."""

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1"]
WAGTAIL_SITE_PORT = env.int("WAGTAIL_SITE_PORT", default=8000)
# Mails (password reset) are printed to the console, links on the requesting region's host.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

# runserver serves each request on a new thread, and a persistent connection belongs to its
# thread: with CONN_MAX_AGE > 0 every request left one open until PostgreSQL refused clients.
# Persistent connections are for gunicorn (production settings, docs/operations.md).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)

# The identity provider on http://id.localhost:8000; one-time codes in the dev mailbox page.
IDENTITY_SCHEME = env("IDENTITY_SCHEME", default="http")
IDENTITY_PORT = env.int("IDENTITY_PORT", default=WAGTAIL_SITE_PORT)
IDENTITY_BACKCHANNEL_URL = env(
    "IDENTITY_BACKCHANNEL_URL", default=f"http://127.0.0.1:{IDENTITY_PORT}"
)
IDENTITY_DEV_MAILBOX = env.bool("IDENTITY_DEV_MAILBOX", default=True)
