"""The export download: the whole list or a selection, as xlsx or JSON."""

import tempfile
from pathlib import Path

from django.http import FileResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from wagtail.admin import messages

from ..kinds import EXCHANGES
from . import access
from .views import EXPORT_FORMS, home_url

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


class ExportView(View):
    def get(self, request, kind):
        access.require_kind(request, kind)
        form = EXPORT_FORMS[kind](request.GET)
        if not form.is_valid():
            messages.validation_error(request, "导出条件有误", form)
            return redirect(home_url(kind))
        fmt = form.cleaned_data["format"]
        exchange = EXCHANGES[kind]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        name = f"{request.tenant.name}{exchange.title}-{stamp}.{fmt}"
        handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        with tempfile.TemporaryDirectory(prefix="export-") as folder:
            path = Path(folder) / f"export.{fmt}"
            count = exchange.export(request.tenant, path, fmt, form.selection())
            handle.write(path.read_bytes())
        handle.seek(0)
        response = FileResponse(
            handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt]
        )
        response["X-Exported-Count"] = str(count)
        return response
