"""What an import would do, entry by entry and field by field, before anything is written.

The planners of both imports (``planner`` for the catalogue, ``core.listings.exchange.importer``
for lists) describe each record they plan to write as a ``Change`` while they validate it; a dry
run is the planner's pass alone, and the real import runs the very same pass first. The field
comparison works on normalised values (``core.domain.normal``), so it lists exactly what a clerk
edited: the labels are the file's column headers (``申请材料 第2项 · 材料名称``).
"""

from dataclasses import asdict, dataclass, field

from core.domain import normal

from .layout import Workbook
from .problems import Located

SHOWN = 300  # characters of a value shown in the preview


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Change:
    """One entry the import would write: ``key`` is its 基本编码 or 实施编码."""

    key: str
    name: str
    action: str  # 新建 · 修改 · 新认领 · 修改并发布 · 发布 …
    row: int | None = None
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class Preview:
    """The dry run of one file: its changes, how many entries stay as they are, its problems,
    and ``expected``: the state each entry was compared with (a version id, a revision, None
    for new), which applying the import checks again."""

    file: str
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Located] = field(default_factory=list)
    expected: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def summary(self) -> str:
        if self.problems:
            return f"{self.file}：发现 {len(self.problems)} 个问题，不能导入"
        if not self.changes:
            return f"{self.file}：没有变化（{self.unchanged} 项均与现有数据一致）"
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.action] = counts.get(change.action, 0) + 1
        parts = "，".join(f"{action} {n} 项" for action, n in counts.items())
        return f"{self.file}：{parts}，未变化 {self.unchanged} 项"

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Preview":
        changes = [
            Change(**{**c, "fields": [FieldChange(**f) for f in c["fields"]]})
            for c in data["changes"]
        ]
        problems = [Located(**p) for p in data["problems"]]
        return cls(data["file"], changes, data["unchanged"], problems, data["expected"])


class Labels:
    """Column headers of a layout by element path (``materials.name`` → 材料名称), with a
    fallback of element labels for elements that have no column."""

    def __init__(self, layout: Workbook, elements: dict):
        self.paths: dict[str, str] = dict(elements)
        self.converters: dict[str, object] = {}
        for column in layout.main.columns:
            self.paths[column.path] = column.header
            self.converters[column.path] = column.converter
        for sheet in layout.lists:
            self.paths[sheet.list_path] = sheet.title
            for column in sheet.columns:
                if not column.key:
                    self.paths[f"{sheet.list_path}.{column.path}"] = column.header
                    self.converters[f"{sheet.list_path}.{column.path}"] = column.converter

    def label(self, path: tuple) -> str:
        """("materials", 1, "name") → 申请材料 第2项 · 材料名称."""
        index = next((i for i, part in enumerate(path) if isinstance(part, int)), None)
        if index is None:
            key = ".".join(path)
            return self.paths.get(key) or self.paths.get(path[-1], path[-1])
        list_path = ".".join(path[:index])
        title = f"{self.paths.get(list_path, list_path)} 第{path[index] + 1}项"
        member = ".".join(path[index + 1 :])
        if not member:
            return title
        return f"{title} · {self.paths.get(f'{list_path}.{member}', member)}"

    def show(self, path: tuple, value) -> str:
        if value is None or value == "" or value == []:
            return "（空）"
        index = next((i for i, part in enumerate(path) if isinstance(part, int)), None)
        parts = path if index is None else (".".join(path[:index]), *path[index + 1 :])
        converter = self.converters.get(".".join(parts))
        if isinstance(value, dict):  # a whole list item, added or removed
            text = next((v for v in value.values() if isinstance(v, str) and v), "")
            return _cut(text or "（一项）")
        if isinstance(value, bool):
            return "是" if value else "否"
        labels = {code: label for label, code in getattr(converter, "by_label", {}).items()}
        if isinstance(value, list):
            return _cut("、".join(_coded(v, labels) for v in value))
        return _cut(_coded(value, labels))


def _coded(value, labels: dict) -> str:
    label = labels.get(value)
    return f"{value} {label}" if label else str(value)


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _leaves(value, path: tuple):
    """(path, value) of every leaf; list items that are groups are walked item by item."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list) and value and all(isinstance(i, dict) for i in value):
        for index, item in enumerate(value):
            yield (*path, index), item
    else:
        yield path, value


def field_changes(before: dict, after: dict, labels: Labels) -> list[FieldChange]:
    """The fields of ``after`` that differ from ``before`` once normalised, in element order."""
    changes = []
    for name, value in after.items():
        old, new = normal.canonical(before.get(name), name), normal.canonical(value, name)
        if old == new:
            continue
        old_flat, new_flat = dict(_leaves(old, (name,))), dict(_leaves(new, (name,)))
        for path in dict.fromkeys([*new_flat, *old_flat]):
            a, b = old_flat.get(path), new_flat.get(path)
            if a == b:
                continue
            if isinstance(a, dict) and isinstance(b, dict):  # the same item, some members differ
                for key in dict.fromkeys([*b, *a]):
                    if a.get(key) != b.get(key):
                        member = (*path, key)
                        changes.append(FieldChange(
                            labels.label(member), labels.show(member, a.get(key)),
                            labels.show(member, b.get(key)),
                        ))  # fmt: skip
                continue
            changes.append(
                FieldChange(labels.label(path), labels.show(path, a), labels.show(path, b))
            )
    return changes
