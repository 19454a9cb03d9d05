"""Celery tasks of large import jobs (queued with ``core.jobs.enqueue``: they run in the
uploading region's schema)."""

from celery import shared_task

from . import jobs


@shared_task(name="uploads.preview_job", acks_late=True, ignore_result=True)
def preview_job(job_id: int) -> None:
    jobs.run_preview(job_id)


@shared_task(name="uploads.apply_job", acks_late=True, ignore_result=True)
def apply_job(job_id: int, user: str) -> None:
    jobs.run_apply(job_id, user)
