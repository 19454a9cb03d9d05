"""Limits on what one request may ask for: document size, aliases, depth and cost.

Cost estimates the objects an operation returns: an object field costs 1 plus the cost of its
selection (scalars are free; the document size limit bounds them); the edges of a connection
cost that times ``first`` (default 20); any other list of objects that times ``LIST_FACTOR``.
Introspection fields are not counted (it is switched off in production).
"""

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    IntValueNode,
    OperationDefinitionNode,
    get_named_type,
    get_operation_ast,
    is_object_type,
    value_from_ast,
)

from .config import DEFAULT_PAGE_SIZE, setting
from .errors import api_error

LIST_FACTOR = 5


def check_size(query: str) -> GraphQLError | None:
    size, limit = len(query.encode("utf-8")), setting("GRAPHQL_MAX_DOCUMENT_BYTES")
    if size > limit:
        return api_error("DOCUMENT_TOO_LARGE", f"查询文本为 {size} 字节，超过上限 {limit} 字节",
                         size=size, limit=limit)  # fmt: skip
    return None


def count_aliases(document: DocumentNode) -> int:
    count = 0

    def walk(selection_set):
        nonlocal count
        for node in selection_set.selections if selection_set else ():
            if isinstance(node, FieldNode) and node.alias:
                count += 1
            walk(getattr(node, "selection_set", None))

    for definition in document.definitions:
        walk(getattr(definition, "selection_set", None))
    return count


class _Walker:
    """Depth and cost of one operation, following fragments (validation rejected cycles)."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict):
        self.schema, self.variables = schema, variables or {}
        self.read_variables = False  # whether a page size came from a variable
        self.fragments = {d.name.value: d for d in document.definitions
                          if isinstance(d, FragmentDefinitionNode)}  # fmt: skip

    def selection(self, selection_set, parent_type, depth: int, page=None) -> tuple[int, int]:
        cost, deepest = 0, depth
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                c, d = self.field(node, parent_type, depth, page)
            else:
                fragment = node
                if isinstance(node, FragmentSpreadNode):
                    fragment = self.fragments[node.name.value]
                condition = fragment.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent_type
                c, d = self.selection(fragment.selection_set, target, depth, page)
            cost, deepest = cost + c, max(deepest, d)
        return cost, deepest

    def field(self, node: FieldNode, parent_type, depth: int, page) -> tuple[int, int]:
        name = node.name.value
        if name.startswith("__") or not hasattr(parent_type, "fields"):
            return 0, depth
        definition = parent_type.fields[name]
        if not node.selection_set:
            return 0, depth + 1
        child_cost, child_depth = self.selection(
            node.selection_set, get_named_type(definition.type), depth + 1,
            self.page_size(node, definition),
        )  # fmt: skip
        return self.factor(definition, parent_type, page) * (1 + child_cost), child_depth

    def page_size(self, node: FieldNode, definition) -> int | None:
        """``first`` of a paginated field (its default when absent), else None."""
        if "first" not in definition.args:
            return None
        argument = next((a for a in node.arguments if a.name.value == "first"), None)
        value = None
        if argument is not None:
            self.read_variables |= not isinstance(argument.value, IntValueNode)
            value = value_from_ast(argument.value, definition.args["first"].type, self.variables)
        return max(1, value or DEFAULT_PAGE_SIZE)

    @staticmethod
    def factor(definition, parent_type, page) -> int:
        """How many objects a field returns: a page of edges, an estimate for other lists."""
        field_type = definition.type
        if isinstance(field_type, GraphQLNonNull):
            field_type = field_type.of_type
        if not (isinstance(field_type, GraphQLList) and is_object_type(get_named_type(field_type))):
            return 1
        if page and parent_type.name.endswith("Connection"):
            return page
        return LIST_FACTOR


def measure(schema, document, operation_name=None, variables=None) -> tuple[int, int]:
    """(cost, depth) of the operation that will run."""
    return _measured(schema, document, operation_name, variables)[:2]


def _measured(schema, document, operation_name, variables) -> tuple[int, int, bool]:
    """(cost, depth, whether they depend on the variables)."""
    operation: OperationDefinitionNode | None = get_operation_ast(document, operation_name)
    if operation is None:
        return 0, 0, False
    root = schema.get_root_type(operation.operation)
    walker = _Walker(schema, document, variables)
    cost, depth = walker.selection(operation.selection_set, root, 0)
    return cost, depth, walker.read_variables


# (aliases, cost, depth) of persisted documents whose measure does not depend on variables,
# keyed by the document (persisted documents live as long as the process).
_persisted_measures: dict[tuple[int, str | None], tuple[int, int, int]] = {}


def _measures(schema, document, operation_name, variables, persisted: bool):
    key = (id(document), operation_name)
    if persisted and key in _persisted_measures:
        return _persisted_measures[key]
    cost, depth, variable = _measured(schema, document, operation_name, variables)
    found = (count_aliases(document), cost, depth)
    if persisted and not variable:
        _persisted_measures[key] = found
    return found


def check_limits(
    schema, document, operation_name=None, variables=None, persisted=False
) -> list[GraphQLError]:
    """Every limit the operation breaks, each as an error naming the value and the limit.
    ``persisted``: the document is a persisted one (its measure is kept when it can be)."""
    errors = []
    aliases, cost, depth = _measures(schema, document, operation_name, variables, persisted)
    max_aliases = setting("GRAPHQL_MAX_ALIASES")
    if aliases > max_aliases:
        errors.append(api_error("TOO_MANY_ALIASES", f"查询使用了 {aliases} 个别名，超过上限 {max_aliases}",
                                aliases=aliases, limit=max_aliases))  # fmt: skip
    if depth > (max_depth := setting("GRAPHQL_MAX_DEPTH")):
        errors.append(api_error("QUERY_TOO_DEEP", f"查询嵌套深度为 {depth}，超过上限 {max_depth}",
                                depth=depth, limit=max_depth))  # fmt: skip
    if cost > (max_cost := setting("GRAPHQL_MAX_COST")):
        message = f"查询估算成本为 {cost}，超过上限 {max_cost}；请减少字段或 first 的值"
        errors.append(api_error("QUERY_TOO_COSTLY", message, cost=cost, limit=max_cost))
    return errors
