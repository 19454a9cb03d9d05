"""Entries of the region breaking the province's publish rules (core.listings.rules).

The home page shows how many; the list shows which and why. Checking every entry costs a pass
over the list, so the count is cached under a stamp of the list's state (number of entries, last
change, the province's rule settings): any edit, merge or new rule setting makes a new key, and
the count is never older than the entries it describes.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max

from core.domain.errors import Problem
from core.listings import rules
from core.listings.models import ImplementationItem
from tenants.current import province_of

CACHE_SECONDS = 24 * 3600


@dataclass
class Violation:
    item: ImplementationItem
    problems: list[Problem]


def checked_entries():
    """Entries whose content is or will be a guide: drafts, under review, published."""
    return ImplementationItem.objects.exclude(state=ImplementationItem.State.SUSPENDED)


def violations(region) -> list[Violation]:
    """Every checked entry with its rule problems, by 实施编码."""
    province = province_of(region)
    config = province.options.get("rules")
    found = []
    entries = (
        checked_entries()
        .select_related("base_version", "department")
        .order_by("implementation_code")
    )
    for item in entries:
        local = {**item.local_elements(), "level": item.level}
        if problems := rules.check(local, item.base_version.elements(), config, province.code):
            found.append(Violation(item, problems))
    return found


def _stamp(region) -> str:
    state = checked_entries().aggregate(n=Count("pk"), last=Max("updated_at"))
    config = province_of(region).options.get("rules")
    text = json.dumps([state["n"], str(state["last"]), config], sort_keys=True, default=str)
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def violation_count(region) -> int:
    """How many entries break a rule: one query while nothing changed."""
    key = f"workbench:violations:{_stamp(region)}"
    count = cache.get(key)
    if count is None:
        count = len(violations(region))
        cache.set(key, count, CACHE_SECONDS)
    return count
