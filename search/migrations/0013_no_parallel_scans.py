"""No parallel scans of the search tables.

Searches and suggestions run generic plans (``search.prepared``), made without the values; for
a broad scope such a plan was parallel (Gather Merge, two workers): starting the workers took
10–15 ms of a province search that runs in 2 ms without them. A search reads a few thousand
rows through its indexes, where workers never pay; one web request uses one core."""

from django.db import migrations

TABLES = (
    "public.search_searchdocument",
    "public.search_suggestionsource",
    "public.search_suggestionterm",
    "public.search_suggestionprefix",
)
FORWARD = "".join(f"ALTER TABLE {table} SET (parallel_workers = 0);\n" for table in TABLES)
BACKWARD = "".join(f"ALTER TABLE {table} RESET (parallel_workers);\n" for table in TABLES)


class Migration(migrations.Migration):
    dependencies = [("search", "0012_region_candidate_indexes")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
