"""Import of a tenant's implementation list (claims plus local elements) — all or nothing.

Two passes over the file, as for the catalogue. Pass 1 validates every entry and keeps only the
problems: the matter must be published in the province's catalogue, the department must be one
of the tenant's, the local elements pass ``check_local_elements``, and entries to publish pass
the province's rules (``core.listings.rules``). Only a file without problems is read again and
written, in one transaction in the tenant's schema that also writes the public Claim rows.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django_tenants.utils import schema_context

from core.catalogue.exchange import files, locks
from core.catalogue.exchange.jsonfile import type_problems
from core.catalogue.exchange.planner import chunks
from core.catalogue.exchange.preview import Change, Labels, Preview, field_changes
from core.catalogue.exchange.problems import ImportFailed, Located
from core.catalogue.exchange.xlsx_source import CHANGED_WHILE_READING
from core.domain import normal
from core.domain.errors import DomainError, Problem

from .. import services
from ..models import LOCAL_ELEMENTS, ImplementationItem
from .checks import Checker
from .columns import ITEM_KEYS, ITEM_TYPES, LABELS, LISTING

CHUNK = 200  # records whose matters and entries are looked up together
ITEM_LABELS = Labels(LISTING, LABELS)
NOT_PREVIEWED = object()


@dataclass
class Outcome:
    file: str
    claimed: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.claimed or self.updated or self.published)

    def __str__(self):
        if not self.changed:
            return f"{self.file}：没有变化（{len(self.unchanged)} 项均与现有清单一致）"
        return (
            f"{self.file}：新认领 {len(self.claimed)} 项，更新要素 {len(self.updated)} 项，"
            f"发布 {len(self.published)} 项，未变化 {len(self.unchanged)} 项"
        )


@dataclass
class Planned:
    record: object
    code: str  # 实施编码
    matter: object
    department: object
    level: str
    values: dict  # the local elements given in the file
    publish: bool
    item: ImplementationItem | None = None  # None: claim first
    expected: object = NOT_PREVIEWED  # the revision the preview saw


def _write(planned: Planned, user: str, outcome: Outcome) -> None:
    item = planned.item
    if item is None:
        item = services.claim_matter(planned.matter, planned.department, planned.level, user)
        outcome.claimed.append(planned.code)
    changed = list(normal.changed_elements(item.local_elements(), planned.values))
    if changed:  # checked again under the entry's lock: an edit since pass 1 is not overwritten
        revision = _expected_revision(planned)
        services.update_item(item, planned.values, user, expected_revision=revision)
        if planned.item is not None:
            outcome.updated.append(planned.code)
    if planned.publish and item.state != ImplementationItem.State.PUBLISHED:
        # Publishing what a colleague changed since the export is refused under the lock too.
        stale_check = planned.item is not None and not changed
        expected = _expected_revision(planned) if stale_check else None
        services.publish_item(item, user, direct=True, expected_revision=expected)
        outcome.published.append(planned.code)
    elif planned.item is not None and not changed:
        outcome.unchanged.append(planned.code)


def _expected_revision(planned: Planned):
    """The revision an update is based on: the preview's, else the file's (None: a claim)."""
    if planned.item is None:
        return None
    if planned.expected is not NOT_PREVIEWED:
        return planned.expected
    return planned.record.data.get("revision")


def describe(planned: Planned, preview: Preview) -> None:
    """What ``_write`` will do with ``planned``, field by field, added to ``preview``."""
    item, matter = planned.item, planned.matter
    before = item.local_elements() if item else services.catalogue_defaults(matter.current_version)
    preview.expected[planned.code] = item.revision if item else None
    fields = field_changes(before, planned.values, ITEM_LABELS)
    if item is None:
        action = "新认领并发布" if planned.publish else "新认领"
    else:
        publish = planned.publish and (fields or item.state != ImplementationItem.State.PUBLISHED)
        action = {(True, True): "修改并发布", (True, False): "修改", (False, True): "发布"}.get(
            (bool(fields), bool(publish))
        )
        if action is None:
            preview.unchanged += 1
            return
    name = matter.current_version.name
    preview.changes.append(Change(planned.code, name, action, planned.record.row, fields))


def since_preview(planned: Planned) -> list[Problem]:
    """An entry claimed or edited by someone else since the preview is not overwritten."""
    item, expected = planned.item, planned.expected
    if expected is None and item is not None:
        message = f"该事项在预览后已被认领（实施编码 {planned.code}），本行未导入：请重新上传预览"
        return [Problem("basic_code", message)]
    if expected is not None and (item is None or item.revision != expected):
        current = item.revision if item else "无"
        message = (
            f"该事项在预览后已被修改（预览时修订号 {expected}，当前为 {current}），"
            "本行未导入：请重新上传预览"
        )
        return [Problem("revision", message)]
    return []


def _plan(checker: Checker, record, problems: list, check=True) -> Planned | None:
    """The write one record asks for (None with ``problems`` when it has any). ``check``:
    also check the resulting elements (pass 1; pass 2 only writes what passed)."""
    data = record.data
    problems += type_problems(data, ITEM_TYPES, ITEM_KEYS)
    item = None if problems else checker.resolve(record, problems)
    if item is None:
        return None
    values = {name: data[name] for name in LOCAL_ELEMENTS if name in data}
    code, matter, department, existing = item
    if (given := data.get("implementation_code")) and given.strip() != code:
        message = (
            f"实施编码“{given}”与实施主体、行使层级、基本编码不符（应为 {code}）；"
            "该列只读，请勿修改"
        )
        problems.append(Problem("implementation_code", message))
        return None
    publish = bool(data.get("publish"))
    if check:
        problems += checker.elements(matter, existing, data["level"], values, publish)
        problems += stale_problems(existing, data.get("revision"), values, publish)
    return Planned(record, code, matter, department, data["level"], values, publish, existing)


def stale_problems(item, revision, values: dict, publish: bool = False) -> list[Problem]:
    """A file exported at an older revision of an entry must not overwrite, nor publish, what was
    changed since: refused when the file would change the entry or publish it. A file without
    revisions (written by hand or by another system) is not checked."""
    if item is None or revision in (None, "") or int(revision) == item.revision:
        return []
    unchanged = not normal.changed_elements(item.local_elements(), values)
    if unchanged and not (publish and item.state != ImplementationItem.State.PUBLISHED):
        return []  # nothing to overwrite or publish (e.g. the same file imported again)
    message = (
        f"该事项在导出后已被修改（文件中修订号 {int(revision)}，当前为 {item.revision}），"
        "本行未导入：请重新导出后再修改"
    )
    return [Problem("revision", message)]


def _check(region, records, name: str) -> Preview:
    """Pass 1: the located problems of every record, and what would change (``describe``);
    nothing is kept of the records."""
    checker, located, preview = Checker(region), [], Preview(name)
    for chunk in chunks(records, CHUNK):
        checker.load(chunk)
        for record in chunk:
            problems: list = []
            planned = _plan(checker, record, problems)
            located += files.locate_all(record, problems)
            if planned is not None and not problems:
                describe(planned, preview)
    preview.problems = files.unique(located)
    return preview


def _write_all(region, records, user: str, outcome: Outcome, expected=None, progress=None):
    """Pass 2: write every record (inside the caller's transaction); the services' problems.
    ``expected`` (implementation code → revision, None for a claim): what the preview saw."""
    checker, located, done = Checker(region), [], 0
    for chunk in chunks(records, CHUNK):
        checker.load(chunk)
        for record in chunk:
            problems: list = []
            planned = _plan(checker, record, problems, check=False)
            if planned is None:  # the file changed since pass 1
                raise ImportFailed([Located(outcome.file, CHANGED_WHILE_READING)])
            if expected is not None:
                if planned.code not in expected:
                    raise ImportFailed([Located(outcome.file, CHANGED_WHILE_READING)])
                planned.expected = expected[planned.code]
                if problems := since_preview(planned):
                    located += files.locate_all(record, problems)
                    continue
            try:
                with transaction.atomic():
                    _write(planned, user, outcome)
            except DomainError as error:
                located += files.locate_all(record, error.problems)
        done += len(chunk)
        if progress:
            progress(done, len(expected) if expected else None)
    return located


def _header_problems(top: dict, region, name: str) -> list[Located]:
    if top and top.get("tenant") != region.slug:
        message = f"tenant 应为 {region.slug}（{region.name}），文件中为“{top.get('tenant')}”"
        return [Located(name, message, path="tenant")]
    return []


def preview_listing(region, path) -> Preview:
    """The dry run: pass 1 of ``import_listing`` alone, nothing written."""
    source = files.open_source(path, "items", LISTING, LABELS)
    with source, schema_context(region.schema_name):
        problems = _header_problems(source.top, region, source.name) + source.problems
        if files.structural(problems):
            return Preview(source.name, problems=problems)
        preview = _check(region, source.records(), source.name)
        preview.problems = files.combine(source.read_problems(), preview.problems)
        if preview.problems:
            preview.changes = []
        return preview


def import_listing(
    region, path, user: str = "", expected: dict | None = None, progress=None
) -> Outcome:
    """Import a listing file into ``region``'s schema; raises ImportFailed (nothing written).
    ``expected``: the preview's ``expected`` — entries changed since are refused."""
    source = files.open_source(path, "items", LISTING, LABELS)
    with source, schema_context(region.schema_name):
        problems = _header_problems(source.top, region, source.name) + source.problems
        if files.structural(problems):
            raise ImportFailed(problems)
        checked = _check(region, source.records(), source.name).problems
        if problems := files.combine(source.read_problems(), checked):
            raise ImportFailed(problems)
        outcome = Outcome(source.name)
        with transaction.atomic():
            # A concurrent import into this region waits here, then pass 2 looks the entries up
            # again and finds what the other one wrote (claims become updates or no change).
            locks.lock_for_transaction(f"import-listing:{region.schema_name}")
            records = source.records()
            if problems := _write_all(region, records, user, outcome, expected, progress):
                raise ImportFailed(files.unique(problems))  # rolls back claims and entries
    return outcome
