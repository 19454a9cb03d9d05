"""The /graphql/ endpoint: persisted operations, limits, introspection switch, dataloaders."""

import json

from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from graphene_django.views import GraphQLView, HttpError
from graphql.error import GraphQLSyntaxError

from graphql import (
    ExecutionResult,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
)
from graphql import validate as graphql_validate

from .core import limits, persisted
from .core.config import setting
from .core.errors import api_error
from .core.execution import ExecutionContext
from .core.introspection import NoIntrospection

# Validation results of persisted documents, keyed by (hash, introspection allowed).
_validated: dict[tuple[str, bool], list] = {}


def _rules(introspection: bool) -> list:
    return list(specified_rules) if introspection else [*specified_rules, NoIntrospection]


def _persisted_key(request, data) -> str | None:
    """The operation id or hash a client sent, if any."""
    key = request.GET.get("id") or data.get("id")
    extensions = request.GET.get("extensions") or data.get("extensions") or {}
    if isinstance(extensions, str):
        try:
            extensions = json.loads(extensions)
        except ValueError as error:
            raise HttpError(HttpResponseBadRequest("extensions 不是有效的 JSON")) from error
    return key or (extensions.get("persistedQuery") or {}).get("sha256Hash")


class APIView(GraphQLView):
    execution_context_class = ExecutionContext

    def dispatch(self, request, *args, **kwargs):
        self.graphiql = setting("GRAPHQL_GRAPHIQL")
        return super().dispatch(request, *args, **kwargs)

    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        introspection = setting("GRAPHQL_INTROSPECTION")
        key = _persisted_key(request, data)
        if key:
            operation = persisted.find(key)
            if operation is None:
                return ExecutionResult(errors=[api_error(
                    "PERSISTED_OPERATION_NOT_FOUND",
                    f"未找到持久化操作“{key}”；可用的操作见 graphql/operations", id=key,
                )])  # fmt: skip
            document, cache_key = operation.document, (operation.sha256, introspection)
        else:
            if not query:
                if show_graphiql:
                    return None
                raise HttpError(HttpResponseBadRequest("请提供 query 或持久化操作 id"))
            if error := limits.check_size(query):
                return ExecutionResult(errors=[error])
            operation = persisted.find(persisted.sha256(query))
            if operation is None and setting("GRAPHQL_REQUIRE_PERSISTED"):
                return ExecutionResult(errors=[api_error(
                    "PERSISTED_OPERATION_REQUIRED",
                    "本环境只接受持久化操作：请发送 graphql/operations 中操作的 id 或 sha256",
                )])  # fmt: skip
            try:
                document = operation.document if operation else parse(query)
            except GraphQLSyntaxError as error:
                return ExecutionResult(errors=[error])
            cache_key = (operation.sha256, introspection) if operation else None
        return self._run(request, document, cache_key, variables, operation_name, introspection)

    def _run(self, request, document, cache_key, variables, operation_name, introspection):
        schema = self.schema.graphql_schema
        operation_ast = get_operation_ast(document, operation_name)
        if (
            request.method.lower() == "get"
            and operation_ast is not None
            and operation_ast.operation != OperationType.QUERY
        ):
            raise HttpError(HttpResponseNotAllowed(["POST"], "变更操作只能通过 POST 发送"))
        errors = _validated.get(cache_key) if cache_key else None
        if errors is None:
            errors = graphql_validate(schema, document, _rules(introspection))
            if cache_key:
                _validated[cache_key] = errors
        if not errors:
            errors = limits.check_limits(schema, document, operation_name, variables)
        if errors:
            return ExecutionResult(data=None, errors=errors)
        try:
            return execute(
                schema, document, context_value=request, variable_values=variables,
                operation_name=operation_name, execution_context_class=self.execution_context_class,
            )  # fmt: skip
        except Exception as error:  # same as graphene's view: report, do not crash
            return ExecutionResult(errors=[error])
