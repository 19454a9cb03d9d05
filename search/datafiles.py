"""Readers of the small data files in search/data/ (one format each; errors name file and line)."""

from pathlib import Path

DATA = Path(__file__).parent / "data"


def lines(name: str):
    """(line number, stripped line) of a data file, comments and blank lines skipped."""
    for number, raw in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


def pairs(name: str, separator: str = "→") -> list[tuple[str, str]]:
    """``left → right`` lines."""
    found = []
    for number, line in lines(name):
        left, sep, right = (part.strip() for part in line.partition(separator))
        if not sep or not left or not right:
            raise ValueError(
                f"search/data/{name}:{number}: expected 'a {separator} b', got {line!r}"
            )
        found.append((left, right))
    return found
