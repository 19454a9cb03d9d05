"""System checks of the search configuration."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_prepared_statements_alone(app_configs, **kwargs):
    """Search's connections plan prepared statements generically (``search.prepared``): that
    must stay limited to search's own statements, which it is only while Django binds
    parameters on the client (psycopg's server-side binding prepares every repeated query)."""
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.SEARCH_PREPARED_STATEMENTS and options.get("server_side_binding"):
        return [
            Error(
                "SEARCH_PREPARED_STATEMENTS with server_side_binding: every repeated ORM query "
                "would be prepared and run a generic plan.",
                hint="Set SEARCH_PREPARED_STATEMENTS=False or remove server_side_binding.",
                id="search.E001",
            )
        ]
    return []
