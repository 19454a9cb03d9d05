"""The /graphql/ endpoint: persisted operations, limits, introspection switch, dataloaders."""

import json
import logging
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from graphene_django.views import GraphQLView, HttpError
from graphql.error import GraphQLSyntaxError

from graphql import (
    ExecutionResult,
    GraphQLError,
    OperationType,
    StringValueNode,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
)
from graphql import validate as graphql_validate
from tenants.middleware import has_control_characters

from . import thin
from .core import cache as response_cache
from .core import dependencies, limits, persisted
from .core.config import setting
from .core.errors import api_error
from .core.execution import ExecutionContext
from .core.introspection import NoIntrospection

log = logging.getLogger(__name__)

# Response header telling whether the response cache answered (hit) or was filled (miss).
CACHE_HEADER = "X-API-Cache"

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


def _strings(value, path: str):
    """(path, text) of every string inside a variables value (dicts, lists, nested)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, path)
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _control_characters(document, variables) -> GraphQLError | None:
    """A typed error when an argument (variable or inline string) holds a control character."""
    found = [path for path, text in _strings(variables or {}, "") if has_control_characters(text)]
    if not found and document is not None:
        found = ["query" for node in _string_nodes(document) if has_control_characters(node.value)]
    if not found:
        return None
    return api_error("INVALID_CHARACTERS", f"参数 {found[0]} 含有不允许的控制字符（如 NUL），请删除后重试",
                     argument=found[0])  # fmt: skip


def _string_nodes(node):
    if isinstance(node, StringValueNode):
        yield node
        return
    for key in getattr(node, "keys", ()):
        child = getattr(node, key, None)
        for item in child if isinstance(child, tuple | list) else (child,):
            if hasattr(item, "kind"):
                yield from _string_nodes(item)


def _masked(error):
    """The error a client sees: ours (GraphQLError with a code) as is; anything unexpected as a
    generic message with an id to find the logged detail (never the raw exception text)."""
    original = getattr(error, "original_error", error)
    if isinstance(error, GraphQLError) and (original is None or isinstance(original, GraphQLError)):
        return error
    error_id = uuid.uuid4().hex[:12]
    log.error("GraphQL error %s: %r", error_id, original, exc_info=original)
    masked = api_error("INTERNAL_ERROR", "服务暂时出错，请稍后再试", errorId=error_id)
    if isinstance(error, GraphQLError):
        masked.locations, masked.path = error.locations, error.path
    return masked


def _origin_allowed(request) -> bool:
    """No Origin (a server or app client), the request's own host, or a configured origin."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    allowed = {o.rstrip("/").lower() for o in getattr(settings, "GRAPHQL_ALLOWED_ORIGINS", [])}
    return urlsplit(origin).netloc == request.get_host() or origin.rstrip("/").lower() in allowed


def _mutation_refused(request) -> GraphQLError | None:
    """Mutations only as JSON from an allowed origin: a browser form on another site can post
    form-encoded bodies anywhere, but not JSON without a CORS preflight this API never grants."""
    if request.content_type != "application/json":
        return api_error("MUTATION_REQUIRES_JSON",
                         "变更操作只能以 JSON 发送（Content-Type: application/json）")  # fmt: skip
    if not _origin_allowed(request):
        return api_error("ORIGIN_NOT_ALLOWED",
                         f"不接受来自 {request.headers.get('Origin')} 的变更请求")  # fmt: skip
    return None


def _host(request) -> str:
    """The tenant the request was routed to: defaults (region arguments) depend on it."""
    tenant = getattr(request, "tenant", None)
    return getattr(tenant, "schema_name", None) or "public"


# graphene decorates its dispatch with ensure_csrf_cookie, so every JSON answer would carry a
# fresh CSRF cookie (a random secret and its masking: a fifth of a cache hit's CPU) and
# `Vary: Cookie`. Nothing here reads it: the endpoint is csrf_exempt (mutations are refused
# unless sent as JSON from an allowed origin, ``_mutation_refused``), and the GraphiQL page sets
# its cookie itself through its {% csrf_token %}. So the undecorated dispatch is called.
_dispatch_without_csrf_cookie = GraphQLView.dispatch.__wrapped__


class APIView(GraphQLView):
    execution_context_class = ExecutionContext
    graphiql_template = "api/graphiql.html"  # local assets (`make vendor`), never a CDN

    def dispatch(self, request, *args, **kwargs):
        self.graphiql = setting("GRAPHQL_GRAPHIQL")
        if (response := thin.answer(self, request, _host(request), CACHE_HEADER)) is not None:
            return response
        response = _dispatch_without_csrf_cookie(self, request, *args, **kwargs)
        if getattr(request, "_api_forbidden", False):
            response.status_code = 403
        if outcome := getattr(request, "_api_cache", None):
            response[CACHE_HEADER] = outcome
        return response

    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        result = self._execute_request(
            request, data, query, variables, operation_name, show_graphiql
        )
        if result is not None and result.errors:
            result.errors = [_masked(error) for error in result.errors]
        return result

    def _execute_request(self, request, data, query, variables, operation_name, show_graphiql):
        introspection = setting("GRAPHQL_INTROSPECTION")
        key = _persisted_key(request, data)
        if key:
            operation = persisted.find(key)
            if operation is None:
                return ExecutionResult(errors=[api_error(
                    "PERSISTED_OPERATION_NOT_FOUND",
                    f"未找到持久化操作“{key}”；可用的操作见 graphql/operations", id=key,
                )])  # fmt: skip
            document = operation.document
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
        return self._run(request, document, operation, variables, operation_name, introspection)

    def _run(self, request, document, operation, variables, operation_name, introspection):
        if error := _control_characters(None if operation else document, variables):
            return ExecutionResult(errors=[error])
        schema = self.schema.graphql_schema
        operation_ast = get_operation_ast(document, operation_name)
        if (
            request.method.lower() == "get"
            and operation_ast is not None
            and operation_ast.operation != OperationType.QUERY
        ):
            raise HttpError(HttpResponseNotAllowed(["POST"], "变更操作只能通过 POST 发送"))
        mutation = operation_ast is not None and operation_ast.operation == OperationType.MUTATION
        if mutation and (refused := _mutation_refused(request)):
            request._api_forbidden = True
            return ExecutionResult(errors=[refused])
        cache_key = (operation.sha256, introspection) if operation else None
        errors = _validated.get(cache_key) if cache_key else None
        if errors is None:
            errors = graphql_validate(schema, document, _rules(introspection))
            if cache_key:
                _validated[cache_key] = errors
        if errors:
            return ExecutionResult(data=None, errors=errors)
        query = operation_ast is not None and operation_ast.operation == OperationType.QUERY
        if operation and query and response_cache.cacheable(operation.id):
            return self._cached(request, operation, schema, document, variables, operation_name)
        return self._limited(request, schema, document, variables, operation_name)

    def _cached(self, request, operation, schema, document, variables, operation_name):
        """A persisted query's response from the cache (it passed the limits when it was
        computed), else executed and cached when it has no errors (an error may be transient)."""
        key, text, read = self._lookup(request, operation, operation_name, variables)
        request._api_cache = "miss" if text is None else text.outcome
        if text is not None:
            return ExecutionResult(data=text)
        if key is None:  # the cache is unavailable
            return self._limited(request, schema, document, variables, operation_name)
        with dependencies.collecting(read) as collected:
            dependencies.depends_on(dependencies.EVERY_RESPONSE)
            result = self._limited(request, schema, document, variables, operation_name)
        if not result.errors and result.data is not None:
            response_cache.store(key, collected, result.data)
        return result

    @staticmethod
    def _lookup(request, operation, operation_name, variables):
        """The thin path's lookup when it missed on this very key, else a new one."""
        host = _host(request)
        key = response_cache.response_key(operation.sha256, host, operation_name, variables)
        if (left := getattr(request, thin.LOOKUP, None)) is not None and left[0] == key:
            return key, None, left[1]
        return response_cache.find(operation.sha256, host, operation_name, variables)

    def _limited(self, request, schema, document, variables, operation_name):
        persisted_document = id(document) in persisted.document_ids()
        if errors := limits.check_limits(
            schema, document, operation_name, variables, persisted=persisted_document
        ):
            return ExecutionResult(data=None, errors=errors)
        return self._execute(request, schema, document, variables, operation_name)

    def json_encode(self, request, d, pretty=False):
        """Compact UTF-8 JSON; a cached response's data is already JSON text
        (``response_cache.CachedData``)."""
        data = d.get("data") if isinstance(d, dict) else None
        compact = not (self.pretty or pretty or request.GET.get("pretty"))
        if isinstance(data, response_cache.CachedData):
            if list(d) == ["data"] and compact:
                return f'{{"data":{data}}}'
            d = {**d, "data": json.loads(data)}
        if compact:  # UTF-8 rather than \uXXXX escapes: a third smaller for Chinese text
            return response_cache.encode(d)
        return super().json_encode(request, d, pretty)

    def _execute(self, request, schema, document, variables, operation_name):
        try:
            return execute(
                schema, document, context_value=request, variable_values=variables,
                operation_name=operation_name, execution_context_class=self.execution_context_class,
            )  # fmt: skip
        except Exception as error:  # same as graphene's view: report, do not crash
            return ExecutionResult(errors=[error])
