"""An xlsx workbook opened to read each sheet's rows once, and their on-disk spool.

``openpyxl.load_workbook(read_only=True)`` sizes every sheet on opening; for a sheet without a
``<dimension>`` element (what write-only mode, the exporters', writes) that means parsing the
whole sheet once just to find it has none. Here the workbook's parts that give cells their
values (shared strings, styles for dates, the sheet list) are read the same way openpyxl does,
and sheets are streamed unsized, so each sheet's XML is parsed exactly once.
"""

import pickle
import tempfile

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.worksheet._read_only import ReadOnlyWorksheet


class _UnsizedSheet(ReadOnlyWorksheet):
    def _get_size(self):
        """Unknown until read (openpyxl would parse the sheet here once to learn it)."""


class Book:
    """The sheets of an xlsx file by title; ``rows(title)`` streams one sheet's values."""

    def __init__(self, path):
        reader = ExcelReader(path, read_only=True, data_only=True)
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)  # date formats of the cells
        except Exception:
            reader.archive.close()
            raise
        self.archive = reader.archive
        self.sheets = {
            sheet.name: _UnsizedSheet(reader.wb, sheet.name, rel.target, reader.shared_strings)
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        }

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def rows(self, title: str):
        return self.sheets[title].iter_rows(values_only=True)

    def close(self) -> None:
        self.archive.close()


class Spool:
    """Rows kept in a temporary file, read back as often as needed (memory stays flat)."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())

    def add(self, item) -> None:
        self.file.seek(0, 2)
        pickle.dump(item, self.file, pickle.HIGHEST_PROTOCOL)

    def __iter__(self):
        """From the first row; several iterations may be under way at once."""
        position, end = 0, self.file.seek(0, 2)
        while position < end:
            self.file.seek(position)
            item = pickle.load(self.file)
            position = self.file.tell()
            yield item

    def close(self) -> None:
        self.file.close()
