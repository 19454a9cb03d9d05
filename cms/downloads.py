"""Downloads of a guide's attachments (空白表格、示例样表) under the names citizens expect.

Wagtail serves a document under its storage name (``申请表_x7Qp2aB.docx`` after a name clash)
and PDFs inline; a citizen saving 「居民身份证申领登记表（空白）」 should get exactly that file
name. The file name is sent per RFC 6266 with an RFC 5987 ``filename*`` (UTF-8, percent-encoded)
and a plain ASCII ``filename`` for old clients.
"""

import os
import re
from urllib.parse import quote

from django.http import FileResponse, Http404
from wagtail.coreutils import string_to_ascii

from .guide_page import GuideAttachment

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_NOT_TOKEN = re.compile(r"[^A-Za-z0-9._-]+")
MAX_STEM = 100


def download_name(title: str, stored_name: str) -> str:
    """The attachment's title with the stored file's extension: ``登记表（空白）.docx``."""
    extension = os.path.splitext(stored_name)[1].lower()
    stem = _UNSAFE.sub(" ", title).strip(" .")[:MAX_STEM] or "附件"
    if extension and stem.lower().endswith(extension):
        return stem
    return stem + extension


def content_disposition(filename: str) -> str:
    """``attachment; filename="ascii"; filename*=UTF-8''…`` (RFC 6266 §4.3, RFC 5987)."""
    stem, extension = os.path.splitext(filename)
    fallback = _NOT_TOKEN.sub("-", string_to_ascii(stem)).strip("-.") or "download"
    return (
        f'attachment; filename="{fallback}{_NOT_TOKEN.sub("", extension)}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )


def _published_attachment(request, document_id: int) -> GuideAttachment:
    """The attachment of a live guide holding the document (editors may also fetch the files
    of the revision they preview)."""
    rows = GuideAttachment.objects.filter(document_id=document_id).select_related("document")
    if not request.user.has_perm("wagtailadmin.access_admin"):
        rows = rows.filter(page__live=True)
    found = rows.order_by("pk").first()
    if found is None:
        raise Http404("附件不存在，或所在的办事指南未发布")
    if found.document.collection.get_view_restrictions().exists():
        raise Http404("附件不公开")
    return found


def attachment(request, document_id: int, name: str):
    """The file itself as a download; ``name`` in the URL is cosmetic (the header decides)."""
    found = _published_attachment(request, document_id)
    document = found.document
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("附件文件缺失，请联系实施部门") from error
    response = FileResponse(handle, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition(
        download_name(found.title, document.filename)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
