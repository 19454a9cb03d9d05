"""What the sync inbox shows of one conflict: what the catalogue changed (base → theirs) and
what the county changed (base → ours), field by field, every difference marked.

A list element (materials, steps, FAQs) is shown row by row as ``merge_lists`` aligns it, each
row with its fields; the rows that need a decision carry a choice. "Ours" is the entry's current
value (the decision is applied to it, at the revision the page was rendered with).
"""

import difflib

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.catalogue.admin import blocks, display
from core.domain import codes

from .. import merge_lists

FIELD_LABELS = {
    "materials": {n: b.label for n, b in blocks.MaterialBlock().child_blocks.items()},
    "steps": {n: b.label for n, b in blocks.StepBlock().child_blocks.items()},
    "faqs": {n: b.label for n, b in blocks.FaqBlock().child_blocks.items()},
    "fee": {"charged": "是否收费", "basis": "收费依据", "items": "收费项目",
            "online_payment": "支持网上支付"},
    "result": {"type": "审批结果类型", "name": "审批结果名称", "sample": "结果样本"},
    "promised_limit": {"value": "时限", "unit": "单位", "note": "说明"},
}  # fmt: skip
FIELD_CODES = {"source": codes.MATERIAL_SOURCES}
EMPTY = "—"
# Below this similarity a new text is shown as rewritten as a whole, not character by character.
REWRITTEN = 0.4


def field_text(name: str, value) -> str:
    """One field of a row or of a compound element, as people read it."""
    if value in (None, "", [], {}):
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if name in FIELD_CODES:
        return f"{value} {FIELD_CODES[name].get(value, '')}".strip()
    if name == "limit":
        return display.limit_text(value)
    if name == "items" and isinstance(value, list):
        return "\n".join(f"{i}. {display.row_text(row)}" for i, row in enumerate(value, 1))
    return str(value)


def inline_diff(old: str, new: str) -> SafeString:
    """``new`` with what was inserted marked <ins> and what was removed from ``old`` <del>."""
    if old == new:
        return format_html("{}", new)
    if EMPTY in (old, new):
        return (
            format_html("<ins>{}</ins>", new) if new != EMPTY else format_html("<del>{}</del>", old)
        )
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    if matcher.ratio() < REWRITTEN:  # a rewrite: marking scattered characters would hide it
        return format_html("<ins>{}</ins>", new)
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            parts.append(("<del>{}</del>", old[i1:i2]))
        if op in ("insert", "replace"):
            parts.append(("<ins>{}</ins>", new[j1:j2]))
        if op == "equal":
            parts.append(("{}", new[j1:j2]))
    return format_html_join("", "{}", ((format_html(tpl, text),) for tpl, text in parts))


def _cell(base_text: str, text: str) -> dict:
    return {"html": inline_diff(base_text, text), "changed": text != base_text}


def field_rows(element: str, base, theirs, ours) -> list[dict]:
    """One row per field of a dict value (or one row for a plain value): the three texts,
    theirs and ours marked against base, and ``conflict`` where both changed differently."""
    values = (base, theirs, ours)
    if not any(isinstance(v, dict) for v in values):
        texts = [display.format_value(element, v) for v in values]
        return [_field_row(display.label(element), *texts)]
    labels = FIELD_LABELS.get(element, {})
    names = list(labels) + sorted(
        {k for v in values if isinstance(v, dict) for k in v} - set(labels)
    )
    rows = []
    for name in names:
        texts = [field_text(name, v.get(name) if isinstance(v, dict) else None) for v in values]
        if texts == [EMPTY] * 3:
            continue
        rows.append(_field_row(labels.get(name, name), *texts))
    return rows


def _field_row(label: str, base: str, theirs: str, ours: str) -> dict:
    return {
        "label": label, "base": base, "theirs": _cell(base, theirs), "ours": _cell(base, ours),
        "conflict": theirs != base and ours != base and theirs != ours,
    }  # fmt: skip


def conflict_view(conflict, item) -> dict:
    """Everything the inbox shows of one open conflict of ``item``."""
    element, ours = conflict.element, getattr(item, conflict.element)
    version = conflict.catalogue_version
    view = {
        "conflict": conflict, "element": element, "label": display.label(element),
        "version": version, "change_note": version.change_note,
        "is_list": merge_lists.is_list_element(element),
    }  # fmt: skip
    if view["is_list"]:
        aligned = merge_lists.slots(element, conflict.base, conflict.theirs, ours)
        view["rows"] = [_slot_view(element, n, slot) for n, slot in enumerate(aligned, 1)]
        view["needs_choice"] = merge_lists.conflicting(aligned)
    else:
        view["fields"] = field_rows(element, conflict.base, conflict.theirs, ours)
    return view


def _slot_view(element: str, number: int, slot) -> dict:
    name = next((row.get("name") or row.get("question") for row in (slot.ours, slot.theirs,
                 slot.base) if isinstance(row, dict)), "")  # fmt: skip
    auto = ""
    if not slot.conflict and slot.change != "未变":
        auto = "双方一致"
        if slot.ours == slot.base or slot.theirs == slot.base:
            auto = "采用目录" if slot.ours == slot.base else "保留本地"
    fields = field_rows(element, slot.base, slot.theirs, slot.ours)
    presence = [side is not None for side in (slot.base, slot.theirs, slot.ours)]
    shown = fields
    if all(presence):  # a row on every side: only the fields that changed, the rest counted
        shown = [f for f in fields if f["theirs"]["changed"] or f["ours"]["changed"]]
    return {
        "number": number, "name": name or EMPTY, "change": slot.change, "conflict": slot.conflict,
        "auto": auto, "changed": slot.change != "未变", "fields": shown,
        "unchanged_fields": len(fields) - len(shown), "presence": presence,
    }  # fmt: skip
