"""Fixtures the attack tests share with the cms and exchange tests."""

from tests.cms.conftest import eager_tasks, publish  # noqa: F401
from tests.exchange.conftest import catalogue_sample, listing_sample  # noqa: F401
