"""The life of an import job: accepted upload → preview → apply (or cancel).

Every step claims the job with a conditional update of its state, so a task delivered twice,
or a confirmation clicked twice, does the work once. The preview and the import are the
exchange's own functions (``kinds``); applying hands the import the state the preview compared
with (``Preview.expected``), so what changed since the preview is refused, not overwritten.
Progress of a running import is kept in the cache: the import's own transaction is not visible
to the page that polls it until it commits.
"""

import hashlib
import logging
import tempfile
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from core.catalogue.exchange.files import FORMATS
from core.catalogue.exchange.limits import MB
from core.catalogue.exchange.preview import Preview
from core.catalogue.exchange.problems import ImportFailed, Located
from core.domain.errors import DomainError
from core.jobs import enqueue
from tenants.models import Region

from . import lease
from .kinds import EXCHANGES
from .models import ImportJob

log = logging.getLogger(__name__)
State = ImportJob.State
CHANGED_FILE = "上传的文件在服务器上已被改动，请重新上传"


def accept(region, user, kind: str, upload) -> ImportJob:
    """Store an uploaded file for ``region`` after the checks that need no parsing."""
    name = Path(upload.name or "").name.strip()
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in FORMATS:
        raise DomainError("只支持 .json 和 .xlsx 文件")
    limit = settings.IMPORT_MAX_FILE_MB * MB
    if upload.size > limit:
        raise DomainError(
            f"文件过大（{upload.size / MB:.1f} MB），上限为 {settings.IMPORT_MAX_FILE_MB} MB，"
            "请分批导入"
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    job = ImportJob(
        kind=kind, region_id=region.pk, schema_name=region.schema_name, uploaded_by=user,
        file_name=name[:200], file_size=upload.size, sha256=digest.hexdigest(),
        background=upload.size > settings.IMPORT_INLINE_MAX_KB * 1024,
    )  # fmt: skip
    job.file.save(name, upload, save=False)
    job.save()
    return job


def start_preview(job: ImportJob) -> None:
    """Preview now (small files) or in a Celery task (large ones)."""
    from .tasks import preview_job

    if job.background:
        enqueue(preview_job, job.pk)
    else:
        run_preview(job.pk)


def start_apply(job: ImportJob, user: str) -> bool:
    """Apply now or in a task; False when the job is not (or no longer) waiting to be applied."""
    from .tasks import apply_job

    confirmed = ImportJob.objects.filter(pk=job.pk, state=State.PREVIEWED).update(
        state=State.APPLYING, apply_user=user, attempts=0, **lease.queued_values()
    )
    if not confirmed:
        return False
    if job.background:
        enqueue(apply_job, job.pk, user)
    else:
        run_apply(job.pk, user)
    return True


def cancel(job: ImportJob) -> bool:
    if not _claim(job.pk, [State.UPLOADED, State.PREVIEWED, State.INVALID], State.CANCELLED):
        return False
    job.file.delete(save=False)
    return True


def _claim(pk: int, states, new_state) -> bool:
    return bool(ImportJob.objects.filter(pk=pk, state__in=states).update(state=new_state))


@contextmanager
def local_copy(job: ImportJob):
    """The stored file as a local path with the clerk's file name (problems name it), checked
    against the digest taken on upload."""
    with tempfile.TemporaryDirectory(prefix="import-") as folder:
        path = Path(folder) / Path(job.file_name).name
        digest = hashlib.sha256()
        with job.file.open("rb") as source, open(path, "wb") as target:
            for chunk in iter(lambda: source.read(MB), b""):
                digest.update(chunk)
                target.write(chunk)
        if digest.hexdigest() != job.sha256:
            raise ImportFailed([Located(job.file_name, CHANGED_FILE)])
        yield path


def _region(job: ImportJob) -> Region:
    return Region.objects.get(pk=job.region_id, schema_name=job.schema_name)


def run_preview(pk: int) -> None:
    """The dry run of an uploaded file; the job ends PREVIEWED or INVALID (or FAILED). Run by
    whoever takes the job's lease: a task delivered twice previews once."""
    token = lease.acquire(pk, State.PREVIEWING)
    if token is None:
        return  # previewed already, or being previewed by another delivery of the task
    job = ImportJob.objects.get(pk=pk)
    try:
        with lease.heartbeat(pk, token, job.schema_name), local_copy(job) as path:
            preview = EXCHANGES[job.kind].preview(_region(job), path)
    except ImportFailed as failure:  # the file itself is refused (size, zip bomb, changed)
        preview = Preview(job.file_name, problems=failure.problems)
    except Exception:
        log.exception("preview of import job %s failed", pk)
        lease.finish(pk, token, State.FAILED, outcome="预览时发生内部错误，请稍后重试或联系管理员")
        raise
    state = State.INVALID if preview.problems else State.PREVIEWED
    total = len(preview.changes) + preview.unchanged
    if not lease.finish(pk, token, state, preview=preview.as_dict(), total=total, done=total):
        log.warning("import job %s was handed on while this run previewed it", pk)


def run_apply(pk: int, user: str = "") -> None:
    """Import a previewed file (the job was confirmed APPLYING by ``start_apply``): once, by
    whoever takes the job's lease first; the import and its APPLIED record commit together."""
    token = lease.acquire(pk)
    if token is None:
        return  # applied or failed already, or being applied by another delivery of the task
    job = ImportJob.objects.get(pk=pk)
    preview = Preview.from_dict(job.preview)
    key = progress_key(pk)

    def progress(done, total):
        cache.set(key, (done, total or job.total), 3600)

    apply = EXCHANGES[job.kind].apply
    try:
        # the heartbeat stops after the transaction has ended (it never waits for the row)
        with (
            lease.heartbeat(pk, token, job.schema_name),
            local_copy(job) as path,
            transaction.atomic(),
        ):
            outcome = apply(_region(job), path, user or job.apply_user, preview.expected, progress)
            applied = {"outcome": str(outcome), "done": job.total or 0}
            if not lease.finish(pk, token, State.APPLIED, **applied):
                raise lease.LeaseLost(pk)  # handed on meanwhile: roll this import back
    except lease.LeaseLost:
        log.warning("import job %s was handed on while this run applied it: rolled back", pk)
    except ImportFailed as failure:
        problems = [asdict(p) for p in failure.problems]
        lease.finish(pk, token, State.FAILED, problems=problems, outcome="导入失败，未写入任何数据")
    except Exception:
        log.exception("import job %s failed", pk)
        lease.finish(pk, token, State.FAILED, outcome="导入时发生内部错误，未写入任何数据")
        raise
    finally:
        cache.delete(key)


def progress_key(pk: int) -> str:
    return f"import-job-progress:{pk}"


def progress(job: ImportJob) -> tuple[int, int | None]:
    """(done, total) of a running import, else of the job's last step."""
    if job.state == State.APPLYING and (running := cache.get(progress_key(job.pk))):
        return running
    return job.done, job.total
