"""Show a DomainError's problems on a form: each problem next to the field (or table cell) it
names, the rest above the form. Problem fields are paths such as ``materials[2].kind``."""

import re

from django import forms
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from core.domain.errors import Problem

_SEGMENT = re.compile(r"\[(\d+)\]|\.?([A-Za-z_]\w*)")


def split_path(path: str) -> list[str | int]:
    """``fee.items[0].name`` → ["fee", "items", 0, "name"]."""
    return [int(i) if i else name for i, name in _SEGMENT.findall(path or "")]


def form_field_for(form: forms.Form, segments: list, aliases: dict) -> tuple[str | None, list]:
    """The form field a problem path belongs to, and the rest of the path inside that field.

    Compound elements are split into fields named ``<element>_<key>`` (``fee_basis``);
    ``aliases`` maps an element named as a whole to the field showing it (``fee`` → ``fee_charged``).
    """
    if not segments:
        return None, []
    head, rest = str(segments[0]), segments[1:]
    if rest and isinstance(rest[0], str) and f"{head}_{rest[0]}" in form.fields:
        return f"{head}_{rest[0]}", rest[1:]
    if head in form.fields:
        return head, rest
    if head in aliases:
        return aliases[head], []
    return None, []


def _tree_insert(tree: dict, path: list, message: str) -> None:
    node = tree
    for key in path:
        node = node.setdefault("children", {}).setdefault(key, {})
    node.setdefault("messages", []).append(message)


def _block_error(block: blocks.Block, node: dict) -> ValidationError:
    messages = list(node.get("messages", []))
    children = node.get("children", {})
    if isinstance(block, blocks.ListBlock):
        errors = {}
        for key, sub in children.items():
            if isinstance(key, int):
                errors[key] = _block_error(block.child_block, sub)
            else:
                messages += _flatten(sub)
        return ListBlockValidationError(block_errors=errors, non_block_errors=messages)
    if isinstance(block, blocks.StructBlock):
        errors = {}
        for key, sub in children.items():
            if key in block.child_blocks:
                errors[key] = _block_error(block.child_blocks[key], sub)
            else:
                messages += _flatten(sub)
        return StructBlockValidationError(block_errors=errors, non_block_errors=messages)
    return ValidationError(messages + [m for sub in children.values() for m in _flatten(sub)])


def _flatten(node: dict) -> list[str]:
    return list(node.get("messages", [])) + [
        m for sub in node.get("children", {}).values() for m in _flatten(sub)
    ]


def attach_problems(form: forms.Form, problems: list[Problem], aliases: dict | None = None):
    """Add every problem to ``form`` as a field error (block cell errors for block fields);
    returns the problems no field shows, for a message above the form."""
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}  # an unbound form re-displayed with the domain's verdict
    unplaced, trees = [], {}
    for problem in problems:
        name, rest = form_field_for(form, split_path(problem.field), aliases or {})
        if name is None:
            unplaced.append(problem)
        elif isinstance(form.fields[name], blocks.BlockField):
            _tree_insert(trees.setdefault(name, {}), rest, problem.message)
        else:
            form.add_error(name, problem.message)
    for name, tree in trees.items():
        form.add_error(name, _block_error(form.fields[name].block, tree))
    return unplaced
