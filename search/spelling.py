"""Query repair before matching: English → Chinese (search/data/english.txt), look-alike wrong
characters (search/data/corrections.txt) and homophones typed by a pinyin input method, found by
comparing the (fuzzy) pinyin of the query's substrings with the dictionary's words."""

import re
from functools import cache, lru_cache

from pypinyin import lazy_pinyin

from . import analysis, datafiles

# Sounds a pinyin input method lets people confuse (平翘舌, 前后鼻音).
_FUZZY = [("zh", "z"), ("ch", "c"), ("sh", "s"), ("ing", "in"), ("eng", "en"), ("ang", "an")]
HOMOPHONE_LENGTHS = range(3, 9)  # two-character homophones are too often real words


@cache
def _english() -> tuple[tuple[re.Pattern, str], ...]:
    pairs = sorted(datafiles.pairs("english.txt"), key=lambda p: -len(p[0]))
    return tuple(
        (re.compile(r"(?<![a-z])" + re.escape(analysis.normalise(en)) + r"(?![a-z])"), zh)
        for en, zh in pairs
    )


def from_english(text: str) -> str | None:
    """The Chinese of an English query (``lost id card`` → ``丢了 身份证``), or None when no
    English phrase of the list is in it. Unknown English words are dropped."""
    if not text.isascii() or not re.search(r"[a-z]{2}", text):
        return None
    found, rest = [], text
    for pattern, chinese in _english():
        if pattern.search(rest):
            found.append(chinese)
            rest = pattern.sub(" ", rest)
    if not found:
        return None
    intents = [w for w in re.findall(r"[a-z]+", rest) if w in _intent_words()]
    return " ".join([*intents, *found])


@cache
def _intent_words() -> frozenset[str]:
    from . import intents

    return frozenset(w for words in intents.query_words().values() for w in words if w.isascii())


@cache
def _corrections() -> tuple[tuple[str, str], ...]:
    return tuple(
        (analysis.normalise(a), analysis.normalise(b))
        for a, b in datafiles.pairs("corrections.txt")
    )


def correct(text: str) -> str:
    """Look-alike wrong characters replaced."""
    for wrong, right in _corrections():
        if wrong in text:
            text = text.replace(wrong, right)
    return text


def fuzzy(syllable: str) -> str:
    for a, b in _FUZZY:
        if syllable.startswith(a) or syllable.endswith(a):
            syllable = syllable.replace(a, b)
    return syllable


@lru_cache(maxsize=128)  # one per dictionary version (search.dictionary.DICTIONARIES)
def _sound_index(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for word in words:
        if len(word) in HOMOPHONE_LENGTHS and not word.isascii():
            key = " ".join(fuzzy(s) for s in lazy_pinyin(word))
            if word not in index.setdefault(key, []):
                index[key].append(word)
    return {key: tuple(found) for key, found in index.items()}


def homophones(text: str, vocabulary: tuple[str, ...]) -> list[str]:
    """Vocabulary words that sound like a substring of ``text`` but are spelt differently
    (``身份正补办`` → ``身份证``), longest first."""
    index = _sound_index(vocabulary)
    known = set(vocabulary)
    found: list[str] = []
    for run in re.findall(r"[\u4e00-\u9fff]{3,}", text):
        sounds = [fuzzy(s) for s in lazy_pinyin(list(run))]
        for size in sorted(HOMOPHONE_LENGTHS, reverse=True):
            for start in range(len(run) - size + 1):
                piece = run[start : start + size]
                if piece in known or any(piece in f for f in found):
                    continue
                for word in index.get(" ".join(sounds[start : start + size]), ()):
                    if word != piece and word not in found:
                        found.append(word)
    return found
