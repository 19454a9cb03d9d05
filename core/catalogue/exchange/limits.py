"""Limits on import files, checked before a parser sees them (hostile or broken input).

A JSON file nested thousands of levels deep makes ``json`` recurse until RecursionError; an
xlsx is a zip, and a few hundred KB can inflate to gigabytes inside openpyxl. So: the size on
disk, the JSON nesting depth (a scan that skips strings, no recursion), and for xlsx the zip's
central directory (inflated size, compression ratio, member count) and each sheet's declared
dimension are checked first, then rows and columns once openpyxl has sized the sheets. The
limits are settings (``IMPORT_MAX_*`` in core/settings/base.py, see docs/security.md).
"""

import re
import zipfile
from pathlib import Path

from django.conf import settings

from .problems import ImportFailed, Located

MB = 1024 * 1024
RATIO_FLOOR = MB  # members smaller than this inflated are not ratio-checked (nothing to gain)
MAX_MEMBERS = 1000
_JSON_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')
DIMENSION_HEAD = 64 * 1024  # a sheet's <dimension> comes before its data


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"


def file_problems(path: Path, name: str) -> list[Located]:
    """The file's size on disk against IMPORT_MAX_FILE_MB."""
    limit = settings.IMPORT_MAX_FILE_MB * MB
    size = path.stat().st_size
    if size > limit:
        message = f"文件过大（{_mb(size)}），上限为 {settings.IMPORT_MAX_FILE_MB} MB，请分批导入"
        return [Located(name, message)]
    return []


def json_depth_problems(text: bytes, name: str) -> list[Located]:
    """Nesting deeper than IMPORT_MAX_JSON_DEPTH, found without parsing (brackets in strings
    are skipped)."""
    limit, depth = settings.IMPORT_MAX_JSON_DEPTH, 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > limit:
                line = text.count(b"\n", 0, match.start()) + 1
                message = f"JSON 嵌套超过 {limit} 层（文本第{line}行），不是有效的导入文件"
                return [Located(name, message)]
        elif token in (b"]", b"}"):
            depth -= 1
    return []


def json_rows_problems(items: list, name: str, list_key: str) -> list[Located]:
    limit = settings.IMPORT_MAX_ROWS
    if len(items) > limit:
        message = f"{list_key} 有 {len(items)} 项，上限为 {limit} 项，请分批导入"
        return [Located(name, message, path=list_key)]
    return []


def zip_problems(path: Path, name: str) -> list[Located]:
    """An xlsx's central directory and sheet dimensions, read before openpyxl opens it.
    A file that is not a zip at all is left to openpyxl, which reports it as unreadable."""
    if not zipfile.is_zipfile(path):
        return []
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            problems = _inflation_problems(members, name)
            if problems:
                return problems
            return [p for m in members for p in _dimension_problems(archive, m, name)]
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return [Located(name, f"无法读取 xlsx 文件（{type(error).__name__}）")]


def _inflation_problems(members: list[zipfile.ZipInfo], name: str) -> list[Located]:
    if len(members) > MAX_MEMBERS:
        return [Located(name, f"xlsx 文件包含 {len(members)} 个部件，上限为 {MAX_MEMBERS} 个")]
    ratio_limit = settings.IMPORT_MAX_COMPRESSION_RATIO
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= RATIO_FLOOR and ratio > ratio_limit:
            message = (
                f"xlsx 部件 {member.filename} 压缩比 {ratio:.0f}:1 超过上限 {ratio_limit}:1"
                f"（解压后 {_mb(member.file_size)}），疑似压缩炸弹，已拒绝"
            )
            return [Located(name, message)]
    inflated = sum(member.file_size for member in members)
    if inflated > settings.IMPORT_MAX_INFLATED_MB * MB:
        message = (
            f"xlsx 文件解压后共 {_mb(inflated)}，上限为 {settings.IMPORT_MAX_INFLATED_MB} MB，"
            "请分批导入"
        )
        return [Located(name, message)]
    return []


def _dimension_problems(archive, member: zipfile.ZipInfo, name: str) -> list[Located]:
    """The size a worksheet declares (``<dimension ref="A1:AB5000"/>``), when it declares one."""
    if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
        return []
    with archive.open(member) as handle:
        head = handle.read(DIMENSION_HEAD)
    found = _DIMENSION.search(head)
    if not found:
        return []
    last_col, last_row = found.group(3) or found.group(1), found.group(4) or found.group(2)
    rows = int(last_row) if last_row else 0
    columns = _column_number(last_col.decode()) if last_col else 0
    return sheet_size_problems(member.filename, rows, columns, name)


def _column_number(letters: str) -> int:
    """ "AC" → 29, for any number of letters (openpyxl refuses more than three)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def sheet_size_problems(sheet: str, rows: int, columns: int, name: str) -> list[Located]:
    """Rows and columns of one sheet against IMPORT_MAX_ROWS and IMPORT_MAX_COLUMNS."""
    problems = []
    if rows > settings.IMPORT_MAX_ROWS:
        message = f"工作表行数（{rows}）超过上限 {settings.IMPORT_MAX_ROWS} 行，请分批导入"
        problems.append(Located(name, message, sheet))
    if columns > settings.IMPORT_MAX_COLUMNS:
        message = f"工作表列数（{columns}）超过上限 {settings.IMPORT_MAX_COLUMNS} 列"
        problems.append(Located(name, message, sheet))
    return problems


def bounded_rows(rows, sheet: str, name: str):
    """``rows`` (numbered from 1) as they stream, refused at the first row past the limits:
    a sheet without a declared dimension is only sized while it is read."""
    for number, row in rows:
        if problems := sheet_size_problems(sheet, number, len(row), name):
            raise ImportFailed(problems)
        yield number, row
