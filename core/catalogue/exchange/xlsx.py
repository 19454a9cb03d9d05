"""Reading and writing xlsx exchange files laid out by a ``layout.Workbook``.

Reading uses openpyxl's read-only mode (rows are streamed, memory stays flat); writing uses
write-only mode. The first row of every sheet holds the headers; their order is free and
unknown columns are ignored, so a clerk may add a column of notes.
"""

from openpyxl import Workbook as OpenWorkbook
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .cells import CellError
from .layout import CellLocator, FileIndex, Record, Sheet, Workbook, compact, get_path, set_path
from .problems import Located

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
NOTES_TITLE = "填写说明"


def _is_empty(row) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _header_map(file: str, sheet: Sheet, header_row, problems: list) -> dict | None:
    found = {str(h).strip(): i for i, h in enumerate(header_row or ()) if h is not None}
    missing = [c.header for c in sheet.columns if c.read and c.header not in found]
    for header in missing:
        problems.append(Located(file, f"缺少列“{header}”", sheet.title, 1))
    return None if missing else found


def _read_cells(file, sheet, columns, positions, row, row_number, target, problems):
    """Convert the cells of one row into ``target``; a cell of the wrong type is a problem."""
    for column in columns:
        index = positions[column.header]
        raw = row[index] if index < len(row) else None
        try:
            set_path(target, column.path, column.converter.load(raw))
        except CellError as error:
            cell = f"{get_column_letter(index + 1)}{row_number}"
            problems.append(Located(file, str(error), sheet.title, row_number, column.header, cell))


def _rows(workbook, sheet, file, problems):
    """(header map, iterator of (row number, row)) of a sheet, or None when unusable."""
    if sheet.title not in workbook.sheetnames:
        problems.append(Located(file, f"缺少工作表“{sheet.title}”"))
        return None, iter(())
    rows = workbook[sheet.title].iter_rows(values_only=True)
    positions = _header_map(file, sheet, next(rows, None), problems)
    numbered = ((number, row) for number, row in enumerate(rows, start=2) if not _is_empty(row))
    return positions, numbered


def read(path, name: str, layout: Workbook, labels: dict) -> tuple[list[Record], list[Located]]:
    """The records of an xlsx file and the problems found while reading its cells."""
    problems: list[Located] = []
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file that is not xlsx
        return [], [Located(name, f"无法读取 xlsx 文件（{type(error).__name__}）")]
    try:
        return _read_workbook(workbook, name, layout, labels, problems), problems
    finally:
        workbook.close()


def _read_workbook(workbook, name, layout, labels, problems) -> list[Record]:
    main = layout.main
    positions, rows = _rows(workbook, main, name, problems)
    if positions is None:
        for sheet in layout.lists:  # report their missing sheets and columns too
            _rows(workbook, sheet, name, problems)
        return []
    index = FileIndex(name, main.title, labels)
    index.add_sheet(main, positions, get_column_letter)
    readable = [c for c in main.columns if c.read]
    records, by_key, by_first = [], {}, {}
    for number, row in rows:
        data: dict = {}
        for sheet in layout.lists:
            set_path(data, sheet.list_path, [])
        _read_cells(name, main, readable, positions, row, number, data, problems)
        record = Record(len(records), data, CellLocator(index, number))
        records.append(record)
        key = layout.key_of(data)
        by_key.setdefault(key, record)
        by_first.setdefault(key[0], []).append(record)
    for sheet in layout.lists:
        _read_list(workbook, sheet, name, layout, index, (by_key, by_first), problems)
    for record in records:
        for path in main.compact:
            compact(record.data, path)
    return records


def _find(key, by_key, by_first):
    """The record a list row belongs to; trailing key cells may be left empty when the first
    one (基本编码) is unambiguous."""
    if key in by_key:
        return by_key[key]
    candidates = by_first.get(key[0], [])
    if len(candidates) == 1 and all(part in ("", None) for part in key[1:]):
        return candidates[0]
    return None


def _read_list(workbook, sheet, name, layout, index, lookups, problems):
    positions, rows = _rows(workbook, sheet, name, problems)
    if positions is None:
        return
    index.add_sheet(sheet, positions, get_column_letter)
    keys = [c for c in sheet.columns if c.key]
    values = [c for c in sheet.columns if not c.key and c.read]
    for number, row in rows:
        key_data: dict = {}
        _read_cells(name, sheet, keys, positions, row, number, key_data, problems)
        key = tuple(get_path(key_data, c.path) for c in keys)
        record = _find(key, *lookups)
        if record is None:
            shown = "、".join(str(part) for part in key if part)
            message = f"“{shown}”在“{layout.main.title}”表中不存在"
            cell = f"{get_column_letter(positions[keys[0].header] + 1)}{number}"
            problems.append(Located(name, message, sheet.title, number, keys[0].header, cell))
            continue
        items = get_path(record.data, sheet.list_path)
        element: dict = {}
        record.locator.rows[f"{sheet.list_path}[{len(items)}]"] = number
        _read_cells(name, sheet, values, positions, row, number, element, problems)
        for path in sheet.compact:
            compact(element, path)
        items.append(element)


def _header(ws, sheet: Sheet):
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    cells = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cells.append(cell)
    ws.append(cells)


def _cells(ws, columns, record, element=None):
    row = []
    for column in columns:
        source = record if element is None or column.key else element
        value = column.converter.dump(get_path(source, column.path))
        if column.converter.code_like or (isinstance(value, str) and "\n" in value):
            cell = WriteOnlyCell(ws, value)
            if column.converter.code_like:
                cell.number_format = "@"
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            value = cell
        row.append(value)
    return row


def write(path, layout: Workbook, records) -> None:
    """Write ``records`` (dicts in the JSON shape, possibly a generator) to an xlsx file.
    Write-only sheets stream to temporary files, so rows of several sheets may interleave."""
    book = OpenWorkbook(write_only=True)
    sheets = {sheet.title: book.create_sheet(sheet.title) for sheet in layout.sheets}
    for sheet in layout.sheets:
        _header(sheets[sheet.title], sheet)
    main = sheets[layout.main.title]
    for record in records:
        main.append(_cells(main, layout.main.columns, record))
        for sheet in layout.lists:
            ws = sheets[sheet.title]
            for element in get_path(record, sheet.list_path) or []:
                ws.append(_cells(ws, sheet.columns, record, element))
    notes = book.create_sheet(NOTES_TITLE)
    notes.column_dimensions["A"].width, notes.column_dimensions["B"].width = 24, 100
    for line in layout.notes:
        notes.append(list(line))
    book.save(path)
