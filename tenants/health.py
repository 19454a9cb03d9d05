"""Health probes of the services a request depends on.

A probe reports ok or failed and how long it took, never the error text: that would show
internal addresses (``Error 111 connecting to 10.0.3.7:6379``) to anyone. The detail is logged.
"""

import logging
import time

from django.core.cache import caches
from django.db import connection

log = logging.getLogger(__name__)


class ServiceUnavailable(Exception):
    """A service a request needs is down and nothing can stand in for it; the region middleware
    answers 503 with ``message``."""

    message = "服务暂时不可用，请稍后再试"


def _timed(name: str, probe) -> dict:
    started = time.perf_counter()
    try:
        probe()
        ok = True
    except Exception:  # a probe reports failure, it never raises
        log.warning("healthz: %s failed", name, exc_info=True)
        ok = False
    return {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis():
    cache = caches["default"]
    cache.set("healthz", "1", 5)
    if cache.get("healthz") != "1":
        raise RuntimeError("value written was not read back")


def service_health() -> dict:
    """{"ok": all up, "failed": [names], "database": {...}, "redis": {...}}."""
    checks = {"database": _timed("database", _database), "redis": _timed("redis", _redis)}
    failed = [name for name, check in checks.items() if not check["ok"]]
    return {"ok": not failed, "failed": failed, **checks}
