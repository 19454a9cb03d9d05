"""Search analytics (shared app, label ``analytics``): what citizens search for, what they find
and open; reports for region admins (``admin_views``). Callers use ``record``, ``click_token``
and ``record_opened``; nothing here ever raises into a search."""


def record(*args, **kwargs) -> str | None:
    """``recording.record``: record a search, return the id its result links carry (or None)."""
    from .recording import record as record_search

    return record_search(*args, **kwargs)


def click_token(search_id: str, position: int, implementation_code: str) -> str:
    from .links import click_token as token

    return token(search_id, position, implementation_code)


def record_opened(token: str) -> str | None:
    """``recording.record_opened``: the implementation code a valid token names (recorded)."""
    from .recording import record_opened as opened

    return opened(token)
