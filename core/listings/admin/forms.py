"""Forms of the implementation-list editor: claim a matter, edit an entry's local elements."""

from django import forms

from core.catalogue.admin import blocks as b
from core.catalogue.admin import fields as f
from core.domain import codes

from . import queries

# Problems about a compound element as a whole are shown on this field.
ALIASES = {"promised_limit": "promised_limit_value", "fee": "fee_charged", "result": "result_name"}


def _int_choices(values: dict) -> list[tuple[int, str]]:
    return list(values.items())


class ItemForm(f.ElementsForm):
    """Every local element of an entry (fixed elements come from the catalogue version)."""

    LIMITS = ("promised_limit",)
    LISTS = ("materials", "steps", "special_procedures", "faqs")
    LINES = ("aliases",)

    case_type = forms.ChoiceField(label="办件类型", choices=f.choices(codes.CASE_TYPES))
    visits = forms.TypedChoiceField(label="到办事现场次数", coerce=int,
                                    choices=_int_choices(codes.VISITS))  # fmt: skip
    onsite_reason = f.text("必须现场办理原因", help_text="到现场次数大于0时必填")
    online_depth = forms.TypedChoiceField(label="网上办理深度", coerce=int,
                                          choices=_int_choices(codes.ONLINE_DEPTHS))  # fmt: skip
    online_url = f.text("网上办理地址")
    windows = forms.MultipleChoiceField(label="办理窗口", required=False,
                                        widget=forms.CheckboxSelectMultiple)  # fmt: skip
    service_points = forms.MultipleChoiceField(
        label="便民服务点（乡镇、村居可办）", required=False, widget=forms.CheckboxSelectMultiple
    )
    consult_phone = f.text("咨询电话", help_text="带区号，如 0551-65301234")
    complaint_phone = f.text("监督投诉电话", help_text="带区号，且不能与咨询电话相同")
    hours = f.text("办理时间", help_text="不填则使用大厅的办公时间")
    conditions = f.text("受理条件", area=True)
    materials = f.block(b.list_block(b.MaterialBlock(), "申请材料"))
    steps = f.block(b.list_block(b.StepBlock(), "办理流程"))
    special_procedures = f.block(b.list_block(b.SpecialProcedureBlock(), "特别程序"))
    faqs = f.block(b.list_block(b.FaqBlock(), "常见问题"))
    aliases = f.text("日常用语", area=True, help_text="每行一个，群众常用的说法")
    appointment = forms.BooleanField(label="支持预约", required=False)
    express = forms.BooleanField(label="支持物流快递", required=False)
    self_service = forms.BooleanField(label="支持自助终端", required=False)
    tongban = forms.ChoiceField(label="通办范围", required=False,
                                choices=[(t, t or "无") for t in codes.TONGBAN])  # fmt: skip

    SECTIONS = (
        ("时限与办件类型", ("promised_limit_value", "promised_limit_unit", "promised_limit_note",
                            "case_type")),
        ("办理方式", ("visits", "onsite_reason", "online_depth", "forms", "online_url",
                      "appointment", "express", "self_service", "tongban")),
        ("办理地点与咨询", ("windows", "service_points", "hours", "consult_phone",
                            "complaint_phone")),
        ("受理条件与申请材料", ("conditions", "materials")),
        ("办理流程", ("steps", "special_procedures")),
        ("收费", ("fee_charged", "fee_basis", "fee_items", "fee_online_payment")),
        ("审批结果", ("result_type", "result_name", "result_sample")),
        ("常见问题与日常用语", ("faqs", "aliases")),
    )  # fmt: skip

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.stored
        self.fields["windows"].choices = queries.window_choices(region, stored.get("windows") or [])
        self.fields["service_points"].choices = queries.service_point_choices(
            region, stored.get("service_points") or []
        )

    def sections(self):
        return [(title, [self[n] for n in names]) for title, names in self.SECTIONS]


f.add_fields(
    ItemForm,
    {
        **f.limit_fields("promised_limit", "承诺办结时限"),
        **f.result_fields(),
        **f.fee_fields(),
        # named like the element; a class attribute "forms" would shadow django.forms
        "forms": f.checkboxes("办理形式", codes.HANDLING_FORMS),
    },
)


class ClaimForm(forms.Form):
    """认领: a matter of the province's catalogue, a department of this region and a level."""

    matter = forms.ModelChoiceField(label="目录事项", queryset=None, empty_label="请选择事项")
    department = forms.ModelChoiceField(label="实施主体", queryset=None, empty_label="请选择部门")
    level = forms.ChoiceField(
        label="行使层级", choices=f.choices(codes.LEVELS),
        help_text="须为该事项在目录中允许的层级",
    )  # fmt: skip

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = queries.claimable_matters(region)
        self.fields["matter"].label_from_instance = _matter_label
        self.fields["department"].queryset = queries.departments(region)
        self.fields["department"].label_from_instance = lambda d: d.name
        self.fields["level"].initial = codes.REGION_EXERCISE_LEVEL.get(region.level)


def _matter_label(matter) -> str:
    version = matter.current_version
    allowed = "、".join(codes.LEVELS[c] for c in version.levels if c in codes.LEVELS)
    return f"{matter.basic_code} {version.name}（可由{allowed}实施）"
