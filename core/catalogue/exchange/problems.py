"""Problems of an import file, located by file, sheet, row and column (or JSON path)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Located:
    """One problem of an import file.

    JSON files: ``row`` is the 1-based index of the matter or item, ``column`` the element path
    inside it (``materials[1].kind``) and ``path`` the full JSON path. xlsx files: ``sheet``,
    ``row`` (the Excel row number), ``column`` (the header) and ``cell`` (``D7``).
    """

    file: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    cell: str = ""
    path: str = ""

    def __str__(self):
        where = [self.file]
        if self.sheet:
            where.append(self.sheet)
        if self.row:
            where.append(f"第{self.row}行")
        if self.column:
            letter = "".join(ch for ch in self.cell if ch.isalpha())
            where.append(f"{self.column}（{letter}列）" if letter else self.column)
        return " ".join(where) + f"：{self.message}"


class ImportFailed(Exception):
    """An import wrote nothing; ``problems`` lists every located problem."""

    def __init__(self, problems: list[Located]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def report(self) -> str:
        """The text shown to the operator: a header line, then one problem per line."""
        return f"导入失败，未写入任何数据（共 {len(self.problems)} 个问题）：\n" + "\n".join(
            str(p) for p in self.problems
        )
