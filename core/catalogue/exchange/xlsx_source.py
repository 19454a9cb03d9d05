"""Streaming reader of xlsx exchange files laid out by a ``layout.Workbook``.

Memory stays flat however many records the file holds. Opening the file parses each sheet
once (``xlsx_book``), spooling its rows to a temporary file while it scans the key cells into a
small index: the main-sheet row of each key and how many rows each record has in each list
sheet. ``records()`` then streams the spooled sheets side by side, as often as the import needs
(twice), and yields one assembled record at a time. List rows met before their record's turn (a sheet
sorted differently from the main sheet) wait in a buffer, so any order reads correctly; a file
in the main sheet's order, as the exporters write it, needs no buffer at all.
"""

from collections import Counter
from functools import cache

from openpyxl.utils import get_column_letter

from . import limits
from .cells import CellError
from .layout import CellLocator, FileIndex, Record, Workbook, compact, get_path, set_path
from .problems import ImportFailed, Located
from .xlsx_book import Book, Spool

CHANGED_WHILE_READING = "文件在导入过程中被修改，请重新导入"


def _is_empty(row) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


@cache
def _key_columns(sheet) -> list:
    return [c for c in sheet.columns if c.key]


class XlsxSource:
    """An xlsx exchange file: ``problems`` found on opening, ``records()`` streamed on demand
    (as often as needed). A context manager: leaving it closes the file."""

    top: dict = {}  # xlsx files have no top-level object (JSON files do)

    def __init__(self, path, name: str, layout: Workbook, labels: dict):
        self.path, self.name, self.layout = path, name, layout
        self.index = FileIndex(name, layout.main.title, labels)
        self.problems: list[Located] = []  # unreadable file, missing sheets/columns, unknown keys
        self.cell_problems: list[Located] = []  # cells of the last records() run
        self.positions: dict[str, dict] = {}  # sheet title → {header: column index}
        self.by_key: dict[tuple, int] = {}  # record key → its (first) row in the main sheet
        self.by_first: dict[object, list[int]] = {}  # first key part → rows in the main sheet
        self.counts = {sheet.title: Counter() for sheet in layout.lists}  # main row → list rows
        self.spools: dict[str, Spool] = {}  # sheet title → its non-empty data rows
        try:
            book = Book(path)
        except Exception as error:  # openpyxl raises many types for a file that is not xlsx
            self.problems.append(Located(name, f"无法读取 xlsx 文件（{type(error).__name__}）"))
            return
        try:
            self._scan(book)
        except ImportFailed:  # a sheet past the row or column limit
            self.close()
            raise
        finally:
            book.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self) -> None:
        for spool in self.spools.values():
            spool.close()

    def first_keys(self) -> set:
        """The first key part (基本编码) of every record in the file."""
        return set(self.by_first)

    def read_problems(self) -> list[Located]:
        """Problems found while reading, sheet by sheet and row by row, as a clerk reads them."""
        order = {sheet.title: i for i, sheet in enumerate(self.layout.sheets)}
        problems = self.problems + self.cell_problems
        return sorted(problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0))

    # Opening: each sheet parsed once, its rows spooled, its keys indexed.

    def _header(self, book, sheet, problems: list):
        """The data rows of a sheet after checking its headers, or None when it is unusable."""
        if sheet.title not in book.sheetnames:
            problems.append(Located(self.name, f"缺少工作表“{sheet.title}”"))
            return None
        numbered = enumerate(book.rows(sheet.title), start=1)
        rows = (row for _, row in limits.bounded_rows(numbered, sheet.title, self.name))
        found = {str(h).strip(): i for i, h in enumerate(next(rows, None) or ()) if h is not None}
        missing = [
            c.header for c in sheet.columns if c.read and not c.optional and c.header not in found
        ]
        for header in missing:
            problems.append(Located(self.name, f"缺少列“{header}”", sheet.title, 1))
        if missing:
            return None
        self.positions[sheet.title] = found
        return self._spooled(sheet.title, rows)

    def _spooled(self, title: str, rows):
        """The sheet's non-empty data rows as they are parsed, kept for ``records()``."""
        spool = self.spools[title] = Spool()
        for number, row in enumerate(rows, start=2):
            if not _is_empty(row):
                spool.add((number, row))
                yield number, row

    def _scan(self, book) -> None:
        main = self.layout.main
        rows = self._header(book, main, self.problems)
        if rows is None:
            for sheet in self.layout.lists:  # report their missing sheets and columns too
                self._header(book, sheet, self.problems)
            return
        self.index.add_sheet(main, self.positions[main.title], get_column_letter)
        keys = _key_columns(main)
        for number, row in rows:
            data: dict = {}
            self.cells(main, keys, row, number, data, [])  # reported when the records are read
            key = self.layout.key_of(data)
            self.by_key.setdefault(key, number)
            self.by_first.setdefault(key[0], []).append(number)
        for sheet in self.layout.lists:
            self._scan_list(book, sheet)

    def _scan_list(self, book, sheet) -> None:
        rows = self._header(book, sheet, self.problems)
        if rows is None:
            return
        self.index.add_sheet(sheet, self.positions[sheet.title], get_column_letter)
        counts = self.counts[sheet.title]
        for number, row in rows:
            owner = self.owner(sheet, row, number, self.problems)
            if owner is not None:
                counts[owner] += 1
                continue
            key = self._key(sheet, row, number, [])
            shown = "、".join(str(part) for part in key if part)
            message = f"“{shown}”在“{self.layout.main.title}”表中不存在"
            column = next(c for c in sheet.columns if c.key).header
            cell = f"{get_column_letter(self.positions[sheet.title][column] + 1)}{number}"
            self.problems.append(Located(self.name, message, sheet.title, number, column, cell))

    def _key(self, sheet, row, number, problems) -> tuple:
        data: dict = {}
        keys = _key_columns(sheet)
        self.cells(sheet, keys, row, number, data, problems)
        return tuple(get_path(data, c.path) for c in keys)

    def owner(self, sheet, row, number, problems) -> int | None:
        """The main-sheet row of the record a list row belongs to. Trailing key cells may be
        left empty when the first one (基本编码) is unambiguous."""
        key = self._key(sheet, row, number, problems)
        if key in self.by_key:
            return self.by_key[key]
        candidates = self.by_first.get(key[0], [])
        if len(candidates) == 1 and all(part in ("", None) for part in key[1:]):
            return candidates[0]
        return None

    def cells(self, sheet, columns, row, number, target: dict, problems: list) -> None:
        """Convert the cells of one row into ``target``; a cell of the wrong type is a problem."""
        positions = self.positions[sheet.title]
        for column in columns:
            index = positions.get(column.header)
            if index is None:  # an optional column the file does not have
                continue
            raw = row[index] if index < len(row) else None
            try:
                set_path(target, column.path, column.converter.load(raw))
            except CellError as error:
                cell = f"{get_column_letter(index + 1)}{number}"
                problems.append(
                    Located(self.name, str(error), sheet.title, number, column.header, cell)
                )

    # Reading: one record at a time.

    def records(self):
        """Yield the records in the main sheet's order; cell problems go to ``cell_problems``."""
        self.cell_problems = []
        main = self.layout.main
        readable = [c for c in main.columns if c.read]
        lists = [_ListRows(self, sheet) for sheet in self.layout.lists]
        for position, (number, row) in enumerate(self.spools[main.title]):
            data: dict = {}
            for sheet in self.layout.lists:
                set_path(data, sheet.list_path, [])
            self.cells(main, readable, row, number, data, self.cell_problems)
            locator = CellLocator(self.index, number)
            for sheet_rows in lists:
                sheet_rows.fill(data, locator)
            for path in main.compact:
                compact(data, path)
            yield Record(position, data, locator)


class _ListRows:
    """The rows of one list sheet, handed to the records in the main sheet's order."""

    def __init__(self, source: XlsxSource, sheet):
        self.source, self.sheet = source, sheet
        self.rows = iter(source.spools[sheet.title])
        self.counts = source.counts[sheet.title]
        self.values = [c for c in sheet.columns if not c.key and c.read]
        self.waiting: dict[int, list] = {}  # main row → rows read before their record's turn

    def fill(self, data: dict, locator: CellLocator) -> None:
        """Append the elements of the record at ``locator.row`` to its list."""
        source, sheet = self.source, self.sheet
        rows = self.waiting.pop(locator.row, [])
        while len(rows) < self.counts.get(locator.row, 0):
            number, row = next(self.rows, (None, None))
            if number is None:  # fewer rows than the scan counted
                raise ImportFailed([Located(source.name, CHANGED_WHILE_READING)])
            owner = source.owner(sheet, row, number, [])
            if owner == locator.row:
                rows.append((number, row))
            elif owner is not None:
                self.waiting.setdefault(owner, []).append((number, row))
        items = get_path(data, sheet.list_path)
        for number, row in rows:
            element: dict = {}
            locator.rows[f"{sheet.list_path}[{len(items)}]"] = number
            source.cells(sheet, self.values, row, number, element, source.cell_problems)
            for path in sheet.compact:
                compact(element, path)
            items.append(element)
