"""Normalised element values, so that nothing is a change that a clerk did not make.

A browser submits a textarea with CRLF line breaks, Excel and XML parsers turn them into LF, a
multi-select returns its options in the order of the choices, and a cell keeps a stray trailing
space. None of this is an edit. ``clean`` is the form a value is stored in (line endings LF,
no trailing spaces on a line, no leading or trailing blank space); ``canonical`` is the form two
values are compared in: cleaned, dates as ISO text, lists whose order means nothing sorted, and
empty members of a group (``{"note": ""}`` or ``{"situation": None}``) left out. Saving,
importing and previewing an import all decide "changed or not" with ``same``.
"""

import re
from datetime import date

# Elements (and members of groups) that are sets: their order carries no meaning.
UNORDERED = frozenset(
    {"forms", "windows", "service_points", "levels", "service_objects", "person", "legal"}
)
_LINE_END = re.compile(r"\r\n?|\u2028|\u2029")
_TRAILING = re.compile(r"[ \t\u3000\xa0]+\n")


def clean_text(text: str) -> str:
    text = _LINE_END.sub("\n", text)
    return _TRAILING.sub("\n", text).strip()


def clean(value):
    """The value as stored: texts cleaned at every depth, everything else unchanged."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean(item) for item in value]
    if isinstance(value, dict):
        return {key: clean(item) for key, item in value.items()}
    return value


def canonical(value, name: str = ""):
    """The value as compared (see the module's docstring)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date):  # a date field compared with the ISO text of a form or file
        return value.isoformat()
    if isinstance(value, list):
        items = [canonical(item) for item in value]
        if name in UNORDERED:
            return sorted(set(items), key=str) if all(isinstance(i, str) for i in items) else items
        return items
    if isinstance(value, dict):
        members = {key: canonical(item, key) for key, item in value.items()}
        return {key: item for key, item in members.items() if item not in (None, "")}
    return value


def same(name: str, a, b) -> bool:
    """Whether two values of the element ``name`` are the same once normalised."""
    return canonical(a, name) == canonical(b, name)


def changed_elements(current: dict, values: dict) -> dict:
    """The cleaned ``values`` that differ from ``current`` (element name → value)."""
    return {
        name: clean(value)
        for name, value in values.items()
        if not same(name, current.get(name), value)
    }
