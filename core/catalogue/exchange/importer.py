"""Import of a province's catalogue from a JSON or xlsx file — all or nothing, in flat memory.

Two passes over the file. Pass 1 (``planner``) streams the records and validates each one (file
shape, codes, tree, ``check_version_elements``), keeping only a small index and the problems.
A file with any problem stops there, every problem reported. Pass 2 reads the file again and
writes it in batches, all in one transaction, through the catalogue services: a new code →
version 1 published (in bulk, see ``bulk``: the rows ``create_matter`` + publish would write);
changed elements → a new published version through ``start_version`` … ``publish_version``
(fanned out to claimants on commit); identical elements → left alone.
"""

from dataclasses import dataclass, field

from django.db import transaction

from core.domain.errors import DomainError

from .. import services
from ..models import Matter
from ..signals import catalogue_imported
from . import bulk, files, locks
from .columns import CATALOGUE, ELEMENT_LABELS
from .planner import Planner, chunks, digest, elements
from .preview import Preview
from .problems import ImportFailed, Located
from .xlsx_source import CHANGED_WHILE_READING

BATCH = bulk.BATCH  # records written per batch in pass 2 (also the progress step)


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


def _new_version(matter: Matter, values: dict, user: str, note: str):
    """A changed matter: a new version through review and publish (fanned out on commit)."""
    version = services.start_version(matter, user, allow_national=True)
    version.change_note = note
    services.update_draft(version, values, user)
    services.submit_version(version, user)
    return services.publish_version(version, user, direct=True)  # the operator's own import


class Writer:
    """Pass 2: writes the records pass 1 planned, batch by batch (inside the caller's
    transaction); problems of the services are collected, located like the others."""

    def __init__(self, planner: Planner, outcome: Outcome, user: str, progress=None):
        self.entries, self.outcome, self.user = planner.entries, outcome, user
        self.note = f"由文件 {outcome.file} 导入"
        self.progress, self.done = progress, 0
        self.problems: list[Located] = []
        new = planner.new_codes()
        self.ids = bulk.create_matters(planner.province, new, planner.existing)
        outcome.created = new
        if new:
            province = planner.province
            transaction.on_commit(lambda: catalogue_imported.send(sender=Matter, province=province))

    def write(self, records) -> None:
        for chunk in chunks(records, BATCH):
            new, changed = [], []
            for record in chunk:
                code, values = record.data["basic_code"], elements(record.data)
                entry = self.entries.get(code)
                if entry is None or entry.digest != digest(values):
                    raise ImportFailed([Located(self.outcome.file, CHANGED_WHILE_READING)])
                if entry.matter_id is None:
                    new.append((self.ids[code], values))
                elif entry.changed:
                    changed.append((record, entry.matter_id, values))
                else:
                    self.outcome.unchanged.append(code)
            bulk.create_versions(new, self.user)
            self._update(changed)
            self.done += len(chunk)
            if self.progress:
                self.progress(self.done, len(self.entries))
        if self.done != len(self.entries):
            raise ImportFailed([Located(self.outcome.file, CHANGED_WHILE_READING)])

    def _update(self, changed: list) -> None:
        matters = Matter.objects.in_bulk([matter_id for _, matter_id, _ in changed])
        for record, matter_id, values in changed:
            try:
                _new_version(matters[matter_id], values, self.user, self.note)
                self.outcome.updated.append(record.data["basic_code"])
            except DomainError as error:
                self.problems += files.locate_all(record, error.problems)


def _province_problems(source, province) -> list[Located]:
    top = source.top
    if top and top.get("province") != province.code:
        expected = f"{province.code}（{province.name}）"
        message = f"province 应为 {expected}，文件中为“{top.get('province')}”"
        return [Located(source.name, message, path="province")]
    return []


def preview_catalogue(province, path) -> Preview:
    """The dry run: pass 1 of ``import_catalogue`` alone, nothing written, nothing locked."""
    with files.open_source(path, "matters", CATALOGUE, ELEMENT_LABELS) as source:
        if files.structural(problems := _province_problems(source, province) + source.problems):
            return Preview(source.name, problems=problems)
        planner = Planner(province, source.first_keys())
        planner.check_all(source.records())
        return planner.preview(source.name, files.combine(source.read_problems(), planner.problems))


def import_catalogue(
    province, path, user: str = "", progress=None, expected: dict | None = None
) -> Outcome:
    """Import a catalogue file into ``province``; raises ImportFailed (nothing written).
    ``expected``: the preview's ``expected`` — refused if a matter changed since."""
    with files.open_source(path, "matters", CATALOGUE, ELEMENT_LABELS) as source:
        if files.structural(problems := _province_problems(source, province) + source.problems):
            raise ImportFailed(problems)
        # Plan and write in one transaction under a lock held until it ends (also when the
        # caller's transaction is the one: an import job records its outcome in it): a
        # concurrent import of this catalogue waits, then plans against what this one wrote.
        with transaction.atomic():
            locks.lock_for_transaction(f"import-catalogue:{province.schema_name}")
            return _plan_and_write(province, source, user, progress, expected)


def _plan_and_write(province, source, user: str, progress, expected) -> Outcome:
    """Pass 1 (validate everything), then pass 2 (write everything); the caller's transaction
    rolls back all of it on ImportFailed."""
    planner = Planner(province, source.first_keys())
    planner.check_all(source.records())
    if problems := files.combine(source.read_problems(), planner.problems):
        raise ImportFailed(problems)
    if expected is not None and (problems := planner.since_preview(expected, source.name)):
        raise ImportFailed(problems)
    outcome = Outcome(source.name)
    writer = Writer(planner, outcome, user, progress)
    writer.write(source.records())
    if writer.problems:
        raise ImportFailed(files.unique(writer.problems))  # rolls everything back
    return outcome
