"""Sheet layouts of an xlsx exchange file, element paths, and locating problems in a file.

A record (one matter or one entry) is the dict of the JSON format. A path such as
``statutory_limit.value`` or ``materials[1].kind`` names a value inside it; domain problems use
the same paths, so a locator maps them back to a cell (xlsx) or a JSON path.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .problems import Located

_LAST_SEGMENT = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


@dataclass
class Record:
    """One matter or entry read from a file: its data (JSON shape) and where it came from."""

    index: int
    data: dict
    locator: object

    @property
    def row(self) -> int:
        return self.locator.locate("", "").row


@dataclass(frozen=True)
class Column:
    """One column: its Chinese header, the path of its value and its converter.

    In a list sheet a ``key`` column holds a path of the record (e.g. ``basic_code``) and ties
    the row to its matter or entry; other paths are relative to the list element.
    """

    header: str
    path: str
    converter: object
    width: int = 14
    key: bool = False
    hint: str = ""
    read: bool = True  # False: written for the reader's convenience, ignored on import
    optional: bool = False  # a file without this column is read as if its cells were empty
    choices: tuple[str, ...] = ()  # the drop-down list of a text column (coded columns: labels)


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]
    list_path: str = ""  # "" for the main sheet, else the list it fills ("materials" …)
    compact: tuple[str, ...] = ()  # dict paths that become {} when every value is empty


@dataclass(frozen=True)
class Workbook:
    main: Sheet
    lists: tuple[Sheet, ...]
    key_of: Callable[[dict], tuple]  # the key of a record, as the list sheets' key columns hold it
    notes: tuple[tuple[str, str], ...] = field(default=())

    @property
    def sheets(self) -> tuple[Sheet, ...]:
        return (self.main, *self.lists)


def get_path(data: dict, path: str):
    value = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def set_path(data: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def compact(data: dict, path: str) -> None:
    """An all-empty group (a limit with no value and no unit) becomes {}."""
    value = get_path(data, path)
    if isinstance(value, dict) and all(v is None or v == "" for v in value.values()):
        set_path(data, path, {})


def parents_of(path: str):
    """``materials[1].kind``, ``materials[1]``, ``materials``."""
    while path:
        yield path
        path = _LAST_SEGMENT.sub("", path) if _LAST_SEGMENT.search(path) else ""


class JsonLocator:
    """Problems of the ``index``-th record of a JSON file: row = index + 1, column = element path."""

    def __init__(self, file: str, list_key: str, index: int):
        self.file, self.list_key, self.index = file, list_key, index

    def locate(self, field_path: str, message: str) -> Located:
        path = f"{self.list_key}[{self.index}]" + (f".{field_path}" if field_path else "")
        return Located(self.file, message, row=self.index + 1, column=field_path, path=path)


class FileIndex:
    """What every record of one xlsx file shares: the column of each path in each sheet and
    the sheet of each list. Records keep only their row numbers (memory stays small)."""

    def __init__(self, file: str, main: str, labels: dict):
        self.file, self.main, self.labels = file, main, labels
        self.columns: dict[str, dict[str, tuple[str, str]]] = {}
        self.lists: dict[str, tuple[str, re.Pattern]] = {}

    def add_sheet(self, sheet: "Sheet", positions: dict, letter) -> None:
        known = self.columns.setdefault(sheet.title, {})
        for column in sheet.columns:
            if column.header in positions:
                for parent in parents_of(column.path):
                    known.setdefault(parent, (column.header, letter(positions[column.header] + 1)))
        if sheet.list_path:
            pattern = re.compile(re.escape(sheet.list_path) + r"\[(\d+)\](?:\.(.+))?$")
            self.lists[sheet.list_path] = (sheet.title, pattern)

    def column(self, sheet: str, path: str) -> tuple[str, str]:
        known = self.columns.get(sheet, {})
        return next((known[p] for p in parents_of(path) if p in known), ("", ""))


class CellLocator:
    """Problems of one record of an xlsx file: its row in the main sheet and the rows of its
    list elements (``materials[1]`` → row 7 of 申请材料)."""

    __slots__ = ("index", "row", "rows")

    def __init__(self, index: FileIndex, row: int):
        self.index, self.row, self.rows = index, row, {}

    def locate(self, field_path: str, message: str) -> Located:
        index = self.index
        for list_path, (title, pattern) in index.lists.items():
            if field_path == list_path:
                return Located(index.file, message, index.main, self.row, title)
            match = pattern.match(field_path)
            if match and (row := self.rows.get(f"{list_path}[{match[1]}]")):
                header, letter = index.column(title, match[2] or "")
                return Located(index.file, message, title, row, header, letter and f"{letter}{row}")
        header, letter = index.column(index.main, field_path)
        if header:
            return Located(index.file, message, index.main, self.row, header, f"{letter}{self.row}")
        top = next(iter(reversed(list(parents_of(field_path)))), "")
        return Located(index.file, message, index.main, self.row, index.labels.get(top, top))
