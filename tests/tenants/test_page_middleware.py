"""The locale and messages middleware (tenants.page_middleware): the site's one language whatever
the client asks for, Django's negotiation with more languages, and messages that still reach the
next request."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from tenants.page_middleware import LazyMessageMiddleware

pytestmark = pytest.mark.django_db


def test_a_page_is_in_simplified_chinese_whatever_the_client_asks(region_client):
    client = region_client("shushan")
    client.cookies["django_language"] = "en"
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert 'lang="zh-hans"' in response.content.decode() and "登录" in response.content.decode()
    # One language: the response does not vary on what the client asked for.
    assert "Accept-Language" not in response.get("Vary", "")


def test_with_two_languages_the_client_chooses(region_client, settings):
    settings.LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
    response = region_client("shushan").get("/healthz", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


def _through_middleware(view, request):
    def session_then_messages(request):
        return LazyMessageMiddleware(view)(request)

    return SessionMiddleware(session_then_messages)(request)


def test_a_message_added_in_one_request_is_shown_in_the_next(settings):
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
    factory = RequestFactory()

    def add(request):
        messages.success(request, "办件已提交")
        return HttpResponse("ok")

    first = _through_middleware(add, factory.get("/"))
    assert CookieStorage.cookie_name in first.cookies
    shown = []

    def show(request):
        shown.extend(str(m) for m in messages.get_messages(request))
        return HttpResponse("ok")

    second = factory.get("/")
    second.COOKIES[CookieStorage.cookie_name] = first.cookies[CookieStorage.cookie_name].value
    response = _through_middleware(show, second)
    assert shown == ["办件已提交"]
    assert response.cookies[CookieStorage.cookie_name].value == ""  # shown once, then deleted


def test_a_request_that_does_not_read_its_messages_keeps_them(settings):
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
    factory = RequestFactory()

    def add(request):
        messages.info(request, "请补正材料")
        return HttpResponse("ok")

    cookie = _through_middleware(add, factory.get("/")).cookies[CookieStorage.cookie_name].value
    request = factory.get("/")
    request.COOKIES[CookieStorage.cookie_name] = cookie
    response = _through_middleware(lambda request: HttpResponse("ok"), request)
    assert CookieStorage.cookie_name not in response.cookies  # neither stored nor deleted
    later = factory.get("/")
    later.COOKIES[CookieStorage.cookie_name] = cookie
    shown = []

    def show(request):
        shown.extend(str(m) for m in messages.get_messages(request))
        return HttpResponse("ok")

    _through_middleware(show, later)
    assert shown == ["请补正材料"]
