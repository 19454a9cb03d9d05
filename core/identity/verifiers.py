"""实名核验: the interface a real 人口库 / 公安 gateway plugs into (L2), and the L3 face check.

``DemoIdentityVerifier`` is NOT a real check: it accepts only the fictitious identities listed
in fixtures/demo_identities.json and says so in its label (shown in the UI). A deployment sets
IDENTITY_VERIFIER to its own class. Face verification (L3) is not included: an external provider
implements ``FaceVerifier`` (docs/identity.md).
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from core.domain.errors import DomainError, Problem

from .models import Level, Person

DEMO_FILE = Path(__file__).parent / "fixtures" / "demo_identities.json"


@dataclass(frozen=True)
class Verdict:
    ok: bool
    message: str = ""


class IdentityVerifier(Protocol):
    name: str  # recorded on the person (verified_by)
    label: str  # shown to the citizen

    def verify(self, name: str, id_number: str) -> Verdict: ...


class FaceVerifier(Protocol):
    """L3: a live face compared with the 人口库 photo by an external provider (not included)."""

    name: str

    def verify(self, person: Person, evidence: bytes) -> Verdict: ...


@cache
def _demo_identities() -> frozenset[tuple[str, str]]:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return frozenset((i["name"], i["id_number"]) for i in data["identities"])


class DemoIdentityVerifier:
    name = "demo"
    label = "演示核验器（仅接受演示身份，不连接真实人口库）"

    def verify(self, name: str, id_number: str) -> Verdict:
        if (name, id_number) in _demo_identities():
            return Verdict(True)
        return Verdict(False, "姓名与居民身份证号不在演示身份名单中（演示核验器不连接真实人口库）")


def verifier() -> IdentityVerifier:
    return import_string(settings.IDENTITY_VERIFIER)()


def verify_identity(person: Person) -> Person:
    """Raise the person to L2 when the verifier confirms name and ID number."""
    if person.level >= Level.L2:
        return person
    checker = verifier()
    verdict = checker.verify(person.name, person.id_number)
    if not verdict.ok:
        raise DomainError([Problem("id_number", verdict.message or "身份核验未通过")])
    with transaction.atomic():
        person.level, person.verified_by, person.verified_at = (
            Level.L2,
            checker.name,
            timezone.now(),
        )
        person.save(update_fields=["level", "verified_by", "verified_at"])
    return person
