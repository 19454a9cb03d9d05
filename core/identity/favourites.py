"""收藏: a citizen keeps guides (by implementation code) and finds them on every host."""

from django.db import IntegrityError, transaction

from core.domain.errors import DomainError, Problem
from core.published.models import PublishedGuide

from .models import Favourite

MAX_FAVOURITES = 500


def add_favourite(person_id: int, implementation_code: str) -> Favourite:
    """Idempotent: favouriting a kept guide again returns the kept favourite."""
    if not PublishedGuide.objects.filter(implementation_code=implementation_code).exists():
        raise DomainError([Problem("implementation_code",
                                   f"实施编码 {implementation_code} 没有在线的办事指南")])  # fmt: skip
    existing = Favourite.objects.filter(person_id=person_id,
                                        implementation_code=implementation_code).first()  # fmt: skip
    if existing is not None:
        return existing
    if Favourite.objects.filter(person_id=person_id).count() >= MAX_FAVOURITES:
        raise DomainError([Problem("implementation_code", f"最多收藏{MAX_FAVOURITES}项")])
    try:
        with transaction.atomic():
            return Favourite.objects.create(
                person_id=person_id, implementation_code=implementation_code
            )
    except IntegrityError:  # the same favourite added concurrently
        return Favourite.objects.get(person_id=person_id, implementation_code=implementation_code)


def remove_favourite(person_id: int, implementation_code: str) -> bool:
    """True when a favourite was removed (removing one not kept is not an error)."""
    return bool(Favourite.objects.filter(person_id=person_id,
                                         implementation_code=implementation_code).delete()[0])  # fmt: skip


def is_favourite(person_id: int, implementation_code: str) -> bool:
    return Favourite.objects.filter(person_id=person_id,
                                    implementation_code=implementation_code).exists()  # fmt: skip


def favourites_with_guides(person_id: int, limit: int = 100) -> list[tuple[Favourite, object]]:
    """(favourite, its live guide or None if it went offline), newest first: two queries."""
    favourites = list(Favourite.objects.filter(person_id=person_id)[:limit])
    codes = [f.implementation_code for f in favourites]
    guides = {g.implementation_code: g
              for g in PublishedGuide.objects.filter(implementation_code__in=codes)}  # fmt: skip
    return [(f, guides.get(f.implementation_code)) for f in favourites]
