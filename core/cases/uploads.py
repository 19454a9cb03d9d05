"""Material uploads: type and size limits, stored in the private case storage.

Files go through Django's storage API, alias ``case_files`` (``STORAGES`` in settings: a private
local directory in development, any storage backend, e.g. S3-compatible, in production). They
are never given a public URL: ``core.cases.views_files`` streams a file after checking that the
requester is the applicant or a handler of the case's department.

Types are checked twice: by extension and by the file's first bytes (a renamed executable is
refused), sizes before anything is stored.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection

from core.domain.errors import DomainError, Problem

from .models import CaseFile

# extension → (content type, magic bytes at the start)
TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "ofd": ("application/ofd", (b"PK\x03\x04",)),  # 版式文档 (GB/T 33190), a zip container
}
FILES_PER_MATERIAL = 5


def max_bytes() -> int:
    return getattr(settings, "CASE_UPLOAD_MAX_MB", 10) * 1024 * 1024


def storage():
    return storages["case_files"]


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check(upload, field: str = "file") -> tuple[str, str]:
    """(extension, content type) of an acceptable upload; else a DomainError naming the file."""
    name = getattr(upload, "name", "") or ""
    ext = _extension(name)
    if ext not in TYPES:
        raise DomainError([Problem(field, f"文件“{name}”的类型不允许，只接受 "
                                          f"{'、'.join(sorted(TYPES))}")])  # fmt: skip
    if upload.size > max_bytes():
        mb = getattr(settings, "CASE_UPLOAD_MAX_MB", 10)
        raise DomainError([Problem(field, f"文件“{name}”超过 {mb} MB")])
    if upload.size == 0:
        raise DomainError([Problem(field, f"文件“{name}”是空文件")])
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type, magics = TYPES[ext]
    if not any(head.startswith(magic) for magic in magics):
        raise DomainError([Problem(field, f"文件“{name}”的内容与扩展名 .{ext} 不符")])
    return ext, content_type


def check_all(uploads_by_material: dict[str, list]) -> None:
    """Check a whole form's uploads (count per material, then each file) before any is stored:
    a refused form leaves nothing behind. Every problem is named by its material."""
    problems = []
    for material, files in uploads_by_material.items():
        field = f"materials.{material}"
        if len(files) > FILES_PER_MATERIAL:
            problems.append(Problem(field, f"“{material}”最多上传{FILES_PER_MATERIAL}个文件"))
            continue
        for upload in files:
            try:
                check(upload, field)
            except DomainError as error:
                problems.extend(error.problems)
    if problems:
        raise DomainError(problems)


def save(upload, ext: str, folder: str = "") -> tuple[str, str]:
    """Store an already checked upload in the region's part of the private storage:
    (storage name, sha256)."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    prefix = f"{connection.schema_name}/{folder}/" if folder else f"{connection.schema_name}/"
    return storage().save(f"{prefix}{uuid.uuid4().hex}.{ext}", upload), digest.hexdigest()


def store(upload, owner_person_id: int, material: str = "", field: str = "file") -> CaseFile:
    """Check and store one upload of a signed-in person (not yet attached to a case)."""
    ext, content_type = check(upload, field)
    stored, sha256 = save(upload, ext)
    return CaseFile.objects.create(
        material=material[:200], owner_person_id=owner_person_id, storage_name=stored,
        original_name=(upload.name or "")[-200:], content_type=content_type, size=upload.size,
        sha256=sha256,
    )  # fmt: skip


def open_file(stored) -> object:
    """A stored file (CaseFile or ResultDocument: anything with ``storage_name``), for reading."""
    return storage().open(stored.storage_name, "rb")
