"""Writing one-sheet xlsx tables (a header row, then values): the exports of cases and of the
audit log. Rows stream through openpyxl's write-only mode; text that starts like a formula is
written as a text cell (CSV/xlsx injection). Exchange workbooks with layouts, notes and code
lists are ``core.catalogue.exchange.xlsx``, which owns ``FORMULA_STARTS``.
"""

import io
from collections.abc import Iterable, Sequence

from core.catalogue.exchange.xlsx import FORMULA_STARTS

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    if not (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.data_type, cell.quotePrefix = "s", True  # text, never a live formula
    return cell


def table(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """The workbook's bytes: sheet ``title``, ``headers``, then one row per item of ``rows``."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
