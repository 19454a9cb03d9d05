"""Move pg_dump's DDL from one schema to another by rewriting schema qualifiers token by token.

Text replacement of "template." would also change string literals, comments and column names;
here only an identifier that qualifies a name (followed by ".", not itself qualified) and a
regclass literal ('template.x'::regclass) are rewritten, with the new name quoted as needed.
"""

import re

_TOKEN = re.compile(
    r"""
    (?P<comment>--[^\n]*|/\*.*?\*/|^\\[^\n]*)  # and psql meta-commands (\restrict)
    |(?P<dollar>\$(?P<tag>[A-Za-z_]*)\$.*?\$(?P=tag)\$)
    |(?P<string>(?<![A-Za-z0-9_$])[Ee]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*')
    |(?P<quoted>"(?:[^"]|"")*")
    |(?P<word>[A-Za-z_][A-Za-z0-9_$]*)
    |(?P<end>;)
    |(?P<space>\s+)
    |(?P<other>::|.)
    """,
    re.S | re.X | re.M,
)


class UnsupportedDDL(ValueError):
    """The dump holds something a schema rename cannot move safely (e.g. a function body)."""


def quote_ident(name: str) -> str:
    """An identifier quoted exactly as written (always quoted: keywords and case are safe)."""
    return '"' + name.replace('"', '""') + '"'


def _identifier(kind: str, text: str) -> str | None:
    if kind == "word":
        return text.lower()
    if kind == "quoted":
        return text[1:-1].replace('""', '"')
    return None


def tokens(sql: str) -> list[tuple[str, str]]:
    found, position = [], 0
    while position < len(sql):
        match = _TOKEN.match(sql, position)
        kind = match.lastgroup if match.lastgroup != "tag" else "dollar"
        found.append((kind, match.group()))
        position = match.end()
    return found


def statements(sql: str) -> list[list[tuple[str, str]]]:
    """The dump's statements as token lists, without comments and surrounding space."""
    result, current = [], []
    for kind, text in tokens(sql):
        if kind == "comment" or (kind == "space" and not current):
            continue
        current.append((kind, text))
        if kind == "end":
            result.append(current)
            current = []
    if any(kind != "space" for kind, _ in current):
        raise UnsupportedDDL("dump ends inside a statement")
    return result


def _next_significant(items, index):
    for kind, text in items[index + 1 :]:
        if kind != "space":
            return kind, text
    return None, None


def rename_schema(items: list[tuple[str, str]], old: str, new: str) -> str:
    """One statement's text with every qualifier naming ``old`` changed to ``new``."""
    out, previous = [], None
    for index, (kind, text) in enumerate(items):
        following = _next_significant(items, index)
        if kind == "dollar":
            raise UnsupportedDDL("dollar-quoted body (function or DO block)")
        if _identifier(kind, text) == old and following[1] == "." and previous != ".":
            text = quote_ident(new)
        elif kind == "string" and following[1] == "::" and _casts_to_regclass(items, index):
            text = _rename_literal(text, old, new)
        out.append(text)
        if kind != "space":
            previous = text
    return "".join(out)


def _casts_to_regclass(items, index) -> bool:
    rest = [text.lower() for kind, text in items[index + 1 :] if kind != "space"][:2]
    return rest == ["::", "regclass"]


def _rename_literal(literal: str, old: str, new: str) -> str:
    if literal[0] in "Ee":
        raise UnsupportedDDL(f"escaped regclass literal {literal}")
    inner = literal[1:-1].replace("''", "'")
    renamed = rename_schema(tokens(inner), old, new)
    return "'" + renamed.replace("'", "''") + "'"


def statement_head(items: list[tuple[str, str]], words: int = 2) -> str:
    """The first words of a statement, upper-case ("CREATE TABLE", "ALTER SEQUENCE")."""
    return " ".join([text.upper() for kind, text in items if kind == "word"][:words])
