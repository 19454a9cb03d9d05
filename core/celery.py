"""The Celery app. tenant-schemas-celery puts the sender's schema in each task's headers and the
worker switches to it before the task runs (a plain Celery app would run everything in public)."""

import os

from tenant_schemas_celery.app import CeleryApp as TenantAwareCeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")

app = TenantAwareCeleryApp("zwfw")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
