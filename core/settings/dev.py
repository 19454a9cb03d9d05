"""Development: debug on, hosts under *.localhost."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1"]
WAGTAIL_SITE_PORT = env.int("WAGTAIL_SITE_PORT", default=8000)
# Mails (password reset) are printed to the console, links on the requesting region's host.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
