"""Session-wide tenants for the whole suite.

The test database is migrated once (public schema), the template schema is migrated once, and
the regions tests use are provisioned from the real demo configs: every region is a clone of the
template, never a fresh migration. Tests then run in transactions that roll back.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from tenants.config import load_configs
from tenants.provisioning import provision

# A province, a city and two of its counties: enough for isolation and the region chain.
SESSION_REGIONS = ["anhui", "hefei", "shushan", "yaohai"]


def region_files(*slugs: str) -> list[str]:
    root = settings.TENANT_CONFIG_DIR / "regions"
    return [str(root / f"{slug}.yaml") for slug in slugs]


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """Create the test database (always, also for tests that commit outside a test transaction,
    such as the Celery worker tests) and provision the session regions."""
    from django.test.utils import setup_databases, teardown_databases

    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        db_cfg = setup_databases(verbosity=verbosity, interactive=False, aliases={"default"})
        provision(load_configs(region_files(*SESSION_REGIONS)))
        from core.published.outbox import drain

        drain()  # provisioning asked for the (still empty) regions' guides to be synced
    yield
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        teardown_databases(db_cfg, verbosity=verbosity)


@pytest.fixture(autouse=True)
def _public_schema_between_tests():
    """Every test starts and ends in the public schema, and its first statement sets the
    search_path again, so no test inherits a session search_path set behind django-tenants'
    back (raw SQL in fixtures must still qualify public tables: tests/browser/identity_data.py)."""
    connection.set_schema_to_public()
    connection.search_path_set_schemas = None
    yield
    connection.set_schema_to_public()


def _session_staff() -> dict[str, list[str]]:
    """The session regions' users, each schema named (never the search_path's table)."""
    union = " UNION ALL ".join(
        f"SELECT '{slug}', username FROM \"{slug}\".auth_user" for slug in SESSION_REGIONS
    )
    staff = {slug: [] for slug in SESSION_REGIONS}
    with connection.cursor() as cursor:
        cursor.execute(union + " ORDER BY 1, 2")
        for slug, username in cursor.fetchall():
            staff[slug].append(username)
    return staff


def _uses_database(item) -> bool:
    return bool(
        {"django_db", "browser", "worker"} & {m.name for m in item.iter_markers()}
        or "django_db_blocker" in getattr(item, "fixturenames", ())
    )


@pytest.fixture(autouse=True)
def _catalogue_words_read_at_first_search():
    """Each test's first search reads the catalogue's words (search.vocabulary), so the
    five-minute re-read never lands between a test's warm-up and the statements it counts
    (it did in CI: 2 statements counted where 3 were expected)."""
    from search import vocabulary

    vocabulary.forget()


@pytest.fixture(scope="module", autouse=True)
def _session_staff_intact(request):
    """A module that commits data (browser, worker, raw SQL clean-ups) must leave the session
    regions' users as it found them: a clean-up that deletes in the wrong schema fails here,
    named, instead of much later in an unrelated test that logs in as the region's admin."""
    items = [item for item in request.session.items if item.module is request.module]
    if not any(_uses_database(item) for item in items):
        yield
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        before = _session_staff()
    yield
    with blocker.unblock():
        connection.set_schema_to_public()
        after = _session_staff()
    lost = {slug: sorted(set(before[slug]) - set(after[slug])) for slug in before}
    lost = {slug: names for slug, names in lost.items() if names}
    assert not lost, f"{request.module.__name__} removed session regions' users: {lost}"


@contextmanager
def in_schema(slug: str):
    with schema_context(slug):
        yield


@pytest.fixture
def region_client():
    """A test client whose requests are addressed to a region's host."""

    def make(slug: str | None) -> Client:
        host = f"{slug}.{settings.TENANT_BASE_DOMAIN}" if slug else settings.TENANT_BASE_DOMAIN
        return Client(HTTP_HOST=host)

    return make


def process_env(**extra_env) -> dict[str, str]:
    """The environment of another process of the project on the test database."""
    db = settings.DATABASES["default"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "core.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        **extra_env,
    }


def start_worker(queue: str, **extra_env) -> subprocess.Popen:
    """A real ``celery worker`` (solo pool) on the test database, consuming ``queue`` only;
    returns once it answers a ping. ``extra_env``: settings of its own (IMPORT_LEASE_SECONDS)."""
    env = process_env(CELERY_QUEUE=queue, **extra_env)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "core",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"{queue}@%h",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    from core.celery import app

    destination = [f"{queue}@{socket.gethostname()}"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("celery worker exited:\n" + process.stdout.read())
        if app.control.ping(destination=destination, timeout=1.0):
            return process
    process.kill()
    pytest.fail("celery worker did not answer a ping within 60 s")


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """Start `celery worker` against the test database and a queue of this run only."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    process = start_worker(queue)
    from core.celery import app

    app.conf.task_default_queue = queue
    yield queue
    process.terminate()
    process.wait(timeout=20)


def private_storage(settings, alias: str, location):
    """Storage ``alias`` (settings.STORAGES) writes to ``location`` for this test; returned."""
    settings.STORAGES = {
        **settings.STORAGES,
        alias: {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


@pytest.fixture
def case_files_dir(settings, tmp_path):
    """Case files of a test go to a directory of its own (returned)."""
    return private_storage(settings, "case_files", tmp_path / "case_files")
