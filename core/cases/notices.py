"""Printable notices (受理通知书, 不予受理通知书, 补正告知书) as PDF with WeasyPrint.

Each carries the case number and a QR code of the progress page (number prefilled; the 查询码 is
printed, never put in the URL). Chinese text needs a CJK font on the machine (fonts-noto-cjk,
installed by scripts/ensure_pdf_tools.sh, which ``make test`` runs).
"""

import segno
from django.template.loader import render_to_string
from django.utils import timezone

from core.domain.errors import DomainError, Problem

from . import states
from .models import Case, CaseMaterial

KINDS = {
    "acceptance": ("受理通知书", {states.PROCESSING, states.SUSPENDED, *states.FINISHED}),
    "rejection": ("不予受理通知书", {states.REJECTED}),
    "supplement": ("补正告知书", None),  # whenever a notice was issued
    # generated result documents of 办结 when staff attach none (core.cases.results)
    "approval": ("准予许可决定书", {states.APPROVED}),
    "denial": ("不予许可决定书", {states.DENIED}),
}


def progress_url(base_url: str, number: str) -> str:
    return f"{base_url.rstrip('/')}/cases/progress/?number={number}"


def qr_svg(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=4, border=2)


def context(case: Case, kind: str, base_url: str) -> dict:
    title, allowed = KINDS[kind]
    notice = getattr(case, "supplement_notice", None)
    if (allowed is None and notice is None) or (allowed is not None and case.state not in allowed):
        raise DomainError(
            [Problem("kind", f"办件 {case.number} 当前为“{case.state_label}”，没有{title}")]
        )
    url = progress_url(base_url, case.number)
    tolerated = case.materials.filter(status=CaseMaterial.Status.TOLERATED)
    return {
        "title": title, "kind": kind, "case": case, "notice": notice, "url": url,
        "qr": qr_svg(url), "today": timezone.localdate(),
        "tolerated": list(tolerated.values_list("name", flat=True)),
        "materials": case.materials.all(),
    }  # fmt: skip


def render_pdf(case: Case, kind: str, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("cases/notices/notice.html", context(case, kind, base_url))
    return HTML(string=html).write_pdf()
