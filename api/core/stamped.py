"""Values kept per process for as long as the stamps guarding their data are unchanged.

For reads that cost a query on every execution but change rarely (a catalogue matter): the
value is stored with the values of its stamps (``api.core.dependencies``: its own, and those
every response depends on) and reused while a read of those stamps — one Redis round trip, or
none when the response being cached has read them already — finds the same values.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

from . import dependencies


class StampedMemo:
    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def load(self, keys: list, names_of: Callable[[object], Iterable[str]], query) -> list:
        """The value of each key: kept ones whose stamps are unchanged, the others from
        ``query(missing_keys) -> {key: value}`` (a key it leaves out has the value None)."""
        names = {key: (*dependencies.EVERY_RESPONSE, *names_of(key)) for key in dict.fromkeys(keys)}
        current = dependencies.current({name for found in names.values() for name in found})
        versions = {
            key: tuple(current[name] for name in found) if current is not None else None
            for key, found in names.items()
        }
        values, missing = {}, []
        for key, version in versions.items():
            entry = self._get((key, version)) if version is not None else None
            if entry is None:
                missing.append(key)
            else:
                values[key] = entry[0]
        if missing:
            fresh = query(missing)
            for key in missing:
                values[key] = fresh.get(key)
                if versions[key] is not None:
                    self._put((key, versions[key]), (values[key],))
        return [values[key] for key in keys]

    def _get(self, key):
        with self.lock:
            entry = self.items.get(key)
            if entry is not None:
                self.items.move_to_end(key)
            return entry

    def _put(self, key, entry) -> None:
        with self.lock:
            self.items[key] = entry
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
