"""Query understanding, shared by both backends: what the user typed → what to match."""

from dataclasses import dataclass

from . import analysis, dictionary, intents, spelling


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    normalised: str  # shown back (fillers kept)
    core: str  # matched (English translated, typos fixed, fillers and punctuation removed)
    words: tuple[str, ...]  # jieba words of the core (and of corrected spellings)
    match_words: tuple[str, ...]  # the words that make a guide a candidate (no sub-words)
    match_groups: tuple[tuple[str, ...], ...]  # words a candidate needs together (驾驶证*补)
    keywords: tuple[str, ...]  # catalogue keywords of the concepts the query names (may hold *)
    keyword_words: tuple[str, ...]  # their words
    codes: tuple[str, ...]  # basic-code prefixes of those concepts
    concepts: tuple[str, ...]  # labels of those concepts
    intent: str | None  # 新办 / 补办 / 换领 / 变更 / 注销
    intent_names: str  # regex of the intent's words in names ('' without intent)
    other_intent_names: str  # regex of the other intents' words in names
    pinyin: bool  # the user typed pinyin
    pinyin_terms: tuple[str, ...]  # pinyin lexemes to match (prefixes when typed as pinyin)
    match_pinyin: tuple[str, ...] = ()  # those that make a candidate (a Chinese query's whole
    # words only: the pinyin of a sub-word such as 许可 (xuke) is in thousands of guides)

    @property
    def all_words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.words, *self.keyword_words]))

    @property
    def plain_keywords(self) -> tuple[str, ...]:
        """Keywords as text to highlight (the parts of ``a*b``)."""
        return tuple(dict.fromkeys(p for k in self.keywords for p in k.split("*") if p))

    @property
    def empty(self) -> bool:
        return not self.core


def parse(raw: str, province_code: str | None = None) -> ParsedQuery:
    """Normalise, translate English, repair typos, look the dictionary up (with and without the
    question filler), segment, derive intent and pinyin."""
    normalised = analysis.normalise(raw)
    dictionary.concepts_for(province_code)  # teaches jieba the dictionary words
    text = spelling.correct(spelling.from_english(normalised) or normalised)
    core = analysis.strip_fillers(text)
    typed_pinyin = analysis.is_pinyin(core)
    expansion = dictionary.lookup([normalised, text, core], province_code)
    words: tuple[str, ...] = ()
    match_words: tuple[str, ...] = ()
    if typed_pinyin:
        expansion = _merge(expansion, dictionary.lookup_pinyin(core, province_code))
        parts = core.replace("'", " ").split()
        pinyin_terms = tuple(dict.fromkeys(["".join(parts), *parts]))
        match_pinyin = pinyin_terms
    elif core:
        known = dictionary.vocabulary(province_code)
        repaired = spelling.homophones(core, known)
        if repaired:
            expansion = _merge(expansion, dictionary.lookup(repaired, province_code))
        words = tuple(dict.fromkeys([*analysis.query_words(core), *repaired]))
        match_words = tuple(dict.fromkeys([*analysis.whole_words(core), *repaired]))
        pinyin_terms, match_pinyin = _pinyin(words), _pinyin(match_words)
    else:
        pinyin_terms = match_pinyin = ()
    keyword_words = tuple(
        dict.fromkeys(
            w for k in expansion.keywords for p in k.split("*") for w in analysis.words(p)
        )
    )
    # a keyword makes a candidate by its words; a keyword with parts (公司*变更) by all of
    # them together, never by one part alone (公司 or 变更 is in thousands of names)
    whole = [k for k in expansion.keywords if "*" not in k.strip("*")]
    match_words = tuple(
        dict.fromkeys(
            [*match_words, *(w for k in whole for w in analysis.whole_words(k.strip("*")))]
        )
    )
    match_groups = tuple(
        dict.fromkeys(
            tuple(w for p in k.split("*") if p for w in analysis.whole_words(p))
            for k in expansion.keywords
            if "*" in k.strip("*")
        )
    )
    intent = intents.of_query(text) if core else None
    others = [i for i in intents.all_intents() if intent and i.name != intent.name]
    return ParsedQuery(
        raw=raw, normalised=normalised, core=core, words=words, match_words=match_words,
        match_groups=match_groups, match_pinyin=match_pinyin,
        keywords=expansion.keywords,
        keyword_words=keyword_words, codes=expansion.codes,
        concepts=tuple(dict.fromkeys(expansion.concepts)),
        intent=intent.name if intent else None,
        intent_names=intents.name_pattern([intent] if intent else []),
        other_intent_names=intents.name_pattern(others), pinyin=typed_pinyin,
        pinyin_terms=pinyin_terms,
    )  # fmt: skip


def _pinyin(words) -> tuple[str, ...]:
    """Full pinyin of words of two characters or more (and more than three letters)."""
    return tuple(
        dict.fromkeys(p for w in words if len(w) > 1 and len(p := analysis.pinyin_of(w)[0]) > 3)
    )


def _merge(a: dictionary.Expansion, b: dictionary.Expansion) -> dictionary.Expansion:
    return dictionary.Expansion(
        tuple(dict.fromkeys([*a.matched, *b.matched])),
        tuple(dict.fromkeys([*a.keywords, *b.keywords])),
        tuple(dict.fromkeys([*a.codes, *b.codes])),
        (*a.concepts, *b.concepts),
    )


def tsquery_text(lexemes, prefix: bool = False) -> str:
    """``'a' | 'b'`` for to_tsquery('simple', …); lexemes quoted, quotes doubled."""
    suffix = ":*" if prefix else ""
    quoted = ("'" + w.replace("'", "''").replace("\\", "") + "'" + suffix for w in lexemes if w)
    return " | ".join(quoted)


def candidate_groups(words, together=(), single_pairs: bool = False) -> list[tuple[str, ...]]:
    """``'w' | ('a' & 'b')`` per word: the word, or its two-character dictionary words all
    together, so a guide segmented before the word was taught to jieba (a catalogue name learnt
    later) is still a candidate; and ``('x' & 'y')`` per group of words needed together.

    A group leaves out its generic words (``analysis.GENERIC``: 审查, 申请 … in nearly every
    guide, they narrow nothing, and GIN decodes their whole posting list for the AND: 节能 & 审查
    took 90–300 ms at 200,000 guides, 节能 alone 0.3 ms), and a group holding a word that is
    matched alone anyway is left out (低保 | (申请 & 低保) is 低保)."""
    from . import analysis

    def needed(group) -> tuple[str, ...]:
        return tuple(w for w in group if w not in analysis.GENERIC) or tuple(group)

    groups = [needed(g) for g in together]
    for word in words:
        groups.append((word,))
        # at least two pairs: one pair alone (养老 of 养老金) is a sub-word, found in far more
        # guides than the word (allowed in the relaxed pass, when nothing else matched)
        pairs = [p for p in analysis.bigram_words(word) if p != word]
        if len(pairs) > 1 or (pairs and single_pairs):
            groups.append(needed(pairs))
    alone = {g[0] for g in groups if len(g) == 1}
    return [g for g in dict.fromkeys(groups) if g and (len(g) == 1 or not alone & set(g))]


def candidate_tsquery(words, together=(), single_pairs: bool = False) -> str:
    """The candidate groups as one tsquery text: ``'w' | ('a' & 'b')``."""
    return " | ".join(_group_text(g) for g in candidate_groups(words, together, single_pairs))


def candidate_tsqueries(words, together=(), single_pairs: bool = False) -> list[str]:
    """The same as tsquery texts GIN scans one by one: the single words together, then each
    group. (One tsquery ORing groups cost GIN 2–5× more: the AND of a frequent word such as
    许可 is resolved over its whole posting list when it sits under an OR.)"""
    groups = candidate_groups(words, together, single_pairs)
    singles = tsquery_text(g[0] for g in groups if len(g) == 1)
    return [t for t in [singles, *(_group_text(g) for g in groups if len(g) > 1)] if t]


def _group_text(group: tuple[str, ...]) -> str:
    text = tsquery_text(group)
    return text if len(group) == 1 else f"({text.replace(' | ', ' & ')})"


def like_patterns(keywords) -> list[str]:
    """SQL LIKE patterns of keywords (``驾驶证*补`` → ``%驾驶证%补%``)."""
    escaped = (k.replace("\\", "").replace("%", "").replace("_", r"\_") for k in keywords)
    return [f"%{k.replace('*', '%')}%" for k in escaped if k.strip("*")]
