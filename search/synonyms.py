"""The colloquial ↔ official dictionary: the shipped file plus each province's own entries."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import analysis, caching

DICTIONARY = Path(__file__).parent / "data" / "synonyms.txt"


def parse(text: str, source: str = "synonyms.txt") -> dict[str, tuple[str, ...]]:
    """``official: colloquial, …`` lines → {colloquial: (official, …)} (normalised)."""
    mapping: dict[str, list[str]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        official, sep, terms = line.partition(":")
        if not sep or not official.strip() or not terms.strip():
            raise ValueError(f"{source}:{number}: expected 'official: colloquial, …', got {raw!r}")
        official = analysis.normalise(official)
        for term in terms.split(","):
            term = analysis.normalise(term)
            if term and official not in mapping.setdefault(term, []):
                mapping[term].append(official)
    return {term: tuple(officials) for term, officials in mapping.items()}


@cache
def shipped() -> dict[str, tuple[str, ...]]:
    """The dictionary shipped with the project (loaded once; jieba learns its words)."""
    mapping = parse(DICTIONARY.read_text(encoding="utf-8"))
    analysis.add_words([*mapping, *(o for officials in mapping.values() for o in officials)])
    return mapping


def province_entries(province_code: str | None) -> dict[str, tuple[str, ...]]:
    """Entries the province's admins added (cached per process, see ``search.caching``)."""
    if not province_code:
        return {}
    return caching.province("synonyms", province_code, _load_province)


def _load_province(province_code: str) -> dict[str, tuple[str, ...]]:
    from .models import Synonym

    mapping: dict[str, list[str]] = {}
    rows = Synonym.objects.filter(province__code=province_code).values_list("term", "official")
    for term, official in rows:
        mapping.setdefault(analysis.normalise(term), []).append(analysis.normalise(official))
    return {term: tuple(officials) for term, officials in mapping.items()}


@dataclass(frozen=True)
class Expansion:
    matched: tuple[str, ...]  # colloquial terms found in the query
    officials: tuple[str, ...]  # what they stand for


def expand(core_query: str, province_code: str | None = None) -> Expansion:
    """Colloquial terms contained in the query (longest first, non-overlapping) → officials."""
    mapping = {**shipped()}
    for term, officials in province_entries(province_code).items():
        mapping[term] = tuple(dict.fromkeys([*officials, *mapping.get(term, ())]))
    matched, officials, rest = [], [], core_query
    for term in sorted(mapping, key=len, reverse=True):
        if len(term) > 1 and term in rest:
            matched.append(term)
            officials.extend(o for o in mapping[term] if o not in officials)
            rest = rest.replace(term, " ")
    return Expansion(tuple(matched), tuple(officials))


def vocabulary() -> list[str]:
    """Every dictionary term and official name (for suggestions and did-you-mean)."""
    mapping = shipped()
    return list(
        dict.fromkeys([*mapping, *(o for officials in mapping.values() for o in officials)])
    )
