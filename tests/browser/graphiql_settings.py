"""Test settings with GraphiQL on (it is off outside DEBUG): the offline GraphiQL check."""

from core.settings.test import *  # noqa: F403

GRAPHQL_GRAPHIQL = True
