"""The checked-in contract: graphql/schema.graphql and the operations validated against it."""

import difflib
from pathlib import Path

from django.conf import settings

from graphql import print_schema, validate

SCHEMA_FILE = Path(settings.BASE_DIR) / "graphql" / "schema.graphql"


def printed_schema() -> str:
    from .schema import schema

    return print_schema(schema.graphql_schema) + "\n"


def schema_diff() -> str:
    """A unified diff from the checked-in file to the current schema ("" when up to date)."""
    stored = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    lines = difflib.unified_diff(
        stored.splitlines(keepends=True), printed_schema().splitlines(keepends=True),
        "graphql/schema.graphql (checked in)", "api.schema (current)",
    )  # fmt: skip
    return "".join(lines)


def operation_errors() -> dict[str, list[str]]:
    """Validation errors of every persisted operation, by file name (empty when all valid)."""
    from .core import persisted
    from .schema import schema

    found = {}
    for path in sorted(persisted.OPERATIONS_DIR.glob("*.graphql")):
        try:
            operation = persisted.load(path)
        except Exception as error:  # a syntax or naming error is reported, not raised
            found[path.name] = [str(error)]
            continue
        if errors := validate(schema.graphql_schema, operation.document):
            found[path.name] = [e.message for e in errors]
    return found
