"""A guide's body: the part of a Guide's response that is a function of its projection row alone,
kept per row content so an unchanged guide is not resolved field by field again.

A GuideDetail resolves ~280 fields; graphql-core spends ~10–30 µs on each (resolve info, value
completion), half of an uncached request. Most of them only read the row's payload, so their
result can be reused for as long as the row is unchanged. Rows read by ``guide`` and ``guides``
carry ``body_hash``, the md5 of the whole row computed by PostgreSQL (``with_body_hash``): any
write of any column gives another key, whoever made it.

Only fields listed in ``ROW_PURE`` (recursively: every field selected below them too) are
reused; everything else — the matter, the rating summary, 服务对象 labels (province settings),
a region's departments or counts — is resolved on every request and merged in the selection's
order. Only persisted operations use the memo (their documents live as long as the process, so
their nodes identify a selection); the memo is per process, bounded, least recently used first.
``GRAPHQL_GUIDE_BODY_MEMO = False`` switches it off.
"""

import threading
from collections import OrderedDict

from django.conf import settings
from django.db.models.expressions import RawSQL

from graphql import FieldNode, FragmentSpreadNode, GraphQLObjectType, InlineFragmentNode
from graphql import get_named_type as named

from ..core import execution, persisted
from ..core.loaders import then

BODY_HASH = "body_hash"
MAX_BODIES = 1000

_ALL = None  # every field of the type
# GraphQL type → fields whose value depends on the row (and static code lists) alone.
ROW_PURE: dict[str, frozenset | None] = {
    "Region": frozenset({"code", "fullCode", "name", "slug", "level", "parent", "ancestors"}),
    **dict.fromkeys(
        ["Code", "TimeLimit", "Theme", "OnlineDepth", "Material", "Step", "SpecialProcedure",
         "FeeItem", "Fee", "LegalBasis", "Faq", "Attachment", "Result", "Window", "ServicePoint",
         "GuideDepartment"], _ALL,
    ),
}  # fmt: skip
# Guide fields that read something besides the row: never reused.
GUIDE_IMPURE = frozenset({"matter", "ratingSummary", "serviceObjects"})


def with_body_hash(queryset):
    """Guide rows with the md5 of their whole row (the body memo's key)."""
    table = queryset.model._meta.db_table
    return queryset.annotate(**{BODY_HASH: RawSQL(f'md5("{table}"::text)', [])})


def enabled() -> bool:
    return bool(getattr(settings, "GRAPHQL_GUIDE_BODY_MEMO", True))


class _Memo:
    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


bodies = _Memo(MAX_BODIES)
_plans: dict[tuple, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def applies(context, return_type, result) -> bool:
    return (
        return_type.name == "Guide"
        and getattr(result, BODY_HASH, None) is not None
        and id(context.operation) in persisted.operation_node_ids()
        and enabled()
    )


def complete(context, return_type: GraphQLObjectType, field_nodes, path, result):
    """The Guide's fields: the reusable ones from the memo (computed once per row content and
    selection), the others resolved now."""
    fields = context.collect_subfields(return_type, field_nodes)
    reusable, fresh = _plan(context, return_type, field_nodes, fields)
    # The collected keys stand for the variables' effect on the selection (@include, @skip).
    key = (id(field_nodes[0]), tuple(fields), result.pk, getattr(result, BODY_HASH))
    body = bodies.get(key)
    if body is None:
        errors = len(context.collected_errors.errors)
        body = context.execute_fields(return_type, result, path, {k: fields[k] for k in reusable})
        if isinstance(body, dict) and len(context.collected_errors.errors) == errors:
            bodies.put(key, body)
    rest = context.execute_fields(return_type, result, path, {k: fields[k] for k in fresh})
    return then(body, lambda done: then(rest, lambda more: _merged(fields, done, more)))


def _merged(fields: dict, body: dict, rest: dict) -> dict:
    return {k: body[k] if k in body else rest[k] for k in fields if k in body or k in rest}


def _plan(context, return_type, field_nodes, fields) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(response keys reused, response keys resolved each time), once per selection."""
    plan_key = (id(field_nodes[0]), len(field_nodes), tuple(fields))
    plan = _plans.get(plan_key)
    if plan is None:
        reusable = tuple(k for k, nodes in fields.items() if _guide_field_pure(context, nodes))
        plan = _plans[plan_key] = (reusable, tuple(k for k in fields if k not in reusable))
    return plan


def _guide_field_pure(context, nodes) -> bool:
    name = nodes[0].name.value
    if name in GUIDE_IMPURE:
        return False
    guide_type = context.schema.get_type("Guide")
    return all(_selection_pure(context, guide_type, node) for node in nodes)


def _selection_pure(context, parent_type, node: FieldNode) -> bool:
    """Whether the field and everything selected below it reads only the row."""
    if node.name.value == "__typename":
        return True
    field = parent_type.fields.get(node.name.value)
    if field is None:
        return False
    if node.selection_set is None:
        return True
    target = named(field.type)
    return _set_pure(context, target, node.selection_set, ROW_PURE.get(target.name, frozenset()))


def _set_pure(context, target, selection_set, allowed) -> bool:
    for child in selection_set.selections:
        if isinstance(child, FieldNode):
            name = child.name.value
            if name != "__typename" and allowed is not _ALL and name not in allowed:
                return False
            if not _selection_pure(context, target, child):
                return False
        else:
            fragment = child
            if isinstance(child, FragmentSpreadNode):
                fragment = context.fragments[child.name.value]
            elif not isinstance(child, InlineFragmentNode):
                return False
            if not _set_pure(context, target, fragment.selection_set, allowed):
                return False
    return True


execution.object_completers["Guide"] = (applies, complete)
