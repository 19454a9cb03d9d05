"""One entry point for reading an exchange file, JSON or xlsx, chosen by its suffix."""

from pathlib import Path

from . import limits
from .jsonfile import JsonSource
from .layout import Record, Workbook
from .problems import ImportFailed, Located
from .xlsx_source import XlsxSource

FORMATS = ("json", "xlsx")


def open_source(path, list_key: str, layout: Workbook, labels: dict) -> JsonSource | XlsxSource:
    """The file as a source of records, chosen by its suffix; use it in a ``with`` block.
    Opening checks the file's shape (``problems``); ``records()`` then streams the records, as
    often as needed."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise ImportFailed([Located(name, f"文件不存在：{path}")])
    suffix = path.suffix.lower().lstrip(".")
    if problems := limits.file_problems(path, name):
        raise ImportFailed(problems)
    if suffix == "json":
        return JsonSource(path, name, list_key, layout.key_of)
    if suffix == "xlsx":
        if problems := limits.zip_problems(path, name):  # before openpyxl inflates anything
            raise ImportFailed(problems)
        return XlsxSource(path, name, layout, labels)
    raise ImportFailed([Located(name, "只支持 .json 和 .xlsx 文件")])


def read(path, list_key: str, layout: Workbook, labels: dict):
    """(top-level object, all records, problems) of a small file; imports stream instead."""
    with open_source(path, list_key, layout, labels) as source:
        records = [] if structural(source.problems) else list(source.records())
        return source.top, records, source.read_problems()


def locate_all(record: Record, problems) -> list[Located]:
    """Domain problems (field paths) of one record, located in the file."""
    return [record.locator.locate(p.field, p.message) for p in problems]


def unique(problems: list[Located]) -> list[Located]:
    """The same problem found twice (shape check and rule) is reported once."""
    return list(dict.fromkeys(problems))


def structural(problems: list[Located]) -> bool:
    """Problems that make the records meaningless: a bad file, a missing sheet or column."""
    return any(p.row is None or (p.sheet and p.row == 1) for p in problems)


def combine(read: list[Located], checked: list[Located]) -> list[Located]:
    """Cell problems found while reading, then the domain's problems — except those about a
    cell that could not be read (its value is missing, the domain would only repeat that)."""
    unreadable = {(p.sheet, p.row, p.column) for p in read}
    return unique(read + [p for p in checked if (p.sheet, p.row, p.column) not in unreadable])
