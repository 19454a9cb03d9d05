"""Helpers of the cms tests: publish demo entries the way the platform does (signals on commit,
projection jobs run eagerly in the sender's schema)."""

import pytest
from django_tenants.utils import schema_context

from core.celery import app
from core.listings import services as listings
from tests.factories import listing_entry

ID_CARD = "000713002000"  # 居民身份证申领、换领、补领 (蜀山, 公安局)
FOOD_LICENCE = "000131106000"  # 食品经营许可 (蜀山, 市场监管局)
TRANSFER = "000718001002"  # 不动产转移登记 (置业)
FUND_WITHDRAWAL = "002021001000"  # 住房公积金提取 (合肥, 置业)
FUND_LOAN = "002021002000"  # 住房公积金个人住房贷款 (合肥, 置业)


@pytest.fixture
def eager_tasks():
    """Run queued Celery tasks in-process (they still switch to the schema they carry)."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def publish(eager_tasks, django_capture_on_commit_callbacks):
    """``publish(slug, basic_code, **local_overrides)`` → the published entry; its guide page
    and projection row exist afterwards (on-commit work run inside the tenant's schema)."""

    def run(slug: str, basic_code: str, **overrides):
        item = listing_entry(slug, basic_code, **overrides)
        with schema_context(slug), django_capture_on_commit_callbacks(execute=True):
            listings.publish_item(item, direct=True)
        return item

    return run


@pytest.fixture
def on_commit_in(eager_tasks, django_capture_on_commit_callbacks):
    """Run a callable inside a tenant's schema with its on-commit work executed there."""

    def run(slug: str, function, *args, **kwargs):
        with schema_context(slug), django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
