"""A small statistics target on the trigram title.

The title is only matched by pg_trgm's ``%>``, whose selectivity function (``matchingsel``)
evaluates the operator on every most-common value and histogram entry of the column's
statistics: with the default target (100 + 100 entries) that was 0.45 ms of a search's 0.94 ms
of planning at 200,000 guides. With 10 entries it skips the histogram (it needs 100) and takes
its default selectivity, which the search's plans do not depend on (bench/RESULTS.md)."""

from django.db import migrations

FORWARD = """
ALTER TABLE public.search_searchdocument ALTER COLUMN title SET STATISTICS 10;
ANALYZE public.search_searchdocument (title);
"""
BACKWARD = """
ALTER TABLE public.search_searchdocument ALTER COLUMN title SET STATISTICS -1;
ANALYZE public.search_searchdocument (title);
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0010_suggestion_prefixes")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
