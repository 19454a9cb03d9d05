"""Import of a province's catalogue from a JSON or xlsx file — all or nothing.

Every matter is validated first (file shape, codes, tree, ``check_version_elements``); only a
file without problems is written, in one transaction, through the catalogue services:
a new code → version 1 published (in bulk, see ``bulk``: the rows ``create_matter`` + publish
would write); changed elements → a new published version through ``start_version`` …
``publish_version`` (fanned out to claimants on commit); identical elements → left alone.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from core.domain import codes
from core.domain.errors import DomainError, Problem

from .. import services
from ..models import Matter, MatterVersion
from ..validation import check_version_elements
from . import bulk, files
from .columns import CATALOGUE, ELEMENT_LABELS, MATTER_KEYS, MATTER_TYPES
from .jsonfile import type_problems
from .problems import ImportFailed, Located

ELEMENT_KEYS = tuple(k for k in MATTER_KEYS if k not in ("basic_code", "parent_code"))
LENGTHS = {"name": 200, "department": 100}
PROGRESS_EVERY = 100


@dataclass
class Outcome:
    file: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def __str__(self):
        if not self.changed:
            return f"{self.file}：没有变化（{len(self.unchanged)} 项均与现行版本一致）"
        return (
            f"{self.file}：新建 {len(self.created)} 项，发布新版本 {len(self.updated)} 项，"
            f"未变化 {len(self.unchanged)} 项"
        )


@dataclass
class Planned:
    record: object
    code: str
    data: dict
    matter: Matter | None = None  # None: a new matter


def _elements(data: dict) -> dict:
    values = {key: data[key] for key in ELEMENT_KEYS if key in data}
    for key in ("effective_date", "cancel_date"):
        if values.get(key) == "":
            values[key] = None
    return values


class Planner:
    """Validates the records of one file against a province's catalogue and plans the writes."""

    def __init__(self, province, records):
        self.province = province
        self.records = records
        self.existing = {
            m.basic_code: m
            for m in Matter.objects.filter(province=province).select_related("current_version")
        }
        self.open_drafts = {
            v.matter_id: v
            for v in MatterVersion.objects.filter(
                matter__province=province, state__in=["draft", "review"]
            )
        }
        self.in_file = {r.data.get("basic_code") for r in records}
        self.seen: dict[str, object] = {}

    def check(self, record) -> tuple[list[Problem], Planned | None]:
        data = record.data
        problems = type_problems(data, MATTER_TYPES, MATTER_KEYS)
        if problems:
            return problems, None
        code = data.get("basic_code") or ""
        if message := codes.basic_code_error(code):
            return [Problem("basic_code", message)], None
        if code in self.seen:
            first = self.seen[code]
            return [Problem("basic_code", f"基本编码 {code} 与第{first.row}行重复")], None
        self.seen[code] = record
        problems += self._origin_and_tree(code, data)
        matter = self.existing.get(code)
        values = _elements(data)
        current = matter.current_version.elements() if matter and matter.current_version else {}
        problems += check_version_elements({**current, **values}, code)
        problems += [
            Problem(key, f"{ELEMENT_LABELS[key]}不能超过{limit}个字符")
            for key, limit in LENGTHS.items()
            if len(str(values.get(key) or "")) > limit
        ]
        if matter is not None and all(current.get(k) == v for k, v in values.items()):
            return problems, Planned(record, code, {}, matter)  # unchanged
        if matter is not None and (draft := self.open_drafts.get(matter.pk)):
            problems.append(Problem("basic_code", (
                f"事项 {code} 有未发布的版本 v{draft.number}（{draft.get_state_display()}），"
                "请先在目录管理中发布或退回后再导入"
            )))  # fmt: skip
        return problems, Planned(record, code, values, matter)

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


def plan(province, records) -> tuple[list, list]:
    """(planned writes, located problems) for every record of a file."""
    planner, planned, located = Planner(province, records), [], []
    for record in records:
        problems, item = planner.check(record)
        located += files.locate_all(record, problems)
        if item is not None:
            planned.append(item)
    # Main items before their sub-items, whatever the order in the file.
    planned.sort(key=lambda p: codes.is_subitem(p.code))
    return planned, files.unique(located)


def _new_version(planned: Planned, user: str, note: str) -> MatterVersion:
    """A changed matter: a new version through review and publish (fanned out on commit)."""
    version = services.start_version(planned.matter, user, allow_national=True)
    version.change_note = note
    services.update_draft(version, planned.data, user)
    services.submit_version(version, user)
    return services.publish_version(version, user)


def import_catalogue(province, path, user: str = "", progress=None) -> Outcome:
    """Import a catalogue file into ``province``; raises ImportFailed (nothing written)."""
    top, records, problems = files.read(path, "matters", CATALOGUE, ELEMENT_LABELS)
    if top and top.get("province") != province.code:
        expected = f"{province.code}（{province.name}）"
        message = f"province 应为 {expected}，文件中为“{top.get('province')}”"
        problems.insert(0, Located(Path(path).name, message, path="province"))
    if files.structural(problems):
        raise ImportFailed(problems)
    planned, checked = plan(province, records)
    if problems := files.combine(problems, checked):
        raise ImportFailed(problems)
    outcome = Outcome(Path(path).name)
    note = f"由文件 {outcome.file} 导入"
    new = [p for p in planned if p.matter is None]
    with transaction.atomic():
        outcome.created = bulk.create_published(province, new, user)
        if progress and new:
            progress(len(new), len(planned))
        for done, item in enumerate((p for p in planned if p.matter), start=len(new) + 1):
            if not item.data:
                outcome.unchanged.append(item.code)
            else:
                try:
                    _new_version(item, user, note)
                    outcome.updated.append(item.code)
                except DomainError as error:
                    problems += files.locate_all(item.record, error.problems)
            if progress and (done % PROGRESS_EVERY == 0 or done == len(planned)):
                progress(done, len(planned))
        if problems:
            raise ImportFailed(problems)  # leaving the atomic block rolls everything back
    return outcome
