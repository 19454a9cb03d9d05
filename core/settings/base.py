"""Settings shared by every environment; values come from the environment (django-environ)."""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Tenants are routed by host name: "<slug>.<TENANT_BASE_DOMAIN>"; the base domain itself is the
# public (platform) host.
TENANT_BASE_DOMAIN = env("TENANT_BASE_DOMAIN", default="localhost")
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[TENANT_BASE_DOMAIN, f".{TENANT_BASE_DOMAIN}"]
)

# --- tenancy -------------------------------------------------------------------------------

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "core",
    "core.catalogue",
    "core.published",
    "core.metrics",
    "core.case_register",
    "core.identity",
    "oauth2_provider",
    "django.contrib.postgres",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "graphene_django",
    "search",
    "search.analytics",
    "api",
]

TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "core.listings",
    "core.uploads",
    "core.workbench",
    "core.cases",
    "cms",
]

INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Region"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# New tenants are cloned from this migrated template schema (a real tenant row that
# migrate_schemas keeps current), then their migrations are recorded as applied.
TENANT_BASE_SCHEMA = "template"
TENANT_CREATION_FAKES_MIGRATIONS = True
TENANT_TEMPLATE_SCHEMA = TENANT_BASE_SCHEMA
# How a new tenant's schema is made from the template: "replay" (the template's DDL, dumped with
# pg_dump once per migration state, replayed with the schema renamed: constant time however many
# schemas exist; tenants/schema_clone.py) or "django-tenants" (its clone_schema, which slows down
# as schemas accumulate). Replay falls back to django-tenants, with a warning, without a pg_dump
# at least as new as the server.
TENANT_CLONE_METHOD = env("TENANT_CLONE_METHOD", default="replay")
TENANT_CONFIG_DIR = Path(env("TENANT_CONFIG_DIR", default=str(BASE_DIR / "tenant_configs")))

DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
# Skip "SET search_path" when the connection is already in the wanted schema.
TENANT_LIMIT_SET_CALLS = True
# Host routing uses an in-process host map (tenants.routing); a region or domain changed by
# another process reaches this one within this many seconds (this process's own at once).
ROUTING_STAMP_CHECK_SECONDS = env.float("ROUTING_STAMP_CHECK_SECONDS", default=2.0)

MIDDLEWARE = [
    "tenants.middleware.RegionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tenants.page_middleware.OneLanguageMiddleware",  # Django's LocaleMiddleware, one language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tenants.page_middleware.LazyMessageMiddleware",  # storage built when messages are used
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tenants.middleware.RegionRedirectMiddleware",  # Wagtail's, on region hosts only
    "core.identity.middleware.IdentityHostMiddleware",  # id.<base domain>: the OIDC provider
]

ROOT_URLCONF = "core.urls_tenants"
PUBLIC_SCHEMA_URLCONF = "core.urls_public"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "core" / "templates"],
        "OPTIONS": {
            # APP_DIRS, with the few untranslated words of Wagtail's admin templates in Chinese
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "core.workbench.template_patches.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tenants.context_processors.region",
            ],
        },
    },
]

WSGI_APPLICATION = "core.wsgi.application"

# --- services ------------------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/zwfw"),
}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# Persistent connections (one per gunicorn worker thread, docs/operations.md), checked before
# reuse so that a PostgreSQL restart costs one reconnect, not an error. dev.py turns them off.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

# Every alias must use the tenant-aware key function (checked by tenants.checks): Wagtail caches
# site root paths and renditions under keys that do not name the tenant.
TENANT_CACHE_KEY_FUNCTION = "django_tenants.cache.make_key"
# Both aliases fail open (core.cache_backends): with Redis unreachable, pages are served from
# PostgreSQL; short socket timeouts bound a hung Redis, a breaker skips it for a few seconds.
REDIS_SOCKET_OPTIONS = {
    "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.5),
    "socket_timeout": env.float("REDIS_TIMEOUT", default=1.0),
}
CACHES = {
    "default": {
        "BACKEND": "core.cache_backends.FailOpenRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": REDIS_SOCKET_OPTIONS,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="zwfw"),
        "KEY_FUNCTION": TENANT_CACHE_KEY_FUNCTION,
        "TIMEOUT": 300,
    },
    "sessions": {
        "BACKEND": "core.cache_backends.FailOpenRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": REDIS_SOCKET_OPTIONS,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="zwfw") + "-sess",
        "KEY_FUNCTION": TENANT_CACHE_KEY_FUNCTION,
        "TIMEOUT": 60 * 60 * 12,
    },
}
# Cache sessions that degrade to "please log in again" while Redis is down (core.sessions).
SESSION_ENGINE = "core.sessions"
SESSION_CACHE_ALIAS = "sessions"

# --- Celery (tenant-schemas-celery carries the schema in the task headers) -------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="zwfw")
CELERY_TIMEZONE = "Asia/Shanghai"

# --- i18n ----------------------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Our Simplified Chinese for what Wagtail's zh_Hans catalogue lacks (compiled by `make install`).
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- static and media ----------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static_collected")
STATICFILES_DIRS = [BASE_DIR / "core" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Uploaded import files: private (never under MEDIA_URL), read back by the admin and workers.
    "imports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("IMPORT_UPLOAD_ROOT", default=BASE_DIR / "private")},
    },
    # Case material files (core.cases.uploads): private, never under MEDIA_URL; served only
    # through the authorising view. Production may point CASE_FILES_BACKEND at an
    # S3-compatible storage class and give its options in CASE_FILES_OPTIONS (JSON).
    "case_files": {
        "BACKEND": env("CASE_FILES_BACKEND", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json(
            "CASE_FILES_OPTIONS",
            default={
                "location": str(env.path("CASE_FILES_ROOT", default=BASE_DIR / "private_files")),
                "base_url": "/cases/files/",
            },
        ),
    },
}
# The admin sidebar is kept per user this many seconds (core.workbench, 0: built every page).
ADMIN_SIDEBAR_CACHE_SECONDS = env.int("ADMIN_SIDEBAR_CACHE_SECONDS", default=30)
CASE_UPLOAD_MAX_MB = env.int("CASE_UPLOAD_MAX_MB", default=10)  # per file
# 实名等级 an applicant needs (core.cases.eligibility): 2 (实名核验) unless the province's
# tenant config says otherwise (cases.min_identity_level).
CASE_MIN_IDENTITY_LEVEL = env.int("CASE_MIN_IDENTITY_LEVEL", default=2)
# Uploads never attached to a submitted case are removed after this many hours (beat task
# "cases-sweep-uploads", core.cases.sweeper).
CASE_UPLOAD_RETENTION_HOURS = env.int("CASE_UPLOAD_RETENTION_HOURS", default=48)
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"

# --- Wagtail -------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "政务服务网"
# Empty on purpose: every region has its own host, so links in mails (password reset) are built
# from the requesting host and scheme (request.get_host(), request.is_secure()), never from one
# fixed URL. (None would make Wagtail warn, wagtailadmin.W003.)
WAGTAILADMIN_BASE_URL = ""
# The host of a link is the request's Host header, checked against ALLOWED_HOSTS; a client's
# X-Forwarded-Host is never believed.
USE_X_FORWARDED_HOST = False
WAGTAIL_I18N_ENABLED = False
# No avatar requests to gravatar.com: the admin runs on 政务外网 (default or uploaded avatars).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False  # it links to guide.wagtail.org (English, internet)
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin home would ask releases.wagtail.org
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Wagtail 7 runs background work through django-tasks; keep it immediate, because its queue
# does not carry the tenant schema. Our own jobs go through tenant-schemas-celery.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGIN_URL = "wagtailadmin_login"

# Mail (password reset, moderation notices): SMTP from the environment; development prints
# mails to the console (dev.py); under production settings check zwfw.E001 fails without EMAIL_HOST.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"noreply@{TENANT_BASE_DOMAIN}")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", default="WARNING")},
    },
}

# Portal pages' rendered fragments cached under the projection's stamps (cms/fragments.py).
PORTAL_FRAGMENT_CACHE = env.bool("PORTAL_FRAGMENT_CACHE", default=True)
PORTAL_FRAGMENT_TIMEOUT = env.int("PORTAL_FRAGMENT_TIMEOUT", default=300)

# Port of each region's Wagtail Site (its absolute URLs); development serves on 8000.
WAGTAIL_SITE_PORT = env.int("WAGTAIL_SITE_PORT", default=80)

# GraphQL (api/): the schema module and middleware are configured in api/ itself.
GRAPHENE = {"SCHEMA": "api.schema.schema"}
# Origins (scheme://host[:port]) besides the request's own host whose browsers may send GraphQL
# mutations (docs/api.md); requests without Origin (apps, servers) are not affected.
GRAPHQL_ALLOWED_ORIGINS = env.list("GRAPHQL_ALLOWED_ORIGINS", default=[])

# Proxies whose X-Forwarded-For is believed (addresses or networks, e.g. "10.0.0.0/8"): the
# client address is then the right-most hop that is not one of them (core.published.ratings).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Ratings one client address may give per day, on all guides and hosts together.
RATING_DAILY_LIMIT = env.int("RATING_DAILY_LIMIT", default=30)

# Limits on import files (core.catalogue.exchange.limits), checked before any parser runs;
# a file past one is refused with a message naming it and the limit (docs/security.md).
IMPORT_MAX_FILE_MB = env.int("IMPORT_MAX_FILE_MB", default=100)  # JSON or xlsx on disk
IMPORT_MAX_INFLATED_MB = env.int("IMPORT_MAX_INFLATED_MB", default=300)  # xlsx, all parts unzipped
IMPORT_MAX_COMPRESSION_RATIO = env.int("IMPORT_MAX_COMPRESSION_RATIO", default=100)  # xlsx part
IMPORT_MAX_JSON_DEPTH = env.int("IMPORT_MAX_JSON_DEPTH", default=20)  # the formats need 6
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)  # per sheet, or records in JSON
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=200)  # per sheet
# Admin uploads up to this size are previewed and imported in the request; larger ones in Celery.
IMPORT_INLINE_MAX_KB = env.int("IMPORT_INLINE_MAX_KB", default=512)
# A running apply holds a lease on its job and renews it every third of this (core.uploads.lease);
# a job whose lease ran out is resumed by beat (the apply is atomic: nothing of it was written)
# until it has been started this many times, then marked failed for the clerk to retry.
IMPORT_LEASE_SECONDS = env.int("IMPORT_LEASE_SECONDS", default=60)
IMPORT_APPLY_MAX_ATTEMPTS = env.int("IMPORT_APPLY_MAX_ATTEMPTS", default=2)

# migrate_schemas skips tenants whose recorded migrations already match the template's.
GET_EXECUTOR_FUNCTION = "tenants.migration_executor.get_executor"

# Periodic jobs (celery beat, run by every deployment beside the workers; docs/operations.md):
# - drain the guide-sync outbox (woken after every commit too; this catches lost wake-ups),
# - reconcile entries ↔ pages ↔ projection ↔ search documents and repair drift,
# - retry or fail catalogue fan-out jobs and finish half-done fan-outs,
# - resume or fail import jobs whose lease ran out.
SYNC_DRAIN_SECONDS = env.float("SYNC_DRAIN_SECONDS", default=30.0)
RECONCILE_SECONDS = env.float("RECONCILE_SECONDS", default=300.0)
SYNC_JOB_MAX_ATTEMPTS = env.int("SYNC_JOB_MAX_ATTEMPTS", default=6)
SYNC_JOB_BACKOFF_SECONDS = env.int("SYNC_JOB_BACKOFF_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "drain-sync-requests": {
        "task": "published.drain_sync_requests", "schedule": SYNC_DRAIN_SECONDS,
    },
    "reconcile-guides": {"task": "published.reconcile_guides", "schedule": RECONCILE_SECONDS},
    "reconcile-sync-jobs": {"task": "catalogue.reconcile_sync_jobs", "schedule": RECONCILE_SECONDS},
    # resume or fail import jobs whose worker died mid-apply (core.uploads.reconcile)
    "reconcile-import-jobs": {"task": "uploads.reconcile_import_jobs", "schedule": IMPORT_LEASE_SECONDS},
    # yesterday's 效能 figures of every region (core.metrics), idempotent
    "metric-snapshots": {"task": "metrics.snapshot_day", "schedule": crontab(hour=1, minute=30)},
    # 电子监察: raise and resolve alerts of every region (core.metrics.alerts)
    "alerts": {"task": "metrics.evaluate_alerts", "schedule": crontab(minute=15)},
    # search analytics (search.analytics.tasks): write buffered searches, purge old ones, digest
    "search-analytics-flush": {
        "task": "search_analytics.flush",
        "schedule": env.float("SEARCH_ANALYTICS_FLUSH_SECONDS", default=30.0),
    },
    # uploads never attached to a case, older than CASE_UPLOAD_RETENTION_HOURS (core.cases.sweeper)
    "cases-sweep-uploads": {"task": "cases.sweep_uploads", "schedule": crontab(minute=40)},
    "search-analytics-purge": {"task": "search_analytics.purge", "schedule": crontab(hour=3, minute=10)},
    # common words from document frequencies; suggestion terms if missing (search.tasks)
    "search-refresh-derived": {"task": "search.refresh_derived", "schedule": crontab(hour=3, minute=40)},
    "search-analytics-digest": {
        "task": "search_analytics.weekly_digest", "schedule": crontab(day_of_week=1, hour=8, minute=0),
    },
}  # fmt: skip

# Unified search: "postgres" (default) or "elasticsearch" (needs ELASTICSEARCH_URL).
SEARCH_BACKEND = env("SEARCH_BACKEND", default="postgres")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
# Searches give Elasticsearch this long (seconds, no retry) before falling back to PostgreSQL,
# then skip it for the cool-down (search.backends.elastic's circuit breaker).
SEARCH_ES_TIMEOUT = env.float("SEARCH_ES_TIMEOUT", default=1.0)
SEARCH_ES_COOLDOWN = env.float("SEARCH_ES_COOLDOWN", default=30.0)
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="zwfw")
# Suggestions and county-scope searches run as prepared statements with generic plans, once per
# database session (search.prepared); off behind a pooler that does not keep sessions.
SEARCH_PREPARED_STATEMENTS = env.bool("SEARCH_PREPARED_STATEMENTS", default=True)

# Search analytics (search.analytics, docs/search.md): searches and opened results, no personal
# data. Recording pushes onto a Redis list (SEARCH_ANALYTICS_REDIS_URL, default REDIS_URL) that
# the beat task "search-analytics-flush" writes to PostgreSQL; rows older than the retention are
# purged nightly.
SEARCH_ANALYTICS_ENABLED = env.bool("SEARCH_ANALYTICS_ENABLED", default=True)
SEARCH_ANALYTICS_RETENTION_DAYS = env.int("SEARCH_ANALYTICS_RETENTION_DAYS", default=180)
SEARCH_ANALYTICS_REDIS_URL = env("SEARCH_ANALYTICS_REDIS_URL", default="")
SEARCH_ANALYTICS_REDIS_TIMEOUT = env.float("SEARCH_ANALYTICS_REDIS_TIMEOUT", default=0.2)
SEARCH_ANALYTICS_BUFFER_MAX = env.int("SEARCH_ANALYTICS_BUFFER_MAX", default=200_000)
SEARCH_ANALYTICS_DIGEST = env.bool("SEARCH_ANALYTICS_DIGEST", default=True)

# --- 统一身份认证 (core.identity, docs/identity.md) -------------------------------------------
# Keys from the environment; development and tests generate them into .identity/ (git-ignored),
# which the identity.E001 check refuses under production settings.
from core.identity.keys import dev_keys  # noqa: E402

_IDENTITY_KEY_NAMES = (
    "IDENTITY_FIELD_KEYS", "IDENTITY_HASH_KEY", "IDENTITY_CLIENT_SECRET_KEY", "OIDC_RSA_PRIVATE_KEY",
)  # fmt: skip
_DEV_KEYS = {} if all(env(k, default="") for k in _IDENTITY_KEY_NAMES) else dev_keys(BASE_DIR)
IDENTITY_KEYS_FROM_DEV_FILE = bool(_DEV_KEYS)
# Staff keep Django's default hasher; citizen passwords name Argon2 (core.identity.accounts).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
IDENTITY_REQUIRE_ENV_KEYS = False  # production.py: True
# "kid:base64(32 bytes)" comma-separated, the first encrypts (rotation: docs/identity.md)
IDENTITY_FIELD_KEYS = env("IDENTITY_FIELD_KEYS", default=_DEV_KEYS.get("field_keys", ""))
IDENTITY_HASH_KEY = env("IDENTITY_HASH_KEY", default=_DEV_KEYS.get("hash_key", ""))
# Region portal clients' secrets are HMAC(IDENTITY_CLIENT_SECRET_KEY, client_id): provisioning
# registers them, the portal derives its own, nothing is stored in plaintext.
IDENTITY_CLIENT_SECRET_KEY = env(
    "IDENTITY_CLIENT_SECRET_KEY", default=_DEV_KEYS.get("client_secret_key", "")
)
IDENTITY_HOST = env("IDENTITY_HOST", default=f"id.{TENANT_BASE_DOMAIN}")
# Where browsers reach the provider, and where servers do (back channel: token, JWKS).
IDENTITY_SCHEME = env("IDENTITY_SCHEME", default="https")
IDENTITY_PORT = env.int("IDENTITY_PORT", default=0)  # 0: the scheme's default port
IDENTITY_BACKCHANNEL_URL = env("IDENTITY_BACKCHANNEL_URL", default="")
IDENTITY_API_AUDIENCE = env(
    "IDENTITY_API_AUDIENCE", default=f"https://{TENANT_BASE_DOMAIN}/graphql/"
)
IDENTITY_API_SCOPE = "api"
IDENTITY_SMS_GATEWAY = env("IDENTITY_SMS_GATEWAY", default="core.identity.sms.ConsoleSmsGateway")
IDENTITY_DEV_MAILBOX = env.bool("IDENTITY_DEV_MAILBOX", default=False)
IDENTITY_VERIFIER = env("IDENTITY_VERIFIER", default="core.identity.verifiers.DemoIdentityVerifier")
IDENTITY_MAX_FAILED_LOGINS = env.int("IDENTITY_MAX_FAILED_LOGINS", default=5)
IDENTITY_LOCKOUT_MINUTES = env.int("IDENTITY_LOCKOUT_MINUTES", default=15)

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": env.str("OIDC_RSA_PRIVATE_KEY", multiline=True,
                                    default=_DEV_KEYS.get("rsa_private_key", "")),
    # Rotation: the previous key stays here (published in the JWKS) until its tokens expired.
    "OIDC_RSA_PRIVATE_KEYS_INACTIVE": [
        k.replace("\\n", "\n") for k in env.list("OIDC_RSA_PRIVATE_KEYS_INACTIVE", default=[])
    ],
    "OAUTH2_VALIDATOR_CLASS": "core.identity.oidc.Validator",
    "SCOPES": {"openid": "身份标识", "profile": "姓名和实名等级", "api": "以您的身份使用政务服务接口"},
    "DEFAULT_SCOPES": ["openid", "profile"],
    "PKCE_REQUIRED": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("IDENTITY_ACCESS_TOKEN_SECONDS", default=3600),
    "ID_TOKEN_EXPIRE_SECONDS": 3600,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 30 * 24 * 3600,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OIDC_RP_INITIATED_LOGOUT_STRICT_REDIRECT_URIS": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
}  # fmt: skip
