"""HTML-safe snippets: the guide name (and the alias or text that matched) with <mark>."""

import re

from django.utils.html import escape

SNIPPET = 40


def mark(text: str, terms) -> str:
    """Escape ``text`` and wrap every occurrence of a term (longest first) in <mark>."""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(map(re.escape, terms)))
    out, last = [], 0
    for match in pattern.finditer(text):
        out += [escape(text[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    return "".join([*out, escape(text[last:])])


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
