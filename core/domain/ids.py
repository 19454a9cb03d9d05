"""Ids given as text (form fields, headers, query strings)."""


def parse_id(value) -> int | None:
    """``value`` as a positive-or-zero int id, or None when it is not plain ASCII digits:
    ``'²'.isdigit()`` and ``'١'.isdigit()`` are true, but ``int()`` refuses or misreads them."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None
