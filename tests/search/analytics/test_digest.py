"""The weekly digest to province admins."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from search.analytics import digest

from .conftest import SHUSHAN, YAOHAI, event

pytestmark = pytest.mark.django_db

MONDAY = timezone.make_aware(datetime(2026, 11, 23, 8, 0))


def test_last_weeks_failing_queries_are_mailed_to_the_province_admins(mailoutbox, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MONDAY)
    event(SHUSHAN, "小吃店执照", 0, ago=timedelta(days=2))
    event(YAOHAI, "小吃店执照", 0, ago=timedelta(days=3))
    event(SHUSHAN, "身份证", 2, ago=timedelta(days=1), opened=[1])
    event(SHUSHAN, "上上周", 0, ago=timedelta(days=8))
    event(SHUSHAN, "本周", 0, ago=timedelta(hours=1))
    assert digest.send_all() == 1
    [mail] = mailoutbox
    assert mail.to == ["admin@anhui.example.gov.cn"]
    assert mail.subject == "【搜索分析】安徽省上周搜索周报"
    assert "2026-11-16 至 2026-11-22" in mail.body
    assert "共 3 次搜索，无结果 2 次，打开了结果 1 次。" in mail.body
    assert "  小吃店执照（2 次）" in mail.body
    assert "上上周" not in mail.body and "本周" not in mail.body


def test_no_searches_no_mail(mailoutbox, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MONDAY)
    assert digest.send_all() == 0
    assert mailoutbox == []
