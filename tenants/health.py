"""Health probes of the services a request depends on."""

import time

from django.core.cache import caches
from django.db import connection


def _timed(probe) -> dict:
    started = time.perf_counter()
    try:
        probe()
    except Exception as exc:  # a probe reports failure, it never raises
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


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
    checks = {"database": _timed(_database), "redis": _timed(_redis)}
    return {"ok": all(check["ok"] for check in checks.values()), **checks}
