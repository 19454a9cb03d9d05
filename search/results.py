"""What search returns: plain dataclasses shared by both backends and the callers."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hit:
    implementation_code: str
    guide_id: int  # PublishedGuide pk
    score: float
    highlight: str  # HTML-safe snippet with <mark>
    region_code: str


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None
    query: str
    normalised_query: str
    backend: str = field(default="postgres", compare=False)


@dataclass(frozen=True)
class Suggestion:
    text: str
    implementation_code: str | None


FACET_KEYS = ("department", "type", "service_object", "theme", "online_depth")
