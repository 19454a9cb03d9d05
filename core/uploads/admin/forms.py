"""Forms of the import/export pages: the upload, and the selection of an export."""

from django import forms

from core.catalogue.exchange.files import FORMATS
from core.domain import codes
from core.listings.admin import queries
from core.listings.models import ImplementationItem

FORMAT_CHOICES = [("xlsx", "Excel（.xlsx）"), ("json", "JSON")]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="导入文件", help_text="由本页导出后修改的 .xlsx 或 .json 文件（格式见填写说明）",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.json"}),
    )  # fmt: skip


def _all(choices) -> list:
    return [("", "全部"), *choices]


class ExportForm(forms.Form):
    format = forms.ChoiceField(label="格式", choices=FORMAT_CHOICES, initial="xlsx")
    type = forms.ChoiceField(label="事项类型", required=False,
                             choices=_all(codes.MATTER_TYPES.items()))  # fmt: skip
    q = forms.CharField(label="编码或名称包含", required=False, max_length=60)

    def selection(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "format" and v}

    def clean_format(self):
        value = self.cleaned_data["format"]
        if value not in FORMATS:
            raise forms.ValidationError("只支持 xlsx 和 JSON")
        return value


class CatalogueExportForm(ExportForm):
    status = forms.ChoiceField(label="事项状态", required=False,
                               choices=_all((s, s) for s in codes.STATUSES))  # fmt: skip
    department = forms.CharField(label="主管部门包含", required=False, max_length=60)


class ListingExportForm(ExportForm):
    department = forms.TypedChoiceField(label="实施主体", required=False, coerce=int,
                                        empty_value=None)  # fmt: skip
    state = forms.ChoiceField(label="状态", required=False,
                              choices=_all(ImplementationItem.State.choices))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = _all(
            (d.pk, d.short_name or d.name) for d in queries.departments()
        )
