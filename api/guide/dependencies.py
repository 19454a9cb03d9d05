"""The stamps guide queries depend on (``api.core.dependencies``), declared before they read."""

from core.domain.scope import scope_for

from ..core import dependencies
from ..core.loaders import selects
from .enums import RegionScope


def declare_guide(info, implementation_code: str) -> None:
    """guide(implementationCode): its row, and its matter when selected (the basic code is part
    of the 实施编码, so the matter's stamp is read in the same round trip as the guide's)."""
    names = [dependencies.guide(implementation_code)]
    if selects(info, "matter") and (basic_code := dependencies.basic_code_of(implementation_code)):
        names.append(dependencies.matter(basic_code))
    if selects(info, "ratingSummary"):
        names.append(dependencies.rating(implementation_code))
    dependencies.depends_on(names)


def declare_guide_list(region_code: str, scope: str) -> None:
    """guides(region, scope): the guide lists of the regions the scope covers."""
    if scope == RegionScope.WITHIN.value:
        dependencies.depends_on_guide_lists([region_code], below=[region_code])
    elif scope == RegionScope.AVAILABLE.value:
        dependencies.depends_on_guide_lists(scope_for(region_code).chain)
    else:
        dependencies.depends_on_guide_lists([region_code])
