"""The result document of 办结: the 决定书 or licence scan staff attach, or one the platform
generates (准予许可决定书 / 不予许可决定书, PDF) when they attach none.

An attached file passes the same checks as material uploads (type by extension and first
bytes, size). It is stored in the private case storage and streamed only to the applicant
(portal, ``/cases/<number>/result/``) and the case's handlers (admin).
"""

from django.core.files.base import ContentFile

from . import notices, states, uploads
from .models import Case, ResultDocument

FIELD = "result_file"


def check(upload) -> tuple[str, str] | None:
    """(extension, content type) of an acceptable result upload (None: nothing attached)."""
    return None if upload is None else uploads.check(upload, FIELD)


def _generated(case: Case, base_url: str) -> tuple[ContentFile, str, str]:
    kind = "approval" if case.state == states.APPROVED else "denial"
    title = notices.KINDS[kind][0]
    pdf = ContentFile(notices.render_pdf(case, kind, base_url), name=f"{title}.pdf")
    return pdf, title, f"{title}-{case.number}.pdf"


def attach(case: Case, actor: str, upload=None, checked=None, base_url: str = "") -> ResultDocument:
    """Store the result document of a case just completed (inside its transaction).

    The caller deletes the stored file if the transaction fails (``discard``)."""
    if upload is not None:
        ext, content_type = checked or check(upload)
        title, original = "结果文书", (upload.name or f"result.{ext}")[-200:]
        content, generated = upload, False
    else:
        content, title, original = _generated(case, base_url)
        ext, content_type, generated = "pdf", "application/pdf", True
    stored, sha256 = uploads.save(content, ext, folder="results")
    return ResultDocument.objects.create(
        case=case, title=title, storage_name=stored, original_name=original,
        content_type=content_type, size=content.size, sha256=sha256, generated=generated,
        added_by=actor,
    )  # fmt: skip


def discard(document: ResultDocument | None) -> None:
    if document is not None:
        uploads.storage().delete(document.storage_name)


def of(case: Case) -> ResultDocument | None:
    return ResultDocument.objects.filter(case=case).first()
