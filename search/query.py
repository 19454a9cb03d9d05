"""Query understanding, shared by both backends: what the user typed → what to match."""

from dataclasses import dataclass

from . import analysis, synonyms


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    normalised: str  # shown back (fillers kept)
    core: str  # matched (fillers and punctuation removed)
    words: tuple[str, ...]  # jieba words of the core
    officials: tuple[str, ...]  # official terms the dictionary maps the query to
    official_words: tuple[str, ...]
    pinyin: bool  # the user typed pinyin
    pinyin_terms: tuple[str, ...]  # pinyin lexemes to match (prefixes when typed as pinyin)

    @property
    def all_words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.words, *self.official_words]))

    @property
    def empty(self) -> bool:
        return not self.core


def parse(raw: str, province_code: str | None = None) -> ParsedQuery:
    """Normalise, drop filler, segment, expand colloquial terms, derive pinyin."""
    normalised = analysis.normalise(raw)
    core = analysis.strip_fillers(normalised)
    synonyms.shipped()  # teaches jieba the dictionary words
    typed_pinyin = analysis.is_pinyin(core)
    words = tuple(analysis.query_words(core)) if core and not typed_pinyin else ()
    expansion = synonyms.expand(core, province_code) if words else synonyms.Expansion((), ())
    official_words = tuple(
        dict.fromkeys(w for official in expansion.officials for w in analysis.whole_words(official))
    )
    if typed_pinyin:
        parts = core.replace("'", " ").split()
        pinyin_terms = tuple(dict.fromkeys(["".join(parts), *parts]))
    else:
        pinyin_terms = tuple(
            dict.fromkeys(p for w in words if len(w) > 1 and len(p := analysis.pinyin_of(w)[0]) > 3)
        )
    return ParsedQuery(
        raw=raw, normalised=normalised, core=core, words=words, officials=expansion.officials,
        official_words=official_words, pinyin=typed_pinyin, pinyin_terms=pinyin_terms,
    )  # fmt: skip


def tsquery_text(lexemes, prefix: bool = False) -> str:
    """``'a' | 'b'`` for to_tsquery('simple', …); lexemes quoted, quotes doubled."""
    suffix = ":*" if prefix else ""
    quoted = ("'" + w.replace("'", "''").replace("\\", "") + "'" + suffix for w in lexemes if w)
    return " | ".join(quoted)
