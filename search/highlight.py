"""HTML-safe snippets: the guide name (and the alias or text that matched) with <mark>."""

import re
from functools import lru_cache
from html import escape  # django.utils.html.escape is this, behind a lazy-text wrapper

SNIPPET = 40


def mark(text: str, terms) -> str:
    """Escape ``text`` and wrap every occurrence of a term (longest first) in <mark>."""
    pattern = _pattern(tuple(terms))
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out += [escape(text[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    return "".join([*out, escape(text[last:])])


@lru_cache(maxsize=512)
def _pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    """The terms as one pattern, longest first: built once per search, not once per hit and
    field (30 times for a page of 20: 0.25 ms of the search)."""
    ordered = sorted({t for t in terms if t}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


def _window(text: str, terms) -> str | None:
    for term in sorted(terms, key=len, reverse=True):
        at = text.find(term) if term else -1
        if at >= 0:
            start = max(0, at - SNIPPET // 2)
            prefix = "…" if start else ""
            suffix = "…" if start + SNIPPET < len(text) else ""
            return prefix + text[start : start + SNIPPET] + suffix
    return None


def snippet(name: str, aliases: list[str], description: str, terms) -> str:
    """``name`` marked, then the first alias or description window that contains a term."""
    terms = [t for t in terms if t]
    extra = next((a for a in aliases if any(t in a for t in terms)), None)
    extra = extra or _window(description, terms)
    head = mark(name, terms)
    return f"{head} · {mark(extra, terms)}" if extra and extra != name else head
