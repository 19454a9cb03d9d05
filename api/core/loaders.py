"""Per-request dataloaders (graphql-sync-dataloaders under DeferredExecutionContext).

A loader batches every ``load(key)`` made while one level of the query resolves into a single
``batch_load(keys)`` call; instances live on the request, so nothing is shared between requests.
"""

from graphql_sync_dataloaders import SyncDataLoader, SyncFuture

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode


class Loader:
    """Subclass and implement ``batch_load(keys) -> list`` (one value per key, same order)."""

    def __init__(self, context):
        self.context = context

    def batch_load(self, keys: list) -> list:
        raise NotImplementedError

    @classmethod
    def of(cls, info) -> SyncDataLoader:
        store = info.context.__dict__.setdefault("_api_loaders", {})
        if cls not in store:
            store[cls] = SyncDataLoader(cls(info.context).batch_load)
        return store[cls]

    @classmethod
    def load(cls, info, key):
        return cls.of(info).load(key)


def memo(info, name: str, build):
    """A value computed once per request (e.g. the region index)."""
    store = info.context.__dict__.setdefault("_api_memo", {})
    if name not in store:
        store[name] = build()
    return store[name]


def then(future, fn):
    """Apply ``fn`` to a loader result, keeping the loader's deferred dispatch."""
    if not isinstance(future, SyncFuture):
        return fn(future)
    if future.done():
        return fn(future.result())
    out = SyncFuture()
    out.deferred_callback = future.deferred_callback

    def done():
        try:
            out.set_result(fn(future.result()))
        except Exception as error:  # reported on the field by the execution context
            out.set_exception(error)

    future.add_done_callback(done)
    return out


def selects(info, field_name: str) -> bool:
    """Whether the field being resolved selects ``field_name`` directly (through fragments too)."""

    def within(selection_set) -> bool:
        for node in selection_set.selections if selection_set else ():
            if isinstance(node, FieldNode) and node.name.value == field_name:
                return True
            if isinstance(node, InlineFragmentNode) and within(node.selection_set):
                return True
            if isinstance(node, FragmentSpreadNode):
                fragment = info.fragments.get(node.name.value)
                if fragment is not None and within(fragment.selection_set):
                    return True
        return False

    return any(within(node.selection_set) for node in info.field_nodes)
