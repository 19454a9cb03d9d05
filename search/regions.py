"""Kept only for ``search.backends.base``, which imports ``Scope`` from here: the region scope
lives in ``core.domain.scope`` (one rule for search, the API and the portal)."""

from core.domain.scope import Scope

__all__ = ["Scope"]
