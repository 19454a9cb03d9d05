"""Retention: searches (and what was opened from them) older than the setting are purged."""

from datetime import timedelta

import pytest
from django.conf import settings

from search.analytics import retention
from search.analytics.models import SearchClick, SearchEvent

from .conftest import SHUSHAN, event

pytestmark = pytest.mark.django_db


def test_the_default_retention_is_180_days():
    assert settings.SEARCH_ANALYTICS_RETENTION_DAYS == 180


def test_purge_deletes_searches_and_their_clicks_past_the_retention(settings):
    old = event(SHUSHAN, "旧", 1, ago=timedelta(days=181), opened=[1])
    kept = event(SHUSHAN, "新", 1, ago=timedelta(days=179), opened=[1, 2])
    assert retention.purge(batch=1) == 1
    assert list(SearchEvent.objects.values_list("pk", flat=True)) == [kept.pk]
    assert SearchClick.objects.filter(event=old.pk).count() == 0
    assert SearchClick.objects.filter(event=kept.pk).count() == 2
    settings.SEARCH_ANALYTICS_RETENTION_DAYS = 30
    assert retention.purge() == 1
    assert SearchEvent.objects.count() == 0 and SearchClick.objects.count() == 0


def test_a_retention_below_one_day_is_refused(settings):
    settings.SEARCH_ANALYTICS_RETENTION_DAYS = 0
    with pytest.raises(ValueError, match="SEARCH_ANALYTICS_RETENTION_DAYS must be at least 1"):
        retention.purge()
