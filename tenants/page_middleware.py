"""Django's locale and messages middleware without the work a request does not need.

Every page, cached or not, passes through both; their per-request cost was a tenth of a cached
page's CPU time (bench/plain_profile.py). What each still does is the same as Django's:
the active language is the site's, and messages added or read by a view are stored as before.
"""

from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.functional import SimpleLazyObject, empty


class OneLanguageMiddleware(LocaleMiddleware):
    """While the site has one language (``LANGUAGES``), activate it without negotiating: no
    language cookie, Accept-Language header or path prefix can select another, so the response
    does not vary on them (no ``Vary: Accept-Language``). With more languages, Django's."""

    def process_request(self, request):
        if len(settings.LANGUAGES) != 1:
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if len(settings.LANGUAGES) != 1:
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class LazyMessageMiddleware(MessageMiddleware):
    """Builds a request's message storage (a cookie signer, a session reader) when a view adds
    or reads a message, not for every request. A storage never built was never used: Django's
    ``update`` would neither store nor delete anything for it."""

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if type(messages) is SimpleLazyObject and messages._wrapped is empty:
            return response
        return super().process_response(request, response)
