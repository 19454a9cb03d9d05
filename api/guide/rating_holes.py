"""Rating summaries as holes of cached responses (``api.core.holes``): a rating makes a cached
GuideDetail or Guides response patched — its summaries recomputed, one query — not executed."""

from functools import cache

from graphql.pyutils import Path

from graphql import ExecutionContext, FieldNode, parse, print_ast

from ..core import dependencies, holes
from ..core.cache import encode
from ..rating.loaders import RatingSummaries

KIND = "rating"


def record(info, implementation_code: str) -> None:
    """The summary being resolved is a hole when its selection can be completed on its own
    (plain fields only: no fragments, arguments, directives or variables)."""
    stamp = dependencies.rating(implementation_code)
    nodes = info.field_nodes
    if len(nodes) == 1 and _plain(nodes[0].selection_set):
        selection = print_ast(nodes[0].selection_set)
        holes.record(info.path.as_list(), stamp, KIND, (implementation_code, selection))
    else:
        holes.unpatchable(stamp)


def _plain(selection_set) -> bool:
    return all(
        isinstance(node, FieldNode) and not node.arguments and not node.directives
        and (node.selection_set is None or _plain(node.selection_set))
        for node in selection_set.selections
    )  # fmt: skip


def patch(args: list[tuple[str, str]]) -> list[str]:
    """The JSON text of each (实施编码, selection)'s current summary (one query for all)."""
    codes = list(dict.fromkeys(code for code, _ in args))
    summaries = dict(zip(codes, RatingSummaries(None).batch_load(codes), strict=True))
    return [encode(_complete(summaries[code], selection)) for code, selection in args]


def _complete(summary: dict, selection: str) -> dict:
    """The summary as the selection shows it, completed by graphql-core as an execution does."""
    schema, summary_type, node, document = _selection(selection)
    context = ExecutionContext.build(schema, document)
    fields = context.collect_subfields(summary_type, [node])
    data = context.execute_fields(summary_type, summary, Path(None, "ratingSummary", None), fields)
    if context.collected_errors.errors:  # never stored half: the lookup becomes a miss
        raise context.collected_errors.errors[0]
    return data


@cache
def _selection(selection: str):
    from api.schema import schema  # the schema imports this package's types

    document = parse("{ ratingSummary " + selection + " }")
    node = document.definitions[0].selection_set.selections[0]
    graphql_schema = schema.graphql_schema
    return graphql_schema, graphql_schema.get_type("RatingSummary"), node, document


holes.patchers[KIND] = patch
