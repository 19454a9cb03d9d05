"""Request-level GraphQL errors with a machine-readable ``extensions.code``."""

from graphql import GraphQLError


def api_error(code: str, message: str, **details) -> GraphQLError:
    """An error clients can branch on: ``extensions.code`` is stable, the message is Chinese."""
    return GraphQLError(message, extensions={"code": code, **details})
