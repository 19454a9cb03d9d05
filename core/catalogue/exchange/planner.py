"""Pass 1 of a catalogue import: every record is validated, only a small index is kept.

The records are streamed in chunks; the current versions they are compared with are loaded
chunk by chunk too. What survives a record is an ``Entry`` (row, digest of its elements, the
existing matter's id, changed or not) and its located problems — never its elements, so memory
does not grow with the size of the matters.
"""

import hashlib
import json
from dataclasses import dataclass
from itertools import islice

from core.domain import codes, normal
from core.domain.errors import Problem

from ..models import Matter, MatterVersion
from ..validation import check_version_elements
from . import files
from .columns import CATALOGUE, ELEMENT_LABELS, MATTER_KEYS, MATTER_TYPES
from .jsonfile import type_problems
from .preview import Change, Labels, Preview, field_changes
from .problems import Located
from .xlsx_source import CHANGED_WHILE_READING

ELEMENT_KEYS = tuple(k for k in MATTER_KEYS if k not in ("basic_code", "parent_code"))
LENGTHS = {"name": 200, "department": 100}
CHUNK = 500
LABELS = Labels(CATALOGUE, ELEMENT_LABELS)
SINCE_PREVIEW = "事项 {code} 在预览后已被修改（现行版本已变化），请重新上传文件预览后再导入"


@dataclass(slots=True)
class Entry:
    """What pass 2 needs to know about one matter of the file."""

    row: int
    digest: bytes  # of its elements: pass 2 checks it read the same file
    matter_id: int | None  # None: a new matter
    changed: bool
    version_id: int | None  # the current version compared with (None: a new matter)


def chunks(iterable, size: int):
    """Lists of ``size`` items (the last one shorter)."""
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def elements(data: dict) -> dict:
    """The version elements of a record."""
    values = {key: normal.clean(data[key]) for key in ELEMENT_KEYS if key in data}
    for key in ("effective_date", "cancel_date"):
        if values.get(key) == "":
            values[key] = None
    return values


def digest(values: dict) -> bytes:
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


class Planner:
    """Validates the records of one file against a province's catalogue; ``entries`` maps each
    valid basic code to its ``Entry``, ``problems`` lists the located problems."""

    def __init__(self, province, in_file: set):
        self.province = province
        self.in_file = in_file  # basic codes of the file, from the source's key index
        self.existing = dict(
            Matter.objects.filter(province=province).values_list("basic_code", "id")
        )
        self.entries: dict[str, Entry] = {}
        self.problems: list = []
        self.changes: list[Change] = []  # what pass 2 will write, field by field
        self.version_ids: dict[str, int] = {}  # code → current version id, chunk by chunk

    def check_all(self, records) -> None:
        for chunk in chunks(records, CHUNK):
            current, drafts = self._load(chunk)
            for record in chunk:
                problems = self.check(record, current, drafts)
                self.problems += files.locate_all(record, problems)

    def _load(self, chunk) -> tuple[dict, dict]:
        """Current elements (by code) and open drafts (by matter id) of a chunk's matters."""
        found = (record.data.get("basic_code") for record in chunk)
        ids = [self.existing[c] for c in found if isinstance(c, str) and c in self.existing]
        current = {}
        for matter in Matter.objects.filter(pk__in=ids).select_related("current_version"):
            if matter.current_version:
                current[matter.basic_code] = matter.current_version.elements()
                self.version_ids[matter.basic_code] = matter.current_version_id
        drafts = {
            v.matter_id: v
            for v in MatterVersion.objects.filter(matter_id__in=ids, state__in=["draft", "review"])
        }
        return current, drafts

    def check(self, record, current: dict, drafts: dict) -> list[Problem]:
        data = record.data
        problems = type_problems(data, MATTER_TYPES, MATTER_KEYS)
        if problems:
            return problems
        code = data.get("basic_code") or ""
        if message := codes.basic_code_error(code):
            return [Problem("basic_code", message)]
        if first := self.entries.get(code):
            return [Problem("basic_code", f"基本编码 {code} 与第{first.row}行重复")]
        problems += self._origin_and_tree(code, data)
        values, before = elements(data), current.get(code, {})
        problems += check_version_elements({**before, **values}, code, self.province.code)
        problems += [
            Problem(key, f"{ELEMENT_LABELS[key]}不能超过{limit}个字符")
            for key, limit in LENGTHS.items()
            if len(str(values.get(key) or "")) > limit
        ]
        matter_id = self.existing.get(code)
        changed = matter_id is None or bool(normal.changed_elements(before, values))
        if matter_id is not None and changed and (draft := drafts.get(matter_id)):
            problems.append(Problem("basic_code", (
                f"事项 {code} 有未发布的版本 v{draft.number}（{draft.get_state_display()}），"
                "请先在目录管理中发布或退回后再导入"
            )))  # fmt: skip
        version_id = self.version_ids.get(code)
        self.entries[code] = Entry(record.row, digest(values), matter_id, changed, version_id)
        if changed and not problems:
            self._describe(code, record.row, before, values)
        return problems

    def _describe(self, code: str, row: int, before: dict, values: dict) -> None:
        if not before:
            self.changes.append(Change(code, values.get("name") or "", "新建", row))
            return
        fields = field_changes(before, values, LABELS)
        name = values.get("name") or before.get("name") or ""
        self.changes.append(Change(code, name, "发布新版本", row, fields))

    def preview(self, file: str, problems: list) -> Preview:
        unchanged = sum(not entry.changed for entry in self.entries.values())
        expected = {code: entry.version_id for code, entry in self.entries.items()}
        return Preview(file, [] if problems else self.changes, unchanged, problems, expected)

    def since_preview(self, expected: dict, file: str) -> list:
        """Matters whose current version is not the one the preview compared with."""
        if set(expected) != set(self.entries):
            return [Located(file, CHANGED_WHILE_READING)]
        problems = []
        for code, entry in self.entries.items():
            if expected[code] != entry.version_id:
                problems.append(Located(file, SINCE_PREVIEW.format(code=code), row=entry.row))
        return problems

    def _origin_and_tree(self, code: str, data: dict) -> list[Problem]:
        problems = []
        prefix = (self.province.code or "")[:2]
        if not codes.is_national(code) and not code.startswith(prefix):
            problems.append(Problem(
                "basic_code", f"地方事项的基本编码应以本省代码 {prefix} 开头（国家目录事项以 00 开头）"
            ))  # fmt: skip
        parent = data.get("parent_code")
        if not codes.is_subitem(code):
            if parent:
                problems.append(
                    Problem("parent_code", "主项（编码末三位为000或00Y）不填上级事项编码")
                )
            return problems
        main = codes.main_item_code(code)
        if parent and parent != main:
            problems.append(
                Problem("parent_code", f"上级事项编码应为 {main}（子项编码前9位 + 00Y）")
            )
        elif main not in self.in_file and main not in self.existing:
            problems.append(Problem("parent_code", f"主项 {main} 不在文件中，也不在本省目录中"))
        return problems

    def new_codes(self) -> list[str]:
        """Basic codes of the new matters, main items before sub-items."""
        new = [code for code, entry in self.entries.items() if entry.matter_id is None]
        return sorted(new, key=codes.is_subitem)
