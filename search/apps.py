from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save

# Typos: looser trigram matches than pg_trgm's default 0.6. Set once per connection, so that a
# search is one statement (no transaction for a SET LOCAL). pg_trgm's library is loaded first (a
# call of one of its functions): a SET before that only makes a placeholder, which the library
# replaced with its default 0.6 when a parallel operation (a parallel VACUUM) loaded it, and the
# session then ranked with 0.6 (held-out fresh MRR@10 0.928 instead of 0.937, bench/search.py).
# (Guarded: a database whose migrations have not created the extension yet still connects.)
WORD_SIMILARITY_THRESHOLD = 0.5
TRIGRAM_THRESHOLD = f"""
DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        PERFORM word_similarity('', '');
    END IF;
END $$;
SET pg_trgm.word_similarity_threshold = {WORD_SIMILARITY_THRESHOLD};
"""
# Generic plans for prepared statements: only search's own are prepared (search.prepared).
GENERIC_PLANS = "SET plan_cache_mode = force_generic_plan"


def set_search_session(sender, connection, **kwargs):
    """The trigram threshold and generic plans, on the raw connection: django-tenants' cursor
    wants a schema, which is not set yet."""
    if connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor:
            cursor.execute(TRIGRAM_THRESHOLD)
            cursor.execute(GENERIC_PLANS)


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "统一搜索"

    def ready(self):
        from core.published.signals import collect_drift, guide_synced

        from . import caching, checks, signals  # noqa: F401  (checks register themselves)
        from .models import BestBet, Synonym

        guide_synced.connect(signals.guides_synced, dispatch_uid="search.synced")
        collect_drift.connect(signals.report_search_drift, dispatch_uid="search.drift")
        for model in (Synonym, BestBet):
            for signal in (post_save, post_delete):
                signal.connect(caching.dictionary_changed, sender=model,
                               dispatch_uid=f"search.{model.__name__}.{signal is post_save}")  # fmt: skip
        connection_created.connect(set_search_session, dispatch_uid="search.trigram")
