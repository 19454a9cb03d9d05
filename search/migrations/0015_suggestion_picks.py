"""Each suggestion term keeps the guide it leads to at every wide scope (``picks``): the
platform, each province and city where it exists, and each province's own rows (a city whose
chain holds only its province's). A keystroke on a province or city host read, per term, the
term's source rows in the chain and below the region (~200 index rows at a city); it now reads
one value of the term row. ``search_suggestion_picks(texts)`` computes them from the source
rows, in the order of ``search.suggestions.ORDER`` (kind, preference, the chain before the
rows below, deeper first, region code, implementation code); the writer of the terms
(``search.suggestions.REFRESH_TERMS``) and the documents' delete trigger call it."""

from importlib import import_module

from django.db import migrations, models

PICKS = r"""
CREATE OR REPLACE FUNCTION public.search_suggestion_picks(texts text[])
RETURNS TABLE (text varchar, picks jsonb) LANGUAGE sql STABLE AS $$
    WITH source AS (
        SELECT s.text, s.kind, s.preference, s.depth, s.region_code, s.ancestor_codes,
               s.implementation_code
        FROM public.search_suggestionsource s WHERE s.text = ANY(texts)
    ), cities AS (  -- the cities where a text exists, at or below them
        SELECT DISTINCT s.text, c.code
        FROM source s, unnest(array_append(s.ancestor_codes, s.region_code)) AS c(code)
        WHERE c.code LIKE '%00' AND c.code NOT LIKE '%0000'
    ), scoped AS (
        SELECT s.*, '' AS scope, 0 AS part FROM source s  -- the platform
        UNION ALL  -- a province's or city's own rows: its chain
        SELECT s.*, s.region_code, 0 FROM source s WHERE s.depth < 3
        UNION ALL  -- the rows below a region
        SELECT s.*, a.code, 1 FROM source s, unnest(s.ancestor_codes) AS a(code)
        UNION ALL  -- a province's rows are in the chain of its cities
        SELECT s.*, c.code, 0 FROM source s
            JOIN cities c ON c.text = s.text AND left(c.code, 2) || '0000' = s.region_code
        WHERE s.depth = 1
        UNION ALL  -- and of a city where the text has no rows of its own
        SELECT s.*, 'own:' || s.region_code, 0 FROM source s WHERE s.depth = 1
    ), best AS (
        SELECT DISTINCT ON (s.text, s.scope) s.text, s.scope, s.implementation_code
        FROM scoped s
        ORDER BY s.text, s.scope, s.kind, s.preference, s.part, s.depth DESC, s.region_code,
                 s.implementation_code
    )
    SELECT b.text, jsonb_object_agg(b.scope, b.implementation_code) FROM best b GROUP BY b.text
$$;
"""

# migration 0008's trigger function (its text up to the trigger it creates), then the same
# with the picks recomputed beside the other columns
FORGET_BEFORE = import_module("search.migrations.0008_suggestion_delete_trigger").FORGET.split(
    "CREATE TRIGGER"
)[0]
FORGET = FORGET_BEFORE.replace(
    "SET kind = f.kind, regions = f.regions, under = f.under\n",
    "SET kind = f.kind, regions = f.regions, under = f.under, picks = p.picks\n",
).replace(
    "    ) f\n    WHERE t.text = f.text;",
    "    ) f JOIN public.search_suggestion_picks(gone) p ON p.text = f.text\n"
    "    WHERE t.text = f.text;",
)
assert FORGET.count("search_suggestion_picks(gone)") == 1 and "picks = p.picks" in FORGET

BACKFILL = """
UPDATE public.search_suggestionterm t SET picks = p.picks
FROM public.search_suggestion_picks(ARRAY(SELECT text FROM public.search_suggestionterm)) p
WHERE p.text = t.text
"""


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0014_matter_candidates"),
    ]

    operations = [
        migrations.AddField(
            model_name="suggestionterm",
            name="picks",
            field=models.JSONField(default=dict),
        ),
        migrations.RunSQL(PICKS, "DROP FUNCTION public.search_suggestion_picks(text[])"),
        migrations.RunSQL(FORGET, FORGET_BEFORE),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
