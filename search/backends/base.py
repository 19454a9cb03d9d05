"""The contract of a search backend (postgres, elasticsearch)."""

from dataclasses import dataclass, field

from core.domain import codes
from core.domain.scope import Scope

from ..query import ParsedQuery


@dataclass(frozen=True)
class Filters:
    audience: str | None = None  # "person" | "legal"
    matter_type: str | None = None
    department: str | None = None  # USCC
    theme: str | None = None  # "p001" / "l005" or a bare theme code
    online_depth: int | None = None


@dataclass(frozen=True)
class Request:
    query: ParsedQuery
    scope: Scope
    filters: Filters = field(default_factory=Filters)
    best_bets: tuple[str, ...] = ()  # implementation or basic codes pinned first
    offset: int = 0
    limit: int = 20


@dataclass
class RawHit:
    """A matched document before highlighting."""

    implementation_code: str
    guide_id: int
    score: float
    region_code: str
    name: str
    aliases: list[str]
    description: str


@dataclass
class RawResults:
    total: int
    hits: list[RawHit]
    facets: dict[str, list[tuple[str, str | None, int]]]  # key → [(value, label, count)]
    extra: dict = field(default_factory=dict)


class BackendUnavailable(Exception):
    """The backend cannot answer now (the caller falls back to PostgreSQL)."""


# Documents carry national 服务对象 codes (core.domain.audience), so one split serves every province.
PERSON_OBJECTS = tuple(sorted(codes.PERSON_OBJECTS))
LEGAL_OBJECTS = tuple(sorted(set(codes.SERVICE_OBJECTS) - codes.PERSON_OBJECTS))
