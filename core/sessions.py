"""Sessions in the cache, degrading to "please log in again" while Redis is down.

Loading a session Redis cannot return gives an empty one (the user is logged out, the page
still answers). Creating one (logging in) while Redis is down raises ``SessionUnavailable``,
which the region middleware turns into a 503 page asking to log in again later, instead of
Django's 10,000 futile attempts and a 500."""

from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore

from tenants.health import ServiceUnavailable


class SessionUnavailable(ServiceUnavailable):
    message = "登录服务暂时不可用（会话无法保存），请稍后重新登录"


class SessionStore(CacheSessionStore):
    def create(self):
        is_available = getattr(self._cache, "is_available", None)
        if is_available is not None and not is_available():
            raise SessionUnavailable("session cache unavailable")
        super().create()
