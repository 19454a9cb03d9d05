"""Tests: real PostgreSQL and Redis (a Redis database of their own), fast password hashing."""

from .base import *  # noqa: F403
from .base import CACHES, env

DEBUG = False
ALLOWED_HOSTS = ["localhost", ".localhost", "testserver", ".testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

REDIS_URL = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/14")
for alias in CACHES.values():
    alias["LOCATION"] = REDIS_URL
    alias["KEY_PREFIX"] = "test-" + alias["KEY_PREFIX"]
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="zwfw-test")
WAGTAIL_SITE_PORT = 80
