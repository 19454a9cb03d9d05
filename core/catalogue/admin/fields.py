"""Form fields for compound elements (time limits, fees, results, word lists) shared by the
catalogue and implementation-list editors, with conversions to and from the domain's values.

A compound element ``x`` is shown as fields ``x_<key>``; ``ElementsForm.elements()`` rebuilds the
domain value and keeps the stored value when nothing of substance changed.
"""

from django import forms
from wagtail.admin.widgets import AdminDateInput
from wagtail.blocks import BlockField

from core.domain import codes

from . import blocks as b

TEXTAREA = forms.Textarea(attrs={"rows": 3})
LINES_HELP = "每行一个"


def choices(values, blank: str | None = None) -> list[tuple]:
    items = (
        [(k, f"{k} {v}") for k, v in values.items()]
        if isinstance(values, dict)
        else [(v, v) for v in values]
    )
    return ([("", blank)] if blank is not None else []) + items


def checkboxes(label: str, values, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices(values), required=False, help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


def text(label: str, area=False, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=TEXTAREA if area else None
    )


def date(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=AdminDateInput)


def block(list_block) -> BlockField:
    return BlockField(block=list_block, required=False, label=list_block.label)


def limit_fields(name: str, label: str) -> dict:
    return {
        f"{name}_value": forms.IntegerField(
            label=f"{label}（数值）", required=False, min_value=0, help_text="即办填 0"
        ),
        f"{name}_unit": forms.ChoiceField(
            label=f"{label}（单位）", choices=choices(codes.LIMIT_UNITS), required=False
        ),
        f"{name}_note": text(f"{label}说明"),
    }


def fee_fields() -> dict:
    return {
        "fee_charged": forms.BooleanField(label="是否收费", required=False),
        "fee_basis": text("收费依据", area=True),
        "fee_items": block(b.list_block(b.FeeItemBlock(), "收费项目")),
        "fee_online_payment": forms.BooleanField(label="支持网上支付", required=False),
    }


def result_fields() -> dict:
    return {
        "result_type": forms.ChoiceField(
            label="审批结果类型", choices=choices(codes.RESULT_TYPES, "—"), required=False
        ),
        "result_name": text("审批结果名称"),
        "result_sample": text("结果样本", help_text="样本文件名或地址"),
    }


def add_fields(form_class, fields: dict) -> None:
    """Add generated fields to a form class (and to the classes that later subclass it)."""
    form_class.declared_fields.update(fields)
    form_class.base_fields.update(fields)


def _prune(value):
    """A value without its empty parts: two values with the same substance compare equal."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in ("", None, [], {}, False)}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


class ElementsForm(forms.Form):
    """A form over a dict of domain elements; subclasses add fields and say which are compound."""

    LIMITS: tuple[str, ...] = ()
    LISTS: tuple[str, ...] = ()  # block fields holding a list element
    LINES: tuple[str, ...] = ()  # word lists edited one per line
    COMPOUND_PREFIXES: tuple[str, ...] = ()  # further compound fields a subclass rebuilds

    def __init__(self, *args, elements: dict | None = None, **kwargs):
        self.stored = dict(elements or {})
        kwargs.setdefault("initial", self.initial_from(self.stored))
        super().__init__(*args, **kwargs)

    def initial_from(self, values: dict) -> dict:
        initial = dict(values)
        for name in self.LIMITS:
            limit = values.get(name) or {}
            for key in ("value", "unit", "note"):
                initial[f"{name}_{key}"] = limit.get(key)
        for name in self.LISTS:
            initial[name] = b.to_block_value(self.base_fields[name].block, values.get(name))
        for name in self.LINES:
            initial[name] = "\n".join(values.get(name) or [])
        fee = values.get("fee") or {}
        initial.update({f"fee_{k}": fee.get(k) for k in ("charged", "basis", "online_payment")})
        if "fee_items" in self.base_fields:
            initial["fee_items"] = b.to_block_value(
                self.base_fields["fee_items"].block, fee.get("items")
            )
        result = values.get("result") or {}
        initial.update({f"result_{k}": result.get(k) or "" for k in ("type", "name", "sample")})
        return initial

    def rebuilt(self) -> dict:
        """Domain values of every element the form edits (from cleaned data)."""
        data = self.cleaned_data
        values = {n: data[n] for n in self.plain_names()}
        for name in self.LIMITS:
            values[name] = {"value": data[f"{name}_value"], "unit": data[f"{name}_unit"] or "工作日",
                            "note": data[f"{name}_note"]}  # fmt: skip
        for name in self.LISTS:
            values[name] = b.from_block_value(self.fields[name].block, data[name])
        for name in self.LINES:
            values[name] = [line.strip() for line in data[name].splitlines() if line.strip()]
        if "fee_charged" in data:
            values["fee"] = {
                "charged": data["fee_charged"], "basis": data["fee_basis"],
                "items": b.from_block_value(self.fields["fee_items"].block, data["fee_items"]),
                "online_payment": data["fee_online_payment"],
            }  # fmt: skip
        if "result_type" in data:
            values["result"] = {k: data[f"result_{k}"] for k in ("type", "name", "sample")}
        return values

    def plain_names(self) -> list[str]:
        """Fields that hold one element each (not parts of a compound element)."""
        parts = {f"{n}_{k}" for n in self.LIMITS for k in ("value", "unit", "note")}
        prefixes = ("fee_", "result_", *self.COMPOUND_PREFIXES)
        return [n for n in self.fields if n not in parts and not n.startswith(prefixes)]

    def elements(self) -> dict:
        """Like ``rebuilt`` but keeping the stored value of elements whose substance is unchanged."""
        values = self.rebuilt()
        return {
            name: self.stored[name]
            if name in self.stored and _prune(self.stored[name]) == _prune(value)
            else value
            for name, value in values.items()
        }
