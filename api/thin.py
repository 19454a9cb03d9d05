"""The thin path: a persisted query's cached response, answered before graphene's view parses
the body, finds the document and checks the variables.

It answers only what the full view would answer from the response cache with the same bytes
and headers: a cacheable persisted query (``api.core.cache.CACHEABLE``), sent as a GET or a JSON
POST, compact output, no GraphiQL page, and no sign of a viewer (``Authorization``,
``X-Acting-Enterprise``, a session cookie) — cached responses never depend on one, but a
request that carries one always takes the full view. Anything else, and every miss, falls
through to the full view (which reuses the lookup: no second Redis round trip).
"""

import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from .core import cache as response_cache
from .core import persisted
from .core.config import setting

# Request attribute: the lookup a miss left for the full view (key, stamps read).
LOOKUP = "_api_lookup"
VIEWER_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_X_ACTING_ENTERPRISE")


def answer(view, request, host: str, header: str) -> HttpResponse | None:
    """The cached response, or None to let the full view handle the request."""
    params = _params(view, request)
    if params is None:
        return None
    operation, operation_name, variables = params
    key, text, read = response_cache.find(operation.sha256, host, operation_name, variables)
    if text is None:
        if key is not None:
            setattr(request, LOOKUP, (key, read))
        return None
    response = HttpResponse(f'{{"data":{text}}}', content_type="application/json")
    response[header] = text.outcome
    # a request with a session cookie takes the full view: shared caches must tell them apart
    patch_vary_headers(response, ("Cookie",))
    return response


def _params(view, request):
    """(operation, operationName, variables) of a request the thin path may answer, else None."""
    if not setting("GRAPHQL_RESPONSE_CACHE") or view.pretty or request.GET.get("pretty"):
        return None
    if any(name in request.META for name in VIEWER_HEADERS):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    data = _body(view, request)
    if data is None or (view.graphiql and view.can_display_graphiql(request, data)):
        return None
    operation = _operation(request, data)
    if operation is None or not response_cache.cacheable(operation.id):
        return None
    operation_name = request.GET.get("operationName") or data.get("operationName")
    if operation_name == "null":
        operation_name = None
    if operation_name not in (None, operation.id):
        return None
    variables = request.GET.get("variables") or data.get("variables")
    if variables and isinstance(variables, str):
        try:
            variables = json.loads(variables)
        except ValueError:
            return None
    if variables is not None and not isinstance(variables, dict):
        return None
    return operation, operation_name, variables


def _body(view, request) -> dict | None:
    if request.method == "GET":
        return {}
    if request.method != "POST" or view.get_content_type(request) != "application/json":
        return None
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _operation(request, data: dict):
    """The persisted operation named by ``id``. Any ``extensions`` falls through: the full view
    parses them even beside an id (invalid JSON there is a 400)."""
    if request.GET.get("extensions") or data.get("extensions"):
        return None
    key = request.GET.get("id") or data.get("id")
    if not key or not isinstance(key, str):
        return None
    return persisted.find(key)
