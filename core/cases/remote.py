"""Applicant operations addressed from any host (API clients, mini-apps): find the region whose
schema holds the entry or the case through the public side, then act inside that schema."""

from collections.abc import Callable

from django_tenants.utils import schema_context

from core.case_register.models import CaseRecord
from core.domain.errors import DomainError, Problem
from core.listings.models import ImplementationItem
from core.published.models import PublishedGuide

from .models import Case


def submit_anywhere(implementation_code: str, act: Callable):
    """``act(item)`` in the schema of the region that implements the entry."""
    guide = (
        PublishedGuide.objects.select_related("region")
        .filter(implementation_code=implementation_code)
        .first()
    )
    if guide is None:
        raise DomainError(
            [Problem("implementation_code", f"实施编码 {implementation_code} 没有在线的办事指南")]
        )
    with schema_context(guide.region.schema_name):
        item = ImplementationItem.objects.filter(pk=guide.entry_id).first()
        if item is None:
            raise DomainError([Problem("implementation_code", "该事项已不在实施清单中")])
        return act(item)


def on_case(number: str, act: Callable):
    """``act(case)`` in the schema of the region that holds case ``number``."""
    record = CaseRecord.objects.select_related("region").filter(number=number).first()
    if record is None:
        raise DomainError([Problem("number", f"没有找到办件 {number}")])
    with schema_context(record.region.schema_name):
        case = Case.objects.filter(pk=record.case_id).first()
        if case is None:
            raise DomainError([Problem("number", f"没有找到办件 {number}")])
        result = act(case)
        return result, CaseRecord.objects.get(pk=record.pk)
