"""Execution context for per-request dataloaders, with hooks completing objects of given types
(``object_completers``: the guide body memo, api.guide.body).

graphql-sync-dataloaders 0.1.1 calls ``handle_field_error(error, return_type)`` without the
``path`` argument graphql-core 3.2.14 requires; without this shim any resolver error turns the
whole response into a 400 "missing 1 required positional argument".
"""

from graphql_sync_dataloaders import DeferredExecutionContext

from graphql import is_non_null_type

# GraphQL type name → (applies(context, type, value), complete(context, type, nodes, path, value)).
object_completers: dict = {}


class ExecutionContext(DeferredExecutionContext):
    def complete_object_value(self, return_type, field_nodes, info, path, result):
        hook = object_completers.get(return_type.name)
        if hook and return_type.is_type_of is None and hook[0](self, return_type, result):
            return hook[1](self, return_type, field_nodes, path, result)
        return super().complete_object_value(return_type, field_nodes, info, path, result)

    def handle_field_error(self, error, return_type, path=None):
        if path is not None:
            return super().handle_field_error(error, return_type, path)
        if is_non_null_type(return_type):
            raise error
        # No position known: keep the error (skipping the nulled-position bookkeeping).
        self.collected_errors.errors.append(error)
        return None
