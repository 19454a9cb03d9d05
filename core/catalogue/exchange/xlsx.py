"""Writing xlsx exchange files laid out by a ``layout.Workbook`` (reading: ``xlsx_source``).

Writing uses openpyxl's write-only mode, so rows stream to disk. The first row of every sheet
holds the headers; on import their order is free and unknown columns are ignored, so a clerk
may add a column of notes.
"""

from openpyxl import Workbook as OpenWorkbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .cells import Boolean, CodeList
from .layout import Column, Sheet, Workbook, get_path

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
NOTES_TITLE = "填写说明"
CODES_TITLE = "代码表"  # hidden: the items of the drop-down lists
LAST_ROW = 1_048_576  # Excel's last row: a drop-down list covers the whole column


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


# Text Excel takes for a formula when it opens or re-edits the cell (CSV/xlsx injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(ws, converter, value):
    """The value as written: codes as text, long text wrapped, and text that starts like a
    formula stored as a text cell (openpyxl would otherwise write "=…" as a live formula)."""
    formula_like = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    wrapped = isinstance(value, str) and "\n" in value
    if not (converter.code_like or formula_like or wrapped):
        return value
    cell = WriteOnlyCell(ws, value)
    if converter.code_like:
        cell.number_format = "@"
    elif wrapped:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if formula_like:
        cell.data_type = "s"
        cell.quotePrefix = True  # Excel keeps it text when a clerk edits the cell, too
    return cell


def _cells(ws, columns, record, element=None):
    row = []
    for column in columns:
        source = record if element is None or column.key else element
        value = column.converter.dump(get_path(source, column.path))
        row.append(_cell(ws, column.converter, value))
    return row


def offered(column: Column) -> tuple[tuple[str, ...], bool]:
    """The items of a column's drop-down list, and whether other values are refused (a cell
    of several codes, 3、4, can not be one item of the list: it only suggests)."""
    converter = column.converter
    if column.choices:
        return tuple(column.choices), True
    if isinstance(converter, Boolean):
        return ("是", "否"), True
    if labels := getattr(converter, "labels", None):
        return tuple(str(label) for label in labels.values()), not isinstance(converter, CodeList)
    return (), False


def _drop_downs(layout: Workbook, sheets: dict) -> list[tuple[str, ...]]:
    """Add a list validation to every coded column; returns the lists, in the columns of the
    code sheet their ranges point to."""
    lists: list[tuple[str, ...]] = []
    for sheet in layout.sheets:
        for index, column in enumerate(sheet.columns, start=1):
            items, strict = offered(column)
            if not items or not column.read:
                continue
            if items not in lists:
                lists.append(items)
            letter = get_column_letter(lists.index(items) + 1)
            source = f"'{CODES_TITLE}'!${letter}$2:${letter}${len(items) + 1}"
            validation = DataValidation(
                type="list", formula1=source, allow_blank=True, showErrorMessage=strict,
                showInputMessage=not strict, errorTitle=column.header,
                error=f"请从下拉列表中选择{column.header}", promptTitle=column.header,
                prompt="可选多个，用“、”分隔" if not strict else None,
            )  # fmt: skip
            target = get_column_letter(index)
            validation.add(f"{target}2:{target}{LAST_ROW}")
            sheets[sheet.title].data_validations.append(validation)
    return lists


def _code_sheet(book, lists: list[tuple[str, ...]]) -> None:
    ws = book.create_sheet(CODES_TITLE)
    ws.sheet_state = "hidden"
    ws.append([f"列表{i}" for i in range(1, len(lists) + 1)])
    for row in range(max((len(items) for items in lists), default=0)):
        ws.append([items[row] if row < len(items) else None for items in lists])


def write(path, layout: Workbook, records) -> None:
    """Write ``records`` (dicts in the JSON shape, possibly a generator) to an xlsx file.
    Write-only sheets stream to temporary files, so rows of several sheets may interleave."""
    book = OpenWorkbook(write_only=True)
    sheets = {sheet.title: book.create_sheet(sheet.title) for sheet in layout.sheets}
    for sheet in layout.sheets:
        _header(sheets[sheet.title], sheet)
    lists = _drop_downs(layout, sheets)
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
    _code_sheet(book, lists)
    book.save(path)
