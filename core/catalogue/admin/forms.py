"""Forms of the catalogue editor: a version's fixed elements and recommended defaults."""

from django import forms

from core.domain import codes

from . import blocks as b
from . import fields as f

LIFE_EVENTS = [*codes.LIFE_EVENTS["person"], *codes.LIFE_EVENTS["legal"]]

# Problems about a compound element as a whole are shown on this field.
ALIASES = {"themes": "themes_person", "statutory_limit": "statutory_limit_value",
           "fee": "fee_charged", "result": "result_name"}  # fmt: skip


class VersionForm(f.ElementsForm):
    """Every element of a catalogue version: fixed elements, then defaults for local elements."""

    LIMITS = ("statutory_limit",)
    LISTS = ("legal_basis", "materials", "steps", "faqs")
    LINES = ("aliases",)
    COMPOUND_PREFIXES = ("themes_",)

    name = f.text("事项名称")
    type = forms.ChoiceField(label="事项类型", choices=f.choices(codes.MATTER_TYPES, "—"),
                             required=False)  # fmt: skip
    levels = f.checkboxes("允许的行使层级", codes.LEVELS)
    department = f.text("主管部门")
    service_objects = f.checkboxes("服务对象", codes.SERVICE_OBJECTS)
    themes_person = f.checkboxes("自然人主题", codes.PERSON_THEMES)
    themes_legal = f.checkboxes("法人主题", codes.LEGAL_THEMES)
    life_events = f.checkboxes("一件事", LIFE_EVENTS)
    legal_basis = f.block(b.list_block(b.LegalBasisBlock(), "设定依据"))
    aliases = f.text("日常用语", area=True, help_text="每行一个，如“办营业执照”")
    description = f.text("事项说明", area=True)
    status = forms.ChoiceField(label="事项状态", choices=f.choices(codes.STATUSES))
    effective_date = f.date("计划生效日期")
    cancel_date = f.date("计划取消日期")
    case_type = forms.ChoiceField(label="办件类型（推荐）", choices=f.choices(codes.CASE_TYPES))
    conditions = f.text("受理条件（推荐）", area=True)
    materials = f.block(b.list_block(b.MaterialBlock(), "申请材料（推荐）"))
    steps = f.block(b.list_block(b.StepBlock(), "办理流程（推荐）"))
    faqs = f.block(b.list_block(b.FaqBlock(), "常见问题（推荐）"))
    change_note = forms.CharField(
        label="变更说明", required=False, max_length=500, widget=f.TEXTAREA,
        help_text="本版本改了什么、为什么改（如“依据新修订的《食品经营许可和备案管理办法》调整申请材料”）。"
                  "提交审核和发布时必填，认领该事项的市县在同步收件箱中看到这段说明。",
    )  # fmt: skip

    SECTIONS = (
        ("基本信息", ("name", "type", "levels", "department", "status", "effective_date",
                      "cancel_date", "description", "aliases")),
        ("服务对象与主题", ("service_objects", "themes_person", "themes_legal", "life_events")),
        ("设定依据", ("legal_basis",)),
        ("法定办结时限", ("statutory_limit_value", "statutory_limit_unit", "statutory_limit_note")),
        ("推荐的清单要素（市县认领时的默认值）", (
            "case_type", "conditions", "materials", "steps", "result_type", "result_name",
            "result_sample", "fee_charged", "fee_basis", "fee_items", "fee_online_payment",
            "faqs")),
        ("变更说明", ("change_note",)),
    )  # fmt: skip

    def initial_from(self, values: dict) -> dict:
        initial = super().initial_from(values)
        themes = values.get("themes") or {}
        initial["themes_person"] = themes.get("person") or []
        initial["themes_legal"] = themes.get("legal") or []
        return initial

    def rebuilt(self) -> dict:
        values = super().rebuilt()
        data = self.cleaned_data
        values["themes"] = {"person": data["themes_person"], "legal": data["themes_legal"]}
        return values

    def sections(self):
        """(title, bound fields) per section, for the template."""
        sections = [(title, [self[n] for n in names if n in self.fields])
                    for title, names in self.SECTIONS]  # fmt: skip
        return [(title, fields) for title, fields in sections if fields]


f.add_fields(
    VersionForm,
    {**f.limit_fields("statutory_limit", "法定办结时限"), **f.result_fields(), **f.fee_fields()},
)


class NewMatterForm(VersionForm):
    """A new locally-set matter: its 基本编码 and version 1."""

    basic_code = forms.CharField(
        label="基本编码", max_length=12, required=False,
        help_text="12位：省份前缀（如34）+ 事项类型代码 + 5位主项编码 + 000/00Y/001–999",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["change_note"]  # version 1: 首次发布

    def sections(self):
        first_title, first = super().sections()[0]
        return [(first_title, [self["basic_code"], *first]), *super().sections()[1:]]

    def plain_names(self):
        return [n for n in super().plain_names() if n != "basic_code"]


class RejectForm(forms.Form):
    note = forms.CharField(label="退回意见", required=False, max_length=500)
