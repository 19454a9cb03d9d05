"""Tests: real PostgreSQL and Redis (a Redis database of their own), fast password hashing."""

from .base import *  # noqa: F403
from .base import CACHES, env

DEBUG = False
ALLOWED_HOSTS = ["localhost", ".localhost", "testserver", ".testserver"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",  # citizen passwords
]

REDIS_URL = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/14")
for alias in CACHES.values():
    alias["LOCATION"] = REDIS_URL
    alias["KEY_PREFIX"] = "test-" + alias["KEY_PREFIX"]
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="zwfw-test")
WAGTAIL_SITE_PORT = 80
# Tests change permissions and badge counts within a test: the sidebar is built every page
# (tests/admin/test_sidebar_cache.py turns the cache on).
ADMIN_SIDEBAR_CACHE_SECONDS = 0

# Citizen passwords keep Argon2 (core.identity.accounts names it), cheaper parameters in tests.
IDENTITY_SCHEME = env("IDENTITY_SCHEME", default="http")
IDENTITY_PORT = env.int("IDENTITY_PORT", default=0)
IDENTITY_BACKCHANNEL_URL = env("IDENTITY_BACKCHANNEL_URL", default="")
IDENTITY_DEV_MAILBOX = env.bool("IDENTITY_DEV_MAILBOX", default=True)
