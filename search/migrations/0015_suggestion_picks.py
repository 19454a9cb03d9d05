"""Each suggestion term keeps the guide it leads to at every wide scope (``picks``): the
platform, each province and city where it exists, and each province's own rows (a city whose
chain holds only its province's); and in the chain of each region where it exists
(``chain_picks``: the region's rows and its ancestors', what a county host offers). A keystroke
read, per term, the term's source rows in the chain and below the region (~200 index rows at a
city, ~120 at a county); it now reads one value of the term row.
``search_suggestion_picks(texts)`` computes both from the source rows, in suggestion order:
kind, preference, the chain before the rows below the region, deeper first, region code,
implementation code (C-collated, as search's locality key); the writer of the terms
(``search.suggestions.REFRESH_TERMS``) and the documents' delete trigger call it."""

from importlib import import_module

from django.db import migrations, models

PICKS = r"""
CREATE OR REPLACE FUNCTION public.search_suggestion_picks(texts text[])
RETURNS TABLE (text varchar, picks jsonb, chain_picks jsonb) LANGUAGE sql STABLE AS $$
    WITH source AS (  -- per text and region its best row (in a region: kind, preference,
                      -- implementation code), so that a term of 4,841 rows is 121 here
        SELECT s.text, s.region_code, min(s.depth) AS depth,
               min(s.ancestor_codes) AS ancestor_codes,
               min((chr(48 + s.kind) || lpad(s.preference::text, 7, '0') || s.implementation_code)
                   COLLATE "C") AS best
        FROM public.search_suggestionsource s WHERE s.text = ANY(texts)
        GROUP BY s.text, s.region_code
    ), keyed AS (
        SELECT s.text, s.depth, s.region_code, s.ancestor_codes, left(s.best, 8) AS rank,
               chr(57 - s.depth) || rpad(s.region_code, 6) || substr(s.best, 9) AS place
        FROM source s
    ), cities AS (
        SELECT DISTINCT s.text, c.code
        FROM keyed s, unnest(array_append(s.ancestor_codes, s.region_code)) AS c(code)
        WHERE c.code LIKE '%00' AND c.code NOT LIKE '%0000'
    ), scoped AS (
        SELECT s.text, '' AS scope, s.rank || '0' || s.place AS key FROM keyed s
        UNION ALL
        SELECT s.text, s.region_code, s.rank || '0' || s.place FROM keyed s WHERE s.depth < 3
        UNION ALL
        SELECT s.text, a.code, s.rank || '1' || s.place
        FROM keyed s, unnest(s.ancestor_codes) AS a(code)
        UNION ALL
        SELECT s.text, c.code, s.rank || '0' || s.place FROM keyed s
            JOIN cities c ON c.text = s.text AND left(c.code, 2) || '0000' = s.region_code
        WHERE s.depth = 1
        UNION ALL
        SELECT s.text, 'own:' || s.region_code, s.rank || '0' || s.place FROM keyed s
        WHERE s.depth = 1
    ), best AS (
        SELECT s.text, s.scope, min(s.key COLLATE "C") AS key FROM scoped s GROUP BY 1, 2
    ), chained AS (  -- a region's chain: its rows and its ancestors' (a county host's pick)
        SELECT k.text, k.region_code AS scope, min((r.rank || r.place) COLLATE "C") AS key
        FROM keyed k CROSS JOIN LATERAL unnest(array_append(k.ancestor_codes, k.region_code))
             AS c(code) JOIN keyed r ON r.text = k.text AND r.region_code = c.code
        GROUP BY 1, 2
    )
    SELECT b.text, b.picks, c.picks
    FROM (SELECT text, jsonb_object_agg(scope, substr(key, 17)) AS picks FROM best
          GROUP BY text) b
    JOIN (SELECT text, jsonb_object_agg(scope, substr(key, 16)) AS picks FROM chained
          GROUP BY text) c ON c.text = b.text
$$;
"""

# The terms' writers (search.suggestions.LOCK_TERMS, this trigger) serialise per text before
# they compute, on the term rows (in text order): a writer whose statement read the source rows
# before another committed would otherwise write picks naming a deleted document over the
# other's.
LOCK_GONE = (
    "PERFORM 1 FROM public.search_suggestionterm WHERE text = ANY(gone) ORDER BY text FOR UPDATE;"
)

# migration 0008's trigger function (its text up to the trigger it creates), then the same
# with the picks recomputed beside the other columns
FORGET_BEFORE = import_module("search.migrations.0008_suggestion_delete_trigger").FORGET.split(
    "CREATE TRIGGER"
)[0]
FORGET = FORGET_BEFORE.replace(
    "    DELETE FROM public.search_suggestionterm t WHERE t.text = ANY(gone)\n",
    f"    {LOCK_GONE}\n    DELETE FROM public.search_suggestionterm t WHERE t.text = ANY(gone)\n",
).replace(
    "SET kind = f.kind, regions = f.regions, under = f.under\n",
    "SET kind = f.kind, regions = f.regions, under = f.under, picks = p.picks,"
    " chain_picks = p.chain_picks\n",
).replace(
    "    ) f\n    WHERE t.text = f.text;",
    "    ) f JOIN public.search_suggestion_picks(gone) p ON p.text = f.text\n"
    "    WHERE t.text = f.text;",
)
assert FORGET.count("search_suggestion_picks(gone)") == 1 and "picks = p.picks" in FORGET
assert FORGET.count("FOR UPDATE") == 1

BACKFILL = """
UPDATE public.search_suggestionterm t SET picks = p.picks, chain_picks = p.chain_picks
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
        migrations.AddField(
            model_name="suggestionterm",
            name="chain_picks",
            field=models.JSONField(default=dict),
        ),
        migrations.RunSQL(PICKS, "DROP FUNCTION public.search_suggestion_picks(text[])"),
        migrations.RunSQL(FORGET, FORGET_BEFORE),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
