"""Intent words (search/data/intents.txt): 新办, 补办, 换领, 变更, 注销. The query's intent ranks
the matters of one concept (身份证 首次申领 / 换领 / 补领); see ``search.backends``."""

from dataclasses import dataclass
from functools import cache

from . import analysis, datafiles


@dataclass(frozen=True)
class Intent:
    name: str
    name_words: tuple[str, ...]  # words in matter names
    query_words: tuple[str, ...]  # name words and what citizens say


@cache
def all_intents() -> tuple[Intent, ...]:
    found = []
    for number, line in datafiles.lines("intents.txt"):
        name, sep, rest = line.partition(":")
        names, _, said = rest.partition("|")
        split = lambda text: tuple(w for w in (analysis.normalise(x) for x in text.split(",")) if w)  # noqa: E731
        if not sep or not split(names):
            raise ValueError(f"search/data/intents.txt:{number}: expected 'intent: words | words'")
        found.append(Intent(name.strip(), split(names), split(names) + split(said)))
    return tuple(found)


def query_words() -> dict[str, tuple[str, ...]]:
    return {i.name: i.query_words for i in all_intents()}


def of_query(text: str) -> Intent | None:
    """The intent whose longest word occurs in the (normalised) query; None when none does."""
    best, best_len = None, 0
    for intent in all_intents():
        for word in intent.query_words:
            hit = word in text.split() if word.isascii() else word in text
            if hit and len(word) > best_len:
                best, best_len = intent, len(word)
    return best


def name_pattern(intents) -> str:
    """A PostgreSQL regular expression matching any name word of ``intents`` ('' for none)."""
    words = [w for i in intents for w in i.name_words]
    return "|".join(words)


DEFAULT = "新办"  # the reading of a query without intent words (办身份证: the first one)


def default() -> list[Intent]:
    return [i for i in all_intents() if i.name == DEFAULT]


def others() -> list[Intent]:
    """Every intent but the default one."""
    return [i for i in all_intents() if i.name != DEFAULT]
