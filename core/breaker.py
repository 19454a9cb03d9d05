"""A circuit breaker: after a failure, skip a service for a cool-down instead of waiting on it.

Shared by every thread of a process (cache handlers and search backends are per thread). While
open, ``allow()`` is False and callers take their fallback at once; after the cool-down the next
call tries the service again (and re-opens the breaker if it still fails)."""

import logging
import threading
import time

log = logging.getLogger(__name__)


class CircuitBreaker:
    def __init__(self, name: str, cooldown: float):
        self.name = name
        self.cooldown = cooldown
        self._open_until = 0.0
        self._lock = threading.Lock()

    def allow(self) -> bool:
        return time.monotonic() >= self._open_until

    @property
    def is_open(self) -> bool:
        return self._open_until > 0.0

    def failed(self) -> None:
        with self._lock:
            if not self.is_open:
                log.warning(
                    "%s unavailable: using the fallback for %.0f s", self.name, self.cooldown
                )
            self._open_until = time.monotonic() + self.cooldown

    def succeeded(self) -> None:
        if self.is_open:
            with self._lock:
                self._open_until = 0.0
            log.warning("%s available again", self.name)


_breakers: dict[str, CircuitBreaker] = {}
_registry_lock = threading.Lock()


def breaker(name: str, cooldown: float) -> CircuitBreaker:
    """The process's breaker for ``name`` (one per service address)."""
    with _registry_lock:
        if name not in _breakers:
            _breakers[name] = CircuitBreaker(name, cooldown)
        return _breakers[name]
