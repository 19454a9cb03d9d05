"""Wagtail blocks for the list-valued elements (materials, legal basis, steps, fees, FAQs).

They give editors a real form (add, remove, reorder rows) instead of JSON, and convert between
the domain's plain JSON values and block values without changing untouched data, so that a
saved-but-unchanged entry still equals the catalogue default in a three-way merge.
"""

import datetime

from wagtail import blocks

from core.domain import codes


def _choices(values) -> list[tuple[str, str]]:
    if isinstance(values, dict):
        return [(key, f"{key} {label}") for key, label in values.items()]
    return [(value, value) for value in values]


class LimitBlock(blocks.StructBlock):
    value = blocks.IntegerBlock(label="时限", required=False, min_value=0)
    unit = blocks.ChoiceBlock(
        label="单位", choices=_choices(codes.LIMIT_UNITS), default="工作日", required=False
    )

    class Meta:
        label = "环节时限"
        form_classname = "struct-block w-grid-cols-2"


class LegalBasisBlock(blocks.StructBlock):
    law = blocks.CharBlock(label="法律法规名称", required=False)
    number = blocks.CharBlock(label="依据文号", required=False)
    article = blocks.CharBlock(label="条款号", required=False)
    content = blocks.TextBlock(label="条款内容", required=False)
    issuer = blocks.CharBlock(label="颁布机关", required=False)
    effective_date = blocks.DateBlock(label="实施日期", required=False)

    class Meta:
        label = "依据条款"
        icon = "doc-full"


class MaterialBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="材料名称", required=False)
    situation = blocks.CharBlock(
        label="办理情形", required=False, help_text="仅在某种情形下需要时填写，如“委托代理”"
    )
    kind = blocks.ChoiceBlock(label="材料类型", choices=_choices(codes.MATERIAL_KINDS),
                              default="原件", required=False)  # fmt: skip
    form = blocks.ChoiceBlock(label="材料形式", choices=_choices(codes.MATERIAL_FORMS),
                              default="纸质", required=False)  # fmt: skip
    original_copies = blocks.IntegerBlock(label="原件份数", default=1, min_value=0, required=False)
    copies = blocks.IntegerBlock(label="复印件份数", default=0, min_value=0, required=False)
    required = blocks.ChoiceBlock(label="必要性", choices=_choices(codes.MATERIAL_REQUIRED),
                                  default="必要", required=False)  # fmt: skip
    source = blocks.ChoiceBlock(label="来源渠道", choices=_choices(codes.MATERIAL_SOURCES),
                                default="10", required=False)  # fmt: skip
    source_note = blocks.CharBlock(label="来源说明", required=False)
    paper_size = blocks.CharBlock(label="纸张规格", required=False)
    notes = blocks.TextBlock(label="填报须知", required=False)
    e_license = blocks.BooleanBlock(label="可由电子证照替代", required=False)

    class Meta:
        label = "材料"
        icon = "doc-empty"


class StepBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="环节名称", required=False)
    limit = LimitBlock(label="时限")
    description = blocks.TextBlock(label="说明", required=False)

    class Meta:
        label = "环节"
        icon = "list-ol"


class SpecialProcedureBlock(StepBlock):
    counted = blocks.BooleanBlock(label="计入法定办结时限", required=False)

    class Meta:
        label = "特别程序"
        icon = "warning"


class FeeItemBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="收费项目名称", required=False)
    standard = blocks.CharBlock(label="收费标准", required=False)
    basis = blocks.CharBlock(label="收费依据", required=False)
    reducible = blocks.BooleanBlock(label="允许减免", required=False)
    reduction_basis = blocks.CharBlock(label="减免依据", required=False)

    class Meta:
        label = "收费项目"
        icon = "form"


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="问题", required=False)
    answer = blocks.TextBlock(label="解答", required=False)

    class Meta:
        label = "常见问题"
        icon = "help"


def list_block(child: blocks.Block, label: str) -> blocks.ListBlock:
    return blocks.ListBlock(child, label=label, required=False, collapsed=True)


def to_block_value(block: blocks.ListBlock, rows: list | None):
    """Domain rows (list of dicts) → the block's native value, for a form's initial data."""
    return block.to_python(list(rows or []))


def from_block_value(block: blocks.ListBlock, value) -> list[dict]:
    """A cleaned block value → domain rows (plain JSON), normalised per row type."""
    rows = [block.child_block.get_prep_value(child) for child in value]
    return [_normalise(block.child_block, row) for row in rows]


def _json(value):
    """Block values hold dates; the domain stores ISO strings."""
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    return value.isoformat() if isinstance(value, datetime.date) else value


def _normalise(child: blocks.Block, row: dict) -> dict:
    row = _json(row)
    if isinstance(child, MaterialBlock):
        row["situation"] = row.get("situation") or None
    if isinstance(child, StepBlock):
        limit = row.pop("limit", None) or {}
        if limit.get("value") is not None:
            row["limit"] = limit
    return row
