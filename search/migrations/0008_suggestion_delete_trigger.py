"""Suggestion rows follow their documents however a document is deleted (the backend, the ORM,
raw SQL): a statement-level trigger drops the deleted documents' source rows and recomputes
the terms they offered (search.suggestions)."""

from django.db import migrations

FORGET = """
CREATE OR REPLACE FUNCTION search_suggestion_forget() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    gone text[];
BEGIN
    WITH deleted AS (
        DELETE FROM public.search_suggestionsource s USING old_documents o
        WHERE s.document_id = o.id RETURNING s.text
    )
    SELECT array_agg(DISTINCT text) INTO gone FROM deleted;
    IF gone IS NULL THEN
        RETURN NULL;
    END IF;
    DELETE FROM public.search_suggestionterm t WHERE t.text = ANY(gone)
        AND NOT EXISTS (SELECT 1 FROM public.search_suggestionsource s WHERE s.text = t.text);
    UPDATE public.search_suggestionterm t
    SET kind = f.kind, regions = f.regions, under = f.under
    FROM (
        SELECT s.text, min(s.kind) AS kind, array_agg(DISTINCT s.region_code) AS regions,
               array_agg(DISTINCT u.code) AS under
        FROM public.search_suggestionsource s,
             unnest(array_append(s.ancestor_codes, s.region_code)) AS u(code)
        WHERE s.text = ANY(gone)
        GROUP BY s.text
    ) f
    WHERE t.text = f.text;
    RETURN NULL;
END $$;

CREATE TRIGGER search_suggestion_forget AFTER DELETE ON public.search_searchdocument
REFERENCING OLD TABLE AS old_documents
FOR EACH STATEMENT EXECUTE FUNCTION search_suggestion_forget();
"""

UNDO = """
DROP TRIGGER IF EXISTS search_suggestion_forget ON public.search_searchdocument;
DROP FUNCTION IF EXISTS search_suggestion_forget();
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0007_common_words")]

    operations = [migrations.RunSQL(FORGET, UNDO)]
