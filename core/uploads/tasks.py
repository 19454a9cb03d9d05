"""Celery tasks of large import jobs (queued with ``core.jobs.enqueue``: they run in the
uploading region's schema), and beat's reconciler of jobs left running by a dead worker."""

from celery import shared_task

from . import jobs, reconcile


@shared_task(name="uploads.preview_job", acks_late=True, ignore_result=True)
def preview_job(job_id: int) -> None:
    jobs.run_preview(job_id)


@shared_task(name="uploads.apply_job", acks_late=True, ignore_result=True)
def apply_job(job_id: int, user: str = "") -> None:
    jobs.run_apply(job_id, user)


@shared_task(name="uploads.reconcile_import_jobs", ignore_result=True)
def reconcile_import_jobs() -> dict:
    return reconcile.reconcile_all()
