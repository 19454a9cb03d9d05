"""Enum helpers (graphene 3 passes enum arguments as enum members)."""


def enum_value(value):
    """The plain value of an enum argument (None stays None)."""
    return getattr(value, "value", value)
