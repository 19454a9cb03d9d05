"""Tests: real PostgreSQL and Redis, a separate cache prefix, fast hashing, eager nothing."""

from .base import *  # noqa: F403
from .base import CACHES, env

DEBUG = False
ALLOWED_HOSTS = ["localhost", ".localhost", "testserver", ".testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
for alias in CACHES.values():
    alias["KEY_PREFIX"] = "test-" + alias["KEY_PREFIX"]
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="zwfw-test")
WAGTAILADMIN_BASE_URL = "http://localhost"
