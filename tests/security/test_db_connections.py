"""The development server must not leak PostgreSQL connections.

Before: CONN_MAX_AGE=60 under runserver, which serves every request on a new thread; each left
its connection open (25 requests → many idle connections) until PostgreSQL refused clients."""

import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from tests.security.dev_server import dev_server, get

pytestmark = pytest.mark.django_db

REQUESTS = 25


def connections_of(application_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [application_name]
        )
        return cursor.fetchone()[0]


def test_runserver_closes_its_connections_after_each_request():
    db = settings.DATABASES["default"]
    name = f"devserver-{uuid.uuid4().hex[:8]}"
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}?application_name={name}"
    with dev_server(url) as port:
        for _ in range(REQUESTS):
            assert get(port, "/healthz")[0] == 200
        time.sleep(0.5)
        assert connections_of(name) == 0
