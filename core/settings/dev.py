"""Development: debug on, hosts under *.localhost."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1"]
WAGTAIL_SITE_PORT = env.int("WAGTAIL_SITE_PORT", default=8000)
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
