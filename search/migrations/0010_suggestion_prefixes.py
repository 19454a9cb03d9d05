"""Suggestion prefixes: every prefix (up to 8 characters) of a suggestion term's text and of
its pinyin lexemes, with the term's kind and length, so a keystroke reads its terms in
suggestion order from one btree (search.suggestions). A row trigger on the term table keeps
them in step with every writer of that table (indexing, rebuild, the delete trigger of 0008)."""

from django.db import migrations, models

PREFIX_MAX = 8  # search.suggestions.PREFIX_MAX

PREFIXES = f"""
CREATE OR REPLACE FUNCTION search_suggestion_prefixes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM public.search_suggestionprefix WHERE text = OLD.text;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO public.search_suggestionprefix (prefix, pinyin, kind, length, text)
        SELECT DISTINCT left(w.word, n), w.pinyin, NEW.kind, length(NEW.text), NEW.text
        FROM (SELECT NEW.text AS word, false AS pinyin
              UNION SELECT lexeme, true FROM unnest(NEW.pinyin)) w,
             generate_series(1, LEAST(length(w.word), {PREFIX_MAX})) AS n;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_suggestion_prefixes AFTER INSERT OR DELETE ON public.search_suggestionterm
FOR EACH ROW EXECUTE FUNCTION search_suggestion_prefixes();
CREATE TRIGGER search_suggestion_prefixes_update AFTER UPDATE ON public.search_suggestionterm
FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD.kind IS DISTINCT FROM NEW.kind
                   OR OLD.pinyin IS DISTINCT FROM NEW.pinyin)
EXECUTE FUNCTION search_suggestion_prefixes();
-- the terms already there
INSERT INTO public.search_suggestionprefix (prefix, pinyin, kind, length, text)
SELECT DISTINCT left(w.word, n), w.pinyin, t.kind, length(t.text), t.text
FROM public.search_suggestionterm t,
     LATERAL (SELECT t.text AS word, false AS pinyin
              UNION SELECT lexeme, true FROM unnest(t.pinyin)) w,
     generate_series(1, LEAST(length(w.word), {PREFIX_MAX})) AS n;
"""
UNDO = """
DROP TRIGGER IF EXISTS search_suggestion_prefixes ON public.search_suggestionterm;
DROP TRIGGER IF EXISTS search_suggestion_prefixes_update ON public.search_suggestionterm;
DROP FUNCTION IF EXISTS search_suggestion_prefixes();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0009_suggestion_pick_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SuggestionPrefix",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("prefix", models.CharField(max_length=20)),
                ("pinyin", models.BooleanField()),
                ("kind", models.PositiveSmallIntegerField()),
                ("length", models.PositiveSmallIntegerField()),
                ("text", models.CharField(max_length=200)),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["prefix", "pinyin", "kind", "length", "text"],
                        name="search_suggestprefix_order",
                    ),
                    models.Index(fields=["text"], name="search_suggestprefix_text"),
                ],
            },
        ),
        migrations.RunSQL(PREFIXES, UNDO),
    ]
