"""Text analysis shared by indexing and querying: normalisation, jieba words, pinyin."""

import logging
import re
import unicodedata
from functools import cache, lru_cache

import jieba
from opencc import OpenCC
from pypinyin import lazy_pinyin

from tenants.middleware import CONTROL_CHARACTERS

jieba.setLogLevel(logging.WARNING)

# Question filler: dropped from matching, kept in the query shown back to the user. Longest first.
FILLERS = sorted(
    {
        "要办什么证",
        "要办哪些证",
        "需要办什么证",
        "需要什么证",
        "需要什么材料",
        "需要哪些材料",
        "要什么材料",
        "要哪些材料",
        "需要什么手续",
        "要什么手续",
        "需要什么",
        "需要哪些",
        "怎么办理",
        "如何办理",
        "怎样办理",
        "怎么办",
        "怎么弄",
        "怎么申请",
        "如何申请",
        "在哪里办",
        "在哪办",
        "去哪里办",
        "去哪办",
        "哪里办",
        "到哪里",
        "多久能办好",
        "要多久",
        "多少钱",
        "流程是什么",
        "办理流程",
        "的流程",
        "有什么条件",
        "什么条件",
        "要带什么",
        "带什么",
        "请问",
        "我想",
        "我要",
        "想要",
        "可以吗",
        "能不能",
        "吗",
        "呢",
        "啊",
        "了",
    },
    key=len,
    reverse=True,
)
# Words too common to discriminate; they still count through the trigram branch.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "是",
        "我",
        "要",
        "想",
        "去",
        "把",
        "给",
        "办",
        "个",
        "怎么",
        "什么",
        "如何",
        "哪里",
        "需要",
        "办理",
    ]
)
# Words of nearly every guide's description, conditions or materials (申请书, 受理 …): they rank
# but do not make a guide a candidate, which would pull every guide of a province into a search.
GENERIC = frozenset(
    ["申请", "申请人", "申请书", "受理", "审查", "决定", "符合", "管理", "规定", "相关", "有关",
     "提交", "材料", "办事", "事项", "单位", "个人", "情况", "要求", "条件"]
)  # fmt: skip
_FILLER_RE = re.compile("|".join(map(re.escape, FILLERS)))
_PUNCT_RE = re.compile(r"[\s\u3000,，.。、;；:：!！?？()（）\[\]【】\"'“”‘’《》<>/\\|·~～-]+")
_LATIN_RE = re.compile(r"^[a-z\s']+$")


@cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


_SURROGATES = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Text that can be encoded: lone surrogates (a JSON ``\\ud800``) removed."""
    return _SURROGATES.sub("", text)


def normalise(text: str) -> str:
    """Full-width → half-width, Traditional → Simplified, lower case, collapsed spaces; control
    characters (NUL …) become spaces (PostgreSQL refuses NUL in text) and lone surrogates (a
    JSON ``\\ud800``) go (they cannot be encoded: a 500 before)."""
    text = without_surrogates(CONTROL_CHARACTERS.sub(" ", text or ""))
    text = unicodedata.normalize("NFKC", text)
    text = _t2s().convert(text).lower()
    return re.sub(r"\s+", " ", text).strip()


def strip_fillers(normalised: str) -> str:
    """The matching part of a query: question filler and punctuation removed."""
    core = _FILLER_RE.sub(" ", normalised)
    core = _PUNCT_RE.sub(" ", core).strip()
    return core or _PUNCT_RE.sub(" ", normalised).strip()


def is_pinyin(text: str) -> bool:
    return bool(text) and bool(_LATIN_RE.match(text))


def phrases(text: str) -> list[str]:
    """Runs of text between punctuation (食品经营许可(新办) → 食品经营许可, 新办)."""
    return [p for p in _PUNCT_RE.split(text) if p]


_taught: set[str] = set()


def add_words(words) -> None:
    """Teach jieba domain words (dictionary terms and keywords, catalogue names and aliases) so
    they stay whole words. Once per word: jieba's total frequency grows with every call, which
    would make segmentation depend on what a process saw before."""
    for word in words:
        if word and len(word) > 1 and word not in _taught:
            _taught.add(word)
            jieba.add_word(word, freq=2000)


def words(text: str) -> list[str]:
    """jieba words of normalised text and every dictionary word inside a longer word (a whole
    catalogue name taught as one word still yields 娱乐场所, 许可证 …): the same on both sides."""
    seen: list[str] = []
    for word in jieba.lcut(_PUNCT_RE.sub(" ", text)):
        word = word.strip()
        for found in [*_inner_words(word), word]:
            if found and found not in STOPWORDS and found not in seen:
                seen.append(found)
    return seen


def _inner_words(word: str) -> list[str]:
    if len(word) < 3:
        return []
    size = len(word)
    return [
        word[i : i + n]
        for n in range(2, size)
        for i in range(size - n + 1)
        if jieba.dt.FREQ.get(word[i : i + n])
    ]


def discriminating(words) -> list[str]:
    """The words that may make a guide a candidate (``GENERIC`` left out unless alone)."""
    found = [w for w in words if w not in GENERIC]
    return found or list(words)


def bigram_words(word: str) -> list[str]:
    """Two-character dictionary words covering ``word`` side by side (食品经营许可 → 食品, 经营,
    许可); empty unless every step is a dictionary word."""
    if len(word) < 3:
        return []
    jieba.dt.check_initialized()
    pairs = [word[i : i + 2] for i in range(0, len(word) - 1, 2)]
    return pairs if all(jieba.dt.FREQ.get(p) for p in pairs) else []


def whole_words(text: str) -> list[str]:
    """jieba precise-mode words, no sub-words (施工许可证 stays one word when known): a guide is
    a candidate for them; the sub-words only rank (a 200,000-guide province has thousands of
    guides with 许可 in them)."""
    found = (_PUNCT_RE.sub("", w.strip()) for w in jieba.lcut(_PUNCT_RE.sub(" ", text)))
    kept = list(dict.fromkeys(w for w in found if w and w not in STOPWORDS))
    longer = [w for w in kept if len(w) > 1]
    return longer or kept


def query_words(text: str) -> list[str]:
    """Words a query matches on: single characters only when nothing longer is left."""
    found = words(text)
    longer = [w for w in found if len(w) > 1]
    return longer or found


@lru_cache(maxsize=20_000)  # words recur across queries and documents; pypinyin ~25 µs a call
def pinyin_of(text: str) -> tuple[str, str]:
    """Full pinyin and initials of the Chinese characters in ``text`` (``("shenfenzheng", "sfz")``)."""
    syllables = [s for s in lazy_pinyin(text, errors="ignore") if s.isascii() and s.isalpha()]
    return "".join(syllables), "".join(s[0] for s in syllables)


def pinyin_lexemes(phrases: list[str]) -> list[str]:
    """Pinyin lexemes of phrases and of their words: full syllables and initials."""
    lexemes = []
    for phrase in phrases:
        for unit in [phrase, *words(phrase)]:
            full, initials = pinyin_of(unit)
            for lexeme in (full, initials):
                if len(lexeme) > 1 and lexeme not in lexemes:
                    lexemes.append(lexeme)
    return lexemes
