"""The concept dictionary: colloquial terms → concepts (catalogue keywords and basic-code
patterns of a matter family), shipped in search/data/concepts.txt plus each province's entries.

A concept never names one province's display name: its keywords are the national vocabulary of
the matter (食品经营, 驾驶证*补), so one entry works in every catalogue."""

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from . import analysis, caching

SHIPPED = Path(__file__).parent / "data" / "concepts.txt"
FIELDS = ("terms", "keywords", "codes")
# Dictionaries (shipped + one province's entries, per version) whose indexes a process keeps:
# well above 34 provinces and their just-replaced versions (a full cache rebuilt every index,
# the sound index too, on every parse: 45 ms).
DICTIONARIES = 128
_CODE_RE = re.compile(r"^[0-9A-Z]{1,12}\*?$")


@dataclass(frozen=True)
class Concept:
    label: str
    terms: tuple[str, ...]
    keywords: tuple[str, ...]  # may contain `*` (any text)
    codes: tuple[str, ...] = ()  # basic-code prefixes (`*` stripped) or whole codes


class DictionaryError(ValueError):
    """A malformed dictionary entry: names the file (or 词典条目) and line."""


def split_list(text: str) -> tuple[str, ...]:
    """``a, b，c、d`` → normalised, de-duplicated items (ASCII, full-width comma or 、)."""
    items = (analysis.normalise(t) for t in re.split(r"[,，、\n]", text or ""))
    return tuple(dict.fromkeys(t for t in items if t))


def clean_codes(text: str, where: str) -> tuple[str, ...]:
    codes = tuple(c.upper() for c in split_list(text))
    for code in codes:
        if not _CODE_RE.match(code):
            raise DictionaryError(f"{where}: 基本编码模式 {code!r} 应为 1–12 位编码，可以 * 结尾")
    return tuple(c.rstrip("*") for c in codes)


def concept(label: str, terms: str, keywords: str, codes: str = "", where: str = "") -> Concept:
    """One validated concept from its text fields (file block or admin entry)."""
    found = Concept(label, split_list(terms), split_list(keywords), clean_codes(codes, where))
    if not found.terms:
        raise DictionaryError(f"{where}: 缺少日常说法（terms）")
    if not found.keywords and not found.codes:
        raise DictionaryError(f"{where}: 至少需要一个关键词（keywords）或基本编码模式（codes）")
    return found


def parse(text: str, source: str = "concepts.txt") -> list[Concept]:
    """``[label]`` blocks of ``terms:`` / ``keywords:`` / ``codes:`` lines → concepts."""
    concepts, label, values, start = [], None, {}, 0

    def close():
        if label is not None:
            where = f"{source}:{start} [{label}]"
            concepts.append(concept(label, *(values.get(f, "") for f in FIELDS), where=where))

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            close()
            label, values, start = line[1:-1].strip(), {}, number
            continue
        key, sep, value = line.partition(":")
        if label is None or not sep or key.strip() not in FIELDS:
            raise DictionaryError(
                f"{source}:{number}: expected '[label]' or 'terms|keywords|codes: …', got {raw!r}"
            )
        values[key.strip()] = value
    close()
    return concepts


@cache
def shipped() -> tuple[Concept, ...]:
    """The dictionary shipped with the project (jieba learns its words once)."""
    concepts = tuple(parse(SHIPPED.read_text(encoding="utf-8")))
    analysis.add_words(words_of(concepts))
    return concepts


def words_of(concepts) -> list[str]:
    """Terms and keyword parts: domain words the tokenizer must keep whole."""
    found = []
    for c in concepts:
        found += [*c.terms, *(part for k in c.keywords for part in k.split("*"))]
    return found


class Frozen(tuple):
    """A tuple that computes its hash once. The dictionary's indexes are memoised on the
    concept tuple and the vocabulary (``functools.cache``); a plain tuple of ~600 concepts was
    hashed field by field on every lookup (~470 ``Concept.__hash__`` calls per search)."""

    def __hash__(self):
        try:
            return self._hash
        except AttributeError:
            self._hash = tuple.__hash__(self)
            return self._hash


def province_concepts(province_code: str | None) -> tuple[Concept, ...]:
    """Entries the province's admins added (cached per process, see ``search.caching``)."""
    if not province_code:
        return ()
    return caching.province("concepts", province_code, _load_province)


def _load_province(province_code: str) -> tuple[Concept, ...]:
    from .models import Synonym

    found = []
    for entry in Synonym.objects.filter(province__code=province_code).order_by("pk"):
        try:
            found.append(entry.concept())
        except DictionaryError:
            continue  # the admin form refuses these; a row written otherwise is skipped
    analysis.add_words(words_of(found))
    return tuple(found)


def concepts_for(province_code: str | None) -> Frozen:
    """The province's entries, then the shipped ones: the same object while neither changed."""
    if not province_code:
        return _shipped_only()
    return caching.province("dictionary", province_code, _combined)


@cache
def _shipped_only() -> Frozen:
    return Frozen(shipped())


def _combined(province_code: str) -> Frozen:
    # loaded here, not through province_concepts(): that copy may not have seen the stamp yet
    return Frozen((*_load_province(province_code), *shipped()))


@dataclass(frozen=True)
class Expansion:
    matched: tuple[str, ...] = ()  # terms found in the query
    keywords: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    concepts: tuple[str, ...] = field(default=(), compare=False)  # labels, for explanations


@lru_cache(maxsize=DICTIONARIES)
def _term_index(concepts: tuple[Concept, ...]) -> tuple[tuple[str, tuple[Concept, ...]], ...]:
    """(term, concepts) longest term first."""
    by_term: dict[str, list[Concept]] = {}
    for c in concepts:
        for term in c.terms:
            by_term.setdefault(term, []).append(c)
    return tuple(sorted(((t, tuple(cs)) for t, cs in by_term.items()), key=lambda p: -len(p[0])))


@lru_cache(maxsize=DICTIONARIES)
def _term_ranks(concepts: tuple[Concept, ...]) -> tuple[dict[str, int], int, tuple[int, ...]]:
    """Position of each term in ``_term_index``, the longest term's length, and the positions
    of terms holding a space (they may appear in a text only once a term was cut out of it)."""
    index = _term_index(concepts)
    ranks = {term: rank for rank, (term, _) in enumerate(index)}
    spaced = tuple(rank for rank, (term, _) in enumerate(index) if " " in term)
    return ranks, max(map(len, ranks), default=0), spaced


def lookup(texts, province_code: str | None = None) -> Expansion:
    """Terms contained in any of ``texts`` (the query with and without its question filler),
    longest first and non-overlapping per text → their concepts' keywords and codes.

    Only the terms that are substrings of the text are tried (a query has a few hundred
    substrings, the dictionary thousands of terms), in the index's order."""
    concepts = concepts_for(province_code)
    index = _term_index(concepts)
    ranks, longest, spaced = _term_ranks(concepts)
    matched, hit = [], []
    for text in dict.fromkeys(t for t in texts if t):
        inside = {
            ranks[piece]
            for start in range(len(text))
            for end in range(start + 1, min(len(text), start + longest) + 1)
            if (piece := text[start:end]) in ranks
        }
        rest = text
        for rank in sorted(inside.union(spaced)):
            term, term_concepts = index[rank]
            if (len(term) > 1 or not term.isascii()) and term in rest:
                matched.append(term)
                hit += [c for c in term_concepts if c not in hit]
                rest = rest.replace(term, " ")
    return _expansion(matched, hit)


def _expansion(matched, hit) -> Expansion:
    return Expansion(
        tuple(dict.fromkeys(matched)),
        tuple(dict.fromkeys(k for c in hit for k in c.keywords)),
        tuple(dict.fromkeys(code for c in hit for code in c.codes)),
        tuple(c.label for c in hit),
    )


@lru_cache(maxsize=DICTIONARIES)
def _pinyin_index(concepts: tuple[Concept, ...]) -> dict[str, tuple[str, ...]]:
    """Full pinyin and initials (3 letters or more) of every term → terms."""
    index: dict[str, list[str]] = {}
    for c in concepts:
        for term in c.terms:
            for key in analysis.pinyin_of(term):
                if len(key) >= 3 and term not in index.setdefault(key, []):
                    index[key].append(term)
    return {key: tuple(terms) for key, terms in index.items()}


def lookup_pinyin(letters: str, province_code: str | None = None) -> Expansion:
    """A query typed as pinyin or initials (``hukouben``, ``sbk``) that spells dictionary terms."""
    concepts = concepts_for(province_code)
    terms = _pinyin_index(concepts).get(letters.replace(" ", "").replace("'", ""), ())
    if not terms:
        return Expansion()
    return lookup(terms, province_code)


@cache
def _keyword_regex(keyword: str) -> re.Pattern:
    return re.compile(".*".join(map(re.escape, keyword.split("*"))))


def matches(concept_: Concept, texts, basic_code: str = "") -> bool:
    """Whether a matter (its name and aliases, its basic code) belongs to the concept."""
    if basic_code and any(basic_code.startswith(code) for code in concept_.codes):
        return True
    return any(_keyword_regex(k).search(t) for k in concept_.keywords for t in texts if t)


def concepts_of_matter(name: str, aliases, basic_code: str) -> list[Concept]:
    """The shipped concepts a matter belongs to (province entries apply at query time)."""
    texts = [name, *aliases]
    return [c for c in shipped() if matches(c, texts, basic_code)]


def vocabulary(province_code: str | None = None) -> tuple[str, ...]:
    """Every term and plain keyword (for suggestions, typo correction and did-you-mean)."""
    return _vocabulary(concepts_for(province_code))


@lru_cache(maxsize=DICTIONARIES)
def _vocabulary(concepts: tuple[Concept, ...]) -> Frozen:
    return Frozen(dict.fromkeys([*(t for c in concepts for t in c.terms),
                                 *(k for c in concepts for k in c.keywords if "*" not in k)]))  # fmt: skip
