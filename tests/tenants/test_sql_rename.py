"""Moving pg_dump's DDL to another schema rewrites schema qualifiers and nothing else."""

import pytest

from tenants.sql_rename import UnsupportedDDL, rename_schema, statement_head, statements, tokens


def renamed(sql: str, new: str = "baohe") -> str:
    return rename_schema(tokens(sql), "template", new)


def test_qualifiers_and_regclass_literals_are_renamed_quoted():
    assert renamed(
        "ALTER TABLE ONLY template.x ALTER COLUMN id SET DEFAULT "
        "nextval('template.x_id_seq'::regclass);"
    ) == (
        'ALTER TABLE ONLY "baohe".x ALTER COLUMN id SET DEFAULT '
        "nextval('\"baohe\".x_id_seq'::regclass);"
    )
    assert renamed('CREATE INDEX i ON "template"."T" USING btree (a);', 'Odd"name') == (
        'CREATE INDEX i ON "Odd""name"."T" USING btree (a);'
    )


def test_literals_comments_columns_and_other_schemas_are_left_alone():
    sql = (
        "CREATE TABLE template.t (\n    template text DEFAULT 'template.x',"
        " note text DEFAULT E'template.\\' y', ref integer REFERENCES public.template(id)\n);"
    )
    assert renamed(sql) == sql.replace("TABLE template.t", 'TABLE "baohe".t')
    assert renamed("SELECT 1 -- template.x\n;") == "SELECT 1 -- template.x\n;"


def test_dumps_split_into_statements_without_comments_or_psql_commands():
    dump = "--\n-- Name: t\n--\n\\restrict abc\nSET x = 'a;b';\nCREATE TABLE template.t (a int);\n"
    found = statements(dump + "\\unrestrict abc\n")
    assert [statement_head(s) for s in found] == ["SET X", "CREATE TABLE"]
    assert "".join(text for _, text in found[0]) == "SET x = 'a;b';"


def test_function_bodies_are_refused():
    with pytest.raises(UnsupportedDDL):
        renamed("CREATE FUNCTION template.f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;")


def test_a_dump_keeps_its_objects_and_drops_the_session_and_schema_statements():
    from tenants.schema_clone import _renamed

    dump = (
        "SET search_path = '';\nCREATE SCHEMA template;\nCOMMENT ON SCHEMA template IS 'x';\n"
        "CREATE TABLE template.t (a int);\nCOMMENT ON COLUMN template.t.a IS 'template.t';\n"
    )
    assert _renamed(dump, "template", "baohe") == (
        'CREATE TABLE "baohe".t (a int);\nCOMMENT ON COLUMN "baohe".t.a IS \'template.t\';'
    )
    with pytest.raises(UnsupportedDDL):
        _renamed("CREATE VIEW template.v AS SELECT 1;", "template", "baohe")
