"""Conversion between element values and spreadsheet cells.

Converters only convert: a value they cannot read as the right type raises ``CellError``; a
value of the right type but outside a code list is passed on unchanged, so the domain checks
(``core.catalogue.validation``, ``core.listings.validation``) report it in their own words.
"""

import re
from datetime import date, datetime

LIST_SEPARATORS = re.compile(r"[、；;]")
CODE_SEPARATORS = re.compile(r"[、；;,，]+")
TRUE_WORDS = {"是", "true", "1", "y", "yes", "√"}
FALSE_WORDS = {"否", "false", "0", "n", "no", ""}


class CellError(ValueError):
    """A cell that can not be read as its column's type; the message says what is expected."""


def _plain(raw):
    """Strings stay, whole floats become ints (Excel stores every number as a float)."""
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return raw


class Text:
    """Free text; an empty cell is ``empty`` ("" or None)."""

    code_like = False

    def __init__(self, empty=""):
        self.empty = empty

    def load(self, raw):
        raw = _plain(raw)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return self.empty
        return raw if isinstance(raw, str) else str(raw)

    def dump(self, value):
        return "" if value is None else value


class Code(Text):
    """A code from a code list, kept as text: written as its label (what the drop-down list
    offers), read back from the code, its label or "code label". Numbers typed into a General
    cell lose their leading zeros: they are padded to ``width``."""

    code_like = True

    def __init__(self, vocabulary: dict | None = None, width: int = 0, empty=""):
        super().__init__(empty)
        self.width = width
        self.labels = dict(vocabulary or {})
        self.by_label = {label: code for code, label in self.labels.items()}

    def dump(self, value):
        return "" if value is None else self.labels.get(value, value)

    def load(self, raw):
        raw = _plain(raw)
        if isinstance(raw, int) and self.width:
            return str(raw).zfill(self.width)
        value = super().load(raw)
        if not isinstance(value, str):
            return value
        value = value.strip()
        if value in self.by_label:
            return self.by_label[value]
        head = value.split(maxsplit=1)[0] if value else value
        if head != value and self.by_label.get(value[len(head) :].strip()) == head:
            return head
        return value


class CodeList(Code):
    """Several codes in one cell, separated by 、 ； or commas; written as labels. Labels are
    recognised before the cell is split, as a label may hold a separator (镇（乡、街道）级)."""

    def __init__(self, vocabulary: dict | None = None, width: int = 0, empty=""):
        super().__init__(vocabulary, width, empty)
        self.longest_first = sorted(self.by_label, key=len, reverse=True)

    def load(self, raw):
        raw = _plain(raw)
        if raw is None or raw == "":
            return []
        if isinstance(raw, int):
            return [super().load(raw)]
        text = str(raw)
        for label in self.longest_first:
            if label in text:
                text = text.replace(label, f"、{self.by_label[label]}、")
        codes: list = []  # "3 市级" became "3 、3、": the code once
        for part in CODE_SEPARATORS.split(text):
            if (part := part.strip()) and (code := super().load(part)) not in codes:
                codes.append(code)
        return codes

    def dump(self, value):
        return "、".join(str(self.labels.get(v, v)) for v in value or [])


class TextList(Text):
    """Several short texts in one cell, separated by 、 or ；."""

    def load(self, raw):
        text = super().load(raw)
        return [part.strip() for part in LIST_SEPARATORS.split(text or "") if part.strip()]

    def dump(self, value):
        return "、".join(value or [])


class Integer:
    """A whole number; ``vocabulary`` maps labels such as 多次 or Ⅳ级（全程网办） to numbers."""

    code_like = False

    def __init__(self, empty=None, vocabulary: dict | None = None):
        self.empty = empty
        self.labels = dict(vocabulary or {})
        self.by_label = {label: code for code, label in self.labels.items()}

    def load(self, raw):
        raw = _plain(raw)
        if isinstance(raw, str):
            raw = raw.strip()
            if raw in self.by_label:
                return self.by_label[raw]
            if re.fullmatch(r"-?\d+", raw):
                return int(raw)
        if raw is None or raw == "":
            return self.empty
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise CellError(f"“{raw}”不是整数")
        return raw

    def dump(self, value):
        return self.labels.get(value, value)


class Number(Integer):
    """A number of days (whole or decimal)."""

    def load(self, raw):
        raw = _plain(raw)
        if isinstance(raw, float):
            return raw
        if isinstance(raw, str) and re.fullmatch(r"-?\d+\.\d+", raw.strip()):
            return float(raw)
        try:
            return super().load(raw)
        except CellError:
            raise CellError(f"“{raw}”不是数值") from None


class Boolean:
    """是/否 (also TRUE/FALSE, 1/0); an empty cell is 否."""

    code_like = False

    def load(self, raw):
        if isinstance(raw, bool):
            return raw
        word = str(_plain(raw) if raw is not None else "").strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError(f"“{raw}”无效，请填写“是”或“否”")

    def dump(self, value):
        return "是" if value else "否"


class Date:
    """A date as YYYY-MM-DD text (Excel date cells are accepted too)."""

    code_like = True

    def __init__(self, empty=None):
        self.empty = empty

    def load(self, raw):
        if isinstance(raw, datetime):
            return raw.date().isoformat()
        if isinstance(raw, date):
            return raw.isoformat()
        if raw is None or not str(raw).strip():
            return self.empty
        try:
            return date.fromisoformat(str(raw).strip()).isoformat()
        except ValueError:
            raise CellError(f"“{raw}”不是有效日期，格式应为 YYYY-MM-DD") from None

    def dump(self, value):
        return value or ""
