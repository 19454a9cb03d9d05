"""Execution context for per-request dataloaders.

graphql-sync-dataloaders 0.1.1 calls ``handle_field_error(error, return_type)`` without the
``path`` argument graphql-core 3.2.14 requires; without this shim any resolver error turns the
whole response into a 400 "missing 1 required positional argument".
"""

from graphql_sync_dataloaders import DeferredExecutionContext

from graphql import is_non_null_type


class ExecutionContext(DeferredExecutionContext):
    def handle_field_error(self, error, return_type, path=None):
        if path is not None:
            return super().handle_field_error(error, return_type, path)
        if is_non_null_type(return_type):
            raise error
        # No position known: keep the error (skipping the nulled-position bookkeeping).
        self.collected_errors.errors.append(error)
        return None
