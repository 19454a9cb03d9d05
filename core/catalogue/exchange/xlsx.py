"""Writing xlsx exchange files laid out by a ``layout.Workbook`` (reading: ``xlsx_source``).

Writing uses openpyxl's write-only mode, so rows stream to disk. The first row of every sheet
holds the headers; on import their order is free and unknown columns are ignored, so a clerk
may add a column of notes.
"""

from openpyxl import Workbook as OpenWorkbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .layout import Sheet, Workbook, get_path

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
NOTES_TITLE = "填写说明"


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
