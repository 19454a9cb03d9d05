"""A province's own settings from its tenant config, cached per process.

Provinces change these only through provisioning (tenant_configs/), so a process re-reads a
province's applied config at most every ``TTL`` seconds; tests call ``clear_cache``.
"""

import time

from tenants.models import Region

TTL = 300.0

_configs: dict[str, tuple[float, dict]] = {}


def province_setting(province_code: str, key: str) -> dict:
    """The ``key`` block of the province's applied config ({} when absent or no province)."""
    if not province_code:
        return {}
    now = time.monotonic()
    found = _configs.get(province_code)
    if found is None or now - found[0] > TTL:
        config = Region.objects.filter(code=province_code).values_list("applied_config", flat=True)
        found = _configs[province_code] = (now, config.first() or {})
    return found[1].get(key) or {}


def clear_cache() -> None:
    _configs.clear()
